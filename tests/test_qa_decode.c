/* Tests of qa_decode.h: windows and labels worked out by hand with the
 * rules of run_squad.py, and span decoding on logits chosen so that each
 * rule (end before start, too long, outside the context, max context,
 * ties, duplicate texts) decides the answer. */
#include "error.h"
#include "qa_decode.h"
#include "softmax.h"
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Specials, a few words, and t0 .. t39 for long contexts. */
static void make_tokenizer(Tokenizer *tok)
{
    static const char *const words[] = {
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "what", "is", "the",
        "capital", "of", "france", "?", "paris", ".", "or", "q",
    };
    const char *all[64];
    char names[40][16];
    int n = (int)(sizeof words / sizeof words[0]);
    for (int i = 0; i < n; i++) all[i] = words[i];
    for (int i = 0; i < 40; i++) {
        snprintf(names[i], sizeof names[i], "t%d", i);
        all[n + i] = names[i];
    }
    Vocab v;
    ck_assert_int_eq(vocab_from_tokens(&v, all, n + 40), 0);
    ck_assert_int_eq(tokenizer_init(tok, &v, 0), 0);
}

static const char *const QUESTION = "What is the capital of France?";
static const char *const CONTEXT = "Paris is the capital of France.";

/* "t0 t1 ... t29" */
static void long_context(char *buf, int cap)
{
    int at = 0;
    for (int i = 0; i < 30; i++)
        at += snprintf(buf + at, (size_t)(cap - at), i ? " t%d" : "t%d", i);
}

START_TEST(test_one_window)
{
    Tokenizer tok;
    make_tokenizer(&tok);
    QaExample x = {(char *)QUESTION, (char *)CONTEXT, "capital", 13};
    QaWindowConfig wc = {32, 8, 16};
    QaFeatures f;
    ck_assert_int_eq(qa_features_build(&f, &tok, &x, 1, &wc), 0);
    ck_assert_int_eq(f.rows.n, 1);
    ck_assert_int_eq(f.rows.T, 32);
    // [CLS] what is the capital of france ? [SEP] paris is the capital of
    // france . [SEP]: 7 + 7 + 3 tokens, the context from position 9
    ck_assert_int_eq(f.rows.length[0], 17);
    ck_assert_int_eq(f.row_doc_offset[0], 9);
    ck_assert_int_eq(f.row_doc_len[0], 7);
    ck_assert_int_eq(f.rows.ids[0], tok.cls_id);
    ck_assert_int_eq(f.rows.ids[8], tok.sep_id);
    ck_assert_int_eq(f.rows.ids[9], vocab_id(&tok.vocab, "paris"));
    ck_assert_int_eq(f.rows.ids[16], tok.sep_id);
    ck_assert_int_eq(f.rows.ids[17], tok.pad_id);
    ck_assert_int_eq(f.rows.segments[8], 0);
    ck_assert_int_eq(f.rows.segments[9], 1);
    ck_assert_int_eq(f.rows.segments[16], 1);
    // "capital" is the 4th context token: position 12
    ck_assert_int_eq(f.rows.labels[0], 12);
    ck_assert_int_eq(f.rows.labels[1], 12);
    ck_assert_int_eq(f.tok_begin[3], 13);
    ck_assert_int_eq(f.tok_end[3], 20);
    qa_features_free(&f);

    // an answer of two words, and one without a label
    QaExample y[2] = {{(char *)QUESTION, (char *)CONTEXT, "of France", 21},
                      {(char *)QUESTION, (char *)CONTEXT, NULL, 0}};
    ck_assert_int_eq(qa_features_build(&f, &tok, y, 2, &wc), 0);
    ck_assert_int_eq(f.rows.n, 2);
    ck_assert_int_eq(f.rows.labels[0], 13);
    ck_assert_int_eq(f.rows.labels[1], 14);
    ck_assert_int_eq(f.rows.labels[2], SOFTMAX_IGNORE);
    ck_assert_int_eq(f.rows.labels[3], SOFTMAX_IGNORE);
    ck_assert_int_eq(f.example_row[1], 1);
    ck_assert_int_eq(f.token_start[1], 7);
    qa_features_free(&f);
    tokenizer_free(&tok);
}
END_TEST

