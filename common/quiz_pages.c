#include "quiz_pages.h"

#include <string.h>

#define N_PHRASINGS 5
_Static_assert(QUIZ_PAGE_MAX >= 1 + 2 * 3, "three questions fit a page");

/* The questions that can be asked about one kind of claim: a direct
 * question, a second one, an order ("Name ..."), a question that puts the
 * subject first, and the held-out phrasing last. */
typedef struct {
    WorldFact fact;
    const char *ask[N_PHRASINGS];
} Quiz;

static const Quiz QUIZZES[] = {
    {WORLD_CITY_INTRO,
     {"Which country is {city} a part of?",
      "Where in the world is {city}?",
      "Name the country of {city}.",
      "{city} belongs to which country?",
      "Do you know where {city} is?"}},
    {WORLD_CITY_CAPITAL,
     {"Which city serves as the capital of {country}?",
      "What city is {country's} capital?",
      "Name the capital city of {country}.",
      "The capital of {country} is which city?",
      "Do you know the capital of {country}?"}},
    {WORLD_CITY_LARGEST,
     {"What is the biggest city in {country}?",
      "Which city of {country} has the most people?",
      "Name the biggest city of {country}.",
      "The biggest city of {country} is which one?",
      "Do you know the largest city in {country}?"}},
    {WORLD_CITY_RIVER,
     {"What river runs through {city}?",
      "Which river was {city} built on?",
      "Name the river of {city}.",
      "The river of {city} is which one?",
      "Do you know the river that flows through {city}?"}},
    {WORLD_CITY_SEA,
     {"What sea does {city} look out over?",
      "Which sea lies off {city}?",
      "Name the sea at {city}.",
      "The sea at {city} is which one?",
      "Do you know the sea on the coast of {city}?"}},
    {WORLD_CITY_LANDMARK,
     {"What should a visitor see in {city}?",
      "Which sight is {city} famous for?",
      "Name a famous sight of {city}.",
      "A famous sight of {city} is which one?",
      "Do you know a famous landmark of {city}?"}},
    {WORLD_CITY_TRAIT,
     {"Which city of {country} is known for {trait}?",
      "What place in {country} is famous for {trait}?",
      "Name a city in {country} known for {trait}.",
      "The city of {country} known for {trait} is which one?",
      "Do you know a city in {country} known for {trait}?"}},
    {WORLD_COUNTRY_INTRO,
     {"Where in the world is {country}?",
      "What continent is {country} part of?",
      "Name the continent of {country}.",
      "The continent of {country} is which one?",
      "Do you know where {country} lies?"}},
    {WORLD_COUNTRY_LANGUAGE,
     {"Which language do people in {country} speak?",
      "What is spoken in {country}?",
      "Name the language of {country}.",
      "The language of {country} is which one?",
      "Do you know the language of {country}?"}},
    {WORLD_COUNTRY_CURRENCY,
     {"Which money is used in {country}?",
      "How do people pay in {country}?",
      "Name the currency of {country}.",
      "The money of {country} is called what?",
      "Do you know the currency of {country}?"}},
    {WORLD_COUNTRY_NEIGHBOURS,
     {"What are the neighbours of {country}?",
      "Which countries lie next to {country}?",
      "Name a neighbour of {country}.",
      "A neighbour of {country} is which country?",
      "Do you know a country next to {country}?"}},
};

#define N_QUIZZES ((int)(sizeof QUIZZES / sizeof QUIZZES[0]))

static const char *const OPEN_CITY[] = {
    "A quiz about {city}.",
    "How well do you know {city}?",
    "Test what you know about {city}.",
    "Here are some questions about {city}.",
};
static const char *const OPEN_COUNTRY[] = {
    "A quiz about {country}.",
    "How well do you know {country}?",
    "Test what you know about {country}.",
    "Here are some questions about {country}.",
};
#define N_OPEN ((int)(sizeof OPEN_CITY / sizeof OPEN_CITY[0]))

/* How a question names what a city is known for, one per WorldTrait bit. */
static const char *const TRAIT_WORDS[WORLD_N_TRAITS] = {
    "finance", "fashion", "its industry", "its port", "technology",
    "making films", "its music", "its art", "its history", "its university",
    "its food", "its wine", "making cars", "its beer", "tourism",
};

