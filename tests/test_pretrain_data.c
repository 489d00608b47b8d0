/* Tests of pretrain_data.h: sentence pairs as create_pretraining_data.py
 * makes them, checked by rebuilding where every token came from, and the
 * batches handed to the model.
 *
 * The synthetic corpus gives every token of the text its own vocabulary
 * entry "tK", K its place in the whole text, so an instance's original
 * ids say exactly which document, sentence and token each came from. */
#include "corpus.h"
#include "error.h"
#include "pretrain_data.h"
#include "softmax.h"
#include "testutil.h"
#include "vocab_train.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_ID 5  /* after [PAD] [UNK] [CLS] [SEP] [MASK] */
#define CLS 2
#define SEP 3

typedef struct {
    Corpus c;
    Tokenizer tok;
    int n_tokens;
    int *doc_of;       /* (n_tokens) document of token K */
    int *sent_of;      /* (n_tokens) sentence of token K, over all docs */
    int *sent_first;   /* (n_sentences + 1) first token of each sentence */
} Synth;

/* n_docs documents of 1 .. max_sent sentences of 1 .. max_len tokens. */
static void synth_make(Synth *s, int n_docs, int max_sent, int max_len,
                       uint64_t seed)
{
    memset(s, 0, sizeof *s);
    Rng rng;
    rng_seed(&rng, seed);
    int *n_sent = malloc((size_t)n_docs * sizeof *n_sent);
    int total_sent = 0;
    for (int d = 0; d < n_docs; d++) {
        n_sent[d] = 1 + rng_int(&rng, max_sent);
        total_sent += n_sent[d];
    }
    int *len = malloc((size_t)total_sent * sizeof *len);
    for (int i = 0; i < total_sent; i++) {
        len[i] = 1 + rng_int(&rng, max_len);
        s->n_tokens += len[i];
    }
    s->doc_of = malloc((size_t)s->n_tokens * sizeof *s->doc_of);
    s->sent_of = malloc((size_t)s->n_tokens * sizeof *s->sent_of);
    s->sent_first = malloc(((size_t)total_sent + 1) * sizeof(int));
    s->c.sentences = malloc((size_t)total_sent * sizeof(char *));
    s->c.doc_start = malloc(((size_t)n_docs + 1) * sizeof(int));
    s->c.n_docs = n_docs;
    s->c.n_sentences = total_sent;
    int k = 0, si = 0;
    for (int d = 0; d < n_docs; d++) {
        s->c.doc_start[d] = si;
        for (int j = 0; j < n_sent[d]; j++, si++) {
            char *text = malloc((size_t)len[si] * 12 + 1), *p = text;
            s->sent_first[si] = k;
            for (int t = 0; t < len[si]; t++, k++) {
                p += sprintf(p, t ? " t%d" : "t%d", k);
                s->doc_of[k] = d;
                s->sent_of[k] = si;
            }
            s->c.sentences[si] = text;
        }
    }
    s->c.doc_start[n_docs] = si;
    s->sent_first[si] = k;
    free(n_sent);
    free(len);

    char **names = malloc((size_t)(FIRST_ID + k) * sizeof *names);
    const char *specials[] = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"};
    for (int i = 0; i < FIRST_ID; i++) names[i] = (char *)specials[i];
    for (int i = 0; i < k; i++) {
        names[FIRST_ID + i] = malloc(16);
        snprintf(names[FIRST_ID + i], 16, "t%d", i);
    }
    Vocab v;
    ck_assert_int_eq(vocab_from_tokens(&v, (const char *const *)names,
                                       FIRST_ID + k), 0);
    ck_assert_int_eq(tokenizer_init(&s->tok, &v, 0), 0);
    ck_assert_int_eq(s->tok.cls_id, CLS);
    ck_assert_int_eq(s->tok.sep_id, SEP);
    for (int i = 0; i < k; i++) free(names[FIRST_ID + i]);
    free(names);
}

static void synth_free(Synth *s)
{
    corpus_free(&s->c);
    tokenizer_free(&s->tok);
    free(s->doc_of);
    free(s->sent_of);
    free(s->sent_first);
}

