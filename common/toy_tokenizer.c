#include "toy_tokenizer.h"

#include "error.h"
#include "hash.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* The slot that holds token[0..len), or the empty slot where it belongs. */
static int find_slot(const ToyVocab *v, const char *token, int len)
{
    uint32_t mask = (uint32_t)v->n_slots - 1;
    uint32_t s = hash_fnv1a(HASH_FNV_START, token, (size_t)len) & mask;
    while (v->slots[s] >= 0) {
        const char *t = v->tokens[v->slots[s]];
        if ((int)strlen(t) == len && memcmp(t, token, (size_t)len) == 0) break;
        s = (s + 1) & mask;
    }
    return (int)s;
}

/* Doubles the hash table and puts every id back in its place. */
static int grow_slots(ToyVocab *v)
{
    int n_slots = v->n_slots ? 2 * v->n_slots : 64;
    if (n_slots > (1 << 28)) return error_set("vocabulary: too many tokens");
    int *slots = malloc((size_t)n_slots * sizeof *slots);
    if (!slots) return error_set("vocabulary: out of memory");
    free(v->slots);
    v->slots = slots;
    v->n_slots = n_slots;
    for (int i = 0; i < n_slots; i++) slots[i] = -1;
    for (int id = 0; id < v->n; id++) {
        const char *t = v->tokens[id];
        slots[find_slot(v, t, (int)strlen(t))] = id;
    }
    return 0;
}

int toy_vocab_add(ToyVocab *v, const char *token, int len)
{
    if (2 * (v->n + 1) > v->n_slots && grow_slots(v) != 0) return -1;
    int s = find_slot(v, token, len);
    if (v->slots[s] >= 0) {
        v->counts[v->slots[s]]++;
        return v->slots[s];
    }
    if (v->n == v->cap) {
        int cap = v->cap ? 2 * v->cap : 32;
        char **tokens = realloc(v->tokens, (size_t)cap * sizeof *tokens);
        if (tokens) v->tokens = tokens;
        long *counts = realloc(v->counts, (size_t)cap * sizeof *counts);
        if (counts) v->counts = counts;
        if (!tokens || !counts)
            return error_set("vocabulary: out of memory");
        v->cap = cap;
    }
    char *copy = malloc((size_t)len + 1);
    if (!copy) return error_set("vocabulary: out of memory");
    memcpy(copy, token, (size_t)len);
    copy[len] = '\0';
    v->tokens[v->n] = copy;
    v->counts[v->n] = 1;
    v->slots[s] = v->n;
    return v->n++;
}

int toy_vocab_id(const ToyVocab *v, const char *token)
{
    if (v->n == 0) return -1;
    return v->slots[find_slot(v, token, (int)strlen(token))];
}

const char *toy_vocab_token(const ToyVocab *v, int id)
{
    return id >= 0 && id < v->n ? v->tokens[id] : NULL;
}

void toy_vocab_free(ToyVocab *v)
{
    for (int i = 0; i < v->n; i++) free(v->tokens[i]);
    free(v->tokens);
    free(v->counts);
    free(v->slots);
    memset(v, 0, sizeof *v);
}

int toy_ids_push(ToyIds *l, int id)
{
    if (l->n == l->cap) {
        if (l->cap > (1 << 29)) return error_set("token list: too long");
        int cap = l->cap ? 2 * l->cap : 64;
        int *ids = realloc(l->ids, (size_t)cap * sizeof *ids);
        if (!ids) return error_set("token list: out of memory");
        l->ids = ids;
        l->cap = cap;
    }
    l->ids[l->n++] = id;
    return 0;
}

void toy_ids_free(ToyIds *l)
{
    free(l->ids);
    memset(l, 0, sizeof *l);
}

/* Looks token[0..len) up, or adds it with TOY_ADD, and appends its id. */
static int emit(ToyVocab *v, const char *token, int len, int flags,
                ToyIds *out)
{
    int id;
    if (flags & TOY_ADD) {
        id = toy_vocab_add(v, token, len);
        if (id < 0) return -1;
    } else {
        id = -1;
        if (v->n > 0) id = v->slots[find_slot(v, token, len)];
        if (id < 0)
            return error_set("'%.*s': not in the vocabulary", len, token);
    }
    return toy_ids_push(out, id);
}

/* Decodes the code point at text[i]; returns its length in bytes, or -1
 * with a message naming the offset. */
static int next_char(const char *text, long i, long len, int32_t *cp)
{
    utf8proc_int32_t c;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)text + i,
                                          len - i, &c);
    if (k <= 0) return error_set("byte %ld: invalid UTF-8", i);
    *cp = c;
    return (int)k;
}

//> split-chars
int toy_split_chars(ToyVocab *v, const char *text, int flags, ToyIds *out)
{
    long len = (long)strlen(text);
    for (long i = 0; i < len;) {
        // a character is 1 to 4 bytes of UTF-8: "床" is e5 ba 8a
        int32_t cp;
        int k = next_char(text, i, len, &cp);
        if (k < 0 || emit(v, text + i, k, flags, out) != 0) return -1;
        i += k;
    }
    return 0;
}
//< split-chars

static int is_word_char(int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return 1;
    default:
        return 0;
    }
}

int toy_split_words(ToyVocab *v, const char *text, int flags, ToyIds *out)
{
    long len = (long)strlen(text);
    char *word = NULL;
    int n = 0, cap = 0, rc = 0;
    for (long i = 0; i <= len && rc == 0;) {
        int32_t cp = 0;
        int k = 1;
        if (i < len && (k = next_char(text, i, len, &cp)) < 0) {
            rc = -1;
            break;
        }
        if (i < len && is_word_char(cp)) {
            /* Lower-casing may change a character's length in bytes, so
             * the word has its own buffer: room for one more character. */
            if (n + 4 > cap) {
                if (cap > (1 << 28)) {
                    rc = error_set("byte %ld: word too long", i);
                    break;
                }
                cap = cap ? 2 * cap : 64;
                char *w = realloc(word, (size_t)cap);
                if (!w) {
                    rc = error_set("words: out of memory");
                    break;
                }
                word = w;
            }
            if (flags & TOY_LOWER) cp = utf8proc_tolower(cp);
            n += (int)utf8proc_encode_char(cp, (utf8proc_uint8_t *)word + n);
        } else if (n > 0) {
            rc = emit(v, word, n, flags, out);
            n = 0;
        }
        i += k;
    }
    free(word);
    return rc;
}
