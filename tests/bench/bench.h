/* bench: the helpers of `make bench`.
 *
 * Each tests/bench/bench_NAME.c defines `void bench_NAME(void)`; the
 * Makefile lists them, and `make bench BENCH=NAME` runs only that group.
 * A group prints a human-readable table, and for every measurement one line
 * that scripts can collect:
 *     bench matmul shape=128x768x768 impl=fast threads=1 ms=0.79 gflops=190.1
 * Times are medians of several runs after a warm-up; no test asserts one.
 */
#ifndef BENCH_H
#define BENCH_H

#include "bert_config.h"

/* Seconds on a monotonic clock. */
double bench_now(void);
/* Runs fn(arg) `reps` times after one warm-up and returns the median
 * time of one call in milliseconds. */
double bench_median_ms(void (*fn)(void *), void *arg, int reps);
/* Sets the number of OpenMP threads (no-op without OpenMP); returns the
 * number in force. */
int bench_set_threads(int n);
/* Peak resident memory of this process so far, in MB. */
double bench_peak_rss_mb(void);
/* Floating-point operations (multiply-adds × 2) of one BERT forward on a
 * batch of B sequences of T tokens: the dense layers, attention's two
 * products and the pooler; the heads are the caller's to add. */
double bench_forward_flops(const BertConfig *c, int B, int T);

#endif
