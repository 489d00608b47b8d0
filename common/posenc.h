/* posenc: the sinusoidal positional encoding of "Attention Is All You
 * Need" (Vaswani et al., 2017, section 3.5), and the two facts that make it
 * work: a shift by k positions is one fixed linear map, and the dot product
 * of two positions depends only on how far apart they are.
 *
 *     float *pe = malloc(sizeof(float) * T * C);     // (T, C)
 *     if (posenc_table(pe, T, C) != 0) ... error_message()
 *     // token t gets row t added, like BERT's learned position table
 *     embedding_forward(x, positions, pe, T, C);     // positions 0..T-1
 *
 *     float *m = malloc(sizeof(float) * C * C);      // (C, C)
 *     posenc_shift_matrix(m, k, C);                  // PE(p + k) = M PE(p)
 *
 * Dimension letters: T positions, C model size (d_model), even.
 * Row p of the table is PE(p): PE(p)[2i] = sin(p ω_i) and
 * PE(p)[2i+1] = cos(p ω_i) with ω_i = 10000^(-2i/C), i = 0 .. C/2 - 1, so
 * the wavelengths 2π/ω_i run from 2π up to nearly 10000 · 2π positions.
 * Values are computed in double and rounded once to float.
 *
 * The shift matrix is block diagonal: the pair (2i, 2i+1) is turned by the
 * angle k ω_i, the rows (cos kω, sin kω) and (-sin kω, cos kω); every
 * other entry is 0. It does not depend on p, which is why a model can
 * learn "k tokens to the left" once for all positions. Since the pairs are
 * sin and cos of the same angle, PE(p) · PE(p + k) = Σ_i cos(k ω_i), the
 * same for every p: posenc_distance_dot gives it (C/2 when k = 0).
 *
 * Error contract: the int functions return 0, or -1 with error_message()
 * when C is not a positive even number or T is negative.
 */
#ifndef POSENC_H
#define POSENC_H

#define POSENC_BASE 10000.0  /* the 10000 of the paper */

/* ω_i = POSENC_BASE^(-2i/C), the angle per position of pair i. */
double posenc_frequency(int i, int C);
/* pe (T, C): rows PE(0) .. PE(T-1). */
int posenc_table(float *pe, int T, int C);
/* m (C, C): the matrix with M PE(p) = PE(p + k) for every p; k may be
 * negative. */
int posenc_shift_matrix(float *m, int k, int C);
/* Σ_i cos(k ω_i) = PE(p) · PE(p + k) for any p (0 when C is invalid). */
double posenc_distance_dot(int k, int C);

#endif
