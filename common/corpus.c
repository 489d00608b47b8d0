#include "corpus.h"

#include "error.h"
#include "fileio.h"
#include "hash.h"
#include "help_pages.h"
#include "quiz_pages.h"
#include "rng.h"
#include "world.h"

#include <stdlib.h>
#include <string.h>

#define MAX_DOCS 10000000
#define MAX_DOC_SENTENCES 8
#define MIN_DOC_SENTENCES 3
_Static_assert(HELP_PAGE_MAX <= MAX_DOC_SENTENCES &&
                   QUIZ_PAGE_MAX <= MAX_DOC_SENTENCES,
               "a page must fit a document");
#define MAX_FILE_BYTES (1L << 30)
#define MAX_LINE_BYTES (1 << 20)
/* HELDOUT documents come from the same generator on a seed mixed with this
 * constant, so they are a different stream of the same world. */
#define HELDOUT_STREAM 0xD1B54A32D192ED03ull

/* ---- growing the corpus ---------------------------------------------- */

typedef struct {
    Corpus *c;
    int cap_sentences, cap_docs;
} Builder;

static int builder_init(Builder *b, Corpus *c)
{
    memset(c, 0, sizeof *c);
    b->c = c;
    b->cap_sentences = 1024;
    b->cap_docs = 256;
    c->sentences = malloc((size_t)b->cap_sentences * sizeof *c->sentences);
    c->doc_start = malloc((size_t)(b->cap_docs + 1) * sizeof *c->doc_start);
    if (!c->sentences || !c->doc_start) {
        corpus_free(c);
        return error_set("corpus: out of memory");
    }
    c->doc_start[0] = 0;
    return 0;
}

static int builder_add(Builder *b, const char *s, size_t len)
{
    Corpus *c = b->c;
    if (c->n_sentences == b->cap_sentences) {
        if (b->cap_sentences > (1 << 29))
            return error_set("corpus: more than %d sentences", 1 << 30);
        int cap = b->cap_sentences * 2;
        char **p = realloc(c->sentences, (size_t)cap * sizeof *p);
        if (!p) return error_set("corpus: out of memory");
        c->sentences = p;
        b->cap_sentences = cap;
    }
    char *copy = malloc(len + 1);
    if (!copy) return error_set("corpus: out of memory");
    memcpy(copy, s, len);
    copy[len] = '\0';
    c->sentences[c->n_sentences++] = copy;
    return 0;
}

/* Closes the current document; an empty one is dropped. */
static int builder_end_doc(Builder *b)
{
    Corpus *c = b->c;
    if (c->n_sentences == c->doc_start[c->n_docs]) return 0;
    if (c->n_docs == b->cap_docs) {
        int cap = b->cap_docs * 2;
        int *p = realloc(c->doc_start, (size_t)(cap + 1) * sizeof *p);
        if (!p) return error_set("corpus: out of memory");
        c->doc_start = p;
        b->cap_docs = cap;
    }
    c->doc_start[++c->n_docs] = c->n_sentences;
    return 0;
}

void corpus_free(Corpus *c)
{
    if (!c) return;
    for (int i = 0; i < c->n_sentences; i++) free(c->sentences[i]);
    free(c->sentences);
    free(c->doc_start);
    memset(c, 0, sizeof *c);
}

/* ---- one generated document ---------------------------------------- */

typedef struct {
    char text[MAX_DOC_SENTENCES][WORLD_SENTENCE_MAX];
    int n;
    WorldPhrasing mode;  /* which phrasings it may use (world.h) */
    int rich;      /* corpus_generate_rich: summaries too */
    Rng *rng;
} Doc;

/* One of n phrasings, of which the first n_train may appear in training
 * text. The first sentence of a WORLD_PHRASING_HELDOUT document always
 * takes a held-out phrasing, so that document cannot equal a TRAIN one. */
static int pick(Doc *d, int n, int n_train)
{
    if (d->mode == WORLD_PHRASING_HELDOUT && d->n == 0 && n > n_train)
        return n_train + rng_int(d->rng, n - n_train);
    return rng_int(d->rng, d->mode == WORLD_PHRASING_TRAIN ? n_train : n);
}

