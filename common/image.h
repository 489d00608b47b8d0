/* image: an RGB canvas that can draw boxes and text and be saved as PNG.
 *
 *     Image *img = image_new(200, 80, (Rgb){255, 255, 255});
 *     if (!img) ... error_message()
 *     Rgb top = colormap_color(COLORMAP_VIRIDIS, 1.0f);
 *     image_fill_rect(img, 10, 10, 40, 40, top);
 *     image_draw_text(img, 60, 20, "[CLS] 0.12", 2, (Rgb){0, 0, 0});
 *     int rc = image_write_png(img, "figures/example.png");
 *     image_free(img);
 *
 * Layout: pixels is (height, width, 3) bytes, row-major, r g b, with (0, 0)
 * the top-left corner. Drawing is clipped to the canvas, so any coordinates
 * are safe. Text is drawn with the bitmap font of font.h, each font pixel
 * an s x s block for magnification s; (x, y) is the top-left corner of the
 * text's box, which is font_text_width(text, s) wide and FONT_HEIGHT * s
 * tall. A PNG is written to a temporary file and renamed into place, with
 * no time stamp in it, so equal pixels give equal files. Functions that can
 * fail return -1 (or NULL) with error_message() naming the path and why.
 */
#ifndef IMAGE_H
#define IMAGE_H

#include "colormap.h"

#define IMAGE_MAX_SIDE 32768
#define IMAGE_MAX_PIXELS (1L << 26)

typedef struct {
    int width, height;
    unsigned char *pixels; /* (height, width, 3) */
} Image;

/* A canvas filled with background; NULL when the size is out of range
 * (1 .. IMAGE_MAX_SIDE, at most IMAGE_MAX_PIXELS) or memory runs out. */
Image *image_new(int width, int height, Rgb background);
void image_free(Image *img);
/* The colour at (x, y); black outside the canvas. */
Rgb image_pixel(const Image *img, int x, int y);
void image_fill_rect(Image *img, int x, int y, int w, int h, Rgb c);
/* Draws UTF-8 text left to right from its top-left corner (x, y). */
void image_draw_text(Image *img, int x, int y, const char *text, int scale,
                     Rgb c);
/* Draws text turned a quarter turn anticlockwise, reading bottom to top
 * (as a y-axis caption); (x, y) is the top-left corner of its box, which
 * is FONT_HEIGHT * scale wide and font_text_width(text, scale) tall. */
void image_draw_text_up(Image *img, int x, int y, const char *text,
                        int scale, Rgb c);
/* A new image factor times larger, each pixel an exact factor x factor
 * block (nearest neighbour: sharp edges, no blur). */
Image *image_upscale(const Image *img, int factor);
int image_write_png(const Image *img, const char *path);
/* Reads any PNG, converted to 8-bit RGB (alpha dropped). */
Image *image_read_png(const char *path);

#endif
