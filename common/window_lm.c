#include "window_lm.h"

#include "activation.h"
#include "embedding.h"
#include "error.h"
#include "matmul.h"
#include "softmax.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define INIT_STD 0.1f
#define CLIP_NORM 1.0f

/* Points the five views at consecutive pieces of base. */
static WindowLmParams views(float *base, const WindowLmConfig *c)
{
    WindowLmParams p;
    p.wte = base;
    p.w1 = p.wte + (long)c->vocab * c->dim;
    p.b1 = p.w1 + (long)c->hidden * c->context * c->dim;
    p.w2 = p.b1 + c->hidden;
    p.b2 = p.w2 + (long)c->vocab * c->hidden;
    return p;
}

int window_lm_build(WindowLm *lm, const WindowLmConfig *cfg, int max_batch,
                    uint64_t seed)
{
    memset(lm, 0, sizeof *lm);
    const WindowLmConfig *c = cfg;
    if (c->vocab < 1 || c->vocab > (1 << 20) || c->context < 1 ||
        c->context > WINDOW_LM_MAX_CONTEXT || c->dim < 1 || c->dim > 4096 ||
        c->hidden < 1 || c->hidden > 4096 || max_batch < 1 ||
        max_batch > (1 << 20))
        return error_set("window model: vocab %d, context %d, dim %d, "
                         "hidden %d, batch %d: out of range", c->vocab,
                         c->context, c->dim, c->hidden, max_batch);
    lm->cfg = *c;
    lm->max_batch = max_batch;
    lm->opt = adamw_bert_defaults();
    long V = c->vocab, KC = (long)c->context * c->dim, H = c->hidden;
    lm->n_params = V * c->dim + H * KC + H + V * H + V;
    for (int i = 0; i < 4; i++) {
        lm->mem[i] = calloc((size_t)lm->n_params, sizeof(float));
        if (!lm->mem[i]) {
            window_lm_free(lm);
            return error_set("window model: out of memory");
        }
    }
    lm->p = views(lm->mem[0], c);
    lm->grad = views(lm->mem[1], c);
    lm->m = views(lm->mem[2], c);
    lm->v = views(lm->mem[3], c);
    long B = max_batch;
    lm->x = malloc((size_t)(B * KC) * sizeof(float));
    lm->dx = malloc((size_t)(B * KC) * sizeof(float));
    lm->h = malloc((size_t)(B * H) * sizeof(float));
    lm->dh = malloc((size_t)(B * H) * sizeof(float));
    lm->dpre = malloc((size_t)(B * H) * sizeof(float));
    lm->logits = malloc((size_t)(B * V) * sizeof(float));
    lm->probs = malloc((size_t)(B * V) * sizeof(float));
    lm->dlogits = malloc((size_t)(B * V) * sizeof(float));
    if (!lm->x || !lm->dx || !lm->h || !lm->dh || !lm->dpre || !lm->logits ||
        !lm->probs || !lm->dlogits) {
        window_lm_free(lm);
        return error_set("window model: out of memory");
    }
    Rng rng;
    rng_seed(&rng, seed);
    rng_fill_normal(&rng, lm->p.wte, V * c->dim, 0.0f, INIT_STD);
    rng_fill_normal(&rng, lm->p.w1, H * KC, 0.0f, INIT_STD);
    rng_fill_normal(&rng, lm->p.w2, V * H, 0.0f, INIT_STD);
    return 0;
}

void window_lm_free(WindowLm *lm)
{
    for (int i = 0; i < 4; i++) free(lm->mem[i]);
    free(lm->x);
    free(lm->dx);
    free(lm->h);
    free(lm->dh);
    free(lm->dpre);
    free(lm->logits);
    free(lm->probs);
    free(lm->dlogits);
    memset(lm, 0, sizeof *lm);
}

//> window-examples
int window_lm_examples(int *ctx, int *targets, const int *ids, int n,
                       const int *offsets, int K, int pad)
{
    for (int t = 0; t < n; t++) {
        for (int k = 0; k < K; k++) {
            int at = t + offsets[k];
            ctx[t * K + k] = at >= 0 && at < n ? ids[at] : pad;
        }
        targets[t] = ids[t];
    }
    return n;
}
//< window-examples

//> window-forward
float window_lm_forward(WindowLm *lm, const int *ctx, const int *targets,
                        int B)
{
    const WindowLmConfig *c = &lm->cfg;
    int K = c->context, C = c->dim, H = c->hidden, V = c->vocab;
    assert(B >= 1 && B <= lm->max_batch);
    // the K rows of one context lie side by side, so looking up B*K rows
    // of C numbers gives (B, K*C): the concatenation costs nothing
    memset(lm->x, 0, (size_t)B * K * C * sizeof(float));
    embedding_forward(lm->x, ctx, lm->p.wte, B * K, C);
    matmul_forward(lm->h, lm->x, lm->p.w1, lm->p.b1, B, K * C, H);
    tanh_forward(lm->h, lm->h, (long)B * H);
    matmul_forward(lm->logits, lm->h, lm->p.w2, lm->p.b2, B, H, V);
    softmax_forward(lm->probs, lm->logits, B, V);
    if (!targets) return 0.0f;
    return crossentropy_forward(NULL, lm->probs, targets, B, V);
}
//< window-forward

