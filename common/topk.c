#include "topk.h"

#include <math.h>

/* a ranks before b: larger, or equal and earlier; NaN after all numbers. */
static int ranks_before(const float *x, int a, int b)
{
    if (isnan(x[b])) return !isnan(x[a]) || a < b;
    if (isnan(x[a])) return 0;
    return x[a] > x[b] || (x[a] == x[b] && a < b);
}

int topk_indices(int *idx, const float *x, int n, int k)
{
    if (n <= 0 || k <= 0) return 0;
    if (k > n) k = n;
    int have = 0;
    for (int i = 0; i < n; i++) {
        // i enters the sorted list only if it beats the last kept entry
        if (have == k && !ranks_before(x, i, idx[k - 1])) continue;
        int j = have < k ? have++ : k - 1;
        while (j > 0 && ranks_before(x, i, idx[j - 1])) {
            idx[j] = idx[j - 1];
            j--;
        }
        idx[j] = i;
    }
    return k;
}
