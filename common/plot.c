#include "plot.h"

#include "error.h"
#include "fileio.h"
#include "font.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

enum {
    MAX_NAME = 100,     /* characters of NAME */
    MAX_SERIES = 100,
    MAX_POINTS = 10000000,
    MAX_BARS = 10000,
    DEFAULT_WIDTH = 800,
    DEFAULT_HEIGHT = 500,
    FONT_POINTS = 12,
    TAIL = 1024         /* bytes of gnuplot's complaints kept */
};

/* Tableau 10, the colour cycle matplotlib draws lines with. */
static const char *const palette[] = {
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
};
enum { PALETTE = sizeof palette / sizeof palette[0] };

PlotStyle plot_style(const char *title, const char *xlabel,
                     const char *ylabel)
{
    PlotStyle st;
    memset(&st, 0, sizeof st);
    st.title = title;
    st.xlabel = xlabel;
    st.ylabel = ylabel;
    st.scale = 1;
    return st;
}

/* ---- checks -------------------------------------------------------------- */

static int check_common(const char *dir, const char *name,
                        const PlotStyle *st)
{
    if (!dir || !name) return error_set("plot: no directory or name (NULL)");
    size_t len = strlen(name);
    if (len == 0 || len > MAX_NAME || name[0] == '.' ||
        strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                     "0123456789._-") != len)
        return error_set("plot: name '%s': use 1 to %d letters, digits, "
                         "'.', '_' or '-', not starting with '.'", name,
                         MAX_NAME);
    if (st->scale < 1 || st->scale > PLOT_MAX_SCALE)
        return error_set("plot %s: scale %d: must be 1 to %d", name,
                         st->scale, PLOT_MAX_SCALE);
    if (st->width < 0 || st->width > 4000 || st->height < 0 ||
        st->height > 4000)
        return error_set("plot %s: size %d x %d: each side must be 0 "
                         "(default) to 4000", name, st->width, st->height);
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return error_set("%s: not a directory (plot %s)", dir, name);
    return 0;
}

/* ---- writing the data and the script ------------------------------------- */

/* Text as the inside of a gnuplot single-quoted string (quote = 1), where
 * '' stands for one quote. Control characters would break the script and
 * invalid UTF-8 the font renderer, so they become ' ' and '?'. */
static void put_text_quoted(FILE *f, const char *s, int quote)
{
    while (s && *s) {
        const char *start = s;
        int cp = font_utf8_next(&s);
        if (cp < 0)
            fputc('?', f);
        else if (cp < 32 || cp == 127)
            fputc(' ', f);
        else if (cp == '\'' && quote)
            fputs("''", f);
        else
            fwrite(start, 1, (size_t)(s - start), f);
    }
}

/* Text for a comment of the data file: the same, quotes kept as they are. */
static void put_text(FILE *f, const char *s) { put_text_quoted(f, s, 0); }

static void put_string(FILE *f, const char *s)
{
    fputc('\'', f);
    put_text_quoted(f, s, 1);
    fputc('\'', f);
}

/* NaN and infinities are all written "NaN": gnuplot skips the point. */
static void put_number(FILE *f, float v)
{
    if (isfinite(v))
        fprintf(f, "%.7g", (double)v);
    else
        fputs("NaN", f);
}

/* The terminal, labels and colours every script starts with. */
static void put_header(FILE *f, const char *name, const PlotStyle *st)
{
    int k = st->scale;
    int w = st->width ? st->width : DEFAULT_WIDTH;
    int h = st->height ? st->height : DEFAULT_HEIGHT;
    fprintf(f, "# %s.gp draws %s.png from %s.dat; run `gnuplot %s.gp` in "
            "this directory.\n", name, name, name, name);
    /* reset: settings from a personal ~/.gnuplot must not leak in. */
    fprintf(f, "reset\n");
    fprintf(f, "if (!exists(\"out_png\")) out_png = '%s.png'\n", name);
    fprintf(f, "set encoding utf8\n");
    /* A fixed font, size and line width: the pixels depend on the data
     * only. noenhanced keeps '_' and '^' in labels literal. */
    fprintf(f, "set terminal pngcairo size %d,%d font 'DejaVu Sans,%d' "
            "linewidth %d noenhanced\n", w * k, h * k, FONT_POINTS * k, k);
    fprintf(f, "set output out_png\n");
    const char *what[3] = {"title", "xlabel", "ylabel"};
    const char *text[3] = {st->title, st->xlabel, st->ylabel};
    for (int i = 0; i < 3; i++) {
        if (!text[i]) continue;
        fprintf(f, "set %s ", what[i]);
        put_string(f, text[i]);
        if (i == 0) fprintf(f, " font ',%d'", (FONT_POINTS + 3) * k);
        fputc('\n', f);
    }
    for (int i = 0; i < PALETTE; i++)
        fprintf(f, "set linetype %d linecolor rgb '%s' linewidth 2 "
                "pointtype 7\n", i + 1, palette[i]);
    fprintf(f, "set linetype cycle %d\n", PALETTE);
    fprintf(f, "set grid linetype 1 linecolor rgb '#dddddd' linewidth 1\n");
    fprintf(f, "set border linecolor rgb '#444444'\n");
    if (st->log_y) fprintf(f, "set logscale y\n");
}

