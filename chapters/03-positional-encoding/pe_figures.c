#include "pe_figures.h"

#include "chapter.h"
#include "fileio.h"
#include "heatmap.h"
#include "plot.h"
#include "posenc.h"
#include "vecmath.h"

#include <stdio.h>
#include <stdlib.h>

#define TWO_PI 6.28318530717958647692

static int min_int(int a, int b) { return a < b ? a : b; }

/* Positions x dimensions, the picture of the table: fast columns on the
 * left, slow ones on the right. */
static int draw_heatmap(const Cli *cli, const float *pe, int C)
{
    int P = cli->fast ? 16 : 64, D = min_int(C, cli->fast ? 32 : 128);
    float *m = pe_alloc((long)P * D); // (P, D)
    if (!m) return -1;
    for (int p = 0; p < P; p++)
        for (int d = 0; d < D; d++) m[p * D + d] = pe[(long)p * C + d];
    char sub[128], path[FILEIO_PATH_MAX];
    snprintf(sub, sizeof sub, "PE(p) for positions 0..%d, dimensions "
             "0..%d of %d", P - 1, D - 1, C);
    HeatmapStyle st = heatmap_style("sinusoidal positional encoding");
    st.subtitle = sub;
    st.colormap = COLORMAP_DIVERGING;
    st.row_axis = "position p";
    st.col_axis = "dimension";
    st.values = 0;
    st.scale = cli->scale;
    chapter_figure(cli, "03-pe-heatmap.png", path, sizeof path);
    int rc = heatmap_write(path, m, P, D, &st);
    free(m);
    return rc;
}

/* Four sin dimensions along the positions: each is a wave, the higher the
 * dimension the longer the wave. */
static int draw_curves(const Cli *cli, const float *pe, int C)
{
    enum { NS = 4 };
    int P = cli->fast ? 32 : 100;
    int dims[NS] = {C / 16 / 2 * 2, C / 8 / 2 * 2, C / 4 / 2 * 2,
                    C / 2 / 2 * 2}; // even: the sin of a pair
    float *y = pe_alloc((long)NS * P); // (NS, P)
    if (!y) return -1;
    char names[NS][64];
    PlotSeries s[NS];
    for (int j = 0; j < NS; j++) {
        for (int p = 0; p < P; p++) y[j * P + p] = pe[(long)p * C + dims[j]];
        snprintf(names[j], sizeof names[j], "dim %d: sin, wavelength %.1f",
                 dims[j], TWO_PI / posenc_frequency(dims[j] / 2, C));
        s[j] = (PlotSeries){names[j], NULL, y + j * P, P};
    }
    PlotStyle st = plot_style("positional encoding: one wave per dimension",
                              "position p", "PE(p)[dim]");
    st.scale = cli->scale;
    int rc = plot_lines(cli->out, "03-pe-curves", s, NS, &st);
    free(y);
    return chapter_plot_done(cli, rc, "03-pe-curves");
}

/* PE(i) . PE(j): constant along every diagonal, because it depends only on
 * j - i. */
static int draw_similarity(const Cli *cli, const float *pe, int C)
{
    int S = cli->fast ? 8 : 32;
    float *m = pe_alloc((long)S * S); // (S, S)
    if (!m) return -1;
    for (int i = 0; i < S; i++)
        for (int j = 0; j < S; j++)
            m[i * S + j] = vec_dot(pe + (long)i * C, pe + (long)j * C, C);
    char sub[128], path[FILEIO_PATH_MAX];
    snprintf(sub, sizeof sub, "d_model %d: %d = d/2 on the diagonal, "
             "equal along each diagonal", C, C / 2);
    HeatmapStyle st = heatmap_style("dot products of positions PE(i) . PE(j)");
    st.subtitle = sub;
    st.row_axis = "position i";
    st.col_axis = "position j";
    st.values = 0;
    st.scale = cli->scale;
    chapter_figure(cli, "03-position-similarity.png", path, sizeof path);
    int rc = heatmap_write(path, m, S, S, &st);
    free(m);
    return rc;
}

int pe_figures(const Cli *cli, const float *pe, int C)
{
    if (draw_heatmap(cli, pe, C) != 0) return -1;
    if (draw_curves(cli, pe, C) != 0) return -1;
    return draw_similarity(cli, pe, C);
}
