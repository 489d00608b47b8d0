/* training_text: the text chapter 07 learns its vocabulary from.
 *
 *     TrainingText tt;
 *     if (training_text_build(&tt, 42, 2000) != 0) ... error_message()
 *     vocab_train(&v, tt.texts, tt.n, &opt, &stats);
 *     double tpw = tokens_per_word(&tok, tt.texts, tt.n);
 *     training_text_free(&tt);
 *
 * The generated world corpus (corpus.h) talks about cities and countries
 * only: it has no "dog", no "cute" and no "play" in the sense of a game.
 * So the chapter adds EVERYDAY, a few dozen plain English sentences about
 * home, pets and pastimes, in which "play", "plays" and "played" occur
 * but "playing" never does: WordPiece must build "playing" from pieces.
 *
 * Layout: texts[0 .. n) points at the corpus sentences and then at the
 * EVERYDAY sentences (static strings, not owned). Returns 0, or -1 with
 * error_message().
 */
#ifndef TRAINING_TEXT_H
#define TRAINING_TEXT_H

#include "corpus.h"
#include "tokenizer.h"

#include <stdint.h>

extern const char *const EVERYDAY[];
extern const int N_EVERYDAY;

typedef struct {
    Corpus corpus;
    const char **texts;  /* (n) corpus sentences, then EVERYDAY */
    int n;
} TrainingText;

/* n_docs generated documents (CORPUS_TRAIN split, seed) plus EVERYDAY. */
int training_text_build(TrainingText *tt, uint64_t seed, int n_docs);
void training_text_free(TrainingText *tt);

/* WordPiece tokens per word of the basic tokenizer over n texts: 1.0
 * when every word is a single piece. Returns -1 with error_message() on
 * failure (out of memory). */
double tokens_per_word(const Tokenizer *t, const char *const *texts, int n);

#endif
