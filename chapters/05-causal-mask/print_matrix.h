/* A small matrix printed as a table with labels, for the narrative. */
#ifndef PRINT_MATRIX_H
#define PRINT_MATRIX_H

#include "cli.h"

/* Prints m (rows, cols) with two decimals under a header of column labels,
 * each row after its label (labels longer than 6 characters are cut);
 * -inf prints as "-inf". Prints nothing with --quiet. */
void print_matrix(const Cli *cli, const float *m, int rows, int cols,
                  const char *const *row_labels,
                  const char *const *col_labels);

#endif
