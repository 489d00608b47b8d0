/* Tests of the BERT model (bert.h, bert_heads.h): a tiny BertForPreTraining
 * against values frozen from an independent PyTorch implementation
 * (tools/make_bert_fixtures.py), finite differences on the loss of every
 * head, padding invariance, and what the model refuses. */
#include "bert.h"
#include "bert_heads.h"
#include "error.h"
#include "softmax.h"
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIX "bert_tiny.txt"

static float *fix(const char *name, long *n)
{
    return fixture_load(FIX, name, n);
}

static int *fix_ints(const char *name, long *n)
{
    float *f = fix(name, n);
    int *x = malloc((size_t)*n * sizeof *x);
    for (long i = 0; i < *n; i++) x[i] = (int)f[i];
    free(f);
    return x;
}

/* The fixture's model, with dropout off. */
static void build_fixture_model(Bert *m, int num_labels)
{
    long n;
    float *c = fix("config", &n);
    BertConfig cfg;
    ck_assert_int_eq(bert_config_preset(&cfg, "tiny"), 0);
    cfg.vocab_size = (int)c[0], cfg.hidden_size = (int)c[1];
    cfg.num_hidden_layers = (int)c[2], cfg.num_attention_heads = (int)c[3];
    cfg.intermediate_size = (int)c[4], cfg.max_position_embeddings = (int)c[5];
    cfg.type_vocab_size = (int)c[6];
    cfg.hidden_dropout_prob = 0.0f;
    cfg.attention_probs_dropout_prob = 0.0f;
    free(c);
    ck_assert_msg(bert_build(m, &cfg, num_labels) == 0, "%s", error_message());
    for (int i = 0; i < m->num_tensors; i++) {
        const BertTensor *t = &m->tensors[i];
        if (strncmp(t->name, "bert.", 5) && strncmp(t->name, "cls.", 4))
            continue; // fine-tuning heads are not in the fixture
        char key[128];
        snprintf(key, sizeof key, "p:%s", t->name);
        float *w = fix(key, &n);
        ck_assert_int_eq(n, t->size);
        memcpy(m->param_block + t->offset, w, sizeof(float) * n);
        free(w);
    }
    ck_assert_int_eq(bert_enable_training(m), 0);
}

typedef struct {
    int *ids, *seg, *mask, *pos, *mlm_labels, *nsp_labels;
    int B, T, M;
} FixBatch;

static FixBatch load_batch(void)
{
    long n;
    FixBatch b;
    float *c = fix("config", &n);
    b.B = (int)c[7], b.T = (int)c[8];
    free(c);
    b.ids = fix_ints("input_ids", &n);
    b.seg = fix_ints("token_type_ids", &n);
    b.mask = fix_ints("attention_mask", &n);
    b.pos = fix_ints("mlm_positions", &n);
    b.M = (int)n;
    b.mlm_labels = fix_ints("mlm_labels", &n);
    b.nsp_labels = fix_ints("nsp_labels", &n);
    return b;
}

static void free_batch(FixBatch *b)
{
    free(b->ids), free(b->seg), free(b->mask), free(b->pos);
    free(b->mlm_labels), free(b->nsp_labels);
}

START_TEST(test_pretraining_matches_pytorch)
{
    Bert m;
    build_fixture_model(&m, 0);
    FixBatch fb = load_batch();
    BertBatch batch = {fb.ids, fb.seg, fb.mask, fb.B, fb.T};
    Rng rng;
    rng_seed(&rng, 1);
    bert_zero_grad(&m);
    ck_assert_int_eq(bert_forward(&m, &batch, BERT_TRAIN, &rng), 0);
    BertHead mlm = {0}, nsp = {0};
    float loss = bert_mlm_forward(&m, &mlm, fb.pos, fb.mlm_labels, fb.M) +
                 bert_nsp_forward(&m, &nsp, fb.nsp_labels);
    long n;
    float *want = fix("hidden", &n);
    expect_close(m.acts.hidden, want, n, 1e-4f, 0.0f, "hidden");
    free(want);
    want = fix("pooled", &n);
    expect_close(m.acts.pooled, want, n, 1e-4f, 0.0f, "pooled");
    free(want);
    want = fix("mlm_logits", &n);
    expect_close(mlm.logits, want, n, 1e-4f, 0.0f, "mlm logits");
    free(want);
    want = fix("nsp_logits", &n);
    expect_close(nsp.logits, want, n, 1e-4f, 0.0f, "nsp logits");
    free(want);
    want = fix("loss", &n);
    expect_close(&loss, want, 1, 0.0f, 1e-3f, "loss");
    free(want);
    bert_mlm_backward(&m, &mlm, 1.0f);
    bert_nsp_backward(&m, &nsp, 1.0f);
    bert_backward(&m);
    for (int i = 0; i < m.num_tensors; i++) {
        const BertTensor *t = &m.tensors[i];
        if (strncmp(t->name, "bert.", 5) && strncmp(t->name, "cls.", 4))
            continue;
        char key[128];
        snprintf(key, sizeof key, "g:%s", t->name);
        want = fix(key, &n);
        // 1e-3 relative, with a floor for gradients that are nearly 0
        expect_close(m.grad_block + t->offset, want, n, 1e-5f, 1e-3f,
                     t->name);
        free(want);
    }
    bert_head_free(&mlm), bert_head_free(&nsp);
    free_batch(&fb);
    bert_free(&m);
}
END_TEST

