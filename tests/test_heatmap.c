/* Tests of font.h, colormap.h, image.h and heatmap.h: the written PNG is
 * decoded again and its pixels are checked where the layout says the cells,
 * labels and panels are. */
#include "colormap.h"
#include "error.h"
#include "fileio.h"
#include "font.h"
#include "heatmap.h"
#include "image.h"
#include "testutil.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int same_rgb(Rgb a, Rgb b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b;
}

static void expect_rgb(Rgb got, Rgb want, const char *what)
{
    ck_assert_msg(same_rgb(got, want), "%s: got (%d, %d, %d), want (%d, %d, "
                  "%d)", what, got.r, got.g, got.b, want.r, want.g, want.b);
}

/* Files in dir (the temporaries of a failed write would show up here). */
static int count_files(const char *dir)
{
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
    closedir(d);
    return n;
}


/* The top-left pixel inside cell (i, j) of panel (gr, gc): away from the
 * centred value text. */
static Rgb cell_pixel(const Image *img, const HeatmapLayout *lay, int gr,
                      int gc, int i, int j)
{
    return image_pixel(img, lay->x + gc * lay->panel_dx + j * lay->cell + 1,
                       lay->y + gr * lay->panel_dy + i * lay->cell + 1);
}

static int has_ink(const Image *img, int x0, int y0, int x1, int y1)
{
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++)
            if (!same_rgb(image_pixel(img, x, y), (Rgb){255, 255, 255}))
                return 1;
    return 0;
}

/* ---- font and colours ---------------------------------------------------- */

START_TEST(test_utf8_walk)
{
    /* "a", e acute, a CJK character and an emoji: 1, 2, 3 and 4 bytes. */
    const char *s = "a\xc3\xa9\xe5\xba\x8a\xf0\x9f\x98\x80";
    ck_assert_int_eq(font_utf8_next(&s), 'a');
    ck_assert_int_eq(font_utf8_next(&s), 0xE9);
    ck_assert_int_eq(font_utf8_next(&s), 0x5E8A);
    ck_assert_int_eq(font_utf8_next(&s), 0x1F600);
    ck_assert_int_eq(*s, '\0');
    /* Bad bytes are one character each, and nothing past the NUL is read
     * (a truncated sequence at the end stops at the terminator). */
    const char *bad = "\xff\xc1\x81\xe5\xba";
    for (int k = 0; k < 5; k++) ck_assert_int_eq(font_utf8_next(&bad), -1);
    ck_assert_int_eq(*bad, '\0');
    const char *surrogate = "\xed\xa0\x80";
    ck_assert_int_eq(font_utf8_next(&surrogate), -1);
    ck_assert_int_eq(font_text_length("床前明月光"), 5);
    ck_assert_int_eq(font_text_length("ok\xe5\xba"), 4);
    /* Wide characters get the wide box; 'a' and 'b' are 5 wide with one
     * pixel between them. */
    ck_assert_int_eq(font_text_width("床", 1), FONT_MAX_WIDTH);
    ck_assert_int_eq(font_text_width("ab", 1), 11);
    ck_assert_int_eq(font_text_width("ab", 3), 33);
    ck_assert_int_eq(font_text_width("", 2), 0);
}
END_TEST

START_TEST(test_every_glyph_is_well_formed)
{
    for (int c = 32; c <= 126; c++) {
        FontGlyph g = font_glyph(c);
        ck_assert_msg(g.width >= 1 && g.width <= 5, "'%c' width %d", c,
                      g.width);
        int ink = 0;
        for (int y = 0; y < FONT_HEIGHT; y++) {
            for (int x = 0; x < g.width; x++) {
                char p = g.rows[y][x];
                ck_assert_msg(p == '#' || p == '.', "'%c' row %d: '%c'", c, y,
                              p);
                ink += p == '#';
            }
            char end = g.rows[y][g.width];
            ck_assert_msg(end == ' ' || end == '\0', "'%c' row %d is wider "
                          "than its first row", c, y);
        }
        ck_assert_msg(c == ' ' ? ink == 0 : ink > 0, "'%c': %d ink", c, ink);
    }
    /* Distinct characters look distinct. */
    FontGlyph o = font_glyph('0'), oh = font_glyph('O');
    int differ = 0;
    for (int y = 0; y < FONT_HEIGHT; y++)
        differ |= strncmp(o.rows[y], oh.rows[y], 5) != 0;
    ck_assert(differ);
}
END_TEST

