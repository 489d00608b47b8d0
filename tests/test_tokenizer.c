/* Tests of vocab.h and tokenizer.h: the public cases of google-research/bert
 * tokenization_test.py (T1-T12) and of Hugging Face's
 * test_tokenization_bert.py (H1-H11), then edge cases. */
#include "error.h"
#include "testutil.h"
#include "tokenizer.h"
#include "vocab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Vocabularies of the reference tests: V1 (ids 0..10), V2 = V1 without
 * ",", V3 (HF, ids 0..14). */
static const char *const V1[] = {"[UNK]", "[CLS]", "[SEP]", "want", "##want",
                                 "##ed",  "wa",    "un",    "runn", "##ing",
                                 ","};
static const char *const V3[] = {"[UNK]", "[CLS]", "[SEP]", "[PAD]", "[MASK]",
                                 "want",  "##want", "##ed", "wa",    "un",
                                 "runn",  "##ing",  ",",    "low",   "lowest"};

static void make_tok(Tokenizer *t, const char *const *tokens, int n,
                     int flags)
{
    Vocab v;
    ck_assert_int_eq(vocab_from_tokens(&v, tokens, n), 0);
    ck_assert_msg(tokenizer_init(t, &v, flags) == 0, "%s", error_message());
}

/* Tokenizes text[0..len) and compares the token texts with want[] (NULL
 * terminated), printing both lists on a mismatch. */
static void expect_pieces_n(const Tokenizer *t, const char *text, long len,
                            const char *const *want)
{
    TokenList tl = {0};
    ck_assert_int_eq(tokenizer_tokenize(t, text, len, &tl), 0);
    int n_want = 0;
    while (want[n_want]) n_want++;
    int ok = tl.n == n_want;
    for (int i = 0; ok && i < n_want; i++)
        ok = strcmp(vocab_token(&t->vocab, tl.ids[i]), want[i]) == 0;
    if (!ok) {
        fprintf(stderr, "tokens of '%s':\n  got ", text);
        for (int i = 0; i < tl.n; i++)
            fprintf(stderr, " [%s]", vocab_token(&t->vocab, tl.ids[i]));
        fprintf(stderr, "\n  want");
        for (int i = 0; i < n_want; i++) fprintf(stderr, " [%s]", want[i]);
        fprintf(stderr, "\n");
    }
    tokenizer_tokens_free(&tl);
    ck_assert_msg(ok, "wrong tokens for '%s'", text);
}

static void expect_pieces(const Tokenizer *t, const char *text,
                          const char *const *want)
{
    expect_pieces_n(t, text, (long)strlen(text), want);
}

static void expect_words_kept(const char *text, long len, int flags,
                              const char *const *keep, int n_keep,
                              const char *const *want)
{
    WordList wl = {0};
    ck_assert_int_eq(tokenizer_basic(text, len, flags, keep, n_keep, &wl), 0);
    int n_want = 0;
    while (want[n_want]) n_want++;
    int ok = wl.n == n_want;
    for (int i = 0; ok && i < n_want; i++)
        ok = strcmp(wl.text + wl.offset[i], want[i]) == 0;
    if (!ok) {
        fprintf(stderr, "words of '%s':\n  got ", text);
        for (int i = 0; i < wl.n; i++)
            fprintf(stderr, " [%s]", wl.text + wl.offset[i]);
        fprintf(stderr, "\n  want");
        for (int i = 0; i < n_want; i++) fprintf(stderr, " [%s]", want[i]);
        fprintf(stderr, "\n");
    }
    tokenizer_words_free(&wl);
    ck_assert_msg(ok, "wrong words for '%s'", text);
}

static void expect_words(const char *text, int flags, const char *const *want)
{
    expect_words_kept(text, (long)strlen(text), flags, NULL, 0, want);
}

#define LIST(...) ((const char *const[]){__VA_ARGS__, NULL})
#define NONE ((const char *const[]){NULL})

/* ---- google-research/bert tokenization_test.py ------------------------- */

START_TEST(test_t1_full_tokenizer)
{
    Tokenizer t;
    make_tok(&t, V1, 11, 0);
    const char *text = "UNwant\xC3\xA9" "d,running";
    expect_pieces(&t, text, LIST("un", "##want", "##ed", ",", "runn", "##ing"));
    TokenList tl = {0};
    ck_assert_int_eq(tokenizer_tokenize(&t, text, (long)strlen(text), &tl), 0);
    const int want[] = {7, 4, 5, 10, 8, 9};
    ck_assert_int_eq(tl.n, 6);
    for (int i = 0; i < 6; i++) ck_assert_int_eq(tl.ids[i], want[i]);
    tokenizer_tokens_free(&tl);
    tokenizer_free(&t);
}
END_TEST

