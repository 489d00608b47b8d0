#include "activation.h"

#include "mathvec.h"
#include "workspace.h"

#include <math.h>
#include <stddef.h>

//> gelu
/* GELU(x) = x · Φ(x) = 0.5 · x · (1 + erf(x / √2)), with Φ the standard
 * normal distribution function. mathvec computes Φ (and its density φ for
 * backward) a chunk at a time, eight values at once where it can. */
enum { GELU_CHUNK = 256 };

void gelu_forward(float *out, float *cdf, const float *inp, long n)
{
    long chunks = (n + GELU_CHUNK - 1) / GELU_CHUNK;
#pragma omp parallel for schedule(static) if (n * 4 >= PARALLEL_MIN_WORK)
    for (long k = 0; k < chunks; k++) {
        long i0 = k * GELU_CHUNK;
        long m = n - i0 < GELU_CHUNK ? n - i0 : GELU_CHUNK;
        float local[GELU_CHUNK], *cdf_i = cdf ? cdf + i0 : local;
        mathvec_normal(cdf_i, NULL, inp + i0, m);
        for (long i = 0; i < m; i++) out[i0 + i] = inp[i0 + i] * cdf_i[i];
    }
}

void gelu_backward(float *dinp, const float *inp, const float *cdf,
                   const float *dout, long n)
{
    // d/dx [x · Φ(x)] = Φ(x) + x · φ(x); Φ kept by the forward saves the
    // dearer half of the work
    long chunks = (n + GELU_CHUNK - 1) / GELU_CHUNK;
#pragma omp parallel for schedule(static) if (n * 4 >= PARALLEL_MIN_WORK)
    for (long k = 0; k < chunks; k++) {
        long i0 = k * GELU_CHUNK;
        long m = n - i0 < GELU_CHUNK ? n - i0 : GELU_CHUNK;
        float local[GELU_CHUNK], pdf[GELU_CHUNK];
        const float *cdf_i = cdf ? cdf + i0 : local;
        mathvec_normal(cdf ? NULL : local, pdf, inp + i0, m);
        for (long i = 0; i < m; i++)
            dinp[i0 + i] += dout[i0 + i] * (cdf_i[i] + inp[i0 + i] * pdf[i]);
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
