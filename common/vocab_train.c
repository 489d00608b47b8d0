#include "vocab_train.h"

#include "error.h"
#include "tokenizer.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static const char *const SPECIALS[] = {"[PAD]", "[UNK]", "[CLS]", "[SEP]",
                                       "[MASK]"};
#define N_SPECIALS 5

VocabTrainOptions vocab_train_defaults(void)
{
    VocabTrainOptions opt = {4096, 2, 0, VOCAB_TRAIN_BPE};
    return opt;
}

static int grow(void **p, int *cap, int need, size_t size)
{
    if (need <= *cap) return 0;
    if (need > (1 << 29)) return -1;
    int c = *cap ? *cap : 256;
    while (c < need) c *= 2;
    void *q = realloc(*p, (size_t)c * size);
    if (!q) return -1;
    *p = q;
    *cap = c;
    return 0;
}

/* ---- a set of strings, each with an index ------------------------------ */

typedef struct {
    char *buf;          /* the strings, NUL-terminated, back to back */
    long len, cap;
    long *off;          /* (n) where string i starts in buf */
    uint32_t *hash;     /* (n) its hash */
    int n, cap_n;
    int *slots;         /* (n_slots) string index, -1 for an empty slot */
    int n_slots;
} StrSet;

static uint32_t hash_bytes(const char *s, int len)
{
    uint32_t h = 2166136261u;   /* FNV-1a */
    for (int i = 0; i < len; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static int strset_rehash(StrSet *s, int n_slots)
{
    int *slots = malloc((size_t)n_slots * sizeof *slots);
    if (!slots) return -1;
    for (int i = 0; i < n_slots; i++) slots[i] = -1;
    uint32_t mask = (uint32_t)n_slots - 1;
    for (int j = 0; j < s->n; j++) {
        uint32_t i = s->hash[j] & mask;
        while (slots[i] >= 0) i = (i + 1) & mask;
        slots[i] = j;
    }
    free(s->slots);
    s->slots = slots;
    s->n_slots = n_slots;
    return 0;
}

/* The index of str[0..len), added when new; -1 when memory runs out. */
static int strset_add(StrSet *s, const char *str, int len, int *added)
{
    *added = 0;
    if (2 * (s->n + 1) > s->n_slots &&
        strset_rehash(s, s->n_slots ? 2 * s->n_slots : 1024) != 0)
        return -1;
    uint32_t h = hash_bytes(str, len), mask = (uint32_t)s->n_slots - 1;
    uint32_t i = h & mask;
    for (; s->slots[i] >= 0; i = (i + 1) & mask) {
        int j = s->slots[i];
        const char *t = s->buf + s->off[j];
        if (s->hash[j] == h && strncmp(t, str, (size_t)len) == 0 &&
            t[len] == '\0')
            return j;
    }
    if (s->len + len + 1 > s->cap) {
        long c = s->cap ? s->cap : 4096;
        while (c < s->len + len + 1) c *= 2;
        char *b = realloc(s->buf, (size_t)c);
        if (!b) return -1;
        s->buf = b;
        s->cap = c;
    }
    int cap = s->cap_n;
    if (grow((void **)&s->off, &cap, s->n + 1, sizeof *s->off) ||
        grow((void **)&s->hash, &s->cap_n, s->n + 1, sizeof *s->hash))
        return -1;
    memcpy(s->buf + s->len, str, (size_t)len);
    s->buf[s->len + len] = '\0';
    s->off[s->n] = s->len;
    s->hash[s->n] = h;
    s->len += len + 1;
    s->slots[i] = s->n;
    *added = 1;
    return s->n++;
}

static const char *strset_get(const StrSet *s, int i)
{
    return s->buf + s->off[i];
}

static void strset_free(StrSet *s)
{
    free(s->buf);
    free(s->off);
    free(s->hash);
    free(s->slots);
}

/* ---- pairs of adjacent pieces -------------------------------------------- */

/* Every adjacent pair (a, b) with its count over the corpus and the list
 * of words that contain it. A list may also name words that no longer
 * contain the pair, and name a word twice; a merge checks each word. */
typedef struct {
    int *a, *b;         /* (n) the two pieces */
    long *count;        /* (n) occurrences, weighted by word counts */
    int **words;        /* (n) words that contain the pair */
    int *n_words, *cap_words;
    int n, cap;
    int *slots;         /* (n_slots) pair index, -1 for an empty slot */
    int n_slots;
} Pairs;

static uint32_t pair_hash(int a, int b)
{
    uint64_t k = ((uint64_t)(uint32_t)a << 32) | (uint32_t)b;
    return (uint32_t)((k * 0x9E3779B97F4A7C15ull) >> 32);
}

static int pairs_rehash(Pairs *p, int n_slots)
{
    int *slots = malloc((size_t)n_slots * sizeof *slots);
    if (!slots) return -1;
    for (int i = 0; i < n_slots; i++) slots[i] = -1;
    uint32_t mask = (uint32_t)n_slots - 1;
    for (int j = 0; j < p->n; j++) {
        uint32_t i = pair_hash(p->a[j], p->b[j]) & mask;
        while (slots[i] >= 0) i = (i + 1) & mask;
        slots[i] = j;
    }
    free(p->slots);
    p->slots = slots;
    p->n_slots = n_slots;
    return 0;
}

static int pairs_find_or_add(Pairs *p, int a, int b)
{
    if (2 * (p->n + 1) > p->n_slots &&
        pairs_rehash(p, p->n_slots ? 2 * p->n_slots : 4096) != 0)
        return -1;
    uint32_t mask = (uint32_t)p->n_slots - 1, i = pair_hash(a, b) & mask;
    for (; p->slots[i] >= 0; i = (i + 1) & mask) {
        int j = p->slots[i];
        if (p->a[j] == a && p->b[j] == b) return j;
    }
    if (p->n == p->cap) {
        int c[6] = {p->cap, p->cap, p->cap, p->cap, p->cap, p->cap};
        if (grow((void **)&p->a, &c[0], p->n + 1, sizeof *p->a) ||
            grow((void **)&p->b, &c[1], p->n + 1, sizeof *p->b) ||
            grow((void **)&p->count, &c[2], p->n + 1, sizeof *p->count) ||
            grow((void **)&p->words, &c[3], p->n + 1, sizeof *p->words) ||
            grow((void **)&p->n_words, &c[4], p->n + 1, sizeof *p->n_words) ||
            grow((void **)&p->cap_words, &c[5], p->n + 1,
                 sizeof *p->cap_words))
            return -1;
        p->cap = c[0];
    }
    int j = p->n++;
    p->a[j] = a;
    p->b[j] = b;
    p->count[j] = 0;
    p->words[j] = NULL;
    p->n_words[j] = p->cap_words[j] = 0;
    p->slots[i] = j;
    return j;
}

static int pairs_add_word(Pairs *p, int j, int w)
{
    if (grow((void **)&p->words[j], &p->cap_words[j], p->n_words[j] + 1,
             sizeof **p->words))
        return -1;
    p->words[j][p->n_words[j]++] = w;
    return 0;
}

/* Drops the pairs no word contains any more, once they outnumber the
 * others: the scan for the best pair then stays proportional to the live
 * pairs. The order of the rest is kept. */
static int pairs_compact(Pairs *p)
{
    int live = 0;
    for (int j = 0; j < p->n; j++) live += p->count[j] > 0;
    if (p->n - live < 4096 || p->n - live < live) return 0;
    int k = 0;
    for (int j = 0; j < p->n; j++) {
        if (p->count[j] <= 0) {
            free(p->words[j]);
            continue;
        }
        p->a[k] = p->a[j];
        p->b[k] = p->b[j];
        p->count[k] = p->count[j];
        p->words[k] = p->words[j];
        p->n_words[k] = p->n_words[j];
        p->cap_words[k] = p->cap_words[j];
        k++;
    }
    p->n = k;
    return pairs_rehash(p, p->n_slots);
}

static void pairs_free(Pairs *p)
{
    for (int j = 0; j < p->n; j++) free(p->words[j]);
    free(p->a);
    free(p->b);
    free(p->count);
    free(p->words);
    free(p->n_words);
    free(p->cap_words);
    free(p->slots);
}

/* ---- the best pair by count: a max-heap ---------------------------------- */

/* With BPE's score a pair's count only grows when a merge creates it, and
 * then it is pushed again; otherwise it only shrinks. So every live pair
 * has an entry at least as high as its count, and an entry found too high
 * when it reaches the top is pushed back with the true count: the first
 * entry that is still right is the best pair. Ties: the pair whose pieces
 * came first, as the scan of best_pair. */
typedef struct {
    long count;
    int pair;
} HeapEntry;

typedef struct {
    HeapEntry *e;
    int n, cap;
} Heap;

static int heap_above(const Pairs *p, HeapEntry x, HeapEntry y)
{
    if (x.count != y.count) return x.count > y.count;
    if (p->a[x.pair] != p->a[y.pair]) return p->a[x.pair] < p->a[y.pair];
    return p->b[x.pair] < p->b[y.pair];
}

static int heap_push(Heap *h, const Pairs *p, long count, int pair)
{
    if (grow((void **)&h->e, &h->cap, h->n + 1, sizeof *h->e)) return -1;
    HeapEntry x = {count, pair};
    int i = h->n++;
    while (i > 0 && heap_above(p, x, h->e[(i - 1) / 2])) {
        h->e[i] = h->e[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h->e[i] = x;
    return 0;
}

static HeapEntry heap_pop(Heap *h, const Pairs *p)
{
    HeapEntry top = h->e[0], x = h->e[--h->n];
    int i = 0;
    for (;;) {
        int c = 2 * i + 1;
        if (c >= h->n) break;
        if (c + 1 < h->n && heap_above(p, h->e[c + 1], h->e[c])) c++;
        if (!heap_above(p, h->e[c], x)) break;
        h->e[i] = h->e[c];
        i = c;
    }
    if (h->n > 0) h->e[i] = x;
    return top;
}

/* Rebuilds the heap from every live pair (after the pairs moved). */
static int heap_fill(Heap *h, const Pairs *p)
{
    h->n = 0;
    for (int j = 0; j < p->n; j++)
        if (p->count[j] > 0 && heap_push(h, p, p->count[j], j)) return -1;
    return 0;
}

/* ---- training ------------------------------------------------------------ */

typedef struct {
    StrSet words;       /* distinct words */
    long *word_count;   /* (words.n) */
    int cap_count;
    long n_words;
    StrSet pieces;      /* every piece; its index is its id */
    long *piece_count;  /* (pieces.n) occurrences in the segmented corpus */
    int cap_piece;
    int *seq;           /* the pieces of every word, word w at wstart[w] */
    long *wstart;       /* (words.n) */
    int *wlen;          /* (words.n) current number of pieces */
    int *seen;          /* (words.n) the merge that last looked at w */
    int stamp;          /* the current merge */
    Pairs pairs;
    Heap heap;          /* BPE only: pairs by count */
    int *fresh;         /* pairs a merge created or grew, to push */
    int n_fresh, cap_fresh;
} Train;

static int out_of_memory(void)
{
    return error_set("vocab_train: out of memory");
}

static int count_word(const TokenizerWord *w, void *ctx)
{
    Train *t = ctx;
    if (w->special || w->n_chars > TOKENIZER_MAX_WORD_CHARS) return 0;
    int added, i = strset_add(&t->words, w->text, w->len, &added);
    if (i < 0) return out_of_memory();
    if (added) {
        int cap = t->cap_count;
        if (grow((void **)&t->word_count, &cap, i + 1, sizeof *t->word_count))
            return out_of_memory();
        t->cap_count = cap;
        t->word_count[i] = 0;
    }
    t->word_count[i]++;
    t->n_words++;
    return 0;
}

static int compare_cp(const void *x, const void *y)
{
    int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
    return (a > b) - (a < b);
}

/* A piece by text, added (with count 0) when new. */
static int piece_id(Train *t, const char *s, int len, int *added)
{
    int id = strset_add(&t->pieces, s, len, added);
    if (id < 0) return out_of_memory();
    if (*added) {
        if (grow((void **)&t->piece_count, &t->cap_piece, id + 1,
                 sizeof *t->piece_count))
            return out_of_memory();
        t->piece_count[id] = 0;
    }
    return id;
}

/* Adds (weight > 0) or removes (weight < 0) word w's pieces and pairs in
 * the counts. New pairs that involve `fresh` (or every pair when fresh is
 * -1) list the word: those are the adjacencies a merge has just made. */
static int count_pairs(Train *t, int w, long weight, int fresh)
{
    const int *s = t->seq + t->wstart[w];
    int n = t->wlen[w];
    for (int i = 0; i < n; i++) t->piece_count[s[i]] += weight;
    for (int i = 0; i + 1 < n; i++) {
        int j = pairs_find_or_add(&t->pairs, s[i], s[i + 1]);
        if (j < 0) return out_of_memory();
        t->pairs.count[j] += weight;
        if (weight <= 0) continue;
        if (fresh < 0) {
            if (pairs_add_word(&t->pairs, j, w)) return out_of_memory();
        } else if (s[i] == fresh || s[i + 1] == fresh) {
            if (pairs_add_word(&t->pairs, j, w) ||
                grow((void **)&t->fresh, &t->cap_fresh, t->n_fresh + 1,
                     sizeof *t->fresh))
                return out_of_memory();
            t->fresh[t->n_fresh++] = j;
        }
    }
    return 0;
}

static int contains(const Train *t, int w, int a, int b)
{
    const int *s = t->seq + t->wstart[w];
    for (int i = 0; i + 1 < t->wlen[w]; i++)
        if (s[i] == a && s[i + 1] == b) return 1;
    return 0;
}

/* Rewrites word w with every (a, b), left to right, replaced by m. */
static void merge_word(Train *t, int w, int a, int b, int m)
{
    int *s = t->seq + t->wstart[w];
    int n = t->wlen[w], k = 0;
    for (int i = 0; i < n; i++) {
        if (i + 1 < n && s[i] == a && s[i + 1] == b) {
            s[k++] = m;
            i++;
        } else {
            s[k++] = s[i];
        }
    }
    t->wlen[w] = k;
}

/* The pair to merge next, or -1 when none is seen min_frequency times,
 * or -2 when memory runs out. */
static int best_pair(Train *t, const VocabTrainOptions *opt)
{
    const Pairs *p = &t->pairs;
    int best = -1;
    double best_score = 0;
    long min_count = opt->min_frequency > 1 ? opt->min_frequency : 1;
    if (opt->score == VOCAB_TRAIN_BPE) {
        while (t->heap.n > 0) {
            HeapEntry e = heap_pop(&t->heap, p);
            long c = p->count[e.pair];
            if (c == e.count) return c >= min_count ? e.pair : -1;
            if (c > 0 && heap_push(&t->heap, p, c, e.pair)) return -2;
        }
        return -1;
    }
    for (int j = 0; j < p->n; j++) {
        long c = p->count[j];
        if (c < min_count) continue;
        double score = (double)c;
        if (opt->score == VOCAB_TRAIN_WORDPIECE)
            score /= (double)t->piece_count[p->a[j]] *
                     (double)t->piece_count[p->b[j]];
        if (best >= 0) {
            if (score < best_score) continue;
            if (score == best_score) {
                long bc = p->count[best];
                if (c < bc) continue;
                int a = p->a[j], ba = p->a[best];
                if (c == bc && (a > ba || (a == ba && p->b[j] > p->b[best])))
                    continue;
            }
        }
        best = j;
        best_score = score;
    }
    return best;
}

/* Merges pair j into a piece; returns 1 when the piece is new, 0 when an
 * earlier merge had made the same text, -1 when memory runs out. */
static int merge(Train *t, int j, char **text, int *cap_text)
{
    int a = t->pairs.a[j], b = t->pairs.b[j];
    const char *sa = strset_get(&t->pieces, a), *sb = strset_get(&t->pieces, b);
    if (sb[0] == '#' && sb[1] == '#') sb += 2;
    int la = (int)strlen(sa), lb = (int)strlen(sb), added;
    if (grow((void **)text, cap_text, la + lb + 1, 1)) return out_of_memory();
    memcpy(*text, sa, (size_t)la);
    memcpy(*text + la, sb, (size_t)lb);
    int m = piece_id(t, *text, la + lb, &added);
    if (m < 0) return -1;
    /* Take the word list: the pair goes away as its words are rewritten
     * (a word like "##a ##a ##a" keeps one, and is listed again). */
    int *list = t->pairs.words[j], n = t->pairs.n_words[j];
    t->pairs.words[j] = NULL;
    t->pairs.n_words[j] = t->pairs.cap_words[j] = 0;
    int rc = 0;
    t->stamp++;
    for (int k = 0; k < n && rc == 0; k++) {
        int w = list[k];
        if (t->seen[w] == t->stamp || !contains(t, w, a, b)) continue;
        t->seen[w] = t->stamp;
        rc = count_pairs(t, w, -t->word_count[w], m);
        merge_word(t, w, a, b, m);
        if (rc == 0) rc = count_pairs(t, w, t->word_count[w], m);
        if (rc == 0 && contains(t, w, a, b) &&
            pairs_add_word(&t->pairs, j, w))
            rc = out_of_memory();
    }
    free(list);
    return rc < 0 ? -1 : added;
}

static int compare_int(const void *x, const void *y)
{
    int a = *(const int *)x, b = *(const int *)y;
    return (a > b) - (a < b);
}

/* After merging pair j: pushes each pair the merge created or grew, once,
 * and pair j itself when some word still has it ("##a ##a ##a"). */
static int push_fresh(Train *t, int j)
{
    const Pairs *p = &t->pairs;
    if (t->n_fresh > 1) // qsort may not be given a NULL array, even empty
        qsort(t->fresh, (size_t)t->n_fresh, sizeof *t->fresh, compare_int);
    for (int k = 0; k < t->n_fresh; k++) {
        int f = t->fresh[k];
        if (k > 0 && f == t->fresh[k - 1]) continue;
        if (p->count[f] > 0 && heap_push(&t->heap, p, p->count[f], f))
            return out_of_memory();
    }
    if (p->count[j] > 0 && heap_push(&t->heap, p, p->count[j], j))
        return out_of_memory();
    return 0;
}

static void train_free(Train *t)
{
    strset_free(&t->words);
    strset_free(&t->pieces);
    free(t->word_count);
    free(t->piece_count);
    free(t->seq);
    free(t->wstart);
    free(t->wlen);
    free(t->seen);
    pairs_free(&t->pairs);
    free(t->heap.e);
    free(t->fresh);
}

/* Steps 1 and 2: count the words, find the alphabet, write each word as
 * its characters and count the pairs. */
static int prepare(Train *t, const char *const *texts, int n_texts,
                   const VocabTrainOptions *opt, int *n_chars)
{
    for (int i = 0; i < n_texts; i++)
        if (tokenizer_basic_each(texts[i], (long)strlen(texts[i]), opt->flags,
                                 SPECIALS, N_SPECIALS, count_word, t) != 0)
            return -1;
    if (t->words.n == 0) return error_set("vocab_train: the text has no words");
    int nw = t->words.n;
    long total = 0;
    for (int w = 0; w < nw; w++) {
        const char *s = strset_get(&t->words, w);
        for (int i = 0; s[i]; i++)
            total += ((unsigned char)s[i] & 0xC0) != 0x80;
    }
    int32_t *cps = malloc((size_t)total * sizeof *cps);
    t->seq = malloc((size_t)total * sizeof *t->seq);
    t->wstart = malloc((size_t)nw * sizeof *t->wstart);
    t->wlen = malloc((size_t)nw * sizeof *t->wlen);
    t->seen = calloc((size_t)nw, sizeof *t->seen);
    if (!cps || !t->seq || !t->wstart || !t->wlen || !t->seen) {
        free(cps);
        return out_of_memory();
    }
    long k = 0;
    for (int w = 0; w < nw; w++) {
        const char *s = strset_get(&t->words, w);
        long len = (long)strlen(s), i = 0;
        t->wstart[w] = k;
        while (i < len) {
            utf8proc_int32_t cp = 0;
            utf8proc_ssize_t step = utf8proc_iterate(
                (const utf8proc_uint8_t *)s + i, len - i, &cp);
            i += step > 0 ? step : 1;
            cps[k++] = cp;
        }
        t->wlen[w] = (int)(k - t->wstart[w]);
    }
    /* The alphabet: distinct code points, in order; pieces 0..A-1 are
     * the characters and A..2A-1 the same with "##". */
    int32_t *alpha = malloc((size_t)total * sizeof *alpha);
    if (!alpha) {
        free(cps);
        return out_of_memory();
    }
    memcpy(alpha, cps, (size_t)total * sizeof *alpha);
    qsort(alpha, (size_t)total, sizeof *alpha, compare_cp);
    int A = 0;
    for (long i = 0; i < total; i++)
        if (A == 0 || alpha[i] != alpha[A - 1]) alpha[A++] = alpha[i];
    *n_chars = A;
    int rc = 0;
    if (N_SPECIALS + 2L * A > opt->vocab_size)
        rc = error_set("vocab_train: vocab_size %d cannot hold the %d special "
                       "tokens and the %d characters of the text with their "
                       "\"##\" forms (needs at least %d)", opt->vocab_size,
                       N_SPECIALS, A, N_SPECIALS + 2 * A);
    for (int cont = 0; cont < 2 && rc == 0; cont++)
        for (int c = 0; c < A && rc == 0; c++) {
            char buf[8] = "##";
            int len = 2 * cont, added;
            len += (int)utf8proc_encode_char(alpha[c],
                                             (utf8proc_uint8_t *)buf + len);
            rc = piece_id(t, buf, len, &added) < 0 ? -1 : 0;
        }
    for (long i = 0; i < total && rc == 0; i++) {
        int32_t *hit = bsearch(&cps[i], alpha, (size_t)A, sizeof *alpha,
                               compare_cp);
        t->seq[i] = (int)(hit - alpha);
    }
    for (int w = 0; w < nw && rc == 0; w++) {
        for (int i = 1; i < t->wlen[w]; i++) t->seq[t->wstart[w] + i] += A;
        rc = count_pairs(t, w, t->word_count[w], -1);
    }
    free(cps);
    free(alpha);
    return rc;
}

int vocab_train(Vocab *out, const char *const *texts, int n_texts,
                const VocabTrainOptions *opt, VocabTrainStats *stats)
{
    memset(out, 0, sizeof *out);
    if (opt->vocab_size < N_SPECIALS || opt->vocab_size > (1 << 24))
        return error_set("vocab_train: vocab_size %d outside %d..%d",
                         opt->vocab_size, N_SPECIALS, 1 << 24);
    Train t;
    memset(&t, 0, sizeof t);
    int n_chars = 0, n_merges = 0, rc;
    char *text = NULL;
    int cap_text = 0;
    rc = prepare(&t, texts, n_texts, opt, &n_chars);
    if (rc == 0 && opt->score == VOCAB_TRAIN_BPE &&
        heap_fill(&t.heap, &t.pairs))
        rc = out_of_memory();
    /* Step 3: merge until the vocabulary is full. */
    while (rc == 0 && N_SPECIALS + t.pieces.n < opt->vocab_size) {
        int j = best_pair(&t, opt);
        if (j == -1) break;
        if (j < 0) {
            rc = out_of_memory();
            break;
        }
        t.n_fresh = 0;
        if (merge(&t, j, &text, &cap_text) < 0) {
            rc = -1;
            break;
        }
        n_merges++;
        if (opt->score == VOCAB_TRAIN_BPE)
            rc = push_fresh(&t, j);
        int n_pairs = t.pairs.n;
        if (rc == 0 && pairs_compact(&t.pairs)) rc = out_of_memory();
        /* Compaction moved the pairs, and the heap's indices with them. */
        if (rc == 0 && opt->score == VOCAB_TRAIN_BPE && t.pairs.n != n_pairs &&
            heap_fill(&t.heap, &t.pairs))
            rc = out_of_memory();
    }
    if (rc == 0) {
        const char **list = malloc((size_t)(N_SPECIALS + t.pieces.n) *
                                   sizeof *list);
        if (!list) {
            rc = out_of_memory();
        } else {
            for (int i = 0; i < N_SPECIALS; i++) list[i] = SPECIALS[i];
            for (int i = 0; i < t.pieces.n; i++)
                list[N_SPECIALS + i] = strset_get(&t.pieces, i);
            rc = vocab_from_tokens(out, list, N_SPECIALS + t.pieces.n);
            free(list);
        }
    }
    if (rc == 0 && stats) {
        stats->n_words = t.n_words;
        stats->n_unique = t.words.n;
        stats->n_chars = n_chars;
        stats->n_merges = n_merges;
    }
    free(text);
    train_free(&t);
    return rc == 0 ? 0 : -1;
}