static const char *prev_sentence(const Doc *d)
{
    return d->n > 0 ? d->text[d->n - 1] : "";
}

/* Appends the claim as the next sentence; a sentence that follows one that
 * opened with the same city may call it "It". */
static void doc_say(Doc *d, WorldClaim c)
{
    if (d->n == MAX_DOC_SENTENCES) return;
    int n_train, n = world_phrasings(&c, &n_train);
    if (c.city && d->n > 0) {
        size_t k = strlen(c.city->name);
        const char *prev = prev_sentence(d);
        c.it = strncmp(prev, c.city->name, k) == 0 && prev[k] == ' ' &&
               rng_int(d->rng, 4) == 0;
    }
    int phrasing = pick(d, n, n_train);
    int len = world_say(d->text[d->n], WORLD_SENTENCE_MAX, &c, phrasing, NULL);
    /* Every phrasing of the table fits WORLD_SENTENCE_MAX. */
    if (len > 0) d->n++;
}

typedef struct {
    const char *const *text;
    int n;
} Templates;

#define TEMPLATES(arr) {arr, (int)(sizeof arr / sizeof arr[0])}

/* The stories' own phrasings: the last of each list is held out. */
static const char *const STORY_OPEN[] = {
    "Last summer, {person} travelled to {country}.",
    "{person} went on a trip to {country}.",
    "{person} wanted to see {country}.",
    "{person} had always dreamed of visiting {country}.",
};
static const char *const STORY_ARRIVE[] = {
    "{pronoun} arrived in {city}.",
    "First, {pronoun} visited {city}.",
    "{pronoun} began the trip in {city}.",
    "The trip started in {city}.",
};
static const char *const STORY_MOVE[] = {
    "Then {pronoun} travelled to {city}.",
    "After a few days, {pronoun} went on to {city}.",
    "Next, {pronoun} visited {city}.",
    "A few days later, {pronoun} moved on to {city}.",
};
static const char *const STORY_CROSS[] = {
    "Then {pronoun} crossed the border into {country} and visited {city}.",
    "After that, {pronoun} travelled on to {city} in {country}.",
    "Later, {pronoun} left for {city}, in {country}.",
};
static const char *const STORY_CLOSE[] = {
    "{pronoun} enjoyed the trip very much.",
    "After two weeks, {pronoun} flew home.",
    "{person} wants to go back one day.",
    "{person} will remember this journey for a long time.",
};

static void doc_render(Doc *d, Templates t, const WorldSlots *slots)
{
    if (d->n == MAX_DOC_SENTENCES) return;
    const char *tmpl = t.text[pick(d, t.n, t.n - 1)];
    if (world_render(d->text[d->n], WORLD_SENTENCE_MAX, tmpl, slots, NULL) > 0)
        d->n++;
}

/* Keeps the first claim and a random, order-preserving choice of the rest,
 * 3 to 8 sentences in all (fewer only when there are fewer claims). */
static void doc_tell(Doc *d, const WorldClaim *claims, int n)
{
    int max = n < MAX_DOC_SENTENCES ? n : MAX_DOC_SENTENCES;
    int k = max;
    if (max > MIN_DOC_SENTENCES)
        k = MIN_DOC_SENTENCES + rng_int(d->rng, max - MIN_DOC_SENTENCES + 1);
    doc_say(d, claims[0]);
    /* selection sampling (Knuth, TAOCP 3.4.2, algorithm S) */
    int need = k - 1;
    for (int i = 1; i < n && need > 0; i++)
        if (rng_int(d->rng, n - i) < need) {
            doc_say(d, claims[i]);
            need--;
        }
}

