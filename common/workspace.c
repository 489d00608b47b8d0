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
    int t = omp_get_thread_num() % MAX_THREADS;
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
