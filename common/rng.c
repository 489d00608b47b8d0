#include "rng.h"

#include <math.h>

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

void rng_seed(Rng *rng, uint64_t seed)
{
    uint64_t x = seed;
    uint64_t a = splitmix64(&x), b = splitmix64(&x);
    rng->s[0] = (uint32_t)a;
    rng->s[1] = (uint32_t)(a >> 32);
    rng->s[2] = (uint32_t)b;
    rng->s[3] = (uint32_t)(b >> 32);
}

static uint32_t rotl(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }

uint32_t rng_u32(Rng *rng)
{
    uint32_t *s = rng->s;
    uint32_t result = rotl(s[1] * 5, 7) * 9;
    uint32_t t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
}

void rng_fill_u32(Rng *rng, uint32_t *x, long n)
{
    Rng r = *rng; // a copy the stores to x cannot alias: it stays in registers
    for (long i = 0; i < n; i++) x[i] = rng_u32(&r);
    *rng = r;
}

float rng_uniform(Rng *rng)
{
    return (float)(rng_u32(rng) >> 8) * (1.0f / 16777216.0f);
}

int rng_int(Rng *rng, int n)
{
    /* Rejection sampling: drop the few values that would make low numbers
     * more likely than high ones. */
    uint32_t limit = UINT32_MAX - UINT32_MAX % (uint32_t)n;
    uint32_t r;
    do {
        r = rng_u32(rng);
    } while (r >= limit);
    return (int)(r % (uint32_t)n);
}

float rng_normal(Rng *rng, float mean, float std)
{
    /* Box-Muller; 1 - u keeps the logarithm's argument in (0, 1]. */
    float u1 = 1.0f - rng_uniform(rng);
    float u2 = rng_uniform(rng);
    float z = sqrtf(-2.0f * logf(u1)) * cosf(6.28318530718f * u2);
    return mean + std * z;
}

float rng_truncated_normal(Rng *rng, float mean, float std)
{
    for (;;) {
        float x = rng_normal(rng, 0.0f, 1.0f);
        if (x >= -2.0f && x <= 2.0f) return mean + std * x;
    }
}

void rng_fill_normal(Rng *rng, float *x, long n, float mean, float std)
{
    for (long i = 0; i < n; i++) x[i] = rng_normal(rng, mean, std);
}

void rng_fill_uniform(Rng *rng, float *x, long n, float lo, float hi)
{
    for (long i = 0; i < n; i++) x[i] = lo + (hi - lo) * rng_uniform(rng);
}

void rng_shuffle_int(Rng *rng, int *a, int n)
{
    for (int i = n - 1; i > 0; i--) {
        int j = rng_int(rng, i + 1);
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
