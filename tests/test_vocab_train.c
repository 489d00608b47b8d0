/* Tests of vocab_train.h: layout of the learned vocabulary, determinism,
 * the size limit, and that it tokenizes its own text without [UNK]. */
#include "error.h"
#include "testutil.h"
#include "tokenizer.h"
#include "vocab_train.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const TEXT[] = {
    "The runner was running and jumping, then walking home.",
    "Singing, reading and eating: she kept thinking about playing.",
    "Caf\xC3\xA9 owners were talking; the baker was baking bread.",
    "A [MASK] token in the text stays whole and is never learned.",
    "Sleeping dogs lie; flying birds sing while swimming fish swim.",
    "\xE5\x8C\x97\xE4\xBA\xAC is a city. Z\xC3\xBCrich is another city!",
};
#define N_TEXT ((int)(sizeof TEXT / sizeof TEXT[0]))

/* TEXT repeated, so that pairs pass min_frequency. */
static const char **repeated(int times, int *n)
{
    const char **t = malloc((size_t)(times * N_TEXT) * sizeof *t);
    for (int r = 0; r < times; r++)
        for (int i = 0; i < N_TEXT; i++) t[r * N_TEXT + i] = TEXT[i];
    *n = times * N_TEXT;
    return t;
}

static VocabTrainOptions options(int size, VocabTrainScore score)
{
    VocabTrainOptions opt = vocab_train_defaults();
    opt.vocab_size = size;
    opt.score = score;
    return opt;
}

START_TEST(test_specials_then_every_character)
{
    int n;
    const char **texts = repeated(3, &n);
    VocabTrainOptions opt = options(300, VOCAB_TRAIN_BPE);
    Vocab v;
    VocabTrainStats st;
    ck_assert_msg(vocab_train(&v, texts, n, &opt, &st) == 0, "%s",
                  error_message());
    const char *specials[] = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"};
    for (int i = 0; i < 5; i++)
        ck_assert_str_eq(vocab_token(&v, i), specials[i]);
    /* Every character of every word, alone and as "##" piece. */
    WordList wl = {0};
    long words = 0;
    for (int i = 0; i < N_TEXT; i++) {
        ck_assert_int_eq(tokenizer_basic(TEXT[i], (long)strlen(TEXT[i]), 0,
                                         specials, 5, &wl), 0);
        for (int w = 0; w < wl.n; w++) {
            const char *s = wl.text + wl.offset[w];
            if (s[0] == '[' && s[1]) continue;   /* [MASK] */
            words++;
            for (int k = 0; s[k];) {
                int len = 1;
                while (((unsigned char)s[k + len] & 0xC0) == 0x80) len++;
                char piece[16] = "##";
                memcpy(piece + 2, s + k, (size_t)len);
                piece[2 + len] = '\0';
                ck_assert_msg(vocab_id(&v, piece + 2) >= 5, "no %s", piece + 2);
                ck_assert_msg(vocab_id(&v, piece) >= 5, "no %s", piece);
                k += len;
            }
        }
    }
    tokenizer_words_free(&wl);
    /* Lower-cased and accent-free, like the tokenizer that will use it;
     * the special token in the text is not taken apart. */
    ck_assert_int_lt(vocab_id(&v, "T"), 0);
    ck_assert_int_lt(vocab_id(&v, "\xC3\xA9"), 0);
    ck_assert_int_ge(vocab_id(&v, "\xE5\x8C\x97"), 0);
    ck_assert_int_lt(vocab_id(&v, "mask"), 0);
    ck_assert_int_eq(st.n_chars, (v.n - 5 - st.n_merges) / 2);
    ck_assert_int_eq(st.n_words, 3 * words);
    ck_assert_int_eq(st.n_unique < words, 1);
    vocab_free(&v);
    free(texts);
}
END_TEST

START_TEST(test_learns_suffix_pieces)
{
    int n;
    const char **texts = repeated(4, &n);
    for (int s = 0; s < 2; s++) {
        VocabTrainOptions opt = options(150, s ? VOCAB_TRAIN_WORDPIECE
                                               : VOCAB_TRAIN_BPE);
        Vocab v;
        ck_assert_int_eq(vocab_train(&v, texts, n, &opt, NULL), 0);
        ck_assert_int_eq(v.n, 150);
        if (s == 0) ck_assert_int_ge(vocab_id(&v, "##ing"), 0);
        /* The vocabulary covers its own text: no [UNK]. */
        Tokenizer t;
        ck_assert_int_eq(tokenizer_init(&t, &v, 0), 0);
        TokenList tl = {0};
        for (int i = 0; i < N_TEXT; i++) {
            ck_assert_int_eq(tokenizer_tokenize(&t, TEXT[i],
                                                (long)strlen(TEXT[i]), &tl), 0);
            for (int k = 0; k < tl.n; k++) ck_assert_int_ne(tl.ids[k], 1);
        }
        tokenizer_tokens_free(&tl);
        tokenizer_free(&t);
    }
    free(texts);
}
END_TEST

static long file_bytes(const char *path, char **data)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    *data = malloc((size_t)n + 1);
    ck_assert_int_eq((long)fread(*data, 1, (size_t)n, f), n);
    fclose(f);
    return n;
}

