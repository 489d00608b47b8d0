/* Tests of masking.h: the exact-count rule with Python's rounding, the
 * 80/10/10 fates, [CLS]/[SEP] never chosen, whole-word masking. */
#include "error.h"
#include "masking.h"
#include "softmax.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Vocabulary: [PAD] [UNK] [CLS] [SEP] [MASK] (ids 0-4), then N_WORDS
 * words "wK" and as many pieces "##pK". */
#define N_WORDS 500
#define FIRST_WORD 5
#define FIRST_PIECE (FIRST_WORD + N_WORDS)
#define V (FIRST_PIECE + N_WORDS)

static void make_tokenizer(Tokenizer *tok, int with_mask)
{
    static char names[V][16];
    const char *list[V];
    const char *specials[] = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"};
    for (int i = 0; i < FIRST_WORD; i++) list[i] = specials[i];
    if (!with_mask) list[4] = "[NOTMASK]";
    for (int i = 0; i < N_WORDS; i++) {
        snprintf(names[FIRST_WORD + i], 16, "w%d", i);
        snprintf(names[FIRST_PIECE + i], 16, "##p%d", i);
        list[FIRST_WORD + i] = names[FIRST_WORD + i];
        list[FIRST_PIECE + i] = names[FIRST_PIECE + i];
    }
    Vocab v;
    ck_assert_int_eq(vocab_from_tokens(&v, list, V), 0);
    ck_assert_int_eq(tokenizer_init(tok, &v, 0), 0);
    ck_assert_int_eq(tok->cls_id, 2);
    ck_assert_int_eq(tok->sep_id, 3);
    ck_assert_int_eq(tok->mask_id, with_mask ? 4 : -1);
}

/* [CLS] A [SEP] B [SEP] of T >= 5 tokens with random words, and with
 * pieces after words when pieces is non-zero; [CLS] words [SEP] when T
 * is 2 to 4. */
static void make_pair(int *ids, int T, int pieces, Rng *rng)
{
    for (int t = 0; t < T; t++) {
        int word = FIRST_WORD + rng_int(rng, N_WORDS);
        if (pieces && t > 1 && rng_uniform(rng) < 0.4f)
            word = FIRST_PIECE + rng_int(rng, N_WORDS);
        ids[t] = word;
    }
    ids[0] = 2;
    if (T >= 5) ids[1 + rng_int(rng, T - 4) + 1] = 3;  /* A: 1 .. T-4 */
    ids[T - 1] = 3;
}

START_TEST(test_count_rule)
{
    MaskingConfig mc = masking_defaults();
    ck_assert(mc.masked_lm_prob == 0.15);
    ck_assert_int_eq(mc.max_predictions, 20);
    ck_assert_int_eq(mc.whole_word, 0);
    /* Python: round(30 * 0.15) = round(4.5) = 4, half to even */
    ck_assert_int_eq(masking_count(&mc, 30), 4);
    ck_assert_int_eq(masking_count(&mc, 10), 2);   /* 1.5 -> 2 */
    ck_assert_int_eq(masking_count(&mc, 50), 8);   /* 7.5 -> 8 */
    ck_assert_int_eq(masking_count(&mc, 70), 10);  /* 10.5 -> 10 */
    ck_assert_int_eq(masking_count(&mc, 2), 1);    /* at least one */
    ck_assert_int_eq(masking_count(&mc, 128), 19); /* 19.2 */
    ck_assert_int_eq(masking_count(&mc, 512), 20); /* the cap */
    /* The trap the header warns about: 0.15 as a float rounds 30 up. */
    mc.masked_lm_prob = 0.15f;
    ck_assert_int_eq(masking_count(&mc, 30), 5);
}
END_TEST

START_TEST(test_exact_counts_applied)
{
    Tokenizer tok;
    make_tokenizer(&tok, 1);
    MaskingConfig mc = masking_defaults();
    Rng rng;
    rng_seed(&rng, 1);
    const int lens[] = {30, 10, 50, 70, 3, 2, 200};
    const int want[] = {4, 2, 8, 10, 1, 0, 20};
    int ids[200], pos[20], lab[20];
    for (int i = 0; i < 7; i++) {
        for (int rep = 0; rep < 20; rep++) {
            make_pair(ids, lens[i], 0, &rng);
            int n = masking_apply(ids, lens[i], pos, lab, NULL, &mc, &tok,
                                  &rng, NULL);
            ck_assert_msg(n == want[i], "T=%d: %d predictions, want %d",
                          lens[i], n, want[i]);
        }
    }
    tokenizer_free(&tok);
}
END_TEST

/* Over a million tokens: the share chosen is exactly what the rule says,
 * the fates are 80/10/10 within 1%, and every output is consistent. */
