/* Tests of window_lm.h: the examples it cuts, its backward pass against
 * finite differences, sampling, the lowest reachable loss, and what
 * chapter 01 says of the poem: the loss falls, the student who remembers
 * two characters is torn between 光 and the line break after 明月, and
 * the one who remembers three recites the whole poem. */
#include "adamw.h"
#include "error.h"
#include "testutil.h"
#include "toy_tokenizer.h"
#include "window_lm.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The poem as chapter 01 reads it: [SOS] [EOS] "\n" get ids 0, 1, 2, then
 * the characters; lines end with "\n", the poem with [EOS]: 24 tokens. */
typedef struct {
    ToyVocab v;
    ToyIds ids;
} Poem;

static void poem_make(Poem *p)
{
    static const char *const lines[4] = {"床前明月光", "疑是地上霜",
                                         "举头望明月", "低头思故乡"};
    memset(p, 0, sizeof *p);
    ck_assert_int_eq(toy_vocab_add(&p->v, "[SOS]", 5), 0);
    ck_assert_int_eq(toy_vocab_add(&p->v, "[EOS]", 5), 1);
    ck_assert_int_eq(toy_vocab_add(&p->v, "\n", 1), 2);
    for (int i = 0; i < 4; i++) {
        ck_assert_int_eq(toy_split_chars(&p->v, lines[i], TOY_ADD, &p->ids),
                         0);
        ck_assert_int_eq(toy_ids_push(&p->ids, i < 3 ? 2 : 1), 0);
    }
    ck_assert_int_eq(p->ids.n, 24);
    ck_assert_int_eq(p->v.n, 20);
}

static void poem_free(Poem *p)
{
    toy_ids_free(&p->ids);
    toy_vocab_free(&p->v);
}

static const int BEFORE[3] = {-3, -2, -1};

START_TEST(test_examples)
{
    int ids[5] = {10, 11, 12, 13, 14}, ctx[5 * 4], tgt[5];
    ck_assert_int_eq(window_lm_examples(ctx, tgt, ids, 5, BEFORE + 1, 2, 99),
                     5);
    int want[10] = {99, 99, 99, 10, 10, 11, 11, 12, 12, 13};
    for (int i = 0; i < 10; i++) ck_assert_int_eq(ctx[i], want[i]);
    for (int i = 0; i < 5; i++) ck_assert_int_eq(tgt[i], ids[i]);
    const int around[4] = {-2, -1, 1, 2};
    window_lm_examples(ctx, tgt, ids, 5, around, 4, 0);
    int want2[20] = {0, 0, 11, 12,   0, 10, 12, 13,   10, 11, 13, 14,
                     11, 12, 14, 0,  12, 13, 0, 0};
    for (int i = 0; i < 20; i++) ck_assert_int_eq(ctx[i], want2[i]);
}
END_TEST

/* Loss of the batch as a function of the parameters, in double. */
static double batch_loss(WindowLm *lm, const int *ctx, const int *tgt, int B)
{
    window_lm_forward(lm, ctx, tgt, B);
    double l = 0.0;
    for (int b = 0; b < B; b++)
        l -= log((double)lm->probs[b * lm->cfg.vocab + tgt[b]]);
    return l / B;
}

START_TEST(test_backward_matches_finite_differences)
{
    WindowLmConfig cfg = {7, 3, 4, 5};
    WindowLm lm;
    ck_assert_int_eq(window_lm_build(&lm, &cfg, 6, 3), 0);
    // bigger weights than the initialisation, so every path matters
    fill_random(lm.mem[0], lm.n_params, -1.0f, 1.0f, 11);
    int ctx[6 * 3] = {0, 1, 2, 3, 4, 5, 6, 6, 0, 2, 2, 2, 1, 0, 1, 5, 3, 4};
    int tgt[6] = {3, 0, 6, 2, 1, 2};
    memset(lm.mem[1], 0, (size_t)lm.n_params * sizeof(float));
    window_lm_forward(&lm, ctx, tgt, 6);
    window_lm_backward(&lm, ctx, tgt, 6);
    float *num = malloc((size_t)lm.n_params * sizeof *num);
    const float h = 1e-2f;
    for (long i = 0; i < lm.n_params; i++) {
        float saved = lm.mem[0][i];
        lm.mem[0][i] = saved + h;
        double lp = batch_loss(&lm, ctx, tgt, 6);
        lm.mem[0][i] = saved - h;
        double lm_ = batch_loss(&lm, ctx, tgt, 6);
        lm.mem[0][i] = saved;
        num[i] = (float)((lp - lm_) / (2.0 * h));
    }
    // rows of wte no context uses (none here) would get exactly 0
    expect_close(lm.mem[1], num, lm.n_params, 2e-3f, 2e-2f,
                 "window_lm gradients");
    free(num);
    window_lm_free(&lm);
}
END_TEST

START_TEST(test_sample)
{
    float p[4] = {0.2f, 0.5f, 0.1f, 0.2f};
    Rng rng;
    rng_seed(&rng, 5);
    ck_assert_int_eq(window_lm_sample(p, 4, 0.0f, &rng), 1);
    float tie[3] = {0.4f, 0.2f, 0.4f};
    ck_assert_int_eq(window_lm_sample(tie, 3, 0.0f, &rng), 0);
    // T = 1 draws from p; T = 0.5 from p² renormalised
    const float temps[2] = {1.0f, 0.5f};
    const double want[2][4] = {{0.2, 0.5, 0.1, 0.2},
                               {0.04 / 0.34, 0.25 / 0.34, 0.01 / 0.34,
                                0.04 / 0.34}};
    for (int t = 0; t < 2; t++) {
        int count[4] = {0};
        for (int i = 0; i < 20000; i++)
            count[window_lm_sample(p, 4, temps[t], &rng)]++;
        for (int v = 0; v < 4; v++)
            ck_assert_msg(fabs(count[v] / 20000.0 - want[t][v]) < 0.015,
                          "T %g token %d: %d draws", (double)temps[t], v,
                          count[v]);
    }
}
END_TEST

