/* Chapter 05: the causal mask.
 *
 * A language model predicts the next token, so while it works on token t
 * it must not see the tokens after t. Attention gets this from a mask:
 * every score of a later key becomes -inf, the softmax turns -inf into a
 * weight of exactly 0, and each token averages only over itself and the
 * tokens on its left. The program masks the scores of chapter 04's
 * sentence (the same X, Q = K = V = X), prints them and their softmax, and
 * proves the point: replacing the last token changes no earlier output row
 * by a single bit, while without the mask every row changes.
 *
 *     make chapter-05
 *     ./build/chapter-05 --d-model 64
 *
 * The example is small already, so --fast changes nothing here.
 *
 * Writes into --out (default figures/): 05-masked-scores.png (the scores
 * with -inf above the diagonal) and 05-causal-vs-full.png (the attention
 * with and without the mask, side by side).
 */
#include "attention.h"
#include "chapter.h"
#include "cli.h"
#include "embedding.h"
#include "error.h"
#include "fileio.h"
#include "heatmap.h"
#include "matmul.h"
#include "posenc.h"
#include "rng.h"
#include "softmax.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { T = 10 };
static const char *const TOKENS[T] = {"[SOS]", "Before", "my",   "bed",
                                      "lies",  "a",      "pool", "of",
                                      "moon",  "bright"};
/* The vocabulary of chapter 04: the words of the first lines of the poem. */
static const char *const VOCAB[] = {
    "[PAD]", "[SOS]", "[EOS]", "Before", "my",      "bed",  "lies",
    "a",     "pool",  "of",    "moon",   "bright",  "I",    "could",
    "imagine", "that", "it's", "frost",  "on",      "the",  "ground"};
enum { V = sizeof VOCAB / sizeof VOCAB[0], FROST = 17 };

typedef struct {
    int C;
    int ids[T], positions[T];
    float *table;   /* (V, C) word embeddings, random */
    float *pe;      /* (T, C) positional encodings */
    float *x;       /* (T, C) the input: E[ids] + PE */
    float *x2;      /* (T, C) the same with its last token replaced */
    float *scores;  /* (T, T) Q Kᵀ / √C with Q = K = V = X */
    float *masked;  /* (T, T) the scores, -inf above the diagonal */
    float *att;     /* (2, T, T) softmax of masked, then of scores */
    float *qkv;     /* (T, 3C) queries, keys and values side by side */
    float *preatt;  /* (T, T) the kernel's scores, for the comparison */
    float *katt;    /* (T, T) the kernel's attention */
    float *out;     /* (T, C) an output */
    float *out2;    /* (T, C) the output after a change of the input */
} Demo;

static int demo_alloc(Demo *d, int C)
{
    long tc = (long)T * C;
    long n = (long)V * C + 3 * tc + 6L * T * T + 3 * tc + 2 * tc;
    d->C = C;
    d->table = calloc((size_t)n, sizeof(float));
    if (!d->table) return error_set("out of memory for %ld numbers", n);
    d->pe = d->table + (long)V * C;
    d->x = d->pe + tc;
    d->x2 = d->x + tc;
    d->scores = d->x2 + tc;
    d->masked = d->scores + T * T;
    d->att = d->masked + T * T;
    d->qkv = d->att + 2 * T * T;
    d->preatt = d->qkv + 3 * tc;
    d->katt = d->preatt + T * T;
    d->out = d->katt + T * T;
    d->out2 = d->out + tc;
    return 0;
}

static float max_abs_diff(const float *a, const float *b, long n)
{
    float m = 0.0f;
    for (long i = 0; i < n; i++) // equal infinities differ by 0, not NaN
        m = fmaxf(m, a[i] == b[i] ? 0.0f : fabsf(a[i] - b[i]));
    return m;
}

/* The kernel, one head, Q = K = V = X: out (T, C), att and preatt (T, T). */
static void attend(Demo *d, float *out, const float *x, int causal)
{
    int C = d->C;
    for (int t = 0; t < T; t++)
        for (int j = 0; j < 3; j++)
            memcpy(d->qkv + (long)t * 3 * C + j * C, x + (long)t * C,
                   sizeof(float) * C);
    attention_forward(out, d->katt, d->preatt, d->qkv, NULL, causal, 1, T,
                      C, 1);
}

/* 1. X (T, C) as in chapter 04: the same seed gives the same numbers. */
static int build_input(const Cli *cli, Demo *d, Rng *rng, float std)
{
    int C = d->C;
    for (int t = 0; t < T; t++) {
        d->positions[t] = t;
        d->ids[t] = 0;
        for (int v = 0; v < V; v++)
            if (!strcmp(TOKENS[t], VOCAB[v])) d->ids[t] = v;
    }
    rng_fill_normal(rng, d->table, (long)V * C, 0.0f, std);
    if (posenc_table(d->pe, T, C) != 0) return -1;
    embedding_forward(d->x, d->ids, d->table, T, C);
    embedding_forward(d->x, d->positions, d->pe, T, C);
    chapter_say(cli, "1. The input of chapter 04: \"");
    for (int t = 0; t < T; t++)
        chapter_say(cli, "%s%s", TOKENS[t], t + 1 < T ? " " : "\"\n");
    chapter_say(cli, "   X (%d, %d) = E[id] + PE(t), embeddings std %g; one "
                "head, Q = K = V = X\n\n", T, C, std);
    return 0;
}