/* Opens dir/name.ext for an atomic write. */
static int open_output(AtomicFile *af, const char *dir, const char *name,
                       const char *ext)
{
    char file[MAX_NAME + 8], path[FILEIO_PATH_MAX];
    snprintf(file, sizeof file, "%s.%s", name, ext);
    if (fileio_join(path, sizeof path, dir, file) != 0) return -1;
    return fileio_atomic_open(af, path);
}

static int write_lines_data(const char *dir, const char *name,
                            const PlotSeries *series, int nseries)
{
    AtomicFile af;
    if (open_output(&af, dir, name, "dat") != 0) return -1;
    FILE *f = af.f;
    fprintf(f, "# %s.dat: x y, one block per series, blocks separated by "
            "two blank lines (gnuplot's index).\n", name);
    for (int s = 0; s < nseries; s++) {
        if (s > 0) fputs("\n\n", f);
        fprintf(f, "# series %d: ", s);
        put_text(f, series[s].name ? series[s].name : "");
        fputc('\n', f);
        for (int i = 0; i < series[s].n; i++) {
            put_number(f, series[s].x ? series[s].x[i] : (float)i);
            fputc(' ', f);
            put_number(f, series[s].y[i]);
            fputc('\n', f);
        }
    }
    return fileio_atomic_commit(&af);
}

static int write_lines_script(const char *dir, const char *name,
                              const PlotSeries *series, int nseries,
                              const PlotStyle *st)
{
    AtomicFile af;
    if (open_output(&af, dir, name, "gp") != 0) return -1;
    FILE *f = af.f;
    put_header(f, name, st);
    /* Below the plot, where it cannot hide a line. */
    fprintf(f, "set key below\n");
    for (int s = 0; s < nseries; s++) {
        if (s == 0)
            fprintf(f, "plot '%s.dat'", name);
        else
            fputs(", \\\n     ''", f);
        fprintf(f, " index %d using 1:2 with %s linetype %d ", s,
                series[s].n > 1 ? "lines" : "points", s % PALETTE + 1);
        if (series[s].name) {
            fputs("title ", f);
            put_string(f, series[s].name);
        } else {
            fputs("notitle", f);
        }
    }
    fputc('\n', f);
    fprintf(f, "unset output\n");
    return fileio_atomic_commit(&af);
}

/* The grouped bars' data: bar number, one column per group, then the
 * label after a '#' for the reader (the script has the labels itself). */
static int write_bars_data(const char *dir, const char *name,
                           const char *const *labels, int n,
                           const char *const *groups, int ngroups,
                           const float *values)
{
    AtomicFile af;
    if (open_output(&af, dir, name, "dat") != 0) return -1;
    FILE *f = af.f;
    fprintf(f, "# %s.dat: bar, then one value per group:", name);
    for (int g = 0; g < ngroups; g++) {
        fputs(" '", f);
        put_text(f, groups && groups[g] ? groups[g] : "value");
        fputc('\'', f);
    }
    fputs(", then # label\n", f);
    for (int i = 0; i < n; i++) {
        fprintf(f, "%d", i);
        for (int g = 0; g < ngroups; g++) {
            fputc(' ', f);
            put_number(f, values[(long)g * n + i]);
        }
        fputs("  # ", f);
        put_text(f, labels[i] ? labels[i] : "");
        fputc('\n', f);
    }
    return fileio_atomic_commit(&af);
}

