/* corpus_tokenizer: a WordPiece tokenizer learned from a corpus, for the
 * chapters that train a BERT from nothing.
 *
 *     Tokenizer tok;
 *     if (corpus_tokenizer(&tok, &corpus, 4096) != 0) ... error_message()
 *     ...
 *     tokenizer_free(&tok);
 *
 * Trains a vocabulary of vocab_size entries on every sentence of the
 * corpus (vocab_train.h, its default BPE merges; [PAD] is id 0) and builds
 * an uncased tokenizer on it. Deterministic: the same corpus gives the
 * same vocabulary. Returns 0, or -1 with error_message().
 */
#ifndef CORPUS_TOKENIZER_H
#define CORPUS_TOKENIZER_H

#include "corpus.h"
#include "tokenizer.h"

int corpus_tokenizer(Tokenizer *tok, const Corpus *c, int vocab_size);

#endif
