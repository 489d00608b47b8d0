#include "qa_data.h"

#include "error.h"
#include "rng.h"
#include "world.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#define MAX_EXAMPLES 1000000
#define MIN_LONG 8
#define MAX_LONG 64
#define MAX_SHORT 5
#define DEV_STREAM 0x9E3779B97F4A7C15ull
#define TEST_STREAM 0xC2B2AE3D27D4EB4Full
#define LONG_STREAM 0x165667B19E3779F9ull

/* Asked about only in TEST: a fifth of the countries and of the cities. */
static const char *const HELDOUT_SUBJECTS[] = {
    "Portugal", "Hungary", "Norway", "Kenya", "Vietnam", "Iraq", "Chile",
    "New Zealand", "Canada", "Malaysia",
    "Lyon", "Krakow", "Gothenburg", "Mombasa", "Osaka", "Seville",
    "Heidelberg", "Vancouver", "Rio de Janeiro", "Hangzhou", "Agra",
    "Chicago", "Cusco", "Melbourne", "Antwerp", "Bordeaux", "Liverpool",
    "Alexandria", "Kyoto", "Dhaka",
};

int qa_subject_heldout(const char *name)
{
    for (size_t i = 0; i < sizeof HELDOUT_SUBJECTS / sizeof *HELDOUT_SUBJECTS;
         i++)
        if (strcmp(HELDOUT_SUBJECTS[i], name) == 0) return 1;
    return 0;
}

/* ---- what can be asked ------------------------------------------------ */

#define TRAIN_PHRASINGS 6
#define TEST_PHRASINGS 2

typedef struct {
    const char *train[TRAIN_PHRASINGS];  /* for TRAIN and DEV */
    const char *test[TEST_PHRASINGS];    /* only TEST uses these */
    WorldFact fact;        /* the claim whose sentence holds the answer */
    unsigned trait;        /* for WORLD_CITY_TRAIT */
    WorldSlot answer;      /* the slot of that sentence that is the answer */
    int about_city;        /* 1: the question names a city, else a country */
} Ask;

