/* residual: the skip connection out = a + b, and its backward, which hands
 * the same gradient to both branches (+=). No function here can fail.
 *
 *     residual_forward(out, a, b, n);
 *     residual_backward(da, db, dout, n);
 */
#ifndef RESIDUAL_H
#define RESIDUAL_H

void residual_forward(float *out, const float *a, const float *b, long n);
void residual_backward(float *da, float *db, const float *dout, long n);

#endif