START_TEST(test_t2_to_t5_basic)
{
    expect_words("ah\xE5\x8D\x9A\xE6\x8E\xA8zz", 0,
                 LIST("ah", "\xE5\x8D\x9A", "\xE6\x8E\xA8", "zz"));
    expect_words(" \tHeLLo!how  \n Are yoU?  ", 0,
                 LIST("hello", "!", "how", "are", "you", "?"));
    expect_words("H\xC3\xA9llo", 0, LIST("hello"));
    expect_words(" \tHeLLo!how  \n Are yoU?  ", TOKENIZER_CASED,
                 LIST("HeLLo", "!", "how", "Are", "yoU", "?"));
}
END_TEST

START_TEST(test_t6_to_t9_wordpiece)
{
    Tokenizer t;
    make_tok(&t, V1, 10, TOKENIZER_CASED);   /* V2: V1 without "," */
    expect_pieces(&t, "", NONE);
    expect_pieces(&t, "unwanted running",
                  LIST("un", "##want", "##ed", "runn", "##ing"));
    expect_pieces(&t, "unwantedX running", LIST("[UNK]", "runn", "##ing"));
    const char *toks[] = {"un", "##want", "##ed", "runn", "##ing"};
    const int want[] = {7, 4, 5, 8, 9};
    for (int i = 0; i < 5; i++)
        ck_assert_int_eq(vocab_id(&t.vocab, toks[i]), want[i]);
    tokenizer_free(&t);
}
END_TEST

START_TEST(test_t10_to_t12_character_classes)
{
    /* Whitespace splits; a control character vanishes; punctuation is a
     * word of its own; everything else stays inside the word. */
    const char *space[] = {" ", "\t", "\r", "\n", "\xC2\xA0"};
    for (int i = 0; i < 5; i++) {
        char text[16];
        snprintf(text, sizeof text, "x%sy", space[i]);
        expect_words(text, 0, LIST("x", "y"));
    }
    expect_words("x\x05y", 0, LIST("xy"));
    expect_words("xAy", TOKENIZER_CASED, LIST("xAy"));
    expect_words("x\xF0\x9F\x92\xA9y", 0, LIST("x\xF0\x9F\x92\xA9y"));
    const char *punct[] = {"-", "$", "`", "."};
    for (int i = 0; i < 4; i++) {
        char text[16];
        snprintf(text, sizeof text, "x%sy", punct[i]);
        expect_words(text, 0, LIST("x", punct[i], "y"));
    }
}
END_TEST

/* ---- Hugging Face test_tokenization_bert.py ---------------------------- */

START_TEST(test_h1_ids_and_decode)
{
    Tokenizer t;
    make_tok(&t, V3, 15, 0);
    const char *text = "UNwant\xC3\xA9" "d,running";
    TokenList tl = {0};
    ck_assert_int_eq(tokenizer_tokenize(&t, text, (long)strlen(text), &tl), 0);
    const int want[] = {9, 6, 7, 12, 10, 11};
    ck_assert_int_eq(tl.n, 6);
    for (int i = 0; i < 6; i++) ck_assert_int_eq(tl.ids[i], want[i]);
    char *s = tokenizer_decode(&t, tl.ids, tl.n, 0);
    ck_assert_str_eq(s, "unwanted, running");
    free(s);
    tokenizer_tokens_free(&tl);
    tokenizer_free(&t);
}
END_TEST

START_TEST(test_h2_to_h4_accents_and_case)
{
    const char *text = " \tH\xC3\xA4LLo!how  \n Are yoU?  ";
    expect_words(text, TOKENIZER_KEEP_ACCENTS,
                 LIST("h\xC3\xA4llo", "!", "how", "are", "you", "?"));
    expect_words("H\xC3\xA9llo", TOKENIZER_KEEP_ACCENTS, LIST("h\xC3\xA9llo"));
    expect_words(text, 0, LIST("hallo", "!", "how", "are", "you", "?"));
    expect_words("H\xC3\xA9llo", 0, LIST("hello"));
    expect_words(text, TOKENIZER_CASED,
                 LIST("H\xC3\xA4LLo", "!", "how", "Are", "yoU", "?"));
    expect_words(text, TOKENIZER_CASED | TOKENIZER_STRIP_ACCENTS,
                 LIST("HaLLo", "!", "how", "Are", "yoU", "?"));
}
END_TEST

