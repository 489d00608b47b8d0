/* Tests of the two pre-training tasks as chapters 08 and 09 use them: the
 * masking shares and the NSP labels that the book quotes, measured on the
 * generated corpus with the chapters' settings, and each task's loss
 * falling when it is trained alone (MLM only, NSP only) through the same
 * calls as the chapters' loops. */
#include "adamw.h"
#include "bert_heads.h"
#include "corpus_tokenizer.h"
#include "pretrain_data.h"
#include "testutil.h"

#include <stdlib.h>

/* The chapters' data: 2000 generated documents, a learned vocabulary,
 * pairs of at most 32 tokens, three passes. */
static void chapter_data(PretrainData *d, Tokenizer *tok, int docs,
                         int vocab_size, int max_predictions,
                         MaskingStats *st)
{
    Corpus c;
    ck_assert_int_eq(corpus_generate(&c, 42, docs, CORPUS_TRAIN), 0);
    ck_assert_int_eq(corpus_tokenizer(tok, &c, vocab_size), 0);
    PretrainDataConfig dc = pretrain_data_defaults();
    dc.max_seq_length = 32;
    dc.max_predictions_per_seq = max_predictions;
    dc.dupe_factor = 3;
    Rng rng;
    rng_seed(&rng, 42);
    ck_assert_int_eq(pretrain_data_from_corpus(d, &c, tok, &dc, &rng, st),
                     0);
    corpus_free(&c);
}

/* Chapter 08 prints about 15.4% chosen and 80/10/10, over more than
 * 100,000 tokens, with no [CLS] or [SEP] ever chosen. */
START_TEST(test_masking_over_the_corpus)
{
    PretrainData d;
    Tokenizer tok;
    MaskingStats st = {0};
    chapter_data(&d, &tok, 2000, 4096, 32 * 15 / 100 + 1, &st);
    ck_assert_int_gt(st.tokens, 100000);
    ck_assert_int_eq(st.sequences, d.n);
    ck_assert_int_eq(st.chosen, d.n_preds);
    double chosen = (double)st.chosen / (double)st.tokens;
    double c = (double)st.chosen;
    ck_assert_msg(chosen > 0.150 && chosen < 0.158, "chosen %.4f", chosen);
    ck_assert_msg(st.to_mask / c > 0.795 && st.to_mask / c < 0.805,
                  "[MASK] %.4f", st.to_mask / c);
    ck_assert_msg(st.to_random / c > 0.095 && st.to_random / c < 0.105,
                  "random %.4f", st.to_random / c);
    ck_assert_msg(st.kept / c > 0.095 && st.kept / c < 0.105, "kept %.4f",
                  st.kept / c);
    /* a little over 15% because most pairs fill all 32 tokens, and
     * 0.15 x 32 = 4.8 rounds up to 5 */
    long full = 0, specials = 0;
    for (int i = 0; i < d.n; i++) {
        const PretrainInstance *in = &d.inst[i];
        full += in->n_tokens == 32;
        for (int k = 0; k < in->n_pred; k++) {
            int t = d.positions[in->pred_start + k];
            int label = d.labels[in->pred_start + k];
            specials += t == 0 || t == in->n_a + 1 ||
                        t == in->n_tokens - 1 || label == tok.cls_id ||
                        label == tok.sep_id;
        }
    }
    ck_assert_msg(full * 2 > d.n, "%ld of %d pairs fill 32 tokens", full,
                  d.n);
    MaskingConfig mc = masking_defaults();
    ck_assert_int_eq(masking_count(&mc, 32), 5);
    ck_assert_int_eq(specials, 0);
    pretrain_data_free(&d);
    tokenizer_free(&tok);
}
END_TEST

/* Chapter 09's pairs: no masks, and more NotNext than IsNext (a chunk of
 * one sentence always gets a random B), which is why it keeps only as
 * many NotNext pairs as IsNext ones. */
START_TEST(test_nsp_pairs_over_the_corpus)
{
    PretrainData d;
    Tokenizer tok;
    chapter_data(&d, &tok, 2000, 4096, 0, NULL);
    ck_assert_int_eq(d.n_preds, 0);
    long random = 0, masks = 0;
    for (int i = 0; i < d.n; i++) random += d.inst[i].is_random_next;
    for (long t = 0; t < d.n_tokens; t++) masks += d.tokens[t] == tok.mask_id;
    ck_assert_int_eq(masks, 0);
    double share = (double)random / d.n;
    ck_assert_msg(share > 0.55 && share < 0.70, "NotNext %.3f", share);
    pretrain_data_free(&d);
    tokenizer_free(&tok);
}
END_TEST

