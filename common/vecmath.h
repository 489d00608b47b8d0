/* vecmath: comparing vectors by the angle between them, the way word
 * vectors are compared.
 *
 *     float cherry[3] = {442, 8, 2}, information[3] = {5, 3982, 3325};
 *     float c = vec_cosine(cherry, information, 3);     // 0.018
 *     int best[5]; float sim[5];
 *     int k = vec_nearest(best, sim, 5, table + w * C, table, V, C, w);
 *     // best[0..k) are the rows of table (V, C) closest to row w
 *
 * Cosine similarity is the dot product of the two vectors divided by both
 * lengths: a · b / (|a| |b|), the cosine of the angle between them. It is
 * 1 for vectors pointing the same way, 0 for vectors at a right angle and
 * -1 for opposite ones, whatever their lengths. Sums run in double in
 * index order, so results do not depend on the compiler or thread count.
 * A zero vector has no direction: its cosine with anything is defined here
 * as 0. No function here can fail.
 */
#ifndef VECMATH_H
#define VECMATH_H

float vec_dot(const float *a, const float *b, int n);
float vec_norm(const float *a, int n);                 /* √(a · a) */
float vec_cosine(const float *a, const float *b, int n);
/* The k rows of table (rows, cols) with the highest cosine to q, best
 * first (ties: the lower row first), leaving out row `skip` (-1: none).
 * Writes rows into idx (k) and their cosines into sims (k); returns
 * how many it found: k, or fewer when the table has fewer rows. */
int vec_nearest(int *idx, float *sims, int k, const float *q,
                const float *table, int rows, int cols, int skip);

#endif
