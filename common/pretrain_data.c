#include "pretrain_data.h"

#include "error.h"
#include "softmax.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Limits that keep every count within an int or a long. */
#define MAX_SEQ_LENGTH 65536
#define MAX_DUPE_FACTOR 1000

PretrainDataConfig pretrain_data_defaults(void)
{
    PretrainDataConfig c;
    c.max_seq_length = 128;
    c.max_predictions_per_seq = 20;
    c.masked_lm_prob = 0.15;
    c.short_seq_prob = 0.1;
    c.dupe_factor = 5;
    c.whole_word_mask = 0;
    c.random_seed = 12345;
    return c;
}

/* p (cap elements of size elem) with room for need: p itself, or p moved
 * to a block twice as large as needed, or NULL (p untouched) when memory
 * runs out. */
static void *reserve(void *p, long *cap, long need, size_t elem)
{
    if (p && need <= *cap) return p;  /* NULL gets a block even for 0 */
    long n = *cap > 0 ? *cap : 64;
    while (n < need) n *= 2;
    void *q = realloc(p, (size_t)n * elem);
    if (!q) {
        error_set("pre-training data: out of memory");
        return NULL;
    }
    *cap = n;
    return q;
}

/* ---- step 1: tokenized documents ---------------------------------------- */

int pretrain_docs_tokenize(PretrainDocs *out, const Corpus *c,
                           const Tokenizer *tok)
{
    memset(out, 0, sizeof *out);
    if (!c || !tok || c->n_docs < 0 || c->n_sentences < 0 ||
        (c->n_docs > 0 && (!c->doc_start || !c->sentences)))
        return error_set("pre-training data: no corpus or tokenizer");
    PretrainDocs d = {0};
    d.sent_start = malloc(((size_t)c->n_sentences + 1) * sizeof *d.sent_start);
    d.doc_start = malloc(((size_t)c->n_docs + 1) * sizeof *d.doc_start);
    if (!d.sent_start || !d.doc_start) {
        pretrain_docs_free(&d);
        return error_set("pre-training data: out of memory");
    }
    d.sent_start[0] = 0;
    d.doc_start[0] = 0;
    long cap = 0;
    TokenList tl = {0};
    int rc = 0;
    for (int doc = 0; doc < c->n_docs && rc == 0; doc++) {
        int first = d.n_sentences;
        for (int s = c->doc_start[doc]; s < c->doc_start[doc + 1]; s++) {
            const char *text = c->sentences[s];
            rc = tokenizer_tokenize(tok, text, (long)strlen(text), &tl);
            if (rc != 0) break;
            if (tl.n == 0) continue;  /* the reference drops such lines */
            int *ids = reserve(d.ids, &cap, d.n_tokens + tl.n, sizeof *ids);
            if (!ids) {
                rc = -1;
                break;
            }
            d.ids = ids;
            memcpy(d.ids + d.n_tokens, tl.ids, (size_t)tl.n * sizeof *d.ids);
            d.n_tokens += tl.n;
            d.sent_start[++d.n_sentences] = d.n_tokens;
        }
        if (d.n_sentences > first) d.doc_start[++d.n_docs] = d.n_sentences;
    }
    tokenizer_tokens_free(&tl);
    if (rc != 0) {
        pretrain_docs_free(&d);
        return -1;
    }
    *out = d;
    return 0;
}

void pretrain_docs_free(PretrainDocs *d)
{
    free(d->ids);
    free(d->sent_start);
    free(d->doc_start);
    memset(d, 0, sizeof *d);
}

/* ---- steps 2-4: instances ----------------------------------------------- */

/* A run of tokens: whole sentences until truncation trims its ends. */
typedef struct {
    const int *p;
    long n;
} Span;

/* The instances so far, with the room behind each array. */
typedef struct {
    PretrainData *d;
    long cap_inst, cap_tokens, cap_positions, cap_labels;
    const PretrainDataConfig *cfg;
    MaskingConfig mask;
    const Tokenizer *tok;
    Rng *rng;
    MaskingStats *stats;
} Builder;

static Span sentences(const PretrainDocs *docs, int first, int count)
{
    long a = docs->sent_start[first], b = docs->sent_start[first + count];
    Span s = {docs->ids + a, b - a};
    return s;
}

/* truncate_seq_pair: trim the longer side (B on a tie) at its front or
 * its back until the pair fits. Both keep at least one token, since
 * max_num_tokens >= 2. */
