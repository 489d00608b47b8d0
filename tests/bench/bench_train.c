/* bench train: one training step of the tiny BERT (forward, backward,
 * AdamW) in tokens per second, on 1 and 2 threads, with MLM logits at the
 * masked positions only (what BERT does) and at every position (what
 * Hugging Face's BertForMaskedLM does). PyTorch's figures for the same
 * step are quoted from tools/bench_torch.py (rerun it when they age).
 * GFLOP/s counts the products only (see step_flops), so it says how close
 * the step comes to the multiply-add units' ceiling. */
#include "bench.h"
#include "bert.h"
#include "bert_heads.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct {
    Bert *m;
    BertBatch batch;
    BertHead mlm, nsp;
    int *positions, *labels, M, nsp_labels[64];
    Rng rng;
} Step;

static void run_step(void *arg)
{
    Step *s = arg;
    bert_zero_grad(s->m);
    bert_forward(s->m, &s->batch, BERT_TRAIN, &s->rng);
    bert_mlm_forward(s->m, &s->mlm, s->positions, s->labels, s->M);
    bert_nsp_forward(s->m, &s->nsp, s->nsp_labels);
    bert_mlm_backward(s->m, &s->mlm, 1.0f);
    bert_nsp_backward(s->m, &s->nsp, 1.0f);
    bert_backward(s->m);
    bert_step(s->m, 1e-4f, 1.0f);
}

/* The products of one step: the forward's, then two of the same size for
 * each in the backward (the input's gradient and the weight's), so three
 * times the forward. The heads: MLM's transform (C x C) and tied decoder
 * (C x V) on M positions; the pooler is in bench_forward_flops, NSP's
 * classifier (C x 2) here. */
static double step_flops(const BertConfig *c, int B, int T, int M)
{
    double C = c->hidden_size, V = c->vocab_size;
    double heads = 2.0 * M * (C * C + C * V) + 2.0 * B * C * 2;
    return 3 * (bench_forward_flops(c, B, T) + heads);
}

static void bench_train_step(void)
{
    enum { B = 16, T = 64 };
    BertConfig cfg;
    bert_config_preset(&cfg, "tiny");
    Bert m;
    if (bert_build(&m, &cfg, 0) != 0 || bert_enable_training(&m) != 0)
        return;
    Step s = {0};
    rng_seed(&s.rng, 2);
    bert_init(&m, &s.rng);
    int *ids = malloc(sizeof(int) * B * T);
    for (int i = 0; i < B * T; i++) ids[i] = rng_int(&s.rng, cfg.vocab_size);
    s.m = &m;
    s.batch = (BertBatch){ids, NULL, NULL, B, T};
    s.positions = malloc(sizeof(int) * B * T);
    s.labels = malloc(sizeof(int) * B * T);
    printf("tiny BERT training step (2 layers, hidden 128, 2 heads, "
           "intermediate 512, vocabulary 4096), batch %d x %d\n", B, T);
    // tools/bench_torch.py (the better of its two optimisers) and this
    // bench, run in turn sixteen times on the same build: medians of the
    // sixteen
    printf("  PyTorch 1.13 on this machine (tools/bench_torch.py), run in "
           "turn with this bench\n  sixteen times, medians in tokens/s: "
           "masked 13.3k on 1 thread (this bench 18.8k),\n  14.1k on 2 "
           "(31.2k); all 7.1k (9.3k), 8.6k (16.0k)\n");
    printf("  %-8s %7s %9s %12s %9s\n", "logits", "threads", "ms",
           "tokens/s", "GFLOP/s");
    for (int all = 0; all < 2; all++) {
        // BERT scores 15% of the tokens; Hugging Face scores every one
        s.M = 0;
        for (int i = 0; i < B * T; i++)
            if (all || i % T % 7 == 3) {
                s.positions[s.M] = i;
                s.labels[s.M++] = ids[i];
            }
        for (int th = 1; th <= 2; th++) {
            bench_set_threads(th);
            double ms = bench_median_ms(run_step, &s, 21);
            double tps = B * T / (ms * 1e-3);
            double gflops = step_flops(&cfg, B, T, s.M) / (ms * 1e6);
            const char *what = all ? "all" : "masked";
            printf("  %-8s %7d %9.2f %12.0f %9.1f\n", what, th, ms, tps,
                   gflops);
            printf("bench train_step config=tiny B=%d T=%d threads=%d "
                   "tokens_per_s=%.0f gflops=%.1f logits=%s\n", B, T, th,
                   tps, gflops, what);
        }
    }
    bert_head_free(&s.mlm), bert_head_free(&s.nsp);
    free(ids), free(s.positions), free(s.labels);
    bert_free(&m);
}

void bench_train(void) { bench_train_step(); }
