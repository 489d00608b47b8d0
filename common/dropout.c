#include "dropout.h"

#include "workspace.h"

#include <assert.h>
#include <stdint.h>

/* A value is dropped when its uniform number in [0, 1), the top 24 bits
 * of a draw as rng_uniform makes it, falls below p. The draws are made a
 * chunk at a time, so that the loop applying them is plain arithmetic the
 * compiler can vectorise; the stream is the one rng_uniform would give. */
enum { DROPOUT_DRAWS = 512 };

void dropout_forward(float *out, float *mask, const float *inp, float p,
                     long n, Rng *rng)
{
    assert(p >= 0.0f && p < 1.0f);
    if (p == 0.0f) { // evaluation: the identity, and no draw
        for (long i = 0; i < n; i++) {
            mask[i] = 1.0f;
            out[i] = inp[i];
        }
        return;
    }
    float keep = 1.0f / (1.0f - p), below = p * 16777216.0f; // p · 2^24
    uint32_t bits[DROPOUT_DRAWS];
    for (long i0 = 0; i0 < n; i0 += DROPOUT_DRAWS) {
        long m = n - i0 < DROPOUT_DRAWS ? n - i0 : DROPOUT_DRAWS;
        rng_fill_u32(rng, bits, m);
        for (long i = 0; i < m; i++) {
            mask[i0 + i] = (float)(bits[i] >> 8) < below ? 0.0f : keep;
            out[i0 + i] = inp[i0 + i] * mask[i0 + i];
        }
    }
}

void dropout_backward(float *dinp, const float *mask, const float *dout,
                      long n)
{
#pragma omp parallel for schedule(static) if (n >= PARALLEL_MIN_WORK)
    for (long i = 0; i < n; i++) dinp[i] += dout[i] * mask[i];
}

void dropout_backward_inplace(float *d, const float *mask, long n)
{
#pragma omp parallel for schedule(static) if (n >= PARALLEL_MIN_WORK)
    for (long i = 0; i < n; i++) d[i] *= mask[i];
}