static void city_document(Doc *d, const WorldCity *city)
{
    WorldClaim claims[WORLD_MAX_CLAIMS + 2], summary;
    int n = world_city_claims(city, claims, WORLD_MAX_CLAIMS);
    /* Half the time, open with a summary of some traits instead of the
     * intro, and do not tell those traits again. */
    if (d->rich && rng_int(d->rng, 2) == 0 &&
        world_city_summary(city, 0, d->rng, &summary)) {
        int m = 1;
        for (int i = 1; i < n; i++)
            if (claims[i].fact != WORLD_CITY_TRAIT ||
                !(claims[i].trait & summary.trait))
                claims[m++] = claims[i];
        claims[0] = summary;
        n = m;
    }
    WorldClaim filler = claims[0];
    filler.fact = WORLD_CITY_FILLER;
    if (n < MIN_DOC_SENTENCES || rng_int(d->rng, 2) == 0)
        claims[n++] = filler;
    if (n < MIN_DOC_SENTENCES) claims[n++] = filler;
    doc_tell(d, claims, n);
}

/* One sentence about a city that is not its intro nor about the capital:
 * how a text about a country mentions its other cities. */
static int city_mention(Rng *rng, const WorldCity *city, WorldClaim *out)
{
    WorldClaim claims[WORLD_MAX_CLAIMS];
    int n = world_city_claims(city, claims, WORLD_MAX_CLAIMS), m = 0;
    for (int i = 0; i < n; i++) {
        WorldFact f = claims[i].fact;
        if (f == WORLD_CITY_RIVER || f == WORLD_CITY_SEA ||
            f == WORLD_CITY_TRAIT || f == WORLD_CITY_LANDMARK ||
            f == WORLD_CITY_EXTRA)
            claims[m++] = claims[i];
    }
    if (m == 0) return 0;
    *out = claims[rng_int(rng, m)];
    return 1;
}

static void country_document(Doc *d, const WorldCountry *country)
{
    WorldClaim base[WORLD_MAX_CLAIMS], claims[WORLD_MAX_CLAIMS];
    int nb = world_country_claims(country, base, WORLD_MAX_CLAIMS), n = 0;
    const WorldCity *cities[32];
    int nc = world_cities_of(country, cities, 32);
    if (nc > 32) nc = 32;
    for (int i = 0; i < nb; i++) {
        WorldClaim c = base[i];
        if (c.fact == WORLD_COUNTRY_NEIGHBOURS) {
            /* name one to three of the neighbours */
            int nn = 0;
            while (nn < WORLD_MAX_NEIGHBOURS && country->neighbours[nn]) nn++;
            int want = 1 + rng_int(d->rng, nn < 3 ? nn : 3);
            c.index = 0;
            for (int j = 0; j < nn && want > 0; j++)
                if (rng_int(d->rng, nn - j) < want) {
                    c.index |= 1u << j;
                    want--;
                }
        }
        claims[n++] = c;
        if (c.fact != WORLD_COUNTRY_CAPITAL) continue;
        /* after the capital, one sentence each about up to two other
         * cities, in random order */
        int order[32];
        for (int j = 0; j < nc; j++) order[j] = j;
        rng_shuffle_int(d->rng, order, nc);
        for (int j = 0, told = 0; j < nc && told < 2; j++) {
            const WorldCity *city = cities[order[j]];
            if (strcmp(city->name, country->capital) != 0 &&
                city_mention(d->rng, city, &claims[n])) {
                n++;
                told++;
            }
        }
    }
    doc_tell(d, claims, n);
}

static const struct {
    const char *name;
    const char *pronoun;
} PEOPLE[] = {
    {"Anna", "she"},  {"Maria", "she"}, {"Sara", "she"},   {"Emma", "she"},
    {"Lucy", "she"},  {"Julia", "she"}, {"Mei", "she"},    {"Aisha", "she"},
    {"Sofia", "she"}, {"Laura", "she"}, {"Tom", "he"},     {"David", "he"},
    {"Marco", "he"},  {"Ali", "he"},    {"Daniel", "he"},  {"Peter", "he"},
    {"Lucas", "he"},  {"Omar", "he"},   {"Kenji", "he"},   {"Paul", "he"},
};

/* A city to travel on to from `from`: in the same country when it has
 * another, else across a land border; NULL when there is none. */