static const Ask ASKS[] = {
    {{"What is the capital of {country}?",
      "Which city is the capital of {country}?",
      "Tell me the capital of {country}.",
      "{country} has which city as its capital?",
      "Give me the capital of {country}.",
      "I would like to know the capital of {country}."},
     {"Name the capital of {country}.",
      "{country's} capital is which city?"},
     WORLD_COUNTRY_CAPITAL, 0, WORLD_SLOT_CITY, 0},
    {{"What is the largest city of {country}?",
      "Which is the biggest city in {country}?",
      "Tell me the largest city of {country}.",
      "The largest city of {country} is called what?",
      "Give me the largest city of {country}.",
      "I would like to know the biggest city in {country}."},
     {"Name the largest city in {country}.",
      "{country's} largest city is which one?"},
     WORLD_COUNTRY_LARGEST, 0, WORLD_SLOT_CITY, 0},
    {{"What language do people speak in {country}?",
      "What is the main language of {country}?",
      "Tell me the language people speak in {country}.",
      "The main language of {country} is which one?",
      "Give me the main language of {country}.",
      "I would like to know what people speak in {country}."},
     {"Name the language spoken in {country}.",
      "People in {country} speak which language?"},
     WORLD_COUNTRY_LANGUAGE, 0, WORLD_SLOT_LANGUAGE, 0},
    {{"What is the currency of {country}?",
      "What money do people use in {country}?",
      "Tell me the currency of {country}.",
      "People in {country} pay with which currency?",
      "Give me the currency of {country}.",
      "I would like to know the money of {country}."},
     {"Name the currency used in {country}.",
      "{country's} currency is called what?"},
     WORLD_COUNTRY_CURRENCY, 0, WORLD_SLOT_CURRENCY, 0},
    {{"On which continent is {country}?",
      "In which part of the world is {country}?",
      "Tell me the continent {country} is on.",
      "{country} is a country on which continent?",
      "Give me the continent of {country}.",
      "I would like to know where in the world {country} is."},
     {"Name the continent where {country} lies.",
      "{country} lies on which continent?"},
     WORLD_COUNTRY_INTRO, 0, WORLD_SLOT_CONTINENT, 0},
    {{"Which country borders {country}?",
      "What is a neighbour of {country}?",
      "Tell me a country on the border of {country}.",
      "{country} is next to which country?",
      "Give me a neighbour of {country}.",
      "I would like to know a country next to {country}."},
     {"Name a country that borders {country}.",
      "{country} shares a border with which country?"},
     WORLD_COUNTRY_NEIGHBOURS, 0, WORLD_SLOT_NEIGHBOURS, 0},
    {{"In which country is {city}?", "Which country is {city} in?",
      "Tell me which country {city} is in.",
      "{city} lies in which country?",
      "Give me the country of {city}.",
      "I would like to know which country {city} is in."},
     {"Name the country where {city} lies.",
      "{city} is a city in which country?"},
     WORLD_CITY_INTRO, 0, WORLD_SLOT_COUNTRY, 1},
    {{"What river flows through {city}?",
      "Which river runs through {city}?",
      "Tell me which river flows through {city}.",
      "{city} stands on which river?",
      "Give me the river of {city}.",
      "I would like to know which river runs through {city}."},
     {"Name the river that flows through {city}.",
      "{city} lies on which river?"},
     WORLD_CITY_RIVER, 0, WORLD_SLOT_RIVER, 1},
    {{"Which sea or ocean is {city} on?", "On which sea does {city} lie?",
      "Tell me the sea on which {city} lies.",
      "{city} looks out over which sea?",
      "Give me the sea at {city}.",
      "I would like to know which sea {city} lies on."},
     {"Name the sea on the coast of {city}.",
      "{city} is on the coast of which sea?"},
     WORLD_CITY_SEA, 0, WORLD_SLOT_SEA, 1},
    {{"Which famous landmark is in {city}?",
      "What famous sight can you visit in {city}?",
      "Tell me a famous sight in {city}.",
      "Visitors to {city} can see which landmark?",
      "Give me a famous sight of {city}.",
      "I would like to know a landmark of {city}."},
     {"Name a famous landmark of {city}.",
      "{city} is home to which landmark?"},
     WORLD_CITY_LANDMARK, 0, WORLD_SLOT_LANDMARK, 1},
    {{"Which city in {country} is a financial center?",
      "Where in {country} do many banks have their offices?",
      "Tell me a city in {country} that is a financial center.",
      "Many banks in {country} are based in which city?",
      "Give me a financial center of {country}.",
      "I would like to know where banks in {country} are based."},
     {"Name a financial center in {country}.",
      "{country's} center of finance is which city?"},
     WORLD_CITY_TRAIT, WORLD_FINANCE, WORLD_SLOT_CITY, 0},
    {{"What is the fashion capital of {country}?",
      "Which city is the fashion capital of {country}?",
      "Tell me the fashion capital of {country}.",
      "The fashion capital of {country} is called what?",
      "Give me the fashion capital of {country}.",
      "I would like to know the fashion capital of {country}."},
     {"Name the fashion capital of {country}.",
      "{country's} fashion capital is which city?"},
     WORLD_CITY_TRAIT, WORLD_FASHION, WORLD_SLOT_CITY, 0},
    {{"Which city in {country} is a center of technology?",
      "Where in {country} are many technology companies based?",
      "Tell me a city in {country} known for technology.",
      "Technology companies in {country} are based in which city?",
      "Give me a center of technology in {country}.",
      "I would like to know where technology companies in {country} are."},
     {"Name a technology center in {country}.",
      "{country's} center of technology is which city?"},
     WORLD_CITY_TRAIT, WORLD_TECH, WORLD_SLOT_CITY, 0},
    {{"Which city in {country} is known for making cars?",
      "Where in {country} are cars built?",
      "Tell me a city in {country} that builds cars.",
      "Cars in {country} are built in which city?",
      "Give me a city in {country} where cars are built.",
      "I would like to know where cars are built in {country}."},
     {"Name a city in {country} where cars are made.",
      "{country's} car city is which one?"},
     WORLD_CITY_TRAIT, WORLD_CARS, WORLD_SLOT_CITY, 0},
    {{"Which city in {country} has a large port?",
      "Which port city lies in {country}?",
      "Tell me a city in {country} with a large port.",
      "Ships in {country} come to which port city?",
      "Give me a port city of {country}.",
      "I would like to know a port city in {country}."},
     {"Name a port city in {country}.",
      "{country's} large port is in which city?"},
     WORLD_CITY_TRAIT, WORLD_PORT, WORLD_SLOT_CITY, 0},
    {{"Which city in {country} is known for its film industry?",
      "Where in {country} are many films made?",
      "Tell me a city in {country} where films are made.",
      "Films in {country} are made in which city?",
      "Give me a city in {country} where films are made.",
      "I would like to know where films are made in {country}."},
     {"Name a city in {country} known for films.",
      "{country's} film city is which one?"},
     WORLD_CITY_TRAIT, WORLD_FILM, WORLD_SLOT_CITY, 0},
};

