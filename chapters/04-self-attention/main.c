/* Chapter 04: self-attention.
 *
 * The lecture's example, "[SOS] Before my bed lies a pool of moon bright":
 * ten tokens, each an id, each id a row of an embedding table (random here,
 * d_model 512) plus the positional encoding of its place, stacked into
 * X (10, 512). With Q = K = V = X the program computes, step by step, the
 * scores Q Kᵀ / √d, the softmax of each row and the output, checks that
 * every row of probabilities sums to 1 and that the library's
 * attention_forward gives the same. Then it adds the projections W_Q, W_K,
 * W_V (random here; training learns them) and splits them into 8 heads.
 *
 *     make chapter-04
 *     ./build/chapter-04 --std 1     # bigger embeddings: the diagonal wins
 *
 * The example is small already, so --fast changes nothing here.
 *
 * Writes into --out (default figures/): 04-scores.png (the scores, tokens
 * on both axes), 04-attention.png (their softmax) and 04-heads.png (the
 * attention of each of the 8 heads).
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
#include "tensor.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { T = 10 };
static const char *const TOKENS[T] = {"[SOS]", "Before", "my",   "bed",
                                      "lies",  "a",      "pool", "of",
                                      "moon",  "bright"};
/* The vocabulary: the words of the first lines of the poem, in order. */
static const char *const VOCAB[] = {
    "[PAD]", "[SOS]", "[EOS]", "Before", "my",      "bed",  "lies",
    "a",     "pool",  "of",    "moon",   "bright",  "I",    "could",
    "imagine", "that", "it's", "frost",  "on",      "the",  "ground"};
enum { V = sizeof VOCAB / sizeof VOCAB[0] };

typedef struct {
    int C, NH;
    int ids[T];
    float *table;   /* (V, C) word embeddings, random */
    float *pe;      /* (T, C) positional encodings */
    float *x;       /* (T, C) the input: E[ids] + PE */
    float *scores;  /* (T, T) Q Kᵀ / √C with Q = K = V = X */
    float *att;     /* (T, T) softmax of each row of scores */
    float *out;     /* (T, C) att · V */
    float *w_qkv;   /* (3C, C) W_Q, W_K, W_V stacked, (out, in) each */
    float *qkv;     /* (T, 3C) queries, keys and values side by side */
    float *att_h;   /* (NH, T, T) the attention of every head */
    float *out_h;   /* (T, C) the heads' outputs side by side */
} Demo;

static int demo_alloc(Demo *d, int C, int NH)
{
    long tc = (long)T * C;
    long n = (long)V * C + 4 * tc + 2L * T * T + 3L * C * C + 3 * tc +
             (long)NH * T * T;
    d->C = C;
    d->NH = NH;
    d->table = calloc((size_t)n, sizeof(float));
    if (!d->table) return error_set("out of memory for %ld numbers", n);
    d->pe = d->table + (long)V * C;
    d->x = d->pe + tc;
    d->scores = d->x + tc;
    d->att = d->scores + T * T;
    d->out = d->att + T * T;
    d->w_qkv = d->out + tc;
    d->qkv = d->w_qkv + 3L * C * C;
    d->att_h = d->qkv + 3 * tc;
    d->out_h = d->att_h + (long)NH * T * T;
    return 0;
}

static float max_abs_diff(const float *a, const float *b, long n)
{
    float m = 0.0f;
    for (long i = 0; i < n; i++) m = fmaxf(m, fabsf(a[i] - b[i]));
    return m;
}

static void print_tensor(const Cli *cli, const float *m, int rows, int cols,
                         const char *name)
{
    Tensor view = {(float *)m, 2, {rows, cols}, (long)rows * cols};
    if (!cli->quiet) tensor_print(stdout, &view, name, 2);
}