static int at_sentence_start(const Synth *s, int k)
{
    return k < s->n_tokens && s->sent_first[s->sent_of[k]] == k;
}

/* k1 is one past a token that ends its sentence. */
static int at_sentence_end(const Synth *s, int k1)
{
    return s->sent_first[s->sent_of[k1 - 1] + 1] == k1;
}

/* The instance's ids before masking, in x (n_tokens). */
static void restore(const PretrainData *d, const PretrainInstance *in,
                    int *x)
{
    memcpy(x, d->tokens + in->start, (size_t)in->n_tokens * sizeof *x);
    for (int j = 0; j < in->n_pred; j++)
        x[d->positions[in->pred_start + j]] = d->labels[in->pred_start + j];
}

/* A run of the text: [k0, k1) in document doc. */
typedef struct {
    int k0, k1, doc;
} Run;

/* The tokens x[0..n) must be consecutive tokens of one document. */
static Run as_run(const Synth *s, const int *x, int n)
{
    ck_assert_int_ge(n, 1);
    Run r = {x[0] - FIRST_ID, x[n - 1] - FIRST_ID + 1, 0};
    ck_assert_int_ge(r.k0, 0);
    ck_assert_int_le(r.k1, s->n_tokens);
    for (int i = 1; i < n; i++)
        ck_assert_msg(x[i] == x[i - 1] + 1, "segment is not one run");
    r.doc = s->doc_of[r.k0];
    ck_assert_int_eq(s->doc_of[r.k1 - 1], r.doc);
    return r;
}

typedef struct {
    long n, random, truncated;
    long trimmed[4];  /* A front, A back, B front, B back */
} PairCounts;

/* Every invariant of one instance; returns its runs A and B. */
static void check_instance(const Synth *s, const PretrainData *d,
                           const PretrainInstance *in,
                           const PretrainDataConfig *cfg, PairCounts *pc,
                           Run *ra, Run *rb)
{
    int n = in->n_tokens, na = in->n_a, nb = n - na - 3;
    int max_num = cfg->max_seq_length - 3;
    ck_assert_int_le(n, cfg->max_seq_length);
    ck_assert_int_ge(na, 1);
    ck_assert_int_ge(nb, 1);
    const int *m = d->tokens + in->start;
    ck_assert_int_eq(m[0], CLS);
    ck_assert_int_eq(m[na + 1], SEP);
    ck_assert_int_eq(m[n - 1], SEP);
    /* masks: the exact count, sorted, never on [CLS] or [SEP] */
    MaskingConfig mc = {cfg->masked_lm_prob, cfg->max_predictions_per_seq,
                        0};
    int want = masking_count(&mc, n);
    ck_assert_int_eq(in->n_pred, want < n - 3 ? want : n - 3);
    for (int j = 0; j < in->n_pred; j++) {
        int t = d->positions[in->pred_start + j];
        ck_assert(t >= 1 && t <= n - 2 && t != na + 1);
        if (j > 0) ck_assert_int_gt(t, d->positions[in->pred_start + j - 1]);
    }
    int x[1024];
    ck_assert_int_le(n, 1024);
    restore(d, in, x);
    int cls = 0, sep = 0;
    for (int t = 0; t < n; t++) {
        cls += x[t] == CLS;
        sep += x[t] == SEP;
    }
    ck_assert_int_eq(cls, 1);
    ck_assert_int_eq(sep, 2);
    ck_assert_int_eq(x[0], CLS);
    Run a = as_run(s, x + 1, na), b = as_run(s, x + na + 2, nb);
    ck_assert_int_le(na + nb, max_num);
    int truncated = na + nb == max_num;
    int edges[4] = {at_sentence_start(s, a.k0), at_sentence_end(s, a.k1),
                    at_sentence_start(s, b.k0), at_sentence_end(s, b.k1)};
    for (int e = 0; e < 4; e++) {
        if (!truncated)
            ck_assert_msg(edges[e], "untruncated pair cut inside a sentence");
        pc->trimmed[e] += !edges[e];
    }
    if (in->is_random_next) {
        ck_assert_int_ne(a.doc, b.doc);
    } else {
        /* IsNext: B follows A in the same document; A ended and B began
         * at one sentence boundary, which only trimming can hide */
        ck_assert_int_eq(a.doc, b.doc);
        ck_assert_int_le(a.k1, b.k0);
        if (!truncated) ck_assert_int_eq(a.k1, b.k0);
        int boundary = 0;
        for (int p = a.k1; p <= b.k0 && !boundary; p++)
            boundary = at_sentence_start(s, p);
        ck_assert_msg(boundary, "no sentence boundary between A and B");
    }
    pc->n++;
    pc->random += in->is_random_next;
    pc->truncated += truncated;
    *ra = a;
    *rb = b;
}

