/* Tests of posenc.h: the table against the formula in double precision,
 * the shift by k positions as one rotation, the dot product that depends
 * only on the distance, and the refusal of an odd d_model. These are the
 * numbers chapter 03 prints. */
#include "error.h"
#include "matmul.h"
#include "posenc.h"
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { C = 512, ROWS = 1100 };
#define TWO_PI 6.28318530717958647692

static float *table(int T, int d)
{
    float *pe = malloc(sizeof(float) * T * d);
    ck_assert_ptr_nonnull(pe);
    ck_assert_int_eq(posenc_table(pe, T, d), 0);
    return pe;
}

START_TEST(test_values_match_the_formula)
{
    float *pe = table(ROWS, C);
    // a few (position, pair) checked by hand, then every entry
    ck_assert_float_eq(pe[0], 0.0f);               // sin 0
    ck_assert_float_eq(pe[1], 1.0f);               // cos 0
    ck_assert_float_eq_tol(pe[C], 0.84147098f, 1e-7f);     // sin 1
    ck_assert_float_eq_tol(pe[C + 1], 0.54030231f, 1e-7f); // cos 1
    // PE(50)[10] = sin(50 / 10000^(10/512))
    ck_assert_float_eq_tol(pe[50 * C + 10],
                           (float)sin(50.0 / pow(10000.0, 10.0 / 512)),
                           1e-7f);
    double worst = 0.0;
    for (int p = 0; p < ROWS; p++)
        for (int i = 0; i < C / 2; i++) {
            double a = p / pow(10000.0, 2.0 * i / C);
            worst = fmax(worst, fabs(pe[p * C + 2 * i] - sin(a)));
            worst = fmax(worst, fabs(pe[p * C + 2 * i + 1] - cos(a)));
        }
    // rounded once to float: at most half a unit in the last place of 1
    ck_assert_msg(worst <= 6e-8, "max |PE - formula| = %g", worst);
    free(pe);
}
END_TEST

START_TEST(test_frequencies)
{
    ck_assert_double_eq(posenc_frequency(0, C), 1.0);
    ck_assert_double_eq_tol(posenc_frequency(C / 2 - 1, C),
                            pow(10000.0, -510.0 / 512), 1e-15);
    // the slowest wavelength is close to, and below, 10000 · 2π
    double slow = TWO_PI / posenc_frequency(C / 2 - 1, C);
    ck_assert(slow > 60000 && slow < 10000 * TWO_PI);
}
END_TEST

/* max |M PE(p) - PE(p + k)| over the row, with M from posenc_shift_matrix
 * and the product from matmul_forward, as chapter 03 computes it. */
static float shift_error(const float *pe, const float *m, int p, int k)
{
    float moved[C];
    matmul_forward(moved, pe + (long)p * C, m, NULL, 1, C, C);
    float worst = 0.0f;
    for (int c = 0; c < C; c++)
        worst = fmaxf(worst, fabsf(moved[c] - pe[(long)(p + k) * C + c]));
    return worst;
}

START_TEST(test_shift_is_a_rotation)
{
    float *pe = table(ROWS, C);
    float *m = malloc(sizeof(float) * C * C);
    ck_assert_ptr_nonnull(m);
    const int ks[] = {1, 5, 50, -3}, ps[] = {3, 7, 50, 200, 511, 1000};
    for (int a = 0; a < 4; a++) {
        ck_assert_int_eq(posenc_shift_matrix(m, ks[a], C), 0);
        for (int b = 0; b < 6; b++) {
            float e = shift_error(pe, m, ps[b], ks[a]);
            ck_assert_msg(e < 1e-5f, "k %d, p %d: max |M PE(p) - PE(p+k)| "
                          "= %g", ks[a], ps[b], e);
        }
    }
    // block diagonal: 2 x 2 blocks, nothing else
    ck_assert_int_eq(posenc_shift_matrix(m, 5, C), 0);
    long nonzero = 0;
    for (long i = 0; i < (long)C * C; i++) nonzero += m[i] != 0.0f;
    ck_assert_int_le(nonzero, 2 * C);
    ck_assert_float_eq(m[1 * C + 3], 0.0f);
    // a rotation: M Mᵀ = I
    float *mmt = malloc(sizeof(float) * C * C);
    ck_assert_ptr_nonnull(mmt);
    matmul_forward(mmt, m, m, NULL, C, C, C);
    float worst = 0.0f;
    for (int i = 0; i < C; i++)
        for (int j = 0; j < C; j++)
            worst = fmaxf(worst, fabsf(mmt[i * C + j] - (i == j)));
    ck_assert_msg(worst < 1e-6f, "max |M Mt - I| = %g", worst);
    // k = 0 is the identity, exactly
    ck_assert_int_eq(posenc_shift_matrix(m, 0, C), 0);
    for (int i = 0; i < C; i++)
        for (int j = 0; j < C; j++)
            ck_assert_float_eq(m[i * C + j], (float)(i == j));
    free(mmt);
    free(m);
    free(pe);
}
END_TEST

