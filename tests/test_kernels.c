/* Tests of the kernels: every backward against central finite differences,
 * the forward and backward passes against values frozen from PyTorch
 * (tests/fixtures/kernels.txt, tools/make_fixtures.py), numerical
 * stability, and bit-identical results whatever the thread count.
 *
 * Finite differences: each kernel is wrapped into a scalar loss
 * L = Σ out · R with fixed random R, so dL/dout = R is what backward gets.
 * The numeric gradient (L(x + h) - L(x - h)) / 2h is computed in float32
 * with h = 1e-2 and sums in double; its error is then about 1e-4 relative
 * (rounding of float32 outputs amplified by 1/h, plus the h² term), so
 * tolerances are 2e-3 absolute + 2e-2 relative. A wrong backward (a missed
 * term, a wrong sign) is off by far more than that.
 */
#include "activation.h"
#include "adamw.h"
#include "attention.h"
#include "dropout.h"
#include "embedding.h"
#include "layernorm.h"
#include "matmul.h"
#include "residual.h"
#include "softmax.h"
#include "testutil.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#define FD_H 1e-2f
#define FD_ATOL 2e-3f
#define FD_RTOL 2e-2f

/* A kernel under test: forward computes out from the state in ctx. */
typedef struct {
    void (*forward)(void *ctx);
    float *out;
    long n_out;
    const float *r; /* dL/dout */
    void *ctx;
} Probe;

static double probe_loss(const Probe *p)
{
    p->forward(p->ctx);
    double l = 0.0;
    for (long i = 0; i < p->n_out; i++) l += (double)p->out[i] * p->r[i];
    return l;
}

/* Numeric gradient of the probe's loss with respect to x[0 .. n-1],
 * compared with the analytic one in grad. */
static void check_fd(const Probe *p, float *x, long n, const float *grad,
                     const char *what)
{
    float *num = malloc((size_t)n * sizeof *num);
    for (long i = 0; i < n; i++) {
        float saved = x[i];
        x[i] = saved + FD_H;
        double lp = probe_loss(p);
        x[i] = saved - FD_H;
        double lm = probe_loss(p);
        x[i] = saved;
        num[i] = (float)((lp - lm) / (2.0 * FD_H));
    }
    probe_loss(p);
    expect_close(grad, num, n, FD_ATOL, FD_RTOL, what);
    free(num);
}

static float *rand_buf(long n, float lo, float hi, unsigned seed)
{
    float *x = malloc((size_t)n * sizeof *x);
    fill_random(x, n, lo, hi, seed);
    return x;
}

static float *zeros(long n) { return calloc((size_t)n, sizeof(float)); }

/* ---- matmul ---------------------------------------------------------- */

typedef struct {
    float *out, *inp, *w, *b;
    int N, C, OC;
} MatmulCtx;

static void matmul_fwd(void *c)
{
    MatmulCtx *m = c;
    matmul_forward(m->out, m->inp, m->w, m->b, m->N, m->C, m->OC);
}

START_TEST(test_matmul_backward_fd)
{
    MatmulCtx m = {0, 0, 0, 0, 5, 7, 19}; // ragged on every side of a tile
    m.out = zeros(m.N * m.OC);
    m.inp = rand_buf(m.N * m.C, -1, 1, 1);
    m.w = rand_buf(m.OC * m.C, -1, 1, 2);
    m.b = rand_buf(m.OC, -1, 1, 3);
    float *r = rand_buf(m.N * m.OC, -1, 1, 4);
    float *dinp = zeros(m.N * m.C), *dw = zeros(m.OC * m.C);
    float *db = zeros(m.OC);
    Probe p = {matmul_fwd, m.out, m.N * m.OC, r, &m};
    probe_loss(&p);
    matmul_backward(dinp, dw, db, r, m.inp, m.w, m.N, m.C, m.OC);
    check_fd(&p, m.inp, m.N * m.C, dinp, "matmul dinp");
    check_fd(&p, m.w, m.OC * m.C, dw, "matmul dweight");
    check_fd(&p, m.b, m.OC, db, "matmul dbias");
    free(m.out), free(m.inp), free(m.w), free(m.b), free(r);
    free(dinp), free(dw), free(db);
}
END_TEST

