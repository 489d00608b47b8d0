#include "training_text.h"

#include "error.h"

#include <stdlib.h>
#include <string.h>

/* Everyday English, so that words like "dog", "cute", "play" and the
 * suffix "##ing" have a chance to become pieces. "playing" is left out on
 * purpose. Words that should become whole pieces occur at least twice:
 * the trainer never merges a pair it has seen only once. */
const char *const EVERYDAY[] = {
    "My dog is cute and he knows it.",
    "He likes to play in the garden after breakfast.",
    "My sister says her cat is cute too, but the cat ignores her.",
    "The dog plays with a red ball until he falls asleep.",
    "We played cards in the kitchen while it was raining.",
    "She likes reading in bed on cold evenings.",
    "My brother is cooking soup, and the whole house smells of onions.",
    "The children were singing on the way to school.",
    "He walks the dog every morning before work.",
    "Our neighbours are painting their fence green.",
    "I like walking by the river when the weather is nice.",
    "The baby is sleeping, so please talk quietly.",
    "They are waiting for the bus in the rain.",
    "My friend plays the guitar and sings old songs.",
    "He was thinking about dinner all afternoon.",
    "The dog is chasing its tail again.",
    "She bought fresh bread, cheese and apples at the market.",
    "We cleaned the windows and washed the car on Sunday.",
    "The kids love swimming in the lake in summer.",
    "He likes football, but he prefers to play tennis.",
    "My grandmother tells the best stories.",
    "The coffee is too hot to drink right now.",
    "I forgot my keys, so I waited outside for an hour.",
    "Running in the park makes me feel better.",
    "The cat sleeps on the sofa all day.",
    "Can you help me carry these boxes upstairs?",
    "The little dog barked at the postman and then wagged its tail.",
    "She is learning to play the piano.",
    "We are going to visit our cousins next weekend.",
    "The shop closes at six, so we have to hurry.",
    "He spilled milk on the table and wiped it up.",
    "The puppy is small, cute and very curious.",
    "My parents are watching a film in the living room.",
    "They laughed at the joke even though they had heard it before.",
    "I am writing a letter to my old teacher.",
    "The garden looks lovely after the rain.",
    "He likes his tea with milk and no sugar.",
    "The dog and the cat are friends now.",
    "Dinner is ready, so come and sit down!",
    "We packed our bags and left early in the morning.",
};
const int N_EVERYDAY = (int)(sizeof EVERYDAY / sizeof EVERYDAY[0]);

int training_text_build(TrainingText *tt, uint64_t seed, int n_docs)
{
    memset(tt, 0, sizeof *tt);
    if (corpus_generate(&tt->corpus, seed, n_docs, CORPUS_TRAIN) != 0)
        return -1;
    int n = tt->corpus.n_sentences + N_EVERYDAY;
    tt->texts = malloc(sizeof *tt->texts * (size_t)n);
    if (!tt->texts) {
        corpus_free(&tt->corpus);
        return error_set("training text: out of memory");
    }
    for (int i = 0; i < tt->corpus.n_sentences; i++)
        tt->texts[tt->n++] = tt->corpus.sentences[i];
    for (int i = 0; i < N_EVERYDAY; i++) tt->texts[tt->n++] = EVERYDAY[i];
    return 0;
}

void training_text_free(TrainingText *tt)
{
    corpus_free(&tt->corpus);
    free(tt->texts);
    memset(tt, 0, sizeof *tt);
}

double tokens_per_word(const Tokenizer *t, const char *const *texts, int n)
{
    TokenList tl = {0};
    WordList wl = {0};
    long tokens = 0, words = 0;
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        long len = (long)strlen(texts[i]);
        rc = tokenizer_tokenize(t, texts[i], len, &tl);
        if (rc == 0)
            rc = tokenizer_basic(texts[i], len, t->flags, t->specials,
                                 t->n_specials, &wl);
        tokens += tl.n;
        words += wl.n;
    }
    tokenizer_tokens_free(&tl);
    tokenizer_words_free(&wl);
    if (rc != 0) return -1.0;
    return words > 0 ? (double)tokens / (double)words : 0.0;
}
