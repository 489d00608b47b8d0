/* Tests of complaints.h and qa_data.h: the fine-tuning sets. */
#include "complaints.h"
#include "error.h"
#include "qa_data.h"
#include "testutil.h"
#include "world.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- complaints ------------------------------------------------------ */

START_TEST(test_complaints_balanced_and_deterministic)
{
    LabeledTexts a, b, c;
    ck_assert_int_eq(complaints_generate(&a, 42, 3000, COMPLAINTS_TRAIN), 0);
    ck_assert_int_eq(complaints_generate(&b, 42, 3000, COMPLAINTS_TRAIN), 0);
    ck_assert_int_eq(complaints_generate(&c, 43, 3000, COMPLAINTS_TRAIN), 0);
    int count[COMPLAINT_N_LABELS] = {0}, differ = 0;
    for (int i = 0; i < a.n; i++) {
        ck_assert_int_ge(a.label[i], 0);
        ck_assert_int_lt(a.label[i], COMPLAINT_N_LABELS);
        count[a.label[i]]++;
        ck_assert_int_eq(a.label[i], b.label[i]);
        ck_assert_str_eq(a.text[i], b.text[i]);
        differ += strcmp(a.text[i], c.text[i]) != 0;
        size_t n = strlen(a.text[i]);
        ck_assert(n > 10 && strchr(".?!", a.text[i][n - 1]));
        ck_assert(isupper((unsigned char)a.text[i][0]));
    }
    for (int k = 0; k < COMPLAINT_N_LABELS; k++)
        ck_assert_int_eq(count[k], 1000);
    ck_assert_int_gt(differ, 2000);
    /* shuffled: not simply 0, 1, 2, 0, 1, 2, ... */
    int in_order = 1;
    for (int i = 0; i < 30; i++) in_order &= a.label[i] == i % 3;
    ck_assert(!in_order);
    labeled_texts_free(&a);
    labeled_texts_free(&b);
    labeled_texts_free(&c);

    ck_assert_int_eq(complaints_generate(&a, 1, 100, COMPLAINTS_TEST), 0);
    int k[3] = {0};
    for (int i = 0; i < a.n; i++) k[a.label[i]]++;
    ck_assert(k[0] == 34 && k[1] == 33 && k[2] == 33);
    labeled_texts_free(&a);
    labeled_texts_free(&a);   /* twice is fine */
}
END_TEST

START_TEST(test_complaints_test_split_is_unseen)
{
    LabeledTexts train, dev, test;
    ck_assert_int_eq(complaints_generate(&train, 7, 6000, COMPLAINTS_TRAIN),
                     0);
    ck_assert_int_eq(complaints_generate(&dev, 7, 600, COMPLAINTS_DEV), 0);
    ck_assert_int_eq(complaints_generate(&test, 7, 3000, COMPLAINTS_TEST), 0);
    char **sorted = malloc((size_t)train.n * sizeof *sorted);
    memcpy(sorted, train.text, (size_t)train.n * sizeof *sorted);
    qsort(sorted, (size_t)train.n, sizeof *sorted, cmp_str);
    for (int i = 0; i < test.n; i++)
        ck_assert_msg(!bsearch(&test.text[i], sorted, (size_t)train.n,
                               sizeof *sorted, cmp_str),
                      "test text is also in train: %s", test.text[i]);
    /* DEV is another stream, not a copy of TRAIN */
    int dev_differs = 0;
    for (int i = 0; i < dev.n; i++)
        dev_differs += strcmp(dev.text[i], train.text[i]) != 0;
    ck_assert_int_gt(dev_differs, dev.n / 2);

    const char *names[64], *train_names[64];
    int n = complaints_products(COMPLAINTS_TEST, names, 64);
    int nt = complaints_products(COMPLAINTS_TRAIN, train_names, 64);
    ck_assert_int_ge(n, 6);
    ck_assert_int_ge(nt, 6);
    for (int p = 0; p < n; p++) {
        int used = 0;
        for (int i = 0; i < test.n; i++)
            used += strstr(test.text[i], names[p]) != 0;
        ck_assert_msg(used > 0, "%s never used in test", names[p]);
        for (int i = 0; i < train.n; i++)
            ck_assert_msg(!strstr(train.text[i], names[p]),
                          "test product %s in train: %s", names[p],
                          train.text[i]);
        for (int i = 0; i < dev.n; i++)
            ck_assert(!strstr(dev.text[i], names[p]));
    }
    for (int p = 0; p < nt; p++) {
        int used = 0;
        for (int i = 0; i < train.n; i++)
            used += strstr(train.text[i], train_names[p]) != 0;
        ck_assert_msg(used > 0, "%s never used in train", train_names[p]);
    }
    free(sorted);
    labeled_texts_free(&train);
    labeled_texts_free(&dev);
    labeled_texts_free(&test);
}
END_TEST