START_TEST(test_dot_depends_only_on_distance)
{
    float *pe = table(ROWS, C);
    const int ks[] = {0, 1, 4, 5, 64}, ps[] = {0, 10, 100, 300, 1000};
    for (int a = 0; a < 5; a++) {
        double want = posenc_distance_dot(ks[a], C);
        for (int b = 0; b < 5; b++) {
            const float *u = pe + (long)ps[b] * C;
            const float *v = pe + (long)(ps[b] + ks[a]) * C;
            double dot = 0.0;
            for (int c = 0; c < C; c++) dot += (double)u[c] * v[c];
            ck_assert_msg(fabs(dot - want) < 1e-4, "p %d, k %d: %.6f, "
                          "closed form %.6f", ps[b], ks[a], dot, want);
        }
    }
    // the numbers chapter 03 prints
    ck_assert_double_eq_tol(posenc_distance_dot(0, C), 256.0, 1e-12);
    ck_assert_double_eq_tol(posenc_distance_dot(5, C), 189.5967, 1e-4);
    ck_assert_double_eq_tol(posenc_distance_dot(-5, C), 189.5967, 1e-4);
    ck_assert(posenc_distance_dot(1, C) > posenc_distance_dot(8, C));
    ck_assert(posenc_distance_dot(8, C) > posenc_distance_dot(256, C));
    free(pe);
}
END_TEST

START_TEST(test_bad_sizes_are_refused)
{
    float pe[12], m[9];
    ck_assert_int_eq(posenc_table(pe, 4, 3), -1);
    ck_assert_ptr_nonnull(strstr(error_message(), "even"));
    ck_assert_ptr_nonnull(strstr(error_message(), "got 3"));
    ck_assert_int_eq(posenc_table(pe, 4, 0), -1);
    ck_assert_int_eq(posenc_table(pe, 2, -6), -1);
    ck_assert_int_eq(posenc_table(pe, -1, 4), -1);
    ck_assert_ptr_nonnull(strstr(error_message(), "-1 positions"));
    ck_assert_int_eq(posenc_shift_matrix(m, 1, 3), -1);
    ck_assert_double_eq(posenc_distance_dot(1, 3), 0.0);
    ck_assert_int_eq(posenc_table(pe, 0, 4), 0); // no rows: nothing to do
    ck_assert_int_eq(posenc_table(pe, 3, 4), 0);
    // PE(1)[2] = sin(1 · 10000^(-2/4)) = sin(0.01)
    ck_assert_float_eq_tol(pe[4 + 2], 0.0099998333f, 1e-9f);
}
END_TEST

Suite *suite_posenc(void)
{
    Suite *s = suite_create("posenc");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_values_match_the_formula);
    tcase_add_test(tc, test_frequencies);
    tcase_add_test(tc, test_shift_is_a_rotation);
    tcase_add_test(tc, test_dot_depends_only_on_distance);
    tcase_add_test(tc, test_bad_sizes_are_refused);
    suite_add_tcase(s, tc);
    return s;
}