START_TEST(test_h5_to_h8_never_split_punct_control)
{
    const char *keep[] = {"[UNK]"};
    const char *text = " \tHeLLo!how  \n Are yoU? [UNK]";
    expect_words_kept(text, (long)strlen(text), TOKENIZER_CASED, keep, 1,
                      LIST("HeLLo", "!", "how", "Are", "yoU", "?", "[UNK]"));
    expect_words("a\n'll !!to?'d of, can't.", 0,
                 LIST("a", "'", "ll", "!", "!", "to", "?", "'", "d", "of", ",",
                      "can", "'", "t", "."));
    expect_words("\xE2\x80\x8E\xE2\x80\x8F", 0, NONE);   /* LRM, RLM: Cf */
    Tokenizer t;
    make_tok(&t, V3, 15, 0);
    expect_pieces(&t, "Test", LIST("[UNK]"));
    expect_pieces(&t, "\xC2\xAD", NONE);                 /* soft hyphen */
    expect_pieces(&t, "test", LIST("[UNK]"));
    tokenizer_free(&t);
}
END_TEST

/* Byte offsets to code-point offsets, to compare with HF's offsets. */
static long char_index(const char *s, long byte)
{
    long n = 0;
    for (long i = 0; i < byte; i++) n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

START_TEST(test_h9_specials_and_offsets)
{
    const char *vocab[] = {"[PAD]", "[UNK]", "[CLS]",  "[SEP]", "[MASK]",
                           "a",     ",",     "naive",  "allen", "##nl",
                           "##p",   "sentence", "."};
    Tokenizer t;
    make_tok(&t, vocab, 13, 0);
    const char *text = "A, na\xC3\xAFve [MASK] AllenNLP sentence.";
    expect_pieces(&t, text, LIST("a", ",", "naive", "[MASK]", "allen", "##nl",
                                 "##p", "sentence", "."));
    TokenList tl = {0};
    ck_assert_int_eq(tokenizer_tokenize(&t, text, (long)strlen(text), &tl), 0);
    const long want[][2] = {{0, 1},   {1, 2},   {3, 8},   {9, 15}, {16, 21},
                            {21, 23}, {23, 24}, {25, 33}, {33, 34}};
    ck_assert_int_eq(tl.n, 9);
    for (int i = 0; i < 9; i++) {
        ck_assert_int_eq(char_index(text, tl.start[i]), want[i][0]);
        ck_assert_int_eq(char_index(text, tl.end[i]), want[i][1]);
    }
    tokenizer_tokens_free(&tl);
    int ids[16];
    ck_assert_int_eq(tokenizer_encode(&t, text, NULL, 16, ids, NULL, NULL),
                     11);
    ck_assert_int_eq(ids[0], 2);
    ck_assert_int_eq(ids[4], 4);
    ck_assert_int_eq(ids[10], 3);
    ck_assert_int_eq(ids[11], 0);
    tokenizer_free(&t);
    /* The cased vocabulary keeps case and accents. */
    const char *cased[] = {"[UNK]", "A", ",", "na", "##\xC3\xAF", "##ve",
                           "[MASK]", "Allen", "##NL", "##P", "sentence", "."};
    make_tok(&t, cased, 12, TOKENIZER_CASED);
    expect_pieces(&t, text, LIST("A", ",", "na", "##\xC3\xAF", "##ve",
                                 "[MASK]", "Allen", "##NL", "##P", "sentence",
                                 "."));
    tokenizer_free(&t);
}
END_TEST

START_TEST(test_h10_cjk_split)
{
    const char *vocab[] = {"[UNK]", "\xE7\x9A\x84", "\xE4\xBA\xBA",
                           "\xE6\x9C\x89", "##\xE4\xBA\xBA", "##\xE6\x9C\x89"};
    const char *text = "\xE7\x9A\x84\xE4\xBA\xBA\xE6\x9C\x89";   /* 的人有 */
    Tokenizer t;
    make_tok(&t, vocab, 6, 0);
    expect_pieces(&t, text, LIST(vocab[1], vocab[2], vocab[3]));
    tokenizer_free(&t);
    make_tok(&t, vocab, 6, TOKENIZER_NO_CJK_SPLIT);
    expect_pieces(&t, text, LIST(vocab[1], vocab[4], vocab[5]));
    tokenizer_free(&t);
}
END_TEST

START_TEST(test_h11_build_input)
{
    const char *vocab[] = {"[PAD]", "[UNK]", "[CLS]", "[SEP]"};
    Tokenizer t;
    make_tok(&t, vocab, 4, 0);
    const int a[] = {10, 11, 12}, b[] = {20, 21};
    int ids[8], seg[8], mask[8];
    ck_assert_int_eq(tokenizer_build_input(&t, a, 3, NULL, -1, 8, ids, seg,
                                           mask), 5);
    const int single[] = {2, 10, 11, 12, 3, 0, 0, 0};
    for (int i = 0; i < 8; i++) {
        ck_assert_int_eq(ids[i], single[i]);
        ck_assert_int_eq(seg[i], 0);
        ck_assert_int_eq(mask[i], i < 5);
    }
    ck_assert_int_eq(tokenizer_build_input(&t, a, 3, b, 2, 8, ids, seg, mask),
                     8);
    const int pair[] = {2, 10, 11, 12, 3, 20, 21, 3};
    const int pair_seg[] = {0, 0, 0, 0, 0, 1, 1, 1};
    for (int i = 0; i < 8; i++) {
        ck_assert_int_eq(ids[i], pair[i]);
        ck_assert_int_eq(seg[i], pair_seg[i]);
        ck_assert_int_eq(mask[i], 1);
    }
    tokenizer_free(&t);
}
END_TEST

/* bert-base-uncased ids, with a vocabulary that has the needed tokens at
 * their real lines and fillers elsewhere. */
START_TEST(test_quebec_real_ids)
{
    char dir[256], path[512];
    make_temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/vocab.txt", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    for (int id = 0; id < 6000; id++) {
        if (id == 0) fputs("[PAD]\n", f);
        else if (id == 100) fputs("[UNK]\n", f);
        else if (id == 101) fputs("[CLS]\n", f);
        else if (id == 102) fputs("[SEP]\n", f);
        else if (id == 103) fputs("[MASK]\n", f);
        else if (id == 5447) fputs("quebec\n", f);
        else fprintf(f, "[unused%d]\n", id);
    }
    fclose(f);
    Tokenizer t;
    ck_assert_msg(tokenizer_load(&t, path, 0) == 0, "%s", error_message());
    int ids[4], mask[4];
    ck_assert_int_eq(tokenizer_encode(&t, "Qu\xC3\xA9" "bec", NULL, 4, ids,
                                      NULL, mask), 3);
    ck_assert_int_eq(ids[0], 101);
    ck_assert_int_eq(ids[1], 5447);
    ck_assert_int_eq(ids[2], 102);
    ck_assert_int_eq(ids[3], 0);
    ck_assert_int_eq(mask[3], 0);
    /* [MASK] is whole only when spelled exactly. */
    ck_assert_int_eq(tokenizer_encode(&t, "[MASK]", NULL, 4, ids, NULL, NULL),
                     3);
    ck_assert_int_eq(ids[1], 103);
    tokenizer_free(&t);
    remove(path);
    remove(dir);
}
END_TEST