START_TEST(test_complaints_lecture_examples)
{
    ck_assert_str_eq(COMPLAINT_LABELS[COMPLAINT_HARDWARE], "hardware");
    ck_assert_str_eq(COMPLAINT_LABELS[COMPLAINT_SOFTWARE], "software");
    ck_assert_str_eq(COMPLAINT_LABELS[COMPLAINT_BILLING], "billing");
    ck_assert_str_eq(COMPLAINT_EXAMPLE_HARDWARE,
                     "My router's led is not working, I tried changing the "
                     "power socket but still nothing.");
    ck_assert_str_eq(COMPLAINT_EXAMPLE_SOFTWARE,
                     "The app keeps crashing every time I open the settings "
                     "page.");
    ck_assert_str_eq(COMPLAINT_EXAMPLE_BILLING,
                     "I was charged twice for my monthly subscription this "
                     "month.");
    /* the wording of each example is taught, under its own label */
    static const struct {
        const char *part;
        int label;
    } parts[] = {
        {"is not working, I tried changing the power socket but still "
         "nothing.", COMPLAINT_HARDWARE},
        {"router's led", COMPLAINT_HARDWARE},
        {"keeps crashing every time I open the settings page.",
         COMPLAINT_SOFTWARE},
        {"charged twice for my monthly subscription this month.",
         COMPLAINT_BILLING},
    };
    LabeledTexts t;
    ck_assert_int_eq(complaints_generate(&t, 42, 6000, COMPLAINTS_TRAIN), 0);
    for (size_t p = 0; p < sizeof parts / sizeof parts[0]; p++) {
        int found = 0;
        for (int i = 0; i < t.n; i++) {
            if (!strstr(t.text[i], parts[p].part)) continue;
            ck_assert_int_eq(t.label[i], parts[p].label);
            found++;
        }
        ck_assert_msg(found > 0, "no training text has '%s'", parts[p].part);
    }
    labeled_texts_free(&t);
}
END_TEST

START_TEST(test_complaints_bad_arguments)
{
    LabeledTexts t;
    ck_assert_int_eq(complaints_generate(&t, 1, 0, COMPLAINTS_TRAIN), -1);
    ck_assert_ptr_nonnull(strstr(error_message(), "n must be"));
    ck_assert_ptr_null(t.text);
    ck_assert_int_eq(complaints_generate(&t, 1, 3, (ComplaintSplit)5), -1);
}
END_TEST

/* ---- question answering ---------------------------------------------- */

static void check_spans(const QaSet *s)
{
    for (int i = 0; i < s->n; i++) {
        const QaExample *e = &s->ex[i];
        size_t n = strlen(e->answer), c = strlen(e->context);
        ck_assert_uint_gt(n, 0);
        ck_assert_int_ge(e->answer_start, 0);
        ck_assert_uint_le((size_t)e->answer_start + n, c);
        ck_assert_msg(!strncmp(e->context + e->answer_start, e->answer, n),
                      "%d: '%s' is not at %d of '%s'", i, e->answer,
                      e->answer_start, e->context);
        size_t q = strlen(e->question);
        ck_assert(q > 5 && strchr(".?", e->question[q - 1]));
    }
}

