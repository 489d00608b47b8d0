#include "vecmath.h"

#include <math.h>

float vec_dot(const float *a, const float *b, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) s += (double)a[i] * b[i];
    return (float)s;
}

float vec_norm(const float *a, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) s += (double)a[i] * a[i];
    return (float)sqrt(s);
}

//> cosine
float vec_cosine(const float *a, const float *b, int n)
{
    double dot = 0.0, aa = 0.0, bb = 0.0;
    for (int i = 0; i < n; i++) {
        dot += (double)a[i] * b[i];
        aa += (double)a[i] * a[i];
        bb += (double)b[i] * b[i];
    }
    if (aa == 0.0 || bb == 0.0) return 0.0f;   // no direction, no angle
    return (float)(dot / (sqrt(aa) * sqrt(bb)));
}
//< cosine

int vec_nearest(int *idx, float *sims, int k, const float *q,
                const float *table, int rows, int cols, int skip)
{
    int found = 0;
    for (int r = 0; r < rows; r++) {
        if (r == skip) continue;
        float s = vec_cosine(q, table + (long)r * cols, cols);
        /* Insertion into the sorted list of the best so far; a later row
         * with an equal cosine goes after the earlier one. */
        int pos = found;
        while (pos > 0 && sims[pos - 1] < s) pos--;
        if (pos >= k) continue;
        if (found < k) found++;
        for (int j = found - 1; j > pos; j--) {
            idx[j] = idx[j - 1];
            sims[j] = sims[j - 1];
        }
        idx[pos] = r;
        sims[pos] = s;
    }
    return found;
}
