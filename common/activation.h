/* activation: element-wise non-linearities, GELU and tanh.
 *
 *     gelu_forward(out, cdf, inp, n);   // cdf: Φ(inp) kept, or NULL
 *     gelu_backward(dinp, inp, cdf, dout, n);
 *     tanh_forward(out, inp, n);
 *     tanh_backward(dinp, out, dout, n);
 *
 * GELU is the exact form x · Φ(x) = 0.5 · x · (1 + erf(x / √2)), which is
 * what Hugging Face's "gelu" and bert-base-uncased use (google-research's
 * later code switched to a tanh approximation that differs by up to 4.7e-4).
 * GELU's forward can keep Φ(x) in cdf (NULL: not kept) for the backward,
 * which then computes only the density φ(x): cdf NULL there recomputes Φ,
 * to the same bits. tanh's backward takes the forward's output, because
 * 1 - tanh² needs only that. Backward accumulates (+=). out may equal inp
 * (but not cdf). No function can fail.
 */
#ifndef ACTIVATION_H
#define ACTIVATION_H

void gelu_forward(float *out, float *cdf, const float *inp, long n);
void gelu_backward(float *dinp, const float *inp, const float *cdf,
                   const float *dout, long n);
void tanh_forward(float *out, const float *inp, long n);
void tanh_backward(float *dinp, const float *out, const float *dout, long n);

#endif
