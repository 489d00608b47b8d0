#include "dropout.h"

#include "workspace.h"

#include <assert.h>
#include <stdint.h>
#ifdef _OPENMP
#include <omp.h>
#endif

/* A value is dropped when its uniform number in [0, 1), the top 24 bits
 * of a draw as rng_uniform makes it, falls below p. The draws are made a
 * chunk at a time, so that the loop applying them is plain arithmetic the
 * compiler can vectorise; the stream is the one rng_uniform would give. */
enum { DROPOUT_DRAWS = 512 };

/* Chunks c0 .. c1-1 of n values, drawing from r. */
static void drop_chunks(float *out, float *mask, const float *inp, float p,
                        long n, long c0, long c1, Rng *r)
{
    float keep = 1.0f / (1.0f - p), below = p * 16777216.0f; // p · 2^24
    uint32_t bits[DROPOUT_DRAWS];
    for (long c = c0; c < c1; c++) {
        long i0 = c * DROPOUT_DRAWS;
        long m = n - i0 < DROPOUT_DRAWS ? n - i0 : DROPOUT_DRAWS;
        rng_fill_u32(r, bits, m);
        for (long i = 0; i < m; i++) {
            mask[i0 + i] = (float)(bits[i] >> 8) < below ? 0.0f : keep;
            out[i0 + i] = inp[i0 + i] * mask[i0 + i];
        }
    }
}

/* Threads take runs of chunks. Each starts from the stream moved on past
 * the draws of the chunks before its own (rng_jump), so the mask is the
 * one a single thread would draw, and the stream ends n draws on. */
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
    long chunks = (n + DROPOUT_DRAWS - 1) / DROPOUT_DRAWS;
    Rng start = *rng;
    rng_jump(rng, n);
#pragma omp parallel if (n >= PARALLEL_MIN_WORK)
    {
        int t = 0, nt = 1;
#ifdef _OPENMP
        t = omp_get_thread_num(), nt = omp_get_num_threads();
#endif
        long c0 = chunks * t / nt, c1 = chunks * (t + 1) / nt;
        Rng r = start;
        rng_jump(&r, c0 * DROPOUT_DRAWS);
        drop_chunks(out, mask, inp, p, n, c0, c1, &r);
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
