/* layernorm: normalise each row to zero mean and unit variance, then scale
 * and shift: out = (x - mean) / sqrt(var + eps) · weight + bias.
 *
 *     layernorm_forward(out, mean, rstd, inp, weight, bias, N, C, 1e-12f);
 *     layernorm_backward(dinp, dweight, dbias, dout, inp, weight, mean,
 *                        rstd, N, C);
 *
 * N rows, C features. The variance is the biased one (divide by C), as in
 * PyTorch and BERT. eps is a parameter because BERT uses 1e-12 where
 * PyTorch's default is 1e-5. mean and rstd (N) are saved for backward.
 * Backward accumulates (+=). No function here can fail.
 */
#ifndef LAYERNORM_H
#define LAYERNORM_H

void layernorm_forward(float *out, float *mean, float *rstd, const float *inp,
                       const float *weight, const float *bias, int N, int C,
                       float eps);
void layernorm_backward(float *dinp, float *dweight, float *dbias,
                        const float *dout, const float *inp,
                        const float *weight, const float *mean,
                        const float *rstd, int N, int C);

#endif
