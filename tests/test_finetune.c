/* Tests of finetune.h: rows, batches, the schedule, accuracy and the
 * confusion matrix by hand, and short fine-tuning runs of a tiny random
 * BERT on both tasks that must lower the loss; plus the splits of the
 * fine-tuning datasets that chapters 11 and 12 rely on. */
#include "bert_checkpoint.h"
#include "complaints.h"
#include "error.h"
#include "finetune.h"
#include "qa_decode.h"
#include "softmax.h"
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const WORDS[] = {
    "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "my", "the", "is", "not",
    "router", "light", "cable", "broken", "app", "crashes", "screen",
    "login", "bill", "charged", "twice", "refund", "price", "please", "help",
    "today", "again", "where", "what", ".", "?", "paris", "rome", "berlin",
    "madrid", "france", "italy", "germany", "spain", "in", "lies", "city",
    "a", "capital", "of",
};
#define N_WORDS ((int)(sizeof WORDS / sizeof WORDS[0]))

static void make_tokenizer(Tokenizer *tok)
{
    Vocab v;
    ck_assert_int_eq(vocab_from_tokens(&v, WORDS, N_WORDS), 0);
    ck_assert_int_eq(tokenizer_init(tok, &v, 0), 0);
}

static void make_model(Bert *m, int num_labels, unsigned seed)
{
    BertConfig cfg;
    ck_assert_int_eq(bert_config_preset(&cfg, "tiny"), 0);
    cfg.vocab_size = N_WORDS;
    cfg.hidden_size = 32; // with 16, two classes can stay merged for good
    cfg.num_hidden_layers = 1;
    cfg.num_attention_heads = 2;
    cfg.intermediate_size = 64;
    cfg.max_position_embeddings = 32;
    ck_assert_int_eq(bert_build(m, &cfg, num_labels), 0);
    Rng rng;
    rng_seed(&rng, seed);
    bert_init(m, &rng);
    ck_assert_int_eq(bert_enable_training(m), 0);
}

START_TEST(test_text_rows)
{
    Tokenizer tok;
    make_tokenizer(&tok);
    char *texts[2] = {"my router is broken again today", "help"};
    int labels[2] = {0, 2};
    FinetuneData d;
    ck_assert_int_eq(finetune_data_texts(&d, &tok, texts, labels, 2, 6), 0);
    ck_assert_int_eq(d.n, 2);
    ck_assert_int_eq(d.T, 6);
    ck_assert_int_eq(d.task, FINETUNE_CLASSIFY);
    // cut at the end: [CLS] my router is broken [SEP]
    ck_assert_int_eq(d.length[0], 6);
    ck_assert_int_eq(d.ids[0], tok.cls_id);
    ck_assert_int_eq(d.ids[1], vocab_id(&tok.vocab, "my"));
    ck_assert_int_eq(d.ids[4], vocab_id(&tok.vocab, "broken"));
    ck_assert_int_eq(d.ids[5], tok.sep_id);
    // [CLS] help [SEP] [PAD] [PAD] [PAD]
    ck_assert_int_eq(d.length[1], 3);
    ck_assert_int_eq(d.ids[6 + 2], tok.sep_id);
    ck_assert_int_eq(d.ids[6 + 3], tok.pad_id);
    ck_assert_int_eq(d.segments[6 + 2], 0);
    ck_assert_int_eq(d.labels[1], 2);
    finetune_data_free(&d);
    ck_assert_int_eq(finetune_data_texts(&d, &tok, texts, NULL, 2, 6), 0);
    ck_assert_int_eq(d.labels[0], SOFTMAX_IGNORE);
    finetune_data_free(&d);
    ck_assert_int_eq(finetune_data_texts(&d, &tok, texts, NULL, 2, 1), -1);
    tokenizer_free(&tok);
}
END_TEST