static int write_bars_script(const char *dir, const char *name,
                             const char *const *labels, int n,
                             const char *const *groups, int ngroups,
                             const float *values, const PlotStyle *st)
{
    AtomicFile af;
    if (open_output(&af, dir, name, "gp") != 0) return -1;
    FILE *f = af.f;
    put_header(f, name, st);
    float lo = 0, hi = 0;
    int chars = 0;
    for (long i = 0; i < (long)n * ngroups; i++) {
        if (isfinite(values[i]) && values[i] < lo) lo = values[i];
        if (isfinite(values[i]) && values[i] > hi) hi = values[i];
    }
    for (int i = 0; i < n; i++)
        chars += font_text_length(labels[i] ? labels[i] : "") + 2;
    fprintf(f, "set style data histograms\n");
    fprintf(f, "set style histogram clustered gap 1\n");
    fprintf(f, "set style fill solid 0.9 noborder\n");
    fprintf(f, "set grid noxtics ytics\n");
    fprintf(f, "set xtics nomirror scale 0%s (",
            n > 12 || chars > 60 ? " rotate by 45 right" : "");
    for (int i = 0; i < n; i++) {
        fputs(i ? ", \\\n    " : " \\\n    ", f);
        put_string(f, labels[i] ? labels[i] : "");
        fprintf(f, " %d", i);
    }
    fprintf(f, ")\n");
    fprintf(f, "set xrange [-0.6:%g]\n", n - 0.4);
    /* Room above the bars for the printed values. */
    if (!st->log_y && lo >= 0)
        fprintf(f, "set yrange [0:%.7g]\n", hi > 0 ? 1.15 * hi : 1.0);
    fprintf(f, "set key outside right top\n");
    if (ngroups == 1) {
        const char *fmt = fabsf(hi) < 100 && fabsf(lo) < 100 ? "%.2f"
                                                             : "%.0f";
        fprintf(f, "plot '%s.dat' using 2 linetype 1 notitle, \\\n"
                "    '' using 0:2:(sprintf('%s', $2)) with labels "
                "offset 0,0.8 notitle\n", name, fmt);
    } else {
        for (int g = 0; g < ngroups; g++) {
            if (g == 0)
                fprintf(f, "plot '%s.dat'", name);
            else
                fputs(", \\\n     ''", f);
            fprintf(f, " using %d linetype %d title ", g + 2,
                    g % PALETTE + 1);
            put_string(f, groups && groups[g] ? groups[g] : "");
        }
        fputc('\n', f);
    }
    fprintf(f, "unset output\n");
    return fileio_atomic_commit(&af);
}

/* ---- running gnuplot ----------------------------------------------------- */

/* The first executable gnuplot in an absolute directory of PATH (relative
 * entries are skipped: gnuplot runs from the output directory). */
static int find_gnuplot(char *out, size_t cap)
{
    const char *path = getenv("PATH");
    if (!path) path = "/usr/local/bin:/usr/bin:/bin";
    for (const char *p = path;;) {
        const char *end = strchr(p, ':');
        int len = end ? (int)(end - p) : (int)strlen(p);
        if (len > 0 && p[0] == '/') {
            int n = snprintf(out, cap, "%.*s/gnuplot", len, p);
            struct stat sb;
            if (n > 0 && (size_t)n < cap && stat(out, &sb) == 0 &&
                S_ISREG(sb.st_mode) && access(out, X_OK) == 0)
                return 1;
        }
        if (!end) return 0;
        p = end + 1;
    }
}

/* The last non-empty line of text, trimmed, into out. */
static void last_line(char *out, size_t cap, const char *text)
{
    const char *end = text + strlen(text);
    while (end > text && (end[-1] == '\n' || end[-1] == '\r' ||
                          end[-1] == ' '))
        end--;
    const char *start = end;
    while (start > text && start[-1] != '\n') start--;
    while (start < end && *start == ' ') start++;
    snprintf(out, cap, "%.*s", (int)(end - start), start);
}

/* Runs `gnuplot -e "out_png='OUT'" NAME.gp` with dir as its working
 * directory, stdin and stdout on /dev/null; keeps the tail of its stderr
 * in complaint. */
static int run_gnuplot(const char *exe, const char *dir, const char *name,
                       const char *out, int *status, char *complaint,
                       size_t cap)
{
    char script[MAX_NAME + 8], setout[FILEIO_PATH_MAX + 16];
    snprintf(script, sizeof script, "%s.gp", name);
    snprintf(setout, sizeof setout, "out_png='%s'", out);
    char *argv[] = {(char *)"gnuplot", (char *)"-e", setout, script, NULL};
    int fd[2];
    if (pipe(fd) != 0)
        return error_set("gnuplot: cannot make a pipe: %s", strerror(errno));
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(fd[0]);
        close(fd[1]);
        return error_set("gnuplot: cannot start: %s", strerror(e));
    }
    if (pid == 0) {
        /* The child: only async-signal-safe calls until exec. */
        int null = open("/dev/null", O_RDWR);
        if (null < 0 || chdir(dir) != 0) _exit(126);
        dup2(null, 0);
        dup2(null, 1);
        dup2(fd[1], 2);
        close(null);
        close(fd[0]);
        close(fd[1]);
        execv(exe, argv);
        _exit(127);
    }
    close(fd[1]);
    char tail[TAIL + 1];
    size_t len = 0;
    for (;;) {
        char buf[512];
        ssize_t r = read(fd[0], buf, sizeof buf);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        /* Keep only the last TAIL bytes (buf is smaller than that): the
         * end says what went wrong. */
        size_t add = (size_t)r;
        if (len + add > TAIL) {
            size_t drop = len + add - TAIL;
            memmove(tail, tail + drop, len - drop);
            len -= drop;
        }
        memcpy(tail + len, buf, add);
        len += add;
    }
    close(fd[0]);
    tail[len] = '\0';
    last_line(complaint, cap, tail);
    while (waitpid(pid, status, 0) < 0)
        if (errno != EINTR)
            return error_set("gnuplot: lost track of it: %s",
                             strerror(errno));
    return 0;
}

