#include "floats.h"

#include "workspace.h"

#include <string.h>

/* Pieces of 64 KiB: whole pages, and enough of them for every thread. */
enum { FLOATS_PIECE = 1 << 14 };

/* memset when src is NULL, else memcpy, a piece at a time. */
static void fill(float *dst, const float *src, long n)
{
    long pieces = (n + FLOATS_PIECE - 1) / FLOATS_PIECE;
#pragma omp parallel for schedule(static) if (n >= PARALLEL_MIN_WORK)
    for (long k = 0; k < pieces; k++) {
        long i0 = k * FLOATS_PIECE;
        long m = n - i0 < FLOATS_PIECE ? n - i0 : FLOATS_PIECE;
        if (src)
            memcpy(dst + i0, src + i0, sizeof(float) * m);
        else
            memset(dst + i0, 0, sizeof(float) * m);
    }
}

void floats_zero(float *x, long n) { fill(x, NULL, n); }

void floats_copy(float *dst, const float *src, long n) { fill(dst, src, n); }