START_TEST(test_accuracy_and_confusion)
{
    const float probs[5 * 3] = {
        0.7f, 0.2f, 0.1f,   // label 0, predicted 0
        0.1f, 0.2f, 0.7f,   // label 1, predicted 2
        0.4f, 0.4f, 0.2f,   // label 1, a tie: predicted 0
        0.1f, 0.3f, 0.6f,   // label 2, predicted 2
        0.9f, 0.1f, 0.0f,   // no label: not counted
    };
    const int labels[5] = {0, 1, 1, 2, SOFTMAX_IGNORE};
    int confusion[9] = {0};
    double acc = finetune_accuracy(probs, labels, 5, 3, confusion);
    ck_assert_double_eq_tol(acc, 0.5, 1e-12);
    const int want[9] = {1, 0, 0, 1, 0, 1, 0, 0, 1};
    for (int i = 0; i < 9; i++) ck_assert_int_eq(confusion[i], want[i]);
    ck_assert_double_eq(finetune_accuracy(probs, labels + 4, 1, 3, NULL),
                        0.0);
}
END_TEST

START_TEST(test_schedule)
{
    Finetuner f = {0};
    FinetuneConfig c = {3, 32, 5e-5f, 0.1f};
    ck_assert_int_eq(finetune_begin(&f, &c, 1000), 0);
    // 1000 / 32 = 31 full batches an epoch, 93 steps, int(9.3) warm-up
    ck_assert_int_eq(f.steps_per_epoch, 31);
    ck_assert_int_eq(f.total_steps, 93);
    ck_assert_int_eq(f.warmup_steps, 9);
    // a set smaller than a batch is one batch
    ck_assert_int_eq(finetune_begin(&f, &c, 20), 0);
    ck_assert_int_eq(f.cfg.batch, 20);
    ck_assert_int_eq(f.total_steps, 3);
    c.epochs = 0;
    ck_assert_int_eq(finetune_begin(&f, &c, 20), -1);
    c.epochs = 1, c.warmup = 1.0f;
    ck_assert_int_eq(finetune_begin(&f, &c, 20), -1);
    finetuner_free(&f);
}
END_TEST

/* Mean cross-entropy of the labelled rows from class probabilities. */
static double class_loss(const float *probs, const int *labels, int n, int K)
{
    double sum = 0.0;
    for (int i = 0; i < n; i++) sum -= log(probs[(long)i * K + labels[i]]);
    return sum / n;
}

/* Complaints of three kinds made of a keyword and filler words. */
static void complaint_texts(char **texts, int *labels, int n, Rng *rng)
{
    static const char *const key[3][3] = {
        {"router", "light", "cable"},
        {"app", "crashes", "login"},
        {"bill", "charged", "refund"},
    };
    static const char *const filler[] = {"my", "the", "is", "not", "please",
                                         "help", "today", "again"};
    for (int i = 0; i < n; i++) {
        int c = i % 3;
        char *t = malloc(96);
        snprintf(t, 96, "%s %s %s %s", key[c][rng_int(rng, 3)],
                 filler[rng_int(rng, 8)], filler[rng_int(rng, 8)],
                 filler[rng_int(rng, 8)]);
        texts[i] = t;
        labels[i] = c;
    }
}