/* The quiz for a claim, or NULL when nothing is asked about it; the
 * capital and the largest city are asked the same way whether the claim
 * is the city's or its country's. */
static const Quiz *quiz_for(WorldFact fact)
{
    if (fact == WORLD_COUNTRY_CAPITAL) fact = WORLD_CITY_CAPITAL;
    if (fact == WORLD_COUNTRY_LARGEST ||
        fact == WORLD_CITY_LARGEST_NOT_CAPITAL)
        fact = WORLD_CITY_LARGEST;
    for (int i = 0; i < N_QUIZZES; i++)
        if (QUIZZES[i].fact == fact) return &QUIZZES[i];
    return NULL;
}

static int phrasing(Rng *rng, int n, WorldPhrasing mode)
{
    return rng_int(rng, mode == WORLD_PHRASING_TRAIN ? n - 1 : n);
}

/* A question about the claim and the sentence that answers it. */
static void ask(char (*out)[WORLD_SENTENCE_MAX], Rng *rng, WorldClaim c,
                WorldPhrasing mode)
{
    WorldSlots slots;
    world_slots(&slots, c.city, c.country);
    if (c.fact == WORLD_CITY_TRAIT) {
        int bit = 0;
        while (bit < WORLD_N_TRAITS && !(c.trait & (1u << bit))) bit++;
        slots.value[WORLD_SLOT_TRAIT] = TRAIT_WORDS[bit];
    }
    const Quiz *q = quiz_for(c.fact);
    world_render(out[0], WORLD_SENTENCE_MAX,
                 q->ask[phrasing(rng, N_PHRASINGS, mode)], &slots, NULL);
    int n_train, n = world_phrasings(&c, &n_train);
    world_say(out[1], WORLD_SENTENCE_MAX, &c,
              rng_int(rng, mode == WORLD_PHRASING_TRAIN ? n_train : n), NULL);
}

int quiz_page(char (*out)[WORLD_SENTENCE_MAX], Rng *rng,
              WorldPhrasing mode)
{
    WorldClaim all[WORLD_MAX_CLAIMS], asked[WORLD_MAX_CLAIMS];
    const WorldCity *city = NULL;
    const WorldCountry *country;
    int n;
    if (rng_int(rng, 2) == 0) {
        city = world_city(rng_int(rng, world_n_cities()));
        country = world_country_of(city);
        n = world_city_claims(city, all, WORLD_MAX_CLAIMS);
    } else {
        country = world_country(rng_int(rng, world_n_countries()));
        n = world_country_claims(country, all, WORLD_MAX_CLAIMS);
    }
    int m = 0;
    for (int i = 0; i < n; i++)
        if (quiz_for(all[i].fact)) asked[m++] = all[i];
    WorldSlots slots;
    world_slots(&slots, city, country);
    // a held-out page opens with the held-out phrasing
    int first = mode == WORLD_PHRASING_HELDOUT ? N_OPEN - 1
                                               : phrasing(rng, N_OPEN, mode);
    world_render(out[0], WORLD_SENTENCE_MAX,
                 (city ? OPEN_CITY : OPEN_COUNTRY)[first], &slots, NULL);
    // two or three questions (each with its answer: 2 sentences after
    // the opening, so 3 fill QUIZ_PAGE_MAX), the first ones of a shuffle
    int want = 2 + rng_int(rng, 2), k = 1;
    int order[WORLD_MAX_CLAIMS];
    for (int i = 0; i < m; i++) order[i] = i;
    rng_shuffle_int(rng, order, m);
    for (int i = 0; i < m && i < want; i++, k += 2)
        ask(out + k, rng, asked[order[i]], mode);
    return k;
}

int quiz_question_templates(const char **out, int cap)
{
    int n = 0;
    for (int q = 0; q < N_QUIZZES; q++)
        for (int i = 0; i < N_PHRASINGS; i++, n++)
            if (n < cap) out[n] = QUIZZES[q].ask[i];
    return n;
}
