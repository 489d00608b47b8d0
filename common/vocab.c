#include "vocab.h"

#include "error.h"
#include "fileio.h"
#include "hash.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>


void vocab_free(Vocab *v)
{
    free(v->tokens);
    free(v->lens);
    free(v->text);
    free(v->slots);
    free(v->lengths);
    memset(v, 0, sizeof *v);
}

/* Fills tokens, lens, max_len and the hash table from v->text, which holds
 * v->n NUL-terminated tokens back to back. A token seen again takes over
 * its slot, so the later id wins. */
static int build_index(Vocab *v)
{
    int n_slots = 16;
    while (n_slots < 2 * v->n) {
        if (n_slots > (1 << 29)) return error_set("vocabulary too large");
        n_slots *= 2;
    }
    v->tokens = malloc((size_t)v->n * sizeof *v->tokens);
    v->lens = malloc((size_t)v->n * sizeof *v->lens);
    v->slots = malloc((size_t)n_slots * sizeof *v->slots);
    if (!v->tokens || !v->lens || !v->slots)
        return error_set("vocabulary: out of memory");
    v->n_slots = n_slots;
    for (int i = 0; i < n_slots; i++) v->slots[i] = -1;
    v->max_len = 0;
    char *p = v->text;
    for (int id = 0; id < v->n; id++) {
        int len = (int)strlen(p);
        v->tokens[id] = p;
        v->lens[id] = len;
        if (len > v->max_len) v->max_len = len;
        uint32_t mask = (uint32_t)(n_slots - 1);
        uint32_t s = hash_fnv1a(HASH_FNV_START, p, (size_t)len) & mask;
        while (v->slots[s] >= 0 && strcmp(v->tokens[v->slots[s]], p) != 0)
            s = (s + 1) & mask;
        v->slots[s] = id;
        p += len + 1;
    }
    v->lengths = calloc((size_t)v->max_len + 1, 1);
    if (!v->lengths) return error_set("vocabulary: out of memory");
    for (int id = 0; id < v->n; id++) {
        const char *t = v->tokens[id];
        v->lengths[v->lens[id]] |= 1;
        if (v->lens[id] >= 2 && t[0] == '#' && t[1] == '#')
            v->lengths[v->lens[id] - 2] |= 2;
    }
    return 0;
}

/* Checks that line `line` (1-based) of a vocabulary file is UTF-8 text. */
static int check_line(const char *path, int line, const char *s, long len)
{
    long i = 0;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              len - i, &cp);
        if (k < 0) return error_set("%s:%d: not valid UTF-8", path, line);
        if (cp == 0) return error_set("%s:%d: contains a NUL byte", path, line);
        i += k;
    }
    return 0;
}

int vocab_load(Vocab *v, const char *path)
{
    memset(v, 0, sizeof *v);
    char *data;
    long len;
    if (fileio_read_all(path, &data, &len, 0) != 0) return -1;
    if (len == 0) {
        free(data);
        return error_set("%s: empty vocabulary file (one token per line "
                         "expected)", path);
    }
    /* The tokens and their NULs take at most len + 1 bytes: every line but
     * the last gives up at least its "\n" for the NUL. */
    char *text = malloc((size_t)len + 1);
    if (!text) {
        free(data);
        return error_set("%s: out of memory", path);
    }
    /* One token per line; the text after the last "\n" is a line too when
     * it is not empty, as Python's readlines() sees it. */
    int n = 0;
    long start = 0, w = 0;
    while (start < len) {
        const char *nl = memchr(data + start, '\n', (size_t)(len - start));
        long end = nl ? nl - data : len;
        long tok_end = end;
        if (nl && tok_end > start && data[tok_end - 1] == '\r') tok_end--;
        if (n == (1 << 28) ||
            check_line(path, n + 1, data + start, tok_end - start) != 0) {
            if (n == (1 << 28)) error_set("%s: too many lines", path);
            free(data);
            free(text);
            return -1;
        }
        memcpy(text + w, data + start, (size_t)(tok_end - start));
        w += tok_end - start;
        text[w++] = '\0';
        n++;
        start = end + 1;
    }
    free(data);
    v->text = text;
    v->n = n;
    if (build_index(v) != 0) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s", error_message());
        vocab_free(v);
        return error_set("%s: %s", path, msg);
    }
    return 0;
}

