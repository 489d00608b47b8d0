/* model_setup: the model a training chapter works on — the checkpoint of
 * --model with its own vocabulary, or a fresh small BERT over a WordPiece
 * vocabulary learned from the chapter's corpus.
 *
 *     SmallBert size = {128, 2, 2, 64, 4096, 0.1f};   // C, L, NH, T, V, p
 *     if (model_setup(&m, &tok, model_dir, BERT_HAS_MLM, &corpus, &size,
 *                     &rng) != 0) ... error_message()
 *
 * With a directory it loads the checkpoint (bert_checkpoint.h) and its
 * vocab.txt, and fails when the checkpoint lacks one of the heads named in
 * `need` (BERT_HAS_* flags). Without one it learns a vocabulary of at most
 * size->vocab_size entries from the corpus (corpus_tokenizer.h), builds
 * the tiny configuration with the given sizes (feed-forward 4C, as BERT),
 * initialises it as BERT does and allocates gradients and AdamW state.
 * Returns 0, or -1 with error_message().
 */
#ifndef MODEL_SETUP_H
#define MODEL_SETUP_H

#include "bert.h"
#include "corpus.h"
#include "tokenizer.h"

typedef struct {
    int hidden, layers, heads, seq_len, vocab_size;
    float dropout;
} SmallBert;

int model_setup(Bert *m, Tokenizer *tok, const char *model_dir, int need,
                const Corpus *corpus, const SmallBert *size, Rng *rng);

#endif