START_TEST(test_matmul_fast_equals_reference)
{
    /* Same products, same order, both with fmaf: the same bits. The
     * last shape sums over more than one slice of k (KC = 512). */
    static const int shapes[][3] = {{1, 1, 1},      {5, 7, 19},
                                    {6, 16, 16},    {13, 70, 37},
                                    {64, 128, 128}, {128, 96, 200},
                                    {11, 1100, 21}};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        int N = shapes[s][0], C = shapes[s][1], OC = shapes[s][2];
        float *inp = rand_buf((long)N * C, -1, 1, 10);
        float *w = rand_buf((long)OC * C, -1, 1, 11);
        float *b = rand_buf(OC, -1, 1, 12);
        float *fast = zeros((long)N * OC), *ref = zeros((long)N * OC);
        matmul_forward(fast, inp, w, b, N, C, OC);
        matmul_forward_reference(ref, inp, w, b, N, C, OC);
        ck_assert_msg(!memcmp(fast, ref, sizeof(float) * N * OC),
                      "fast and reference differ at %dx%dx%d", N, C, OC);
        matmul_forward(fast, inp, w, NULL, N, C, OC);
        matmul_forward_reference(ref, inp, w, NULL, N, C, OC);
        ck_assert(!memcmp(fast, ref, sizeof(float) * N * OC));
        free(inp), free(w), free(b), free(fast), free(ref);
    }
}
END_TEST

START_TEST(test_matmul_bias_gradient_is_the_plain_sum)
{
    /* The bias gradient is summed while the weight gradient's product
     * copies doutᵀ; it must be the plain loop's sum, bit for bit: rows
     * in order, starting from what dbias held. Shapes: ragged row blocks,
     * one output (doutᵀ read in place, not copied), no inputs at all
     * (no product, sums alone), and one big enough for threads. */
    static const int shapes[][3] = {
        {5, 7, 19}, {40, 3, 1}, {9, 0, 4}, {700, 8, 301}};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        int N = shapes[s][0], C = shapes[s][1], OC = shapes[s][2];
        float *dout = rand_buf((long)N * OC, -1, 1, 30);
        float *inp = rand_buf((long)N * C + 1, -1, 1, 31);
        float *w = rand_buf((long)OC * C + 1, -1, 1, 32);
        float *db = rand_buf(OC, -1, 1, 33), *ref = rand_buf(OC, -1, 1, 33);
        float *dinp = zeros((long)N * C + 1), *dw = zeros((long)OC * C + 1);
        for (int n = 0; n < N; n++)
            for (int o = 0; o < OC; o++) ref[o] += dout[n * OC + o];
        matmul_backward(dinp, dw, db, dout, inp, w, N, C, OC);
        ck_assert_msg(!memcmp(db, ref, sizeof(float) * OC),
                      "bias gradient differs at %dx%dx%d", N, C, OC);
        free(dout), free(inp), free(w), free(db), free(ref), free(dinp);
        free(dw);
    }
}
END_TEST

/* ---- layernorm, activations, residual -------------------------------- */

typedef struct {
    float *out, *mean, *rstd, *inp, *w, *b;
    int N, C;
} LnCtx;

static void ln_fwd(void *c)
{
    LnCtx *l = c;
    layernorm_forward(l->out, l->mean, l->rstd, l->inp, l->w, l->b, l->N,
                      l->C, 1e-5f);
}

START_TEST(test_layernorm_backward_fd)
{
    LnCtx l = {0, 0, 0, 0, 0, 0, 4, 8};
    l.out = zeros(32), l.mean = zeros(4), l.rstd = zeros(4);
    l.inp = rand_buf(32, -2, 2, 20);
    l.w = rand_buf(8, 0.5f, 1.5f, 21);
    l.b = rand_buf(8, -1, 1, 22);
    float *r = rand_buf(32, -1, 1, 23);
    float *dinp = zeros(32), *dw = zeros(8), *db = zeros(8);
    Probe p = {ln_fwd, l.out, 32, r, &l};
    probe_loss(&p);
    layernorm_backward(dinp, dw, db, r, l.inp, l.w, l.mean, l.rstd, 4, 8);
    check_fd(&p, l.inp, 32, dinp, "layernorm dinp");
    check_fd(&p, l.w, 8, dw, "layernorm dweight");
    check_fd(&p, l.b, 8, db, "layernorm dbias");
    free(l.out), free(l.mean), free(l.rstd), free(l.inp), free(l.w);
    free(l.b), free(r), free(dinp), free(dw), free(db);
}
END_TEST

typedef struct {
    float *out, *inp;
    long n;
    int which; /* 0 gelu, 1 tanh */
} ActCtx;

