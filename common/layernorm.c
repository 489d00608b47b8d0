#include "layernorm.h"

#include "mathvec.h"
#include "workspace.h"

#include <math.h>

//> layernorm-forward
void layernorm_forward(float *out, float *mean, float *rstd, const float *inp,
                       const float *weight, const float *bias, int N, int C,
                       float eps)
{
#pragma omp parallel for schedule(static) if ((long)N * C >= PARALLEL_MIN_WORK)
    for (int n = 0; n < N; n++) {
        const float *x = inp + (long)n * C;
        float *y = out + (long)n * C;
        // the sums run in eight lanes (mathvec), so that they vectorise
        float m = mathvec_sum(x, C) / C;
        for (int c = 0; c < C; c++) y[c] = x[c] - m;
        float v = mathvec_dot(y, y, C) / C;
        float s = 1.0f / sqrtf(v + eps);
        for (int c = 0; c < C; c++) y[c] = y[c] * s * weight[c] + bias[c];
        mean[n] = m;
        rstd[n] = s;
    }
}
//< layernorm-forward

//> layernorm-backward
/* Columns of dweight and dbias that a thread sums at a time. */
enum { LN_COLS = 16 };

void layernorm_backward(float *dinp, float *dweight, float *dbias,
                        const float *dout, const float *inp,
                        const float *weight, const float *mean,
                        const float *rstd, int N, int C)
{
    // xhat = (x - mean) · rstd;  y = xhat · weight + bias
    // dxhat = dy · weight, and through the mean and the variance:
    // dx = rstd · (dxhat - mean(dxhat) - xhat · mean(dxhat · xhat))
#pragma omp parallel for schedule(static) if ((long)N * C >= PARALLEL_MIN_WORK)
    for (int n = 0; n < N; n++) {
        const float *x = inp + (long)n * C;
        const float *dy = dout + (long)n * C;
        float *dx = dinp + (long)n * C;
        float *xhat = workspace_get(WORKSPACE_ROWS, 2L * C), *dxhat = xhat + C;
        // the row's mean and rstd in locals: the compiler cannot know that
        // the stores to xhat leave them alone, and would not vectorise
        float m = mean[n], s = rstd[n];
        for (int c = 0; c < C; c++) {
            xhat[c] = (x[c] - m) * s;
            dxhat[c] = dy[c] * weight[c];
        }
        float mean_dxhat = mathvec_sum(dxhat, C) / C;
        float mean_dxhat_xhat = mathvec_dot(dxhat, xhat, C) / C;
        for (int c = 0; c < C; c++)
            dx[c] += s * (dxhat[c] - mean_dxhat - xhat[c] * mean_dxhat_xhat);
    }
    // dbias = Σ_n dy, dweight = Σ_n dy · xhat: the threads share the
    // columns, and each column adds its rows in order
    int blocks = (C + LN_COLS - 1) / LN_COLS;
#pragma omp parallel for schedule(static) if ((long)N * C >= PARALLEL_MIN_WORK)
    for (int t = 0; t < blocks; t++) {
        int c0 = t * LN_COLS, w = C - c0 < LN_COLS ? C - c0 : LN_COLS;
        // the sums in locals, kept in registers across the rows
        float db[LN_COLS], dw[LN_COLS];
        for (int c = 0; c < w; c++) db[c] = dbias[c0 + c];
        for (int c = 0; c < w; c++) dw[c] = dweight[c0 + c];
        for (int n = 0; n < N; n++) {
            const float *x = inp + (long)n * C + c0;
            const float *dy = dout + (long)n * C + c0;
            float m = mean[n], s = rstd[n];
            for (int c = 0; c < w; c++) {
                db[c] += dy[c];
                dw[c] += dy[c] * ((x[c] - m) * s);
            }
        }
        for (int c = 0; c < w; c++) dbias[c0 + c] = db[c];
        for (int c = 0; c < w; c++) dweight[c0 + c] = dw[c];
    }
}
//< layernorm-backward
