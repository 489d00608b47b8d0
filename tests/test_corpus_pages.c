/* Tests of the rich pre-training corpus: quiz pages (quiz_pages.h), help
 * pages (help_pages.h) and city summaries (world.h), and of the summaries
 * in the question answering data (qa_data.h). */
#include "complaints.h"
#include "corpus.h"
#include "help_pages.h"
#include "qa_data.h"
#include "quiz_pages.h"
#include "testutil.h"
#include "world.h"

#include <ctype.h>
#include <string.h>

/* Pre-training may teach the language of questions, but never a question
 * of the question answering data, train or test. */
START_TEST(test_quiz_never_asks_like_the_qa_data)
{
    const char *quiz[128], *qa[128];
    int nq = quiz_question_templates(quiz, 128);
    ck_assert_int_gt(nq, 40);
    ck_assert_int_le(nq, 128);
    for (int split = QA_TRAIN; split <= QA_TEST; split++) {
        int na = qa_question_templates((QaSplit)split, qa, 128);
        ck_assert_int_gt(na, 10);
        for (int i = 0; i < nq; i++)
            for (int k = 0; k < na; k++)
                ck_assert_msg(strcmp(quiz[i], qa[k]) != 0, "%s", quiz[i]);
    }
}
END_TEST

/* Questions alternate with the true sentences that answer them. */
START_TEST(test_quiz_pages_ask_then_answer)
{
    Rng rng;
    rng_seed(&rng, 1);
    char page[QUIZ_PAGE_MAX][WORLD_SENTENCE_MAX];
    for (int p = 0; p < 500; p++) {
        int n = quiz_page(page, &rng, (WorldPhrasing)(p % 2));
        ck_assert_int_ge(n, 3);
        ck_assert_int_le(n, QUIZ_PAGE_MAX);
        ck_assert_int_eq(n % 2, 1);
        for (int i = 1; i < n; i++) {
            size_t len = strlen(page[i]);
            char last = page[i][len - 1];
            // a question, or an order, then a statement
            if (i % 2 == 1)
                ck_assert_msg(last == '?' || !strncmp(page[i], "Name", 4),
                              "%s", page[i]);
            else
                ck_assert_msg(last == '.', "%s", page[i]);
            ck_assert(isupper((unsigned char)page[i][0]));
        }
    }
}
END_TEST

static int page_has(char (*page)[WORLD_SENTENCE_MAX], int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (strstr(page[i], s)) return 1;
    return 0;
}

/* Help pages know every product of the catalogue, the brands that only
 * the complaints' test split names included, and never name a label. */
START_TEST(test_help_pages_know_every_product)
{
    const char *names[64];
    int n_names = complaints_products(COMPLAINTS_TEST, names, 64);
    int seen[64] = {0};
    Rng rng;
    rng_seed(&rng, 2);
    char page[HELP_PAGE_MAX][WORLD_SENTENCE_MAX];
    for (int p = 0; p < 2000; p++) {
        int n = help_page(page, &rng, WORLD_PHRASING_TRAIN);
        ck_assert_int_ge(n, 3);
        ck_assert_int_le(n, HELP_PAGE_MAX);
        for (int k = 0; k < COMPLAINT_N_LABELS; k++)
            ck_assert(!page_has(page, n, COMPLAINT_LABELS[k]));
        for (int k = 0; k < n_names; k++)
            seen[k] |= page_has(page, n, names[k]);
    }
    for (int k = 0; k < n_names; k++)
        ck_assert_msg(seen[k], "%s never named", names[k]);
}
END_TEST

/* A held-out sentence opens every held-out page and no training page. */
START_TEST(test_help_pages_hold_out_phrasings)
{
    static const char *const held[] = {
        "Read this before you set up", "Everything you need to know",
        "Questions about the price", "dead after a fall",
        "cannot run the newest version", "paid twice is returned",
    };
    Rng rng;
    rng_seed(&rng, 3);
    char page[HELP_PAGE_MAX][WORLD_SENTENCE_MAX];
    int opened = 0;
    for (int p = 0; p < 1000; p++) {
        int n = help_page(page, &rng, WORLD_PHRASING_TRAIN);
        for (int k = 0; k < 6; k++) ck_assert(!page_has(page, n, held[k]));
        help_page(page, &rng, WORLD_PHRASING_HELDOUT);
        for (int k = 0; k < 3; k++) opened += strstr(page[0], held[k]) != 0;
    }
    ck_assert_int_eq(opened, 1000);
}
END_TEST