static void act_fwd(void *c)
{
    ActCtx *a = c;
    if (a->which == 0)
        gelu_forward(a->out, NULL, a->inp, a->n);
    else
        tanh_forward(a->out, a->inp, a->n);
}

START_TEST(test_activation_backward_fd)
{
    for (int which = 0; which < 2; which++) {
        ActCtx a = {zeros(40), rand_buf(40, -4, 4, 30), 40, which};
        float *r = rand_buf(40, -1, 1, 31), *dinp = zeros(40);
        Probe p = {act_fwd, a.out, 40, r, &a};
        probe_loss(&p);
        if (which == 0) {
            // with Φ kept by the forward, and recomputed: the same bits
            float cdf[40], out[40], again[40] = {0};
            gelu_forward(out, cdf, a.inp, 40);
            gelu_backward(dinp, a.inp, cdf, r, 40);
            gelu_backward(again, a.inp, NULL, r, 40);
            ck_assert(!memcmp(dinp, again, sizeof again));
        } else
            tanh_backward(dinp, a.out, r, 40);
        check_fd(&p, a.inp, 40, dinp, which ? "tanh" : "gelu");
        free(a.out), free(a.inp), free(r), free(dinp);
    }
}
END_TEST

START_TEST(test_gelu_is_the_erf_form)
{
    /* Values of 0.5·x·(1 + erf(x/√2)) in double; the tanh form is off by
     * 4.7e-4 at x = -2.7, far outside this tolerance. */
    float x[] = {-3.0f, -2.7f, -1.0f, 0.0f, 0.5f, 2.0f};
    float want[6], got[6];
    for (int i = 0; i < 6; i++)
        want[i] = (float)(0.5 * x[i] * (1.0 + erf(x[i] / sqrt(2.0))));
    gelu_forward(got, NULL, x, 6);
    expect_close(got, want, 6, 1e-6f, 1e-5f, "gelu");
}
END_TEST

typedef struct {
    float *out, *a, *b;
} ResCtx;

static void res_fwd(void *c)
{
    ResCtx *r = c;
    residual_forward(r->out, r->a, r->b, 10);
}

START_TEST(test_residual_backward_fd)
{
    ResCtx c = {zeros(10), rand_buf(10, -1, 1, 40), rand_buf(10, -1, 1, 41)};
    float *r = rand_buf(10, -1, 1, 42), *da = zeros(10), *db = zeros(10);
    Probe p = {res_fwd, c.out, 10, r, &c};
    residual_backward(da, db, r, 10);
    check_fd(&p, c.a, 10, da, "residual da");
    check_fd(&p, c.b, 10, db, "residual db");
    free(c.out), free(c.a), free(c.b), free(r), free(da), free(db);
}
END_TEST

/* ---- embedding ------------------------------------------------------- */

typedef struct {
    float *out, *table;
    const int *ids;
} EmbCtx;

static void emb_fwd(void *c)
{
    EmbCtx *e = c;
    memset(e->out, 0, 5 * 3 * sizeof(float));
    embedding_forward(e->out, e->ids, e->table, 5, 3);
}

START_TEST(test_embedding_backward_fd)
{
    static const int ids[5] = {2, 0, 2, 3, 2}; // row 2 three times, 1 never
    EmbCtx e = {zeros(15), rand_buf(12, -1, 1, 50), ids};
    float *r = rand_buf(15, -1, 1, 51), *dtable = zeros(12);
    Probe p = {emb_fwd, e.out, 15, r, &e};
    probe_loss(&p);
    ck_assert_float_eq(e.out[3 + 1], e.table[0 * 3 + 1]);
    embedding_backward(dtable, ids, r, 5, 3);
    check_fd(&p, e.table, 12, dtable, "embedding dtable");
    for (int c = 0; c < 3; c++) ck_assert_float_eq(dtable[3 + c], 0.0f);
    free(e.out), free(e.table), free(r), free(dtable);
}
END_TEST

/* ---- softmax and cross-entropy --------------------------------------- */

typedef struct {
    float *probs, *logits;
} SmCtx;

static void sm_fwd(void *c)
{
    SmCtx *s = c;
    softmax_forward(s->probs, s->logits, 3, 6);
}

START_TEST(test_softmax_backward_fd)
{
    SmCtx s = {zeros(18), rand_buf(18, -3, 3, 60)};
    float *r = rand_buf(18, -1, 1, 61), *dl = zeros(18);
    Probe p = {sm_fwd, s.probs, 18, r, &s};
    probe_loss(&p);
    softmax_backward(dl, s.probs, r, 3, 6);
    check_fd(&p, s.logits, 18, dl, "softmax dlogits");
    free(s.probs), free(s.logits), free(r), free(dl);
}
END_TEST

