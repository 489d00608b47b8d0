/* font: a small bitmap font for the labels and numbers of our figures.
 *
 *     const char *s = "0.12";
 *     int w = font_text_width(s, 2);          // pixels at magnification 2
 *     while (*s) {
 *         FontGlyph g = font_next_glyph(&s);  // one character, s moves on
 *         ... g.rows[y][x] == '#' is ink, for x < g.width, y < FONT_HEIGHT
 *     }
 *
 * Every printable ASCII character (32..126) has a glyph drawn in font.c:
 * 1 to 5 pixels wide, FONT_HEIGHT rows tall, where rows 0..FONT_ASCENT-1
 * stand on the baseline and the last two hold descenders (g, j, p, q, y).
 * Glyphs are proportional: each advances its own width plus one pixel of
 * spacing. Any other character, and every byte that is not valid UTF-8,
 * is drawn as a hollow box, twice as wide for East Asian wide characters
 * (so "床前明月光" shows five wide boxes). Text is walked as UTF-8 without
 * ever reading past its terminating NUL. A magnification s draws each font
 * pixel as an s x s block. No function here can fail.
 */
#ifndef FONT_H
#define FONT_H

#define FONT_HEIGHT 9 /* rows of a glyph, descenders included */
#define FONT_ASCENT 7 /* rows above the baseline: the height of "H" */
#define FONT_MAX_WIDTH 9 /* the widest glyph: the wide placeholder box */

typedef struct {
    int width;                      /* 1 .. FONT_MAX_WIDTH */
    const char *rows[FONT_HEIGHT];  /* rows[y][x] == '#' is ink */
} FontGlyph;

/* Decodes one UTF-8 character at *text (which must not be at the NUL),
 * moves *text past it and returns the code point, or -1 for an invalid or
 * truncated sequence, of which it skips exactly one byte. */
int font_utf8_next(const char **text);
/* The glyph of one code point (-1 or anything unprintable: a box). */
FontGlyph font_glyph(int codepoint);
/* font_utf8_next and font_glyph in one step. */
FontGlyph font_next_glyph(const char **text);
/* Width in pixels of a line of text at magnification scale (no trailing
 * spacing); 0 for "". Height is FONT_HEIGHT * scale. */
int font_text_width(const char *text, int scale);
/* The number of characters (not bytes) in UTF-8 text. */
int font_text_length(const char *text);

#endif
