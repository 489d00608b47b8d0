#include "chapter.h"

#include "error.h"
#include "fileio.h"
#include "plot.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void chapter_say(const Cli *cli, const char *fmt, ...)
{
    if (cli->quiet) return;
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
}

int chapter_prepare_out(const Cli *cli)
{
    if (strlen(cli->out) > FILEIO_PATH_MAX - 128)
        return error_set("--out %s: path too long", cli->out);
    if (fileio_mkdirs(cli->out) != 0)
        return error_set("--out %s: %s", cli->out, error_message());
    return 0;
}

int chapter_check_dir_flag(const Cli *cli, const char *flag, const char *dir,
                           int (*check)(const char *dir))
{
    if (!dir) return -1;
    if (dir[0] == '\0') {
        fprintf(stderr, "%s: error: %s: empty directory name\n"
                "hint: %s --help lists every option\n", cli->program, flag,
                cli->program);
        return 2;
    }
    if (check(dir) == 0) return -1;
    error_set("%s: %s", flag, error_message());
    return cli_fail(cli, error_message());
}

void chapter_figure(const Cli *cli, const char *name, char *buf, int cap)
{
    snprintf(buf, (size_t)cap, "%s/%s", cli->out, name);
}

int chapter_plot_done(const Cli *cli, int rc, const char *name)
{
    if (rc == PLOT_NO_GNUPLOT) {
        fprintf(stderr, "%s: note: gnuplot not found, so %s/%s.png was not "
                "drawn; %s/%s.gp draws it later (apt-get install "
                "gnuplot-nox)\n", cli->program, cli->out, name, cli->out,
                name);
        return 0;
    }
    return rc < 0 ? -1 : 0;
}

void chapter_print_matrix(const Cli *cli, const float *m, int rows, int cols,
                          const char *const *row_labels,
                          const char *const *col_labels)
{
    chapter_say(cli, "   %-7s", "");
    for (int j = 0; j < cols; j++) chapter_say(cli, " %6.6s", col_labels[j]);
    chapter_say(cli, "\n");
    for (int i = 0; i < rows; i++) {
        chapter_say(cli, "   %-7.7s", row_labels[i]);
        for (int j = 0; j < cols; j++)
            chapter_say(cli, " %6.2f", m[(long)i * cols + j]);
        chapter_say(cli, "\n");
    }
}
