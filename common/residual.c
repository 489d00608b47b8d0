#include "residual.h"

#include "workspace.h"

void residual_forward(float *out, const float *a, const float *b, long n)
{
#pragma omp parallel for schedule(static) if (n >= PARALLEL_MIN_WORK)
    for (long i = 0; i < n; i++) out[i] = a[i] + b[i];
}

void residual_backward(float *da, float *db, const float *dout, long n)
{
#pragma omp parallel for schedule(static) if (n >= PARALLEL_MIN_WORK)
    for (long i = 0; i < n; i++) {
        da[i] += dout[i];
        db[i] += dout[i];
    }
}
