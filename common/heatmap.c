#include "heatmap.h"

#include "error.h"
#include "font.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sizes in pixels before the figure's magnification. */
enum {
    TEXT = 2,            /* magnification of labels and values */
    TITLE = 3,           /* of the title */
    MARGIN = 16,         /* white border around everything */
    GAP = 8,             /* between labels and what they label */
    TICK = 4,            /* tick marks when only every k-th label is drawn */
    LABEL_PITCH = 18,    /* least distance between two labels' centres */
    DEFAULT_CELL = 40,
    MAX_GRID = 1024,     /* cells shrink until the matrix fits in this */
    PANEL_MAX_CELL = 24,
    PANEL_GAP = 12,
    BAR_GAP = 24,
    BAR_WIDTH = 18,
    BAR_MIN_HEIGHT = 120,
    SWATCH = 14,         /* legend squares for -inf and NaN */
    MAX_LABEL = 20,      /* characters; longer labels are cut */
    MAX_GRID_PANELS = 1024
};

static const Rgb WHITE = {255, 255, 255};
static const Rgb INK = {33, 33, 33};
static const Rgb SOFT_INK = {90, 90, 90};
static const Rgb FRAME = {150, 150, 150};

/* Everything decided before drawing: the data, the colour range, the cell
 * size and which labels fit. One figure is described by one Plan. */
typedef struct {
    HeatmapStyle st;
    const float *m;            /* (grid_rows, grid_cols, rows, cols) */
    int grid_rows, grid_cols;  /* 1, 1 for a single matrix */
    int rows, cols;
    const char *const *row_captions, *const *col_captions;  /* grids */
    float lo, hi;              /* colour range */
    int has_masked, has_nan;
    int cell, gap;             /* cell pitch; white line between cells */
    int value_text;            /* magnification of cell values, 0: none */
    int krow, kcol;            /* label every k-th row, column */
    int col_up;                /* column labels turned to read upwards */
} Plan;

/* ---- placing things: measure first, then draw ---------------------------- */

/* The figure is laid out around the matrix's top-left corner (0, 0), so
 * labels and titles land at negative coordinates. The same drawing code
 * runs twice: first with no image, only growing the bounds, then onto an
 * image of exactly that size, shifted by (ox, oy). */
typedef struct {
    Image *img;          /* NULL while measuring */
    int ox, oy;
    int x0, y0, x1, y1;  /* bounds of everything placed so far */
    int any;
} Canvas;

static void grow(Canvas *cv, int x, int y, int w, int h)
{
    if (w <= 0 || h <= 0) return;
    if (!cv->any) {
        cv->x0 = x, cv->y0 = y, cv->x1 = x + w, cv->y1 = y + h;
        cv->any = 1;
        return;
    }
    if (x < cv->x0) cv->x0 = x;
    if (y < cv->y0) cv->y0 = y;
    if (x + w > cv->x1) cv->x1 = x + w;
    if (y + h > cv->y1) cv->y1 = y + h;
}

static void put_rect(Canvas *cv, int x, int y, int w, int h, Rgb c)
{
    grow(cv, x, y, w, h);
    if (cv->img) image_fill_rect(cv->img, x + cv->ox, y + cv->oy, w, h, c);
}

/* A one-pixel outline of the box (x, y, w, h). */
static void put_frame(Canvas *cv, int x, int y, int w, int h, Rgb c)
{
    put_rect(cv, x, y, w, 1, c);
    put_rect(cv, x, y + h - 1, w, 1, c);
    put_rect(cv, x, y, 1, h, c);
    put_rect(cv, x + w - 1, y, 1, h, c);
}

static void put_text(Canvas *cv, int x, int y, const char *s, int size,
                     Rgb c)
{
    grow(cv, x, y, font_text_width(s, size), FONT_HEIGHT * size);
    if (cv->img) image_draw_text(cv->img, x + cv->ox, y + cv->oy, s, size, c);
}

static void put_text_up(Canvas *cv, int x, int y, const char *s, int size,
                        Rgb c)
{
    grow(cv, x, y, FONT_HEIGHT * size, font_text_width(s, size));
    if (cv->img)
        image_draw_text_up(cv->img, x + cv->ox, y + cv->oy, s, size, c);
}