START_TEST(test_windows_and_labels)
{
    Tokenizer tok;
    make_tokenizer(&tok);
    char ctx[256];
    long_context(ctx, sizeof ctx);
    const char *answer = strstr(ctx, "t13 t14");
    QaExample x = {"q", ctx, "t13 t14", (int)(answer - ctx)};
    // 12 tokens: [CLS] q [SEP] + 8 context tokens + [SEP]; stride 4
    QaWindowConfig wc = {12, 4, 16};
    QaFeatures f;
    ck_assert_int_eq(qa_features_build(&f, &tok, &x, 1, &wc), 0);
    // windows start at 0, 4, ..., 20 (8 tokens) and 24 (the last 6)
    static const int starts[7] = {0, 4, 8, 12, 16, 20, 24};
    static const int lens[7] = {8, 8, 8, 8, 8, 8, 6};
    ck_assert_int_eq(f.rows.n, 7);
    for (int r = 0; r < 7; r++) {
        ck_assert_int_eq(f.row_doc_start[r], starts[r]);
        ck_assert_int_eq(f.row_doc_len[r], lens[r]);
        ck_assert_int_eq(f.row_doc_offset[r], 3);
        ck_assert_int_eq(f.rows.length[r], lens[r] + 4);
        char want[8];
        snprintf(want, sizeof want, "t%d", starts[r]);
        ck_assert_int_eq(f.rows.ids[r * 12 + 3], vocab_id(&tok.vocab, want));
    }
    // the answer (tokens 13, 14) lies wholly in the windows at 8 and 12;
    // everywhere else the label is [CLS]
    static const int start_label[7] = {0, 0, 8, 4, 0, 0, 0};
    for (int r = 0; r < 7; r++) {
        ck_assert_int_eq(f.rows.labels[2 * r], start_label[r]);
        ck_assert_int_eq(f.rows.labels[2 * r + 1],
                         start_label[r] ? start_label[r] + 1 : 0);
    }
    // token 13: min(5, 2) + 0.08 in the window at 8 beats min(1, 6) + 0.08
    ck_assert(qa_is_max_context(&f, 2, 13));
    ck_assert(!qa_is_max_context(&f, 3, 13));
    // token 10: window at 4 gives 1.08, window at 8 gives 2.08
    ck_assert(!qa_is_max_context(&f, 1, 10));
    ck_assert(qa_is_max_context(&f, 2, 10));
    ck_assert(qa_is_max_context(&f, 0, 0));
    // token 29 sits only in the last window
    ck_assert(qa_is_max_context(&f, 6, 29));
    qa_features_free(&f);

    // stride 3: token 5 has min(5, 2) = min(2, 5) in the windows at 0 and
    // 3, both of 8 tokens: the first window wins the tie
    wc.doc_stride = 3;
    ck_assert_int_eq(qa_features_build(&f, &tok, &x, 1, &wc), 0);
    ck_assert_int_eq(f.row_doc_start[1], 3);
    ck_assert(qa_is_max_context(&f, 0, 5));
    ck_assert(!qa_is_max_context(&f, 1, 5));
    qa_features_free(&f);
    tokenizer_free(&tok);
}
END_TEST