START_TEST(test_softmax_stability)
{
    float logits[4][4] = {
        {1e30f, -1e30f, 0.0f, 1e30f},           // huge: no overflow
        {-INFINITY, 2.0f, -INFINITY, 2.0f},     // masked entries
        {-INFINITY, -INFINITY, -INFINITY, -INFINITY}, // all masked
        {-FLT_MAX, -FLT_MAX, -FLT_MAX, -FLT_MAX},     // BERT's padding
    };
    float p[4][4];
    softmax_forward(&p[0][0], &logits[0][0], 4, 4);
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) ck_assert(!isnan(p[i][j]));
    ck_assert_float_eq_tol(p[0][0], 0.5f, 1e-7f);
    ck_assert_float_eq(p[0][1], 0.0f);
    ck_assert_float_eq(p[1][0], 0.0f);
    ck_assert_float_eq_tol(p[1][1], 0.5f, 1e-7f);
    for (int j = 0; j < 4; j++) ck_assert_float_eq(p[2][j], 0.0f);
    for (int j = 0; j < 4; j++) ck_assert_float_eq_tol(p[3][j], 0.25f, 1e-7f);
}
END_TEST

typedef struct {
    float *probs, *logits, *loss;
    const int *targets;
} CeCtx;

static void ce_fwd(void *c)
{
    CeCtx *s = c;
    softmax_forward(s->probs, s->logits, 4, 5);
    s->loss[0] = crossentropy_forward(NULL, s->probs, s->targets, 4, 5);
}

START_TEST(test_crossentropy_backward_fd)
{
    static const int targets[4] = {1, SOFTMAX_IGNORE, 4, 0};
    float loss = 0, one = 1;
    CeCtx s = {zeros(20), rand_buf(20, -3, 3, 70), &loss, targets};
    float *dl = zeros(20);
    Probe p = {ce_fwd, &loss, 1, &one, &s};
    probe_loss(&p);
    crossentropy_softmax_backward(dl, s.probs, targets, 1.0f / 3, 4, 5);
    check_fd(&p, s.logits, 20, dl, "crossentropy dlogits");
    for (int v = 0; v < 5; v++) ck_assert_float_eq(dl[5 + v], 0.0f);
    free(s.probs), free(s.logits), free(dl);
}
END_TEST

START_TEST(test_crossentropy_pytorch)
{
    long n;
    float *logits = fixture_load("kernels.txt", "ce_logits", &n);
    float *tf = fixture_load("kernels.txt", "ce_targets", &n);
    float *want_loss = fixture_load("kernels.txt", "ce_loss", &n);
    float *want_dl = fixture_load("kernels.txt", "ce_dlogits", &n);
    int targets[4];
    for (int i = 0; i < 4; i++) targets[i] = (int)tf[i];
    float probs[28], dl[28] = {0};
    softmax_forward(probs, logits, 4, 7);
    float loss = crossentropy_forward(NULL, probs, targets, 4, 7);
    expect_close(&loss, want_loss, 1, 1e-6f, 1e-5f, "ce loss");
    crossentropy_softmax_backward(dl, probs, targets, 1.0f / 3, 4, 7);
    expect_close(dl, want_dl, 28, 1e-6f, 1e-5f, "ce dlogits");
    free(logits), free(tf), free(want_loss), free(want_dl);
}
END_TEST

/* ---- attention -------------------------------------------------------- */

enum { AB = 2, AT = 5, AC = 8, ANH = 2 };

typedef struct {
    float *out, *att, *qkv, *mask;
    int causal;
} AttCtx;

static void att_fwd(void *c)
{
    AttCtx *a = c;
    attention_forward(a->out, a->att, NULL, a->qkv, a->mask, a->causal, AB,
                      AT, AC, ANH);
}

