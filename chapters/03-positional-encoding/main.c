/* Chapter 03: positional encoding.
 *
 * Attention compares every token with every other token, and nothing in it
 * knows where a token stands: shuffle the input and the output is the same
 * rows, shuffled. This program shows that, then builds the sinusoidal
 * positional encoding of "Attention Is All You Need" (d_model 512), checks
 * that moving k positions is one fixed rotation and that the similarity of
 * two positions depends only on their distance, and compares it with the
 * learned position table of BERT.
 *
 *     make chapter-03                         # d_model 512, shift 5
 *     ./build/chapter-03 --d-model 64 --shift 3
 *
 * --fast draws smaller figures; the numbers stay the same.
 *
 * Writes into --out (default figures/): 03-pe-heatmap.png (positions x
 * dimensions), 03-pe-curves.png (a few dimensions along the positions) and
 * 03-position-similarity.png (PE(i) . PE(j) for the first positions).
 */
#include "attention.h"
#include "bert_config.h"
#include "chapter.h"
#include "cli.h"
#include "embedding.h"
#include "error.h"
#include "matmul.h"
#include "pe_figures.h"
#include "posenc.h"
#include "rng.h"
#include "tensor.h"
#include "vecmath.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { T = 10 };                  /* tokens in the shuffling test */
#define BERT_POSITIONS 512        /* rows tabulated: as many as BERT reads */
#define TWO_PI 6.28318530717958647692

float *pe_alloc(long n)
{
    float *p = calloc((size_t)n, sizeof(float));
    if (!p) error_set("out of memory for %ld numbers", n);
    return p;
}

static float max_abs_diff(const float *a, const float *b, long n)
{
    float m = 0.0f;
    for (long i = 0; i < n; i++) m = fmaxf(m, fabsf(a[i] - b[i]));
    return m;
}

/* Buffers of the shuffling test: tokens x (T, C), the two inputs xa, xb
 * and outputs ya, yb (T, C), and the attention scratch qkv (T, 3C),
 * att (T, T). */
typedef struct {
    int C;
    float *x, *xa, *xb, *ya, *yb, *qkv, *att;
} Shuffle;

/* y (T, C): one head of attention with Q = K = V = x (T, C). */
static void self_attention(Shuffle *s, float *y, const float *x)
{
    int C = s->C;
    for (int t = 0; t < T; t++)
        for (int j = 0; j < 3; j++) // query, key and value: all x[t]
            memcpy(s->qkv + (long)t * 3 * C + j * C, x + (long)t * C,
                   sizeof(float) * C);
    attention_forward(y, s->att, NULL, s->qkv, NULL, 0, 1, T, C, 1);
}

//> order-blind
/* Attention on the tokens in their order (xa) and shuffled (xb: slot t
 * holds token perm[t]); with pe, slot t also gets PE(t) added. Returns
 * max |yb[t] - ya[perm[t]]|: zero up to rounding means attention did not
 * notice the new order, it only shuffled its answers the same way. */
static float shuffle_gap(Shuffle *s, const int *perm, const float *pe)
{
    int C = s->C, slots[T];
    for (int t = 0; t < T; t++) {
        slots[t] = t;
        memcpy(s->xa + t * C, s->x + t * C, sizeof(float) * C);
        memcpy(s->xb + t * C, s->x + perm[t] * C, sizeof(float) * C);
    }
    if (pe) { // the position of a slot is a lookup, like a word's vector
        embedding_forward(s->xa, slots, pe, T, C);
        embedding_forward(s->xb, slots, pe, T, C);
    }
    self_attention(s, s->ya, s->xa);
    self_attention(s, s->yb, s->xb);
    float gap = 0.0f;
    for (int t = 0; t < T; t++)
        gap = fmaxf(gap, max_abs_diff(s->yb + t * C, s->ya + perm[t] * C, C));
    return gap;
}
//< order-blind

static int show_order_blind(const Cli *cli, Rng *rng, const float *pe, int C)
{
    long n = (long)T * C;
    float *mem = pe_alloc(8 * n + T * T);
    if (!mem) return -1;
    Shuffle s = {C, mem, mem + n, mem + 2 * n, mem + 3 * n, mem + 4 * n,
                 mem + 5 * n, mem + 8 * n};
    int perm[T];
    for (int t = 0; t < T; t++) perm[t] = t;
    rng_shuffle_int(rng, perm, T);
    rng_fill_normal(rng, s.x, n, 0.0f, 1.0f);
    chapter_say(cli, "1. Attention alone does not see the order\n"
                "   %d random token vectors X (%d, %d), one head with "
                "Q = K = V = X.\n   Shuffle them, slot t gets token "
                "perm[t] =", T, T, C);
    for (int t = 0; t < T; t++) chapter_say(cli, " %d", perm[t]);
    chapter_say(cli, "\n   no positions:  max |out'[t] - out[perm[t]]| = "
                "%.1e (rounding)\n", shuffle_gap(&s, perm, NULL));
    chapter_say(cli, "   with PE(t):    max |out'[t] - out[perm[t]]| = "
                "%.2f\n\n", shuffle_gap(&s, perm, pe));
    free(mem);
    return 0;
}