START_TEST(test_summary_of_shanghai)
{
    const WorldCity *sh = world_find_city("Shanghai");
    ck_assert_ptr_nonnull(sh);
    Rng rng;
    rng_seed(&rng, 4);
    for (int i = 0; i < 50; i++) {
        WorldClaim c;
        ck_assert_int_eq(world_city_summary(sh, WORLD_FASHION, &rng, &c), 1);
        ck_assert(c.trait & WORLD_FASHION);
        ck_assert_int_eq(c.trait & ~sh->traits, 0);
        char s[WORLD_SENTENCE_MAX];
        WorldSpans sp;
        ck_assert_int_gt(world_say(s, sizeof s, &c, 0, &sp), 0);
        ck_assert_msg(!strncmp(s, "Shanghai is a city in China, it is also ",
                               40), "%s", s);
        ck_assert(strstr(s, "its fashion capital"));
        ck_assert_int_eq(sp.start[WORLD_SLOT_CITY], 0);
    }
    // a city with a single trait has nothing to sum up
    for (int i = 0; i < world_n_cities(); i++) {
        const WorldCity *c = world_city(i);
        unsigned t = c->traits;
        if (t && !(t & (t - 1))) {
            WorldClaim out;
            ck_assert_int_eq(world_city_summary(c, 0, &rng, &out), 0);
        }
    }
}
END_TEST

/* The rich corpus: a quarter quiz pages, a quarter help pages, some city
 * documents opening with a summary; the plain corpus has none of them. */
START_TEST(test_rich_corpus_mix)
{
    Corpus rich, plain;
    ck_assert_int_eq(corpus_generate_rich(&rich, 42, 4000, CORPUS_TRAIN), 0);
    ck_assert_int_eq(corpus_generate(&plain, 42, 4000, CORPUS_TRAIN), 0);
    int quiz = 0, help = 0, summary = 0, plain_quiz = 0;
    for (int d = 0; d < rich.n_docs; d++) {
        const char *first = rich.sentences[rich.doc_start[d]];
        quiz += strstr(first, "quiz") || strstr(first, "some questions") ||
                strstr(first, "Test what you know") ||
                strstr(first, "you know");
        help += strstr(first, "page") || strstr(first, "devices we give") ||
                strstr(first, "paid once a month") ||
                strstr(first, "lets you manage") ||
                strstr(first, "Read this before") ||
                strstr(first, "Here is") ||
                strstr(first, "you need to know about") ||
                strstr(first, "answered here");
        summary += strstr(first, ", it is also") != NULL;
    }
    for (int s = 0; s < plain.n_sentences; s++)
        plain_quiz += strstr(plain.sentences[s], "Name the") != NULL;
    ck_assert_int_gt(quiz, 900);
    ck_assert_int_lt(quiz, 1100);
    ck_assert_int_gt(help, 900);
    ck_assert_int_lt(help, 1100);
    ck_assert_int_gt(summary, 20);
    ck_assert_int_eq(plain_quiz, 0);
    corpus_free(&rich);
    corpus_free(&plain);
}
END_TEST

/* Some trait questions find their answer as the subject of a summary. */
START_TEST(test_qa_answers_in_summaries)
{
    QaSet set;
    ck_assert_int_eq(qa_generate(&set, 42, 3000, QA_TRAIN), 0);
    int in_summary = 0;
    for (int i = 0; i < set.n; i++) {
        const QaExample *e = &set.ex[i];
        ck_assert(!strncmp(e->context + e->answer_start, e->answer,
                           strlen(e->answer)));
        const char *at = e->context + e->answer_start;
        in_summary += !strncmp(at + strlen(e->answer), " is a city in ", 14) &&
                      strstr(at, ", it is also") != NULL &&
                      strstr(at, ", it is also") < strchr(at, '.');
    }
    ck_assert_int_gt(in_summary, 10);
    qa_set_free(&set);
}
END_TEST

Suite *suite_corpus_pages(void)
{
    Suite *s = suite_create("corpus_pages");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_quiz_never_asks_like_the_qa_data);
    tcase_add_test(tc, test_quiz_pages_ask_then_answer);
    tcase_add_test(tc, test_help_pages_know_every_product);
    tcase_add_test(tc, test_help_pages_hold_out_phrasings);
    tcase_add_test(tc, test_summary_of_shanghai);
    tcase_add_test(tc, test_rich_corpus_mix);
    tcase_add_test(tc, test_qa_answers_in_summaries);
    suite_add_tcase(s, tc);
    return s;
}