static void create(PretrainData *d, const Synth *s,
                   const PretrainDataConfig *cfg, uint64_t seed,
                   MaskingStats *st)
{
    Rng rng;
    rng_seed(&rng, seed);
    int rc = pretrain_data_from_corpus(d, &s->c, &s->tok, cfg, &rng, st);
    ck_assert_msg(rc == 0, "%s", error_message());
}

/* ---- pairs -------------------------------------------------------------- */

/* Short sequences, so that many pairs are truncated. */
START_TEST(test_pair_invariants_truncated)
{
    Synth s;
    synth_make(&s, 500, 10, 12, 1);
    PretrainDataConfig cfg = pretrain_data_defaults();
    cfg.max_seq_length = 32;
    cfg.max_predictions_per_seq = 5;
    cfg.dupe_factor = 2;
    PretrainData d;
    MaskingStats st = {0};
    create(&d, &s, &cfg, 3, &st);
    ck_assert_int_ge(d.n, 2000);
    PairCounts pc = {0};
    Run a, b;
    for (int i = 0; i < d.n; i++)
        check_instance(&s, &d, &d.inst[i], &cfg, &pc, &a, &b);
    ck_assert_int_gt(pc.truncated, pc.n / 10);
    for (int e = 0; e < 4; e++)
        ck_assert_msg(pc.trimmed[e] > 0, "no trim of kind %d", e);
    ck_assert_int_eq(st.sequences, d.n);
    ck_assert_int_eq(st.chosen, d.n_preds);
    ck_assert_int_eq(d.max_seq_length, 32);
    ck_assert_int_eq(d.max_predictions, 5);
    pretrain_data_free(&d);
    synth_free(&s);
}
END_TEST

/* With sequences longer than any two documents nothing is truncated and
 * each chunk runs to the end of its document, so every rule can be
 * checked exactly. */
START_TEST(test_chunks_put_back_and_coin)
{
    Synth s;
    synth_make(&s, 500, 12, 12, 2);  /* a document has <= 144 tokens */
    PretrainDataConfig cfg = pretrain_data_defaults();
    cfg.max_seq_length = 512;
    cfg.short_seq_prob = 0.0;  /* target 509: the whole document */
    cfg.dupe_factor = 4;
    PretrainData d;
    create(&d, &s, &cfg, 4, NULL);

    int *own = calloc((size_t)s.n_tokens, sizeof *own);
    long eligible = 0, coin_random = 0;
    PairCounts pc = {0};
    for (int i = 0; i < d.n; i++) {
        const PretrainInstance *in = &d.inst[i];
        Run a, b;
        check_instance(&s, &d, in, &cfg, &pc, &a, &b);
        /* the chunk: from A's first sentence to the document's last */
        int last = s.c.doc_start[a.doc + 1] - 1;
        int n_chunk = last - s.sent_of[a.k0] + 1;
        int a_sent = s.sent_of[a.k1 - 1] - s.sent_of[a.k0] + 1;
        if (n_chunk == 1) {
            ck_assert_msg(in->is_random_next, "a lone sentence got IsNext");
        } else {
            ck_assert_int_le(a_sent, n_chunk - 1);  /* a_end < len(chunk) */
            eligible++;
            coin_random += in->is_random_next;
        }
        if (!in->is_random_next) {
            /* B is the rest of the chunk: up to the document's end */
            ck_assert_int_eq(b.k1, s.sent_first[last + 1]);
        }
        /* sentences of its own document: A, and B when it is the next */
        for (int k = a.k0; k < a.k1; k++) own[k]++;
        if (!in->is_random_next)
            for (int k = b.k0; k < b.k1; k++) own[k]++;
    }
    ck_assert_int_eq(pc.truncated, 0);
    /* put back: every sentence is used exactly once per pass */
    for (int k = 0; k < s.n_tokens; k++)
        ck_assert_msg(own[k] == cfg.dupe_factor, "token %d used %d times",
                      k, own[k]);
    ck_assert_int_ge(eligible, 2000);
    double share = (double)coin_random / (double)eligible;
    ck_assert_msg(share > 0.47 && share < 0.53, "random %.4f of %ld",
                  share, eligible);
    free(own);
    pretrain_data_free(&d);
    synth_free(&s);
}
END_TEST