static void truncate_pair(Span *a, Span *b, long max_num_tokens, Rng *rng)
{
    while (a->n + b->n > max_num_tokens) {
        Span *t = a->n > b->n ? a : b;
        if (rng_uniform(rng) < 0.5f) t->p++;
        t->n--;
    }
}

/* [CLS] A [SEP] B [SEP], masked, as the next instance. */
static int emit(Builder *bd, Span a, Span b, int is_random_next)
{
    PretrainData *d = bd->d;
    const Tokenizer *tok = bd->tok;
    int n = (int)(a.n + b.n + 3);
    if (d->n == INT_MAX)
        return error_set("pre-training data: too many instances");
    long P = d->max_predictions;
    PretrainInstance *inst = reserve(d->inst, &bd->cap_inst, d->n + 1L,
                                     sizeof *inst);
    if (!inst) return -1;
    d->inst = inst;
    int *tokens = reserve(d->tokens, &bd->cap_tokens, d->n_tokens + n,
                          sizeof *tokens);
    if (!tokens) return -1;
    d->tokens = tokens;
    int *positions = reserve(d->positions, &bd->cap_positions,
                             d->n_preds + P, sizeof *positions);
    if (!positions) return -1;
    d->positions = positions;
    int *labels = reserve(d->labels, &bd->cap_labels, d->n_preds + P,
                          sizeof *labels);
    if (!labels) return -1;
    d->labels = labels;

    int *x = d->tokens + d->n_tokens;
    x[0] = tok->cls_id;
    memcpy(x + 1, a.p, (size_t)a.n * sizeof *x);
    x[a.n + 1] = tok->sep_id;
    memcpy(x + a.n + 2, b.p, (size_t)b.n * sizeof *x);
    x[n - 1] = tok->sep_id;

    int n_pred = masking_apply(x, n, d->positions + d->n_preds,
                               d->labels + d->n_preds, NULL, &bd->mask, tok,
                               bd->rng, bd->stats);
    if (n_pred < 0) return -1;
    PretrainInstance *in = &d->inst[d->n++];
    in->start = d->n_tokens;
    in->n_tokens = n;
    in->n_a = (int)a.n;
    in->is_random_next = is_random_next;
    in->pred_start = d->n_preds;
    in->n_pred = n_pred;
    d->n_tokens += n;
    d->n_preds += n_pred;
    return 0;
}

/* create_instances_from_document for the document at shuffled place k. */
static int from_document(Builder *bd, const PretrainDocs *docs,
                         const int *order, int k)
{
    Rng *rng = bd->rng;
    long max_num = bd->cfg->max_seq_length - 3;
    int s0 = docs->doc_start[order[k]];
    int ns = docs->doc_start[order[k] + 1] - s0;

    long target = max_num;
    if ((double)rng_uniform(rng) < bd->cfg->short_seq_prob)
        target = 2 + rng_int(rng, (int)max_num - 1);  /* 2 .. max_num */

    int first = 0;  /* the chunk is sentences first .. i of the document */
    long length = 0;
    for (int i = 0; i < ns; i++) {
        length += docs->sent_start[s0 + i + 1] - docs->sent_start[s0 + i];
        if (i < ns - 1 && length < target) continue;
        int n_chunk = i - first + 1;
        int a_end = n_chunk >= 2 ? 1 + rng_int(rng, n_chunk - 1) : 1;
        Span a = sentences(docs, s0 + first, a_end), b;
        int is_random = n_chunk == 1 || rng_uniform(rng) < 0.5f;
        if (is_random) {
            long target_b = target - a.n;
            int r = 0;
            for (int tries = 0; tries < 10; tries++) {
                r = rng_int(rng, docs->n_docs);
                if (r != k) break;
            }
            int r0 = docs->doc_start[order[r]];
            int rn = docs->doc_start[order[r] + 1] - r0;
            int start = rng_int(rng, rn), end = start;
            long got = 0;
            do {
                got += docs->sent_start[r0 + end + 1] -
                       docs->sent_start[r0 + end];
                end++;
            } while (end < rn && got < target_b);
            b = sentences(docs, r0 + start, end - start);
            /* The chunk's sentences after A were not used: put them back
             * so that they start the next chunk. */
            i -= n_chunk - a_end;
        } else {
            b = sentences(docs, s0 + first + a_end, n_chunk - a_end);
        }
        truncate_pair(&a, &b, max_num, rng);
        if (emit(bd, a, b, is_random) != 0) return -1;
        first = i + 1;
        length = 0;
    }
    return 0;
}