static const WorldCity *next_city(Rng *rng, const WorldCity *from)
{
    const WorldCountry *country = world_country_of(from);
    const WorldCity *cities[32];
    int n = world_cities_of(country, cities, 32);
    if (n > 32) n = 32;
    if (n > 1) {
        const WorldCity *c;
        do c = cities[rng_int(rng, n)];
        while (c == from);
        return c;
    }
    const WorldCountry *near[WORLD_MAX_NEIGHBOURS];
    int m = 0;
    for (int i = 0; i < WORLD_MAX_NEIGHBOURS && country->neighbours[i]; i++) {
        const WorldCountry *nc = world_find_country(country->neighbours[i]);
        if (nc) near[m++] = nc;
    }
    if (m == 0) return NULL;
    n = world_cities_of(near[rng_int(rng, m)], cities, 32);
    if (n > 32) n = 32;
    return n > 0 ? cities[rng_int(rng, n)] : NULL;
}

/* One or two facts about a city other than its intro, in telling order,
 * for a story; returns how many. */
static int story_facts(Rng *rng, const WorldCity *city, WorldClaim *out)
{
    WorldClaim claims[WORLD_MAX_CLAIMS];
    int n = world_city_claims(city, claims, WORLD_MAX_CLAIMS);
    if (n == 1) {
        out[0] = claims[0];
        return 1;
    }
    int a = 1 + rng_int(rng, n - 1), b = 1 + rng_int(rng, n - 1);
    if (a == b || rng_int(rng, 2) == 0) {
        out[0] = claims[a];
        return 1;
    }
    out[0] = claims[a < b ? a : b];
    out[1] = claims[a < b ? b : a];
    return 2;
}

static int story_document(Doc *d, const WorldCity *first)
{
    const WorldCity *second = next_city(d->rng, first);
    if (!second) return 0;
    int who = rng_int(d->rng, (int)(sizeof PEOPLE / sizeof PEOPLE[0]));
    WorldSlots slots;
    world_slots(&slots, first, NULL);
    slots.value[WORLD_SLOT_PERSON] = PEOPLE[who].name;
    slots.value[WORLD_SLOT_PRONOUN] = PEOPLE[who].pronoun;
    doc_render(d, (Templates)TEMPLATES(STORY_OPEN), &slots);
    doc_render(d, (Templates)TEMPLATES(STORY_ARRIVE), &slots);
    WorldClaim facts[2];
    int nf = story_facts(d->rng, first, facts);
    for (int i = 0; i < nf; i++) doc_say(d, facts[i]);
    const char *from_country = first->country;
    world_slots(&slots, second, NULL);
    slots.value[WORLD_SLOT_PERSON] = PEOPLE[who].name;
    slots.value[WORLD_SLOT_PRONOUN] = PEOPLE[who].pronoun;
    if (!strcmp(second->country, from_country))
        doc_render(d, (Templates)TEMPLATES(STORY_MOVE), &slots);
    else
        doc_render(d, (Templates)TEMPLATES(STORY_CROSS), &slots);
    nf = story_facts(d->rng, second, facts);
    for (int i = 0; i < nf; i++) doc_say(d, facts[i]);
    doc_render(d, (Templates)TEMPLATES(STORY_CLOSE), &slots);
    return 1;
}

static int generate(Corpus *c, uint64_t seed, int n_docs, CorpusSplit split,
                    int rich)
{
    memset(c, 0, sizeof *c);
    if (n_docs < 1 || n_docs > MAX_DOCS)
        return error_set("corpus: n_docs must be from 1 to %d, got %d",
                         MAX_DOCS, n_docs);
    if (split != CORPUS_TRAIN && split != CORPUS_HELDOUT)
        return error_set("corpus: unknown split %d", (int)split);
    Builder b;
    if (builder_init(&b, c) != 0) return -1;
    Rng rng;
    rng_seed(&rng, split == CORPUS_HELDOUT ? seed ^ HELDOUT_STREAM : seed);
    Doc doc;
    // the rich corpus uses every phrasing in both splits (corpus.h)
    doc.mode = rich ? WORLD_PHRASING_ANY
                    : split == CORPUS_HELDOUT ? WORLD_PHRASING_HELDOUT
                                              : WORLD_PHRASING_TRAIN;
    doc.rng = &rng;
    doc.rich = rich;
    while (c->n_docs < n_docs) {
        doc.n = 0;
        int kind = rng_int(&rng, rich ? 8 : 4);
        const WorldCity *city = world_city(rng_int(&rng, world_n_cities()));
        if (kind >= 6)
            doc.n = help_page(doc.text, &rng, doc.mode);
        else if (kind >= 4)
            doc.n = quiz_page(doc.text, &rng, doc.mode);
        else if (kind == 2)
            country_document(
                &doc, world_country(rng_int(&rng, world_n_countries())));
        else if (kind != 3 || !story_document(&doc, city))
            city_document(&doc, city);
        for (int i = 0; i < doc.n; i++)
            if (builder_add(&b, doc.text[i], strlen(doc.text[i])) != 0) {
                corpus_free(c);
                return -1;
            }
        if (builder_end_doc(&b) != 0) {
            corpus_free(c);
            return -1;
        }
    }
    return 0;
}