START_TEST(test_attention_backward_fd)
{
    for (int causal = 0; causal < 2; causal++) {
        AttCtx a = {zeros(AB * AT * AC), zeros(AB * ANH * AT * AT),
                    rand_buf(AB * AT * 3 * AC, -1, 1, 80), zeros(AB * AT),
                    causal};
        a.mask[AT + 4] = -FLT_MAX; // a padding key in the second sequence
        float *r = rand_buf(AB * AT * AC, -1, 1, 81);
        float *dqkv = zeros(AB * AT * 3 * AC);
        Probe p = {att_fwd, a.out, AB * AT * AC, r, &a};
        probe_loss(&p);
        attention_backward(dqkv, r, a.qkv, a.att, AB, AT, AC, ANH);
        check_fd(&p, a.qkv, AB * AT * 3 * AC, dqkv,
                 causal ? "causal attention dqkv" : "attention dqkv");
        free(a.out), free(a.att), free(a.qkv), free(a.mask), free(r);
        free(dqkv);
    }
}
END_TEST

START_TEST(test_attention_pytorch)
{
    long n;
    float *qkv = fixture_load("kernels.txt", "attn_qkv", &n);
    float *mask = fixture_load("kernels.txt", "attn_mask_add", &n);
    float *dout = fixture_load("kernels.txt", "attn_dout", &n);
    const char *names[2] = {"attn", "causal"};
    for (int causal = 0; causal < 2; causal++) {
        char key[64];
        snprintf(key, sizeof key, "%s_out", names[causal]);
        float *want_out = fixture_load("kernels.txt", key, &n);
        snprintf(key, sizeof key, "%s_att", names[causal]);
        float *want_att = fixture_load("kernels.txt", key, &n);
        snprintf(key, sizeof key, "%s_dqkv", names[causal]);
        float *want_dqkv = fixture_load("kernels.txt", key, &n);
        float out[AB * AT * AC], att[AB * ANH * AT * AT];
        float dqkv[AB * AT * 3 * AC] = {0};
        attention_forward(out, att, NULL, qkv, mask, causal, AB, AT, AC, ANH);
        attention_backward(dqkv, dout, qkv, att, AB, AT, AC, ANH);
        expect_close(out, want_out, AB * AT * AC, 1e-5f, 1e-4f, "attn out");
        expect_close(att, want_att, AB * ANH * AT * AT, 1e-6f, 1e-4f,
                     "attn probs");
        expect_close(dqkv, want_dqkv, AB * AT * 3 * AC, 1e-5f, 1e-4f,
                     "attn dqkv");
        free(want_out), free(want_att), free(want_dqkv);
    }
    free(qkv), free(mask), free(dout);
}
END_TEST

START_TEST(test_attention_causal_rows)
{
    /* Every row sums to 1; with the causal mask nothing above the
     * diagonal gets weight; the first query sees only itself. */
    float *qkv = rand_buf(AB * AT * 3 * AC, -2, 2, 90);
    float out[AB * AT * AC], att[AB * ANH * AT * AT], pre[AB * ANH * AT * AT];
    attention_forward(out, att, pre, qkv, NULL, 1, AB, AT, AC, ANH);
    for (int row = 0; row < AB * ANH * AT; row++) {
        int t = row % AT;
        double sum = 0;
        for (int t2 = 0; t2 < AT; t2++) {
            sum += att[row * AT + t2];
            if (t2 > t) {
                ck_assert_float_eq(att[row * AT + t2], 0.0f);
                ck_assert(isinf(pre[row * AT + t2]));
            }
        }
        ck_assert_double_eq_tol(sum, 1.0, 1e-6);
    }
    ck_assert_float_eq(att[0], 1.0f);
    free(qkv);
}
END_TEST

/* ---- the PyTorch chain: linear -> LayerNorm -> GELU -> linear --------- */