/* ---- numbers and labels -------------------------------------------------- */

/* Two decimals as on the lecture slides; "0.00" rather than "-0.00". */
static void format_value(char *buf, size_t cap, float v)
{
    if (isnan(v))
        snprintf(buf, cap, "nan");
    else if (isinf(v))
        snprintf(buf, cap, v > 0 ? "inf" : "-inf");
    else if (fabsf(v) < 1e4f)
        snprintf(buf, cap, "%.2f", (double)v);
    else
        snprintf(buf, cap, "%.3g", (double)v);
    if (strcmp(buf, "-0.00") == 0) snprintf(buf, cap, "0.00");
}

/* Copies s, cut to MAX_LABEL characters ("..." would not fit the font's
 * narrow cells, so the cut is marked ".."). cap must hold MAX_LABEL
 * four-byte characters. */
static void cut_label(char *out, size_t cap, const char *s)
{
    int n = font_text_length(s);
    int keep = n > MAX_LABEL ? MAX_LABEL - 2 : n;
    const char *p = s;
    for (int k = 0; k < keep; k++) font_utf8_next(&p);
    size_t bytes = (size_t)(p - s);
    assert(bytes + 3 <= cap);
    memcpy(out, s, bytes);
    strcpy(out + bytes, n > keep ? ".." : "");
}

/* Label i of a row or column: its string, or its number without labels. */
static void label_text(char *out, size_t cap, const char *const *labels,
                       int i)
{
    if (!labels)
        snprintf(out, cap, "%d", i);
    else
        cut_label(out, cap, labels[i] ? labels[i] : "");
}

/* The smallest of 1, 2, 5, 10, 20, 50, ... that is at least need. */
static int nice_step(int need)
{
    for (int base = 1;; base *= 10) {
        if (need <= base) return base;
        if (need <= 2 * base) return 2 * base;
        if (need <= 5 * base) return 5 * base;
        if (base > 100000) return need;
    }
}

static int ceil_div(int a, int b) { return (a + b - 1) / b; }

/* ---- colours ------------------------------------------------------------- */

static Rgb cell_color(const Plan *p, float v)
{
    if (isnan(v)) return HEATMAP_NAN_RGB;
    if (isinf(v) && v < 0) return HEATMAP_MASKED_RGB;
    double t = ((double)v - p->lo) / ((double)p->hi - p->lo);
    return colormap_color(p->st.colormap, (float)t);  /* +inf: clamped */
}

static Rgb value_color(const Plan *p, float v)
{
    if (isinf(v) && v < 0) return (Rgb){220, 220, 220};
    return colormap_text_color(cell_color(p, v));
}

/* The colour range from the style, or else from the finite values. */
static int color_range(Plan *p)
{
    float vmin = p->st.vmin, vmax = p->st.vmax;
    if (!isfinite(vmin) || !isfinite(vmax) || vmin > vmax)
        return error_set("heatmap: colour range %g .. %g: need finite "
                         "vmin <= vmax", (double)vmin, (double)vmax);
    long n = (long)p->grid_rows * p->grid_cols * p->rows * p->cols;
    float lo = INFINITY, hi = -INFINITY;
    for (long i = 0; i < n; i++) {
        float v = p->m[i];
        if (isfinite(v)) {
            if (v < lo) lo = v;
            if (v > hi) hi = v;
        } else if (isnan(v)) {
            p->has_nan = 1;
        } else if (v < 0) {
            p->has_masked = 1;
        }
    }
    if (vmin < vmax) {
        lo = vmin, hi = vmax;
    } else if (lo > hi) {  /* no finite value at all */
        lo = 0, hi = 1;
    }
    if (p->st.colormap == COLORMAP_DIVERGING) {
        /* Symmetric, so that 0 falls on the white middle of the map. */
        float a = fmaxf(fabsf(lo), fabsf(hi));
        if (a == 0) a = 1;
        lo = -a, hi = a;
    } else if (lo == hi) {
        float d = fabsf(lo) > 1 ? 0.5f * fabsf(lo) : 0.5f;
        lo -= d, hi += d;
    }
    p->lo = lo, p->hi = hi;
    return 0;
}