/* 1. Tokens -> ids -> vectors, plus positions: X (T, C). */
static int show_input(const Cli *cli, Demo *d, Rng *rng, float std)
{
    int C = d->C, positions[T];
    chapter_say(cli, "1. The input: %d tokens, each an id, each id a row of "
                "a (%d, %d) table\n  ", T, V, C);
    for (int t = 0; t < T; t++) {
        positions[t] = t;
        d->ids[t] = 0;
        for (int v = 0; v < V; v++)
            if (!strcmp(TOKENS[t], VOCAB[v])) d->ids[t] = v;
        chapter_say(cli, " %s:%d", TOKENS[t], d->ids[t]);
    }
    rng_fill_normal(rng, d->table, (long)V * C, 0.0f, std);
    if (posenc_table(d->pe, T, C) != 0) return -1;
//> embed
    // X (T, C): row t is the embedding of token t plus the encoding of t
    embedding_forward(d->x, d->ids, d->table, T, C);
    embedding_forward(d->x, positions, d->pe, T, C);
//< embed
    chapter_say(cli, "\n   embeddings: normal, std %g; X = E[id] + PE(t)\n",
                std);
    print_tensor(cli, d->x, T, C, "   X");
    chapter_say(cli, "\n");
    return 0;
}

/* 2. One head, Q = K = V = X, by hand and by attention_forward. */
static int show_plain(const Cli *cli, Demo *d)
{
    int C = d->C;
    const float *q = d->x, *k = d->x, *v = d->x;
//> scores
    // scores (T, T) = Q Kᵀ / √C: matmul_forward computes inp · weightᵀ
    matmul_forward(d->scores, q, k, NULL, T, C, T);
    for (int i = 0; i < T * T; i++) d->scores[i] *= 1.0f / sqrtf((float)C);
    // att (T, T): each row becomes probabilities over the keys
    softmax_forward(d->att, d->scores, T, T);
    // out (T, C): row t = sum over j of att[t][j] V[j], a weighted average
    memset(d->out, 0, sizeof(float) * T * C);
    for (int t = 0; t < T; t++)
        for (int j = 0; j < T; j++)
            for (int c = 0; c < C; c++)
                d->out[t * C + c] += d->att[t * T + j] * v[j * C + c];
//< scores
    chapter_say(cli, "2. Self-attention with Q = K = V = X (one head, "
                "d_k = %d)\n   scores = Q K^T / sqrt(%d):\n", C, C);
    chapter_print_matrix(cli, d->scores, T, T, TOKENS, TOKENS);
    chapter_say(cli, "   softmax of each row:\n");
    chapter_print_matrix(cli, d->att, T, T, TOKENS, TOKENS);
    double worst = 0.0;
    int diagonal = 0;
    chapter_say(cli, "   row sums:");
    for (int t = 0; t < T; t++) {
        double sum = 0.0;
        int best = 0;
        for (int j = 0; j < T; j++) {
            sum += d->att[t * T + j];
            if (d->att[t * T + j] > d->att[t * T + best]) best = j;
        }
        worst = fmax(worst, fabs(sum - 1.0));
        diagonal += best == t;
        chapter_say(cli, " %.2f", sum);
    }
    chapter_say(cli, "\n   every row sums to 1: max |sum - 1| = %.1e\n"
                "   the largest weight of the row is the token itself in %d "
                "of %d rows\n", worst, diagonal, T);
    print_tensor(cli, d->out, T, C, "   out = att V");
    // the library kernel on the same input: Q, K, V side by side per token
    for (int t = 0; t < T; t++)
        for (int j = 0; j < 3; j++)
            memcpy(d->qkv + (long)t * 3 * C + j * C, d->x + (long)t * C,
                   sizeof(float) * C);
    attention_forward(d->out_h, d->att_h, NULL, d->qkv, NULL, 0, 1, T, C, 1);
    chapter_say(cli, "   attention_forward gives the same: max |diff| = "
                "%.1e\n\n", max_abs_diff(d->out_h, d->out, (long)T * C));
    return 0;
}

