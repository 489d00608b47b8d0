#include "colormap.h"

#include <math.h>

/* Viridis (Smith and van der Walt, matplotlib 1.5, 2015; released CC0):
 * entries round(k * 255 / 32), k = 0..32, of the published 256-entry
 * table, rounded to 8 bits. Linear interpolation between these 33 anchors
 * stays within about one 8-bit step of the full table. */
static const Rgb viridis[] = {
    { 68,   1,  84}, { 71,  13,  96}, { 72,  24, 106}, { 72,  35, 116},
    { 71,  45, 123}, { 69,  55, 129}, { 66,  64, 134}, { 62,  73, 137},
    { 59,  82, 139}, { 55,  91, 141}, { 51,  99, 141}, { 47, 107, 142},
    { 44, 114, 142}, { 41, 122, 142}, { 38, 130, 142}, { 35, 137, 142},
    { 33, 145, 140}, { 31, 151, 139}, { 31, 159, 136}, { 33, 166, 133},
    { 39, 173, 129}, { 49, 181, 123}, { 61, 188, 116}, { 76, 194, 108},
    { 92, 200,  99}, {110, 206,  88}, {129, 211,  77}, {149, 216,  64},
    {170, 220,  50}, {192, 223,  37}, {213, 226,  26}, {234, 229,  26},
    {253, 231,  37},
};

/* ColorBrewer RdBu, 11 classes (Cynthia Brewer, colorbrewer2.org), from
 * blue to red so that larger values are warmer; the middle is the
 * near-white #f7f7f7. */
static const Rgb diverging[] = {
    {  5,  48,  97}, { 33, 102, 172}, { 67, 147, 195}, {146, 197, 222},
    {209, 229, 240}, {247, 247, 247}, {253, 219, 199}, {244, 165, 130},
    {214,  96,  77}, {178,  24,  43}, {103,   0,  31},
};

static unsigned char mix(unsigned char a, unsigned char b, float f)
{
    return (unsigned char)lrintf((float)a + ((float)b - (float)a) * f);
}

static Rgb interpolate(const Rgb *anchors, int n, float t)
{
    if (isnan(t)) t = 0.5f;
    if (t <= 0.0f) return anchors[0];
    if (t >= 1.0f) return anchors[n - 1];
    float pos = t * (float)(n - 1);
    int i = (int)pos;
    if (i >= n - 1) return anchors[n - 1];
    float f = pos - (float)i;
    Rgb a = anchors[i], b = anchors[i + 1];
    return (Rgb){mix(a.r, b.r, f), mix(a.g, b.g, f), mix(a.b, b.b, f)};
}

Rgb colormap_color(Colormap map, float t)
{
    if (map == COLORMAP_DIVERGING)
        return interpolate(diverging, (int)(sizeof diverging /
                                            sizeof diverging[0]), t);
    return interpolate(viridis, (int)(sizeof viridis / sizeof viridis[0]), t);
}

/* sRGB to linear light, the first step of relative luminance (WCAG 2). */
static double linear(unsigned char v)
{
    double c = v / 255.0;
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

Rgb colormap_text_color(Rgb c)
{
    double lum = 0.2126 * linear(c.r) + 0.7152 * linear(c.g) +
                 0.0722 * linear(c.b);
    /* The luminance at which black and white text have equal contrast:
     * (L + 0.05) / 0.05 == 1.05 / (L + 0.05) gives L = 0.179. */
    return lum > 0.179 ? (Rgb){0, 0, 0} : (Rgb){255, 255, 255};
}