int corpus_generate(Corpus *c, uint64_t seed, int n_docs, CorpusSplit split)
{
    return generate(c, seed, n_docs, split, 0);
}

int corpus_generate_rich(Corpus *c, uint64_t seed, int n_docs,
                         CorpusSplit split)
{
    return generate(c, seed, n_docs, split, 1);
}

/* ---- the pre-training text format ----------------------------------- */

static int is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\v' || ch == '\f';
}

int corpus_read(Corpus *c, const char *path)
{
    memset(c, 0, sizeof *c);
    char *text;
    long len;
    if (fileio_read_all(path, &text, &len, MAX_FILE_BYTES) != 0) return -1;
    Builder b;
    if (builder_init(&b, c) != 0) {
        free(text);
        return -1;
    }
    const char *p = text, *end = text + len;
    /* A UTF-8 byte order mark is not part of the first sentence. */
    if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) p += 3;
    int line = 0, longest_doc = 0;
    while (p < end) {
        line++;
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl : end;
        if (memchr(p, '\0', (size_t)(stop - p))) {
            error_set("%s:%d: contains a NUL byte (not a text file?)", path,
                      line);
            goto fail;
        }
        if (stop - p > MAX_LINE_BYTES) {
            error_set("%s:%d: line longer than %d bytes (expected one "
                      "sentence per line)", path, line, MAX_LINE_BYTES);
            goto fail;
        }
        /* the sentence without surrounding white space ("\r" included) */
        const char *s = p, *e = stop;
        while (s < e && is_space(*s)) s++;
        while (e > s && is_space(e[-1])) e--;
        if (e == s) {
            if (builder_end_doc(&b) != 0) goto fail;
        } else if (builder_add(&b, s, (size_t)(e - s)) != 0) {
            goto fail;
        }
        int in_doc = c->n_sentences - c->doc_start[c->n_docs];
        if (in_doc > longest_doc) longest_doc = in_doc;
        p = nl ? nl + 1 : end;
    }
    if (builder_end_doc(&b) != 0) goto fail;
    free(text);
    if (c->n_sentences == 0) {
        corpus_free(c);
        return error_set("%s: no sentences (expected one sentence per line "
                         "and a blank line between documents)", path);
    }
    if (longest_doc < 2) {
        corpus_free(c);
        return error_set("%s: no document has two sentences (next sentence "
                         "prediction needs them; put one sentence per line)",
                         path);
    }
    return 0;
fail:
    free(text);
    corpus_free(c);
    return -1;
}

int corpus_write(const Corpus *c, const char *path)
{
    for (int i = 0; i < c->n_sentences; i++) {
        const char *s = c->sentences[i];
        size_t n = strlen(s);
        /* corpus_read drops a byte order mark at the start of the file,
         * so the first sentence must not begin with one. */
        if (n == 0 || is_space(s[0]) || is_space(s[n - 1]) ||
            strchr(s, '\n') || (i == 0 && !strncmp(s, "\xEF\xBB\xBF", 3)))
            return error_set("%s: sentence %d is empty, spans lines, has "
                             "white space at an end or starts the file with "
                             "a byte order mark, so it would not read back",
                             path, i);
    }
    AtomicFile af;
    if (fileio_atomic_open(&af, path) != 0) return -1;
    for (int d = 0; d < c->n_docs; d++) {
        if (d > 0) fputc('\n', af.f);
        for (int i = c->doc_start[d]; i < c->doc_start[d + 1]; i++) {
            fputs(c->sentences[i], af.f);
            fputc('\n', af.f);
        }
    }
    return fileio_atomic_commit(&af);
}

