/* activation: element-wise non-linearities, GELU and tanh.
 *
 *     gelu_forward(out, inp, n);           gelu_backward(dinp, inp, dout, n);
 *     tanh_forward(out, inp, n);           tanh_backward(dinp, out, dout, n);
 *
 * GELU is the exact form x · Φ(x) = 0.5 · x · (1 + erf(x / √2)), which is
 * what Hugging Face's "gelu" and bert-base-uncased use (google-research's
 * later code switched to a tanh approximation that differs by up to 4.7e-4).
 * tanh's backward takes the forward's output, because 1 - tanh² needs only
 * that. Backward accumulates (+=). out may equal inp. No function can fail.
 */
#ifndef ACTIVATION_H
#define ACTIVATION_H

void gelu_forward(float *out, const float *inp, long n);
void gelu_backward(float *dinp, const float *inp, const float *dout, long n);
void tanh_forward(float *out, const float *inp, long n);
void tanh_backward(float *dinp, const float *out, const float *dout, long n);

#endif
