/* colormap: numbers to colours, for heatmaps and their colour bars.
 *
 *     Rgb c = colormap_color(COLORMAP_VIRIDIS, 0.75f);   // t in [0, 1]
 *     Rgb ink = colormap_text_color(c);                  // black or white
 *
 * COLORMAP_VIRIDIS is perceptually uniform and readable in grey and by
 * colour-blind readers: dark purple (t = 0) through teal to yellow (t = 1),
 * for values with one direction (probabilities, similarities).
 * COLORMAP_DIVERGING runs dark blue (t = 0) through near-white (t = 0.5) to
 * dark red (t = 1), for signed values (scores, positional encodings): map 0
 * to t = 0.5 and its sign is read from the hue. Both are tables of anchor
 * colours with linear interpolation between them. t outside [0, 1] is
 * clamped and NaN gives the middle colour; no function here can fail.
 */
#ifndef COLORMAP_H
#define COLORMAP_H

typedef struct {
    unsigned char r, g, b;
} Rgb;

typedef enum { COLORMAP_VIRIDIS, COLORMAP_DIVERGING } Colormap;

Rgb colormap_color(Colormap map, float t);
/* Black or white, whichever reads better on background c (by its
 * relative luminance). */
Rgb colormap_text_color(Rgb c);

#endif
