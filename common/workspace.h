/* workspace: scratch buffers that live as long as the program, one set per
 * thread.
 *
 *     float *row = workspace_get(WORKSPACE_ATTENTION, T);  // this thread's
 *
 * Kernels that need scratch space take it here instead of calling malloc
 * on every call: on this kind of machine the first touch of fresh memory
 * costs far more than the arithmetic, and glibc hands large blocks back to
 * the system on free. A buffer only grows; its contents are not kept across
 * calls that ask for more. "Per thread" means per thread of the outermost
 * OpenMP parallel region: the project never turns nested parallelism on.
 * Running out of memory for scratch space aborts
 * (there is nothing sensible to recover). Slots keep kernels that call one
 * another from sharing a buffer.
 *
 * It also holds two rules the kernels share for splitting loops between
 * threads: PARALLEL_MIN_WORK, below which a loop stays on one thread, and
 * workspace_column_run, the columns a thread takes in a sum down columns.
 */
#ifndef WORKSPACE_H
#define WORKSPACE_H

enum {
    WORKSPACE_MATMUL_A,     /* packed A, shared by a team of threads */
    WORKSPACE_MATMUL_B,     /* a packed panel of B, one per thread */
    WORKSPACE_ATTENTION,
    WORKSPACE_ROWS,         /* a few rows of features (LayerNorm) */
    WORKSPACE_SLOTS
};

float *workspace_get(int slot, long n);

/* Below about this many multiply-adds a loop runs on one thread: starting
 * and joining a team costs microseconds, more than the work itself. Used
 * in `#pragma omp parallel for if (work >= PARALLEL_MIN_WORK)`; it never
 * changes a result, only who computes it. */
#define PARALLEL_MIN_WORK (1L << 17)

/* The columns *lo .. *hi - 1 of `cols` that the calling thread takes inside
 * a parallel region (all of them outside one), cut at multiples of 16 (a
 * cache line of floats) so that no two threads write the same line. For
 * sums down columns: each thread walks the rows in order over its own
 * columns, so every sum keeps its order whatever the number of threads. */
void workspace_column_run(int cols, int *lo, int *hi);

#endif
