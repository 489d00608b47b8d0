#include "adamw.h"

#include "workspace.h"

#include <math.h>
#if defined(__AVX2__) && defined(__FMA__)
#define ADAMW_AVX2 1
#include <immintrin.h>
#endif

AdamW adamw_bert_defaults(void)
{
    AdamW opt = {0.9f, 0.999f, 1e-6f, 0.01f};
    return opt;
}

/* adamw_range below with AVX2 intrinsics, eight elements at a time, from
 * i0 for as long as eight remain; returns where it stopped. The plain loop
 * is not vectorised by the compiler (sqrtf must set errno for a negative
 * argument), so the same steps are spelled out here, each rounding as
 * there, and the two give the same bits. */
static long adamw_range8(float *param, const float *grad, float *m, float *v,
                         long i0, long i1, const AdamW *opt, float lr,
                         float wd)
{
    long i = i0;
#ifdef ADAMW_AVX2
    __m256 b1 = _mm256_set1_ps(opt->beta1);
    __m256 c1 = _mm256_set1_ps(1.0f - opt->beta1);
    __m256 b2 = _mm256_set1_ps(opt->beta2);
    __m256 c2 = _mm256_set1_ps(1.0f - opt->beta2);
    __m256 eps = _mm256_set1_ps(opt->eps), wd8 = _mm256_set1_ps(wd);
    __m256 nlr = _mm256_set1_ps(-lr);
    for (; i + 8 <= i1; i += 8) {
        __m256 g = _mm256_loadu_ps(grad + i), p = _mm256_loadu_ps(param + i);
        __m256 mi = _mm256_fmadd_ps(b1, _mm256_loadu_ps(m + i),
                                    _mm256_mul_ps(c1, g));
        __m256 gg = _mm256_mul_ps(_mm256_mul_ps(c2, g), g);
        __m256 vi = _mm256_fmadd_ps(b2, _mm256_loadu_ps(v + i), gg);
        __m256 den = _mm256_add_ps(_mm256_sqrt_ps(vi), eps);
        __m256 up = _mm256_fmadd_ps(wd8, p, _mm256_div_ps(mi, den));
        _mm256_storeu_ps(m + i, mi);
        _mm256_storeu_ps(v + i, vi);
        _mm256_storeu_ps(param + i, _mm256_fmadd_ps(nlr, up, p));
    }
#else
    (void)param, (void)grad, (void)m, (void)v, (void)i1, (void)opt;
    (void)lr, (void)wd;
#endif
    return i;
}

//> adamw-update
/* Elements i0 .. i1-1. Each multiply-add is rounded once (fmaf), so the
 * vector path above can take exactly the same steps. */
static void adamw_range(float *param, const float *grad, float *m, float *v,
                        long i0, long i1, const AdamW *opt, float lr, float wd)
{
    float b1 = opt->beta1, b2 = opt->beta2;
    for (long i = adamw_range8(param, grad, m, v, i0, i1, opt, lr, wd);
         i < i1; i++) {
        float g = grad[i];
        m[i] = fmaf(b1, m[i], (1.0f - b1) * g);         // β1·m + (1-β1)·g
        v[i] = fmaf(b2, v[i], (1.0f - b2) * g * g);     // β2·v + (1-β2)·g²
        float update = fmaf(wd, param[i], m[i] / (sqrtf(v[i]) + opt->eps));
        param[i] = fmaf(-lr, update, param[i]);         // param -= lr·update
    }
}

/* Every element on its own, so threads may share them in any way without
 * changing a bit. */
enum { ADAMW_CHUNK = 4096 };

void adamw_update(float *param, const float *grad, float *m, float *v, long n,
                  const AdamW *opt, float lr, int decay)
{
    float wd = decay ? opt->weight_decay : 0.0f;
    long chunks = (n + ADAMW_CHUNK - 1) / ADAMW_CHUNK;
#pragma omp parallel for schedule(static) if (n >= PARALLEL_MIN_WORK / 8)
    for (long k = 0; k < chunks; k++) {
        long i0 = k * ADAMW_CHUNK;
        long i1 = n - i0 < ADAMW_CHUNK ? n : i0 + ADAMW_CHUNK;
        adamw_range(param, grad, m, v, i0, i1, opt, lr, wd);
    }
}
//< adamw-update

/* x[0]² + ... + x[n-1]² in double, where a float's square is exact. The
 * squares go into eight lanes (x[i] into lane i % 8), added up in a fixed
 * order at the end, so the sum can use vector instructions. */
static double sum_squares(const float *x, long n)
{
    double lane[8] = {0};
    long i = 0;
#ifdef ADAMW_AVX2
    __m256d s0 = _mm256_setzero_pd(), s1 = _mm256_setzero_pd();
    for (; i + 8 <= n; i += 8) {
        __m256d x0 = _mm256_cvtps_pd(_mm_loadu_ps(x + i));
        __m256d x1 = _mm256_cvtps_pd(_mm_loadu_ps(x + i + 4));
        s0 = _mm256_fmadd_pd(x0, x0, s0);
        s1 = _mm256_fmadd_pd(x1, x1, s1);
    }
    _mm256_storeu_pd(lane, s0);
    _mm256_storeu_pd(lane + 4, s1);
#endif
    for (; i < n; i++) lane[i % 8] += (double)x[i] * x[i];
    double sum = 0.0;
    for (int j = 0; j < 8; j++) sum += lane[j];
    return sum;
}

/* A tensor is summed in pieces of NORM_PIECE floats, on every thread; the
 * pieces' sums are added in the order of the pieces (`ordered`), so the
 * norm is the same whatever the number of threads. */
enum { NORM_PIECE = 1 << 14 };

float grad_clip_global_norm(float *const *grads, const long *sizes, int count,
                            float max_norm)
{
    double sum = 0.0;
    for (int t = 0; t < count; t++) {
        const float *g = grads[t];
        long n = sizes[t], pieces = (n + NORM_PIECE - 1) / NORM_PIECE;
#pragma omp parallel for ordered schedule(static, 1) if (pieces > 1)
        for (long k = 0; k < pieces; k++) {
            long i0 = k * NORM_PIECE;
            double part = sum_squares(g + i0, n - i0 < NORM_PIECE ? n - i0
                                                                 : NORM_PIECE);
#pragma omp ordered
            sum += part;
        }
    }
    float norm = (float)sqrt(sum);
    if (norm > max_norm) {
        float s = max_norm / norm;
        for (int t = 0; t < count; t++) {
            float *g = grads[t];
#pragma omp parallel for schedule(static) if (sizes[t] >= PARALLEL_MIN_WORK)
            for (long i = 0; i < sizes[t]; i++) g[i] *= s;
        }
    }
    return norm;
}

//> lr-schedule
float lr_schedule(int step, int warmup, int total, float peak)
{
    if (step < warmup) return peak * (float)(step + 1) / (float)warmup;
    if (step >= total) return 0.0f;
    return peak * (float)(total - step) / (float)(total - warmup);
}
//< lr-schedule