/* short_seq_prob 1: every document gets a target in 2 .. max_num, so
 * many chunks stop early and instances are short. */
START_TEST(test_short_targets)
{
    Synth s;
    synth_make(&s, 300, 12, 6, 5);
    PretrainDataConfig cfg = pretrain_data_defaults();
    PretrainData d;
    long sum[2] = {0, 0}, count[2] = {0, 0};
    for (int shortp = 0; shortp <= 1; shortp++) {
        cfg.short_seq_prob = shortp;
        create(&d, &s, &cfg, 6, NULL);
        PairCounts pc = {0};
        Run a, b;
        for (int i = 0; i < d.n; i++) {
            check_instance(&s, &d, &d.inst[i], &cfg, &pc, &a, &b);
            sum[shortp] += d.inst[i].n_tokens;
        }
        count[shortp] = d.n;
        pretrain_data_free(&d);
    }
    ck_assert_int_gt(count[1], count[0]);
    ck_assert(sum[1] / (double)count[1] < sum[0] / (double)count[0]);
    synth_free(&s);
}
END_TEST

/* max_predictions_per_seq 0: pairs for NSP alone, nothing masked. */
START_TEST(test_no_masking)
{
    Synth s;
    synth_make(&s, 100, 8, 8, 12);
    PretrainDataConfig cfg = pretrain_data_defaults();
    cfg.max_predictions_per_seq = 0;
    PretrainData d;
    MaskingStats st = {0};
    create(&d, &s, &cfg, 13, &st);
    ck_assert_int_gt(d.n, 0);
    ck_assert_int_eq(d.n_preds, 0);
    ck_assert_int_eq(st.chosen, 0);
    PairCounts pc = {0};
    Run a, b;
    for (int i = 0; i < d.n; i++) {
        ck_assert_int_eq(d.inst[i].n_pred, 0);
        check_instance(&s, &d, &d.inst[i], &cfg, &pc, &a, &b);
    }
    PretrainBatch batch;
    ck_assert_int_eq(pretrain_batch_alloc(&batch, 4, 128, 0, 1), 0);
    int which[4] = {0, 1, 2, 3};
    ck_assert_int_eq(pretrain_batch_fill(&batch, &d, which, 4), 0);
    ck_assert_int_eq(batch.M, 0);
    pretrain_batch_free(&batch);
    pretrain_data_free(&d);
    synth_free(&s);
}
END_TEST

START_TEST(test_deterministic)
{
    Synth s;
    synth_make(&s, 200, 8, 10, 7);
    PretrainDataConfig cfg = pretrain_data_defaults();
    cfg.max_seq_length = 48;
    PretrainData d1, d2, d3;
    create(&d1, &s, &cfg, 99, NULL);
    create(&d2, &s, &cfg, 99, NULL);
    create(&d3, &s, &cfg, 100, NULL);
    ck_assert_int_eq(d1.n, d2.n);
    ck_assert_int_eq(d1.n_tokens, d2.n_tokens);
    ck_assert_int_eq(d1.n_preds, d2.n_preds);
    for (int i = 0; i < d1.n; i++) {
        const PretrainInstance *a = &d1.inst[i], *b = &d2.inst[i];
        ck_assert(a->start == b->start && a->n_tokens == b->n_tokens &&
                  a->n_a == b->n_a && a->is_random_next == b->is_random_next
                  && a->pred_start == b->pred_start &&
                  a->n_pred == b->n_pred);
    }
    ck_assert_mem_eq(d1.tokens, d2.tokens,
                     (size_t)d1.n_tokens * sizeof *d1.tokens);
    ck_assert_mem_eq(d1.positions, d2.positions,
                     (size_t)d1.n_preds * sizeof *d1.positions);
    ck_assert_mem_eq(d1.labels, d2.labels,
                     (size_t)d1.n_preds * sizeof *d1.labels);
    int same = d1.n == d3.n && d1.n_tokens == d3.n_tokens &&
               memcmp(d1.tokens, d3.tokens,
                      (size_t)d1.n_tokens * sizeof *d1.tokens) == 0;
    ck_assert_msg(!same, "another seed gave the same instances");
    pretrain_data_free(&d1);
    pretrain_data_free(&d2);
    pretrain_data_free(&d3);
    synth_free(&s);
}
END_TEST

