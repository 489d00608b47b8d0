/* Chapter 02: embeddings, from a token to a vector.
 *
 * A model cannot compute with words, only with numbers: each token gets an
 * id (its row in the vocabulary) and each id a vector (its row in the
 * embedding table). This program shows the lookup into a random table of
 * 512 numbers per token (d_model of the Transformer), then cosine
 * similarity, the angle between two vectors, on the classic word counts
 * of cherry, digital and information, and finally a learned space: word
 * vectors trained on the generated corpus by a model that fills in the
 * missing word, where cities end up near cities and rivers near rivers.
 *
 *     make chapter-02
 *     ./build/chapter-02 --word yen --docs 2000
 *
 * Writes into --out (default figures/): 02-count-vectors.png (the three
 * count vectors as arrows) and 02-similarity.png (cosine similarities of
 * ten learned word vectors).
 */
#include "chapter.h"
#include "cli.h"
#include "embedding.h"
#include "error.h"
#include "fileio.h"
#include "heatmap.h"
#include "plot.h"
#include "rng.h"
#include "space.h"
#include "vecmath.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define D_MODEL 512
#define SHOWN 5        /* numbers of a vector printed */
#define NEIGHBOURS 5
#define MAX_EPOCHS 100
#define TWO_PI 6.28318530717958647692

/* Counts of three words (pie, data, computer) near cherry, digital and
 * information in Wikipedia: Jurafsky and Martin, Speech and Language
 * Processing (3rd ed. draft), chapter 6. */
static const char *const COUNT_WORDS[3] = {"cherry", "digital",
                                           "information"};
static const float COUNTS[3][3] = {{442, 8, 2}, {5, 1683, 1670},
                                   {5, 3982, 3325}};

/* Ten words for the similarity figure: cities, countries, rivers, money. */
static const char *const SIM_WORDS[10] = {"paris", "rome", "tokyo",
                                          "france", "italy", "japan",
                                          "thames", "seine", "euro", "yen"};

/* 1. token -> id -> vector: a vocabulary of the sentence's own words and
 * a random table (V, D_MODEL). */
static int show_lookup(const Cli *cli, Rng *rng)
{
    const char *text = "Rome is the capital of Italy and the largest city "
                       "in Italy.";
    ToyVocab vocab = {0};
    ToyIds ids = {0};
    float *table = NULL, *x = NULL;
    int rc = toy_split_words(&vocab, text, TOY_ADD | TOY_LOWER, &ids);
    long V = vocab.n, T = ids.n;
    if (rc == 0) {
        table = malloc((size_t)(V * D_MODEL) * sizeof(float));
        x = calloc((size_t)(T * D_MODEL), sizeof(float));
        if (!table || !x) rc = error_set("out of memory");
    }
    if (rc == 0) {
        //> lookup
        // a fresh table: every token's vector is random, N(0, 1)
        rng_fill_normal(rng, table, V * D_MODEL, 0.0f, 1.0f);
        // x (T, 512): row t is the table's row ids[t]
        embedding_forward(x, ids.ids, table, (int)T, D_MODEL);
        //< lookup
        chapter_say(cli, "1. Token -> id -> vector\n   \"%s\"\n   %ld "
                    "tokens, %ld distinct; table (%ld, %d)\n\n   token"
                    "        id   vector\n", text, T, V, V, D_MODEL);
        for (int t = 0; t < T; t++) {
            const float *row = x + (long)t * D_MODEL;
            chapter_say(cli, "   %-10s %4d  ",
                        toy_vocab_token(&vocab, ids.ids[t]), ids.ids[t]);
            for (int c = 0; c < SHOWN; c++)
                chapter_say(cli, " %6.3f", (double)row[c]);
            chapter_say(cli, "  ... %6.3f\n", (double)row[D_MODEL - 1]);
        }
        chapter_say(cli, "\n   The same token, the same vector (\"the\", "
                    "\"italy\"). Two random vectors of\n   %d numbers are "
                    "nearly at right angles: cos(rome, italy) = %.3f\n\n",
                    D_MODEL, (double)vec_cosine(x, x + 5 * D_MODEL, D_MODEL));
    }
    toy_ids_free(&ids);
    toy_vocab_free(&vocab);
    free(table);
    free(x);
    return rc;
}