/* Draws dir/name.png from the script just written. */
static int draw(const char *dir, const char *name)
{
    char exe[FILEIO_PATH_MAX];
    if (!find_gnuplot(exe, sizeof exe)) return PLOT_NO_GNUPLOT;
    char file[MAX_NAME + 8], png[FILEIO_PATH_MAX];
    snprintf(file, sizeof file, "%s.png", name);
    if (fileio_join(png, sizeof png, dir, file) != 0) return -1;
    /* The atomic file makes the temporary name and removes it on failure;
     * gnuplot itself writes the PNG into it, by name, from dir. */
    AtomicFile af;
    if (fileio_atomic_open(&af, png) != 0) return -1;
    const char *slash = strrchr(af.tmp, '/');
    const char *tmp = slash ? slash + 1 : af.tmp;
    int status = 0;
    char complaint[256];
    if (run_gnuplot(exe, dir, name, tmp, &status, complaint,
                    sizeof complaint) != 0) {
        fileio_atomic_abort(&af);
        return -1;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fileio_atomic_abort(&af);
        char how[32];
        if (WIFEXITED(status))
            snprintf(how, sizeof how, "exit status %d", WEXITSTATUS(status));
        else
            snprintf(how, sizeof how, "signal %d", WTERMSIG(status));
        return error_set("%s: gnuplot failed (%s)%s%s", png, how,
                         complaint[0] ? ": " : "", complaint);
    }
    struct stat sb;
    if (stat(af.tmp, &sb) != 0 || sb.st_size == 0) {
        fileio_atomic_abort(&af);
        return error_set("%s: gnuplot drew nothing%s%s", png,
                         complaint[0] ? ": " : "", complaint);
    }
    return fileio_atomic_commit(&af);
}

/* ---- the public functions ------------------------------------------------ */

int plot_lines(const char *dir, const char *name, const PlotSeries *series,
               int nseries, const PlotStyle *style)
{
    PlotStyle st = style ? *style : plot_style(NULL, NULL, NULL);
    if (check_common(dir, name, &st) != 0) return -1;
    if (!series || nseries < 1 || nseries > MAX_SERIES)
        return error_set("plot %s: %d series: need 1 to %d", name, nseries,
                         MAX_SERIES);
    for (int s = 0; s < nseries; s++)
        if (!series[s].y || series[s].n < 1 || series[s].n > MAX_POINTS)
            return error_set("plot %s: series %d has %d points%s: need 1 "
                             "to %d", name, s, series[s].n,
                             series[s].y ? "" : " (y is NULL)", MAX_POINTS);
    if (write_lines_data(dir, name, series, nseries) != 0 ||
        write_lines_script(dir, name, series, nseries, &st) != 0)
        return -1;
    return draw(dir, name);
}

int plot_grouped_bars(const char *dir, const char *name,
                      const char *const *labels, int n,
                      const char *const *group_names, int ngroups,
                      const float *values, const PlotStyle *style)
{
    PlotStyle st = style ? *style : plot_style(NULL, NULL, NULL);
    if (check_common(dir, name, &st) != 0) return -1;
    if (!labels || !values || n < 1 || n > MAX_BARS)
        return error_set("plot %s: %d bars%s: need 1 to %d with labels and "
                         "values", name, n, labels && values ? "" :
                         " (labels or values NULL)", MAX_BARS);
    if (ngroups < 1 || ngroups > MAX_SERIES)
        return error_set("plot %s: %d groups: need 1 to %d", name, ngroups,
                         MAX_SERIES);
    if (write_bars_data(dir, name, labels, n, group_names, ngroups,
                        values) != 0 ||
        write_bars_script(dir, name, labels, n, group_names, ngroups, values,
                          &st) != 0)
        return -1;
    return draw(dir, name);
}

int plot_bars(const char *dir, const char *name, const char *const *labels,
              const float *values, int n, const PlotStyle *style)
{
    return plot_grouped_bars(dir, name, labels, n, NULL, 1, values, style);
}
