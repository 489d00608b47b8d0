/* mathvec: exp and the normal distribution over whole arrays, fast enough
 * for softmax, GELU and LayerNorm.
 *
 *     float max = mathvec_max(x, n), sum = mathvec_sum(x, n);
 *     float dot = mathvec_dot(x, y, n);      // Σ x[i] · y[i]
 *     mathvec_exp(p, x, max, n);             // p[i] = exp(x[i] - max)
 *     mathvec_normal(cdf, pdf, x, n);        // Φ(x[i]) and φ(x[i])
 *
 * The C library's expf and erff are exact to the last bit but run one
 * value at a time through branches; these are short polynomials written
 * as plain loops of multiply-adds (fmaf, rounded once), which the compiler
 * turns into vector instructions, eight values at a time with AVX2. They
 * give the same bits with or without vectors and whatever the thread
 * count, since each value is computed on its own. The sums run in eight
 * interleaved lanes (x[i] joins lane i % 8), added up in a fixed order at
 * the end: a float sum one value after another cannot use vectors.
 *
 * Accuracy: exp within 2 units in the last place; Φ within 2e-7, and for
 * |x| < 4 within 2e-6 of its value, like φ (further out both lose digits
 * to the rounding of x², as expf(-x * x / 2) does). exp(-inf) and any exp
 * below e^-87 are 0; a NaN stays NaN. No function can fail.
 */
#ifndef MATHVEC_H
#define MATHVEC_H

/* The largest x[i] (-inf for n = 0), and the sum of the x[i]. */
float mathvec_max(const float *x, long n);
float mathvec_sum(const float *x, long n);
/* The sum of the x[i] · y[i], each product added with one rounding. */
float mathvec_dot(const float *x, const float *y, long n);
/* y[i] = exp(x[i] - shift); y may equal x. Meant for x - shift <= 88. */
void mathvec_exp(float *y, const float *x, float shift, long n);
/* cdf[i] = Φ(x[i]), the standard normal distribution function, and
 * pdf[i] = φ(x[i]) = exp(-x²/2) / √(2π), its density; either may be NULL
 * (not wanted). */
void mathvec_normal(float *cdf, float *pdf, const float *x, long n);

#endif