START_TEST(test_classifier_learns)
{
    Tokenizer tok;
    make_tokenizer(&tok);
    Rng rng;
    rng_seed(&rng, 5);
    char *texts[48];
    int labels[48];
    complaint_texts(texts, labels, 48, &rng);
    FinetuneData d;
    ck_assert_int_eq(finetune_data_texts(&d, &tok, texts, labels, 48, 12),
                     0);
    Bert m[2];
    float before = 0.0f, after[2] = {0};
    for (int run = 0; run < 2; run++) {
        make_model(&m[run], 3, 11);
        Finetuner f = {0};
        float *probs = malloc(sizeof(float) * 48 * 3);
        ck_assert_int_eq(finetune_classify(&m[run], &f, &d, probs), 0);
        before = (float)class_loss(probs, labels, 48, 3);
        FinetuneConfig c = {60, 8, 1e-3f, 0.1f};
        ck_assert_int_eq(finetune_begin(&f, &c, d.n), 0);
        rng_seed(&rng, 3);
        FinetuneStats st = {0};
        ck_assert_int_eq(finetune_train(&m[run], &f, &d, 100, &rng, &st), 0);
        ck_assert_int_eq(st.steps, 100);
        ck_assert_int_eq(finetune_train(&m[run], &f, &d, 1000, &rng, &st),
                         0);
        ck_assert_int_eq(f.step, f.total_steps);
        ck_assert_int_eq(f.total_steps, 360);
        ck_assert_int_eq(st.steps, 360);
        ck_assert_int_eq(st.rows, 360 * 8);
        // late in training, most training rows come out right
        ck_assert_int_gt(st.right, st.rows / 2);
        ck_assert_int_le(st.right, st.rows);
        ck_assert_int_eq(finetune_classify(&m[run], &f, &d, probs), 0);
        after[run] = (float)class_loss(probs, labels, 48, 3);
        double acc = finetune_accuracy(probs, labels, 48, 3, NULL);
        ck_assert_msg(after[run] < 0.5f * before, "loss %.4f -> %.4f",
                      before, after[run]);
        ck_assert_msg(acc > 0.9, "accuracy %.3f, loss %.4f -> %.4f", acc,
                      before, after[run]);
        free(probs);
        finetuner_free(&f);
    }
    // the same seeds give the same weights, bit for bit
    ck_assert_float_eq(after[0], after[1]);
    ck_assert(!memcmp(m[0].param_block, m[1].param_block,
                      sizeof(float) * (size_t)m[0].num_params));
    bert_free(&m[0]), bert_free(&m[1]);
    for (int i = 0; i < 48; i++) free(texts[i]);
    finetune_data_free(&d);
    tokenizer_free(&tok);
}
END_TEST

/* Mean of (CE start + CE end) / 2 over the rows, softmax over each row's
 * real tokens. */
static double qa_loss(const FinetuneData *d, const float *s, const float *e)
{
    double sum = 0.0;
    for (int r = 0; r < d->n; r++)
        for (int k = 0; k < 2; k++) {
            const float *x = (k ? e : s) + (long)r * d->T;
            double mx = x[0], z = 0.0;
            for (int t = 1; t < d->length[r]; t++) mx = fmax(mx, x[t]);
            for (int t = 0; t < d->length[r]; t++) z += exp(x[t] - mx);
            sum += (log(z) + mx - x[d->labels[2 * r + k]]) / 2;
        }
    return sum / d->n;
}