START_TEST(test_deterministic_file)
{
    char dir[256], p1[512], p2[512];
    make_temp_dir(dir, sizeof dir);
    snprintf(p1, sizeof p1, "%s/a.txt", dir);
    snprintf(p2, sizeof p2, "%s/b.txt", dir);
    int n;
    const char **texts = repeated(5, &n);
    for (int s = 0; s < 2; s++) {
        VocabTrainOptions opt = options(250, (VocabTrainScore)s);
        Vocab v;
        ck_assert_int_eq(vocab_train(&v, texts, n, &opt, NULL), 0);
        ck_assert_int_eq(vocab_save(&v, p1), 0);
        vocab_free(&v);
        ck_assert_int_eq(vocab_train(&v, texts, n, &opt, NULL), 0);
        ck_assert_int_eq(vocab_save(&v, p2), 0);
        char *a, *b;
        long na = file_bytes(p1, &a), nb = file_bytes(p2, &b);
        ck_assert_int_eq(na, nb);
        ck_assert_int_eq(memcmp(a, b, (size_t)na), 0);
        /* The file reads back as the same vocabulary. */
        Vocab r;
        ck_assert_int_eq(vocab_load(&r, p1), 0);
        ck_assert_int_eq(r.n, v.n);
        for (int i = 0; i < v.n; i++)
            ck_assert_str_eq(vocab_token(&r, i), vocab_token(&v, i));
        vocab_free(&r);
        vocab_free(&v);
        free(a);
        free(b);
    }
    /* Nothing but the two files is left in the directory. */
    DIR *d = opendir(dir);
    int entries = 0;
    for (struct dirent *e; (e = readdir(d));) entries += e->d_name[0] != '.';
    closedir(d);
    ck_assert_int_eq(entries, 2);
    remove(p1);
    remove(p2);
    remove(dir);
    free(texts);
}
END_TEST

START_TEST(test_size_limits)
{
    int n;
    const char **texts = repeated(2, &n);
    VocabTrainOptions opt = options(150, VOCAB_TRAIN_BPE);
    Vocab v;
    VocabTrainStats st;
    ck_assert_int_eq(vocab_train(&v, texts, n, &opt, &st), 0);
    ck_assert_int_eq(v.n, 150);
    ck_assert_int_eq(st.n_merges, 150 - 5 - 2 * st.n_chars);
    vocab_free(&v);
    /* Room for more than the text can give: stops when no pair is seen
     * min_frequency times, below the size. */
    opt.vocab_size = 100000;
    opt.min_frequency = 3;
    ck_assert_int_eq(vocab_train(&v, texts, n, &opt, &st), 0);
    ck_assert_int_lt(v.n, 100000);
    ck_assert_int_eq(v.n, 5 + 2 * st.n_chars + st.n_merges);
    vocab_free(&v);
    /* Too small for the specials and the alphabet. */
    opt.vocab_size = 20;
    ck_assert_int_ne(vocab_train(&v, texts, n, &opt, NULL), 0);
    ck_assert_ptr_nonnull(strstr(error_message(), "needs at least"));
    opt.vocab_size = 2;
    ck_assert_int_ne(vocab_train(&v, texts, n, &opt, NULL), 0);
    /* No words at all. */
    const char *blank[] = {"  \n\t", ""};
    opt.vocab_size = 100;
    ck_assert_int_ne(vocab_train(&v, blank, 2, &opt, NULL), 0);
    ck_assert_ptr_nonnull(strstr(error_message(), "no words"));
    ck_assert_int_ne(vocab_train(&v, blank, 0, &opt, NULL), 0);
    free(texts);
}
END_TEST

START_TEST(test_repeated_letters_and_case)
{
    /* "##a ##a ##a": merging a pair of equal pieces leaves one behind. */
    const char *texts[] = {"aaaa aaaaaaa aaa aa aaaaa", "aaaa aaaaaaa aaa",
                           "Hello hello HELLO"};
    VocabTrainOptions opt = options(40, VOCAB_TRAIN_BPE);
    for (int s = 0; s < 2; s++) {
        opt.score = (VocabTrainScore)s;
        Vocab v;
        ck_assert_int_eq(vocab_train(&v, texts, 3, &opt, NULL), 0);
        Tokenizer t;
        ck_assert_int_eq(tokenizer_init(&t, &v, 0), 0);
        TokenList tl = {0};
        ck_assert_int_eq(tokenizer_tokenize(&t, "aaaaaaaaa", 9, &tl), 0);
        for (int k = 0; k < tl.n; k++) ck_assert_int_ne(tl.ids[k], 1);
        tokenizer_tokens_free(&tl);
        tokenizer_free(&t);
    }
    /* Cased: both spellings are characters of the vocabulary. */
    opt.flags = TOKENIZER_CASED;
    Vocab v;
    ck_assert_int_eq(vocab_train(&v, texts, 3, &opt, NULL), 0);
    ck_assert_int_ge(vocab_id(&v, "H"), 0);
    ck_assert_int_ge(vocab_id(&v, "##L"), 0);
    vocab_free(&v);
}
END_TEST

Suite *suite_vocab_train(void)
{
    Suite *s = suite_create("vocab_train");
    TCase *tc = tcase_create("vocab_train");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_specials_then_every_character);
    tcase_add_test(tc, test_learns_suffix_pieces);
    tcase_add_test(tc, test_deterministic_file);
    tcase_add_test(tc, test_size_limits);
    tcase_add_test(tc, test_repeated_letters_and_case);
    suite_add_tcase(s, tc);
    return s;
}