START_TEST(test_chain_pytorch)
{
    enum { N = 4, C1 = 6, H = 10, O = 3 };
    long n;
#define LOAD(v) float *v = fixture_load("kernels.txt", "chain_" #v, &n)
    LOAD(x); LOAD(w1); LOAD(b1); LOAD(gamma); LOAD(beta); LOAD(w2); LOAD(b2);
    LOAD(dy); LOAD(h); LOAD(ln); LOAD(g); LOAD(y); LOAD(dx); LOAD(dw1);
    LOAD(db1); LOAD(dgamma); LOAD(dbeta); LOAD(dw2); LOAD(db2);
#undef LOAD
    float h_[N * H], ln_[N * H], g_[N * H], y_[N * O], mean[N], rstd[N];
    matmul_forward(h_, x, w1, b1, N, C1, H);
    layernorm_forward(ln_, mean, rstd, h_, gamma, beta, N, H, 1e-12f);
    gelu_forward(g_, NULL, ln_, N * H);
    matmul_forward(y_, g_, w2, b2, N, H, O);
    expect_close(h_, h, N * H, 1e-5f, 1e-5f, "chain h");
    expect_close(ln_, ln, N * H, 1e-5f, 1e-5f, "chain ln");
    expect_close(g_, g, N * H, 1e-5f, 1e-5f, "chain gelu");
    expect_close(y_, y, N * O, 1e-5f, 1e-5f, "chain y");
    float dg[N * H] = {0}, dln[N * H] = {0}, dh[N * H] = {0};
    float dx_[N * C1] = {0}, dw1_[H * C1] = {0}, db1_[H] = {0};
    float dgamma_[H] = {0}, dbeta_[H] = {0}, dw2_[O * H] = {0}, db2_[O] = {0};
    matmul_backward(dg, dw2_, db2_, dy, g_, w2, N, H, O);
    gelu_backward(dln, ln_, NULL, dg, N * H);
    layernorm_backward(dh, dgamma_, dbeta_, dln, h_, gamma, mean, rstd, N, H);
    matmul_backward(dx_, dw1_, db1_, dh, x, w1, N, C1, H);
    expect_close(dx_, dx, N * C1, 1e-5f, 1e-4f, "chain dx");
    expect_close(dw1_, dw1, H * C1, 1e-5f, 1e-4f, "chain dw1");
    expect_close(db1_, db1, H, 1e-5f, 1e-4f, "chain db1");
    expect_close(dgamma_, dgamma, H, 1e-5f, 1e-4f, "chain dgamma");
    expect_close(dbeta_, dbeta, H, 1e-5f, 1e-4f, "chain dbeta");
    expect_close(dw2_, dw2, O * H, 1e-5f, 1e-4f, "chain dw2");
    expect_close(db2_, db2, O, 1e-5f, 1e-4f, "chain db2");
    float *all[] = {x, w1, b1, gamma, beta, w2, b2, dy, h, ln, g, y, dx, dw1,
                    db1, dgamma, dbeta, dw2, db2};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) free(all[i]);
}
END_TEST

/* ---- dropout, optimiser ------------------------------------------------ */

START_TEST(test_dropout)
{
    enum { N = 100000 };
    float *x = rand_buf(N, 1, 2, 100), *y = zeros(N), *mask = zeros(N);
    float *dx = zeros(N), *ones = malloc(N * sizeof(float));
    for (int i = 0; i < N; i++) ones[i] = 1.0f;
    Rng rng;
    rng_seed(&rng, 5);
    dropout_forward(y, mask, x, 0.1f, N, &rng);
    dropout_backward(dx, mask, ones, N);
    int dropped = 0;
    for (int i = 0; i < N; i++) {
        dropped += y[i] == 0.0f;
        ck_assert_float_eq(dx[i], mask[i]);
        if (y[i] != 0.0f) ck_assert_float_eq_tol(y[i], x[i] / 0.9f, 1e-6f);
    }
    ck_assert_int_lt(abs(dropped - N / 10), N / 100);
    dropout_forward(y, mask, x, 0.0f, N, &rng); // evaluation: identity
    ck_assert(!memcmp(x, y, N * sizeof(float)));
    free(x), free(y), free(mask), free(dx), free(ones);
}
END_TEST

START_TEST(test_adamw_step_by_hand)
{
    AdamW opt = adamw_bert_defaults();
    float p[2] = {1.0f, -2.0f}, g[2] = {0.5f, -0.25f}, m[2] = {0}, v[2] = {0};
    adamw_update(p, g, m, v, 2, &opt, 0.1f, 1);
    // m = 0.1 g, v = 0.001 g², no bias correction:
    // p -= lr (0.1 g / (√0.001 |g| + 1e-6) + 0.01 p)
    for (int i = 0; i < 2; i++) {
        double gi = i ? -0.25 : 0.5, p0 = i ? -2.0 : 1.0;
        double want = p0 - 0.1 * (0.1 * gi / (sqrt(0.001) * fabs(gi) + 1e-6) +
                                  0.01 * p0);
        ck_assert_double_eq_tol(p[i], want, 1e-5);
    }
    float q[1] = {1.0f}, gq[1] = {0.0f}, mq[1] = {0}, vq[1] = {0};
    adamw_update(q, gq, mq, vq, 1, &opt, 0.1f, 0); // no decay, no gradient
    ck_assert_float_eq(q[0], 1.0f);
}
END_TEST

