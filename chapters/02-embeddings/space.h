/* space: a learned embedding space. Word vectors trained on the generated
 * corpus by a fill-in-the-blank model: the window model of chapter 01
 * (window_lm.h), shown the two words on each side of a position and
 * asked for the word in the middle.
 *
 *     Space sp;
 *     if (space_build(&sp, 1000, 32, seed) != 0) ... error_message()
 *     space_train(&sp, 4, 5e-3f, seed, losses);         // losses (4)
 *     const float *paris = space_vector(&sp, "paris");  // (32) or NULL
 *     space_free(&sp);
 *
 * The corpus is corpus_generate's TRAIN split (corpus.h) of n_docs
 * documents; words are lower-cased and split at spaces and punctuation
 * (toy_tokenizer.h). [PAD] (id 0) stands for the words beyond the ends of
 * a sentence. The model reads the four neighbours through a table of
 * dim numbers per word, then a tanh layer of dim units, and scores every
 * word of the vocabulary against that with its output layer W2 (V, dim):
 * one row per word. Those rows are the word vectors: training pulls a
 * word's row towards the contexts in which it is the missing word, so
 * words that fill the same blanks end up pointing the same way.
 * space_build returns -1 with error_message() when the corpus cannot be
 * made or memory runs out.
 */
#ifndef SPACE_H
#define SPACE_H

#include "toy_tokenizer.h"
#include "window_lm.h"

#define SPACE_WINDOW 4   /* two words before, two after */
#define SPACE_BATCH 256  /* examples per training step */

typedef struct {
    ToyVocab vocab;      /* V words, [PAD] first */
    int n;               /* examples: one per word of the corpus */
    int *ctx;            /* (n, SPACE_WINDOW) the words around it */
    int *targets;        /* (n) the word itself */
    int n_sentences;
    WindowLm lm;         /* the rows of its w2 (V, dim) are the vectors */
} Space;

int space_build(Space *sp, int n_docs, int dim, uint64_t seed);
/* Trains for `epochs` passes over the examples in shuffled batches of
 * SPACE_BATCH, the learning rate rising to lr over the first tenth of the
 * steps and then falling to 0; losses[e] is the mean loss of epoch e.
 * Returns 0, or -1 with error_message() when memory runs out. */
int space_train(Space *sp, int epochs, float lr, uint64_t seed,
                float *losses);
/* The vector of a word (C numbers), NULL when the corpus never has it. */
const float *space_vector(const Space *sp, const char *word);
void space_free(Space *sp);

#endif
