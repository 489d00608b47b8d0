/* The basic tokenizer of tokenizer.h: cleaning, CJK, whitespace,
 * normalisation and punctuation, one word at a time. */
#include "tokenizer.h"

#include "error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* What the cleaner makes of one code point. */
enum { CH_DROP, CH_SPACE, CH_CJK, CH_OTHER };

/* The CJK Unified Ideographs blocks and their extensions and
 * compatibility blocks, as BERT's _is_chinese_char lists them. */
static int is_cjk(int32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x20000 && cp <= 0x2A6DF) ||
           (cp >= 0x2A700 && cp <= 0x2B73F) ||
           (cp >= 0x2B740 && cp <= 0x2B81F) ||
           (cp >= 0x2B820 && cp <= 0x2CEAF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0x2F800 && cp <= 0x2FA1F);
}

static int classify(int32_t cp, int split_cjk)
{
    if (cp < 0x80) {
        if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r')
            return CH_SPACE;
        return cp < 0x20 || cp == 0x7F ? CH_DROP : CH_OTHER;
    }
    if (cp == 0xFFFD) return CH_DROP;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_CC:
    case UTF8PROC_CATEGORY_CF:
    case UTF8PROC_CATEGORY_CS:
    case UTF8PROC_CATEGORY_CO:
    case UTF8PROC_CATEGORY_CN:
        return CH_DROP;
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
        return CH_SPACE;
    default:
        return split_cjk && is_cjk(cp) ? CH_CJK : CH_OTHER;
    }
}

/* BERT counts every ASCII character that is not a letter, digit, space or
 * control as punctuation ($ + < = > ^ ` | ~ are symbols to Unicode). */
static int is_punct(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) ||
               (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126);
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_PC:
    case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
        return 1;
    default:
        return 0;
    }
}

/* Code points with the byte span of the input character each came from. */
typedef struct {
    int32_t *cp;
    long *start, *end;
    int n, cap;
} Chars;

/* The buffers of one walk; they grow to fit the longest word. */
typedef struct {
    int flags;
    Chars raw;        /* the current word as read */
    int raw_ascii;    /* 1 while every code point of raw is ASCII */
    Chars norm;       /* the word after normalisation */
    char *utf8;       /* one emitted word, encoded */
    int *off;         /* (n + 1) byte offset of each of its code points */
    int cap_utf8, cap_off;
    int32_t *tmp;     /* room for composition */
    int cap_tmp;
    int (*fn)(const TokenizerWord *w, void *ctx);
    void *ctx;
} Walk;

static int grow(void **p, int *cap, int need, size_t size)
{
    if (need <= *cap) return 0;
    if (need > (1 << 28)) return error_set("tokenizer: word too long");
    int c = *cap ? *cap : 64;
    while (c < need) c *= 2;
    void *q = realloc(*p, (size_t)c * size);
    if (!q) return error_set("tokenizer: out of memory");
    *p = q;
    *cap = c;
    return 0;
}

static int chars_grow(Chars *c)
{
    int cap = c->cap, cap2 = c->cap, cap3 = c->cap;
    if (grow((void **)&c->cp, &cap, c->n + 1, sizeof *c->cp) ||
        grow((void **)&c->start, &cap2, c->n + 1, sizeof *c->start) ||
        grow((void **)&c->end, &cap3, c->n + 1, sizeof *c->end))
        return -1;
    c->cap = cap;
    return 0;
}

static inline int chars_push(Chars *c, int32_t cp, long start, long end)
{
    if (c->n == c->cap && chars_grow(c)) return -1;
    c->cp[c->n] = cp;
    c->start[c->n] = start;
    c->end[c->n] = end;
    c->n++;
    return 0;
}

static void chars_free(Chars *c)
{
    free(c->cp);
    free(c->start);
    free(c->end);
}

/* Encodes cps[0..n) into w->utf8 and hands the word to the caller. */
static int emit(Walk *w, const int32_t *cps, const long *start,
                const long *end, int n, int special)
{
    if (grow((void **)&w->utf8, &w->cap_utf8, 4 * n + 1, 1) ||
        grow((void **)&w->off, &w->cap_off, n + 1, sizeof *w->off))
        return -1;
    int len = 0;
    for (int i = 0; i < n; i++) {
        w->off[i] = len;
        if (cps[i] < 0x80)
            w->utf8[len++] = (char)cps[i];
        else
            len += (int)utf8proc_encode_char(
                cps[i], (utf8proc_uint8_t *)w->utf8 + len);
    }
    w->off[n] = len;
    w->utf8[len] = '\0';
    TokenizerWord word = {w->utf8, len, n, w->off, start, end, special};
    return w->fn(&word, w->ctx);
}

/* Canonical ordering (the step of NFD after decomposition): within each
 * run of combining marks, a stable sort by combining class. */