/* The loss of every head at once, for finite differences. */
typedef struct {
    Bert *m;
    FixBatch *fb;
    BertHead mlm, nsp, cls, qa;
    int cls_labels[2], qa_labels[4];
} Whole;

static double whole_loss(Whole *w, int backward)
{
    BertBatch batch = {w->fb->ids, w->fb->seg, w->fb->mask, w->fb->B,
                       w->fb->T};
    Rng rng;
    rng_seed(&rng, 1);
    if (backward) bert_zero_grad(w->m);
    ck_assert_int_eq(bert_forward(w->m, &batch, BERT_TRAIN, &rng), 0);
    double loss =
        bert_mlm_forward(w->m, &w->mlm, w->fb->pos, w->fb->mlm_labels,
                         w->fb->M) +
        bert_nsp_forward(w->m, &w->nsp, w->fb->nsp_labels) +
        bert_classifier_forward(w->m, &w->cls, w->cls_labels, &rng) +
        bert_qa_forward(w->m, &w->qa, w->qa_labels);
    if (backward) {
        bert_mlm_backward(w->m, &w->mlm, 1.0f);
        bert_nsp_backward(w->m, &w->nsp, 1.0f);
        bert_classifier_backward(w->m, &w->cls, 1.0f);
        bert_qa_backward(w->m, &w->qa, 1.0f);
        bert_backward(w->m);
    }
    return loss;
}

START_TEST(test_every_head_finite_differences)
{
    /* 3 entries of every tensor, perturbed by ±1e-2 in float32: the loss
     * is a sum of means of order 1, so the numeric slope is good to about
     * 1e-4 · |loss| / 1e-2; 3e-3 absolute + 3e-2 relative covers it and
     * no wrong backward. */
    Bert m;
    build_fixture_model(&m, 3);
    Rng rng;
    rng_seed(&rng, 9);
    rng_fill_normal(&rng, m.params.cls_w, 3L * m.cfg.hidden_size, 0, 0.2f);
    rng_fill_normal(&rng, m.params.qa_w, 2L * m.cfg.hidden_size, 0, 0.2f);
    FixBatch fb = load_batch();
    Whole w = {&m, &fb, {0}, {0}, {0}, {0}, {2, 0}, {1, 2, 3, 5}};
    whole_loss(&w, 1);
    float *analytic = malloc(sizeof(float) * m.num_params);
    memcpy(analytic, m.grad_block, sizeof(float) * m.num_params);
    for (int i = 0; i < m.num_tensors; i++) {
        const BertTensor *t = &m.tensors[i];
        float got[3], num[3];
        for (int k = 0; k < 3; k++) {
            long at = t->offset + rng_int(&rng, (int)t->size);
            float *x = m.param_block + at, saved = *x;
            *x = saved + 1e-2f;
            double lp = whole_loss(&w, 0);
            *x = saved - 1e-2f;
            double lm = whole_loss(&w, 0);
            *x = saved;
            num[k] = (float)((lp - lm) / 2e-2);
            got[k] = analytic[at];
        }
        expect_close(got, num, 3, 3e-3f, 3e-2f, t->name);
    }
    free(analytic);
    bert_head_free(&w.mlm), bert_head_free(&w.nsp);
    bert_head_free(&w.cls), bert_head_free(&w.qa);
    free_batch(&fb);
    bert_free(&m);
}
END_TEST