static int count_sentences(const char *s)
{
    int n = 0;
    for (const char *p = s; *p; p++)
        n += strchr(".?!", *p) && (p[1] == ' ' || p[1] == '\0');
    return n;
}

/* Does text match a template whose {slots} stand for any non-empty text? */
static int matches(const char *text, const char *tmpl)
{
    if (*tmpl == '\0') return *text == '\0';
    if (*tmpl == '{') {
        const char *rest = strchr(tmpl, '}') + 1;
        for (const char *t = text + 1; t <= text + strlen(text); t++)
            if (matches(t, rest)) return 1;
        return 0;
    }
    /* templates are rendered with a capital first letter */
    char a = *text, b = *tmpl;
    if (text[0] && tolower((unsigned char)a) == tolower((unsigned char)b))
        return matches(text + 1, tmpl + 1);
    return 0;
}

START_TEST(test_qa_answers_are_spans)
{
    for (int split = QA_TRAIN; split <= QA_TEST; split++) {
        QaSet s;
        ck_assert_int_eq(qa_generate(&s, 3, 3000, (QaSplit)split), 0);
        ck_assert_int_eq(s.n, 3000);
        check_spans(&s);
        int alone = 0;
        for (int i = 0; i < s.n; i++) {
            const char *c = s.ex[i].context;
            int k = count_sentences(c);
            ck_assert_msg(k >= 1 && k <= 5, "%d sentences: %s", k, c);
            // one sentence only when it is a summary, as in the lecture
            if (k == 1) {
                ck_assert_msg(strstr(c, ", it is also") ||
                                  strstr(c, "; it is also") ||
                                  strstr(c, ", a city in") ||
                                  strstr(c, " and is "),
                              "a lone sentence that is no summary: %s", c);
                alone++;
            }
        }
        ck_assert_int_gt(alone, 0);
        qa_set_free(&s);
    }
}
END_TEST

START_TEST(test_qa_is_deterministic)
{
    QaSet a, b, c;
    ck_assert_int_eq(qa_generate(&a, 9, 500, QA_TRAIN), 0);
    ck_assert_int_eq(qa_generate(&b, 9, 500, QA_TRAIN), 0);
    ck_assert_int_eq(qa_generate(&c, 10, 500, QA_TRAIN), 0);
    int differ = 0;
    for (int i = 0; i < a.n; i++) {
        ck_assert_str_eq(a.ex[i].question, b.ex[i].question);
        ck_assert_str_eq(a.ex[i].context, b.ex[i].context);
        ck_assert_int_eq(a.ex[i].answer_start, b.ex[i].answer_start);
        differ += strcmp(a.ex[i].context, c.ex[i].context) != 0;
    }
    ck_assert_int_gt(differ, 400);
    qa_set_free(&a);
    qa_set_free(&b);
    qa_set_free(&c);
}
END_TEST