static int check_config(const PretrainDataConfig *cfg, const Tokenizer *tok)
{
    if (cfg->max_seq_length < 5 || cfg->max_seq_length > MAX_SEQ_LENGTH)
        return error_set("pre-training data: max_seq_length %d is not in "
                         "5 .. %d", cfg->max_seq_length, MAX_SEQ_LENGTH);
    if (cfg->max_predictions_per_seq < 0 ||
        cfg->max_predictions_per_seq > cfg->max_seq_length)
        return error_set("pre-training data: max_predictions_per_seq %d is "
                         "not in 0 .. max_seq_length",
                         cfg->max_predictions_per_seq);
    if (!(cfg->masked_lm_prob >= 0.0 && cfg->masked_lm_prob <= 1.0))
        return error_set("pre-training data: masked_lm_prob %g is not in "
                         "[0, 1]", cfg->masked_lm_prob);
    if (!(cfg->short_seq_prob >= 0.0 && cfg->short_seq_prob <= 1.0))
        return error_set("pre-training data: short_seq_prob %g is not in "
                         "[0, 1]", cfg->short_seq_prob);
    if (cfg->dupe_factor < 1 || cfg->dupe_factor > MAX_DUPE_FACTOR)
        return error_set("pre-training data: dupe_factor %d is not in "
                         "1 .. %d", cfg->dupe_factor, MAX_DUPE_FACTOR);
    if (tok->cls_id < 0 || tok->sep_id < 0 || tok->mask_id < 0 ||
        tok->pad_id < 0)
        return error_set("pre-training data: the vocabulary lacks [CLS], "
                         "[SEP], [MASK] or [PAD]");
    return 0;
}

/* Shuffles the instances by building the array anew in a random order. */
static int shuffle_instances(PretrainData *d, Rng *rng)
{
    int *perm = malloc(((size_t)d->n + 1) * sizeof *perm);
    PretrainInstance *inst = malloc(((size_t)d->n + 1) * sizeof *inst);
    if (!perm || !inst) {
        free(perm);
        free(inst);
        return error_set("pre-training data: out of memory");
    }
    for (int i = 0; i < d->n; i++) perm[i] = i;
    rng_shuffle_int(rng, perm, d->n);
    for (int i = 0; i < d->n; i++) inst[i] = d->inst[perm[i]];
    free(d->inst);
    free(perm);
    d->inst = inst;
    return 0;
}

int pretrain_data_create(PretrainData *out, const PretrainDocs *docs,
                         const PretrainDataConfig *cfg, const Tokenizer *tok,
                         Rng *rng, MaskingStats *stats)
{
    memset(out, 0, sizeof *out);
    if (!docs || !cfg || !tok || !rng)
        return error_set("pre-training data: missing argument");
    if (check_config(cfg, tok) != 0) return -1;
    if (docs->n_docs == 0)
        return error_set("pre-training data: the corpus has no sentence "
                         "with a token");
    int pairs = 0;
    for (int d = 0; d < docs->n_docs && !pairs; d++)
        pairs = docs->doc_start[d + 1] - docs->doc_start[d] >= 2;
    if (!pairs)
        return error_set("pre-training data: no document has two "
                         "sentences, so there is no true next sentence");

    int *order = malloc((size_t)docs->n_docs * sizeof *order);
    if (!order) return error_set("pre-training data: out of memory");
    for (int d = 0; d < docs->n_docs; d++) order[d] = d;
    rng_shuffle_int(rng, order, docs->n_docs);

    PretrainData d = {0};
    d.max_seq_length = cfg->max_seq_length;
    d.max_predictions = cfg->max_predictions_per_seq;
    d.pad_id = tok->pad_id;
    Builder bd = {0};
    bd.d = &d;
    bd.cfg = cfg;
    bd.mask.masked_lm_prob = cfg->masked_lm_prob;
    bd.mask.max_predictions = cfg->max_predictions_per_seq;
    bd.mask.whole_word = cfg->whole_word_mask;
    bd.tok = tok;
    bd.rng = rng;
    bd.stats = stats;
    int rc = 0;
    for (int pass = 0; pass < cfg->dupe_factor && rc == 0; pass++)
        for (int k = 0; k < docs->n_docs && rc == 0; k++)
            rc = from_document(&bd, docs, order, k);
    free(order);
    if (rc == 0) rc = shuffle_instances(&d, rng);
    if (rc != 0) {
        pretrain_data_free(&d);
        return -1;
    }
    *out = d;
    return 0;
}

