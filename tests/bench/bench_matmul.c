/* bench matmul: GFLOP/s of the reference and fast linear layer on the
 * shapes BERT uses, at 1 and 2 threads, against OpenBLAS's cblas_sgemm when
 * it is installed (built with -DHAVE_OPENBLAS). */
#include "bench.h"
#include "matmul.h"
#include "rng.h"

#include <stdio.h>
#include <stdlib.h>
#ifdef HAVE_OPENBLAS
#include <cblas.h>
void openblas_set_num_threads(int);
char *openblas_get_corename(void);
#endif

typedef struct {
    int N, C, OC;
    float *out, *inp, *weight, *bias;
} Problem;

static void run_reference(void *arg)
{
    Problem *p = arg;
    matmul_forward_reference(p->out, p->inp, p->weight, p->bias, p->N, p->C,
                             p->OC);
}

static void run_fast(void *arg)
{
    Problem *p = arg;
    matmul_forward(p->out, p->inp, p->weight, p->bias, p->N, p->C, p->OC);
}

#ifdef HAVE_OPENBLAS
static void run_openblas(void *arg)
{
    Problem *p = arg;
    // out (N, OC) = inp (N, C) · weight (OC, C)ᵀ; the bias is left out,
    // which flatters OpenBLAS by N·OC additions.
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, p->N, p->OC, p->C,
                1.0f, p->inp, p->C, p->weight, p->C, 0.0f, p->out, p->OC);
}
#endif

static double report(const Problem *p, const char *impl, int threads,
                     double ms, double ref_gflops)
{
    double gflops = 2.0 * p->N * p->C * p->OC / (ms * 1e6);
    printf("  %5dx%-5dx%-5d %-10s %7d %9.3f %9.1f", p->N, p->C, p->OC, impl,
           threads, ms, gflops);
    if (ref_gflops > 0) printf(" %9.2f", gflops / ref_gflops);
    printf("\n");
    return gflops;
}

void bench_matmul(void)
{
    static const int shapes[][3] = {
        {128, 768, 768}, {128, 768, 3072}, {128, 3072, 768},
        {64, 128, 128},  {64, 128, 512},
    };
    printf("matmul: out (N, OC) = inp (N, C) · weight (OC, C)ᵀ + bias\n");
#ifdef HAVE_OPENBLAS
    printf("  OpenBLAS kernel: %s\n", openblas_get_corename());
#else
    printf("  OpenBLAS not found (apt-get install libopenblas-dev)\n");
#endif
    printf("  %-17s %-10s %7s %9s %9s %9s\n", "N x C x OC", "impl",
           "threads", "ms", "GFLOP/s", "vs BLAS");
    Rng rng;
    rng_seed(&rng, 1);
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        Problem p = {shapes[s][0], shapes[s][1], shapes[s][2], 0, 0, 0, 0};
        p.out = malloc(sizeof(float) * p.N * p.OC);
        p.inp = malloc(sizeof(float) * p.N * p.C);
        p.weight = malloc(sizeof(float) * p.OC * p.C);
        p.bias = malloc(sizeof(float) * p.OC);
        rng_fill_normal(&rng, p.inp, (long)p.N * p.C, 0, 1);
        rng_fill_normal(&rng, p.weight, (long)p.OC * p.C, 0, 0.02f);
        rng_fill_normal(&rng, p.bias, p.OC, 0, 0.02f);
        int reps = p.N * p.C * p.OC > 10000000 ? 11 : 51;
        char shape[64];
        snprintf(shape, sizeof shape, "%dx%dx%d", p.N, p.C, p.OC);
        double blas[3] = {0, 0, 0};
        for (int t = 1; t <= 2; t++) {
#ifdef HAVE_OPENBLAS
            // Run OpenBLAS first, with OpenMP idle, so the two thread
            // pools never spin against each other.
            openblas_set_num_threads(t);
            double bms = bench_median_ms(run_openblas, &p, reps);
            blas[t] = report(&p, "openblas", t, bms, 0);
            printf("bench matmul shape=%s impl=openblas threads=%d ms=%.3f "
                   "gflops=%.1f\n", shape, t, bms, blas[t]);
#endif
            bench_set_threads(t);
            double ms = bench_median_ms(run_fast, &p, reps);
            double g = report(&p, "fast", t, ms, blas[t]);
            printf("bench matmul shape=%s impl=fast threads=%d ms=%.3f "
                   "gflops=%.1f", shape, t, ms, g);
            if (blas[t] > 0) printf(" vs_openblas=%.2f", g / blas[t]);
            printf("\n");
        }
        bench_set_threads(1);
        double rms = bench_median_ms(run_reference, &p, 3);
        double rg = report(&p, "reference", 1, rms, blas[1]);
        printf("bench matmul shape=%s impl=reference threads=1 ms=%.3f "
               "gflops=%.1f\n", shape, rms, rg);
        free(p.out);
        free(p.inp);
        free(p.weight);
        free(p.bias);
    }
}
