/* dropout: during training, zero each value with probability p and scale
 * the survivors by 1 / (1 - p), so the expected value is unchanged; at
 * evaluation time it is the identity (p = 0).
 *
 *     dropout_forward(out, mask, inp, 0.1f, n, &rng);   // mask (n) saved
 *     dropout_backward(dinp, mask, dout, n);            // dinp += dout·mask
 *
 * mask holds each value's factor (0 or 1 / (1 - p)). out may equal inp.
 * The random stream is the caller's, so runs are reproducible: forward
 * makes n draws from it, the same on any number of threads. p must be in
 * [0, 1) (asserted). No function here can fail.
 */
#ifndef DROPOUT_H
#define DROPOUT_H

#include "rng.h"

void dropout_forward(float *out, float *mask, const float *inp, float p,
                     long n, Rng *rng);
void dropout_backward(float *dinp, const float *mask, const float *dout,
                      long n);
/* d *= mask: the same for a gradient that flows straight on, in place. */
void dropout_backward_inplace(float *d, const float *mask, long n);

#endif