START_TEST(test_colormaps)
{
    expect_rgb(colormap_color(COLORMAP_VIRIDIS, 0), (Rgb){68, 1, 84},
               "viridis(0)");
    expect_rgb(colormap_color(COLORMAP_VIRIDIS, 1), (Rgb){253, 231, 37},
               "viridis(1)");
    expect_rgb(colormap_color(COLORMAP_VIRIDIS, 0.5f), (Rgb){33, 145, 140},
               "viridis(0.5)");
    expect_rgb(colormap_color(COLORMAP_VIRIDIS, 7), (Rgb){253, 231, 37},
               "clamped");
    expect_rgb(colormap_color(COLORMAP_DIVERGING, 0.5f),
               (Rgb){247, 247, 247}, "diverging middle");
    expect_rgb(colormap_color(COLORMAP_DIVERGING, NAN), (Rgb){247, 247, 247},
               "NaN");
    Rgb lo = colormap_color(COLORMAP_DIVERGING, 0);
    Rgb hi = colormap_color(COLORMAP_DIVERGING, 1);
    ck_assert(lo.b > lo.r && hi.r > hi.b);  /* blue below, red above */
    /* Viridis gets lighter all the way up: that is what makes it read
     * as an order, even in grey. */
    double last = -1;
    for (int k = 0; k <= 200; k++) {
        Rgb c = colormap_color(COLORMAP_VIRIDIS, (float)k / 200);
        double luma = 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
        ck_assert_msg(luma >= last - 0.5, "viridis darkens at %d", k);
        last = luma;
    }
    expect_rgb(colormap_text_color((Rgb){253, 231, 37}), (Rgb){0, 0, 0},
               "text on yellow");
    expect_rgb(colormap_text_color((Rgb){68, 1, 84}), (Rgb){255, 255, 255},
               "text on purple");
}
END_TEST

START_TEST(test_image_basics)
{
    ck_assert_ptr_null(image_new(0, 5, (Rgb){0, 0, 0}));
    ck_assert_ptr_nonnull(strstr(error_message(), "out of range"));
    ck_assert_ptr_null(image_new(IMAGE_MAX_SIDE, IMAGE_MAX_SIDE,
                                 (Rgb){0, 0, 0}));
    Image *img = image_new(20, 10, (Rgb){255, 255, 255});
    ck_assert_ptr_nonnull(img);
    /* Clipping: rectangles and text far outside do no harm. */
    image_fill_rect(img, -5, -5, 8, 8, (Rgb){1, 2, 3});
    image_fill_rect(img, 15, 5, 1 << 30, 1 << 30, (Rgb){4, 5, 6});
    image_draw_text(img, -100, 3, "clipped \xff", 4, (Rgb){0, 0, 0});
    image_draw_text_up(img, 18, -3, "up", 1, (Rgb){0, 0, 0});
    expect_rgb(image_pixel(img, 2, 2), (Rgb){1, 2, 3}, "clipped rect");
    expect_rgb(image_pixel(img, 19, 9), (Rgb){4, 5, 6}, "far rect");
    expect_rgb(image_pixel(img, 50, 50), (Rgb){0, 0, 0}, "outside");
    Image *big = image_upscale(img, 3);
    ck_assert_ptr_nonnull(big);
    ck_assert_int_eq(big->width, 60);
    ck_assert_int_eq(big->height, 30);
    for (int y = 0; y < big->height; y++)
        for (int x = 0; x < big->width; x++)
            ck_assert(same_rgb(image_pixel(big, x, y),
                               image_pixel(img, x / 3, y / 3)));
    image_free(big);
    image_free(img);
    /* Reading something that is not a PNG fails with a message. */
    char dir[64], path[128];
    make_temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/not.png", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("\x89PNG but not really", f);
    fclose(f);
    ck_assert_ptr_null(image_read_png(path));
    ck_assert_ptr_nonnull(strstr(error_message(), "not a readable PNG"));
    ck_assert_ptr_null(image_read_png("/nonexistent/x.png"));
}
END_TEST

