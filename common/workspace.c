#include "workspace.h"

#include <stdlib.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#define MAX_THREADS 64

static float *buffers[MAX_THREADS][WORKSPACE_SLOTS];
static long capacity[MAX_THREADS][WORKSPACE_SLOTS];

float *workspace_get(int slot, long n)
{
#ifdef _OPENMP
    // The thread of the outermost parallel region: a region nested inside
    // it runs on that same thread (nested parallelism is off), where
    // omp_get_thread_num() would say 0 for every one of them.
    int level = omp_get_level();
    int t = level > 0 ? omp_get_ancestor_thread_num(1) % MAX_THREADS : 0;
#else
    int t = 0;
#endif
    if (capacity[t][slot] < n) {
        free(buffers[t][slot]);
        buffers[t][slot] = malloc((size_t)n * sizeof(float));
        if (!buffers[t][slot]) abort();
        capacity[t][slot] = n;
    }
    return buffers[t][slot];
}

void workspace_column_run(int cols, int *lo, int *hi)
{
    *lo = 0, *hi = cols;
#ifdef _OPENMP
    int t = omp_get_thread_num(), nt = omp_get_num_threads();
    *lo = (int)((long)cols * t / nt) / 16 * 16;
    if (t + 1 < nt) *hi = (int)((long)cols * (t + 1) / nt) / 16 * 16;
#endif
}
