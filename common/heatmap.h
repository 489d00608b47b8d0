/* heatmap: a matrix as a PNG figure, the way the lecture draws attention.
 *
 *     const char *tok[] = {"[SOS]", "Before", "my", "bed"};
 *     if (heatmap_attention("figures/attention.png", probs, 4, tok,
 *                           "softmax(QK^T / sqrt(d_k))", cli.scale) != 0)
 *         return cli_fail(&cli, error_message());
 *
 *     HeatmapStyle st = heatmap_style("positional encoding");  // defaults
 *     st.colormap = COLORMAP_DIVERGING;
 *     st.row_axis = "position";
 *     st.col_axis = "dimension";
 *     heatmap_write("figures/pe.png", pe, 64, 512, &st);
 *
 * A figure has square cells, one per matrix entry, labels for rows and
 * columns (NULL labels: the row and column numbers), axis captions, a
 * title and a colour bar with its minimum, middle and maximum printed.
 * Small matrices (up to 16 x 16 in auto mode) print each value in its cell
 * with two decimals ("0.12", "-0.12") in black or white, whichever reads
 * better on the cell. Large ones shrink the cells (down to 1 pixel), drop
 * the values and label only every k-th row and column (k = 1, 2, 5, 10,
 * 20, ...), with tick marks. -inf (a masked score) is drawn dark grey with
 * "-inf", NaN mid grey with "nan"; the colour range comes from the finite
 * values only, and a legend swatch appears under the colour bar for each.
 * With the diverging map the range is made symmetric, so 0 is white.
 * scale magnifies the whole figure by an integer, every pixel an exact
 * square block, for slides.
 *
 * Layout: m is (rows, cols), row-major; panels of a grid are (grid_rows,
 * grid_cols, rows, cols). Labels may be any UTF-8: characters outside
 * printable ASCII appear as boxes, and labels longer than 20 characters
 * are cut with "..". Every function returns 0 (or an image) on success and
 * -1 (or NULL) with error_message() saying why; the PNG is written to a
 * temporary file and renamed, so a failure never leaves a partial figure,
 * and the same input always gives the same bytes.
 */
#ifndef HEATMAP_H
#define HEATMAP_H

#include "colormap.h"
#include "image.h"

#define HEATMAP_MAX_DIM 16384 /* rows and columns of one matrix */
#define HEATMAP_MAX_SCALE 16
#define HEATMAP_MASKED_RGB ((Rgb){64, 64, 64})   /* -inf cells */
#define HEATMAP_NAN_RGB ((Rgb){160, 160, 160})   /* NaN cells */

typedef struct {
    const char *title;                /* NULL: none */
    const char *subtitle;             /* a second line, or NULL */
    const char *const *row_labels;    /* rows strings, or NULL: numbers */
    const char *const *col_labels;    /* cols strings, or NULL: numbers */
    const char *row_axis, *col_axis;  /* captions ("query", "key") or NULL */
    Colormap colormap;                /* COLORMAP_VIRIDIS or _DIVERGING */
    int values;       /* -1 auto (rows, cols <= 16), 0 never, 1 always */
    float vmin, vmax; /* colour range; vmin == vmax: from the data */
    int cell;         /* cell side in pixels before scaling, 0: automatic */
    int scale;        /* integer magnification, 1 .. HEATMAP_MAX_SCALE */
} HeatmapStyle;

/* Where things landed in a rendered figure, in its pixels. */
typedef struct {
    int width, height;       /* of the whole image */
    int x, y;                /* top-left corner of cell (0, 0) of panel 0 */
    int cell;                /* cell pitch (a cell is square) */
    int panel_dx, panel_dy;  /* from one panel to the next; 0 if single */
    int values;              /* 1 when values were printed in the cells */
    int label_step_rows;     /* every k-th row is labelled */
    int label_step_cols;
    float vmin, vmax;        /* the colour range used */
} HeatmapLayout;

/* Defaults: viridis, auto values and cell size, scale 1, no labels. */
HeatmapStyle heatmap_style(const char *title);

int heatmap_write(const char *path, const float *m, int rows, int cols,
                  const HeatmapStyle *style);
/* A grid of small panels sharing one colour range, with a caption per
 * panel row and column (like bertviz's model view of layers x heads).
 * Panels show colours only: no values, no row or column labels; style's
 * labels and axis captions are not used. Captions may be NULL. */
int heatmap_grid_write(const char *path, const float *panels, int grid_rows,
                       int grid_cols, int rows, int cols,
                       const char *const *grid_row_captions,
                       const char *const *grid_col_captions,
                       const HeatmapStyle *style);

/* The same figures as images, with their layout (layout may be NULL). */
Image *heatmap_render(const float *m, int rows, int cols,
                      const HeatmapStyle *style, HeatmapLayout *layout);
Image *heatmap_grid_render(const float *panels, int grid_rows, int grid_cols,
                           int rows, int cols,
                           const char *const *grid_row_captions,
                           const char *const *grid_col_captions,
                           const HeatmapStyle *style, HeatmapLayout *layout);

/* One-call figures of attention, T tokens, axes "query" and "key":
 * raw scores (T, T) on the diverging map, masked -inf shown; */
int heatmap_scores(const char *path, const float *scores, int T,
                   const char *const *tokens, const char *title, int scale);
/* attention probabilities (T, T) on viridis over the fixed range 0..1; */
int heatmap_attention(const char *path, const float *probs, int T,
                      const char *const *tokens, const char *title,
                      int scale);
/* every head of every layer, probs (L, NH, T, T), captions "layer 1".. and
 * "head 1".., the tokens listed under the title. */
int heatmap_attention_grid(const char *path, const float *probs, int L,
                           int NH, int T, const char *const *tokens,
                           const char *title, int scale);

#endif