#define N_ASKS ((int)(sizeof ASKS / sizeof ASKS[0]))

int qa_question_templates(QaSplit split, const char **out, int cap)
{
    int n = 0, per_ask = split == QA_TEST ? TEST_PHRASINGS : TRAIN_PHRASINGS;
    for (int a = 0; a < N_ASKS; a++)
        for (int i = 0; i < per_ask; i++) {
            if (n < cap)
                out[n] = split == QA_TEST ? ASKS[a].test[i] : ASKS[a].train[i];
            n++;
        }
    return n;
}

/* One question that the world can answer: the ask, and the claim whose
 * sentence holds the answer. */
typedef struct {
    int ask;
    WorldClaim answer;
} Candidate;

typedef struct {
    Candidate *c;
    int n, cap;
} Candidates;

static int add_candidate(Candidates *cs, int ask, WorldClaim claim)
{
    if (cs->n == cs->cap) {
        int cap = cs->cap ? 2 * cs->cap : 256;
        Candidate *p = realloc(cs->c, (size_t)cap * sizeof *p);
        if (!p) return error_set("qa: out of memory");
        cs->c = p;
        cs->cap = cap;
    }
    cs->c[cs->n].ask = ask;
    cs->c[cs->n].answer = claim;
    cs->n++;
    return 0;
}

/* Every question of every ask, skipping held-out subjects unless TEST. */
static int list_candidates(Candidates *cs, int test)
{
    for (int a = 0; a < N_ASKS; a++) {
        const Ask *ask = &ASKS[a];
        for (int k = 0; k < world_n_cities(); k++) {
            const WorldCity *city = world_city(k);
            const WorldCountry *country = world_country_of(city);
            const char *subject = ask->about_city ? city->name : country->name;
            if (!test && qa_subject_heldout(subject)) continue;
            WorldClaim c = {ask->fact, city, country, ask->trait, 0, 0};
            int ok = 0;
            switch (ask->fact) {
            case WORLD_CITY_INTRO: ok = 1; break;
            case WORLD_CITY_RIVER: ok = city->river != NULL; break;
            case WORLD_CITY_SEA: ok = city->sea != NULL; break;
            case WORLD_CITY_LANDMARK: ok = city->landmark != NULL; break;
            case WORLD_CITY_TRAIT: ok = (city->traits & ask->trait) != 0; break;
            /* country asks: once per country, through its capital */
            case WORLD_COUNTRY_CAPITAL:
                ok = !strcmp(country->capital, city->name);
                break;
            case WORLD_COUNTRY_LARGEST:
                ok = city->largest && strcmp(country->capital, city->name);
                break;
            default:
                ok = !strcmp(country->capital, city->name);
                c.city = NULL;
                break;
            }
            if (!ok) continue;
            if (ask->fact != WORLD_COUNTRY_NEIGHBOURS) {
                if (add_candidate(cs, a, c) != 0) return -1;
                continue;
            }
            /* one question per neighbour, each naming only that one */
            for (int i = 0; i < WORLD_MAX_NEIGHBOURS && country->neighbours[i];
                 i++) {
                c.index = 1u << i;
                if (add_candidate(cs, a, c) != 0) return -1;
            }
        }
    }
    return 0;
}

