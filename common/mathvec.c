#include "mathvec.h"

#include <math.h>
#include <stdint.h>
#include <string.h>
#ifdef __AVX2__
#ifdef __FMA__
#define MATHVEC_AVX2 1
#include <immintrin.h>
#endif
#endif

/* Every loop below is written twice: in plain C, the definition, and,
 * where the processor has AVX2 and FMA, with intrinsics that take the same
 * steps on eight floats at a time (the compiler does not vectorise the
 * plain loops by itself: fmaf and rintf stay calls to the C library, and
 * a float sum is not reordered without -ffast-math). The steps are the
 * same roundings in the same order, so both give the same bits. */
#define SET1 _mm256_set1_ps
#define FMA _mm256_fmadd_ps

enum { LANES = 8 };

float mathvec_max(const float *x, long n)
{
    float lane[LANES];
    for (int j = 0; j < LANES; j++) lane[j] = -INFINITY;
    long i = 0;
#ifdef MATHVEC_AVX2
    __m256 m8 = _mm256_loadu_ps(lane);
    for (; i + LANES <= n; i += LANES)
        m8 = _mm256_max_ps(_mm256_loadu_ps(x + i), m8);
    _mm256_storeu_ps(lane, m8);
#endif
    for (; i < n; i++) {
        float *l = &lane[i % LANES];
        *l = x[i] > *l ? x[i] : *l;
    }
    float max = -INFINITY;
    for (int j = 0; j < LANES; j++) max = lane[j] > max ? lane[j] : max;
    return max;
}

float mathvec_sum(const float *x, long n)
{
    float lane[LANES] = {0};
    long i = 0;
#ifdef MATHVEC_AVX2
    __m256 s8 = _mm256_setzero_ps();
    for (; i + LANES <= n; i += LANES)
        s8 = _mm256_add_ps(s8, _mm256_loadu_ps(x + i));
    _mm256_storeu_ps(lane, s8);
#endif
    for (; i < n; i++) lane[i % LANES] += x[i];
    float sum = 0.0f;
    for (int j = 0; j < LANES; j++) sum += lane[j];
    return sum;
}

float mathvec_dot(const float *x, const float *y, long n)
{
    float lane[LANES] = {0};
    long i = 0;
#ifdef MATHVEC_AVX2
    __m256 s8 = _mm256_setzero_ps();
    for (; i + LANES <= n; i += LANES)
        s8 = FMA(_mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i), s8);
    _mm256_storeu_ps(lane, s8);
#endif
    for (; i < n; i++) lane[i % LANES] = fmaf(x[i], y[i], lane[i % LANES]);
    float sum = 0.0f;
    for (int j = 0; j < LANES; j++) sum += lane[j];
    return sum;
}

#define LOG2E 1.44269504088896341f
#define LN2_HI 0.693145751953125f       /* ln 2 in 16 bits: n·LN2_HI exact */
#define LN2_LO 1.42860682030941723e-6f  /* ln 2 - LN2_HI */

/* The Taylor coefficients of exp(r), highest power first: 1/7!, ..., 1. */
static const float EXP_C[8] = {1.0f / 5040, 1.0f / 720, 1.0f / 120,
                               1.0f / 24,   1.0f / 6,   0.5f,
                               1.0f,        1.0f};

/* exp(x) = 2^n · exp(r) with n the integer nearest x·log2(e) and
 * r = x - n·ln 2 in [-0.35, 0.35], where the Taylor series of exp to r⁷
 * is exact to 6e-9. 2^n is built directly in the float's exponent bits. */
static inline float exp_poly(float x)
{
    float xc = x > -87.0f ? x : -87.0f;   // also maps NaN to -87, see end
    xc = xc < 88.0f ? xc : 88.0f;
    float n = rintf(xc * LOG2E);
    float r = fmaf(n, -LN2_HI, xc);
    r = fmaf(n, -LN2_LO, r);
    float p = EXP_C[0];
    for (int c = 1; c < 8; c++) p = fmaf(p, r, EXP_C[c]);
    int32_t bits = ((int32_t)n + 127) * (1 << 23);
    float scale;
    memcpy(&scale, &bits, sizeof scale);
    float y = p * scale;
    y = x < -87.0f ? 0.0f : y;
    return x == x ? y : x;
}

/* erfc(z) for z >= 0 as t·exp(-z² + P(t)) with t = 1 / (1 + z/2) and P a
 * polynomial of degree 9: the Chebyshev fit of Numerical Recipes (Press et
 * al., "erfcc"), relative error below 1.2e-7 for every z. Relative, so the
 * far tail of Φ keeps its digits too. Coefficients highest power first. */
static const float ERFC_C[10] = {
    0.17087277f,  -0.82215223f, 1.48851587f, -1.13520398f, 0.27886807f,
    -0.18628806f, 0.09678418f,  0.37409196f, 1.00002368f,  -1.26551223f};

static inline float erfc_poly(float z)
{
    float t = 1.0f / fmaf(0.5f, z, 1.0f);
    float p = ERFC_C[0];
    for (int c = 1; c < 10; c++) p = fmaf(p, t, ERFC_C[c]);
    return t * exp_poly(fmaf(-z, z, p));
}

#ifdef MATHVEC_AVX2
/* The vector forms take GROUP registers of eight values at once, each
 * step applied to all of them before the next. One polynomial is a chain
 * of some thirty dependent instructions; the processor can overlap only
 * a few such chains by itself, so four written side by side keep its
 * multiply-add units busy: GELU's Φ ran a third faster than one register
 * at a time, with the same bits. */
