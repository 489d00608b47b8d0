/* Tests of squad_eval.h: normalisation, exact match and F1 on SQuAD-style
 * answers, with the expected values worked out by hand from the rules of
 * the official evaluate-v1.1.py. */
#include "squad_eval.h"
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void expect_normal(const char *text, const char *want)
{
    char *got = squad_normalize(text);
    ck_assert_ptr_nonnull(got);
    ck_assert_msg(strcmp(got, want) == 0, "normalize(\"%s\") = \"%s\", "
                  "want \"%s\"", text, got, want);
    free(got);
}

START_TEST(test_normalize)
{
    expect_normal("The  Eiffel-Tower!", "eiffeltower");
    expect_normal("A cat and AN apple, the end.", "cat and apple end");
    // articles only as whole words
    expect_normal("theory of anagrams", "theory of anagrams");
    expect_normal("Anna", "anna");
    // punctuation goes before the articles are looked for: "the," counts
    expect_normal("the, thE; (a)", "");
    // white space of any kind collapses; leading and trailing goes
    expect_normal("\t New\xc2\xa0York \n", "new york");
    // non-ASCII letters are lower-cased and are letters of a word
    expect_normal("\xc3\x87" "a Va", "\xc3\xa7" "a va");
    expect_normal("\xc3\xa9the", "\xc3\xa9the");
    // a non-ASCII symbol is not a letter: "the" after it is a word
    expect_normal("\xe2\x82\xac" "the", "\xe2\x82\xac");
    // a curly quote is not in string.punctuation: it stays
    expect_normal("\xe2\x80\x9cRome\xe2\x80\x9d", "\xe2\x80\x9crome"
                  "\xe2\x80\x9d");
    expect_normal("", "");
}
END_TEST

START_TEST(test_exact_match)
{
    ck_assert_int_eq(squad_exact_match("the Eiffel Tower", "Eiffel Tower"),
                     1);
    ck_assert_int_eq(squad_exact_match("Eiffel Tower.", "eiffel tower"), 1);
    ck_assert_int_eq(squad_exact_match("Paris", "London"), 0);
    ck_assert_int_eq(squad_exact_match("Paris France", "Paris"), 0);
    ck_assert_int_eq(squad_exact_match(NULL, "Paris"), -1);
}
END_TEST

START_TEST(test_f1)
{
    // [eiffel tower in paris] vs [eiffel tower]: 2 in common,
    // P = 2/4, R = 2/2, F1 = 2 * 0.5 * 1 / 1.5 = 2/3
    ck_assert_double_eq_tol(squad_f1("the Eiffel Tower in Paris",
                                     "Eiffel Tower"), 2.0 / 3.0, 1e-12);
    // counted with multiplicity: [new new york] vs [new york]: 2 in
    // common, P = 2/3, R = 1, F1 = 0.8
    ck_assert_double_eq_tol(squad_f1("new new york", "New York"), 0.8,
                            1e-12);
    // [river seine] vs [seine flows through paris]: 1 in common,
    // P = 1/2, R = 1/4, F1 = 2 * (1/8) / (3/4) = 1/3
    ck_assert_double_eq_tol(squad_f1("the river Seine",
                                     "Seine flows through Paris"),
                            1.0 / 3.0, 1e-12);
    ck_assert_double_eq_tol(squad_f1("Eiffel Tower", "the Eiffel tower!"),
                            1.0, 1e-12);
    ck_assert_double_eq(squad_f1("Rome", "Milan"), 0.0);
    // an empty answer scores 0, even against an empty reference (v1.1)
    ck_assert_double_eq(squad_f1("", "Rome"), 0.0);
    ck_assert_double_eq(squad_f1("the", "a"), 0.0);
    ck_assert_int_eq(squad_exact_match("the", "a"), 1);
    ck_assert(squad_f1("Rome", NULL) < 0.0);
}
END_TEST

START_TEST(test_score_add)
{
    SquadScores s = {0};
    const char *truths[] = {"Eiffel Tower", "the tower in Paris"};
    ck_assert_int_eq(squad_score_add(&s, "The Eiffel Tower", truths, 2), 0);
    // best EM 0, best F1 over the two: [tower] vs [eiffel tower] gives
    // P = 1, R = 1/2, F1 = 2/3; vs [tower in paris] P = 1, R = 1/3, 0.5
    ck_assert_int_eq(squad_score_add(&s, "tower", truths, 2), 0);
    ck_assert_int_eq(s.n, 2);
    ck_assert_double_eq(s.em_sum, 1.0);
    ck_assert_double_eq_tol(s.f1_sum, 1.0 + 2.0 / 3.0, 1e-12);
    ck_assert_int_eq(squad_score_add(&s, "x", truths, 0), -1);
    ck_assert_int_eq(s.n, 2);
}
END_TEST

Suite *suite_squad_eval(void)
{
    Suite *s = suite_create("squad_eval");
    TCase *tc = tcase_create("scores");
    tcase_add_test(tc, test_normalize);
    tcase_add_test(tc, test_exact_match);
    tcase_add_test(tc, test_f1);
    tcase_add_test(tc, test_score_add);
    suite_add_tcase(s, tc);
    return s;
}
