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

/* Chunk c of n values, from its draws. */
static void drop_chunk(float *out, float *mask, const float *inp, float p,
                       long n, long c, const uint32_t *bits)
{
    float keep = 1.0f / (1.0f - p), below = p * 16777216.0f; // p · 2^24
    long i0 = c * DROPOUT_DRAWS;
    long m = n - i0 < DROPOUT_DRAWS ? n - i0 : DROPOUT_DRAWS;
    for (long i = 0; i < m; i++) {
        // below 2^24, so a signed int holds it and converts exactly
        mask[i0 + i] = (float)(int32_t)(bits[i] >> 8) < below ? 0.0f : keep;
        out[i0 + i] = inp[i0 + i] * mask[i0 + i];
    }
}

/* Chunks c0 .. c1-1 of n values, drawing from r. The way threads share a
 * stream works inside one thread too: eight lanes each take a run of
 * `per` chunks, lane l starting from r moved on past the chunks of the
 * lanes before it, and rng_fill_u32_x8 draws for all eight at once. */
static void drop_chunks(float *out, float *mask, const float *inp, float p,
                        long n, long c0, long c1, const Rng *r)
{
    long per = (c1 - c0 + 7) / 8;
    Rng lane[8];
    lane[0] = *r;
    for (int l = 1; l < 8; l++) {
        lane[l] = lane[l - 1];
        rng_jump(&lane[l], per * DROPOUT_DRAWS);
    }
    uint32_t bits[8][DROPOUT_DRAWS];
    for (long k = 0; k < per; k++) {
        rng_fill_u32_x8(lane, bits[0], DROPOUT_DRAWS, DROPOUT_DRAWS);
        for (int l = 0; l < 8 && c0 + l * per + k < c1; l++)
            drop_chunk(out, mask, inp, p, n, c0 + l * per + k, bits[l]);
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
