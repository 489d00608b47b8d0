/* Tests of the numbers and tokens chapter 07 prints and the book quotes:
 * the vocabulary learned from 2000 generated documents (seed 42) and the
 * chapter's everyday sentences, its WordPiece tokens for the chapter's
 * examples, both merge scores at 800 entries, tokens per word as the
 * vocabulary grows, and the fewest-pieces split of the greedy trace. The
 * chapter's own helpers are compiled in. */
#include "../chapters/07-wordpiece/show.c"
#include "../chapters/07-wordpiece/training_text.c"

#include "testutil.h"
#include "vocab_train.h"

#include <stdlib.h>
#include <string.h>

/* The chapter's default run: --seed 42 --docs 2000 --vocab-size 4096. */
static void chapter_tokenizer(Tokenizer *t, TrainingText *tt, int size,
                              VocabTrainScore score, VocabTrainStats *st)
{
    ck_assert_msg(training_text_build(tt, 42, 2000) == 0, "%s",
                  error_message());
    VocabTrainOptions opt = vocab_train_defaults();
    opt.vocab_size = size;
    opt.score = score;
    Vocab v;
    ck_assert_msg(vocab_train(&v, tt->texts, tt->n, &opt, st) == 0, "%s",
                  error_message());
    ck_assert_int_eq(tokenizer_init(t, &v, 0), 0);
}

/* The pieces of text joined by spaces, into buf. */
static const char *pieces(const Tokenizer *t, const char *text, char *buf,
                          int cap)
{
    TokenList tl = {0};
    ck_assert_int_eq(tokenizer_tokenize(t, text, (long)strlen(text), &tl), 0);
    buf[0] = '\0';
    for (int i = 0; i < tl.n; i++) {
        int used = (int)strlen(buf);
        snprintf(buf + used, (size_t)(cap - used), "%s%s", i ? " " : "",
                 vocab_token(&t->vocab, tl.ids[i]));
    }
    tokenizer_tokens_free(&tl);
    return buf;
}

START_TEST(test_what_the_trainer_learns)
{
    Tokenizer t;
    TrainingText tt;
    VocabTrainStats st;
    chapter_tokenizer(&t, &tt, 4096, VOCAB_TRAIN_BPE, &st);
    ck_assert_int_eq(tt.corpus.n_docs, 2000);
    ck_assert_int_eq(N_EVERYDAY, 40);
    ck_assert_int_eq((int)st.n_words, 80999);
    ck_assert_int_eq(st.n_unique, 985);
    ck_assert_int_eq(st.n_chars, 41);
    ck_assert_int_eq(st.n_merges, 2011);
    /* Far below the 4096 asked for: the text runs out of repeated pairs. */
    ck_assert_int_eq(t.vocab.n, 2098);
    ck_assert_int_eq(t.vocab.n, 5 + 2 * 41 + 2011);
    const char *first[] = {"##he", "##an", "the", "##it", "is", "in"};
    for (int i = 0; i < 6; i++)
        ck_assert_str_eq(vocab_token(&t.vocab, 87 + i), first[i]);
    ck_assert_int_eq(vocab_id(&t.vocab, "##ing"), 151);
    ck_assert_int_eq(vocab_id(&t.vocab, "##ed"), 100);
    ck_assert_int_eq(vocab_id(&t.vocab, "##land"), 238);
    ck_assert_int_eq(vocab_id(&t.vocab, "##istan"), 414);
    ck_assert_str_eq(vocab_token(&t.vocab, t.vocab.n - 1), "ecuador");
    ck_assert_int_eq(vocab_id(&t.vocab, "[PAD]"), 0);
    ck_assert_int_eq(t.unk_id, 1);
    tokenizer_free(&t);
    training_text_free(&tt);
}
END_TEST

static int compare_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

