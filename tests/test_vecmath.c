/* Tests of vecmath.h: the cosine similarities chapter 02 quotes (Jurafsky
 * and Martin, Speech and Language Processing, 3rd ed. draft, ch. 6: counts
 * of the words pie, data and computer near cherry, digital and
 * information), what cosine ignores (length) and what it does not
 * (direction), and nearest neighbours. */
#include "testutil.h"
#include "vecmath.h"

#include <math.h>

/* (pie, data, computer) */
static const float CHERRY[3] = {442, 8, 2};
static const float DIGITAL[3] = {5, 1683, 1670};
static const float INFORMATION[3] = {5, 3982, 3325};

START_TEST(test_known_cosines)
{
    float ci = vec_cosine(CHERRY, INFORMATION, 3);
    float di = vec_cosine(DIGITAL, INFORMATION, 3);
    // the book prints them with three decimals: 0.018 and 0.996
    ck_assert_msg(fabsf(ci - 0.018f) < 0.0005f, "cherry-information %f", ci);
    ck_assert_msg(fabsf(di - 0.996f) < 0.0005f, "digital-information %f", di);
    // by hand: 40716 / (442.077 * 5187.675) and 12254481 / (2370.95 * ...)
    ck_assert_float_eq_tol(ci, 40716.0 / (sqrt(195444.0) * sqrt(26911974.0)),
                           1e-6);
    ck_assert_float_eq_tol(di, 12254481.0 /
                                   (sqrt(5621414.0) * sqrt(26911974.0)),
                           1e-6);
    ck_assert_float_eq(vec_dot(CHERRY, INFORMATION, 3), 40716.0f);
    ck_assert_float_eq_tol(vec_norm(CHERRY, 3), 442.0769f, 1e-3f);
}
END_TEST

START_TEST(test_length_does_not_matter)
{
    float a[4] = {1, -2, 3, 0.5f}, b[4], c[4], z[4] = {0};
    for (int i = 0; i < 4; i++) {
        b[i] = 1000.0f * a[i];
        c[i] = -a[i];
    }
    ck_assert_float_eq_tol(vec_cosine(a, b, 4), 1.0f, 1e-6f);
    ck_assert_float_eq_tol(vec_cosine(a, c, 4), -1.0f, 1e-6f);
    float x[2] = {3, 0}, y[2] = {0, 7};
    ck_assert_float_eq(vec_cosine(x, y, 2), 0.0f);
    ck_assert_float_eq(vec_cosine(a, z, 4), 0.0f);   // no direction
    ck_assert_float_eq(vec_cosine(z, z, 4), 0.0f);
    ck_assert_float_eq(vec_norm(z, 4), 0.0f);
}
END_TEST

START_TEST(test_nearest)
{
    // rows: east, north-east, north, west, east again (longer), zero
    const float table[6 * 2] = {1, 0, 1, 1, 0, 1, -1, 0, 5, 0, 0, 0};
    int idx[6];
    float sims[6];
    // the query is row 0: row 4 ties with it; row 0 itself is skipped
    int n = vec_nearest(idx, sims, 3, table, table, 6, 2, 0);
    ck_assert_int_eq(n, 3);
    ck_assert_int_eq(idx[0], 4);
    ck_assert_int_eq(idx[1], 1);
    ck_assert_float_eq_tol(sims[1], (float)(1 / sqrt(2.0)), 1e-6f);
    ck_assert_int_eq(idx[2], 2);   // 0, tied with row 5, which comes later
    n = vec_nearest(idx, sims, 6, table, table, 6, 2, -1);
    ck_assert_int_eq(n, 6);
    int want[6] = {0, 4, 1, 2, 5, 3};
    for (int i = 0; i < 6; i++) ck_assert_int_eq(idx[i], want[i]);
    ck_assert_float_eq_tol(sims[5], -1.0f, 1e-6f);
    n = vec_nearest(idx, sims, 10, table, table, 6, 2, 3);
    ck_assert_int_eq(n, 5);   // fewer rows than asked for
    ck_assert_int_eq(vec_nearest(idx, sims, 0, table, table, 6, 2, -1), 0);
}
END_TEST

Suite *suite_vecmath(void)
{
    Suite *s = suite_create("vecmath");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_known_cosines);
    tcase_add_test(tc, test_length_does_not_matter);
    tcase_add_test(tc, test_nearest);
    suite_add_tcase(s, tc);
    return s;
}