/* ---- heatmaps ------------------------------------------------------------ */

START_TEST(test_png_cells_and_labels)
{
    char dir[64], path[128];
    make_temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/m.png", dir);
    float m[4 * 5];
    fill_random(m, 20, 0.0f, 0.5f, 3);
    m[2 * 5 + 3] = 0.9f;  /* the one maximum */
    m[1 * 5 + 0] = -0.2f; /* the one minimum */
    const char *rows[4] = {"[CLS]", "the", "cat", "[SEP]"};
    const char *cols[5] = {"a", "b", "c", "d", "e"};
    HeatmapStyle st = heatmap_style("a 4 x 5 matrix");
    st.row_labels = rows;
    st.col_labels = cols;
    st.row_axis = "query";
    st.col_axis = "key";
    HeatmapLayout lay;
    Image *want = heatmap_render(m, 4, 5, &st, &lay);
    ck_assert_ptr_nonnull(want);
    ck_assert_int_eq(heatmap_write(path, m, 4, 5, &st), 0);
    Image *img = image_read_png(path);
    ck_assert_msg(img != NULL, "%s", error_message());
    ck_assert_int_eq(img->width, lay.width);
    ck_assert_int_eq(img->height, lay.height);
    ck_assert_int_eq(memcmp(img->pixels, want->pixels,
                            (size_t)img->width * img->height * 3), 0);
    ck_assert_float_eq(lay.vmin, -0.2f);
    ck_assert_float_eq(lay.vmax, 0.9f);
    ck_assert_int_eq(lay.values, 1);
    expect_rgb(cell_pixel(img, &lay, 0, 0, 2, 3),
               colormap_color(COLORMAP_VIRIDIS, 1), "maximum cell");
    expect_rgb(cell_pixel(img, &lay, 0, 0, 1, 0),
               colormap_color(COLORMAP_VIRIDIS, 0), "minimum cell");
    /* The value text contrasts with its cell: black on the yellow top,
     * white on the purple bottom (counted inside the cells only: the line
     * between cells is white). */
    int c = lay.cell, x = lay.x + 3 * c, y = lay.y + 2 * c, black = 0;
    for (int yy = y; yy < y + c - 1; yy++)
        for (int xx = x; xx < x + c - 1; xx++)
            black += same_rgb(image_pixel(img, xx, yy), (Rgb){0, 0, 0});
    ck_assert_int_gt(black, 10);
    int white = 0;
    x = lay.x, y = lay.y + c;
    for (int yy = y; yy < y + c - 1; yy++)
        for (int xx = x; xx < x + c - 1; xx++)
            white += same_rgb(image_pixel(img, xx, yy), (Rgb){255, 255, 255});
    ck_assert_int_gt(white, 10);
    /* Row labels left of the grid, column labels above it. */
    ck_assert(has_ink(img, 0, lay.y, lay.x - 2, lay.y + 4 * c));
    ck_assert(has_ink(img, lay.x, 0, lay.x + 5 * c, lay.y - 2));
    /* Nothing but white in the margin. */
    ck_assert(!has_ink(img, 0, 0, img->width, 8));
    image_free(img);
    image_free(want);
}
END_TEST

START_TEST(test_same_input_same_bytes)
{
    char dir[64], a[128], b[128];
    make_temp_dir(dir, sizeof dir);
    snprintf(a, sizeof a, "%s/a.png", dir);
    snprintf(b, sizeof b, "%s/b.png", dir);
    float m[10 * 10];
    fill_random(m, 100, 0.0f, 1.0f, 5);
    const char *tok[10] = {"[SOS]", "Before", "my", "bed", "lies", "a",
                           "pool", "of", "moon", "bright"};
    ck_assert_int_eq(heatmap_attention(a, m, 10, tok, "attention", 1), 0);
    ck_assert_int_eq(heatmap_attention(b, m, 10, tok, "attention", 1), 0);
    char *da, *db;
    long na, nb;
    ck_assert_int_eq(fileio_read_all(a, &da, &na, 0), 0);
    ck_assert_int_eq(fileio_read_all(b, &db, &nb, 0), 0);
    ck_assert_int_eq(na, nb);
    ck_assert_int_eq(memcmp(da, db, (size_t)na), 0);
    /* No time chunk: the bytes cannot depend on when they were made. */
    for (long i = 0; i + 4 <= na; i++)
        ck_assert_msg(memcmp(da + i, "tIME", 4) != 0, "tIME chunk at %ld", i);
    free(da);
    free(db);
}
END_TEST

