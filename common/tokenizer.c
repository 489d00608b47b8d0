/* WordPiece, BERT's input layout and decoding (see tokenizer.h); the
 * basic tokenizer is in basic_tokenizer.c. */
#include "tokenizer.h"

#include "error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Code points in a UTF-8 string: the bytes that do not continue one. */
static int count_chars(const char *s, int len)
{
    int n = 0;
    for (int i = 0; i < len; i++) n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

int tokenizer_init(Tokenizer *t, Vocab *v, int flags)
{
    memset(t, 0, sizeof *t);
    t->vocab = *v;
    memset(v, 0, sizeof *v);
    t->flags = flags;
    const Vocab *voc = &t->vocab;
    t->unk_id = vocab_id(voc, "[UNK]");
    t->cls_id = vocab_id(voc, "[CLS]");
    t->sep_id = vocab_id(voc, "[SEP]");
    t->pad_id = vocab_id(voc, "[PAD]");
    t->mask_id = vocab_id(voc, "[MASK]");
    if (t->unk_id < 0) {
        tokenizer_free(t);
        return error_set("vocabulary has no [UNK] token");
    }
    const int ids[5] = {t->unk_id, t->sep_id, t->pad_id, t->cls_id,
                        t->mask_id};
    for (int k = 0; k < 5; k++)
        if (ids[k] >= 0) t->specials[t->n_specials++] = voc->tokens[ids[k]];
    /* No piece longer than the longest entry can match, which bounds the
     * longest-match search at each position. */
    for (int id = 0; id < voc->n; id++) {
        int c = count_chars(voc->tokens[id], voc->lens[id]);
        if (c > t->max_piece_chars) t->max_piece_chars = c;
    }
    return 0;
}

int tokenizer_load(Tokenizer *t, const char *vocab_path, int flags)
{
    Vocab v;
    memset(t, 0, sizeof *t);
    if (vocab_load(&v, vocab_path) != 0) return -1;
    if (tokenizer_init(t, &v, flags) != 0) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s", error_message());
        return error_set("%s: %s", vocab_path, msg);
    }
    return 0;
}

void tokenizer_free(Tokenizer *t)
{
    vocab_free(&t->vocab);
    memset(t, 0, sizeof *t);
}

void tokenizer_tokens_free(TokenList *l)
{
    free(l->ids);
    free(l->start);
    free(l->end);
    memset(l, 0, sizeof *l);
}

static int push_token(TokenList *l, int id, long start, long end)
{
    if (l->n == l->cap) {
        int cap = l->cap ? 2 * l->cap : 256;
        if (cap > (1 << 29)) return error_set("tokenizer: too many tokens");
        int *ids = realloc(l->ids, (size_t)cap * sizeof *ids);
        if (ids) l->ids = ids;
        long *s = realloc(l->start, (size_t)cap * sizeof *s);
        if (s) l->start = s;
        long *e = realloc(l->end, (size_t)cap * sizeof *e);
        if (e) l->end = e;
        if (!ids || !s || !e) return error_set("tokenizer: out of memory");
        l->cap = cap;
    }
    l->ids[l->n] = id;
    l->start[l->n] = start;
    l->end[l->n] = end;
    l->n++;
    return 0;
}

/* The input span of code points [a, b) of a word. */
static void span(const TokenizerWord *w, int a, int b, long *start, long *end)
{
    *start = w->src_start[a];
    *end = w->src_end[a];
    for (int i = a + 1; i < b; i++) {
        if (w->src_start[i] < *start) *start = w->src_start[i];
        if (w->src_end[i] > *end) *end = w->src_end[i];
    }
}

typedef struct {
    const Tokenizer *t;
    TokenList *out;
} Run;

//> wordpiece
/* WordPiece on one word: at each position the longest vocabulary piece
 * that matches, "##"-prefixed after the first; [UNK] for the whole word
 * when a position matches nothing or the word is too long. */
static int wordpiece(const TokenizerWord *w, void *ctx)
{
    Run *run = ctx;
    const Tokenizer *t = run->t;
    TokenList *out = run->out;
    long s, e;
    if (w->special) {
        span(w, 0, w->n_chars, &s, &e);
        return push_token(out, vocab_piece_id(&t->vocab, 0, w->text, w->len),
                          s, e);
    }
    int mark = out->n;
    if (w->n_chars <= TOKENIZER_MAX_WORD_CHARS) {
        int a = 0;
        while (a < w->n_chars) {
            int n = w->n_chars - a, id;
            if (n > t->max_piece_chars) n = t->max_piece_chars;
            int k = vocab_longest_piece(&t->vocab, a > 0, w->text,
                                        w->char_off + a, n, &id);
            if (k == 0) break;
            span(w, a, a + k, &s, &e);
            if (push_token(out, id, s, e)) return -1;
            a += k;
        }
        if (a == w->n_chars) return 0;
    }
    out->n = mark;
    span(w, 0, w->n_chars, &s, &e);
    return push_token(out, t->unk_id, s, e);
}
//< wordpiece

