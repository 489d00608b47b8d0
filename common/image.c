#include "image.h"

#include "error.h"
#include "fileio.h"
#include "font.h"

#include <errno.h>
#include <png.h>
#include <stdlib.h>
#include <string.h>

Image *image_new(int width, int height, Rgb background)
{
    if (width < 1 || height < 1 || width > IMAGE_MAX_SIDE ||
        height > IMAGE_MAX_SIDE || (long)width * height > IMAGE_MAX_PIXELS) {
        error_set("image: size %d x %d out of range (sides 1 to %d, at most "
                  "%ld pixels)", width, height, IMAGE_MAX_SIDE,
                  IMAGE_MAX_PIXELS);
        return NULL;
    }
    Image *img = malloc(sizeof *img);
    unsigned char *pixels = malloc((size_t)width * (size_t)height * 3);
    if (!img || !pixels) {
        free(img);
        free(pixels);
        error_set("image: out of memory for %d x %d pixels", width, height);
        return NULL;
    }
    img->width = width;
    img->height = height;
    img->pixels = pixels;
    image_fill_rect(img, 0, 0, width, height, background);
    return img;
}

void image_free(Image *img)
{
    if (!img) return;
    free(img->pixels);
    free(img);
}

Rgb image_pixel(const Image *img, int x, int y)
{
    if (x < 0 || y < 0 || x >= img->width || y >= img->height)
        return (Rgb){0, 0, 0};
    const unsigned char *p = img->pixels + ((size_t)y * img->width + x) * 3;
    return (Rgb){p[0], p[1], p[2]};
}

void image_fill_rect(Image *img, int x, int y, int w, int h, Rgb c)
{
    /* Clip in long arithmetic so that huge w or h cannot overflow. */
    long x0 = x > 0 ? x : 0, y0 = y > 0 ? y : 0;
    long x1 = (long)x + w, y1 = (long)y + h;
    if (x1 > img->width) x1 = img->width;
    if (y1 > img->height) y1 = img->height;
    for (long yy = y0; yy < y1; yy++) {
        unsigned char *p = img->pixels + ((size_t)yy * img->width + x0) * 3;
        for (long xx = x0; xx < x1; xx++, p += 3) {
            p[0] = c.r;
            p[1] = c.g;
            p[2] = c.b;
        }
    }
}

/* Draws every ink pixel of text through a mapping from text coordinates
 * (u along the line, v down the glyph rows, both in font pixels) to an
 * s x s block of the canvas. */
static void draw_text(Image *img, int x, int y, const char *text, int s,
                      Rgb c, int up)
{
    if (s < 1) s = 1;
    int total = up ? font_text_width(text, 1) : 0;
    int u0 = 0;
    while (*text) {
        FontGlyph g = font_next_glyph(&text);
        for (int v = 0; v < FONT_HEIGHT; v++)
            for (int u = 0; u < g.width; u++) {
                if (g.rows[v][u] != '#') continue;
                int uu = u0 + u;
                if (up)
                    image_fill_rect(img, x + v * s, y + (total - 1 - uu) * s,
                                    s, s, c);
                else
                    image_fill_rect(img, x + uu * s, y + v * s, s, s, c);
            }
        u0 += g.width + 1;
    }
}

void image_draw_text(Image *img, int x, int y, const char *text, int scale,
                     Rgb c)
{
    draw_text(img, x, y, text, scale, c, 0);
}

void image_draw_text_up(Image *img, int x, int y, const char *text,
                        int scale, Rgb c)
{
    draw_text(img, x, y, text, scale, c, 1);
}