/* The three count vectors as arrows of length 1 in a plane, at the angles
 * their cosines give: cherry at acos(cos(cherry, information)) from
 * information on one side, digital at acos(cos(digital, information)) on
 * the other. Three directions in 3D do not all fit in a plane: the angle
 * between cherry and digital comes out 5 degrees too wide. The circle of
 * length 1 gives both axes the same scale. */
static int plot_angles(const Cli *cli)
{
    enum { ARC = 97 };
    float x[4][ARC], y[4][ARC];
    double a_ci = acos(vec_cosine(COUNTS[0], COUNTS[2], 3));
    double a_di = acos(vec_cosine(COUNTS[1], COUNTS[2], 3));
    // information points down and to the left, clear of the legend
    double info = 1.4 * TWO_PI / 2;
    double angle[3] = {info - a_ci, info + a_di, info};
    PlotSeries s[4];
    for (int i = 0; i < 3; i++) {
        x[i][0] = y[i][0] = 0.0f;
        x[i][1] = (float)cos(angle[i]);
        y[i][1] = (float)sin(angle[i]);
        s[i] = (PlotSeries){COUNT_WORDS[i], x[i], y[i], 2};
    }
    for (int k = 0; k < ARC; k++) {
        x[3][k] = (float)cos(TWO_PI * k / (ARC - 1));
        y[3][k] = (float)sin(TWO_PI * k / (ARC - 1));
    }
    s[3] = (PlotSeries){"length 1", x[3], y[3], ARC};
    PlotStyle ps = plot_style("Only the angle matters: cos 0.018 and 0.996",
                              NULL, NULL);
    ps.width = 640;   // a square plot area: the circle stays round
    ps.height = 620;
    ps.scale = cli->scale;
    int rc = plot_lines(cli->out, "02-count-vectors", s, 4, &ps);
    return chapter_plot_done(cli, rc, "02-count-vectors");
}

/* 2. Cosine similarity of the count vectors, and their picture. */
static int show_counts(const Cli *cli)
{
    chapter_say(cli, "2. Cosine similarity of count vectors\n"
                "   counts of nearby words   pie   data  computer\n");
    for (int i = 0; i < 3; i++)
        chapter_say(cli, "   %-22s %5.0f  %5.0f  %8.0f\n", COUNT_WORDS[i],
                    (double)COUNTS[i][0], (double)COUNTS[i][1],
                    (double)COUNTS[i][2]);
    const int pairs[3][2] = {{0, 2}, {1, 2}, {0, 1}};
    for (int p = 0; p < 3; p++) {
        int a = pairs[p][0], b = pairs[p][1];
        chapter_say(cli, "   cos(%s, %s) = %.3f\n", COUNT_WORDS[a],
                    COUNT_WORDS[b],
                    (double)vec_cosine(COUNTS[a], COUNTS[b], 3));
    }
    chapter_say(cli, "\n");
    return plot_angles(cli);
}

/* 3. The words whose learned vectors point most nearly the same way. */
static void show_neighbours(const Cli *cli, const Space *sp, const char *text)
{
    char word[64];   // the corpus words are lower case
    int len = 0;
    for (; text[len] && len < (int)sizeof word - 1; len++)
        word[len] = (char)tolower((unsigned char)text[len]);
    word[len] = '\0';
    const float *q = space_vector(sp, word);
    if (!q) {
        chapter_say(cli, "   %-9s (not in the corpus)\n", word);
        return;
    }
    int id = toy_vocab_id(&sp->vocab, word), H = sp->lm.cfg.hidden;
    int idx[NEIGHBOURS];
    float sims[NEIGHBOURS];
    // rows 1 .. V-1 of W2: every word but [PAD], and not the word itself
    int n = vec_nearest(idx, sims, NEIGHBOURS, q, sp->lm.p.w2 + H,
                        sp->vocab.n - 1, H, id - 1);
    chapter_say(cli, "   %-9s", word);
    for (int i = 0; i < n; i++)
        chapter_say(cli, " %s %.2f", toy_vocab_token(&sp->vocab, idx[i] + 1),
                    (double)sims[i]);
    chapter_say(cli, "\n");
}