START_TEST(test_qa_test_questions_are_unseen)
{
    const char *train_t[128], *test_t[128];
    int nt = qa_question_templates(QA_TRAIN, train_t, 128);
    int ns = qa_question_templates(QA_TEST, test_t, 128);
    ck_assert_int_ge(ns, 20);
    ck_assert_int_le(3 * ns, 128);
    ck_assert_int_eq(nt, 3 * ns); // six phrasings in training, two in test
    for (int i = 0; i < nt; i++)
        for (int j = 0; j < ns; j++) ck_assert_str_ne(train_t[i], test_t[j]);
    QaSet train, dev, test;
    ck_assert_int_eq(qa_generate(&train, 4, 4000, QA_TRAIN), 0);
    ck_assert_int_eq(qa_generate(&dev, 4, 500, QA_DEV), 0);
    ck_assert_int_eq(qa_generate(&test, 4, 2000, QA_TEST), 0);
    for (int i = 0; i < train.n; i++) {
        const char *q = train.ex[i].question;
        int ok = 0;
        for (int j = 0; j < nt; j++) ok |= matches(q, train_t[j]);
        ck_assert_msg(ok, "train question of no train template: %s", q);
        for (int j = 0; j < ns; j++)
            ck_assert_msg(!matches(q, test_t[j]),
                          "train question '%s' has a test phrasing '%s'", q,
                          test_t[j]);
    }
    for (int i = 0; i < dev.n; i++)
        for (int j = 0; j < ns; j++)
            ck_assert(!matches(dev.ex[i].question, test_t[j]));
    for (int i = 0; i < test.n; i++) {
        int ok = 0;
        for (int j = 0; j < ns; j++)
            ok |= matches(test.ex[i].question, test_t[j]);
        ck_assert_msg(ok, "test question of no test template: %s",
                      test.ex[i].question);
    }
    qa_set_free(&train);
    qa_set_free(&dev);
    qa_set_free(&test);
}
END_TEST

/* Is name in text as a whole word? */
static int names(const char *text, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = strstr(text, name); p; p = strstr(p + 1, name)) {
        int before = p == text || !isalnum((unsigned char)p[-1]);
        int after = !isalnum((unsigned char)p[n]);
        if (before && after) return 1;
    }
    return 0;
}

START_TEST(test_qa_heldout_subjects)
{
    const char *held[128];
    int n = 0;
    for (int i = 0; i < world_n_countries(); i++)
        if (qa_subject_heldout(world_country(i)->name))
            held[n++] = world_country(i)->name;
    int countries = n;
    for (int i = 0; i < world_n_cities(); i++)
        if (qa_subject_heldout(world_city(i)->name))
            held[n++] = world_city(i)->name;
    ck_assert_int_ge(countries, 5);
    ck_assert_int_ge(n - countries, 10);
    ck_assert(!qa_subject_heldout("China"));
    ck_assert(!qa_subject_heldout("Atlantis"));
    QaSet train, test;
    ck_assert_int_eq(qa_generate(&train, 6, 4000, QA_TRAIN), 0);
    ck_assert_int_eq(qa_generate(&test, 6, 4000, QA_TEST), 0);
    for (int i = 0; i < train.n; i++)
        for (int h = 0; h < n; h++)
            ck_assert_msg(!names(train.ex[i].question, held[h]),
                          "train asks about held-out %s: %s", held[h],
                          train.ex[i].question);
    int asked = 0;
    for (int i = 0; i < test.n; i++)
        for (int h = 0; h < n; h++)
            asked += names(test.ex[i].question, held[h]);
    ck_assert_int_gt(asked, test.n / 10);
    qa_set_free(&train);
    qa_set_free(&test);
}
END_TEST

/* Answers to "What is the capital of X?" and "In which country is X?" agree
 * with the table. */
START_TEST(test_qa_answers_are_true)
{
    QaSet s;
    ck_assert_int_eq(qa_generate(&s, 8, 5000, QA_TRAIN), 0);
    const char *capital_q = "What is the capital of ";
    const char *country_q = "In which country is ";
    int capitals = 0, countries = 0;
    for (int i = 0; i < s.n; i++) {
        const char *q = s.ex[i].question;
        char name[64];
        if (!strncmp(q, capital_q, strlen(capital_q))) {
            q += strlen(capital_q);
            if (!strncmp(q, "the ", 4)) q += 4;
            snprintf(name, sizeof name, "%.*s", (int)strcspn(q, "?"), q);
            const WorldCountry *k = world_find_country(name);
            ck_assert_ptr_nonnull(k);
            ck_assert_str_eq(s.ex[i].answer, k->capital);
            capitals++;
        } else if (!strncmp(q, country_q, strlen(country_q))) {
            q += strlen(country_q);
            snprintf(name, sizeof name, "%.*s", (int)strcspn(q, "?"), q);
            const WorldCity *c = world_find_city(name);
            ck_assert_ptr_nonnull(c);
            ck_assert_str_eq(s.ex[i].answer, c->country);
            countries++;
        }
    }
    ck_assert_int_gt(capitals, 20);
    ck_assert_int_gt(countries, 20);
    qa_set_free(&s);
}
END_TEST