int vocab_from_tokens(Vocab *v, const char *const *tokens, int n)
{
    memset(v, 0, sizeof *v);
    if (n <= 0) return error_set("vocabulary: no tokens");
    size_t total = 0;
    for (int i = 0; i < n; i++) total += strlen(tokens[i]) + 1;
    v->text = malloc(total);
    if (!v->text) return error_set("vocabulary: out of memory");
    char *p = v->text;
    for (int i = 0; i < n; i++) {
        size_t l = strlen(tokens[i]);
        memcpy(p, tokens[i], l + 1);
        p += l + 1;
    }
    v->n = n;
    if (build_index(v) != 0) {
        vocab_free(v);
        return -1;
    }
    return 0;
}

int vocab_save(const Vocab *v, const char *path)
{
    for (int id = 0; id < v->n; id++) {
        const char *t = v->tokens[id];
        int l = v->lens[id];
        if (memchr(t, '\n', (size_t)l) || (l > 0 && t[l - 1] == '\r'))
            return error_set("%s: token %d cannot be written on one line",
                             path, id);
    }
    AtomicFile af;
    if (fileio_atomic_open(&af, path) != 0) return -1;
    for (int id = 0; id < v->n; id++) {
        fwrite(v->tokens[id], 1, (size_t)v->lens[id], af.f);
        fputc('\n', af.f);
    }
    return fileio_atomic_commit(&af);
}

int vocab_id(const Vocab *v, const char *token)
{
    return vocab_piece_id(v, 0, token, (int)strlen(token));
}

/* The id of ("##" if pre) + s[0..len), whose hash is h, or -1. */
static int probe(const Vocab *v, uint32_t h, int pre, const char *s, int len)
{
    uint32_t mask = (uint32_t)(v->n_slots - 1);
    for (uint32_t i = h & mask;; i = (i + 1) & mask) {
        int id = v->slots[i];
        if (id < 0) return -1;
        const char *t = v->tokens[id];
        if (v->lens[id] == len + pre && (!pre || (t[0] == '#' && t[1] == '#'))
            && memcmp(t + pre, s, (size_t)len) == 0)
            return id;
    }
}

int vocab_piece_id(const Vocab *v, int continuation, const char *s, int len)
{
    int pre = continuation ? 2 : 0;
    if (v->n == 0 || len < 0 || len + pre > v->max_len ||
        !(v->lengths[len + pre] & 1))
        return -1;
    uint32_t h = hash_fnv1a(hash_fnv1a(HASH_FNV_START, "##", (size_t)pre), s,
                            (size_t)len);
    return probe(v, h, pre, s, len);
}

int vocab_longest_piece(const Vocab *v, int continuation, const char *text,
                        const int *off, int n, int *id)
{
    /* FNV-1a runs left to right, so the hash of each longer prefix
     * extends the one before; the first 64 are kept. */
    enum { KEEP = 64 };
    uint32_t hash[KEEP];
    *id = -1;
    if (v->n == 0) return 0;
    int pre = continuation ? 2 : 0, bit = continuation ? 2 : 1;
    const char *s = text + off[0];
    uint32_t h = hash_fnv1a(HASH_FNV_START, "##", (size_t)pre);
    for (int k = 1; k <= n && k <= KEEP; k++) {
        h = hash_fnv1a(h, text + off[k - 1], (size_t)(off[k] - off[k - 1]));
        hash[k - 1] = h;
    }
    for (int k = n; k >= 1; k--) {
        int len = off[k] - off[0];
        if (len + pre > v->max_len || !(v->lengths[len] & bit)) continue;
        *id = k <= KEEP ? probe(v, hash[k - 1], pre, s, len)
                        : vocab_piece_id(v, continuation, s, len);
        if (*id >= 0) return k;
    }
    *id = -1;
    return 0;
}

const char *vocab_token(const Vocab *v, int id)
{
    return id >= 0 && id < v->n ? v->tokens[id] : NULL;
}
