/* The facts about attention that chapters 03, 04 and 05 print, checked on
 * their example: ten tokens of "[SOS] Before my bed lies a pool of moon
 * bright" as rows of a random table (std 0.2, seed 42) plus the sinusoidal
 * positions, d_model 512. Attention rows sum to 1; with Q = K = V = X each
 * token weighs itself most; attention alone does not notice a shuffle of
 * its input; and under the causal mask a change of the last token leaves
 * every earlier output bit for bit the same, while without it they move. */
#include "attention.h"
#include "embedding.h"
#include "matmul.h"
#include "posenc.h"
#include "rng.h"
#include "softmax.h"
#include "testutil.h"

#include <math.h>
#include <string.h>

enum { T = 10, C = 512, V = 21, NH = 8, FROST = 17 };
static const int IDS[T] = {1, 3, 4, 5, 6, 7, 8, 9, 10, 11};

typedef struct {
    float table[V * C];       /* (V, C) */
    float pe[T * C];          /* (T, C) */
    float x[T * C];           /* (T, C) E[ids] + PE */
    float w_qkv[3 * C * C];   /* (3C, C) */
    float qkv[T * 3 * C];     /* (T, 3C) */
    float out[T * C];         /* (T, C) */
    float att[NH * T * T];    /* (NH, T, T) */
    float preatt[NH * T * T]; /* (NH, T, T) */
} Example;

static Example ex; /* large: kept off the stack */

static void build(Example *e, const int *ids)
{
    Rng rng;
    rng_seed(&rng, 42);
    rng_fill_normal(&rng, e->table, (long)V * C, 0.0f, 0.2f);
    rng_fill_normal(&rng, e->w_qkv, 3L * C * C, 0.0f, 2.0f / sqrtf(C));
    ck_assert_int_eq(posenc_table(e->pe, T, C), 0);
    int positions[T];
    for (int t = 0; t < T; t++) positions[t] = t;
    memset(e->x, 0, sizeof e->x);
    embedding_forward(e->x, ids, e->table, T, C);
    embedding_forward(e->x, positions, e->pe, T, C);
}

/* qkv from x (T, C): Q = K = V = x, or through W_qkv. */
static void make_qkv(Example *e, const float *x, int project)
{
    if (project) {
        matmul_forward(e->qkv, x, e->w_qkv, NULL, T, C, 3 * C);
        return;
    }
    for (int t = 0; t < T; t++)
        for (int j = 0; j < 3; j++)
            memcpy(e->qkv + t * 3 * C + j * C, x + t * C, sizeof(float) * C);
}

static void expect_rows_sum_to_one(const float *att, int rows)
{
    for (int r = 0; r < rows; r++) {
        double sum = 0.0;
        for (int j = 0; j < T; j++) {
            ck_assert(att[r * T + j] >= 0.0f);
            sum += att[r * T + j];
        }
        ck_assert_msg(fabs(sum - 1.0) < 1e-6, "row %d sums to %.9f", r, sum);
    }
}

START_TEST(test_rows_sum_to_one_and_self_wins)
{
    build(&ex, IDS);
    make_qkv(&ex, ex.x, 0);
    attention_forward(ex.out, ex.att, ex.preatt, ex.qkv, NULL, 0, 1, T, C, 1);
    expect_rows_sum_to_one(ex.att, T);
    // Q = K = V = X: every row's largest weight is on the diagonal
    for (int t = 0; t < T; t++)
        for (int j = 0; j < T; j++)
            if (j != t) ck_assert(ex.att[t * T + t] > ex.att[t * T + j]);
    // the steps of chapter 04 by hand give the same scores and weights
    float scores[T * T], att[T * T];
    matmul_forward(scores, ex.x, ex.x, NULL, T, C, T);
    for (int i = 0; i < T * T; i++) scores[i] *= 1.0f / sqrtf((float)C);
    softmax_forward(att, scores, T, T);
    expect_close(scores, ex.preatt, T * T, 1e-5f, 1e-6f, "scores");
    expect_close(att, ex.att, T * T, 1e-6f, 1e-6f, "softmax");
    // with projections and 8 heads, every row of every head sums to 1 too
    make_qkv(&ex, ex.x, 1);
    attention_forward(ex.out, ex.att, NULL, ex.qkv, NULL, 0, 1, T, C, NH);
    expect_rows_sum_to_one(ex.att, NH * T);
}
END_TEST