/* ---- edge cases ------------------------------------------------------- */

START_TEST(test_special_tokens_in_text)
{
    /* V3 has [MASK] but no ".": the special token stays whole and the
     * unknown punctuation becomes [UNK]. */
    Tokenizer t;
    make_tok(&t, V3, 15, 0);
    expect_pieces(&t, "[MASK].", LIST("[MASK]", "[UNK]"));
    expect_pieces(&t, "want [PAD]low", LIST("want", "[PAD]", "low"));
    tokenizer_free(&t);
}
END_TEST

START_TEST(test_special_tokens_case_and_position)
{
    const char *vocab[] = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
                           "[",     "]",     "mask",  ".",     "a", "b"};
    Tokenizer t;
    make_tok(&t, vocab, 11, 0);
    expect_pieces(&t, "[MASK].", LIST("[MASK]", "."));
    expect_pieces(&t, "[mask]", LIST("[", "mask", "]"));
    expect_pieces(&t, "[Mask]", LIST("[", "mask", "]"));
    expect_pieces(&t, "a[MASK]b", LIST("a", "[MASK]", "b"));
    expect_pieces(&t, "[MASK", LIST("[", "mask"));
    expect_pieces(&t, "[CLS][SEP][PAD][UNK]",
                  LIST("[CLS]", "[SEP]", "[PAD]", "[UNK]"));
    /* A control character inside breaks the match, as in HF, where the
     * special tokens are found before the text is cleaned. */
    expect_pieces(&t, "[MA\x01SK]", LIST("[", "mask", "]"));
    tokenizer_free(&t);
}
END_TEST

