#include "softmax.h"

#include "mathvec.h"
#include "workspace.h"

#include <assert.h>
#include <math.h>

//> softmax-forward
void softmax_row(float *p, const float *x, int V)
{
    float max = mathvec_max(x, V);
    if (max == -INFINITY) { // every entry masked: defined as zeros
        for (int v = 0; v < V; v++) p[v] = 0.0f;
        return;
    }
    // exp(x - max) ≤ 1, so nothing overflows; exp(-inf) = 0
    mathvec_exp(p, x, max, V);
    float sum = mathvec_sum(p, V);
    for (int v = 0; v < V; v++) p[v] /= sum;
}

void softmax_forward(float *probs, const float *logits, int N, int V)
{
#pragma omp parallel for schedule(static) if ((long)N * V >= PARALLEL_MIN_WORK)
    for (int n = 0; n < N; n++)
        softmax_row(probs + (long)n * V, logits + (long)n * V, V);
}
//< softmax-forward

void softmax_backward(float *dlogits, const float *probs, const float *dprobs,
                      int N, int V)
{
    // p = softmax(x): dx_v = p_v · (dp_v - Σ_u p_u · dp_u)
    for (int n = 0; n < N; n++) {
        const float *p = probs + (long)n * V;
        const float *dp = dprobs + (long)n * V;
        float dot = 0.0f;
        for (int v = 0; v < V; v++) dot += p[v] * dp[v];
        for (int v = 0; v < V; v++)
            dlogits[(long)n * V + v] += p[v] * (dp[v] - dot);
    }
}

float crossentropy_forward(float *losses, const float *probs,
                           const int *targets, int N, int V)
{
    double total = 0.0;
    int count = 0;
    for (int n = 0; n < N; n++) {
        float loss = 0.0f;
        if (targets[n] != SOFTMAX_IGNORE) {
            assert(targets[n] >= 0 && targets[n] < V);
            // a probability that underflowed to 0 would give +inf
            float p = probs[(long)n * V + targets[n]];
            loss = -logf(p > 1e-30f ? p : 1e-30f);
            total += loss;
            count++;
        }
        if (losses) losses[n] = loss;
    }
    return count ? (float)(total / count) : 0.0f;
}

//> crossentropy-backward
void crossentropy_softmax_backward(float *dlogits, const float *probs,
                                   const int *targets, float scale, int N,
                                   int V)
{
    // loss = -log p_target with p = softmax(logits), so
    // dloss/dlogit_v = p_v - [v == target]
#pragma omp parallel for schedule(static) \
    if ((long)N * V >= PARALLEL_MIN_WORK)
    for (int n = 0; n < N; n++) {
        int target = targets[n];
        if (target == SOFTMAX_IGNORE) continue;
        float *d = dlogits + (long)n * V;
        const float *p = probs + (long)n * V;
        // every logit gets p_v, the target's p_v - 1 (kept apart, so that
        // the loop over the vocabulary is plain arithmetic that vectorises)
        float old = d[target];
        for (int v = 0; v < V; v++) d[v] += scale * p[v];
        d[target] = old + scale * (p[target] - 1.0f);
    }
}
//< crossentropy-backward
