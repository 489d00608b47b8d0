#include "corpus_tokenizer.h"

#include "vocab_train.h"

#include <stddef.h>

int corpus_tokenizer(Tokenizer *tok, const Corpus *c, int vocab_size)
{
    VocabTrainOptions opt = vocab_train_defaults();
    opt.vocab_size = vocab_size;
    Vocab v;
    if (vocab_train(&v, (const char *const *)c->sentences, c->n_sentences,
                    &opt, NULL) != 0)
        return -1;
    if (tokenizer_init(tok, &v, 0) != 0) {
        vocab_free(&v);
        return -1;
    }
    return 0;
}