int tokenizer_tokenize(const Tokenizer *t, const char *text, long len,
                       TokenList *out)
{
    out->n = 0;
    Run run = {t, out};
    return tokenizer_basic_each(text, len, t->flags, t->specials,
                                t->n_specials, wordpiece, &run);
}

int tokenizer_build_input(const Tokenizer *t, const int *a, int na,
                          const int *b, int nb, int max_len, int *ids,
                          int *segments, int *mask)
{
    int pair = nb >= 0;
    if (!pair) nb = 0;
    if (max_len < 2 + pair)
        return error_set("max_len %d is too small for %s", max_len,
                         pair ? "a pair (at least 3)" : "a text (at least 2)");
    if (t->cls_id < 0 || t->sep_id < 0 || t->pad_id < 0)
        return error_set("vocabulary lacks [CLS], [SEP] or [PAD]");
    if (na < 0) return error_set("negative token count");
    /* google-research/bert _truncate_seq_pair: one token at a time from
     * the end of the longer part (B on ties). */
    while (na + nb > max_len - 2 - pair) {
        if (na > nb)
            na--;
        else
            nb--;
    }
    int n = 0;
    ids[n++] = t->cls_id;
    for (int i = 0; i < na; i++) ids[n++] = a[i];
    ids[n++] = t->sep_id;
    int first_end = n;
    if (pair) {
        for (int i = 0; i < nb; i++) ids[n++] = b[i];
        ids[n++] = t->sep_id;
    }
    for (int i = 0; i < max_len; i++) {
        if (i >= n) ids[i] = t->pad_id;
        if (segments) segments[i] = i >= first_end && i < n;
        if (mask) mask[i] = i < n;
    }
    return n;
}

int tokenizer_encode(const Tokenizer *t, const char *text_a,
                     const char *text_b, int max_len, int *ids,
                     int *segments, int *mask)
{
    if (!text_a) return error_set("encode: no text");
    TokenList a = {0}, b = {0};
    int rc = tokenizer_tokenize(t, text_a, (long)strlen(text_a), &a);
    if (rc == 0 && text_b)
        rc = tokenizer_tokenize(t, text_b, (long)strlen(text_b), &b);
    if (rc == 0)
        rc = tokenizer_build_input(t, a.ids, a.n, b.ids, text_b ? b.n : -1,
                                   max_len, ids, segments, mask);
    tokenizer_tokens_free(&a);
    tokenizer_tokens_free(&b);
    return rc;
}

/* Python's s.replace(from, to) in place, for a `to` no longer than
 * `from`: left to right, matches do not overlap. */
static void replace_all(char *s, const char *from, const char *to)
{
    size_t lf = strlen(from), lt = strlen(to);
    char *r = s, *w = s;
    while (*r) {
        if (strncmp(r, from, lf) == 0) {
            memmove(w, to, lt);
            w += lt;
            r += lf;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
           c == '\f';
}

char *tokenizer_decode(const Tokenizer *t, const int *ids, int n,
                       int skip_special)
{
    const Vocab *v = &t->vocab;
    size_t total = 1;
    for (int i = 0; i < n; i++) {
        if (ids[i] < 0 || ids[i] >= v->n) {
            error_set("decode: id %d is outside the vocabulary (0..%d)",
                      ids[i], v->n - 1);
            return NULL;
        }
        total += (size_t)v->lens[ids[i]] + 1;
    }
    char *s = malloc(total);
    if (!s) {
        error_set("decode: out of memory");
        return NULL;
    }
    /* HF convert_tokens_to_string: " ".join(tokens).replace(" ##", "")
     * .strip(), then clean_up_tokenization. */
    size_t len = 0;
    int first = 1;
    for (int i = 0; i < n; i++) {
        int id = ids[i];
        if (skip_special && (id == t->unk_id || id == t->cls_id ||
                             id == t->sep_id || id == t->pad_id ||
                             id == t->mask_id))
            continue;
        if (!first) s[len++] = ' ';
        memcpy(s + len, v->tokens[id], (size_t)v->lens[id]);
        len += (size_t)v->lens[id];
        first = 0;
    }
    s[len] = '\0';
    replace_all(s, " ##", "");
    size_t b = 0, e = strlen(s);
    while (b < e && is_space(s[b])) b++;
    while (e > b && is_space(s[e - 1])) e--;
    memmove(s, s + b, e - b);
    s[e - b] = '\0';
    static const char *const cleanup[][2] = {
        {" .", "."},     {" ?", "?"},     {" !", "!"},     {" ,", ","},
        {" ' ", "'"},    {" n't", "n't"}, {" 'm", "'m"},   {" 's", "'s"},
        {" 've", "'ve"}, {" 're", "'re"}};
    for (size_t k = 0; k < sizeof cleanup / sizeof cleanup[0]; k++)
        replace_all(s, cleanup[k][0], cleanup[k][1]);
    return s;
}
