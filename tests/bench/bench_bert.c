/* bench bert: a bert-base forward (random weights, batch 1) at T = 128 and
 * T = 512 on 1 and 2 threads: milliseconds, GFLOP/s, peak memory. The
 * live reference is `bench matmul` (our kernel against OpenBLAS in the same
 * run); PyTorch's time for the same forward is quoted from
 * tools/bench_torch.py, which cannot run here (no Python on make targets),
 * with this bench's own figures from the same sitting. Rerun both, in
 * turn, when the machine or the code changes. */
#include "bench.h"
#include "bert.h"

#include <stdio.h>
#include <stdlib.h>

double bench_forward_flops(const BertConfig *c, int B, int T)
{
    double BT = (double)B * T, C = c->hidden_size, F = c->intermediate_size;
    double per_layer = 2 * BT * (3 * C * C + C * C + 2 * C * F) +
                       4.0 * B * T * T * C;
    return per_layer * c->num_hidden_layers + 2.0 * B * C * C;
}

typedef struct {
    Bert *m;
    BertBatch batch;
} Fwd;

static void run_forward(void *arg)
{
    Fwd *f = arg;
    bert_forward(f->m, &f->batch, BERT_EVAL, NULL);
}

static void bench_forward(void)
{
    BertConfig cfg;
    bert_config_preset(&cfg, "base");
    Bert m;
    if (bert_build(&m, &cfg, 0) != 0) return;
    Rng rng;
    rng_seed(&rng, 1);
    bert_init(&m, &rng);
    printf("bert-base forward, batch 1, random weights\n");
    // tools/bench_torch.py (the better of its two encoders) and this
    // bench, run in turn sixteen times on the same build: the medians of
    // the sixteen. Either one moves by up to a third from run to run on this
    // shared machine, so only figures taken side by side compare.
    printf("  PyTorch 1.13 on this machine (tools/bench_torch.py), run in "
           "turn with this bench\n  sixteen times, medians in ms: T=128 344 "
           "on 1 thread (this bench 335), 225 on 2 (184);\n  T=512 1371 "
           "(1336), 893 (747)\n");
    printf("  %5s %7s %9s %9s %9s\n", "T", "threads", "ms", "GFLOP/s",
           "peak MB");
    static const int Ts[2] = {128, 512};
    for (int k = 0; k < 2; k++) {
        int T = Ts[k];
        int *ids = malloc(sizeof(int) * T);
        for (int t = 0; t < T; t++) ids[t] = rng_int(&rng, cfg.vocab_size);
        Fwd f = {&m, {ids, NULL, NULL, 1, T}};
        for (int th = 1; th <= 2; th++) {
            bench_set_threads(th);
            double ms = bench_median_ms(run_forward, &f, T > 128 ? 3 : 5);
            double gflops = bench_forward_flops(&cfg, 1, T) / (ms * 1e6);
            double rss = bench_peak_rss_mb();
            printf("  %5d %7d %9.1f %9.1f %9.0f\n", T, th, ms, gflops, rss);
            printf("bench bert_forward config=base T=%d threads=%d ms=%.1f "
                   "gflops=%.1f peak_rss_mb=%.0f\n", T, th, ms, gflops, rss);
        }
        free(ids);
    }
    bert_free(&m);
}

void bench_bert(void) { bench_forward(); }