static void canonical_order(Chars *c)
{
    for (int i = 1; i < c->n; i++) {
        int ccc = utf8proc_get_property(c->cp[i])->combining_class;
        if (ccc == 0) continue;
        for (int j = i; j > 0; j--) {
            int prev = utf8proc_get_property(c->cp[j - 1])->combining_class;
            if (prev <= ccc) break;
            int32_t cp = c->cp[j];
            long s = c->start[j], e = c->end[j];
            c->cp[j] = c->cp[j - 1];
            c->start[j] = c->start[j - 1];
            c->end[j] = c->end[j - 1];
            c->cp[j - 1] = cp;
            c->start[j - 1] = s;
            c->end[j - 1] = e;
        }
    }
}

/* Recomposes w->norm (NFC). When composition joins characters, every code
 * point of the word is given the span of the whole word: the exact origin
 * of a composed character is not worth its bookkeeping in these modes. */
static int compose(Walk *w)
{
    Chars *c = &w->norm;
    if (grow((void **)&w->tmp, &w->cap_tmp, c->n, sizeof *w->tmp)) return -1;
    memcpy(w->tmp, c->cp, (size_t)c->n * sizeof *c->cp);
    utf8proc_ssize_t m = utf8proc_normalize_utf32(
        w->tmp, c->n, (utf8proc_option_t)(UTF8PROC_COMPOSE | UTF8PROC_STABLE));
    if (m < 0 || m == c->n) return 0;
    long lo = c->start[0], hi = c->end[0];
    for (int i = 1; i < c->n; i++) {
        if (c->start[i] < lo) lo = c->start[i];
        if (c->end[i] > hi) hi = c->end[i];
    }
    for (int i = 0; i < m; i++) {
        c->cp[i] = w->tmp[i];
        c->start[i] = lo;
        c->end[i] = hi;
    }
    c->n = (int)m;
    return 0;
}

/* Lower-cases and/or strips accents from w->raw into w->norm, following
 * BertTokenizer: HF lowers each character, applies NFC, and with
 * strip_accents takes NFD and drops every Mn character. */
static int normalise(Walk *w)
{
    int lower = !(w->flags & TOKENIZER_CASED);
    int strip = lower ? !(w->flags & TOKENIZER_KEEP_ACCENTS)
                      : (w->flags & TOKENIZER_STRIP_ACCENTS) != 0;
    Chars *r = &w->raw, *c = &w->norm;
    c->n = 0;
    for (int i = 0; i < r->n; i++) {
        int32_t cp = r->cp[i];
        long s = r->start[i], e = r->end[i];
        if (lower && cp == 0x130) {
            /* Python lowers U+0130 to "i" + combining dot above. */
            if (chars_push(c, 'i', s, e) || chars_push(c, 0x307, s, e))
                return -1;
            continue;
        }
        if (lower) cp = utf8proc_tolower(cp);
        utf8proc_int32_t d[16];
        utf8proc_ssize_t k = utf8proc_decompose_char(
            cp, d, 16, UTF8PROC_DECOMPOSE, NULL);
        if (k < 1 || k > 16) {
            d[0] = cp;
            k = 1;
        }
        for (int j = 0; j < k; j++)
            if (chars_push(c, d[j], s, e)) return -1;
    }
    canonical_order(c);
    if (!strip) return compose(w);
    int n = 0;
    for (int i = 0; i < c->n; i++) {
        if (utf8proc_category(c->cp[i]) == UTF8PROC_CATEGORY_MN) continue;
        c->cp[n] = c->cp[i];
        c->start[n] = c->start[i];
        c->end[n] = c->end[i];
        n++;
    }
    c->n = n;
    return 0;
}

/* Ends the current raw word: normalises it, then emits the runs between
 * punctuation characters and each punctuation character alone. */
static int flush(Walk *w)
{
    Chars *c = &w->raw;
    if (c->n == 0) return 0;
    if (w->raw_ascii) {
        /* ASCII is its own NFC and NFD: only the case can change. */
        if (!(w->flags & TOKENIZER_CASED))
            for (int i = 0; i < c->n; i++)
                if (c->cp[i] >= 'A' && c->cp[i] <= 'Z') c->cp[i] += 32;
    } else {
        if (normalise(w)) return -1;
        c = &w->norm;
    }
    int begin = 0, rc = 0;
    for (int i = 0; i < c->n && rc == 0; i++) {
        if (!is_punct(c->cp[i])) continue;
        if (i > begin)
            rc = emit(w, c->cp + begin, c->start + begin, c->end + begin,
                      i - begin, 0);
        if (rc == 0)
            rc = emit(w, c->cp + i, c->start + i, c->end + i, 1, 0);
        begin = i + 1;
    }
    if (rc == 0 && c->n > begin)
        rc = emit(w, c->cp + begin, c->start + begin, c->end + begin,
                  c->n - begin, 0);
    w->raw.n = 0;
    w->raw_ascii = 1;
    return rc;
}