/* ---- contexts ------------------------------------------------------- */

/* Whether a sentence must stay out of the context: free text, which is not
 * checked against the question, or a sentence that states the asked trait
 * of another city and so could answer it too. */
static int conflicts(const WorldClaim *c, const Ask *ask)
{
    if (c->fact == WORLD_CITY_EXTRA) return 1;
    return ask->fact == WORLD_CITY_TRAIT && c->fact == WORLD_CITY_TRAIT &&
           c->trait == ask->trait;
}

static int count_neighbours(const WorldCountry *c)
{
    int n = 0;
    while (n < WORLD_MAX_NEIGHBOURS && c->neighbours[n]) n++;
    return n;
}

/* The true sentences about the subject that a context can draw on, in
 * telling order, the answer among them; returns how many and sets *at to
 * the answer's index. A question about a city of a country ("Which city in
 * China is a financial center?") gets the country's sentences and, after
 * the capital's, the answer's city introduced ("Shanghai is a city in
 * China.", at index *lead, else *lead is 0), the answer, and one sentence
 * about another city. */
static int subject_pool(Rng *rng, const Candidate *cd, WorldClaim *pool,
                        int cap, int *at, int *lead)
{
    const Ask *ask = &ASKS[cd->ask];
    WorldClaim all[WORLD_MAX_CLAIMS];
    int n_all = ask->about_city
                    ? world_city_claims(cd->answer.city, all, WORLD_MAX_CLAIMS)
                    : world_country_claims(cd->answer.country, all,
                                           WORLD_MAX_CLAIMS);
    int n = 0;
    *at = -1;
    *lead = 0;
    for (int i = 0; i < n_all && n + 3 < cap; i++) {
        WorldClaim c = all[i];
        if (c.fact == ask->fact) {
            *at = n;
            pool[n++] = cd->answer;
            continue;
        }
        if (c.fact == WORLD_COUNTRY_NEIGHBOURS)
            c.index = 1u << rng_int(rng, count_neighbours(c.country));
        if (!conflicts(&c, ask)) pool[n++] = c;
        if (c.fact != WORLD_COUNTRY_CAPITAL || ask->fact != WORLD_CITY_TRAIT)
            continue;
        /* the answer's city introduced and then the answer, or both in
         * one summary sentence, as in the lecture's example */
        WorldClaim summary;
        if (rng_int(rng, 2) == 0 &&
            world_city_summary(cd->answer.city, ask->trait, rng, &summary)) {
            *at = n;
            pool[n++] = summary;
        } else {
            *lead = n;
            pool[n] = cd->answer;
            pool[n++].fact = WORLD_CITY_INTRO;
            *at = n;
            pool[n++] = cd->answer;
        }
        const WorldCity *cities[32];
        int nc = world_cities_of(cd->answer.country, cities, 32);
        const WorldCity *other = cities[rng_int(rng, nc < 32 ? nc : 32)];
        WorldClaim oc[WORLD_MAX_CLAIMS];
        int no = world_city_claims(other, oc, WORLD_MAX_CLAIMS);
        WorldClaim o = oc[rng_int(rng, no)];
        if (other != cd->answer.city && o.fact != WORLD_CITY_INTRO &&
            !conflicts(&o, ask))
            pool[n++] = o;
    }
    assert(*at >= 0);
    return n;
}

typedef struct {
    char *text;
    int len, cap;
    int n_sentences;
    int answer_start, answer_len;
} Context;

/* Appends the claim as one more sentence; when answer_slot >= 0, records
 * where that slot went as the answer. */