int corpus_split(Corpus *all, Corpus *train, Corpus *held, int every)
{
    Corpus *parts[2] = {train, held};
    memset(train, 0, sizeof *train);
    memset(held, 0, sizeof *held);
    if (every < 2 || all->n_docs < every)
        return error_set("corpus: %d documents cannot spare one in %d for "
                         "evaluation", all->n_docs, every);
    for (int k = 0; k < 2; k++) {
        parts[k]->sentences = malloc(sizeof(char *) * (size_t)all->n_sentences);
        parts[k]->doc_start = malloc(sizeof(int) * (size_t)(all->n_docs + 1));
        if (!parts[k]->sentences || !parts[k]->doc_start) {
            corpus_free(train);
            corpus_free(held);
            return error_set("corpus: out of memory");
        }
    }
    for (int d = 0; d < all->n_docs; d++) {
        Corpus *c = parts[d % every == every - 1];
        c->doc_start[c->n_docs++] = c->n_sentences;
        for (int s = all->doc_start[d]; s < all->doc_start[d + 1]; s++)
            c->sentences[c->n_sentences++] = all->sentences[s];
    }
    train->doc_start[train->n_docs] = train->n_sentences;
    held->doc_start[held->n_docs] = held->n_sentences;
    free(all->sentences); // the strings now belong to train and held
    free(all->doc_start);
    memset(all, 0, sizeof *all);
    return 0;
}

/* ---- documents seen in training ------------------------------------ */

/* The hash of a document's sentences, each followed by a newline. */
static uint32_t doc_hash(const Corpus *c, int d)
{
    uint32_t h = HASH_FNV_START;
    for (int s = c->doc_start[d]; s < c->doc_start[d + 1]; s++) {
        h = hash_fnv1a(h, c->sentences[s], strlen(c->sentences[s]));
        h = hash_fnv1a(h, "\n", 1);
    }
    return h;
}

static int doc_equal(const Corpus *a, int da, const Corpus *b, int db)
{
    int n = a->doc_start[da + 1] - a->doc_start[da];
    if (n != b->doc_start[db + 1] - b->doc_start[db]) return 0;
    for (int i = 0; i < n; i++)
        if (strcmp(a->sentences[a->doc_start[da] + i],
                   b->sentences[b->doc_start[db] + i]) != 0)
            return 0;
    return 1;
}

int corpus_drop_seen(Corpus *held, const Corpus *train)
{
    // open addressing: a power of two at least twice the documents;
    // a slot holds a training document's index + 1, 0 when empty
    size_t cap = 16;
    while (cap < 2 * (size_t)train->n_docs) cap *= 2;
    int *slot = calloc(cap, sizeof *slot);
    if (!slot) return error_set("corpus: out of memory");
    for (int d = 0; d < train->n_docs; d++) {
        size_t i = (size_t)doc_hash(train, d) & (cap - 1);
        while (slot[i]) i = (i + 1) & (cap - 1);
        slot[i] = d + 1;
    }
    int kept = 0, n_sentences = 0;
    for (int d = 0; d < held->n_docs; d++) {
        size_t i = (size_t)doc_hash(held, d) & (cap - 1);
        int seen = 0;
        for (; slot[i] && !seen; i = (i + 1) & (cap - 1))
            seen = doc_equal(held, d, train, slot[i] - 1);
        int first = held->doc_start[d], end = held->doc_start[d + 1];
        held->doc_start[kept] = n_sentences;
        for (int s = first; s < end; s++) {
            if (seen) free(held->sentences[s]);
            else held->sentences[n_sentences++] = held->sentences[s];
        }
        kept += !seen;
    }
    free(slot);
    int dropped = held->n_docs - kept;
    held->n_docs = kept;
    held->n_sentences = n_sentences;
    held->doc_start[kept] = n_sentences;
    return dropped;
}