int pretrain_data_from_corpus(PretrainData *out, const Corpus *c,
                              const Tokenizer *tok,
                              const PretrainDataConfig *cfg, Rng *rng,
                              MaskingStats *stats)
{
    PretrainDocs docs;
    memset(out, 0, sizeof *out);
    if (pretrain_docs_tokenize(&docs, c, tok) != 0) return -1;
    int rc = pretrain_data_create(out, &docs, cfg, tok, rng, stats);
    pretrain_docs_free(&docs);
    return rc;
}

void pretrain_data_free(PretrainData *d)
{
    free(d->inst);
    free(d->tokens);
    free(d->positions);
    free(d->labels);
    memset(d, 0, sizeof *d);
}

/* ---- batches ------------------------------------------------------------ */

int pretrain_batch_alloc(PretrainBatch *b, int cap_B, int cap_T, int cap_P,
                         int pad_to_longest)
{
    memset(b, 0, sizeof *b);
    if (cap_B < 1 || cap_T < 1 || cap_P < 0 || cap_P > cap_T ||
        (long)cap_B * cap_T > INT_MAX / 4)
        return error_set("pre-training batch: bad size %d x %d with %d "
                         "predictions", cap_B, cap_T, cap_P);
    long BT = (long)cap_B * cap_T, BP = (long)cap_B * cap_P;
    b->block = malloc((size_t)(4 * BT + 2 * BP + cap_B) * sizeof *b->block);
    if (!b->block) return error_set("pre-training batch: out of memory");
    b->cap_B = cap_B;
    b->cap_T = cap_T;
    b->cap_P = cap_P;
    b->pad_to_longest = pad_to_longest != 0;
    b->ids = b->block;
    b->segments = b->ids + BT;
    b->mask = b->segments + BT;
    b->token_labels = b->mask + BT;
    b->mlm_positions = b->token_labels + BT;
    b->mlm_labels = b->mlm_positions + BP;
    b->nsp_labels = b->mlm_labels + BP;
    return 0;
}

static int check_fill(const PretrainBatch *b, const PretrainData *d,
                      const int *which, int n)
{
    if (!b->block || !d || !which || n < 1 || n > b->cap_B)
        return error_set("pre-training batch: %d rows for a batch of %d",
                         n, b->cap_B);
    for (int r = 0; r < n; r++) {
        if (which[r] < 0 || which[r] >= d->n)
            return error_set("pre-training batch: instance %d is not in "
                             "0 .. %d", which[r], d->n - 1);
        const PretrainInstance *in = &d->inst[which[r]];
        if (in->n_tokens > b->cap_T || in->n_pred > b->cap_P)
            return error_set("pre-training batch: instance %d has %d tokens "
                             "and %d predictions, more than %d and %d",
                             which[r], in->n_tokens, in->n_pred, b->cap_T,
                             b->cap_P);
    }
    return 0;
}

int pretrain_batch_fill(PretrainBatch *b, const PretrainData *d,
                        const int *which, int n)
{
    if (check_fill(b, d, which, n) != 0) return -1;
    int T = b->cap_T;
    if (b->pad_to_longest) {
        T = 0;
        for (int r = 0; r < n; r++)
            if (d->inst[which[r]].n_tokens > T)
                T = d->inst[which[r]].n_tokens;
    }
    b->B = n;
    b->T = T;
    b->M = 0;
    for (int r = 0; r < n; r++) {
        const PretrainInstance *in = &d->inst[which[r]];
        const int *x = d->tokens + in->start;
        int *ids = b->ids + r * T, *seg = b->segments + r * T;
        int *mask = b->mask + r * T, *tl = b->token_labels + r * T;
        for (int t = 0; t < T; t++) {
            int real = t < in->n_tokens;
            ids[t] = real ? x[t] : d->pad_id;
            /* [CLS] A [SEP] is segment 0, B [SEP] segment 1, padding 0 */
            seg[t] = real && t > in->n_a + 1;
            mask[t] = real;
            tl[t] = SOFTMAX_IGNORE;
        }
        for (int k = 0; k < in->n_pred; k++) {
            int t = d->positions[in->pred_start + k];
            int label = d->labels[in->pred_start + k];
            tl[t] = label;
            b->mlm_positions[b->M] = r * T + t;
            b->mlm_labels[b->M] = label;
            b->M++;
        }
        b->nsp_labels[r] = in->is_random_next;
    }
    return 0;
}

void pretrain_batch_free(PretrainBatch *b)
{
    free(b->block);
    memset(b, 0, sizeof *b);
}