static int context_add(Context *cx, Rng *rng, const WorldClaim *c, int test,
                       int answer_slot)
{
    char s[WORLD_SENTENCE_MAX];
    WorldSpans spans;
    int n_train, n = world_phrasings(c, &n_train);
    int len = world_say(s, sizeof s, c, rng_int(rng, test ? n : n_train),
                        &spans);
    if (len < 0) return -1;
    if (cx->len + len + 2 > cx->cap) {
        int cap = 2 * (cx->len + len + 2);
        char *p = realloc(cx->text, (size_t)cap);
        if (!p) return error_set("qa: out of memory");
        cx->text = p;
        cx->cap = cap;
    }
    if (cx->len > 0) cx->text[cx->len++] = ' ';
    if (answer_slot >= 0) {
        assert(spans.start[answer_slot] >= 0);
        cx->answer_start = cx->len + spans.start[answer_slot];
        cx->answer_len = spans.len[answer_slot];
    }
    memcpy(cx->text + cx->len, s, (size_t)len + 1);
    cx->len += len;
    cx->n_sentences++;
    return 0;
}

/* Adds the subject's paragraph: its first sentence, the answer (with its
 * lead), and up to `extra` more sentences of the pool, in telling order:
 * at least two and at most max_total sentences in all; or, for a short
 * context whose answer is in a summary, sometimes that sentence alone. */
static int add_subject(Context *cx, Rng *rng, const Candidate *cd, int test,
                       int extra, int max_total)
{
    WorldClaim pool[WORLD_MAX_CLAIMS + 4];
    int at, lead;
    int n = subject_pool(rng, cd, pool, WORLD_MAX_CLAIMS + 4, &at, &lead);
    /* a short context that is a summary sentence alone, half of the
     * time: the shape of the lecture's example */
    if (pool[at].fact == WORLD_CITY_SUMMARY && max_total == MAX_SHORT &&
        rng_int(rng, 2) == 0)
        return context_add(cx, rng, &pool[at], test,
                           (int)ASKS[cd->ask].answer);
    /* sentences that are neither the first, the answer nor its lead */
    int optional = n - 1 - (at != 0) - (lead != 0);
    int need = extra < optional ? extra : optional;
    int fixed = n - optional;
    if (need > max_total - fixed) need = max_total - fixed;
    if (need < 2 - fixed) need = 2 - fixed;   /* at least two sentences */
    assert(need <= optional);
    for (int i = 0; i < n; i++) {
        int keep = i == 0 || i == at || i == lead;
        if (!keep) {
            /* selection sampling (Knuth, TAOCP 3.4.2, algorithm S) */
            keep = rng_int(rng, optional) < need;
            need -= keep;
            optional--;
        }
        if (keep && context_add(cx, rng, &pool[i], test,
                                i == at ? (int)ASKS[cd->ask].answer : -1) != 0)
            return -1;
    }
    return 0;
}

/* A paragraph of at most max sentences about another city, none of which
 * could answer the question. */
static int add_distractor(Context *cx, Rng *rng, const Candidate *cd,
                          int test, int max)
{
    const Ask *ask = &ASKS[cd->ask];
    const WorldCity *city;
    do city = world_city(rng_int(rng, world_n_cities()));
    while (city == cd->answer.city ||
           (!ask->about_city &&
            !strcmp(city->country, cd->answer.country->name)));
    WorldClaim all[WORLD_MAX_CLAIMS];
    int n = world_city_claims(city, all, WORLD_MAX_CLAIMS), added = 0;
    for (int i = 0; i < n && added < max; i++) {
        if (i > 0 && (conflicts(&all[i], ask) || rng_int(rng, 2) == 0))
            continue;
        if (context_add(cx, rng, &all[i], test, -1) != 0) return -1;
        added++;
    }
    return 0;
}

static char *copy_of(const char *s, int len)
{
    char *p = malloc((size_t)len + 1);
    if (p) {
        memcpy(p, s, (size_t)len);
        p[len] = '\0';
    }
    return p;
}

void qa_set_free(QaSet *s)
{
    if (!s) return;
    for (int i = 0; s->ex && i < s->n; i++) {
        free(s->ex[i].question);
        free(s->ex[i].context);
        free(s->ex[i].answer);
    }
    free(s->ex);
    memset(s, 0, sizeof *s);
}

