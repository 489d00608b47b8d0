/* fuzz_tokenizer: a libFuzzer target for tokenizer.h (run by `make fuzz`).
 *
 * An input is three control bytes and then the text:
 *   byte 0  tokenizer flags (low 4 bits: CASED, STRIP_ACCENTS, ...)
 *   byte 1  max_len for the pair encoding (3 + byte % 64)
 *   byte 2  where the text splits into A and B (byte / 256 of its length)
 * Each input is tokenized, split into a pair that is encoded with
 * truncation and padding, decoded, and cut into basic words; every result
 * is checked (ids in the vocabulary, spans inside the text, the layout of
 * the encoding), and a broken check aborts. The sanitizers catch the
 * rest: reads out of bounds, leaks, undefined behaviour.
 */
#include "tokenizer.h"
#include "vocab.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A small fixed vocabulary with pieces of several scripts. */
static const char *const VOCAB[] = {
    "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "a", "b", "c", "e", "i",
    "n", "s", "t", "##a", "##b", "##c", "##e", "##i", "##n", "##s", "##t",
    "un", "##want", "##ed", "runn", "##ing", "the", ",", ".", "!", "?", "'",
    "[", "]", "#", "##\xCC\x87", "\xC3\xA9", "##\xC3\xA9", "\xD0\xB6",
    "##\xD0\xB6", "\xE4\xB8\x96", "\xE7\x95\x8C", "\xF0\x9F\x98\x80",
    "##\xF0\x9F\x98\x80", "\xE1\x84\x80", "##\xE1\x85\xA1", "mask", "##\"",
};

static Tokenizer base;

static void check(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz_tokenizer: broken: %s\n", what);
        abort();
    }
}

static void check_tokens(const Tokenizer *t, const TokenList *tl, long len)
{
    for (int i = 0; i < tl->n; i++) {
        check(tl->ids[i] >= 0 && tl->ids[i] < t->vocab.n, "id in vocabulary");
        check(tl->start[i] >= 0 && tl->start[i] < tl->end[i] &&
              tl->end[i] <= len, "span inside the text");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (base.vocab.n == 0) {
        Vocab v;
        int n = (int)(sizeof VOCAB / sizeof VOCAB[0]);
        if (vocab_from_tokens(&v, VOCAB, n) != 0 ||
            tokenizer_init(&base, &v, 0) != 0)
            abort();
    }
    if (size < 3) return 0;
    Tokenizer t = base;   /* shares the vocabulary; only the flags differ */
    t.flags = data[0] & 15;
    int max_len = 3 + data[1] % 64;
    long len = (long)size - 3;
    long split = len * data[2] / 256;
    /* The text in a buffer of its exact size, so that any read past the
     * end is caught. */
    char *text = malloc(len > 0 ? (size_t)len : 1);
    if (!text) return 0;
    memcpy(text, data + 3, (size_t)len);

    TokenList all = {0}, a = {0}, b = {0};
    check(tokenizer_tokenize(&t, text, len, &all) == 0, "tokenize");
    check_tokens(&t, &all, len);
    check(tokenizer_tokenize(&t, text, split, &a) == 0, "tokenize A");
    check(tokenizer_tokenize(&t, text + split, len - split, &b) == 0,
          "tokenize B");
    check_tokens(&t, &a, split);
    check_tokens(&t, &b, len - split);

    int ids[66], seg[66], mask[66];
    int n = tokenizer_build_input(&t, a.ids, a.n, b.ids, b.n, max_len, ids,
                                  seg, mask);
    check(n >= 3 && n <= max_len, "encoded length");
    check(n == (a.n + b.n + 3 < max_len ? a.n + b.n + 3 : max_len),
          "truncated to max_len");
    check(ids[0] == t.cls_id && ids[n - 1] == t.sep_id, "[CLS] ... [SEP]");
    for (int i = 0; i < max_len; i++) {
        check(mask[i] == (i < n), "attention mask");
        check(i < n || (ids[i] == t.pad_id && seg[i] == 0), "padding");
        check(i == 0 || i >= n || seg[i] >= seg[i - 1], "segments rise");
    }

    char *s = tokenizer_decode(&t, ids, max_len, data[0] & 16);
    check(s != NULL, "decode");
    free(s);

    WordList wl = {0};
    check(tokenizer_basic(text, len, t.flags, t.specials, t.n_specials,
                          &wl) == 0, "basic");
    for (int i = 0; i < wl.n; i++)
        check(wl.text[wl.offset[i]] != '\0' && wl.start[i] < wl.end[i],
              "words are not empty");

    tokenizer_words_free(&wl);
    tokenizer_tokens_free(&all);
    tokenizer_tokens_free(&a);
    tokenizer_tokens_free(&b);
    free(text);
    return 0;
}