START_TEST(test_bad_input)
{
    Tokenizer tok;
    make_tokenizer(&tok);
    QaFeatures f;
    QaWindowConfig wc = {12, 4, 16};
    // 7 question tokens + 3 leave 2 of 12 for the context: fine; 10 do not
    QaExample x = {(char *)QUESTION, (char *)CONTEXT, NULL, 0};
    ck_assert_int_eq(qa_features_build(&f, &tok, &x, 1, &wc), 0);
    ck_assert_int_eq(f.rows.n, 4);
    qa_features_free(&f);
    wc.max_seq_len = 10;
    ck_assert_int_eq(qa_features_build(&f, &tok, &x, 1, &wc), -1);
    ck_assert_ptr_nonnull(strstr(error_message(), "no room"));
    // cutting the question to max_query_len makes room again
    wc.max_query_len = 3;
    ck_assert_int_eq(qa_features_build(&f, &tok, &x, 1, &wc), 0);
    ck_assert_int_eq(f.row_doc_offset[0], 5);
    qa_features_free(&f);
    wc = (QaWindowConfig){32, 8, 16};
    QaExample empty = {(char *)QUESTION, " \t ", NULL, 0};
    ck_assert_int_eq(qa_features_build(&f, &tok, &empty, 1, &wc), -1);
    ck_assert_ptr_nonnull(strstr(error_message(), "no tokens"));
    QaExample wrong = {(char *)QUESTION, (char *)CONTEXT, "Rome", 0};
    ck_assert_int_eq(qa_features_build(&f, &tok, &wrong, 1, &wc), -1);
    ck_assert_ptr_nonnull(strstr(error_message(), "not in its context"));
    QaExample past = {(char *)QUESTION, (char *)CONTEXT, "France.", 29};
    ck_assert_int_eq(qa_features_build(&f, &tok, &past, 1, &wc), -1);
    QaExample blank = {(char *)QUESTION, "Paris  is", " ", 5};
    ck_assert_int_eq(qa_features_build(&f, &tok, &blank, 1, &wc), -1);
    ck_assert_ptr_nonnull(strstr(error_message(), "has no token"));
    wc.doc_stride = 0;
    ck_assert_int_eq(qa_features_build(&f, &tok, &x, 1, &wc), -1);
    tokenizer_free(&tok);
}
END_TEST

/* Logits (rows, T) all at `low`. */
static float *flat_logits(const QaFeatures *f, float low)
{
    long n = (long)f->rows.n * f->rows.T;
    float *x = malloc(sizeof(float) * (size_t)n);
    for (long i = 0; i < n; i++) x[i] = low;
    return x;
}

static void expect_span(const QaSpan *s, const char *ctx, const char *want)
{
    int len = (int)(s->end - s->start);
    ck_assert_msg((size_t)len == strlen(want) &&
                      !memcmp(ctx + s->start, want, (size_t)len),
                  "answer \"%.*s\", want \"%s\"", len, ctx + s->start, want);
}