START_TEST(test_empty_space_and_punctuation_only)
{
    Tokenizer t;
    make_tok(&t, V3, 15, 0);
    expect_pieces(&t, "", NONE);
    expect_pieces(&t, " \t\r\n \xC2\xA0\xE2\x80\xA8 ", NONE);
    expect_pieces(&t, ",,,", LIST(",", ",", ","));
    expect_pieces(&t, "!?", LIST("[UNK]", "[UNK]"));
    tokenizer_free(&t);
}
END_TEST

START_TEST(test_word_length_limit)
{
    /* 100 code points are one word of pieces, 101 are [UNK]; the limit
     * counts code points, not bytes (ж is two bytes). */
    const char *vocab[] = {"[UNK]", "a", "##a", "\xD0\xB6", "##\xD0\xB6"};
    Tokenizer t;
    make_tok(&t, vocab, 5, 0);
    char text[512];
    TokenList tl = {0};
    for (int n = 100; n <= 101; n++) {
        memset(text, 'a', (size_t)n);
        ck_assert_int_eq(tokenizer_tokenize(&t, text, n, &tl), 0);
        ck_assert_int_eq(tl.n, n == 100 ? 100 : 1);
        ck_assert_int_eq(tl.ids[0], n == 100 ? 1 : 0);
        for (int i = 0; i < n; i++) memcpy(text + 2 * i, "\xD0\xB6", 2);
        ck_assert_int_eq(tokenizer_tokenize(&t, text, 2 * n, &tl), 0);
        ck_assert_int_eq(tl.n, n == 100 ? 100 : 1);
        ck_assert_int_eq(tl.ids[tl.n - 1], n == 100 ? 4 : 0);
    }
    tokenizer_free(&t);
    /* A vocabulary entry longer than the 64 prefixes whose hashes
     * vocab_longest_piece keeps. */
    char long_piece[81];
    memset(long_piece, 'a', 80);
    long_piece[80] = '\0';
    const char *vocab2[] = {"[UNK]", long_piece, "##a", "b"};
    make_tok(&t, vocab2, 4, 0);
    memset(text, 'a', 83);
    ck_assert_int_eq(tokenizer_tokenize(&t, text, 83, &tl), 0);
    ck_assert_int_eq(tl.n, 4);
    ck_assert_int_eq(tl.ids[0], 1);
    ck_assert_int_eq(tl.ids[3], 2);
    ck_assert_int_eq(tl.end[0], 80);
    tokenizer_tokens_free(&tl);
    tokenizer_free(&t);
}
END_TEST

START_TEST(test_mixed_scripts_and_emoji)
{
    const char *vocab[] = {
        "[UNK]",
        "hello",
        "\xD0\xBC\xD0\xB8\xD1\x80",                       /* мир */
        "\xE4\xB8\x96",                                   /* 世 */
        "\xE7\x95\x8C",                                   /* 界 */
        "\xCE\xBF\xCE\xB4\xCE\xBF\xCF\x83",               /* οδοσ */
        "\xE2\x9D\xA4",                                   /* ❤ */
        "\xF0\x9F\x8D\x95",                               /* 🍕 */
        "!",
        "\xF0\x9F\x91\xA8",                               /* 👨 */
        "##\xF0\x9F\x91\xA9",                             /* ##👩 */
        "\xE3\x81\x93\xE3\x82\x93",                       /* こん */
        "cafe",
        "i"};
    Tokenizer t;
    make_tok(&t, vocab, 14, 0);
    /* Cyrillic capitals lower; Han splits; Hiragana does not. */
    expect_pieces(&t, "Hello \xD0\x9C\xD0\x98\xD0\xA0 \xE4\xB8\x96\xE7\x95\x8C"
                      " \xE3\x81\x93\xE3\x82\x93",
                  LIST("hello", vocab[2], vocab[3], vocab[4], vocab[11]));
    /* Greek capitals lower one by one, as HF does: no final sigma. */
    expect_pieces(&t, "\xCE\x9F\xCE\x94\xCE\x9F\xCE\xA3", LIST(vocab[5]));
    /* The emoji presentation selector (U+FE0F) is Mn and goes with the
     * accents; the zero-width joiner (U+200D) is Cf and is dropped. */
    expect_pieces(&t, "I \xE2\x9D\xA4\xEF\xB8\x8F \xF0\x9F\x8D\x95!",
                  LIST("i", vocab[6], vocab[7], "!"));
    expect_pieces(&t, "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9",
                  LIST(vocab[9], vocab[10]));
    /* NFD takes the accent off a precomposed é and a combining one. */
    expect_pieces(&t, "Caf\xC3\xA9 cafe\xCC\x81", LIST("cafe", "cafe"));
    /* U+0130 lowers to i + dot above, and the dot is stripped. */
    expect_pieces(&t, "\xC4\xB0", LIST("i"));
    tokenizer_free(&t);
    expect_words("\xC4\xB0", TOKENIZER_KEEP_ACCENTS, LIST("i\xCC\x87"));
}
END_TEST