START_TEST(test_words_seen_twice_are_whole)
{
    /* Why the trainer stops at 2098: every word seen at least twice is one
     * piece; of the 141 words seen once, 134 are still split. */
    Tokenizer t;
    TrainingText tt;
    chapter_tokenizer(&t, &tt, 4096, VOCAB_TRAIN_BPE, NULL);
    WordList wl = {0};
    long n = 0, cap = 1024;
    char **words = malloc(sizeof *words * (size_t)cap);
    ck_assert_ptr_nonnull(words);
    for (int i = 0; i < tt.n; i++) {
        ck_assert_int_eq(tokenizer_basic(tt.texts[i], (long)strlen(tt.texts[i]),
                                         0, NULL, 0, &wl), 0);
        for (int w = 0; w < wl.n; w++) {
            if (n == cap) {
                cap *= 2;
                words = realloc(words, sizeof *words * (size_t)cap);
                ck_assert_ptr_nonnull(words);
            }
            words[n++] = strdup(wl.text + wl.offset[w]);
        }
    }
    qsort(words, (size_t)n, sizeof *words, compare_str);
    int distinct = 0, once = 0, once_split = 0, more_split = 0;
    TokenList tl = {0};
    for (long i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && !strcmp(words[i], words[j]); j++) {}
        ck_assert_int_eq(tokenizer_tokenize(&t, words[i],
                                            (long)strlen(words[i]), &tl), 0);
        distinct++;
        once += j - i == 1;
        once_split += j - i == 1 && tl.n > 1;
        more_split += j - i > 1 && tl.n > 1;
    }
    ck_assert_int_eq(distinct, 985);
    ck_assert_int_eq(more_split, 0);
    ck_assert_int_eq(once, 141);
    ck_assert_int_eq(once_split, 134);
    for (long i = 0; i < n; i++) free(words[i]);
    free(words);
    tokenizer_tokens_free(&tl);
    tokenizer_words_free(&wl);
    tokenizer_free(&t);
    training_text_free(&tt);
}
END_TEST

START_TEST(test_my_dog_is_cute_he_likes_playing)
{
    Tokenizer t;
    TrainingText tt;
    chapter_tokenizer(&t, &tt, 4096, VOCAB_TRAIN_BPE, NULL);
    char buf[256];
    ck_assert_str_eq(pieces(&t, "my dog is cute", buf, 256),
                     "my dog is cute");
    ck_assert_int_lt(vocab_id(&t.vocab, "playing"), 0);
    ck_assert_str_eq(pieces(&t, "he likes playing", buf, 256),
                     "he likes play ##ing");
    int ids[16], seg[16];
    int n = tokenizer_encode(&t, "my dog is cute", "he likes playing", 16,
                             ids, seg, NULL);
    ck_assert_int_eq(n, 11);
    const int want_ids[11] = {2, 1152, 1753, 91, 2031, 3, 132, 1982, 1807,
                              151, 3};
    const int want_seg[11] = {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1};
    for (int i = 0; i < n; i++) {
        ck_assert_int_eq(ids[i], want_ids[i]);
        ck_assert_int_eq(seg[i], want_seg[i]);
    }
    tokenizer_free(&t);
    training_text_free(&tt);
}
END_TEST

START_TEST(test_unseen_and_unknown)
{
    Tokenizer t;
    TrainingText tt;
    chapter_tokenizer(&t, &tt, 4096, VOCAB_TRAIN_BPE, NULL);
    char buf[256];
    const char *cases[][2] = {
        {"gardening", "garden ##ing"},
        {"cuteness", "cute ##ness"},
        {"doghouse", "dog ##hou ##se"},
        {"volcanologist", "volcan ##olog ##ist"},
        {"rethinking", "re ##th ##inki ##n ##g"},
        {"Qu\xC3\xA9" "bec", "q ##ue ##be ##c"},
        {"It's 3.5 km (2 miles)!",
         "it ' s 3 . 5 k ##m [UNK] 2 mil ##es [UNK] !"},
        {"Stra\xC3\x9F" "e", "[UNK]"},
        {"\xE5\xBA\x8A\xE5\x89\x8D\xE6\x98\x8E\xE6\x9C\x88\xE5\x85\x89",
         "[UNK] [UNK] [UNK] [UNK] [UNK]"},
    };
    for (int i = 0; i < 9; i++)
        ck_assert_str_eq(pieces(&t, cases[i][0], buf, 256), cases[i][1]);
    /* Without the CJK split the poem is one word, so one [UNK]. */
    t.flags = TOKENIZER_NO_CJK_SPLIT;
    ck_assert_str_eq(pieces(&t, cases[8][0], buf, 256), "[UNK]");
    t.flags = 0;
    /* Greedy took ##inki; four pieces would have done. */
    int ids[GREEDY_MAX_CHARS];
    ck_assert_int_eq(fewest_pieces(&t.vocab, "rethinking", ids), 4);
    const char *best[] = {"re", "##th", "##ink", "##ing"};
    for (int i = 0; i < 4; i++)
        ck_assert_str_eq(vocab_token(&t.vocab, ids[i]), best[i]);
    tokenizer_free(&t);
    training_text_free(&tt);
}
END_TEST

