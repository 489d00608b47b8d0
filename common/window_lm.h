/* window_lm: a small neural language model that sees a fixed window of
 * tokens (Bengio et al., "A Neural Probabilistic Language Model", 2003).
 *
 *     WindowLmConfig cfg = {.vocab = V, .context = 2, .dim = 16,
 *                           .hidden = 64};
 *     WindowLm lm;
 *     if (window_lm_build(&lm, &cfg, n, seed) != 0) ... error_message()
 *     int before[2] = {-2, -1};                 // the two tokens before
 *     window_lm_examples(ctx, targets, ids, n, before, 2, pad);
 *     for (int step = 0; step < steps; step++)
 *         loss = window_lm_train_step(&lm, ctx, targets, n,
 *                                     lr_schedule(step, 30, steps, 1e-3f));
 *     const float *p = window_lm_predict(&lm, last_two);   // (V)
 *     int next = window_lm_sample(p, V, 0.8f, &rng);
 *     window_lm_free(&lm);
 *
 * Dimension letters: B examples, K context tokens, C embedding size,
 * H hidden units, V vocabulary.
 *
 * The model, for one example whose context is the K ids ctx[0..K):
 *     x      = wte[ctx[0]] ‖ ... ‖ wte[ctx[K-1]]   the embeddings side by
 *                                                   side (K·C)
 *     h      = tanh(W1 x + b1)                      (H)
 *     logits = W2 h + b2                            a score per token (V)
 *     probs  = softmax(logits)                      P(next token | context)
 * and the loss is the mean cross-entropy -log probs[target]. Training is
 * full AdamW steps (weight decay on wte, W1, W2, not on biases) with the
 * gradient clipped to global norm 1. Which neighbours form the context is
 * up to window_lm_examples: the tokens before a position make a language
 * model, the tokens on both sides a fill-in-the-blank model whose rows of
 * W2, one per word, become word vectors (chapter 02).
 *
 * Layout: parameters, gradients and the two AdamW moments are one
 * allocation each, with the same views into each; activations are sized
 * for max_batch examples. Weights are (out, in) as in matmul.h.
 *
 * Errors: window_lm_build returns -1 with error_message() on a bad
 * configuration or when memory runs out; the other functions cannot fail
 * (ids out of range and batches larger than max_batch are asserted), but
 * window_lm_best_loss gives NaN when it has no memory.
 */
#ifndef WINDOW_LM_H
#define WINDOW_LM_H

#include "adamw.h"
#include "rng.h"

#include <stdint.h>

#define WINDOW_LM_MAX_CONTEXT 16

typedef struct {
    int vocab;    /* V */
    int context;  /* K, 1 .. WINDOW_LM_MAX_CONTEXT */
    int dim;      /* C */
    int hidden;   /* H */
} WindowLmConfig;

typedef struct {
    float *wte;   /* (V, C) token embeddings */
    float *w1;    /* (H, K*C) */
    float *b1;    /* (H) */
    float *w2;    /* (V, H) */
    float *b2;    /* (V) */
} WindowLmParams;

typedef struct {
    WindowLmConfig cfg;
    long n_params;
    WindowLmParams p, grad, m, v;  /* views into the four allocations */
    float *mem[4];                 /* the allocations behind them */
    AdamW opt;                     /* BERT's defaults (adamw.h) */
    int max_batch;
    float *x;        /* (B, K*C) context embeddings side by side */
    float *h;        /* (B, H) hidden layer, after tanh */
    float *logits;   /* (B, V) */
    float *probs;    /* (B, V) */
    float *dx;       /* (B, K*C) */
    float *dh;       /* (B, H) */
    float *dpre;     /* (B, H) gradient before tanh */
    float *dlogits;  /* (B, V) */
} WindowLm;

/* Weights N(0, 0.1) from a generator seeded with seed, biases 0. */
int window_lm_build(WindowLm *lm, const WindowLmConfig *cfg, int max_batch,
                    uint64_t seed);
void window_lm_free(WindowLm *lm);

/* Cuts the sequence ids (n) into n examples: example t has the target
 * ids[t] and the context ids[t + offsets[k]] for k < K, or pad where
 * t + offsets[k] falls outside 0 .. n-1. ctx (n, K), targets (n).
 * Returns n. */
int window_lm_examples(int *ctx, int *targets, const int *ids, int n,
                       const int *offsets, int K, int pad);

/* probs of B examples, ctx (B, K); returns the mean loss when targets (B)
 * is given, else 0. Results stay in lm->probs (B, V). */
float window_lm_forward(WindowLm *lm, const int *ctx, const int *targets,
                        int B);
/* After window_lm_forward on the same batch: gradients += d(loss). */
void window_lm_backward(WindowLm *lm, const int *ctx, const int *targets,
                        int B);
/* One step of training on a batch: zero the gradients, forward, backward,
 * clip, AdamW with learning rate lr. Returns the loss before the step. */
float window_lm_train_step(WindowLm *lm, const int *ctx, const int *targets,
                           int B, float lr);
/* P(next | ctx) for one context of K ids: a (V) row of lm->probs, valid
 * until the next call. */
const float *window_lm_predict(WindowLm *lm, const int *ctx);

/* Picks a token from probs (V): the most likely one when temperature is 0
 * (greedy; ties go to the lower id), else a draw from probs^(1/T),
 * renormalised: the softmax of logits / T. */
int window_lm_sample(const float *probs, int V, float temperature, Rng *rng);

/* The lowest mean loss any model that sees only these contexts can reach
 * on these examples: the entropy of the target given the context,
 * counted in the data, in nats. ctx (n, K), targets (n). NaN when memory
 * runs out. */
double window_lm_best_loss(const int *ctx, const int *targets, int n, int K);

#endif
