#include "activation.h"

#include "workspace.h"

#include <math.h>

#define INV_SQRT_2 0.70710678118654752f
#define INV_SQRT_2PI 0.39894228040143268f

//> gelu
void gelu_forward(float *out, const float *inp, long n)
{
#pragma omp parallel for schedule(static) if (n * 16 >= PARALLEL_MIN_WORK)
    for (long i = 0; i < n; i++) {
        float x = inp[i];
        out[i] = 0.5f * x * (1.0f + erff(x * INV_SQRT_2));
    }
}

void gelu_backward(float *dinp, const float *inp, const float *dout, long n)
{
    // d/dx [x · Φ(x)] = Φ(x) + x · φ(x), with φ the normal density
#pragma omp parallel for schedule(static) if (n * 16 >= PARALLEL_MIN_WORK)
    for (long i = 0; i < n; i++) {
        float x = inp[i];
        float cdf = 0.5f * (1.0f + erff(x * INV_SQRT_2));
        float pdf = INV_SQRT_2PI * expf(-0.5f * x * x);
        dinp[i] += dout[i] * (cdf + x * pdf);
    }
}
//< gelu

void tanh_forward(float *out, const float *inp, long n)
{
    for (long i = 0; i < n; i++) out[i] = tanhf(inp[i]);
}

void tanh_backward(float *dinp, const float *out, const float *dout, long n)
{
    // out = tanh(x), so dx = dout · (1 - out²)
    for (long i = 0; i < n; i++) dinp[i] += dout[i] * (1.0f - out[i] * out[i]);
}