/* ---- the generated world corpus ----------------------------------------- */

START_TEST(test_world_corpus)
{
    Corpus c;
    ck_assert_int_eq(corpus_generate(&c, 42, 1000, CORPUS_TRAIN), 0);
    VocabTrainOptions opt = vocab_train_defaults();
    opt.vocab_size = 2000;
    Vocab v;
    ck_assert_int_eq(vocab_train(&v, (const char *const *)c.sentences,
                                 c.n_sentences, &opt, NULL), 0);
    Tokenizer tok;
    ck_assert_int_eq(tokenizer_init(&tok, &v, 0), 0);
    PretrainDocs docs;
    ck_assert_int_eq(pretrain_docs_tokenize(&docs, &c, &tok), 0);
    ck_assert_int_eq(docs.n_docs, c.n_docs);
    ck_assert_int_eq(docs.n_sentences, c.n_sentences);
    ck_assert_int_eq(docs.sent_start[docs.n_sentences], docs.n_tokens);
    /* sentence 3 tokenized alone gives the same ids */
    TokenList tl = {0};
    ck_assert_int_eq(tokenizer_tokenize(&tok, c.sentences[3],
                                        (long)strlen(c.sentences[3]), &tl),
                     0);
    ck_assert_int_eq(tl.n, docs.sent_start[4] - docs.sent_start[3]);
    ck_assert_mem_eq(tl.ids, docs.ids + docs.sent_start[3],
                     (size_t)tl.n * sizeof *tl.ids);
    tokenizer_tokens_free(&tl);

    PretrainDataConfig cfg = pretrain_data_defaults();
    Rng rng;
    rng_seed(&rng, cfg.random_seed);
    PretrainData d;
    MaskingStats st = {0};
    ck_assert_int_eq(pretrain_data_create(&d, &docs, &cfg, &tok, &rng, &st),
                     0);
    long random = 0, expected = 0;
    for (int i = 0; i < d.n; i++) {
        const PretrainInstance *in = &d.inst[i];
        const int *x = d.tokens + in->start;
        ck_assert_int_le(in->n_tokens, 128);
        ck_assert_int_eq(x[0], tok.cls_id);
        ck_assert_int_eq(x[in->n_a + 1], tok.sep_id);
        ck_assert_int_eq(x[in->n_tokens - 1], tok.sep_id);
        random += in->is_random_next;
        MaskingConfig mc = masking_defaults();
        int want = masking_count(&mc, in->n_tokens);
        expected += want < in->n_tokens - 3 ? want : in->n_tokens - 3;
    }
    ck_assert_int_eq(st.chosen, expected);
    ck_assert_int_eq(st.chosen, d.n_preds);
    /* lone sentences left at a document's end push NotNext above half */
    double share = (double)random / d.n;
    ck_assert_msg(share > 0.5 && share < 0.75, "NotNext %.3f", share);
    pretrain_data_free(&d);
    pretrain_docs_free(&docs);
    tokenizer_free(&tok);
    corpus_free(&c);
}
END_TEST

/* ---- errors ------------------------------------------------------------- */