START_TEST(test_unwritable_path_fails_cleanly)
{
    float m[4] = {0.1f, 0.2f, 0.3f, 0.4f};
    ck_assert_int_eq(heatmap_write("/dev/null/x.png", m, 2, 2, NULL), -1);
    ck_assert_ptr_nonnull(strstr(error_message(), "/dev/null/x.png"));
    char dir[64], path[128];
    make_temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/missing/x.png", dir);
    ck_assert_int_eq(heatmap_write(path, m, 2, 2, NULL), -1);
    ck_assert_ptr_nonnull(strstr(error_message(), "missing/x.png"));
    ck_assert_int_eq(count_files(dir), 0);
}
END_TEST

START_TEST(test_masked_and_nan_cells)
{
    enum { T = 4 };
    float s[T * T];
    for (int i = 0; i < T; i++)
        for (int j = 0; j < T; j++)
            s[i * T + j] = j > i ? -INFINITY : (float)(i - j) - 1.5f;
    s[3 * T + 0] = 2.5f;  /* largest finite magnitude */
    s[2 * T + 1] = NAN;
    HeatmapStyle st = heatmap_style("masked");
    st.colormap = COLORMAP_DIVERGING;
    HeatmapLayout lay;
    Image *img = heatmap_render(s, T, T, &st, &lay);
    ck_assert_ptr_nonnull(img);
    expect_rgb(cell_pixel(img, &lay, 0, 0, 0, 1), HEATMAP_MASKED_RGB,
               "-inf cell");
    expect_rgb(cell_pixel(img, &lay, 0, 0, 2, 1), HEATMAP_NAN_RGB,
               "NaN cell");
    /* The range comes from the finite values, made symmetric about 0. */
    ck_assert_float_eq(lay.vmin, -2.5f);
    ck_assert_float_eq(lay.vmax, 2.5f);
    expect_rgb(cell_pixel(img, &lay, 0, 0, 3, 0),
               colormap_color(COLORMAP_DIVERGING, 1), "largest score");
    image_free(img);
    /* All masked, or all NaN: still a figure. */
    float all[4] = {-INFINITY, -INFINITY, NAN, NAN};
    img = heatmap_render(all, 2, 2, NULL, &lay);
    ck_assert_ptr_nonnull(img);
    image_free(img);
}
END_TEST

START_TEST(test_odd_labels_do_not_crash)
{
    char longest[400];
    memset(longest, 'x', sizeof longest - 1);
    longest[sizeof longest - 1] = '\0';
    const char *labels[6] = {"床前明月光", "\xff\xfe", "ok\xe5\xba",
                             "\xf0\x9f", longest, NULL};
    float m[36];
    fill_random(m, 36, -1.0f, 1.0f, 9);
    HeatmapStyle st = heatmap_style("\xe5\xba");
    st.row_labels = labels;
    st.col_labels = labels;
    st.subtitle = "\xc3";
    HeatmapLayout lay;
    Image *img = heatmap_render(m, 6, 6, &st, &lay);
    ck_assert_ptr_nonnull(img);
    /* The 399-character label was cut: the figure stays narrow. */
    ck_assert_int_lt(img->width, 1000);
    image_free(img);
}
END_TEST