START_TEST(test_qa_long_contexts)
{
    QaSet s;
    ck_assert_int_eq(qa_generate_long(&s, 5, 300, QA_TRAIN, 20), 0);
    check_spans(&s);
    int late = 0;
    for (int i = 0; i < s.n; i++) {
        const char *c = s.ex[i].context;
        /* BERT's basic tokenizer splits off punctuation, and WordPiece
         * gives each word at least one token */
        int tokens = 1;
        for (const char *p = c; *p; p++)
            tokens += *p == ' ' || ispunct((unsigned char)*p);
        ck_assert_msg(tokens > 128, "only %d tokens: %s", tokens, c);
        ck_assert_int_ge(count_sentences(c), 20);
        late += s.ex[i].answer_start > (int)strlen(c) / 2;
    }
    ck_assert_int_gt(late, 30);   /* some answers sit past a first window */
    qa_set_free(&s);
    ck_assert_int_eq(qa_generate_long(&s, 5, 10, QA_TRAIN, 3), -1);
    ck_assert_ptr_nonnull(strstr(error_message(), "n_sentences"));
    ck_assert_int_eq(qa_generate(&s, 5, 0, QA_TRAIN), -1);
    ck_assert_ptr_nonnull(strstr(error_message(), "n must be"));
    ck_assert_int_eq(qa_generate(&s, 5, 3, (QaSplit)7), -1);
}
END_TEST

START_TEST(test_qa_lecture_example)
{
    const char *ctx = QA_LECTURE_CONTEXT, *ans = QA_LECTURE_ANSWER;
    ck_assert_str_eq(ctx, "Shanghai is a City in China, it is also a "
                          "financial center, its fashion capital and "
                          "industrial city.");
    ck_assert_str_eq(QA_LECTURE_QUESTION,
                     "What is the fashion capital of China?");
    ck_assert(!strncmp(ctx + QA_LECTURE_ANSWER_START, ans, strlen(ans)));
    /* the world agrees with the lecture, and training asks it this way */
    const WorldCity *c = world_find_city(ans);
    ck_assert_ptr_nonnull(c);
    ck_assert(c->traits & WORLD_FASHION);
    ck_assert_str_eq(c->country, "China");
    const char *t[128];
    int n = qa_question_templates(QA_TRAIN, t, 128), found = 0;
    ck_assert_int_le(n, 128);
    for (int i = 0; i < n; i++)
        found |= matches(QA_LECTURE_QUESTION, t[i]);
    ck_assert(found);
}
END_TEST

Suite *suite_datasets(void)
{
    Suite *s = suite_create("datasets");
    TCase *cl = tcase_create("complaints");
    tcase_set_timeout(cl, 60);
    tcase_add_test(cl, test_complaints_balanced_and_deterministic);
    tcase_add_test(cl, test_complaints_test_split_is_unseen);
    tcase_add_test(cl, test_complaints_lecture_examples);
    tcase_add_test(cl, test_complaints_bad_arguments);
    suite_add_tcase(s, cl);
    TCase *qa = tcase_create("qa");
    tcase_set_timeout(qa, 60);
    tcase_add_test(qa, test_qa_answers_are_spans);
    tcase_add_test(qa, test_qa_is_deterministic);
    tcase_add_test(qa, test_qa_test_questions_are_unseen);
    tcase_add_test(qa, test_qa_heldout_subjects);
    tcase_add_test(qa, test_qa_answers_are_true);
    tcase_add_test(qa, test_qa_long_contexts);
    tcase_add_test(qa, test_qa_lecture_example);
    suite_add_tcase(s, qa);
    return s;
}