START_TEST(test_invalid_utf8)
{
    const char *vocab[] = {"[UNK]", "ab", "##cd", "abcd", "/"};
    Tokenizer t;
    make_tok(&t, vocab, 5, 0);
    /* Each case is copied into a buffer of exactly its length, so that a
     * read past the end is caught by the sanitizers and valgrind. */
    static const struct {
        const char *bytes;
        long len;
        const char *want[3];
    } cases[] = {
        {"ab\xFF" "cd", 5, {"abcd"}},             /* never valid */
        {"ab\x80" "cd", 5, {"abcd"}},             /* lone continuation */
        {"a\xC0\xAF" "b", 4, {"ab"}},       /* overlong "/" */
        {"a\xE0\x80\xAF" "b", 5, {"ab"}},   /* overlong, 3 bytes */
        {"a\xED\xA0\x80" "b", 5, {"ab"}},   /* surrogate */
        {"a\xF4\x90\x80\x80" "b", 6, {"ab"}},  /* above U+10FFFF */
        {"ab\xE2\x82" "cd", 6, {"abcd"}},         /* truncated */
        {"ab\xE2\x82", 4, {"ab"}},                /* truncated at the end */
        {"ab\xF0\x9F\x8D", 5, {"ab"}},
        {"ab\xC3", 3, {"ab"}},
        {"a\0b", 3, {"ab"}},                /* NUL is dropped */
        {"\xFF\xFE\xFD", 3, {NULL}},
    };
    TokenList tl = {0};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        char *buf = malloc((size_t)cases[c].len);
        memcpy(buf, cases[c].bytes, (size_t)cases[c].len);
        ck_assert_int_eq(tokenizer_tokenize(&t, buf, cases[c].len, &tl), 0);
        int n = 0;
        while (n < 3 && cases[c].want[n]) n++;
        ck_assert_msg(tl.n == n, "case %zu: %d tokens, want %d", c, tl.n, n);
        for (int i = 0; i < n; i++)
            ck_assert_str_eq(vocab_token(&t.vocab, tl.ids[i]),
                             cases[c].want[i]);
        free(buf);
    }
    tokenizer_tokens_free(&tl);
    tokenizer_free(&t);
}
END_TEST

START_TEST(test_truncation_and_padding)
{
    const char *vocab[] = {"[PAD]", "[UNK]", "[CLS]", "[SEP]"};
    Tokenizer t;
    make_tok(&t, vocab, 4, 0);
    const int a[] = {10, 11, 12, 13, 14}, b[] = {20, 21, 22};
    int ids[8], seg[8], mask[8];
    /* 5 + 3 tokens into 8 - 3 = 5: A loses two (5 > 3, 4 > 3), then the
     * tie drops from B. */
    ck_assert_int_eq(tokenizer_build_input(&t, a, 5, b, 3, 8, ids, seg, mask),
                     8);
    const int want[] = {2, 10, 11, 12, 3, 20, 21, 3};
    for (int i = 0; i < 8; i++) ck_assert_int_eq(ids[i], want[i]);
    ck_assert_int_eq(seg[4], 0);
    ck_assert_int_eq(seg[5], 1);
    /* One text: cut to max_len - 2. */
    ck_assert_int_eq(tokenizer_build_input(&t, a, 5, NULL, -1, 4, ids, seg,
                                           mask), 4);
    ck_assert_int_eq(ids[2], 11);
    ck_assert_int_eq(ids[3], 3);
    /* An empty B still gets its [SEP], in segment 1, even when its list
     * is NULL; so does an empty second text. */
    for (int k = 0; k < 2; k++) {
        ck_assert_int_eq(tokenizer_build_input(&t, a, 1, k ? NULL : b, 0, 6,
                                               ids, seg, mask), 4);
        ck_assert_int_eq(ids[3], 3);
        ck_assert_int_eq(seg[3], 1);
        ck_assert_int_eq(mask[4], 0);
        ck_assert_int_eq(ids[5], 0);
    }
    ck_assert_int_eq(tokenizer_encode(&t, "", "", 6, ids, seg, mask), 3);
    ck_assert_int_eq(ids[2], 3);
    ck_assert_int_eq(seg[2], 1);
    ck_assert_int_eq(tokenizer_encode(&t, "", NULL, 6, ids, seg, mask), 2);
    /* Too small to hold the special tokens. */
    ck_assert_int_eq(tokenizer_build_input(&t, a, 1, b, 1, 2, ids, seg, mask),
                     -1);
    ck_assert_ptr_nonnull(strstr(error_message(), "max_len"));
    tokenizer_free(&t);
    /* No [CLS]/[SEP]/[PAD]: V1 has no [PAD]. */
    make_tok(&t, V1, 11, 0);
    ck_assert_int_eq(tokenizer_encode(&t, "want", NULL, 8, ids, NULL, NULL),
                     -1);
    tokenizer_free(&t);
}
END_TEST

