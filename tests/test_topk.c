/* Tests of topk.h: the same answer as sorting everything, ties broken by
 * index, NaN last, and the edges (k larger than n, nothing to do). */
#include "testutil.h"
#include "topk.h"

#include <math.h>
#include <stdlib.h>

/* Index order of a full sort: larger first, lower index on ties. */
static const float *sort_keys;

static int by_value_then_index(const void *pa, const void *pb)
{
    int a = *(const int *)pa, b = *(const int *)pb;
    if (sort_keys[a] != sort_keys[b])
        return sort_keys[a] > sort_keys[b] ? -1 : 1;
    return a - b;
}

START_TEST(test_matches_a_full_sort)
{
    enum { N = 1000 };
    float x[N];
    int all[N], best[20];
    for (unsigned seed = 1; seed <= 20; seed++) {
        fill_random(x, N, -1.0f, 1.0f, seed);
        // coarse values make many ties, which must come out in index order
        if (seed % 2 == 0)
            for (int i = 0; i < N; i++) x[i] = floorf(x[i] * 8.0f);
        for (int i = 0; i < N; i++) all[i] = i;
        sort_keys = x;
        qsort(all, N, sizeof all[0], by_value_then_index);
        int k = (int)seed;
        ck_assert_int_eq(topk_indices(best, x, N, k), k);
        for (int i = 0; i < k; i++)
            ck_assert_msg(best[i] == all[i], "seed %u rank %d: %d, not %d",
                          seed, i, best[i], all[i]);
    }
}
END_TEST

START_TEST(test_small_cases)
{
    const float x[6] = {0.1f, 0.7f, 0.05f, 0.7f, 0.15f, -3.0f};
    int best[6];
    ck_assert_int_eq(topk_indices(best, x, 6, 3), 3);
    ck_assert_int_eq(best[0], 1);   // 0.7 at 1 before the 0.7 at 3
    ck_assert_int_eq(best[1], 3);
    ck_assert_int_eq(best[2], 4);
    // k > n gives all n, fully sorted
    ck_assert_int_eq(topk_indices(best, x, 6, 10), 6);
    ck_assert_int_eq(best[3], 0);
    ck_assert_int_eq(best[4], 2);
    ck_assert_int_eq(best[5], 5);
    ck_assert_int_eq(topk_indices(best, x, 6, 0), 0);
    ck_assert_int_eq(topk_indices(best, x, 0, 3), 0);
    ck_assert_int_eq(topk_indices(best, x, 6, -1), 0);
}
END_TEST

START_TEST(test_nan_ranks_last)
{
    const float x[5] = {NAN, -INFINITY, NAN, 2.0f, -1.0f};
    int best[5];
    ck_assert_int_eq(topk_indices(best, x, 5, 5), 5);
    const int want[5] = {3, 4, 1, 0, 2};
    for (int i = 0; i < 5; i++) ck_assert_int_eq(best[i], want[i]);
    ck_assert_int_eq(topk_indices(best, x, 5, 1), 1);
    ck_assert_int_eq(best[0], 3);
}
END_TEST

Suite *suite_topk(void)
{
    Suite *s = suite_create("topk");
    TCase *tc = tcase_create("topk");
    tcase_add_test(tc, test_matches_a_full_sort);
    tcase_add_test(tc, test_small_cases);
    tcase_add_test(tc, test_nan_ranks_last);
    suite_add_tcase(s, tc);
    return s;
}