START_TEST(test_causal_mask_hides_the_future)
{
    static float out_a[T * C], x2[T * C];
    // x2: the same sentence, its last token "bright" replaced by "frost"
    int ids2[T];
    memcpy(ids2, IDS, sizeof ids2);
    ids2[T - 1] = FROST;
    build(&ex, ids2);
    memcpy(x2, ex.x, sizeof x2);
    build(&ex, IDS);
    ck_assert(memcmp(x2, ex.x, sizeof(float) * (T - 1) * C) == 0);
    long early = (long)(T - 1) * C; // rows 0..T-2
    for (int project = 0; project < 2; project++) {
        int nh = project ? NH : 1;
        for (int causal = 1; causal >= 0; causal--) {
            make_qkv(&ex, ex.x, project);
            attention_forward(out_a, ex.att, NULL, ex.qkv, NULL, causal, 1,
                              T, C, nh);
            make_qkv(&ex, x2, project);
            attention_forward(ex.out, ex.att, ex.preatt, ex.qkv, NULL,
                              causal, 1, T, C, nh);
            float change = 0.0f;
            for (long i = 0; i < early; i++)
                change = fmaxf(change, fabsf(ex.out[i] - out_a[i]));
            if (causal) {
                ck_assert_msg(memcmp(ex.out, out_a, sizeof(float) * early)
                                  == 0, "causal: earlier rows changed by %g",
                              change);
                // the changed token's own row does change
                float last = 0.0f;
                for (int c = 0; c < C; c++)
                    last = fmaxf(last, fabsf(ex.out[early + c] -
                                             out_a[early + c]));
                ck_assert(last > 1e-3f);
            } else {
                ck_assert_msg(change > 1e-3f, "full attention: the earlier "
                              "rows moved only %g", change);
            }
        }
    }
    // the masked scores and weights: -inf and exactly 0 above the diagonal
    make_qkv(&ex, ex.x, 0);
    attention_forward(ex.out, ex.att, ex.preatt, ex.qkv, NULL, 1, 1, T, C, 1);
    for (int i = 0; i < T; i++)
        for (int j = 0; j < T; j++)
            if (j > i) {
                ck_assert(isinf(ex.preatt[i * T + j]) &&
                          ex.preatt[i * T + j] < 0);
                ck_assert(ex.att[i * T + j] == 0.0f);
            } else {
                ck_assert(isfinite(ex.preatt[i * T + j]));
            }
    ck_assert_float_eq(ex.att[0], 1.0f); // the first token sees only itself
    expect_rows_sum_to_one(ex.att, T);
}
END_TEST

/* Chapter 03: shuffling the input rows shuffles the output rows the same
 * way, unless the positions are added. Returns max |yb[t] - ya[perm[t]]|. */
static float shuffle_gap(const float *x, const int *perm, const float *pe)
{
    static float xa[T * C], xb[T * C], ya[T * C], yb[T * C];
    for (int t = 0; t < T; t++) {
        memcpy(xa + t * C, x + t * C, sizeof(float) * C);
        memcpy(xb + t * C, x + perm[t] * C, sizeof(float) * C);
        if (pe)
            for (int c = 0; c < C; c++) {
                xa[t * C + c] += pe[t * C + c];
                xb[t * C + c] += pe[t * C + c];
            }
    }
    make_qkv(&ex, xa, 0);
    attention_forward(ya, ex.att, NULL, ex.qkv, NULL, 0, 1, T, C, 1);
    make_qkv(&ex, xb, 0);
    attention_forward(yb, ex.att, NULL, ex.qkv, NULL, 0, 1, T, C, 1);
    float gap = 0.0f;
    for (int t = 0; t < T; t++)
        for (int c = 0; c < C; c++)
            gap = fmaxf(gap, fabsf(yb[t * C + c] - ya[perm[t] * C + c]));
    return gap;
}

START_TEST(test_attention_alone_ignores_order)
{
    static float x[T * C];
    build(&ex, IDS);
    Rng rng;
    rng_seed(&rng, 42);
    int perm[T];
    for (int t = 0; t < T; t++) perm[t] = t;
    rng_shuffle_int(&rng, perm, T);
    rng_fill_normal(&rng, x, (long)T * C, 0.0f, 1.0f);
    int moved = 0;
    for (int t = 0; t < T; t++) moved += perm[t] != t;
    ck_assert_int_gt(moved, 0);
    float blind = shuffle_gap(x, perm, NULL);
    float seen = shuffle_gap(x, perm, ex.pe);
    ck_assert_msg(blind < 1e-5f, "no positions: gap %g", blind);
    ck_assert_msg(seen > 0.1f, "with positions: gap only %g", seen);
}
END_TEST

Suite *suite_attention_properties(void)
{
    Suite *s = suite_create("attention_properties");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_rows_sum_to_one_and_self_wins);
    tcase_add_test(tc, test_causal_mask_hides_the_future);
    tcase_add_test(tc, test_attention_alone_ignores_order);
    suite_add_tcase(s, tc);
    return s;
}