START_TEST(test_decode_rules)
{
    Tokenizer tok;
    make_tokenizer(&tok);
    QaExample x = {(char *)QUESTION, (char *)CONTEXT, NULL, 0};
    QaWindowConfig wc = {32, 8, 16};
    QaFeatures f;
    ck_assert_int_eq(qa_features_build(&f, &tok, &x, 1, &wc), 0);
    // positions: 9 paris, 10 is, 11 the, 12 capital, 13 of, 14 france,
    // 15 ".", 16 [SEP]
    float *s = flat_logits(&f, -10.0f), *e = flat_logits(&f, -10.0f);
    QaDecodeConfig dc = {20, 30};
    QaSpan best[20];

    // end before start: (12, 10) would score 10; (10, 10) scores 9
    s[12] = 5, s[10] = 4, e[10] = 5, e[12] = 1;
    ck_assert_int_gt(qa_decode(&f, 0, CONTEXT, s, e, &dc, best, 20), 0);
    ck_assert_int_eq(best[0].start_pos, 10);
    ck_assert_int_eq(best[0].end_pos, 10);
    ck_assert_float_eq(best[0].score, 9.0f);
    expect_span(&best[0], CONTEXT, "is");
    ck_assert_int_eq(best[1].start_pos, 12); // (12, 12) scores 6
    expect_span(&best[1], CONTEXT, "capital");

    // too long: with max_answer_len 2, (9, 14) is out; (9, 10) is best
    for (int t = 0; t < 32; t++) s[t] = e[t] = -10.0f;
    s[9] = 8, e[14] = 8, e[10] = 1;
    ck_assert_int_gt(qa_decode(&f, 0, CONTEXT, s, e, &dc, best, 20), 0);
    expect_span(&best[0], CONTEXT, "Paris is the capital of France");
    dc.max_answer_len = 2;
    ck_assert_int_gt(qa_decode(&f, 0, CONTEXT, s, e, &dc, best, 20), 0);
    expect_span(&best[0], CONTEXT, "Paris is");
    dc.max_answer_len = 30;

    // outside the context: [CLS], the question and [SEP] never answer
    for (int t = 0; t < 32; t++) s[t] = e[t] = -10.0f;
    s[0] = e[0] = 50;   // [CLS]
    s[4] = e[4] = 40;   // "capital" of the question
    s[16] = e[16] = 30; // the last [SEP]
    s[14] = e[14] = 1;
    ck_assert_int_gt(qa_decode(&f, 0, CONTEXT, s, e, &dc, best, 20), 0);
    ck_assert_int_eq(best[0].start_pos, 14);
    expect_span(&best[0], CONTEXT, "France");

    // probabilities are a softmax over the n-best scores
    int k = qa_decode(&f, 0, CONTEXT, s, e, &dc, best, 20);
    ck_assert_int_eq(k, 20);
    double sum = 0.0;
    for (int i = 0; i < k; i++) {
        sum += best[i].prob;
        if (i > 0) ck_assert(best[i].score <= best[i - 1].score);
    }
    ck_assert_double_eq_tol(sum, 1.0, 1e-5);
    ck_assert_float_eq_tol(best[1].prob / best[0].prob,
                           expf(best[1].score - best[0].score), 1e-5f);
    // nothing valid: only [CLS] and the question have finite logits, and
    // the top 1 start is [CLS]
    dc.n_best = 1;
    ck_assert_int_eq(qa_decode(&f, 0, CONTEXT, s, e, &dc, best, 20), 0);
    free(s), free(e);
    qa_features_free(&f);
    tokenizer_free(&tok);
}
END_TEST

START_TEST(test_decode_ties_and_duplicates)
{
    Tokenizer tok;
    make_tokenizer(&tok);
    QaExample x = {(char *)QUESTION, (char *)CONTEXT, NULL, 0};
    QaWindowConfig wc = {32, 8, 16};
    QaFeatures f;
    ck_assert_int_eq(qa_features_build(&f, &tok, &x, 1, &wc), 0);
    float *s = flat_logits(&f, -INFINITY), *e = flat_logits(&f, -INFINITY);
    // equal scores: (9, 9), (9, 11) and (11, 11) all score 10; the order
    // is by start, then by end, and so are their equal probabilities
    s[9] = s[11] = e[9] = e[11] = 5;
    QaDecodeConfig dc = {3, 30};
    QaSpan best[3];
    for (int run = 0; run < 2; run++) {
        ck_assert_int_eq(qa_decode(&f, 0, CONTEXT, s, e, &dc, best, 3), 3);
        ck_assert_int_eq(best[0].start_pos, 9);
        ck_assert_int_eq(best[0].end_pos, 9);
        ck_assert_int_eq(best[1].start_pos, 9);
        ck_assert_int_eq(best[1].end_pos, 11);
        ck_assert_int_eq(best[2].start_pos, 11);
        for (int i = 0; i < 3; i++)
            ck_assert_float_eq_tol(best[i].prob, 1.0f / 3.0f, 1e-6f);
    }
    // cap below n_best keeps the best
    ck_assert_int_eq(qa_decode(&f, 0, CONTEXT, s, e, &dc, best, 1), 1);
    ck_assert_float_eq(best[0].prob, 1.0f);
    free(s), free(e);
    qa_features_free(&f);

    // the same text twice: only the better one is kept
    const char *ctx = "Paris or Paris.";
    QaExample y = {(char *)QUESTION, (char *)ctx, NULL, 0};
    ck_assert_int_eq(qa_features_build(&f, &tok, &y, 1, &wc), 0);
    s = flat_logits(&f, -INFINITY), e = flat_logits(&f, -INFINITY);
    s[9] = e[9] = 3;   // the first "Paris"
    s[11] = e[11] = 4; // the second
    s[10] = 0;         // "or Paris"
    dc.n_best = 20;
    QaSpan all[20];
    // (11, 11) 8, (9, 11) 7, (9, 9) 6 (the same text as the best: out),
    // (10, 11) 4
    int k = qa_decode(&f, 0, ctx, s, e, &dc, all, 20);
    ck_assert_int_eq(k, 3);
    ck_assert_int_eq(all[0].start, 9); // the second "Paris", bytes 9..14
    expect_span(&all[0], ctx, "Paris");
    expect_span(&all[1], ctx, "Paris or Paris");
    expect_span(&all[2], ctx, "or Paris");
    free(s), free(e);
    qa_features_free(&f);
    tokenizer_free(&tok);
}
END_TEST

