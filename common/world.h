/* world: a small table of real cities and countries with true facts, and the
 * sentences that state them. It is the one source of the generated corpus
 * (corpus.h) and of the question answering data (qa_data.h).
 *
 *     const WorldCity *rome = world_find_city("Rome");
 *     WorldClaim claims[WORLD_MAX_CLAIMS];
 *     int n = world_city_claims(rome, claims, WORLD_MAX_CLAIMS);
 *     char line[WORLD_SENTENCE_MAX];
 *     world_say(line, sizeof line, &claims[1], 0, NULL);
 *     // "Rome is the capital of Italy."
 *
 * Data layout: two constant tables, world_city(i) for i < world_n_cities()
 * and world_country(i) for i < world_n_countries(). A city names its country;
 * a country names its capital, which is always a city of the table. Every
 * string is plain ASCII, so byte offsets are character offsets.
 *
 * A claim is one fact about one city or country (its capital, its river, one
 * of its traits, ...). world_city_claims and world_country_claims list them
 * in the order a short text would tell them: first what the place is, then
 * where it lies, then what it is known for. Each claim can be said in several
 * phrasings; the last ones of each claim kind are held out: generated
 * training text never uses them, so evaluation text can show phrasings a
 * model has not seen (see world_phrasings).
 *
 * Only plain, well-known facts went in, each one that an encyclopedia
 * entry on the place confirms. A list of neighbours names some, not always
 * all, of a country's land neighbours.
 *
 * Lookups return NULL when a name is unknown; world_say returns -1 with
 * error_message() when the sentence does not fit the buffer.
 */
#ifndef WORLD_H
#define WORLD_H

#include "rng.h"

#define WORLD_MAX_CLAIMS 24
#define WORLD_SENTENCE_MAX 512
#define WORLD_MAX_EXTRAS 3
#define WORLD_MAX_NEIGHBOURS 8

/* What a city is known for: a bit set, so a city can have several. */
typedef enum {
    WORLD_FINANCE = 1 << 0,    /* a financial center */
    WORLD_FASHION = 1 << 1,    /* the fashion capital of its country */
    WORLD_INDUSTRY = 1 << 2,   /* an industrial city */
    WORLD_PORT = 1 << 3,       /* a large port */
    WORLD_TECH = 1 << 4,       /* a center of technology */
    WORLD_FILM = 1 << 5,       /* films are made there */
    WORLD_MUSIC = 1 << 6,
    WORLD_ART = 1 << 7,        /* art and museums */
    WORLD_HISTORY = 1 << 8,    /* a long history, old buildings */
    WORLD_UNIVERSITY = 1 << 9,
    WORLD_FOOD = 1 << 10,
    WORLD_WINE = 1 << 11,
    WORLD_CARS = 1 << 12,      /* cars are built there */
    WORLD_BEER = 1 << 13,
    WORLD_TOURISM = 1 << 14,   /* many tourists every year */
    WORLD_N_TRAITS = 15
} WorldTrait;

typedef struct {
    const char *name;          /* "Shanghai" */
    const char *country;       /* the name of a WorldCountry: "China" */
    unsigned traits;           /* WorldTrait bits */
    const char *river;         /* a river that flows through the city (not
                                  only past it): "Huangpu", or NULL; said
                                  as "the Huangpu" */
    const char *sea;           /* the sea or ocean on its coast, or NULL */
    const char *landmark;      /* with its article: "the Bund", or NULL */
    int largest;               /* 1: the largest city of its country */
    const char *extras[WORLD_MAX_EXTRAS]; /* further true sentences, said
                                              as they are; NULL when unused */
} WorldCity;

typedef struct {
    const char *name;          /* "United Kingdom" */
    int the;                   /* 1: written "the United Kingdom" */
    const char *continent;     /* "Europe", or "Europe and Asia" */
    const char *capital;       /* the name of a WorldCity */
    const char *language;      /* "Italian", or "English and French" */
    const char *currency;      /* "euro": said as "the euro" */
    int island;                /* 1: no land borders at all */
    const char *neighbours[WORLD_MAX_NEIGHBOURS]; /* some land neighbours,
                                                     NULL when unused */
} WorldCountry;

int world_n_cities(void);
const WorldCity *world_city(int i);
int world_n_countries(void);
const WorldCountry *world_country(int i);
/* Exact, case-sensitive name lookups; NULL when unknown. */
const WorldCity *world_find_city(const char *name);
const WorldCountry *world_find_country(const char *name);
const WorldCountry *world_country_of(const WorldCity *city);
const WorldCity *world_capital_of(const WorldCountry *country);
/* The index of a city or country in its table, or -1. */
int world_city_index(const WorldCity *city);
int world_country_index(const WorldCountry *country);
/* Writes up to cap cities of the country into out, in table order, and
 * returns how many there are. */
int world_cities_of(const WorldCountry *country, const WorldCity **out,
                    int cap);
/* The name of one trait bit, as a question would say it: "finance". */
const char *world_trait_name(unsigned trait);

/* ---- sentences -------------------------------------------------------- */