START_TEST(test_corpus_errors)
{
    Synth s;
    synth_make(&s, 20, 1, 5, 8);  /* every document has one sentence */
    PretrainDataConfig cfg = pretrain_data_defaults();
    Rng rng;
    rng_seed(&rng, 1);
    PretrainData d;
    ck_assert_int_eq(pretrain_data_from_corpus(&d, &s.c, &s.tok, &cfg, &rng,
                                               NULL), -1);
    ck_assert_ptr_nonnull(strstr(error_message(), "two sentences"));
    ck_assert_int_eq(d.n, 0);
    ck_assert_ptr_null(d.tokens);

    Corpus empty = {0};
    ck_assert_int_eq(pretrain_data_from_corpus(&d, &empty, &s.tok, &cfg,
                                               &rng, NULL), -1);
    ck_assert_ptr_nonnull(strstr(error_message(), "no sentence"));

    /* sentences that tokenize to nothing are dropped, then documents */
    char *blank[] = {"\x01", "\x02 \x03"};
    int starts[] = {0, 2};
    Corpus none = {blank, 2, starts, 1};
    PretrainDocs docs;
    ck_assert_int_eq(pretrain_docs_tokenize(&docs, &none, &s.tok), 0);
    ck_assert_int_eq(docs.n_docs, 0);
    ck_assert_int_eq(docs.n_sentences, 0);
    pretrain_docs_free(&docs);
    ck_assert_int_eq(pretrain_data_from_corpus(&d, &none, &s.tok, &cfg,
                                               &rng, NULL), -1);
    synth_free(&s);

    synth_make(&s, 20, 5, 5, 9);
    PretrainDataConfig bad[6];
    for (int i = 0; i < 6; i++) bad[i] = cfg;
    bad[0].max_seq_length = 4;
    bad[1].dupe_factor = 0;
    bad[2].max_predictions_per_seq = 129;
    bad[3].short_seq_prob = -0.1;
    bad[4].masked_lm_prob = 2;
    bad[5].max_predictions_per_seq = -1;
    for (int i = 0; i < 6; i++) {
        ck_assert_int_eq(pretrain_data_from_corpus(&d, &s.c, &s.tok, &bad[i],
                                                   &rng, NULL), -1);
        ck_assert_ptr_nonnull(strstr(error_message(), "pre-training data"));
    }
    /* the smallest sequence that fits a pair works */
    cfg.max_seq_length = 5;
    cfg.max_predictions_per_seq = 1;
    ck_assert_int_eq(pretrain_data_from_corpus(&d, &s.c, &s.tok, &cfg, &rng,
                                               NULL), 0);
    for (int i = 0; i < d.n; i++) ck_assert_int_eq(d.inst[i].n_tokens, 5);
    pretrain_data_free(&d);
    pretrain_data_free(&d);  /* twice is safe */
    synth_free(&s);
}
END_TEST

/* ---- batches ------------------------------------------------------------ */

static void check_batch(const PretrainBatch *b, const PretrainData *d,
                        const int *which)
{
    int pred = 0;
    for (int r = 0; r < b->B; r++) {
        const PretrainInstance *in = &d->inst[which[r]];
        const int *x = d->tokens + in->start;
        for (int t = 0; t < b->T; t++) {
            int i = r * b->T + t, real = t < in->n_tokens;
            ck_assert_int_eq(b->ids[i], real ? x[t] : d->pad_id);
            ck_assert_int_eq(b->mask[i], real);
            ck_assert_int_eq(b->segments[i], real && t >= in->n_a + 2);
        }
        ck_assert_int_eq(b->nsp_labels[r], in->is_random_next);
        int labelled = 0;
        for (int t = 0; t < b->T; t++)
            labelled += b->token_labels[r * b->T + t] != SOFTMAX_IGNORE;
        ck_assert_int_eq(labelled, in->n_pred);
        for (int j = 0; j < in->n_pred; j++, pred++) {
            int t = d->positions[in->pred_start + j];
            int label = d->labels[in->pred_start + j];
            ck_assert_int_eq(b->mlm_positions[pred], r * b->T + t);
            ck_assert_int_eq(b->mlm_labels[pred], label);
            ck_assert_int_eq(b->token_labels[r * b->T + t], label);
        }
    }
    ck_assert_int_eq(b->M, pred);
}

