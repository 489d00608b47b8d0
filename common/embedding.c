#include "embedding.h"

#include "workspace.h"

#include <assert.h>

void embedding_forward(float *out, const int *ids, const float *table, int N,
                       int C)
{
#pragma omp parallel for schedule(static) \
    if ((long)N * C >= PARALLEL_MIN_WORK)
    for (int n = 0; n < N; n++) {
        assert(ids[n] >= 0);
        const float *row = table + (long)ids[n] * C;
        for (int c = 0; c < C; c++) out[(long)n * C + c] += row[c];
    }
}

void embedding_backward(float *dtable, const int *ids, const float *dout,
                        int N, int C)
{
    // Two positions with the same id write the same row, so the threads
    // share the columns instead, and each walks the positions in order.
#pragma omp parallel if ((long)N * C >= PARALLEL_MIN_WORK)
    {
        int lo, hi;
        workspace_column_run(C, &lo, &hi);
        for (int n = 0; n < N; n++) {
            float *row = dtable + (long)ids[n] * C;
            for (int c = lo; c < hi; c++) row[c] += dout[(long)n * C + c];
        }
    }
}