/* Emits the special token keep (found at text[at]) as one word. */
static int emit_special(Walk *w, const char *keep, long at)
{
    Chars *c = &w->norm;
    c->n = 0;
    long len = (long)strlen(keep), i = 0;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(
            (const utf8proc_uint8_t *)keep + i, len - i, &cp);
        if (k < 1) return error_set("tokenizer: special token '%s' is not "
                                    "valid UTF-8", keep);
        if (chars_push(c, cp, at + i, at + i + k)) return -1;
        i += k;
    }
    return emit(w, c->cp, c->start, c->end, c->n, 1);
}

/* The longest special token that begins at text[i], or NULL (HF's trie
 * also takes the longest match). */
static const char *special_at(const char *text, long len, long i,
                              const char *const *keep, int n_keep)
{
    const char *best = NULL;
    size_t best_len = 0;
    for (int k = 0; k < n_keep; k++) {
        size_t l = strlen(keep[k]);
        if (l > best_len && (long)l <= len - i &&
            memcmp(text + i, keep[k], l) == 0) {
            best = keep[k];
            best_len = l;
        }
    }
    return best;
}

int tokenizer_basic_each(const char *text, long len, int flags,
                         const char *const *keep, int n_keep,
                         int (*fn)(const TokenizerWord *w, void *ctx),
                         void *ctx)
{
    Walk w = {0};
    w.flags = flags;
    w.raw_ascii = 1;
    w.fn = fn;
    w.ctx = ctx;
    int split_cjk = !(flags & TOKENIZER_NO_CJK_SPLIT), rc = 0;
    /* The bytes that begin a special token, so that every other byte
     * costs one test. */
    unsigned char first[256] = {0};
    for (int k = 0; k < n_keep; k++) first[(unsigned char)keep[k][0]] = 1;
    first[0] = 0;
    long i = 0;
    while (i < len && rc == 0) {
        unsigned char b = (unsigned char)text[i];
        const char *sp =
            first[b] ? special_at(text, len, i, keep, n_keep) : NULL;
        if (sp) {
            rc = flush(&w);
            if (rc == 0) rc = emit_special(&w, sp, i);
            i += (long)strlen(sp);
            continue;
        }
        utf8proc_int32_t cp = b;
        utf8proc_ssize_t k = 1;
        if (b >= 0x80) {
            k = utf8proc_iterate((const utf8proc_uint8_t *)text + i, len - i,
                                 &cp);
            if (k < 1) {
                i++;   /* an invalid byte: U+FFFD, which the cleaner drops */
                continue;
            }
        }
        switch (classify(cp, split_cjk)) {
        case CH_DROP:
            break;
        case CH_SPACE:
            rc = flush(&w);
            break;
        case CH_CJK:
            rc = flush(&w);
            if (rc == 0) rc = chars_push(&w.raw, cp, i, i + k);
            w.raw_ascii = 0;
            if (rc == 0) rc = flush(&w);
            break;
        default:
            rc = chars_push(&w.raw, cp, i, i + k);
            if (cp >= 0x80) w.raw_ascii = 0;
        }
        i += k;
    }
    if (rc == 0) rc = flush(&w);
    chars_free(&w.raw);
    chars_free(&w.norm);
    free(w.utf8);
    free(w.off);
    free(w.tmp);
    return rc;
}

/* ---- WordList ------------------------------------------------------------ */

static int collect_word(const TokenizerWord *word, void *ctx)
{
    WordList *l = ctx;
    if (l->n == l->cap) {
        int c1 = l->cap, c2 = l->cap, c3 = l->cap;
        if (grow((void **)&l->offset, &c1, l->n + 1, sizeof *l->offset) ||
            grow((void **)&l->start, &c2, l->n + 1, sizeof *l->start) ||
            grow((void **)&l->end, &c3, l->n + 1, sizeof *l->end))
            return -1;
        l->cap = c1;
    }
    long need = l->text_len + word->len + 1;
    if (need > l->text_cap) {
        long c = l->text_cap ? l->text_cap : 256;
        while (c < need) c *= 2;
        char *t = realloc(l->text, (size_t)c);
        if (!t) return error_set("tokenizer: out of memory");
        l->text = t;
        l->text_cap = c;
    }
    long lo = word->src_start[0], hi = word->src_end[0];
    for (int i = 1; i < word->n_chars; i++) {
        if (word->src_start[i] < lo) lo = word->src_start[i];
        if (word->src_end[i] > hi) hi = word->src_end[i];
    }
    l->offset[l->n] = l->text_len;
    l->start[l->n] = lo;
    l->end[l->n] = hi;
    memcpy(l->text + l->text_len, word->text, (size_t)word->len);
    l->text[l->text_len + word->len] = '\0';
    l->text_len = need;
    l->n++;
    return 0;
}

int tokenizer_basic(const char *text, long len, int flags,
                    const char *const *keep, int n_keep, WordList *out)
{
    out->n = 0;
    out->text_len = 0;
    return tokenizer_basic_each(text, len, flags, keep, n_keep, collect_word,
                                out);
}

void tokenizer_words_free(WordList *w)
{
    free(w->text);
    free(w->offset);
    free(w->start);
    free(w->end);
    memset(w, 0, sizeof *w);
}
