#include "rng.h"

#include <assert.h>
#include <math.h>
#if defined(__AVX2__)
#include <immintrin.h>
#endif

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

/* One step of the state; the output is made from the state before it. */
static void advance(uint32_t *s)
{
    uint32_t t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
}

uint32_t rng_u32(Rng *rng)
{
    uint32_t result = rotl(rng->s[1] * 5, 7) * 9;
    advance(rng->s);
    return result;
}

//> rng-jump
/* A step only shifts, rotates and exclusive-ors the 128 bits of the state:
 * it is a linear map over bits (0 and 1, with xor for +), a 128 x 128
 * matrix. Jumping 2^k steps is that matrix to the power 2^k, got by k
 * squarings; jumping n steps multiplies the powers for the 1-bits of n.
 * A matrix is kept as its columns: jump[k][j] is where 2^k steps take the
 * state with only bit j set, and a state goes where the xor of the columns
 * of its 1-bits go. */
enum { JUMP_LEVELS = 63 };

static uint32_t jump[JUMP_LEVELS][128][4];
static int jump_built;   // levels 0 .. jump_built-1 are ready

/* out = the matrix `cols` applied to the state s. Bit j of s picks column
 * j through a mask of all ones or all zeros rather than a branch, which
 * the processor could not predict (the bits are random). */
static void apply(uint32_t *out, uint32_t cols[128][4], const uint32_t *s)
{
    uint32_t r[4] = {0, 0, 0, 0};
    for (int j = 0; j < 128; j++) {
        uint32_t take = 0u - (s[j / 32] >> (j % 32) & 1);
        for (int w = 0; w < 4; w++) r[w] ^= cols[j][w] & take;
    }
    for (int w = 0; w < 4; w++) out[w] = r[w];
}

static void build_jumps(int levels)
{
    for (; jump_built < levels; jump_built++) {
        int k = jump_built;
        for (int j = 0; j < 128; j++) {
            if (k == 0) { // one step of each single bit
                for (int w = 0; w < 4; w++) jump[0][j][w] = 0;
                jump[0][j][j / 32] = 1u << (j % 32);
                advance(jump[0][j]);
            } else { // 2^k steps: 2^(k-1) steps twice
                apply(jump[k][j], jump[k - 1], jump[k - 1][j]);
            }
        }
    }
}

void rng_jump(Rng *rng, long n)
{
    assert(n >= 0);
    int levels = 0;
    while (levels < JUMP_LEVELS && n >> levels) levels++;
#pragma omp critical(rng_jump_tables)
    build_jumps(levels);
    for (int k = 0; k < levels; k++)
        if (n >> k & 1) apply(rng->s, jump[k], rng->s);
}
//< rng-jump

void rng_fill_u32(Rng *rng, uint32_t *x, long n)
{
    Rng r = *rng; // a copy the stores to x cannot alias: it stays in registers
    for (long i = 0; i < n; i++) x[i] = rng_u32(&r);
    *rng = r;
}

#if defined(__AVX2__)
static __m256i rotl8(__m256i x, int k)
{
    return _mm256_or_si256(_mm256_slli_epi32(x, k),
                           _mm256_srli_epi32(x, 32 - k));
}

/* v[0..7] are eight rows of eight; on return v[l] holds what was column l
 * of them. Pairs of rows interleave, then pairs of pairs, then halves. */
static void transpose8x8(__m256i v[8])
{
    __m256i t[8], u[8];
    for (int j = 0; j < 8; j += 2) {
        t[j] = _mm256_unpacklo_epi32(v[j], v[j + 1]);
        t[j + 1] = _mm256_unpackhi_epi32(v[j], v[j + 1]);
    }
    for (int j = 0; j < 8; j += 4) {
        u[j] = _mm256_unpacklo_epi64(t[j], t[j + 2]);
        u[j + 1] = _mm256_unpackhi_epi64(t[j], t[j + 2]);
        u[j + 2] = _mm256_unpacklo_epi64(t[j + 1], t[j + 3]);
        u[j + 3] = _mm256_unpackhi_epi64(t[j + 1], t[j + 3]);
    }
    for (int j = 0; j < 4; j++) {
        v[j] = _mm256_permute2x128_si256(u[j], u[j + 4], 0x20);
        v[j + 4] = _mm256_permute2x128_si256(u[j], u[j + 4], 0x31);
    }
}
#endif

/* With AVX2, lane l of each of four registers holds word w of stream l's
 * state, and one pass of the loop makes eight draws of all eight streams:
 * rng_u32's steps, eight at a time. The eight draws of a stream end up in
 * one register after a transposition, and are stored in its row. */
void rng_fill_u32_x8(Rng r[8], uint32_t *x, long ldx, long n)
{
    long i = 0;
#if defined(__AVX2__)
    __m256i s[4];
    for (int w = 0; w < 4; w++)
        s[w] = _mm256_setr_epi32((int)r[0].s[w], (int)r[1].s[w],
                                 (int)r[2].s[w], (int)r[3].s[w],
                                 (int)r[4].s[w], (int)r[5].s[w],
                                 (int)r[6].s[w], (int)r[7].s[w]);
    const __m256i five = _mm256_set1_epi32(5), nine = _mm256_set1_epi32(9);
    for (; i + 8 <= n; i += 8) {
        __m256i v[8];
        for (int q = 0; q < 8; q++) {
            v[q] = _mm256_mullo_epi32(
                rotl8(_mm256_mullo_epi32(s[1], five), 7), nine);
            __m256i t = _mm256_slli_epi32(s[1], 9);
            s[2] = _mm256_xor_si256(s[2], s[0]);
            s[3] = _mm256_xor_si256(s[3], s[1]);
            s[1] = _mm256_xor_si256(s[1], s[2]);
            s[0] = _mm256_xor_si256(s[0], s[3]);
            s[2] = _mm256_xor_si256(s[2], t);
            s[3] = rotl8(s[3], 11);
        }
        transpose8x8(v);
        for (int l = 0; l < 8; l++)
            _mm256_storeu_si256((__m256i *)(x + l * ldx + i), v[l]);
    }
    uint32_t w4[4][8];
    for (int w = 0; w < 4; w++) _mm256_storeu_si256((__m256i *)w4[w], s[w]);
    for (int l = 0; l < 8; l++)
        for (int w = 0; w < 4; w++) r[l].s[w] = w4[w][l];
#endif
    for (int l = 0; l < 8; l++) rng_fill_u32(&r[l], x + l * ldx + i, n - i);
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