START_TEST(test_statistics_and_invariants)
{
    Tokenizer tok;
    make_tokenizer(&tok, 1);
    MaskingConfig mc = masking_defaults();
    Rng rng, data;
    rng_seed(&rng, 7);
    rng_seed(&data, 8);
    MaskingStats st = {0};
    int ids[128], orig[128], pos[20], lab[20], tl[128];
    long expected_chosen = 0, n_tokens = 0, n_cand = 0;
    long seen_mask = 0, seen_kept = 0, seen_other = 0, special_draws = 0;
    while (n_tokens < 1000000) {
        int T = 5 + rng_int(&data, 124);  /* 5 .. 128 */
        make_pair(ids, T, 0, &data);
        memcpy(orig, ids, sizeof ids);
        int n = masking_apply(ids, T, pos, lab, tl, &mc, &tok, &rng, &st);
        int budget = masking_count(&mc, T);
        expected_chosen += budget < T - 3 ? budget : T - 3;
        n_tokens += T;
        n_cand += T - 3;
        ck_assert_int_eq(n, budget < T - 3 ? budget : T - 3);
        int k = 0;
        for (int t = 0; t < T; t++) {
            int chosen = k < n && pos[k] == t;
            if (!chosen) {
                ck_assert_int_eq(ids[t], orig[t]);
                ck_assert_int_eq(tl[t], SOFTMAX_IGNORE);
                continue;
            }
            ck_assert_msg(orig[t] != 2 && orig[t] != 3,
                          "[CLS] or [SEP] chosen at %d", t);
            ck_assert_int_eq(lab[k], orig[t]);
            ck_assert_int_eq(tl[t], orig[t]);
            if (ids[t] == tok.mask_id) seen_mask++;
            else if (ids[t] == orig[t]) seen_kept++;
            else seen_other++;
            if (ids[t] < FIRST_WORD && ids[t] != tok.mask_id)
                special_draws++;
            k++;
        }
        /* every position was visited in ascending order: sorted, unique */
        ck_assert_int_eq(k, n);
    }
    ck_assert_int_eq(st.tokens, n_tokens);
    ck_assert_int_eq(st.candidates, n_cand);
    ck_assert_int_eq(st.specials, st.sequences * 3);
    ck_assert_int_eq(st.chosen, expected_chosen);
    ck_assert_int_eq(st.to_mask + st.to_random + st.kept, st.chosen);
    double share = (double)st.chosen / (double)st.tokens;
    ck_assert_msg(share > 0.14 && share < 0.16, "chosen %.4f of tokens",
                  share);
    double c = (double)st.chosen;
    ck_assert_msg(st.to_mask / c > 0.79 && st.to_mask / c < 0.81,
                  "[MASK] %.4f", st.to_mask / c);
    ck_assert_msg(st.to_random / c > 0.09 && st.to_random / c < 0.11,
                  "random %.4f", st.to_random / c);
    ck_assert_msg(st.kept / c > 0.09 && st.kept / c < 0.11, "kept %.4f",
                  st.kept / c);
    /* What the output shows agrees: a random draw lands on [MASK] or on
     * the original only 1 time in V. */
    ck_assert_msg(seen_mask / c > 0.79 && seen_mask / c < 0.81, "seen");
    ck_assert_msg(seen_kept / c > 0.09 && seen_kept / c < 0.11, "seen");
    ck_assert_msg(seen_other / c > 0.09 && seen_other / c < 0.11, "seen");
    ck_assert(seen_mask >= st.to_mask && seen_kept >= st.kept);
    /* The random token may be any id, specials included (~0.5% here). */
    ck_assert_msg(special_draws > 0, "no random draw hit a special id");
    tokenizer_free(&tok);
}
END_TEST

START_TEST(test_whole_word)
{
    Tokenizer tok;
    make_tokenizer(&tok, 1);
    MaskingConfig mc = masking_defaults();
    Rng rng, data;
    rng_seed(&rng, 3);
    rng_seed(&data, 4);
    int ids[128], orig[128], pos[20], lab[20], tl[128];
    long split_words[2] = {0, 0};
    for (int whole = 0; whole <= 1; whole++) {
        mc.whole_word = whole;
        for (int rep = 0; rep < 2000; rep++) {
            int T = 8 + rng_int(&data, 121);
            make_pair(ids, T, 1, &data);
            memcpy(orig, ids, sizeof ids);
            int n = masking_apply(ids, T, pos, lab, tl, &mc, &tok, &rng,
                                  NULL);
            ck_assert_int_ge(n, 0);
            ck_assert_int_le(n, masking_count(&mc, T));
            /* a piece is chosen exactly when the token before it (its
             * word, or an earlier piece of it) is; [SEP]s do not break
             * a word in the reference, so look back past them */
            for (int t = 1; t < T; t++) {
                if (orig[t] < FIRST_PIECE) continue;
                int p = t - 1;
                while (orig[p] == 3) p--;
                if (p == 0) continue;  /* a piece right after [CLS] */
                int a = tl[p] != SOFTMAX_IGNORE;
                int b = tl[t] != SOFTMAX_IGNORE;
                split_words[whole] += a != b;
            }
        }
    }
    ck_assert_int_eq(split_words[1], 0);
    ck_assert_int_gt(split_words[0], 100);
    tokenizer_free(&tok);
}
END_TEST