static int generate(QaSet *out, uint64_t seed, int n, QaSplit split,
                    int n_sentences)
{
    memset(out, 0, sizeof *out);
    if (n < 1 || n > MAX_EXAMPLES)
        return error_set("qa: n must be from 1 to %d, got %d", MAX_EXAMPLES,
                         n);
    if (split != QA_TRAIN && split != QA_DEV && split != QA_TEST)
        return error_set("qa: unknown split %d", (int)split);
    int test = split == QA_TEST;
    Candidates cs = {NULL, 0, 0};
    if (list_candidates(&cs, test) != 0) {
        free(cs.c);
        return -1;
    }
    Rng rng;
    uint64_t s = seed ^ (n_sentences ? LONG_STREAM : 0);
    rng_seed(&rng, split == QA_DEV    ? s ^ DEV_STREAM
                   : split == QA_TEST ? s ^ TEST_STREAM
                                      : s);
    out->ex = calloc((size_t)n, sizeof *out->ex);
    if (!out->ex) {
        free(cs.c);
        return error_set("qa: out of memory");
    }
    out->n = n;
    Context cx = {NULL, 0, 0, 0, -1, 0};
    for (int i = 0; i < n; i++) {
        const Candidate *cd = &cs.c[rng_int(&rng, cs.n)];
        const Ask *ask = &ASKS[cd->ask];
        cx.len = 0;
        cx.n_sentences = 0;
        cx.answer_start = -1;
        if (n_sentences == 0) {
            if (add_subject(&cx, &rng, cd, test, rng_int(&rng, MAX_SHORT - 1),
                            MAX_SHORT) != 0)
                goto fail;
        } else {
            /* paragraphs about other places before and after the subject's */
            int before = rng_int(&rng, n_sentences / 2 + 1);
            while (cx.n_sentences < before)
                if (add_distractor(&cx, &rng, cd, test,
                                   before - cx.n_sentences) != 0)
                    goto fail;
            if (add_subject(&cx, &rng, cd, test, WORLD_MAX_CLAIMS,
                            WORLD_MAX_CLAIMS) != 0)
                goto fail;
            while (cx.n_sentences < n_sentences)
                if (add_distractor(&cx, &rng, cd, test,
                                   n_sentences - cx.n_sentences) != 0)
                    goto fail;
        }
        char q[WORLD_SENTENCE_MAX];
        WorldSlots slots;
        world_slots(&slots, ask->about_city ? cd->answer.city : NULL,
                    cd->answer.country);
        const char *tmpl = test ? ask->test[rng_int(&rng, TEST_PHRASINGS)]
                                : ask->train[rng_int(&rng, TRAIN_PHRASINGS)];
        int qlen = world_render(q, sizeof q, tmpl, &slots, NULL);
        if (qlen < 0) goto fail;
        QaExample *e = &out->ex[i];
        e->question = copy_of(q, qlen);
        e->context = copy_of(cx.text, cx.len);
        e->answer = copy_of(cx.text + cx.answer_start, cx.answer_len);
        e->answer_start = cx.answer_start;
        if (!e->question || !e->context || !e->answer) {
            error_set("qa: out of memory");
            goto fail;
        }
    }
    free(cx.text);
    free(cs.c);
    return 0;
fail:
    free(cx.text);
    free(cs.c);
    qa_set_free(out);
    return -1;
}

int qa_generate(QaSet *out, uint64_t seed, int n, QaSplit split)
{
    return generate(out, seed, n, split, 0);
}

int qa_generate_long(QaSet *out, uint64_t seed, int n, QaSplit split,
                     int n_sentences)
{
    if (n_sentences < MIN_LONG || n_sentences > MAX_LONG) {
        memset(out, 0, sizeof *out);
        return error_set("qa: n_sentences must be from %d to %d, got %d",
                         MIN_LONG, MAX_LONG, n_sentences);
    }
    return generate(out, seed, n, split, n_sentences);
}