void window_lm_backward(WindowLm *lm, const int *ctx, const int *targets,
                        int B)
{
    const WindowLmConfig *c = &lm->cfg;
    int K = c->context, C = c->dim, H = c->hidden, V = c->vocab;
    memset(lm->dlogits, 0, (size_t)B * V * sizeof(float));
    memset(lm->dh, 0, (size_t)B * H * sizeof(float));
    memset(lm->dpre, 0, (size_t)B * H * sizeof(float));
    memset(lm->dx, 0, (size_t)B * K * C * sizeof(float));
    // the loss is the mean over the batch, hence the scale 1/B
    crossentropy_softmax_backward(lm->dlogits, lm->probs, targets,
                                  1.0f / (float)B, B, V);
    matmul_backward(lm->dh, lm->grad.w2, lm->grad.b2, lm->dlogits, lm->h,
                    lm->p.w2, B, H, V);
    tanh_backward(lm->dpre, lm->h, lm->dh, (long)B * H);
    matmul_backward(lm->dx, lm->grad.w1, lm->grad.b1, lm->dpre, lm->x,
                    lm->p.w1, B, K * C, H);
    embedding_backward(lm->grad.wte, ctx, lm->dx, B * K, C);
}

float window_lm_train_step(WindowLm *lm, const int *ctx, const int *targets,
                           int B, float lr)
{
    memset(lm->mem[1], 0, (size_t)lm->n_params * sizeof(float));
    float loss = window_lm_forward(lm, ctx, targets, B);
    window_lm_backward(lm, ctx, targets, B);
    float *g = lm->mem[1];
    grad_clip_global_norm(&g, &lm->n_params, 1, CLIP_NORM);
    const WindowLmConfig *c = &lm->cfg;
    long V = c->vocab, H = c->hidden, KC = (long)c->context * c->dim;
    float *p[5] = {lm->p.wte, lm->p.w1, lm->p.b1, lm->p.w2, lm->p.b2};
    float *d[5] = {lm->grad.wte, lm->grad.w1, lm->grad.b1, lm->grad.w2,
                   lm->grad.b2};
    float *m[5] = {lm->m.wte, lm->m.w1, lm->m.b1, lm->m.w2, lm->m.b2};
    float *v[5] = {lm->v.wte, lm->v.w1, lm->v.b1, lm->v.w2, lm->v.b2};
    long n[5] = {V * c->dim, H * KC, H, V * H, V};
    int decay[5] = {1, 1, 0, 1, 0};   // no weight decay on biases
    for (int i = 0; i < 5; i++)
        adamw_update(p[i], d[i], m[i], v[i], n[i], &lm->opt, lr, decay[i]);
    return loss;
}

const float *window_lm_predict(WindowLm *lm, const int *ctx)
{
    window_lm_forward(lm, ctx, NULL, 1);
    return lm->probs;
}

//> window-sample
int window_lm_sample(const float *probs, int V, float temperature, Rng *rng)
{
    int best = 0;
    for (int v = 1; v < V; v++)
        if (probs[v] > probs[best]) best = v;
    if (temperature <= 0.0f || !(probs[best] > 0.0f)) return best; // greedy
    // softmax(logits / T) is probs^(1/T), renormalised; dividing by the
    // largest probability first keeps every power within range
    double total = 0.0;
    for (int v = 0; v < V; v++)
        total += pow(probs[v] / probs[best], 1.0 / temperature);
    double u = rng_uniform(rng) * total, acc = 0.0;
    for (int v = 0; v < V; v++) {
        acc += pow(probs[v] / probs[best], 1.0 / temperature);
        if (u < acc) return v;
    }
    return best;   // u landed on the rounding error at the very end
}
//< window-sample

/* Examples in the order of their context, then their target. */
typedef struct {
    const int *ctx, *targets;
    int K;
} Order;

static int cmp_example(const int *a, const int *b, const Order *o)
{
    for (int k = 0; k < o->K; k++) {
        int x = o->ctx[*a * o->K + k], y = o->ctx[*b * o->K + k];
        if (x != y) return x < y ? -1 : 1;
    }
    int x = o->targets[*a], y = o->targets[*b];
    return x < y ? -1 : x > y ? 1 : 0;
}

/* A merge sort, because C11's qsort passes no context to its comparison
 * and a global one would not be safe with threads. */
static void sort_examples(int *idx, int *tmp, int n, const Order *o)
{
    if (n < 2) return;
    int h = n / 2;
    sort_examples(idx, tmp, h, o);
    sort_examples(idx + h, tmp, n - h, o);
    int i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = cmp_example(&idx[j], &idx[i], o) < 0 ? idx[j++] : idx[i++];
    while (i < h) tmp[k++] = idx[i++];
    while (j < n) tmp[k++] = idx[j++];
    memcpy(idx, tmp, (size_t)n * sizeof *idx);
}

double window_lm_best_loss(const int *ctx, const int *targets, int n, int K)
{
    if (n < 1) return 0.0;
    int *idx = malloc((size_t)n * 2 * sizeof *idx);
    if (!idx) return NAN;
    for (int i = 0; i < n; i++) idx[i] = i;
    Order o = {ctx, targets, K};
    sort_examples(idx, idx + n, n, &o);
    // The best a model can do for a context seen c times, c_t of them
    // followed by t, is P(t) = c_t / c; the loss adds -log(c_t / c) for
    // each of those examples.
    double total = 0.0;
    for (int start = 0; start < n;) {
        int end = start, same_ctx;
        do {
            end++;
            same_ctx = end < n;
            for (int k = 0; k < K && same_ctx; k++)
                same_ctx = ctx[idx[end] * K + k] == ctx[idx[start] * K + k];
        } while (same_ctx);
        for (int a = start; a < end;) {
            int b = a;
            while (b < end && targets[idx[b]] == targets[idx[a]]) b++;
            total -= (double)(b - a) * log((double)(b - a) / (end - start));
            a = b;
        }
        start = end;
    }
    free(idx);
    return total / n;
}
