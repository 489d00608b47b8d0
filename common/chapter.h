/* chapter: what every chapter program shares besides its command line
 * (cli.h): the narrative it prints, where its figures go, and what it says
 * about a line plot gnuplot could not draw.
 *
 *     if (chapter_prepare_out(&cli) != 0)
 *         return cli_fail(&cli, error_message());
 *     chapter_say(&cli, "Each row sums to %.2f\n", sum);   // not with --quiet
 *     char path[FILEIO_PATH_MAX];
 *     chapter_figure(&cli, "04-attention.png", path, sizeof path);
 *     if (heatmap_attention(path, ...) != 0) return cli_fail(...);
 *     int rc = plot_lines(cli.out, "01-loss", ...);
 *     if (chapter_plot_done(&cli, rc, "01-loss") != 0) return cli_fail(...);
 *
 * Figures are named after their chapter ("04-attention.png") so that one
 * directory (figures/ by default) holds every chapter's without clashes.
 * chapter_prepare_out creates --out (and its parents) or returns -1 with
 * error_message(). chapter_plot_done turns PLOT_NO_GNUPLOT into one hint
 * line on stderr (the chapter still succeeds: the .dat and .gp files are
 * there to draw later) and returns -1 only for a real failure.
 */
#ifndef CHAPTER_H
#define CHAPTER_H

#include "cli.h"

void chapter_say(const Cli *cli, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
int chapter_prepare_out(const Cli *cli);
/* Checks at start-up the directory of an output flag other than --out
 * (--save, --dump), so that one that cannot be written is refused before
 * minutes of training rather than after them. dir is the flag's value
 * (NULL when it was not given: nothing to check) and check the test it
 * must pass (fileio_check_dir, bert_save_check), which creates nothing.
 * Returns -1 when dir is fine; else prints one error line and returns the
 * exit status: 2 for an empty name (a usage error, as --out ""), 1 when
 * check fails ("chapter-10: error: --save: <error_message()>"). */
int chapter_check_dir_flag(const Cli *cli, const char *flag, const char *dir,
                           int (*check)(const char *dir));
/* Writes "OUT/name" into buf; the name is short, so this cannot fail for
 * an --out that chapter_prepare_out accepted. */
void chapter_figure(const Cli *cli, const char *name, char *buf, int cap);
int chapter_plot_done(const Cli *cli, int rc, const char *name);
/* Prints m (rows, cols) as a table with two decimals under a header of
 * column labels, each row after its label (labels cut to 6 characters,
 * -inf printed as "-inf"), as the lecture's slides show small matrices.
 * Prints nothing with --quiet. */
void chapter_print_matrix(const Cli *cli, const float *m, int rows, int cols,
                          const char *const *row_labels,
                          const char *const *col_labels);

#endif
