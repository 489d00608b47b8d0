/* softmax: turn each row of scores into probabilities, and cross-entropy,
 * the loss of a probability row against the right answer.
 *
 *     softmax_forward(probs, logits, N, V);          // each row sums to 1
 *     softmax_backward(dlogits, probs, dprobs, N, V);
 *     float loss = crossentropy_forward(losses, probs, targets, N, V);
 *     crossentropy_softmax_backward(dlogits, probs, targets, 1.0f / count,
 *                                   N, V);
 *
 * N rows, V columns (the vocabulary, or the keys of attention).
 * Stability: the row's maximum is subtracted before exp, so logits of
 * ±1e30 give no overflow; entries of -inf (masked) get probability 0.
 * A row whose entries are all -inf has no meaningful distribution; it is
 * defined here as all zeros (so it passes no gradient), and never occurs in
 * BERT, which masks with the most negative finite float instead.
 * A target of SOFTMAX_IGNORE (-100, as PyTorch's ignore_index) contributes
 * no loss and no gradient. Backward accumulates (+=). Targets must be in
 * 0..V-1 or SOFTMAX_IGNORE (asserted). No function here can fail.
 */
#ifndef SOFTMAX_H
#define SOFTMAX_H

#define SOFTMAX_IGNORE (-100)

void softmax_forward(float *probs, const float *logits, int N, int V);
/* One row of V, without threads: for callers already inside a parallel
 * loop, such as attention. */
void softmax_row(float *p, const float *x, int V);
void softmax_backward(float *dlogits, const float *probs, const float *dprobs,
                      int N, int V);
/* losses[n] = -log probs[n][targets[n]] (0 when ignored); returns the mean
 * over the rows that are not ignored (0 when all are). losses may be NULL. */
float crossentropy_forward(float *losses, const float *probs,
                           const int *targets, int N, int V);
/* The gradient of scale · Σ losses with respect to the logits, through the
 * softmax in one step: dlogits += scale · (probs - onehot(target)). */
void crossentropy_softmax_backward(float *dlogits, const float *probs,
                                   const int *targets, float scale, int N,
                                   int V);

#endif
