#include "layernorm.h"

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
        float m = 0.0f;
        for (int c = 0; c < C; c++) m += x[c];
        m /= C;
        float v = 0.0f;
        for (int c = 0; c < C; c++) v += (x[c] - m) * (x[c] - m);
        v /= C;
        float s = 1.0f / sqrtf(v + eps);
        for (int c = 0; c < C; c++)
            y[c] = (x[c] - m) * s * weight[c] + bias[c];
        mean[n] = m;
        rstd[n] = s;
    }
}
//< layernorm-forward

//> layernorm-backward
void layernorm_backward(float *dinp, float *dweight, float *dbias,
                        const float *dout, const float *inp,
                        const float *weight, const float *mean,
                        const float *rstd, int N, int C)
{
    for (int n = 0; n < N; n++) {
        const float *x = inp + (long)n * C;
        const float *dy = dout + (long)n * C;
        float *dx = dinp + (long)n * C;
        // xhat = (x - mean) · rstd;  y = xhat · weight + bias
        // dxhat = dy · weight, and through the mean and the variance:
        // dx = rstd · (dxhat - mean(dxhat) - xhat · mean(dxhat · xhat))
        float mean_dxhat = 0.0f, mean_dxhat_xhat = 0.0f;
        for (int c = 0; c < C; c++) {
            float xhat = (x[c] - mean[n]) * rstd[n];
            float dxhat = dy[c] * weight[c];
            mean_dxhat += dxhat;
            mean_dxhat_xhat += dxhat * xhat;
        }
        mean_dxhat /= C;
        mean_dxhat_xhat /= C;
        for (int c = 0; c < C; c++) {
            float xhat = (x[c] - mean[n]) * rstd[n];
            float dxhat = dy[c] * weight[c];
            dbias[c] += dy[c];
            dweight[c] += dy[c] * xhat;
            dx[c] += rstd[n] * (dxhat - mean_dxhat - xhat * mean_dxhat_xhat);
        }
    }
}
//< layernorm-backward