START_TEST(test_deterministic_and_seeded)
{
    Tokenizer tok;
    make_tokenizer(&tok, 1);
    MaskingConfig mc = masking_defaults();
    int a[64], b[64], pa[20], pb[20], la[20], lb[20];
    Rng data, r1, r2;
    rng_seed(&data, 11);
    make_pair(a, 64, 0, &data);
    memcpy(b, a, sizeof a);
    rng_seed(&r1, 5);
    rng_seed(&r2, 5);
    int na = masking_apply(a, 64, pa, la, NULL, &mc, &tok, &r1, NULL);
    int nb = masking_apply(b, 64, pb, lb, NULL, &mc, &tok, &r2, NULL);
    ck_assert_int_eq(na, nb);
    ck_assert_mem_eq(a, b, sizeof a);
    ck_assert_mem_eq(pa, pb, (size_t)na * sizeof *pa);
    ck_assert_mem_eq(la, lb, (size_t)na * sizeof *la);
    /* another seed chooses other positions */
    rng_seed(&data, 11);
    make_pair(b, 64, 0, &data);
    rng_seed(&r2, 6);
    masking_apply(b, 64, pb, lb, NULL, &mc, &tok, &r2, NULL);
    ck_assert(memcmp(pa, pb, (size_t)na * sizeof *pa) != 0);
    tokenizer_free(&tok);
}
END_TEST

START_TEST(test_edges_and_errors)
{
    Tokenizer tok;
    make_tokenizer(&tok, 1);
    MaskingConfig mc = masking_defaults();
    Rng rng;
    rng_seed(&rng, 1);
    int ids[1000], pos[20], lab[20];
    /* max_predictions 0 masks nothing */
    make_pair(ids, 40, 0, &rng);
    int copy[40];
    memcpy(copy, ids, sizeof copy);
    mc.max_predictions = 0;
    ck_assert_int_eq(masking_apply(ids, 40, NULL, NULL, NULL, &mc, &tok,
                                   &rng, NULL), 0);
    ck_assert_mem_eq(ids, copy, sizeof copy);
    mc = masking_defaults();
    /* longer than the stack scratch: allocated, still capped at 20 */
    make_pair(ids, 1000, 0, &rng);
    ck_assert_int_eq(masking_apply(ids, 1000, pos, lab, NULL, &mc, &tok,
                                   &rng, NULL), 20);
    /* an empty sequence has nothing to choose */
    ck_assert_int_eq(masking_apply(ids, 0, pos, lab, NULL, &mc, &tok, &rng,
                                   NULL), 0);

    ids[5] = V;
    ck_assert_int_eq(masking_apply(ids, 10, pos, lab, NULL, &mc, &tok, &rng,
                                   NULL), -1);
    ck_assert_ptr_nonnull(strstr(error_message(), "outside the vocabulary"));
    ids[5] = -1;
    ck_assert_int_eq(masking_apply(ids, 10, pos, lab, NULL, &mc, &tok, &rng,
                                   NULL), -1);
    ids[5] = FIRST_WORD;
    mc.masked_lm_prob = 1.5;
    ck_assert_int_eq(masking_apply(ids, 10, pos, lab, NULL, &mc, &tok, &rng,
                                   NULL), -1);
    ck_assert_ptr_nonnull(strstr(error_message(), "masked_lm_prob"));
    mc = masking_defaults();
    mc.max_predictions = -1;
    ck_assert_int_eq(masking_apply(ids, 10, pos, lab, NULL, &mc, &tok, &rng,
                                   NULL), -1);
    mc = masking_defaults();
    ck_assert_int_eq(masking_apply(ids, 10, NULL, lab, NULL, &mc, &tok,
                                   &rng, NULL), -1);
    tokenizer_free(&tok);

    make_tokenizer(&tok, 0);
    make_pair(ids, 10, 0, &rng);
    ck_assert_int_eq(masking_apply(ids, 10, pos, lab, NULL, &mc, &tok, &rng,
                                   NULL), -1);
    ck_assert_ptr_nonnull(strstr(error_message(), "[MASK]"));
    tokenizer_free(&tok);
}
END_TEST

Suite *suite_masking(void)
{
    Suite *s = suite_create("masking");
    TCase *tc = tcase_create("masking");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_count_rule);
    tcase_add_test(tc, test_exact_counts_applied);
    tcase_add_test(tc, test_statistics_and_invariants);
    tcase_add_test(tc, test_whole_word);
    tcase_add_test(tc, test_deterministic_and_seeded);
    tcase_add_test(tc, test_edges_and_errors);
    suite_add_tcase(s, tc);
    return s;
}