START_TEST(test_clip_and_schedule)
{
    float a[2] = {3.0f, 0.0f}, b[1] = {4.0f};
    float *grads[2] = {a, b};
    long sizes[2] = {2, 1};
    float norm = grad_clip_global_norm(grads, sizes, 2, 1.0f);
    ck_assert_float_eq_tol(norm, 5.0f, 1e-6f);
    ck_assert_float_eq_tol(a[0], 0.6f, 1e-6f);
    ck_assert_float_eq_tol(b[0], 0.8f, 1e-6f);
    norm = grad_clip_global_norm(grads, sizes, 2, 2.0f); // under: unchanged
    ck_assert_float_eq_tol(a[0], 0.6f, 1e-6f);
    ck_assert_float_eq_tol(lr_schedule(0, 10, 110, 1.0f), 0.1f, 1e-6f);
    ck_assert_float_eq_tol(lr_schedule(9, 10, 110, 1.0f), 1.0f, 1e-6f);
    ck_assert_float_eq_tol(lr_schedule(60, 10, 110, 1.0f), 0.5f, 1e-6f);
    ck_assert_float_eq(lr_schedule(110, 10, 110, 1.0f), 0.0f);
}
END_TEST

/* ---- threads ------------------------------------------------------------ */

START_TEST(test_same_bits_with_any_thread_count)
{
#ifdef _OPENMP
    enum { B = 3, T = 17, C = 48, NH = 4, OC = 100 };
    float *qkv = rand_buf(B * T * 3 * C, -1, 1, 110);
    float *w = rand_buf(OC * C, -1, 1, 111);
    float *out[2], *att[2], *y[2], *dq[2], *dw[2];
    for (int k = 0; k < 2; k++) {
        omp_set_num_threads(k + 1);
        out[k] = zeros(B * T * C), att[k] = zeros(B * NH * T * T);
        y[k] = zeros(B * T * OC), dq[k] = zeros(B * T * 3 * C);
        dw[k] = zeros(OC * C);
        attention_forward(out[k], att[k], NULL, qkv, NULL, 0, B, T, C, NH);
        attention_backward(dq[k], out[k], qkv, att[k], B, T, C, NH);
        matmul_forward(y[k], out[k], w, NULL, B * T, C, OC);
        matmul_backward(dq[k], dw[k], NULL, y[k], out[k], w, B * T, C, OC);
    }
    omp_set_num_threads(2);
    ck_assert(!memcmp(out[0], out[1], sizeof(float) * B * T * C));
    ck_assert(!memcmp(y[0], y[1], sizeof(float) * B * T * OC));
    ck_assert(!memcmp(dq[0], dq[1], sizeof(float) * B * T * 3 * C));
    ck_assert(!memcmp(dw[0], dw[1], sizeof(float) * OC * C));
    for (int k = 0; k < 2; k++)
        free(out[k]), free(att[k]), free(y[k]), free(dq[k]), free(dw[k]);
    free(qkv), free(w);
    // a bias gradient large enough to be shared, over 1, 2 and 3 threads,
    // with a column count no thread count divides evenly
    enum { N2 = 700, C2 = 8, OC2 = 301 };
    float *g = rand_buf(N2 * OC2, -1, 1, 112);
    float *x = rand_buf(N2 * C2, -1, 1, 113);
    float *w2 = rand_buf(OC2 * C2, -1, 1, 114), *db[3], *dx[3], *dw2[3];
    for (int k = 0; k < 3; k++) {
        omp_set_num_threads(k + 1);
        db[k] = zeros(OC2), dx[k] = zeros(N2 * C2), dw2[k] = zeros(OC2 * C2);
        matmul_backward(dx[k], dw2[k], db[k], g, x, w2, N2, C2, OC2);
    }
    omp_set_num_threads(2);
    for (int k = 1; k < 3; k++) {
        ck_assert(!memcmp(db[0], db[k], sizeof(float) * OC2));
        ck_assert(!memcmp(dx[0], dx[k], sizeof(float) * N2 * C2));
        ck_assert(!memcmp(dw2[0], dw2[k], sizeof(float) * OC2 * C2));
    }
    for (int k = 0; k < 3; k++) free(db[k]), free(dx[k]), free(dw2[k]);
    free(g), free(x), free(w2);
    // few rows and many columns: threads share panels, not rows
    enum { N3 = 13, C3 = 64, OC3 = 600 };
    float *x3 = rand_buf(N3 * C3, -1, 1, 115);
    float *w3 = rand_buf(OC3 * C3, -1, 1, 116), *b3 = rand_buf(OC3, -1, 1, 117);
    float *ref = zeros(N3 * OC3), *y3[3];
    matmul_forward_reference(ref, x3, w3, b3, N3, C3, OC3);
    for (int k = 0; k < 3; k++) {
        omp_set_num_threads(k + 1);
        y3[k] = zeros(N3 * OC3);
        matmul_forward(y3[k], x3, w3, b3, N3, C3, OC3);
    }
    omp_set_num_threads(2);
    for (int k = 0; k < 3; k++) {
        ck_assert(!memcmp(ref, y3[k], sizeof(float) * N3 * OC3));
        free(y3[k]);
    }
    free(x3), free(w3), free(b3), free(ref);
    // an embedding gradient shared by columns (130: not a multiple of 16),
    // with ids that repeat, against the plain loop in position order
    enum { N4 = 1100, C4 = 130, V4 = 7 };
    float *d4 = rand_buf(N4 * C4, -1, 1, 118), *t4 = zeros(V4 * C4), *e4[3];
    int ids4[N4];
    for (int n = 0; n < N4; n++) ids4[n] = n * n % V4;
    for (int n = 0; n < N4; n++)
        for (int c = 0; c < C4; c++) t4[ids4[n] * C4 + c] += d4[n * C4 + c];
    for (int k = 0; k < 3; k++) {
        omp_set_num_threads(k + 1);
        e4[k] = zeros(V4 * C4);
        embedding_backward(e4[k], ids4, d4, N4, C4);
    }
    omp_set_num_threads(2);
    for (int k = 0; k < 3; k++) {
        ck_assert(!memcmp(t4, e4[k], sizeof(float) * V4 * C4));
        free(e4[k]);
    }
    free(d4), free(t4);
    // dropout over more values than one thread takes, in a number of
    // draws no thread count divides evenly: the mask rng_uniform gives one
    // value at a time, and the stream n draws on
    enum { N5 = 300001 };
    float *x5 = rand_buf(N5, 1, 2, 119), *y5 = zeros(N5), *m5 = zeros(N5);
    float *want = zeros(N5);
    Rng r5;
    rng_seed(&r5, 120);
    for (int n = 0; n < N5; n++)
        want[n] = rng_uniform(&r5) < 0.1f ? 0.0f : 1.0f / 0.9f;
    uint32_t next = rng_u32(&r5);
    for (int k = 0; k < 3; k++) {
        omp_set_num_threads(k + 1);
        rng_seed(&r5, 120);
        dropout_forward(y5, m5, x5, 0.1f, N5, &r5);
        ck_assert(!memcmp(want, m5, sizeof(float) * N5));
        ck_assert_uint_eq(rng_u32(&r5), next);
    }
    omp_set_num_threads(2);
    free(x5), free(y5), free(m5), free(want);
#endif
}
END_TEST