/* A small BERT and one fixed batch of the generated pairs. */
static void tiny_setup(Bert *m, Tokenizer *tok, PretrainData *d,
                       PretrainBatch *b, int max_predictions)
{
    chapter_data(d, tok, 60, 300, max_predictions, NULL);
    BertConfig cfg;
    bert_config_preset(&cfg, "tiny");
    cfg.vocab_size = tok->vocab.n;
    cfg.hidden_size = 32;
    cfg.num_attention_heads = 2;
    cfg.intermediate_size = 128;
    cfg.max_position_embeddings = 32;
    cfg.hidden_dropout_prob = 0.0f;
    ck_assert_int_eq(bert_build(m, &cfg, 0), 0);
    Rng rng;
    rng_seed(&rng, 1);
    bert_init(m, &rng);
    ck_assert_int_eq(bert_enable_training(m), 0);
    ck_assert_int_eq(pretrain_batch_alloc(b, 16, 32, max_predictions, 1), 0);
    int which[16];
    for (int i = 0; i < 16; i++) which[i] = i;
    ck_assert_int_eq(pretrain_batch_fill(b, d, which, 16), 0);
}

static void tiny_free(Bert *m, Tokenizer *tok, PretrainData *d,
                      PretrainBatch *b)
{
    pretrain_batch_free(b);
    pretrain_data_free(d);
    bert_free(m);
    tokenizer_free(tok);
}

START_TEST(test_mlm_alone_learns)
{
    Bert m;
    Tokenizer tok;
    PretrainData d;
    PretrainBatch b;
    tiny_setup(&m, &tok, &d, &b, 5);
    BertBatch in = {b.ids, b.segments, b.mask, b.B, b.T};
    BertHead head = {0};
    Rng rng;
    rng_seed(&rng, 2);
    float first = 0, last = 0;
    for (int step = 0; step < 40; step++) {
        bert_zero_grad(&m);
        ck_assert_int_eq(bert_forward(&m, &in, BERT_TRAIN, &rng), 0);
        float loss = bert_mlm_forward(&m, &head, b.mlm_positions,
                                      b.mlm_labels, b.M);
        ck_assert(loss > 0.0f);
        bert_mlm_backward(&m, &head, 1.0f);
        bert_backward(&m);
        bert_step(&m, lr_schedule(step, 4, 40, 3e-3f), 1.0f);
        if (step == 0) first = loss;
        last = loss;
    }
    ck_assert_msg(last < 0.5f * first, "MLM loss %.3f -> %.3f", first, last);
    bert_head_free(&head);
    tiny_free(&m, &tok, &d, &b);
}
END_TEST

START_TEST(test_nsp_alone_learns)
{
    Bert m;
    Tokenizer tok;
    PretrainData d;
    PretrainBatch b;
    tiny_setup(&m, &tok, &d, &b, 0);
    BertBatch in = {b.ids, b.segments, b.mask, b.B, b.T};
    BertHead head = {0};
    int is_next = 0;
    for (int i = 0; i < b.B; i++) is_next += b.nsp_labels[i] == 0;
    ck_assert(is_next > 0 && is_next < b.B);   // both labels present
    Rng rng;
    rng_seed(&rng, 2);
    float first = 0, last = 0;
    for (int step = 0; step < 100; step++) {
        bert_zero_grad(&m);
        ck_assert_int_eq(bert_forward(&m, &in, BERT_TRAIN, &rng), 0);
        float loss = bert_nsp_forward(&m, &head, b.nsp_labels);
        ck_assert(loss > 0.0f);
        bert_nsp_backward(&m, &head, 1.0f);
        bert_backward(&m);
        bert_step(&m, lr_schedule(step, 10, 100, 1e-3f), 1.0f);
        if (step == 0) first = loss;
        last = loss;
    }
    ck_assert_msg(last < 0.5f * first, "NSP loss %.3f -> %.3f", first, last);
    bert_head_free(&head);
    tiny_free(&m, &tok, &d, &b);
}
END_TEST

Suite *suite_pretrain_tasks(void)
{
    Suite *s = suite_create("pretrain_tasks");
    TCase *data = tcase_create("data");
    tcase_set_timeout(data, 60);
    tcase_add_test(data, test_masking_over_the_corpus);
    tcase_add_test(data, test_nsp_pairs_over_the_corpus);
    suite_add_tcase(s, data);
    TCase *train = tcase_create("training");
    tcase_set_timeout(train, 60);
    tcase_add_test(train, test_mlm_alone_learns);
    tcase_add_test(train, test_nsp_alone_learns);
    suite_add_tcase(s, train);
    return s;
}