/* The kinds of fact a sentence can state. */
typedef enum {
    WORLD_CITY_INTRO,          /* Rome is a city in Italy. */
    WORLD_CITY_CAPITAL,        /* Rome is the capital of Italy. */
    WORLD_CITY_LARGEST,        /* Rome is the largest city in Italy. */
    WORLD_CITY_LARGEST_NOT_CAPITAL, /* Istanbul is the largest city of
                                       Turkey, but the capital is Ankara. */
    WORLD_CITY_NOT_CAPITAL,    /* The capital of Italy is Rome, not Milan. */
    WORLD_CITY_RIVER,          /* The Tiber flows through Rome. */
    WORLD_CITY_SEA,            /* Naples lies on the coast of the ... */
    WORLD_CITY_TRAIT,          /* Shanghai is a financial center. */
    WORLD_CITY_LANDMARK,       /* The Colosseum is in Rome. */
    WORLD_CITY_EXTRA,          /* one of the city's extra sentences */
    WORLD_CITY_FILLER,         /* Many people live in Rome. */
    WORLD_CITY_SUMMARY,        /* Shanghai is a city in China, it is also
                                  a financial center, its fashion capital
                                  and an industrial city. (several traits
                                  at once: WorldClaim.trait has 2 or 3
                                  bits) */
    WORLD_COUNTRY_INTRO,       /* Italy is a country in Europe. */
    WORLD_COUNTRY_CAPITAL,     /* The capital of Italy is Rome. */
    WORLD_COUNTRY_LARGEST,     /* The largest city of Turkey is Istanbul. */
    WORLD_COUNTRY_LANGUAGE,    /* People in Italy speak Italian. */
    WORLD_COUNTRY_CURRENCY,    /* The currency of Italy is the euro. */
    WORLD_COUNTRY_NEIGHBOURS,  /* Italy borders France and Austria. */
    WORLD_COUNTRY_ISLAND,      /* Japan has no land borders. */
    WORLD_N_FACTS
} WorldFact;

typedef struct {
    WorldFact fact;
    const WorldCity *city;         /* for city facts; NULL for a country's */
    const WorldCountry *country;   /* the country (a city's own country) */
    unsigned trait;                /* WORLD_CITY_TRAIT: one WorldTrait bit;
                                      WORLD_CITY_SUMMARY: several */
    unsigned index;                /* WORLD_CITY_EXTRA: which extra sentence;
                                      WORLD_COUNTRY_NEIGHBOURS: a bit mask of
                                      the neighbours to name (0: all) */
    int it;                        /* 1: a phrasing that opens with the city
                                      says "It" instead, as the next sentence
                                      of a text about that city would */
} WorldClaim;

/* The slots a phrasing fills in; world_say reports where each went. */
typedef enum {
    WORLD_SLOT_CITY, WORLD_SLOT_COUNTRY, WORLD_SLOT_CAPITAL,
    WORLD_SLOT_CONTINENT, WORLD_SLOT_LANGUAGE, WORLD_SLOT_CURRENCY,
    WORLD_SLOT_RIVER, WORLD_SLOT_SEA, WORLD_SLOT_LANDMARK,
    WORLD_SLOT_NEIGHBOURS, WORLD_SLOT_PERSON, WORLD_SLOT_PRONOUN,
    WORLD_SLOT_TRAIT,          /* what a city is known for: "its port" */
    WORLD_N_SLOTS
} WorldSlot;

/* Slot values, NULL when unused. A value may bring its article ("the
 * Bund"); a country slot holds the bare name and is written with "the" when
 * its table entry says so ("the United Kingdom"). */
typedef struct {
    const char *value[WORLD_N_SLOTS];
} WorldSlots;

/* Where the first use of each slot went in a sentence, without a leading
 * article: start -1 when the slot was not used. */
typedef struct {
    int start[WORLD_N_SLOTS];
    int len[WORLD_N_SLOTS];
} WorldSpans;

/* Lists the claims the table supports about a city (intro first, no
 * fillers) or a country, in telling order; returns how many (<= cap). */
int world_city_claims(const WorldCity *city, WorldClaim *out, int cap);
int world_country_claims(const WorldCountry *country, WorldClaim *out,
                         int cap);
/* A summary of the city that names up to 3 of its traits (chosen by rng)
 * and always `must` (a trait bit of the city, or 0): its trait field set,
 * it stands for the intro and those traits' claims. Returns 0 when the
 * city has fewer than two traits. */
int world_city_summary(const WorldCity *city, unsigned must, Rng *rng,
                       WorldClaim *out);
/* How many phrasings a claim has (>= 1). Phrasings 0 .. *n_train - 1 may
 * appear in training text; the rest are held out for evaluation.
 * Extra sentences have one phrasing, used by both. */
int world_phrasings(const WorldClaim *claim, int *n_train);
/* Which phrasings a generator of text may use: the training ones only;
 * every one, opening with a held-out one (so the text cannot equal any
 * TRAIN text); or every one, freely. */
typedef enum {
    WORLD_PHRASING_TRAIN,
    WORLD_PHRASING_HELDOUT,
    WORLD_PHRASING_ANY
} WorldPhrasing;
/* Writes the claim in the given phrasing (0 .. world_phrasings - 1) into
 * buf as one sentence with a capital first letter and final punctuation;
 * spans (may be NULL) receives where each slot went. Returns its length. */
int world_say(char *buf, int cap, const WorldClaim *claim, int phrasing,
              WorldSpans *spans);
/* Fills the slots of a city or a country (either may be NULL; a city also
 * fills its country's slots). */
void world_slots(WorldSlots *slots, const WorldCity *city,
                 const WorldCountry *country);
/* Fills a template such as "{city} lies on the {river}." into buf:
 * "{slot}" writes the slot's value, "{slot's}" its possessive. The first
 * letter is made upper case. Returns the length, or -1 with error_message()
 * when it does not fit. */
int world_render(char *buf, int cap, const char *tmpl,
                 const WorldSlots *slots, WorldSpans *spans);

#endif
