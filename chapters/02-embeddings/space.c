#include "space.h"

#include "corpus.h"
#include "error.h"
#include "rng.h"

#include <stdlib.h>
#include <string.h>


/* Every sentence of the corpus as word ids, one after the other; starts
 * (n_sentences + 1) marks where each begins. */
static int read_corpus(Space *sp, int n_docs, uint64_t seed, ToyIds *words,
                       int **starts)
{
    Corpus c;
    if (corpus_generate(&c, seed, n_docs, CORPUS_TRAIN) != 0) return -1;
    *starts = malloc((size_t)(c.n_sentences + 1) * sizeof **starts);
    int rc = *starts ? 0 : error_set("corpus: out of memory");
    for (int s = 0; s < c.n_sentences && rc == 0; s++) {
        (*starts)[s] = words->n;
        rc = toy_split_words(&sp->vocab, c.sentences[s], TOY_ADD | TOY_LOWER,
                             words);
    }
    if (rc == 0) {
        (*starts)[c.n_sentences] = words->n;
        sp->n_sentences = c.n_sentences;
    }
    corpus_free(&c);
    return rc;
}

int space_build(Space *sp, int n_docs, int dim, uint64_t seed)
{
    memset(sp, 0, sizeof *sp);
    ToyIds words = {0};
    int *starts = NULL;
    if (toy_vocab_add(&sp->vocab, "[PAD]", 5) != 0 ||
        read_corpus(sp, n_docs, seed, &words, &starts) != 0)
        goto fail;
    sp->ctx = malloc((size_t)words.n * SPACE_WINDOW * sizeof *sp->ctx);
    sp->targets = malloc((size_t)words.n * sizeof *sp->targets);
    if (!sp->ctx || !sp->targets) {
        error_set("corpus: out of memory");
        goto fail;
    }
    //> blank-examples
    // the blank is the word in the middle; its neighbours, two on each
    // side within its sentence, are what the model sees
    const int around[SPACE_WINDOW] = {-2, -1, 1, 2};
    for (int s = 0; s < sp->n_sentences; s++) {
        int at = starts[s], len = starts[s + 1] - at;
        window_lm_examples(sp->ctx + (long)at * SPACE_WINDOW,
                           sp->targets + at, words.ids + at, len, around,
                           SPACE_WINDOW, 0);
    }
    //< blank-examples
    sp->n = words.n;
    WindowLmConfig cfg = {sp->vocab.n, SPACE_WINDOW, dim, dim};
    if (window_lm_build(&sp->lm, &cfg, SPACE_BATCH, seed) != 0) goto fail;
    toy_ids_free(&words);
    free(starts);
    return 0;
fail:
    toy_ids_free(&words);
    free(starts);
    space_free(sp);
    return -1;
}

int space_train(Space *sp, int epochs, float lr, uint64_t seed,
                float *losses)
{
    int *order = malloc((size_t)sp->n * sizeof *order);
    if (!order) return error_set("training: out of memory");
    int ctx[SPACE_BATCH * SPACE_WINDOW], targets[SPACE_BATCH];
    Rng rng;
    rng_seed(&rng, seed);
    int per_epoch = (sp->n + SPACE_BATCH - 1) / SPACE_BATCH;
    int total = epochs * per_epoch, step = 0;
    for (int i = 0; i < sp->n; i++) order[i] = i;
    for (int e = 0; e < epochs; e++) {
        rng_shuffle_int(&rng, order, sp->n);
        double sum = 0.0;
        for (int b0 = 0; b0 < sp->n; b0 += SPACE_BATCH, step++) {
            int B = sp->n - b0 < SPACE_BATCH ? sp->n - b0 : SPACE_BATCH;
            for (int b = 0; b < B; b++) {
                int ex = order[b0 + b];
                memcpy(ctx + b * SPACE_WINDOW,
                       sp->ctx + (long)ex * SPACE_WINDOW, sizeof ctx[0] *
                       SPACE_WINDOW);
                targets[b] = sp->targets[ex];
            }
            float rate = lr_schedule(step, total / 10, total, lr);
            sum += (double)B * window_lm_train_step(&sp->lm, ctx, targets, B,
                                                    rate);
        }
        losses[e] = (float)(sum / sp->n);
    }
    free(order);
    return 0;
}

//> word-vector
const float *space_vector(const Space *sp, const char *word)
{
    int id = toy_vocab_id(&sp->vocab, word);
    if (id <= 0) return NULL;   // absent, or the padding
    // row id of W2 (V, H): the vector the model matches a context against
    // when it scores this word as the missing one
    return sp->lm.p.w2 + (long)id * sp->lm.cfg.hidden;
}
//< word-vector

void space_free(Space *sp)
{
    toy_vocab_free(&sp->vocab);
    free(sp->ctx);
    free(sp->targets);
    window_lm_free(&sp->lm);
    memset(sp, 0, sizeof *sp);
}