/* ---- parts of a figure --------------------------------------------------- */

/* One matrix's cells at (x, y), with its values when they fit. */
static void draw_cells(Canvas *cv, const Plan *p, const float *m, int x,
                       int y)
{
    int c = p->cell, inner = c - p->gap;
    for (int i = 0; i < p->rows; i++)
        for (int j = 0; j < p->cols; j++)
            put_rect(cv, x + j * c, y + i * c, inner, inner,
                     cell_color(p, m[(long)i * p->cols + j]));
    if (!p->value_text) return;
    int s = p->value_text;
    for (int i = 0; i < p->rows; i++)
        for (int j = 0; j < p->cols; j++) {
            float v = m[(long)i * p->cols + j];
            char buf[32];
            format_value(buf, sizeof buf, v);
            int tw = font_text_width(buf, s);
            put_text(cv, x + j * c + (inner - tw + 1) / 2,
                     y + i * c + (inner - FONT_ASCENT * s + 1) / 2, buf, s,
                     value_color(p, v));
        }
}

/* A vertical colour bar h pixels tall at (x, y): the maximum at the top,
 * its minimum, middle and maximum printed beside it, then a legend swatch
 * for -inf and NaN cells when there are any. */
static void draw_colorbar(Canvas *cv, const Plan *p, int x, int y, int h)
{
    for (int i = 0; i < h; i++) {
        float t = h > 1 ? 1.0f - (float)i / (float)(h - 1) : 1.0f;
        put_rect(cv, x, y + i, BAR_WIDTH, 1,
                 colormap_color(p->st.colormap, t));
    }
    put_frame(cv, x - 1, y - 1, BAR_WIDTH + 2, h + 2, FRAME);
    float v[3] = {p->hi, 0.5f * (p->lo + p->hi), p->lo};
    int at[3] = {y, y + (h - 1) / 2, y + h - 1};
    int tx = x + BAR_WIDTH + 1 + TICK + 4;
    for (int k = 0; k < 3; k++) {
        char buf[32];
        format_value(buf, sizeof buf, v[k]);
        put_rect(cv, x + BAR_WIDTH + 1, at[k], TICK, 1, INK);
        put_text(cv, tx, at[k] - FONT_ASCENT * TEXT / 2, buf, TEXT, INK);
    }
    int yy = y + h + 2 * GAP;
    const char *name[2] = {"-inf", "nan"};
    Rgb color[2] = {HEATMAP_MASKED_RGB, HEATMAP_NAN_RGB};
    int present[2] = {p->has_masked, p->has_nan};
    for (int k = 0; k < 2; k++) {
        if (!present[k]) continue;
        put_rect(cv, x, yy, BAR_WIDTH, SWATCH, color[k]);
        put_text(cv, tx, yy + (SWATCH - FONT_ASCENT * TEXT) / 2, name[k],
                 TEXT, INK);
        yy += SWATCH + GAP;
    }
}

/* Row labels right-aligned left of the matrix, the row caption turned
 * up to the left of them. */
static void draw_row_labels(Canvas *cv, const Plan *p)
{
    int c = p->cell, inner = c - p->gap, widest = 0;
    for (int i = 0; i < p->rows; i += p->krow) {
        char buf[128];
        label_text(buf, sizeof buf, p->st.row_labels, i);
        int tw = font_text_width(buf, TEXT);
        if (tw > widest) widest = tw;
        put_text(cv, -GAP - tw, i * c + (inner - FONT_ASCENT * TEXT) / 2,
                 buf, TEXT, INK);
        if (p->krow > 1) put_rect(cv, -1 - TICK, i * c + inner / 2, TICK, 1,
                                  FRAME);
    }
    if (p->st.row_axis) {
        int tw = font_text_width(p->st.row_axis, TEXT);
        put_text_up(cv, -GAP - widest - GAP - FONT_HEIGHT * TEXT,
                    (p->rows * c - p->gap - tw) / 2, p->st.row_axis, TEXT,
                    SOFT_INK);
    }
}