Image *image_upscale(const Image *img, int factor)
{
    if (factor < 1) {
        error_set("image: magnification %d must be at least 1", factor);
        return NULL;
    }
    if ((long)img->width * factor > IMAGE_MAX_SIDE ||
        (long)img->height * factor > IMAGE_MAX_SIDE) {
        error_set("image: %d x %d magnified %d times is too large",
                  img->width, img->height, factor);
        return NULL;
    }
    Image *out = image_new(img->width * factor, img->height * factor,
                           (Rgb){0, 0, 0});
    if (!out) return NULL;
    size_t row = (size_t)out->width * 3;
    for (int y = 0; y < img->height; y++) {
        unsigned char *dst = out->pixels + (size_t)y * factor * row;
        const unsigned char *src = img->pixels + (size_t)y * img->width * 3;
        for (int x = 0; x < img->width; x++)
            for (int k = 0; k < factor; k++)
                memcpy(dst + ((size_t)x * factor + k) * 3, src + x * 3, 3);
        for (int k = 1; k < factor; k++) memcpy(dst + k * row, dst, row);
    }
    return out;
}

/* libpng reports errors by calling this and expecting it not to return:
 * keep the message and jump back to the setjmp of the caller. Warnings are
 * dropped, since library code does not print. */
static void png_on_error(png_structp png, png_const_charp msg)
{
    error_set("%s", msg);
    png_longjmp(png, 1);
}

static void png_on_warning(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

int image_write_png(const Image *img, const char *path)
{
    AtomicFile af;
    if (fileio_atomic_open(&af, path) != 0) return -1;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL,
                                              png_on_error, png_on_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info) {
        png_destroy_write_struct(&png, NULL);
        fileio_atomic_abort(&af);
        return error_set("%s: out of memory", path);
    }
    /* Nothing that the error path uses is changed between setjmp and a
     * longjmp (png, info and af are all set before), so none of it needs
     * to be volatile. */
    if (setjmp(png_jmpbuf(png))) {
        char why[256];
        snprintf(why, sizeof why, "%s", error_message());
        png_destroy_write_struct(&png, &info);
        fileio_atomic_abort(&af);
        return error_set("%s: cannot write PNG: %s", path, why);
    }
    png_init_io(png, af.f);
    png_set_IHDR(png, info, (png_uint_32)img->width,
                 (png_uint_32)img->height, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = 0; y < img->height; y++)
        png_write_row(png, img->pixels + (size_t)y * img->width * 3);
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    return fileio_atomic_commit(&af);
}

Image *image_read_png(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        error_set("%s: %s", path, strerror(errno));
        return NULL;
    }
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL,
                                             png_on_error, png_on_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info) {
        png_destroy_read_struct(&png, NULL, NULL);
        fclose(f);
        error_set("%s: out of memory", path);
        return NULL;
    }
    /* img and rows are assigned after setjmp and read after a longjmp:
     * volatile, so the error path sees their current values and not stale
     * copies kept in registers. */
    Image *volatile img = NULL;
    png_bytep *volatile rows = NULL;
    if (setjmp(png_jmpbuf(png))) {
        char why[256];
        snprintf(why, sizeof why, "%s", error_message());
        png_destroy_read_struct(&png, &info, NULL);
        fclose(f);
        free(rows);
        image_free(img);
        error_set("%s: not a readable PNG: %s", path, why);
        return NULL;
    }
    png_init_io(png, f);
    png_set_user_limits(png, IMAGE_MAX_SIDE, IMAGE_MAX_SIDE);
    png_read_info(png, info);
    /* Whatever the file holds, ask libpng for 8-bit RGB. */
    png_set_expand(png);
    png_set_strip_16(png);
    png_set_strip_alpha(png);
    png_set_gray_to_rgb(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    int w = (int)png_get_image_width(png, info);
    int h = (int)png_get_image_height(png, info);
    if (png_get_rowbytes(png, info) != (size_t)w * 3)
        png_error(png, "unexpected row layout");
    img = image_new(w, h, (Rgb){0, 0, 0});
    rows = malloc(sizeof(png_bytep) * (size_t)h);
    if (!img || !rows) png_error(png, "out of memory");
    for (int y = 0; y < h; y++)
        rows[y] = img->pixels + (size_t)y * w * 3;
    png_read_image(png, rows);
    png_read_end(png, NULL);
    png_destroy_read_struct(&png, &info, NULL);
    fclose(f);
    free(rows);
    return img;
}