START_TEST(test_batches)
{
    Synth s;
    synth_make(&s, 100, 6, 8, 10);
    PretrainDataConfig cfg = pretrain_data_defaults();
    cfg.max_seq_length = 64;
    PretrainData d;
    create(&d, &s, &cfg, 11, NULL);
    ck_assert_int_ge(d.n, 40);
    PretrainBatch b;
    ck_assert_int_eq(pretrain_batch_alloc(&b, 8, d.max_seq_length,
                                          d.max_predictions, 0), 0);
    int *block = b.block;
    int which[8];
    for (int step = 0; step < 5; step++) {
        int n = step == 4 ? 3 : 8;  /* a short last batch */
        for (int r = 0; r < n; r++) which[r] = (step * 8 + r) % d.n;
        ck_assert_int_eq(pretrain_batch_fill(&b, &d, which, n), 0);
        ck_assert_int_eq(b.B, n);
        ck_assert_int_eq(b.T, 64);
        ck_assert_ptr_eq(b.block, block);  /* reused, not reallocated */
        check_batch(&b, &d, which);
    }
    pretrain_batch_free(&b);

    /* padding to the longest row */
    ck_assert_int_eq(pretrain_batch_alloc(&b, 8, 64, 20, 1), 0);
    for (int r = 0; r < 8; r++) which[r] = r;
    ck_assert_int_eq(pretrain_batch_fill(&b, &d, which, 8), 0);
    int longest = 0;
    for (int r = 0; r < 8; r++)
        if (d.inst[r].n_tokens > longest) longest = d.inst[r].n_tokens;
    ck_assert_int_eq(b.T, longest);
    check_batch(&b, &d, which);

    /* errors */
    ck_assert_int_eq(pretrain_batch_fill(&b, &d, which, 9), -1);
    ck_assert_int_eq(pretrain_batch_fill(&b, &d, which, 0), -1);
    which[2] = d.n;
    ck_assert_int_eq(pretrain_batch_fill(&b, &d, which, 8), -1);
    ck_assert_ptr_nonnull(strstr(error_message(), "not in"));
    pretrain_batch_free(&b);
    int shortest = 0;
    for (int i = 1; i < d.n; i++)
        if (d.inst[i].n_tokens < d.inst[shortest].n_tokens) shortest = i;
    int cap = d.inst[shortest].n_tokens;
    ck_assert_int_eq(pretrain_batch_alloc(&b, 2, cap, cap, 0), 0);
    int two[2] = {shortest, 0};
    while (two[1] < d.n && d.inst[two[1]].n_tokens <= b.cap_T) two[1]++;
    ck_assert_int_lt(two[1], d.n);
    ck_assert_int_eq(pretrain_batch_fill(&b, &d, two, 1), 0);
    ck_assert_int_eq(pretrain_batch_fill(&b, &d, two, 2), -1);
    ck_assert_ptr_nonnull(strstr(error_message(), "more than"));
    pretrain_batch_free(&b);
    pretrain_batch_free(&b);
    ck_assert_int_eq(pretrain_batch_alloc(&b, 0, 64, 20, 0), -1);
    ck_assert_int_eq(pretrain_batch_alloc(&b, 4, 64, 65, 0), -1);
    pretrain_data_free(&d);
    synth_free(&s);
}
END_TEST

Suite *suite_pretrain_data(void)
{
    Suite *s = suite_create("pretrain_data");
    TCase *pairs = tcase_create("pairs");
    tcase_set_timeout(pairs, 60);
    tcase_add_test(pairs, test_pair_invariants_truncated);
    tcase_add_test(pairs, test_chunks_put_back_and_coin);
    tcase_add_test(pairs, test_short_targets);
    tcase_add_test(pairs, test_no_masking);
    tcase_add_test(pairs, test_deterministic);
    tcase_add_test(pairs, test_world_corpus);
    tcase_add_test(pairs, test_corpus_errors);
    suite_add_tcase(s, pairs);
    TCase *batches = tcase_create("batches");
    tcase_add_test(batches, test_batches);
    suite_add_tcase(s, batches);
    return s;
}