START_TEST(test_padding_does_not_change_real_tokens)
{
    Bert m;
    build_fixture_model(&m, 0);
    int ids[8] = {2, 17, 45, 9, 33, 21, 0, 0}, seg[8] = {0, 0, 0, 1, 1, 1};
    int mask[8] = {1, 1, 1, 1, 1, 1, 0, 0};
    BertBatch shorter = {ids, seg, NULL, 1, 6}, padded = {ids, seg, mask, 1, 8};
    int C = m.cfg.hidden_size;
    float want[6 * 64];
    ck_assert_int_eq(bert_forward(&m, &shorter, BERT_EVAL, NULL), 0);
    memcpy(want, m.acts.hidden, sizeof(float) * 6 * C);
    float pooled[64];
    memcpy(pooled, m.acts.pooled, sizeof(float) * C);
    ck_assert_int_eq(bert_forward(&m, &padded, BERT_EVAL, NULL), 0);
    expect_close(m.acts.hidden, want, 6L * C, 1e-6f, 0.0f, "padded hidden");
    expect_close(m.acts.pooled, pooled, C, 1e-6f, 0.0f, "padded pooled");
    bert_free(&m);
}
END_TEST

START_TEST(test_eval_keeps_attention_when_asked)
{
    Bert m;
    build_fixture_model(&m, 0);
    int ids[5] = {2, 5, 6, 7, 3};
    BertBatch batch = {ids, NULL, NULL, 1, 5};
    ck_assert_int_eq(bert_forward(&m, &batch, BERT_EVAL_ATTENTION, NULL), 0);
    int L = m.cfg.num_hidden_layers, NH = m.cfg.num_attention_heads;
    for (int row = 0; row < L * NH * 5; row++) {
        double sum = 0;
        for (int k = 0; k < 5; k++) sum += m.acts.att[row * 5 + k];
        ck_assert_double_eq_tol(sum, 1.0, 1e-5);
    }
    float hidden[5 * 64];
    memcpy(hidden, m.acts.hidden, sizeof(float) * 5 * m.cfg.hidden_size);
    ck_assert_int_eq(bert_forward(&m, &batch, BERT_EVAL, NULL), 0);
    ck_assert(!memcmp(hidden, m.acts.hidden,
                      sizeof(float) * 5 * m.cfg.hidden_size));
    bert_free(&m);
}
END_TEST

START_TEST(test_bad_input_is_refused)
{
    Bert m;
    build_fixture_model(&m, 0);
    int ids[20] = {0}, seg[20] = {0};
    BertBatch too_long = {ids, NULL, NULL, 1, 20};
    ck_assert_int_ne(bert_forward(&m, &too_long, BERT_EVAL, NULL), 0);
    ck_assert_ptr_nonnull(strstr(error_message(), "at most 16"));
    ids[3] = 100;
    BertBatch bad_id = {ids, NULL, NULL, 1, 5};
    ck_assert_int_ne(bert_forward(&m, &bad_id, BERT_EVAL, NULL), 0);
    ck_assert_ptr_nonnull(strstr(error_message(), "vocabulary"));
    ids[3] = 1;
    seg[2] = 2;
    BertBatch bad_seg = {ids, seg, NULL, 1, 5};
    ck_assert_int_ne(bert_forward(&m, &bad_seg, BERT_EVAL, NULL), 0);
    BertHead h = {0};
    ck_assert_float_lt(bert_classifier_forward(&m, &h, NULL, NULL), 0.0f);
    bert_head_free(&h);
    bert_free(&m);
    BertConfig cfg;
    bert_config_preset(&cfg, "tiny");
    cfg.num_attention_heads = 3; // 128 is not divisible by 3
    ck_assert_int_ne(bert_build(&m, &cfg, 0), 0);
}
END_TEST

START_TEST(test_base_and_large_sizes)
{
    /* The tensor table covers the parameter block exactly once. */
    const char *names[2] = {"base", "tiny"};
    for (int k = 0; k < 2; k++) {
        BertConfig cfg;
        Bert m;
        bert_config_preset(&cfg, names[k]);
        ck_assert_int_eq(bert_build(&m, &cfg, 2), 0);
        long covered = 0;
        for (int i = 0; i < m.num_tensors; i++) covered += m.tensors[i].size;
        ck_assert_int_eq(covered, m.num_params);
        long with_heads = bert_config_param_count_pretraining(&cfg);
        long extra = 2L * cfg.hidden_size + 2 + 2L * (cfg.hidden_size + 1);
        ck_assert_int_eq(m.num_params, with_heads + extra);
        bert_free(&m);
    }
}
END_TEST

Suite *suite_bert(void)
{
    Suite *s = suite_create("bert");
    TCase *tc = tcase_create("model");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_pretraining_matches_pytorch);
    tcase_add_test(tc, test_every_head_finite_differences);
    tcase_add_test(tc, test_padding_does_not_change_real_tokens);
    tcase_add_test(tc, test_eval_keeps_attention_when_asked);
    tcase_add_test(tc, test_bad_input_is_refused);
    tcase_add_test(tc, test_base_and_large_sizes);
    suite_add_tcase(s, tc);
    return s;
}
