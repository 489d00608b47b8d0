/* matmul: the linear layer y = x Wᵀ + b, forward and backward.
 *
 *     // inp (N, C), weight (OC, C) as nn.Linear stores it, bias (OC) or NULL
 *     matmul_forward(out, inp, weight, bias, N, C, OC);        // out (N, OC)
 *     matmul_backward(dinp, dweight, dbias, dout, inp, weight, N, C, OC);
 *
 * Dimension letters: N rows (batch × tokens), C input features, OC output
 * features.
 *
 * Two faces with the same results. matmul_forward_reference is the loop a
 * reader checks by eye: one dot product per output. matmul_forward is the
 * fast path: it keeps a 6 × 16 tile of the output in registers across the
 * whole of C, so every weight it loads feeds six rows. Both add the
 * products in the same order with fmaf (a multiply-add rounded once), so
 * they give the same bits; the fast path splits its work between OpenMP
 * threads by whole tiles of the output (runs of rows, or panels of
 * columns), never inside one sum, so 1 thread, 2 threads and no OpenMP
 * give the same bits too. Backward accumulates (+=) into the
 * gradients. No function here can fail.
 */
#ifndef MATMUL_H
#define MATMUL_H

void matmul_forward_reference(float *out, const float *inp,
                              const float *weight, const float *bias, int N,
                              int C, int OC);
void matmul_forward(float *out, const float *inp, const float *weight,
                    const float *bias, int N, int C, int OC);
/* dinp (N, C), dweight (OC, C), dbias (OC) or NULL: all += */
void matmul_backward(float *dinp, float *dweight, float *dbias,
                     const float *dout, const float *inp, const float *weight,
                     int N, int C, int OC);
/* The product underneath, for other kernels (attention): C (M, N) +=
 * A (M, K) · B (K, N), where A[i][k] is a[i*ars + k*acs], B[k][j] is
 * b[k*brs + j*bcs] and C[i][j] is c[i*ldc + j]; a transposed operand is
 * just other strides. Inside an OpenMP parallel loop it runs on the calling
 * thread alone (it starts no team of its own), so it can serve per-head
 * work. */
void matmul_strided(float *c, long ldc, const float *a, long ars, long acs,
                    const float *b, long brs, long bcs, int M, int N, int K);

#endif