static int show_table(const Cli *cli, const float *pe, int C)
{
    chapter_say(cli, "2. The sinusoidal encoding, d_model = %d\n"
                "   PE(p)[2i] = sin(p w_i), PE(p)[2i+1] = cos(p w_i), "
                "w_i = 10000^(-2i/%d)\n   wavelengths 2 pi / w_i: %.2f "
                "positions (i = 0) up to %.0f (i = %d)\n", C, C,
                TWO_PI / posenc_frequency(0, C),
                TWO_PI / posenc_frequency(C / 2 - 1, C), C / 2 - 1);
    Tensor view = {(float *)pe, 2, {BERT_POSITIONS, C}, 0};
    view.size = (long)BERT_POSITIONS * C;
    if (!cli->quiet) tensor_print(stdout, &view, "   PE", 2);
    chapter_say(cli, "\n");
    return 0;
}

static int show_shift(const Cli *cli, const float *pe, int C, int k)
{
    const int probe[] = {0, 7, 50, 200, BERT_POSITIONS - 1};
    float *m = pe_alloc((long)C * C + C);
    if (!m) return -1;
    float *moved = m + (long)C * C;
    chapter_say(cli, "3. Moving k = %d positions is one rotation M (%d, %d)"
                "\n   %d blocks of 2 x 2, block i turns by k w_i; the same "
                "M for every p\n", k, C, C, C / 2);
    if (posenc_shift_matrix(m, k, C) != 0) {
        free(m);
        return -1;
    }
//> shift-check
    // M turns PE(p) into PE(p + k), whatever p is
    for (int j = 0; j < (int)(sizeof probe / sizeof probe[0]); j++) {
        int p = probe[j];
        matmul_forward(moved, pe + (long)p * C, m, NULL, 1, C, C); // M PE(p)
        chapter_say(cli, "   p = %3d: max |M PE(p) - PE(p+%d)| = %.1e\n", p,
                    k, max_abs_diff(moved, pe + (long)(p + k) * C, C));
    }
//< shift-check
    chapter_say(cli, "\n");
    free(m);
    return 0;
}

static int show_distance(const Cli *cli, const float *pe, int C, int k)
{
    const int p[] = {0, 10, 100, 300};
    const int dist[] = {0, 1, 2, 4, 8, 16, 32, 64, 128, 256};
    chapter_say(cli, "4. Similarity depends only on the distance\n");
    for (int j = 0; j < 4; j++)
        chapter_say(cli, "   p = %3d: PE(p) . PE(p+%d) = %.2f\n", p[j], k,
                    vec_dot(pe + (long)p[j] * C, pe + (long)(p[j] + k) * C,
                            C));
    chapter_say(cli, "   sum_i cos(%d w_i) = %.2f, the same number\n"
                "   distance k:     ", k, posenc_distance_dot(k, C));
    for (int j = 0; j < 10; j++) chapter_say(cli, "%5d", dist[j]);
    chapter_say(cli, "\n   PE(p).PE(p+k):  ");
    for (int j = 0; j < 10; j++)
        chapter_say(cli, "%5.0f", posenc_distance_dot(dist[j], C));
    chapter_say(cli, "\n\n");
    return 0;
}

static int show_bert(const Cli *cli)
{
    BertConfig cfg;
    bert_config_preset(&cfg, "base");
    long n = (long)cfg.max_position_embeddings * cfg.hidden_size;
    chapter_say(cli, "5. BERT learns its positions instead\n"
                "   bert-base: max_position_embeddings %d, hidden %d: a "
                "(%d, %d) table,\n   %ld numbers trained like the word "
                "embeddings; token t adds row t.\n   There is no row %d, "
                "so BERT reads at most %d tokens; the sinusoids\n   have no "
                "parameters and give a vector for any position.\n\n",
                cfg.max_position_embeddings, cfg.hidden_size,
                cfg.max_position_embeddings, cfg.hidden_size, n,
                cfg.max_position_embeddings, cfg.max_position_embeddings);
    return 0;
}

int main(int argc, char **argv)
{
    int d_model = 512, shift = 5;
    CliOption opts[] = {
        {"--d-model", CLI_INT, &d_model, "model size, even", 2, 4096},
        {"--shift", CLI_INT, &shift, "k of PE(p + k) = M PE(p)", 1, 100},
    };
    Cli cli = cli_defaults("chapter-03", "positional encoding: sinusoids, "
                           "shifts as rotations, BERT's learned table");
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

    // PE (512 + k, C): every position BERT can read, and k more
    int rows = BERT_POSITIONS + shift;
    float *pe = pe_alloc((long)rows * d_model);
    rc = pe ? posenc_table(pe, rows, d_model) : -1;
    if (rc == 0) rc = show_order_blind(&cli, &rng, pe, d_model);
    if (rc == 0) rc = show_table(&cli, pe, d_model);
    if (rc == 0) rc = show_shift(&cli, pe, d_model, shift);
    if (rc == 0) rc = show_distance(&cli, pe, d_model, shift);
    if (rc == 0) rc = show_bert(&cli);
    if (rc == 0) rc = pe_figures(&cli, pe, d_model);
    free(pe);
    return rc ? cli_fail(&cli, error_message()) : 0;
}
