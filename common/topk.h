/* topk: the positions of the k largest values of an array, best first,
 * for "the five likeliest tokens" of a fill-mask and "the twenty best
 * start positions" of an answer search.
 *
 *     float probs[V];                       // one row of a softmax
 *     int best[5];
 *     int n = topk_indices(best, probs, V, 5);
 *     for (int i = 0; i < n; i++)
 *         printf("%s %.4f\n", vocab_token(&v, best[i]), probs[best[i]]);
 *
 * Layout: idx (k) receives indices into x (n), sorted by value, largest
 * first; equal values keep their index order (the lower index first), so
 * the result never depends on anything but x. NaN ranks below every
 * number. One pass over x, k comparisons at most per element: meant for
 * small k, such as the 5 or 20 of the chapters.
 *
 * Error contract: returns how many indices it wrote, min(k, n), or 0 when
 * k or n is not positive; it cannot fail otherwise.
 */
#ifndef TOPK_H
#define TOPK_H

int topk_indices(int *idx, const float *x, int n, int k);

#endif