/* Column labels above the matrix (turned up when they are too wide for
 * their columns), the column caption above them. */
static void draw_col_labels(Canvas *cv, const Plan *p)
{
    int c = p->cell, inner = c - p->gap, band = 0;
    for (int j = 0; j < p->cols; j += p->kcol) {
        char buf[128];
        label_text(buf, sizeof buf, p->st.col_labels, j);
        int tw = font_text_width(buf, TEXT), cx = j * c + inner / 2;
        if (p->col_up) {
            put_text_up(cv, cx - FONT_ASCENT * TEXT / 2, -GAP - tw, buf,
                        TEXT, INK);
            if (tw > band) band = tw;
        } else {
            put_text(cv, cx - tw / 2, -GAP - FONT_ASCENT * TEXT, buf, TEXT,
                     INK);
            band = FONT_ASCENT * TEXT;
        }
        if (p->kcol > 1) put_rect(cv, cx, -1 - TICK, 1, TICK, FRAME);
    }
    if (p->st.col_axis) {
        int tw = font_text_width(p->st.col_axis, TEXT);
        put_text(cv, (p->cols * c - p->gap - tw) / 2,
                 -GAP - band - GAP - FONT_HEIGHT * TEXT, p->st.col_axis,
                 TEXT, SOFT_INK);
    }
}

/* Title and subtitle centred above everything drawn so far. */
static void draw_titles(Canvas *cv, const Plan *p)
{
    int cx = (cv->x0 + cv->x1) / 2, y = cv->y0 - 2 * GAP;
    if (p->st.subtitle) {
        int tw = font_text_width(p->st.subtitle, TEXT);
        y -= FONT_HEIGHT * TEXT;
        put_text(cv, cx - tw / 2, y, p->st.subtitle, TEXT, SOFT_INK);
        y -= GAP;
    }
    if (p->st.title) {
        int tw = font_text_width(p->st.title, TITLE);
        y -= FONT_HEIGHT * TITLE;
        put_text(cv, cx - tw / 2, y, p->st.title, TITLE, INK);
    }
}

static void draw_single(Canvas *cv, const Plan *p)
{
    int w = p->cols * p->cell - p->gap, h = p->rows * p->cell - p->gap;
    draw_cells(cv, p, p->m, 0, 0);
    put_frame(cv, -1, -1, w + 2, h + 2, FRAME);
    draw_row_labels(cv, p);
    draw_col_labels(cv, p);
    draw_colorbar(cv, p, w + BAR_GAP, 0, h > BAR_MIN_HEIGHT ? h :
                  BAR_MIN_HEIGHT);
    draw_titles(cv, p);
}

static void draw_grid(Canvas *cv, const Plan *p)
{
    int pw = p->cols * p->cell, ph = p->rows * p->cell;
    int dx = pw + PANEL_GAP, dy = ph + PANEL_GAP;
    long panel = (long)p->rows * p->cols;
    for (int gr = 0; gr < p->grid_rows; gr++)
        for (int gc = 0; gc < p->grid_cols; gc++) {
            const float *m = p->m + ((long)gr * p->grid_cols + gc) * panel;
            draw_cells(cv, p, m, gc * dx, gr * dy);
            put_frame(cv, gc * dx - 1, gr * dy - 1, pw + 2, ph + 2, FRAME);
        }
    /* Column captions shrink to the small font when they would touch. */
    int size = TEXT;
    for (int gc = 0; p->col_captions && gc < p->grid_cols; gc++) {
        char buf[128];
        cut_label(buf, sizeof buf, p->col_captions[gc] ?
                  p->col_captions[gc] : "");
        if (font_text_width(buf, TEXT) > dx - GAP) size = 1;
    }
    for (int gc = 0; p->col_captions && gc < p->grid_cols; gc++) {
        char buf[128];
        cut_label(buf, sizeof buf, p->col_captions[gc] ?
                  p->col_captions[gc] : "");
        int tw = font_text_width(buf, size);
        put_text(cv, gc * dx + (pw - tw) / 2, -GAP - FONT_ASCENT * size,
                 buf, size, INK);
    }
    for (int gr = 0; p->row_captions && gr < p->grid_rows; gr++) {
        char buf[128];
        cut_label(buf, sizeof buf, p->row_captions[gr] ?
                  p->row_captions[gr] : "");
        int tw = font_text_width(buf, TEXT);
        put_text(cv, -GAP - tw, gr * dy + (ph - FONT_ASCENT * TEXT) / 2,
                 buf, TEXT, INK);
    }
    int h = p->grid_rows * dy - PANEL_GAP;
    draw_colorbar(cv, p, p->grid_cols * dx - PANEL_GAP + BAR_GAP, 0,
                  h > BAR_MIN_HEIGHT ? h : BAR_MIN_HEIGHT);
    draw_titles(cv, p);
}