START_TEST(test_decode)
{
    const char *vocab[] = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
                           "can",   "'",     "t",     "##s",   "it",
                           "n't",   ".",     "go",    "?"};
    Tokenizer t;
    make_tok(&t, vocab, 14, 0);
    const int ids[] = {2, 9, 8, 5, 10, 12, 11, 4, 13, 3, 0};
    char *s = tokenizer_decode(&t, ids, 11, 0);
    ck_assert_str_eq(s, "[CLS] its cann't go. [MASK]? [SEP] [PAD]");
    free(s);
    s = tokenizer_decode(&t, ids, 11, 1);
    ck_assert_str_eq(s, "its cann't go.?");
    free(s);
    /* " ' " becomes "'" and the " n't" rule then finds nothing. */
    const int ids2[] = {5, 6, 7, 8};
    s = tokenizer_decode(&t, ids2, 4, 0);
    ck_assert_str_eq(s, "can'ts");
    free(s);
    s = tokenizer_decode(&t, ids, 0, 0);
    ck_assert_str_eq(s, "");
    free(s);
    const int bad[] = {5, 14};
    ck_assert_ptr_null(tokenizer_decode(&t, bad, 2, 0));
    ck_assert_ptr_nonnull(strstr(error_message(), "14"));
    tokenizer_free(&t);
}
END_TEST

/* ---- vocab.txt -------------------------------------------------------- */

static void write_file(const char *path, const char *bytes, size_t n)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(bytes, 1, n, f), n);
    fclose(f);
}

START_TEST(test_vocab_files)
{
    char dir[256], path[512];
    make_temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/vocab.txt", dir);
    Vocab v;

    /* CRLF endings are removed; a token keeps its inner spaces and a lone
     * "\r"; the last line needs no newline. */
    const char crlf[] = "[UNK]\r\nhello\r\n##lo\r\na b\r\nx\ry\r\n\r\nlast";
    write_file(path, crlf, sizeof crlf - 1);
    ck_assert_msg(vocab_load(&v, path) == 0, "%s", error_message());
    ck_assert_int_eq(v.n, 7);
    ck_assert_int_eq(vocab_id(&v, "hello"), 1);
    ck_assert_int_eq(vocab_id(&v, "##lo"), 2);
    ck_assert_int_eq(vocab_piece_id(&v, 1, "lo", 2), 2);
    ck_assert_int_eq(vocab_piece_id(&v, 0, "lo", 2), -1);
    ck_assert_int_eq(vocab_id(&v, "a b"), 3);
    ck_assert_int_eq(vocab_id(&v, "x\ry"), 4);
    ck_assert_int_eq(vocab_id(&v, ""), 5);
    ck_assert_str_eq(vocab_token(&v, 6), "last");
    ck_assert_ptr_null(vocab_token(&v, 7));
    ck_assert_ptr_null(vocab_token(&v, -1));
    vocab_free(&v);

    /* A duplicate: lookup gives the later id (HF's dict), both lines keep
     * their ids. */
    const char dup[] = "[UNK]\nhello\nworld\nhello\n";
    write_file(path, dup, sizeof dup - 1);
    ck_assert_int_eq(vocab_load(&v, path), 0);
    ck_assert_int_eq(v.n, 4);
    ck_assert_int_eq(vocab_id(&v, "hello"), 3);
    ck_assert_str_eq(vocab_token(&v, 1), "hello");
    vocab_free(&v);

    /* Round trip through vocab_save. */
    const char *toks[] = {"[PAD]", "a b", "##\xC3\xA9", "z"};
    ck_assert_int_eq(vocab_from_tokens(&v, toks, 4), 0);
    ck_assert_int_eq(vocab_save(&v, path), 0);
    vocab_free(&v);
    ck_assert_int_eq(vocab_load(&v, path), 0);
    ck_assert_int_eq(v.n, 4);
    for (int i = 0; i < 4; i++) ck_assert_str_eq(vocab_token(&v, i), toks[i]);
    vocab_free(&v);
    const char *bad_toks[] = {"a\nb"};
    ck_assert_int_eq(vocab_from_tokens(&v, bad_toks, 1), 0);
    ck_assert_int_ne(vocab_save(&v, path), 0);
    vocab_free(&v);

    /* Errors: empty file, missing file, bad UTF-8, NUL, no [UNK]. */
    write_file(path, "", 0);
    ck_assert_int_ne(vocab_load(&v, path), 0);
    ck_assert_ptr_nonnull(strstr(error_message(), "empty"));
    ck_assert_ptr_nonnull(strstr(error_message(), path));
    write_file(path, "[UNK]\nb\xFFz\n", 9);
    ck_assert_int_ne(vocab_load(&v, path), 0);
    ck_assert_ptr_nonnull(strstr(error_message(), ":2: not valid UTF-8"));
    write_file(path, "[UNK]\nb\0z\n", 9);
    ck_assert_int_ne(vocab_load(&v, path), 0);
    ck_assert_ptr_nonnull(strstr(error_message(), "NUL"));
    Tokenizer t;
    write_file(path, "a\nb\n", 4);
    ck_assert_int_ne(tokenizer_load(&t, path, 0), 0);
    ck_assert_ptr_nonnull(strstr(error_message(), "[UNK]"));
    remove(path);
    ck_assert_int_ne(vocab_load(&v, path), 0);
    ck_assert_ptr_nonnull(strstr(error_message(), path));
    ck_assert_int_ne(tokenizer_load(&t, path, 0), 0);
    remove(dir);
}
END_TEST