START_TEST(test_large_matrices_shrink)
{
    enum { R = 64, C = 512 };
    float *pe = malloc(sizeof(float) * R * C);
    fill_random(pe, R * C, -1.0f, 1.0f, 11);
    HeatmapStyle st = heatmap_style("positional encoding");
    st.colormap = COLORMAP_DIVERGING;
    HeatmapLayout lay;
    Image *img = heatmap_render(pe, R, C, &st, &lay);
    ck_assert_ptr_nonnull(img);
    ck_assert_int_ge(lay.cell, 1);
    ck_assert_int_le(lay.cell * C, 1024);
    ck_assert_int_eq(lay.values, 0);
    ck_assert_int_gt(lay.label_step_cols, 1);
    ck_assert_int_gt(lay.label_step_rows, 1);
    ck_assert_int_le(img->width, 1400);
    image_free(img);
    free(pe);
    /* 30 x 30: no values (too many to read) but every token labelled. */
    float sim[30 * 30];
    fill_random(sim, 900, -1.0f, 1.0f, 12);
    img = heatmap_render(sim, 30, 30, NULL, &lay);
    ck_assert_ptr_nonnull(img);
    ck_assert_int_eq(lay.values, 0);
    ck_assert_int_eq(lay.label_step_rows, 1);
    ck_assert_int_eq(lay.label_step_cols, 1);
    image_free(img);
}
END_TEST

START_TEST(test_scale_is_exact_magnification)
{
    float m[9];
    fill_random(m, 9, 0.0f, 1.0f, 13);
    HeatmapStyle st = heatmap_style("scaled");
    HeatmapLayout a, b;
    Image *small = heatmap_render(m, 3, 3, &st, &a);
    st.scale = 3;
    Image *big = heatmap_render(m, 3, 3, &st, &b);
    ck_assert_ptr_nonnull(small);
    ck_assert_ptr_nonnull(big);
    ck_assert_int_eq(big->width, 3 * small->width);
    ck_assert_int_eq(big->height, 3 * small->height);
    ck_assert_int_eq(b.cell, 3 * a.cell);
    ck_assert_int_eq(b.x, 3 * a.x);
    for (int y = 0; y < big->height; y++)
        for (int x = 0; x < big->width; x++)
            ck_assert(same_rgb(image_pixel(big, x, y),
                               image_pixel(small, x / 3, y / 3)));
    image_free(small);
    image_free(big);
}
END_TEST

/* Runs of pixels of colour c along a line of the image. */
static int count_runs(const Image *img, int x, int y, int dx, int dy, Rgb c)
{
    int runs = 0, inside = 0;
    for (; x < img->width && y < img->height; x += dx, y += dy) {
        int hit = same_rgb(image_pixel(img, x, y), c);
        runs += hit && !inside;
        inside = hit;
    }
    return runs;
}

START_TEST(test_grid_panels)
{
    enum { GR = 2, GC = 4, T = 5 };
    float p[GR * GC * T * T];
    for (int k = 0; k < GR * GC; k++)
        for (int i = 0; i < T * T; i++) p[k * T * T + i] = (float)k / 7;
    char dir[64], path[128];
    make_temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/grid.png", dir);
    const char *rows[GR] = {"layer 1", "layer 2"};
    const char *cols[GC] = {"head 1", "head 2", "head 3", "head 4"};
    HeatmapStyle st = heatmap_style("grid");
    st.vmin = 0;
    st.vmax = 1;
    HeatmapLayout lay;
    Image *want = heatmap_grid_render(p, GR, GC, T, T, rows, cols, &st,
                                      &lay);
    ck_assert_ptr_nonnull(want);
    ck_assert_int_eq(heatmap_grid_write(path, p, GR, GC, T, T, rows, cols,
                                        &st), 0);
    Image *img = image_read_png(path);
    ck_assert_ptr_nonnull(img);
    ck_assert_int_eq(img->width, want->width);
    ck_assert_int_gt(lay.panel_dx, T * lay.cell);
    /* Panel k sits at row k / GC, column k % GC, with its own colour. */
    for (int k = 0; k < GR * GC; k++) {
        char what[32];
        snprintf(what, sizeof what, "panel %d", k);
        expect_rgb(cell_pixel(img, &lay, k / GC, k % GC, T / 2, T / 2),
                   colormap_color(COLORMAP_VIRIDIS, (float)k / 7), what);
    }
    image_free(img);
    image_free(want);
    /* All panels alike: a line across the first panel row crosses GC
     * panels, a line down the first panel column crosses GR. */
    for (int i = 0; i < GR * GC * T * T; i++) p[i] = 0;
    img = heatmap_grid_render(p, GR, GC, T, T, rows, cols, &st, &lay);
    ck_assert_ptr_nonnull(img);
    Rgb bottom = colormap_color(COLORMAP_VIRIDIS, 0);
    int mid = T * lay.cell / 2;
    ck_assert_int_eq(count_runs(img, 0, lay.y + mid, 1, 0, bottom), GC);
    ck_assert_int_eq(count_runs(img, lay.x + mid, 0, 0, 1, bottom), GR);
    /* Captions left of and above the panels. */
    ck_assert(has_ink(img, 0, lay.y, lay.x - 2, lay.y + T * lay.cell));
    ck_assert(has_ink(img, lay.x, lay.y - 30, lay.x + T * lay.cell,
                      lay.y - 2));
    image_free(img);
}
END_TEST