/* ---- planning ------------------------------------------------------------ */

HeatmapStyle heatmap_style(const char *title)
{
    HeatmapStyle st;
    memset(&st, 0, sizeof st);
    st.title = title;
    st.colormap = COLORMAP_VIRIDIS;
    st.values = -1;
    st.scale = 1;
    return st;
}

static int check_args(Plan *p, const float *m, int rows, int cols,
                      const HeatmapStyle *style)
{
    memset(p, 0, sizeof *p);
    p->st = style ? *style : heatmap_style(NULL);
    p->m = m;
    p->rows = rows, p->cols = cols;
    p->grid_rows = p->grid_cols = 1;
    const HeatmapStyle *s = &p->st;
    if (!m) return error_set("heatmap: no matrix (NULL)");
    if (rows < 1 || cols < 1 || rows > HEATMAP_MAX_DIM ||
        cols > HEATMAP_MAX_DIM)
        return error_set("heatmap: shape (%d, %d): each side must be 1 to "
                         "%d", rows, cols, HEATMAP_MAX_DIM);
    if (s->scale < 1 || s->scale > HEATMAP_MAX_SCALE)
        return error_set("heatmap: scale %d: must be 1 to %d", s->scale,
                         HEATMAP_MAX_SCALE);
    if (s->cell < 0 || s->cell > 256)
        return error_set("heatmap: cell size %d: must be 0 (automatic) to "
                         "256", s->cell);
    if (s->values < -1 || s->values > 1)
        return error_set("heatmap: values %d: must be -1, 0 or 1",
                         s->values);
    if (s->colormap != COLORMAP_VIRIDIS && s->colormap != COLORMAP_DIVERGING)
        return error_set("heatmap: unknown colour map %d", (int)s->colormap);
    return 0;
}

/* The widest cell value at magnification 1. */
static int widest_value(const Plan *p)
{
    int widest = 0;
    long n = (long)p->rows * p->cols;
    for (long i = 0; i < n; i++) {
        char buf[32];
        format_value(buf, sizeof buf, p->m[i]);
        int w = font_text_width(buf, 1);
        if (w > widest) widest = w;
    }
    return widest;
}

/* Cell size, values and label steps of a single matrix. */
static void plan_single(Plan *p)
{
    int want = p->st.values == 1 ||
               (p->st.values == -1 && p->rows <= 16 && p->cols <= 16);
    int widest = want ? widest_value(p) : 0;
    int c = p->st.cell;
    if (c == 0) {
        c = DEFAULT_CELL;
        if (want && widest * TEXT + 16 > c) c = widest * TEXT + 16;
        int fit = MAX_GRID / (p->rows > p->cols ? p->rows : p->cols);
        if (c > fit) c = fit > 1 ? fit : 1;
    }
    p->cell = c;
    p->gap = c >= 16 ? 1 : 0;
    int inner = c - p->gap;
    for (int s = TEXT; want && s >= 1 && !p->value_text; s--)
        if (widest * s <= inner - 4 && FONT_ASCENT * s <= inner - 4)
            p->value_text = s;
    if (p->st.values == 1 && !p->value_text) p->value_text = 1;

    p->krow = nice_step(ceil_div(LABEL_PITCH, c));
    /* Column labels read best across; turn them up when across would
     * drop labels that upright ones keep. Numbers always go across. */
    int wide = 0;
    for (int j = 0; j < p->cols; j++) {
        char buf[128];
        label_text(buf, sizeof buf, p->st.col_labels, j);
        int w = font_text_width(buf, TEXT);
        if (w > wide) wide = w;
    }
    int across = nice_step(ceil_div(wide + GAP, c));
    int up = nice_step(ceil_div(LABEL_PITCH, c));
    p->col_up = p->st.col_labels && across > up;
    p->kcol = p->col_up ? up : across;
}

