#include "dropout.h"

#include <assert.h>

void dropout_forward(float *out, float *mask, const float *inp, float p,
                     long n, Rng *rng)
{
    assert(p >= 0.0f && p < 1.0f);
    float keep = 1.0f / (1.0f - p);
    for (long i = 0; i < n; i++) {
        mask[i] = p > 0.0f && rng_uniform(rng) < p ? 0.0f : keep;
        out[i] = inp[i] * mask[i];
    }
}

void dropout_backward(float *dinp, const float *mask, const float *dout,
                      long n)
{
    for (long i = 0; i < n; i++) dinp[i] += dout[i] * mask[i];
}

void dropout_backward_inplace(float *d, const float *mask, long n)
{
    for (long i = 0; i < n; i++) d[i] *= mask[i];
}