START_TEST(test_qa_learns)
{
    Tokenizer tok;
    make_tokenizer(&tok);
    static const char *const city[4] = {"paris", "rome", "berlin", "madrid"};
    static const char *const country[4] = {"france", "italy", "germany",
                                           "spain"};
    QaExample ex[24];
    char buf[24][2][64];
    Rng rng;
    rng_seed(&rng, 9);
    for (int i = 0; i < 24; i++) {
        int a = i % 4, b = (a + 1 + rng_int(&rng, 3)) % 4;
        int first = rng_int(&rng, 2); // the asked-about city first or not
        snprintf(buf[i][0], 64, "where is %s ?", city[a]);
        snprintf(buf[i][1], 64, "%s lies in %s . %s lies in %s .",
                 city[first ? a : b], country[first ? a : b],
                 city[first ? b : a], country[first ? b : a]);
        const char *at = strstr(buf[i][1], country[a]);
        ex[i] = (QaExample){buf[i][0], buf[i][1], (char *)country[a],
                            (int)(at - buf[i][1])};
    }
    QaFeatures qf;
    QaWindowConfig wc = {24, 8, 8};
    ck_assert_int_eq(qa_features_build(&qf, &tok, ex, 24, &wc), 0);
    ck_assert_int_eq(qf.rows.n, 24);
    Bert m;
    make_model(&m, 0, 13);
    Finetuner f = {0};
    float *s = malloc(sizeof(float) * 24 * 24), *e = malloc(sizeof *e * 576);
    ck_assert_int_eq(finetune_qa_logits(&m, &f, &qf.rows, s, e), 0);
    ck_assert(isinf(s[23]) && s[23] < 0); // past the row's length
    double before = qa_loss(&qf.rows, s, e);
    FinetuneConfig c = {150, 8, 2e-3f, 0.1f};
    ck_assert_int_eq(finetune_begin(&f, &c, qf.rows.n), 0);
    FinetuneStats st = {0};
    ck_assert_int_eq(finetune_train(&m, &f, &qf.rows, 1000, &rng, &st), 0);
    ck_assert_int_gt(st.right, st.rows / 2);
    ck_assert_int_eq(finetune_qa_logits(&m, &f, &qf.rows, s, e), 0);
    double after = qa_loss(&qf.rows, s, e);
    ck_assert_msg(after < 0.5 * before, "loss %.4f -> %.4f", before, after);
    // and the decoded answers are mostly right
    int right = 0;
    QaDecodeConfig dc = {20, 30};
    for (int i = 0; i < 24; i++) {
        QaSpan best;
        if (qa_decode(&qf, i, ex[i].context, s, e, &dc, &best, 1) == 1)
            right += best.start == ex[i].answer_start;
    }
    ck_assert_msg(right >= 18, "%d of 24 right, loss %.4f -> %.4f", right,
                  before, after);
    // the classifier needs a model with one, and rows of its task
    ck_assert_int_eq(finetune_classify(&m, &f, &qf.rows, s), -1);
    free(s), free(e);
    finetuner_free(&f);
    qa_features_free(&qf);
    bert_free(&m);
    tokenizer_free(&tok);
}
END_TEST

START_TEST(test_step_needs_training_state)
{
    Tokenizer tok;
    make_tokenizer(&tok);
    char *texts[1] = {"help"};
    int labels[1] = {1};
    FinetuneData d;
    ck_assert_int_eq(finetune_data_texts(&d, &tok, texts, labels, 1, 8), 0);
    BertConfig cfg;
    bert_config_preset(&cfg, "tiny");
    cfg.vocab_size = N_WORDS, cfg.hidden_size = 8;
    cfg.num_hidden_layers = 1, cfg.num_attention_heads = 1;
    cfg.intermediate_size = 16, cfg.max_position_embeddings = 8;
    Bert m;
    ck_assert_int_eq(bert_build(&m, &cfg, 3), 0);
    Finetuner f = {0};
    int row = 0;
    Rng rng;
    rng_seed(&rng, 1);
    ck_assert(finetune_step(&m, &f, &d, &row, 1, 1e-3f, &rng) < 0.0f);
    ck_assert_ptr_nonnull(strstr(error_message(), "training"));
    finetuner_free(&f);
    bert_free(&m);
    finetune_data_free(&d);
    tokenizer_free(&tok);
}
END_TEST

START_TEST(test_model_stand_in)
{
    char dir[256];
    make_temp_dir(dir, sizeof dir);
    const char *texts[2] = {"my router is broken", "the app crashes"};
    Bert m;
    Tokenizer tok;
    Rng rng;
    rng_seed(&rng, 1);
    int is_random = -1;
    // no checkpoint and no stand-in allowed: an error naming the file
    ck_assert_int_eq(finetune_model(&m, &tok, dir, 3, 0, texts, 2, &rng,
                                    &is_random), -1);
    ck_assert_ptr_nonnull(strstr(error_message(), "config.json"));
    ck_assert_int_eq(finetune_model(&m, &tok, dir, 3, 1, texts, 2, &rng,
                                    &is_random), 0);
    ck_assert_int_eq(is_random, 1);
    ck_assert_int_eq(m.num_labels, 3);
    ck_assert_int_eq(m.cfg.hidden_size, 32);
    ck_assert_int_eq(m.cfg.vocab_size, tok.vocab.n);
    ck_assert_int_ge(vocab_id(&tok.vocab, "r"), 0);
    // a saved model is found, with its classifier
    ck_assert_int_eq(bert_save(&m, &tok.vocab, dir), 0);
    bert_free(&m);
    tokenizer_free(&tok);
    ck_assert_int_eq(finetune_model(&m, &tok, dir, 0, 1, texts, 2, &rng,
                                    &is_random), 0);
    ck_assert_int_eq(is_random, 0);
    ck_assert_int_eq(m.num_labels, 3);
    ck_assert(m.loaded & BERT_HAS_CLASSIFIER);
    bert_free(&m);
    tokenizer_free(&tok);
}
END_TEST