/* The cosine of every pair of SIM_WORDS found in the corpus, as a
 * heatmap. */
static int plot_similarity(const Cli *cli, const Space *sp)
{
    const char *words[10];
    const float *vec[10];
    float sim[10 * 10];
    int n = 0, H = sp->lm.cfg.hidden;
    for (int i = 0; i < 10; i++)
        if ((vec[n] = space_vector(sp, SIM_WORDS[i])))
            words[n++] = SIM_WORDS[i];
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            sim[i * n + j] = vec_cosine(vec[i], vec[j], H);
    HeatmapStyle st = heatmap_style("Cosine similarity of learned word "
                                    "vectors");
    st.colormap = COLORMAP_DIVERGING;
    st.vmin = -1.0f;
    st.vmax = 1.0f;
    st.row_labels = st.col_labels = words;
    st.scale = cli->scale;
    char path[FILEIO_PATH_MAX];
    chapter_figure(cli, "02-similarity.png", path, sizeof path);
    return n > 0 ? heatmap_write(path, sim, n, n, &st) : 0;
}

int main(int argc, char **argv)
{
    int docs = 1000, epochs = 4, dim = 32;
    float lr = 5e-3f;
    const char *word = NULL;
    CliOption opts[] = {
        {"--docs", CLI_INT, &docs, "generated documents to learn from", 10,
         100000},
        {"--epochs", CLI_INT, &epochs, "passes over the corpus", 1,
         MAX_EPOCHS},
        {"--dim", CLI_INT, &dim, "numbers in a learned word vector", 2, 512},
        {"--lr", CLI_FLOAT, &lr, "peak learning rate", 1e-6, 1},
        {"--word", CLI_STRING, &word, "also show this word's neighbours", 0,
         0},
    };
    Cli cli = cli_defaults("chapter-02", "embeddings: token -> id -> vector, "
                           "cosine similarity, a learned space");
    int rc = cli_parse(&cli, argc, argv, opts, 5);
    if (rc >= 0) return rc;
    if (cli.fast) {
        docs = 30;
        epochs = 1;
    }
    if (chapter_prepare_out(&cli) != 0) return cli_fail(&cli, error_message());
    Rng rng;
    rng_seed(&rng, (uint64_t)cli.seed);
    if (show_lookup(&cli, &rng) != 0 || show_counts(&cli) != 0)
        return cli_fail(&cli, error_message());

    Space sp;
    float losses[MAX_EPOCHS];
    if (space_build(&sp, docs, dim, (uint64_t)cli.seed) != 0)
        return cli_fail(&cli, error_message());
    chapter_say(&cli, "3. A learned space\n   %d generated documents: %d "
                "sentences, %d words, %d distinct.\n   The model sees two "
                "words on each side and scores every word for the gap.\n",
                docs, sp.n_sentences, sp.n, sp.vocab.n - 1);
    if (space_train(&sp, epochs, lr, (uint64_t)cli.seed, losses) != 0) {
        space_free(&sp);
        return cli_fail(&cli, error_message());
    }
    for (int e = 0; e < epochs; e++)
        chapter_say(&cli, "   epoch %d: loss %.3f\n", e + 1, (double)losses[e]);
    chapter_say(&cli, "\n   Nearest words by cosine of their vectors (%d "
                "numbers each):\n", dim);
    const char *probes[] = {"paris", "italy", "thames", "euro", "food",
                            "capital", word};
    for (int i = 0; i < 7 && probes[i]; i++)
        show_neighbours(&cli, &sp, probes[i]);
    rc = plot_similarity(&cli, &sp) != 0 ? cli_fail(&cli, error_message()) : 0;
    space_free(&sp);
    return rc;
}
