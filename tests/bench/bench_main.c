/* bench: performance figures of the project, one group at a time.
 * usage: bench [GROUP...]   (no group: all of them) */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "bench_groups.h"

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double bench_median_ms(void (*fn)(void *), void *arg, int reps)
{
    double times[101];
    if (reps > 101) reps = 101;
    fn(arg);
    for (int i = 0; i < reps; i++) {
        double t0 = bench_now();
        fn(arg);
        times[i] = 1e3 * (bench_now() - t0);
    }
    qsort(times, (size_t)reps, sizeof *times, compare_double);
    return times[reps / 2];
}

int bench_set_threads(int n)
{
#ifdef _OPENMP
    omp_set_num_threads(n);
    return n;
#else
    (void)n;
    return 1;
#endif
}

double bench_peak_rss_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0;
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        void (*run)(void);
    } groups[] = {BENCH_GROUPS};
    int n = (int)(sizeof groups / sizeof groups[0]);
    for (int a = 1; a < argc; a++) {
        int found = 0;
        for (int i = 0; i < n; i++) found |= !strcmp(argv[a], groups[i].name);
        if (!found) {
            fprintf(stderr, "bench: error: no group '%s' (groups:", argv[a]);
            for (int i = 0; i < n; i++) fprintf(stderr, " %s", groups[i].name);
            fprintf(stderr, ")\n");
            return 2;
        }
    }
    for (int i = 0; i < n; i++) {
        int wanted = argc == 1;
        for (int a = 1; a < argc; a++)
            wanted |= !strcmp(argv[a], groups[i].name);
        if (wanted) groups[i].run();
    }
    return 0;
}