static Image *render(const Plan *p, void (*draw)(Canvas *, const Plan *),
                     HeatmapLayout *layout)
{
    Canvas measure;
    memset(&measure, 0, sizeof measure);
    draw(&measure, p);
    int w = measure.x1 - measure.x0 + 2 * MARGIN;
    int h = measure.y1 - measure.y0 + 2 * MARGIN;
    int k = p->st.scale;
    if ((long)w * k > IMAGE_MAX_SIDE || (long)h * k > IMAGE_MAX_SIDE ||
        (long)w * k * h * k > IMAGE_MAX_PIXELS) {
        error_set("heatmap: a figure of %d x %d pixels is too large; use "
                  "a smaller cell size or scale", w * k, h * k);
        return NULL;
    }
    Image *img = image_new(w, h, WHITE);
    if (!img) return NULL;
    Canvas cv;
    memset(&cv, 0, sizeof cv);
    cv.img = img;
    cv.ox = MARGIN - measure.x0;
    cv.oy = MARGIN - measure.y0;
    draw(&cv, p);
    if (k > 1) {
        Image *big = image_upscale(img, k);
        image_free(img);
        if (!big) return NULL;
        img = big;
    }
    if (layout) {
        layout->width = img->width;
        layout->height = img->height;
        layout->x = cv.ox * k;
        layout->y = cv.oy * k;
        layout->cell = p->cell * k;
        int multi = p->grid_rows > 1 || p->grid_cols > 1 ||
                    p->row_captions || p->col_captions;
        layout->panel_dx = multi ? (p->cols * p->cell + PANEL_GAP) * k : 0;
        layout->panel_dy = multi ? (p->rows * p->cell + PANEL_GAP) * k : 0;
        layout->values = p->value_text > 0;
        layout->label_step_rows = p->krow;
        layout->label_step_cols = p->kcol;
        layout->vmin = p->lo;
        layout->vmax = p->hi;
    }
    return img;
}

/* ---- the public functions ------------------------------------------------ */

Image *heatmap_render(const float *m, int rows, int cols,
                      const HeatmapStyle *style, HeatmapLayout *layout)
{
    Plan p;
    if (check_args(&p, m, rows, cols, style) != 0) return NULL;
    if (color_range(&p) != 0) return NULL;
    plan_single(&p);
    return render(&p, draw_single, layout);
}

Image *heatmap_grid_render(const float *panels, int grid_rows, int grid_cols,
                           int rows, int cols,
                           const char *const *grid_row_captions,
                           const char *const *grid_col_captions,
                           const HeatmapStyle *style, HeatmapLayout *layout)
{
    Plan p;
    if (check_args(&p, panels, rows, cols, style) != 0) return NULL;
    if (grid_rows < 1 || grid_cols < 1 ||
        (long)grid_rows * grid_cols > MAX_GRID_PANELS) {
        error_set("heatmap: grid (%d, %d): need 1 to %d panels", grid_rows,
                  grid_cols, MAX_GRID_PANELS);
        return NULL;
    }
    p.grid_rows = grid_rows, p.grid_cols = grid_cols;
    p.row_captions = grid_row_captions;
    p.col_captions = grid_col_captions;
    if (color_range(&p) != 0) return NULL;
    int c = p.st.cell;
    if (c == 0) {
        int fit_w = MAX_GRID / (grid_cols * cols);
        int fit_h = MAX_GRID / (grid_rows * rows);
        c = fit_w < fit_h ? fit_w : fit_h;
        if (c > PANEL_MAX_CELL) c = PANEL_MAX_CELL;
        if (c < 1) c = 1;
    }
    p.cell = c;
    p.krow = p.kcol = 1;
    return render(&p, draw_grid, layout);
}