/* 3. Projections W_Q, W_K, W_V, then NH heads of C / NH features. */
static int show_heads(const Cli *cli, Demo *d, Rng *rng)
{
    int C = d->C, NH = d->NH, moon = 8;
    // random stand-ins for what training learns, std 2 / √C: large enough
    // that the heads differ visibly (BERT starts at std 0.02, where every
    // head spreads its attention almost evenly until training shapes it)
    rng_fill_normal(rng, d->w_qkv, 3L * C * C, 0.0f, 2.0f / sqrtf((float)C));
//> heads
    // qkv (T, 3C) = X W_qkvᵀ: each token's query, key and value
    matmul_forward(d->qkv, d->x, d->w_qkv, NULL, T, C, 3 * C);
    // NH heads, each on its own C / NH features of Q, K and V
    attention_forward(d->out_h, d->att_h, NULL, d->qkv, NULL, 0, 1, T, C,
                      NH);
//< heads
    char heads[16][24];
    const char *labels[16];
    for (int h = 0; h < NH; h++) {
        snprintf(heads[h], sizeof heads[h], "head %d", h + 1);
        labels[h] = heads[h];
    }
    chapter_say(cli, "3. Q = X W_Q, K = X W_K, V = X W_V (random W, %d x %d "
                "each)\n   %d heads of d_k = %d; attention of \"%s\" in each "
                "head:\n", C, C, NH, C / NH, TOKENS[moon]);
    float rows[16 * T]; // (NH, T): row "moon" of every head
    for (int h = 0; h < NH; h++)
        memcpy(rows + h * T, d->att_h + ((long)h * T + moon) * T,
               sizeof(float) * T);
    chapter_print_matrix(cli, rows, NH, T, labels, TOKENS);
    chapter_say(cli, "   att (%d, %d, %d); the heads' outputs side by side: "
                "out (%d, %d)\n\n", NH, T, T, T, C);
    return 0;
}

static int draw_figures(const Cli *cli, const Demo *d)
{
    char path[FILEIO_PATH_MAX], title[96];
    snprintf(title, sizeof title, "scores Q K^T / sqrt(%d), Q = K = V = X",
             d->C);
    chapter_figure(cli, "04-scores.png", path, sizeof path);
    if (heatmap_scores(path, d->scores, T, TOKENS, title, cli->scale) != 0)
        return -1;
    chapter_figure(cli, "04-attention.png", path, sizeof path);
    if (heatmap_attention(path, d->att, T, TOKENS,
                          "attention softmax(Q K^T / sqrt(d_k))",
                          cli->scale) != 0)
        return -1;
    snprintf(title, sizeof title, "%d heads of d_k = %d, random W_Q, W_K, "
             "W_V", d->NH, d->C / d->NH);
    chapter_figure(cli, "04-heads.png", path, sizeof path);
    return heatmap_attention_grid(path, d->att_h, 1, d->NH, T, TOKENS, title,
                                  cli->scale);
}

int main(int argc, char **argv)
{
    int d_model = 512, heads = 8;
    float std = 0.2f;
    CliOption opts[] = {
        {"--d-model", CLI_INT, &d_model, "model size d", 2, 4096},
        {"--heads", CLI_INT, &heads, "heads, dividing d", 1, 16},
        {"--std", CLI_FLOAT, &std, "std of the embeddings", 0, 100},
    };
    Cli cli = cli_defaults("chapter-04", "self-attention: Q K^T / sqrt(d), "
                           "softmax, heads");
    int rc = cli_parse(&cli, argc, argv, opts, 3);
    if (rc >= 0) return rc;
    if (d_model % 2 != 0 || d_model % heads != 0) {
        cli_fail(&cli, "--d-model: must be even and divisible by --heads");
        return 2; // a usage error
    }
    if (chapter_prepare_out(&cli) != 0)
        return cli_fail(&cli, error_message());
    Rng rng;
    rng_seed(&rng, (uint64_t)cli.seed);
    Demo d;
    rc = demo_alloc(&d, d_model, heads);
    if (rc == 0) rc = show_input(&cli, &d, &rng, std);
    if (rc == 0) rc = show_plain(&cli, &d);
    if (rc == 0) rc = show_heads(&cli, &d, &rng);
    if (rc == 0) rc = draw_figures(&cli, &d);
    free(d.table);
    return rc ? cli_fail(&cli, error_message()) : 0;
}