START_TEST(test_decode_across_windows)
{
    Tokenizer tok;
    make_tokenizer(&tok);
    char ctx[256];
    long_context(ctx, sizeof ctx);
    QaExample x[2] = {{"q", "t0 t1", NULL, 0}, {"q", ctx, NULL, 0}};
    QaWindowConfig wc = {12, 4, 16};
    QaFeatures f;
    ck_assert_int_eq(qa_features_build(&f, &tok, x, 2, &wc), 0);
    ck_assert_int_eq(f.example_row[1], 1);
    ck_assert_int_eq(f.rows.n, 8);
    float *s = flat_logits(&f, -INFINITY), *e = flat_logits(&f, -INFINITY);
    // token 13 is at position 8 of the window at 8 (row 1 + 2) and at
    // position 4 of the window at 12 (row 1 + 3), where it scores higher
    // but has less context: the answer comes from the window at 8
    int r8 = 3, r12 = 4;
    s[r12 * 12 + 4] = e[r12 * 12 + 4] = 10;
    s[r8 * 12 + 8] = e[r8 * 12 + 8] = 5;
    // token 16, max context in the window at 12, 3 + 3
    s[r12 * 12 + 7] = e[r12 * 12 + 7] = 3;
    QaDecodeConfig dc = {20, 30};
    QaSpan best[20];
    int k = qa_decode(&f, 1, ctx, s, e, &dc, best, 20);
    ck_assert_int_ge(k, 2);
    ck_assert_int_eq(best[0].row, r8);
    ck_assert_float_eq(best[0].score, 10.0f);
    expect_span(&best[0], ctx, "t13");
    ck_assert_int_eq(best[1].row, r12);
    expect_span(&best[1], ctx, "t16");
    // the first example's logits are all -inf: no span has a score
    ck_assert_int_eq(qa_decode(&f, 0, "t0 t1", s, e, &dc, best, 20), 0);
    ck_assert_int_eq(qa_decode(&f, 2, ctx, s, e, &dc, best, 20), -1);
    free(s), free(e);
    qa_features_free(&f);
    tokenizer_free(&tok);
}
END_TEST

Suite *suite_qa_decode(void)
{
    Suite *s = suite_create("qa_decode");
    TCase *tc = tcase_create("windows");
    tcase_add_test(tc, test_one_window);
    tcase_add_test(tc, test_windows_and_labels);
    tcase_add_test(tc, test_bad_input);
    suite_add_tcase(s, tc);
    tc = tcase_create("decode");
    tcase_add_test(tc, test_decode_rules);
    tcase_add_test(tc, test_decode_ties_and_duplicates);
    tcase_add_test(tc, test_decode_across_windows);
    suite_add_tcase(s, tc);
    return s;
}
