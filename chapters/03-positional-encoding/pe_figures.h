/* The figures of chapter 03, drawn from a table of positional encodings. */
#ifndef PE_FIGURES_H
#define PE_FIGURES_H

#include "cli.h"

/* calloc of n floats; NULL with error_message() when memory runs out. */
float *pe_alloc(long n);
/* Writes 03-pe-heatmap.png, 03-pe-curves.png and 03-position-similarity.png
 * from pe (at least 128 rows, C columns); 0, or -1 with error_message(). */
int pe_figures(const Cli *cli, const float *pe, int C);

#endif
