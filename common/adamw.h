/* adamw: the optimiser of BERT, with global-norm gradient clipping and the
 * learning-rate schedule (linear warm-up, then linear decay to zero).
 *
 *     AdamW opt = adamw_bert_defaults();              // β 0.9/0.999, eps 1e-6
 *     float lr = lr_schedule(step, warmup, total, 5e-5f);
 *     float norm = grad_clip_global_norm(grads, sizes, count, 1.0f);
 *     adamw_update(param, grad, m, v, n, &opt, lr, decay);  // per tensor
 *
 * The update follows google-research/bert optimization.py (AdamWeightDecay):
 *     m = β1·m + (1-β1)·g;  v = β2·v + (1-β2)·g²
 *     p -= lr · (m / (√v + eps) + wd · p)      (wd only where decay is 1)
 * Weight decay is decoupled (added to the update, not to the gradient) and
 * is skipped for LayerNorm weights and biases: the caller passes decay = 0
 * for them. Like BERT's optimiser this one applies NO bias correction to m
 * and v: it matches the reference, and the warm-up keeps the first steps
 * small, which is the problem bias correction exists to solve.
 * m and v start at zero and have the parameter's size. No function fails.
 */
#ifndef ADAMW_H
#define ADAMW_H

typedef struct {
    float beta1, beta2, eps, weight_decay;
} AdamW;

AdamW adamw_bert_defaults(void); /* 0.9, 0.999, 1e-6, 0.01 */
void adamw_update(float *param, const float *grad, float *m, float *v, long n,
                  const AdamW *opt, float lr, int decay);
/* Scales every gradient by min(1, max_norm / norm), where norm is the L2
 * norm of all count tensors together; returns norm (before clipping).
 * The sum runs in double, in an order that does not depend on the number
 * of threads. */
float grad_clip_global_norm(float *const *grads, const long *sizes, int count,
                            float max_norm);
/* Learning rate at step (0-based): rises linearly to peak over the first
 * warmup steps (step 0 gets peak / warmup, not 0, so no step is wasted),
 * then falls linearly to 0 at step total, as Hugging Face's
 * get_linear_schedule_with_warmup. */
float lr_schedule(int step, int warmup, int total, float peak);

#endif