enum { GROUP = 4 };

static inline void exp_poly8(__m256 y[GROUP], const __m256 x[GROUP])
{
    __m256 n[GROUP], r[GROUP], p[GROUP];
    for (int u = 0; u < GROUP; u++) {
        __m256 xc = _mm256_min_ps(_mm256_max_ps(x[u], SET1(-87.0f)),
                                  SET1(88.0f));
        n[u] = _mm256_round_ps(_mm256_mul_ps(xc, SET1(LOG2E)),
                               _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        r[u] = FMA(n[u], SET1(-LN2_HI), xc);
        r[u] = FMA(n[u], SET1(-LN2_LO), r[u]);
        p[u] = SET1(EXP_C[0]);
    }
    for (int c = 1; c < 8; c++)
        for (int u = 0; u < GROUP; u++) p[u] = FMA(p[u], r[u], SET1(EXP_C[c]));
    for (int u = 0; u < GROUP; u++) {
        __m256i bits = _mm256_slli_epi32(
            _mm256_add_epi32(_mm256_cvtps_epi32(n[u]), _mm256_set1_epi32(127)),
            23);
        __m256 v = _mm256_mul_ps(p[u], _mm256_castsi256_ps(bits));
        __m256 under = _mm256_cmp_ps(x[u], SET1(-87.0f), _CMP_LT_OQ);
        v = _mm256_blendv_ps(v, _mm256_setzero_ps(), under);
        __m256 number = _mm256_cmp_ps(x[u], x[u], _CMP_EQ_OQ);
        y[u] = _mm256_blendv_ps(x[u], v, number);
    }
}

static inline void erfc_poly8(__m256 y[GROUP], const __m256 z[GROUP])
{
    __m256 t[GROUP], p[GROUP];
    for (int u = 0; u < GROUP; u++) {
        t[u] = _mm256_div_ps(SET1(1.0f), FMA(SET1(0.5f), z[u], SET1(1.0f)));
        p[u] = SET1(ERFC_C[0]);
    }
    for (int c = 1; c < 10; c++)
        for (int u = 0; u < GROUP; u++)
            p[u] = FMA(p[u], t[u], SET1(ERFC_C[c]));
    for (int u = 0; u < GROUP; u++)
        p[u] = _mm256_fnmadd_ps(z[u], z[u], p[u]);
    exp_poly8(p, p);
    for (int u = 0; u < GROUP; u++) y[u] = _mm256_mul_ps(t[u], p[u]);
}
#endif

void mathvec_exp(float *y, const float *x, float shift, long n)
{
    long i = 0;
#ifdef MATHVEC_AVX2
    for (; i + 8 * GROUP <= n; i += 8 * GROUP) {
        __m256 v[GROUP];
        for (int u = 0; u < GROUP; u++)
            v[u] = _mm256_sub_ps(_mm256_loadu_ps(x + i + 8 * u), SET1(shift));
        exp_poly8(v, v);
        for (int u = 0; u < GROUP; u++) _mm256_storeu_ps(y + i + 8 * u, v[u]);
    }
#endif
    for (; i < n; i++) y[i] = exp_poly(x[i] - shift);
}

#define INV_SQRT_2 0.70710678118654752f
#define INV_SQRT_2PI 0.39894228040143268f

void mathvec_normal(float *cdf, float *pdf, const float *x, long n)
{
    // Φ(x) = erfc(-x / √2) / 2, computed from |x| so the tail is exact
    long i = 0;
#ifdef MATHVEC_AVX2
    __m256 sign = SET1(-0.0f);
    for (; i + 8 * GROUP <= n; i += 8 * GROUP) {
        __m256 x8[GROUP], e[GROUP];
        for (int u = 0; u < GROUP; u++) {
            x8[u] = _mm256_loadu_ps(x + i + 8 * u);
            e[u] = _mm256_mul_ps(_mm256_andnot_ps(sign, x8[u]),
                                 SET1(INV_SQRT_2));
        }
        if (cdf) {
            erfc_poly8(e, e);
            for (int u = 0; u < GROUP; u++) {
                __m256 half = _mm256_mul_ps(SET1(0.5f), e[u]);
                __m256 neg = _mm256_cmp_ps(x8[u], _mm256_setzero_ps(),
                                           _CMP_LT_OQ);
                __m256 one_minus = _mm256_sub_ps(SET1(1.0f), half);
                _mm256_storeu_ps(cdf + i + 8 * u,
                                 _mm256_blendv_ps(one_minus, half, neg));
            }
        }
        if (!pdf) continue;
        for (int u = 0; u < GROUP; u++)
            e[u] = _mm256_mul_ps(_mm256_mul_ps(SET1(-0.5f), x8[u]), x8[u]);
        exp_poly8(e, e);
        for (int u = 0; u < GROUP; u++)
            _mm256_storeu_ps(pdf + i + 8 * u,
                             _mm256_mul_ps(SET1(INV_SQRT_2PI), e[u]));
    }
#endif
    for (; i < n; i++) {
        if (cdf) {
            float half = 0.5f * erfc_poly(fabsf(x[i]) * INV_SQRT_2);
            cdf[i] = x[i] < 0.0f ? half : 1.0f - half;
        }
        if (pdf) {
            float h = -0.5f * x[i];
            pdf[i] = INV_SQRT_2PI * exp_poly(h * x[i]);
        }
    }
}