START_TEST(test_long_input_is_linear)
{
    /* One 1 MB "word" without spaces and 1 MB of short words: both must
     * finish quickly (the whole suite has a time limit). */
    const char *vocab[] = {"[UNK]", "ab", "##ab", "a", "##b"};
    Tokenizer t;
    make_tok(&t, vocab, 5, 0);
    long n = 1 << 20;
    char *text = malloc((size_t)n);
    for (long i = 0; i < n; i++) text[i] = "ab"[i & 1];
    TokenList tl = {0};
    ck_assert_int_eq(tokenizer_tokenize(&t, text, n, &tl), 0);
    ck_assert_int_eq(tl.n, 1);
    ck_assert_int_eq(tl.ids[0], 0);
    for (long i = 2; i < n; i += 3) text[i] = ' ';
    ck_assert_int_eq(tokenizer_tokenize(&t, text, n, &tl), 0);
    ck_assert_int_gt(tl.n, (int)(n / 3) - 2);
    free(text);
    tokenizer_tokens_free(&tl);
    tokenizer_free(&t);
}
END_TEST

Suite *suite_tokenizer(void)
{
    Suite *s = suite_create("tokenizer");
    TCase *tc = tcase_create("tokenizer");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_t1_full_tokenizer);
    tcase_add_test(tc, test_t2_to_t5_basic);
    tcase_add_test(tc, test_t6_to_t9_wordpiece);
    tcase_add_test(tc, test_t10_to_t12_character_classes);
    tcase_add_test(tc, test_h1_ids_and_decode);
    tcase_add_test(tc, test_h2_to_h4_accents_and_case);
    tcase_add_test(tc, test_h5_to_h8_never_split_punct_control);
    tcase_add_test(tc, test_h9_specials_and_offsets);
    tcase_add_test(tc, test_h10_cjk_split);
    tcase_add_test(tc, test_h11_build_input);
    tcase_add_test(tc, test_quebec_real_ids);
    tcase_add_test(tc, test_special_tokens_in_text);
    tcase_add_test(tc, test_special_tokens_case_and_position);
    tcase_add_test(tc, test_empty_space_and_punctuation_only);
    tcase_add_test(tc, test_word_length_limit);
    tcase_add_test(tc, test_mixed_scripts_and_emoji);
    tcase_add_test(tc, test_invalid_utf8);
    tcase_add_test(tc, test_truncation_and_padding);
    tcase_add_test(tc, test_decode);
    tcase_add_test(tc, test_vocab_files);
    tcase_add_test(tc, test_long_input_is_linear);
    suite_add_tcase(s, tc);
    return s;
}
