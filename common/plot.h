/* plot: line plots and bar charts drawn by gnuplot.
 *
 *     PlotSeries s[] = {{"train", NULL, train_loss, steps},
 *                       {"held-out", NULL, test_loss, steps}};
 *     PlotStyle st = plot_style("MLM loss", "step", "cross-entropy");
 *     st.scale = cli.scale;
 *     int rc = plot_lines(cli.out, "loss", s, 2, &st);
 *     if (rc < 0) return cli_fail(&cli, error_message());
 *     if (rc == PLOT_NO_GNUPLOT)
 *         printf("gnuplot not found: wrote %s/loss.dat and %s/loss.gp; "
 *                "apt-get install gnuplot-nox\n", cli.out, cli.out);
 *
 * Each call writes NAME.dat (the numbers, one line per point) and NAME.gp
 * (a gnuplot script that reads NAME.dat from its own directory) into dir,
 * then, when a `gnuplot` is on PATH, runs it in dir to draw NAME.png
 * (pngcairo, DejaVu Sans). Anyone can redraw the figure later with
 * `cd dir && gnuplot NAME.gp`. Font, size and colours are fixed in the
 * script, so the same data give the same pixels, and a run writes no
 * time stamp, so the same bytes. The PNG goes to a temporary name first
 * and is renamed only when gnuplot succeeded.
 *
 * Data: series i has n points (x[k], y[k]), x NULL meaning 0, 1, ..., n-1;
 * NaN and infinite values are written as NaN, which gnuplot skips. Bars
 * take one label per bar (UTF-8; invalid bytes become '?') and values
 * (ngroups, n) for grouped bars. NAME may use letters, digits, '.', '_'
 * and '-'; the directory must exist.
 *
 * Returns 0 when NAME.png was written, PLOT_NO_GNUPLOT when gnuplot is not
 * installed (NAME.dat and NAME.gp are written, any older NAME.png is left
 * as it was), and -1 with error_message() on bad input, a failed write or
 * a gnuplot failure (its last line of complaint is quoted). Nothing is
 * printed: gnuplot's output is captured.
 */
#ifndef PLOT_H
#define PLOT_H

#define PLOT_NO_GNUPLOT 1
#define PLOT_MAX_SCALE 8

typedef struct {
    const char *name;  /* legend entry, or NULL */
    const float *x;    /* n values, or NULL for 0 .. n-1 */
    const float *y;    /* n values */
    int n;
} PlotSeries;

typedef struct {
    const char *title, *xlabel, *ylabel;  /* NULL: none */
    int log_y;          /* logarithmic y axis (loss curves over decades) */
    int width, height;  /* pixels before scale; 0: 800 x 500 */
    int scale;          /* integer magnification, 1 .. PLOT_MAX_SCALE */
} PlotStyle;

PlotStyle plot_style(const char *title, const char *xlabel,
                     const char *ylabel);
int plot_lines(const char *dir, const char *name, const PlotSeries *series,
               int nseries, const PlotStyle *style);
/* One bar per label, its value printed above it. */
int plot_bars(const char *dir, const char *name, const char *const *labels,
              const float *values, int n, const PlotStyle *style);
/* Bars side by side per label, one colour per group: values (ngroups, n). */
int plot_grouped_bars(const char *dir, const char *name,
                      const char *const *labels, int n,
                      const char *const *group_names, int ngroups,
                      const float *values, const PlotStyle *style);

#endif