START_TEST(test_best_loss_of_the_poem)
{
    Poem p;
    poem_make(&p);
    int n = p.ids.n, ctx[24 * 3], tgt[24];
    // one token: 月 -> 光 or "\n", 头 -> 望 or 思, "\n" -> 疑, 举 or 低
    window_lm_examples(ctx, tgt, p.ids.ids, n, BEFORE + 2, 1, 0);
    ck_assert_double_eq_tol(window_lm_best_loss(ctx, tgt, n, 1),
                            (4 * log(2.0) + 3 * log(3.0)) / 24, 1e-12);
    // two tokens: only 明月 -> 光 or "\n" is left, 2 ln 2 / 24 = 0.0578
    window_lm_examples(ctx, tgt, p.ids.ids, n, BEFORE + 1, 2, 0);
    ck_assert_double_eq_tol(window_lm_best_loss(ctx, tgt, n, 2),
                            2 * log(2.0) / 24, 1e-12);
    // three tokens decide every next character
    window_lm_examples(ctx, tgt, p.ids.ids, n, BEFORE, 3, 0);
    ck_assert_double_eq(window_lm_best_loss(ctx, tgt, n, 3), 0.0);
    ck_assert_double_eq(window_lm_best_loss(ctx, tgt, 0, 3), 0.0);
    poem_free(&p);
}
END_TEST

/* Trains a K-token model on the poem as chapter 01 does; losses (steps). */
static void train_poem(WindowLm *lm, const Poem *p, int K, int steps,
                       float *losses)
{
    int n = p->ids.n, ctx[24 * 3], tgt[24];
    WindowLmConfig cfg = {p->v.n, K, 16, 64};
    ck_assert_int_eq(window_lm_build(lm, &cfg, n, 42 + K), 0);
    window_lm_examples(ctx, tgt, p->ids.ids, n, BEFORE + 3 - K, K, 0);
    for (int s = 0; s < steps; s++)
        losses[s] = window_lm_train_step(
            lm, ctx, tgt, n, lr_schedule(s, steps / 10, steps, 1e-3f));
}

START_TEST(test_the_poem_is_learned)
{
    Poem p;
    poem_make(&p);
    float loss[300];
    WindowLm lm2, lm3;
    train_poem(&lm2, &p, 2, 300, loss);
    ck_assert_msg(loss[100] < 0.5f * loss[0], "loss %f after 100 steps, %f "
                  "at first", (double)loss[100], (double)loss[0]);
    ck_assert_float_eq_tol(loss[0], logf(20.0f), 0.05f);   // uniform guess
    ck_assert_float_lt(loss[299], 2 * logf(2.0f) / 24 + 0.01f);
    // after 明月 the lazy student cannot tell line 1 from line 3
    int ctx[3] = {p.ids.ids[15], p.ids.ids[16], 0};
    const float *probs = window_lm_predict(&lm2, ctx);
    int light = toy_vocab_id(&p.v, "光");
    ck_assert_float_eq_tol(probs[light], 0.5f, 0.03f);
    ck_assert_float_eq_tol(probs[2], 0.5f, 0.03f);
    // the student who remembers three recites it all from 床前
    train_poem(&lm3, &p, 3, 300, loss);
    int seq[40] = {p.ids.ids[0], p.ids.ids[1]}, n = 2;
    Rng rng;
    rng_seed(&rng, 1);
    while (n < 40 && seq[n - 1] != 1) {
        int c[3];
        for (int k = 0; k < 3; k++) c[k] = n - 3 + k >= 0 ? seq[n - 3 + k] : 0;
        seq[n] = window_lm_sample(window_lm_predict(&lm3, c), p.v.n, 0.0f,
                                  &rng);
        n++;
    }
    ck_assert_int_eq(n, 24);
    for (int i = 0; i < 24; i++) ck_assert_int_eq(seq[i], p.ids.ids[i]);
    window_lm_free(&lm2);
    window_lm_free(&lm3);
    poem_free(&p);
}
END_TEST

START_TEST(test_bad_configuration)
{
    WindowLm lm;
    WindowLmConfig bad[4] = {{0, 2, 16, 64}, {20, 0, 16, 64},
                             {20, WINDOW_LM_MAX_CONTEXT + 1, 16, 64},
                             {20, 2, 16, 0}};
    for (int i = 0; i < 4; i++) {
        ck_assert_int_eq(window_lm_build(&lm, &bad[i], 8, 1), -1);
        ck_assert_ptr_nonnull(strstr(error_message(), "out of range"));
    }
    WindowLmConfig ok = {20, 2, 16, 64};
    ck_assert_int_eq(window_lm_build(&lm, &ok, 0, 1), -1);
    window_lm_free(&lm);   // harmless after a failure
}
END_TEST

Suite *suite_window_lm(void)
{
    Suite *s = suite_create("window_lm");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_examples);
    tcase_add_test(tc, test_backward_matches_finite_differences);
    tcase_add_test(tc, test_sample);
    tcase_add_test(tc, test_best_loss_of_the_poem);
    tcase_add_test(tc, test_the_poem_is_learned);
    tcase_add_test(tc, test_bad_configuration);
    suite_add_tcase(s, tc);
    return s;
}