START_TEST(test_attention_grid_helper)
{
    enum { L = 3, NH = 2, T = 4 };
    float p[L * NH * T * T];
    fill_random(p, L * NH * T * T, 0.0f, 1.0f, 14);
    const char *tok[T] = {"[CLS]", "hi", "there", "[SEP]"};
    char dir[64], path[128];
    make_temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/g.png", dir);
    ck_assert_int_eq(heatmap_attention_grid(path, p, L, NH, T, tok, "all",
                                            2), 0);
    Image *img = image_read_png(path);
    ck_assert_ptr_nonnull(img);
    ck_assert_int_eq(img->width % 2, 0);
    image_free(img);
    ck_assert_int_eq(heatmap_attention_grid(path, p, 0, NH, T, tok, "x", 1),
                     -1);
}
END_TEST

START_TEST(test_bad_arguments)
{
    float m[4] = {0};
    HeatmapStyle st = heatmap_style("bad");
    ck_assert_ptr_null(heatmap_render(NULL, 2, 2, &st, NULL));
    ck_assert_ptr_nonnull(strstr(error_message(), "NULL"));
    ck_assert_ptr_null(heatmap_render(m, 0, 2, &st, NULL));
    ck_assert_ptr_nonnull(strstr(error_message(), "shape (0, 2)"));
    st.scale = 0;
    ck_assert_ptr_null(heatmap_render(m, 2, 2, &st, NULL));
    ck_assert_ptr_nonnull(strstr(error_message(), "scale 0"));
    st = heatmap_style("bad");
    st.vmin = 1;
    st.vmax = 0;
    ck_assert_ptr_null(heatmap_render(m, 2, 2, &st, NULL));
    ck_assert_ptr_nonnull(strstr(error_message(), "colour range"));
    st.vmin = 0;
    st.vmax = NAN;
    ck_assert_ptr_null(heatmap_render(m, 2, 2, &st, NULL));
    ck_assert_int_eq(heatmap_write(NULL, m, 2, 2, NULL), -1);
}
END_TEST

Suite *suite_heatmap(void)
{
    Suite *s = suite_create("heatmap");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_utf8_walk);
    tcase_add_test(tc, test_every_glyph_is_well_formed);
    tcase_add_test(tc, test_colormaps);
    tcase_add_test(tc, test_image_basics);
    tcase_add_test(tc, test_png_cells_and_labels);
    tcase_add_test(tc, test_same_input_same_bytes);
    tcase_add_test(tc, test_unwritable_path_fails_cleanly);
    tcase_add_test(tc, test_masked_and_nan_cells);
    tcase_add_test(tc, test_odd_labels_do_not_crash);
    tcase_add_test(tc, test_large_matrices_shrink);
    tcase_add_test(tc, test_scale_is_exact_magnification);
    tcase_add_test(tc, test_grid_panels);
    tcase_add_test(tc, test_attention_grid_helper);
    tcase_add_test(tc, test_bad_arguments);
    suite_add_tcase(s, tc);
    return s;
}
