/* rng: a small seeded random generator that gives the same numbers on every
 * machine and compiler.
 *
 *     Rng rng;
 *     rng_seed(&rng, 42);
 *     float u = rng_uniform(&rng);          // [0, 1)
 *     float g = rng_normal(&rng, 0, 0.02f);  // Gaussian
 *     int   k = rng_int(&rng, 10);           // 0..9
 *     rng_shuffle_int(&rng, order, n);
 *
 * The core is SplitMix64 to spread the seed and xoshiro128** for the stream
 * (Blackman and Vigna, 2018): only integer arithmetic, so the sequence does
 * not depend on the compiler. Floats are built from the top 24 bits, and
 * the Gaussian uses Box-Muller with the C library's logf/cosf, which are
 * correctly rounded enough on glibc that every run here is identical.
 * There is no hidden global state: all randomness flows from an explicit Rng
 * (rng_jump keeps tables of constants, built on first use and shared; any
 * thread may call it).
 */
#ifndef RNG_H
#define RNG_H

#include <stdint.h>

typedef struct {
    uint32_t s[4];
} Rng;

void rng_seed(Rng *rng, uint64_t seed);
uint32_t rng_u32(Rng *rng);
void rng_fill_u32(Rng *rng, uint32_t *x, long n); /* n draws of rng_u32 */
/* Eight streams side by side: row l of x (x + l*ldx) gets n draws of
 * r[l], the ones rng_fill_u32(&r[l], ...) would give, several times
 * faster where the processor has AVX2 (the streams run in the eight lanes
 * of a vector register). */
void rng_fill_u32_x8(Rng r[8], uint32_t *x, long ldx, long n);
/* The state n draws of rng_u32 later (n >= 0), in a few microseconds
 * whatever n is: threads can each start at their own part of one stream
 * and draw exactly the numbers one thread would. */
void rng_jump(Rng *rng, long n);
float rng_uniform(Rng *rng);                 /* [0, 1) */
int rng_int(Rng *rng, int n);                /* 0 .. n-1, n > 0, unbiased */
float rng_normal(Rng *rng, float mean, float std);
/* Normal(mean, std) redrawn until within 2 std of the mean, as
 * google-research BERT initialises its weights. */
float rng_truncated_normal(Rng *rng, float mean, float std);
void rng_fill_normal(Rng *rng, float *x, long n, float mean, float std);
void rng_fill_uniform(Rng *rng, float *x, long n, float lo, float hi);
void rng_shuffle_int(Rng *rng, int *a, int n);  /* Fisher-Yates */

#endif