Suite *suite_kernels(void)
{
    Suite *s = suite_create("kernels");
    TCase *fd = tcase_create("finite differences");
    tcase_add_test(fd, test_matmul_backward_fd);
    tcase_add_test(fd, test_layernorm_backward_fd);
    tcase_add_test(fd, test_activation_backward_fd);
    tcase_add_test(fd, test_residual_backward_fd);
    tcase_add_test(fd, test_embedding_backward_fd);
    tcase_add_test(fd, test_softmax_backward_fd);
    tcase_add_test(fd, test_crossentropy_backward_fd);
    tcase_add_test(fd, test_attention_backward_fd);
    suite_add_tcase(s, fd);
    TCase *ref = tcase_create("pytorch");
    tcase_add_test(ref, test_attention_pytorch);
    tcase_add_test(ref, test_chain_pytorch);
    tcase_add_test(ref, test_crossentropy_pytorch);
    suite_add_tcase(s, ref);
    TCase *misc = tcase_create("behaviour");
    tcase_add_test(misc, test_matmul_fast_equals_reference);
    tcase_add_test(misc, test_matmul_bias_gradient_is_the_plain_sum);
    tcase_add_test(misc, test_gelu_is_the_erf_form);
    tcase_add_test(misc, test_softmax_stability);
    tcase_add_test(misc, test_attention_causal_rows);
    tcase_add_test(misc, test_dropout);
    tcase_add_test(misc, test_adamw_step_by_hand);
    tcase_add_test(misc, test_clip_and_schedule);
    tcase_add_test(misc, test_same_bits_with_any_thread_count);
    suite_add_tcase(s, misc);
    return s;
}