START_TEST(test_tokens_per_word)
{
    /* The table of section 5 at 800 entries and at the largest size. */
    const float want[2][2] = {{1.29f, 1.00f}, {2.78f, 1.00f}};
    const int reached[2] = {2098, 3068};
    for (int s = 0; s < 2; s++) {
        const int sizes[2] = {800, 3200};
        for (int k = 0; k < 2; k++) {
            Tokenizer t;
            TrainingText tt;
            chapter_tokenizer(&t, &tt, sizes[k], (VocabTrainScore)s, NULL);
            ck_assert_int_eq(t.vocab.n, k ? reached[s] : 800);
            float got = (float)tokens_per_word(&t, tt.texts, tt.n);
            expect_close(&got, &want[s][k], 1, 0.005f, 0.0f,
                         "tokens per word");
            tokenizer_free(&t);
            training_text_free(&tt);
        }
    }
}
END_TEST

START_TEST(test_two_scores_at_800)
{
    /* Frequency merges common words first; the ratio merges the digits of
     * years, which seldom occur apart, and never learns "the". */
    const char *first[2] = {"##he", "##75"};
    const char *want[2] = {"paris is the capital",
                           "p ##a ##r ##i ##s i ##s th ##e capital"};
    for (int s = 0; s < 2; s++) {
        Tokenizer t;
        TrainingText tt;
        chapter_tokenizer(&t, &tt, 800, (VocabTrainScore)s, NULL);
        ck_assert_str_eq(vocab_token(&t.vocab, 87), first[s]);
        char buf[256];
        ck_assert_str_eq(pieces(&t, "paris is the capital", buf, 256),
                         want[s]);
        ck_assert_int_eq(vocab_id(&t.vocab, "the") >= 0, s == 0);
        tokenizer_free(&t);
        training_text_free(&tt);
    }
}
END_TEST

START_TEST(test_fewest_pieces_small)
{
    /* Greedy takes "ab", then needs ##c and ##d; "a ##bcd" is shorter. */
    const char *toks[] = {"[UNK]", "a", "ab", "##bcd", "##c", "##d"};
    Vocab v;
    ck_assert_int_eq(vocab_from_tokens(&v, toks, 6), 0);
    int ids[GREEDY_MAX_CHARS];
    ck_assert_int_eq(fewest_pieces(&v, "abcd", ids), 2);
    ck_assert_int_eq(ids[0], 1);
    ck_assert_int_eq(ids[1], 3);
    ck_assert_int_eq(fewest_pieces(&v, "abc", ids), 2);  /* ab ##c */
    ck_assert_int_eq(ids[0], 2);
    ck_assert_int_eq(fewest_pieces(&v, "ba", ids), 0);   /* no split */
    ck_assert_int_eq(fewest_pieces(&v, "", ids), 0);
    char longword[GREEDY_MAX_CHARS + 2];
    memset(longword, 'a', sizeof longword - 1);
    longword[sizeof longword - 1] = '\0';
    ck_assert_int_eq(fewest_pieces(&v, longword, ids), -1);
    Tokenizer t;
    ck_assert_int_eq(tokenizer_init(&t, &v, 0), 0);
    char buf[64];
    ck_assert_str_eq(pieces(&t, "abcd", buf, 64), "ab ##c ##d");
    tokenizer_free(&t);
}
END_TEST

Suite *suite_chapter07(void)
{
    Suite *s = suite_create("chapter07");
    TCase *tc = tcase_create("wordpiece");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_what_the_trainer_learns);
    tcase_add_test(tc, test_words_seen_twice_are_whole);
    tcase_add_test(tc, test_my_dog_is_cute_he_likes_playing);
    tcase_add_test(tc, test_unseen_and_unknown);
    tcase_add_test(tc, test_tokens_per_word);
    tcase_add_test(tc, test_two_scores_at_800);
    tcase_add_test(tc, test_fewest_pieces_small);
    suite_add_tcase(s, tc);
    return s;
}