/* ---- the splits the chapters rely on ------------------------------------ */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int in_sorted(char **sorted, int n, const char *s)
{
    return bsearch(&s, sorted, (size_t)n, sizeof *sorted, cmp_str) != NULL;
}

START_TEST(test_lecture_examples_unseen)
{
    // chapter 11's sizes and seed: the slides' complaints are not
    // training texts, so classifying them is not recall
    LabeledTexts train;
    ck_assert_int_eq(complaints_generate(&train, 42, 3000, COMPLAINTS_TRAIN),
                     0);
    const char *lecture[3] = {COMPLAINT_EXAMPLE_HARDWARE,
                              COMPLAINT_EXAMPLE_SOFTWARE,
                              COMPLAINT_EXAMPLE_BILLING};
    for (int i = 0; i < train.n; i++)
        for (int k = 0; k < 3; k++)
            ck_assert_str_ne(train.text[i], lecture[k]);
    labeled_texts_free(&train);
    // chapter 12's: neither the slide's context nor its exact question
    // with that context is a training example
    QaSet qa;
    ck_assert_int_eq(qa_generate(&qa, 42, 4000, QA_TRAIN), 0);
    for (int i = 0; i < qa.n; i++)
        ck_assert_str_ne(qa.ex[i].context, QA_LECTURE_CONTEXT);
    qa_set_free(&qa);
}
END_TEST

START_TEST(test_qa_test_examples_unseen)
{
    // no TEST question, short or long contexts, is asked in TRAIN
    for (int longer = 0; longer < 2; longer++) {
        QaSet train, test;
        if (longer) {
            ck_assert_int_eq(qa_generate_long(&train, 42, 600, QA_TRAIN, 12),
                             0);
            ck_assert_int_eq(qa_generate_long(&test, 42, 300, QA_TEST, 12),
                             0);
        } else {
            ck_assert_int_eq(qa_generate(&train, 42, 4000, QA_TRAIN), 0);
            ck_assert_int_eq(qa_generate(&test, 42, 1000, QA_TEST), 0);
        }
        char **q = malloc(sizeof *q * (size_t)train.n);
        for (int i = 0; i < train.n; i++) q[i] = train.ex[i].question;
        qsort(q, (size_t)train.n, sizeof *q, cmp_str);
        for (int i = 0; i < test.n; i++)
            ck_assert_msg(!in_sorted(q, train.n, test.ex[i].question),
                          "test question also in train: %s",
                          test.ex[i].question);
        free(q);
        qa_set_free(&train);
        qa_set_free(&test);
    }
}
END_TEST

Suite *suite_finetune(void)
{
    Suite *s = suite_create("finetune");
    TCase *tc = tcase_create("parts");
    tcase_add_test(tc, test_text_rows);
    tcase_add_test(tc, test_accuracy_and_confusion);
    tcase_add_test(tc, test_schedule);
    tcase_add_test(tc, test_step_needs_training_state);
    tcase_add_test(tc, test_model_stand_in);
    suite_add_tcase(s, tc);
    tc = tcase_create("training");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_classifier_learns);
    tcase_add_test(tc, test_qa_learns);
    suite_add_tcase(s, tc);
    tc = tcase_create("splits");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_lecture_examples_unseen);
    tcase_add_test(tc, test_qa_test_examples_unseen);
    suite_add_tcase(s, tc);
    return s;
}