/* Renders and writes; a failure names the path. */
static int write_image(const char *path, Image *img)
{
    if (!path) {
        image_free(img);
        return error_set("heatmap: no output path (NULL)");
    }
    if (!img) {
        char why[512];
        snprintf(why, sizeof why, "%s", error_message());
        return error_set("%s: %s", path, why);
    }
    int rc = image_write_png(img, path);
    image_free(img);
    return rc;
}

int heatmap_write(const char *path, const float *m, int rows, int cols,
                  const HeatmapStyle *style)
{
    return write_image(path, heatmap_render(m, rows, cols, style, NULL));
}

int heatmap_grid_write(const char *path, const float *panels, int grid_rows,
                       int grid_cols, int rows, int cols,
                       const char *const *grid_row_captions,
                       const char *const *grid_col_captions,
                       const HeatmapStyle *style)
{
    return write_image(path, heatmap_grid_render(
        panels, grid_rows, grid_cols, rows, cols, grid_row_captions,
        grid_col_captions, style, NULL));
}

static HeatmapStyle attention_style(const char *title,
                                    const char *const *tokens, int scale)
{
    HeatmapStyle st = heatmap_style(title);
    st.row_labels = tokens;
    st.col_labels = tokens;
    st.row_axis = "query";
    st.col_axis = "key";
    st.scale = scale;
    return st;
}

int heatmap_scores(const char *path, const float *scores, int T,
                   const char *const *tokens, const char *title, int scale)
{
    HeatmapStyle st = attention_style(title, tokens, scale);
    st.colormap = COLORMAP_DIVERGING;
    return heatmap_write(path, scores, T, T, &st);
}

int heatmap_attention(const char *path, const float *probs, int T,
                      const char *const *tokens, const char *title,
                      int scale)
{
    HeatmapStyle st = attention_style(title, tokens, scale);
    st.vmin = 0.0f;
    st.vmax = 1.0f;
    return heatmap_write(path, probs, T, T, &st);
}

/* "tokens: [CLS] the cat ..." cut to about 80 characters. */
static void token_line(char *out, size_t cap, const char *const *tokens,
                       int T)
{
    snprintf(out, cap, "tokens:");
    for (int t = 0; t < T; t++) {
        char tok[128];
        cut_label(tok, sizeof tok, tokens[t] ? tokens[t] : "");
        size_t used = strlen(out);
        if (font_text_length(out) + 1 + font_text_length(tok) > 80 ||
            used + strlen(tok) + 6 > cap) {
            snprintf(out + used, cap - used, " ...");
            return;
        }
        snprintf(out + used, cap - used, " %s", tok);
    }
}

int heatmap_attention_grid(const char *path, const float *probs, int L,
                           int NH, int T, const char *const *tokens,
                           const char *title, int scale)
{
    if (L < 1 || NH < 1 || L > MAX_GRID_PANELS || NH > MAX_GRID_PANELS)
        return error_set("%s: %d layers x %d heads: need 1 to %d panels",
                         path ? path : "heatmap", L, NH, MAX_GRID_PANELS);
    /* One allocation: the caption pointers, then their text. */
    enum { CAP = 16 };
    size_t n = (size_t)L + (size_t)NH;
    char *mem = malloc(n * (sizeof(char *) + CAP));
    if (!mem) return error_set("%s: out of memory", path ? path : "heatmap");
    char **caption = (char **)mem;
    char *text = mem + n * sizeof(char *);
    for (size_t i = 0; i < n; i++) {
        caption[i] = text + i * CAP;
        if (i < (size_t)L)
            snprintf(caption[i], CAP, "layer %d", (int)i + 1);
        else
            snprintf(caption[i], CAP, "head %d", (int)(i - (size_t)L) + 1);
    }
    char line[512];
    HeatmapStyle st = heatmap_style(title);
    st.vmin = 0.0f;
    st.vmax = 1.0f;
    st.scale = scale;
    if (tokens && T > 0) {
        token_line(line, sizeof line, tokens, T);
        st.subtitle = line;
    }
    int rc = heatmap_grid_write(path, probs, L, NH, T, T,
                                (const char *const *)caption,
                                (const char *const *)caption + L, &st);
    free(mem);
    return rc;
}