/* 2. The scores, the mask, the softmax. */
static int show_mask(const Cli *cli, Demo *d)
{
    int C = d->C;
    matmul_forward(d->scores, d->x, d->x, NULL, T, C, T); // X Xᵀ
    for (int i = 0; i < T * T; i++) d->scores[i] *= 1.0f / sqrtf((float)C);
//> mask
    // query i may look at keys 0..i: every later key gets -inf
    for (int i = 0; i < T; i++)
        for (int j = 0; j < T; j++)
            d->masked[i * T + j] = j > i ? -INFINITY : d->scores[i * T + j];
    // exp(-inf) = 0: the future gets a weight of exactly 0
    softmax_forward(d->att, d->masked, T, T);
//< mask
    softmax_forward(d->att + T * T, d->scores, T, T); // no mask, to compare
    chapter_say(cli, "2. Scores Q K^T / sqrt(%d) with the causal mask:\n", C);
    chapter_print_matrix(cli, d->masked, T, T, TOKENS, TOKENS);
    chapter_say(cli, "   softmax of each row (lower-triangular):\n");
    chapter_print_matrix(cli, d->att, T, T, TOKENS, TOKENS);
    attend(d, d->out, d->x, 1);
    chapter_say(cli, "   attention_forward(causal = 1): max |diff| %.1e "
                "(scores), %.1e (softmax)\n\n",
                max_abs_diff(d->preatt, d->masked, T * T),
                max_abs_diff(d->katt, d->att, T * T));
    return 0;
}

/* 3. Change the future and look at the past. */
static int show_proof(const Cli *cli, Demo *d)
{
    int C = d->C, frost = FROST, last = T - 1;
    long early = (long)last * C; // rows 0..T-2: the tokens before the change
    chapter_say(cli, "3. Replace the last token, \"%s\" -> \"%s\", and "
                "compare the outputs\n", TOKENS[last], VOCAB[FROST]);
//> future-change
    // x2: the same sentence, but its last row is E[frost] + PE(T - 1)
    memcpy(d->x2, d->x, sizeof(float) * early);
    memset(d->x2 + early, 0, sizeof(float) * C);
    embedding_forward(d->x2 + early, &frost, d->table, 1, C);
    embedding_forward(d->x2 + early, &last, d->pe, 1, C);
    for (int causal = 1; causal >= 0; causal--) {
        attend(d, d->out, d->x, causal);
        attend(d, d->out2, d->x2, causal);
        float change = max_abs_diff(d->out, d->out2, early);
        int same = memcmp(d->out, d->out2, sizeof(float) * early) == 0;
        chapter_say(cli, "   %-8s rows 0..%d: max |change| = %.3g%s\n",
                    causal ? "causal:" : "no mask:", last - 1, change,
                    same ? " (identical, bit for bit)" : "");
    }
//< future-change
    chapter_say(cli, "   With the mask, what comes later cannot change what "
                "came before.\n\n");
    return 0;
}

static int draw_figures(const Cli *cli, const Demo *d)
{
    char path[FILEIO_PATH_MAX];
    chapter_figure(cli, "05-masked-scores.png", path, sizeof path);
    if (heatmap_scores(path, d->masked, T, TOKENS,
                       "causal scores: -inf above the diagonal",
                       cli->scale) != 0)
        return -1;
    const char *const captions[2] = {"causal", "full"};
    HeatmapStyle st = heatmap_style("attention with and without the mask");
    st.subtitle = "rows query, columns key: [SOS] Before my bed lies a pool "
                  "of moon bright";
    st.vmin = 0.0f;
    st.vmax = 1.0f;
    st.scale = cli->scale;
    chapter_figure(cli, "05-causal-vs-full.png", path, sizeof path);
    return heatmap_grid_write(path, d->att, 1, 2, T, T, NULL, captions, &st);
}

int main(int argc, char **argv)
{
    int d_model = 512;
    float std = 0.2f;
    CliOption opts[] = {
        {"--d-model", CLI_INT, &d_model, "model size d, even", 2, 4096},
        {"--std", CLI_FLOAT, &std, "std of the embeddings", 0, 100},
    };
    Cli cli = cli_defaults("chapter-05", "the causal mask: -inf above the "
                           "diagonal, left context only");
    int rc = cli_parse(&cli, argc, argv, opts, 2);
    if (rc >= 0) return rc;
    if (d_model % 2 != 0) {
        cli_fail(&cli, "--d-model: must be even (sin and cos pairs)");
        return 2; // a usage error
    }
    if (chapter_prepare_out(&cli) != 0)
        return cli_fail(&cli, error_message());
    Rng rng;
    rng_seed(&rng, (uint64_t)cli.seed);
    Demo d;
    rc = demo_alloc(&d, d_model);
    if (rc == 0) rc = build_input(&cli, &d, &rng, std);
    if (rc == 0) rc = show_mask(&cli, &d);
    if (rc == 0) rc = show_proof(&cli, &d);
    if (rc == 0) rc = draw_figures(&cli, &d);
    free(d.table);
    return rc ? cli_fail(&cli, error_message()) : 0;
}
