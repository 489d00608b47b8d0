/* Tests of plot.h: the data and script files, gnuplot present, absent
 * (PATH pointed at an empty directory) and failing (a stand-in gnuplot
 * that complains and exits 1). */
#include "error.h"
#include "fileio.h"
#include "image.h"
#include "plot.h"
#include "testutil.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int exists(const char *dir, const char *name)
{
    char path[FILEIO_PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return access(path, F_OK) == 0;
}

static char *read_text(const char *dir, const char *name)
{
    char path[FILEIO_PATH_MAX], *text;
    long len;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    ck_assert_msg(fileio_read_all(path, &text, &len, 0) == 0, "%s",
                  error_message());
    return text;
}

/* Files whose name holds part ("" for all). */
static int count_files(const char *dir, const char *part)
{
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
             strstr(e->d_name, part);
    closedir(d);
    return n;
}

/* What a failed atomic write would leave behind. */
static int temporaries(const char *dir) { return count_files(dir, ".tmp."); }


/* PATH is changed by some tests; they put it back with this. */
static char *saved_path;

static void set_path(const char *path)
{
    free(saved_path);
    const char *old = getenv("PATH");
    saved_path = old ? strdup(old) : NULL;
    setenv("PATH", path, 1);
}

static void restore_path(void)
{
    if (saved_path)
        setenv("PATH", saved_path, 1);
    else
        unsetenv("PATH");
    free(saved_path);
    saved_path = NULL;
}

static int have_gnuplot(void)
{
    return system("command -v gnuplot >/dev/null 2>&1") == 0;
}

static float train[50], test[50], steps[50];

static int loss_plot(const char *dir, const char *name, int scale)
{
    for (int i = 0; i < 50; i++) {
        steps[i] = (float)(10 * i);
        train[i] = 4.0f * expf(-0.05f * (float)i) + 0.5f;
        test[i] = 4.2f * expf(-0.04f * (float)i) + 0.7f;
    }
    test[20] = NAN;  /* a gap in the curve, not an error */
    PlotSeries s[2] = {{"train", steps, train, 50}, {"held-out", NULL, test,
                                                     50}};
    PlotStyle st = plot_style("loss", "step", "cross-entropy");
    st.scale = scale;
    return plot_lines(dir, name, s, 2, &st);
}

START_TEST(test_without_gnuplot)
{
    char dir[64], empty[64];
    make_temp_dir(dir, sizeof dir);
    make_temp_dir(empty, sizeof empty);
    set_path(empty);
    int rc = loss_plot(dir, "loss", 1);
    restore_path();
    ck_assert_int_eq(rc, PLOT_NO_GNUPLOT);
    ck_assert(exists(dir, "loss.dat"));
    ck_assert(exists(dir, "loss.gp"));
    ck_assert(!exists(dir, "loss.png"));
    ck_assert_int_eq(temporaries(dir), 0);
    /* The data: two blocks of 50 points; the gap is written NaN. */
    char *dat = read_text(dir, "loss.dat");
    int points = 0;
    for (char *line = strtok(dat, "\n"); line; line = strtok(NULL, "\n"))
        points += line[0] != '#';
    ck_assert_int_eq(points, 100);
    free(dat);
    dat = read_text(dir, "loss.dat");
    ck_assert_ptr_nonnull(strstr(dat, "\n20 NaN\n"));  /* x from 0 */
    ck_assert_ptr_nonnull(strstr(dat, "\n490 0.8"));  /* x from steps */
    free(dat);
    /* The script reads the data by a relative name and fixes the font. */
    char *gp = read_text(dir, "loss.gp");
    ck_assert_ptr_nonnull(strstr(gp, "plot 'loss.dat' index 0"));
    ck_assert_ptr_nonnull(strstr(gp, "'DejaVu Sans,12'"));
    ck_assert_ptr_nonnull(strstr(gp, "title 'held-out'"));
    ck_assert_ptr_null(strstr(gp, dir));
    free(gp);
}
END_TEST

START_TEST(test_with_gnuplot)
{
    if (!have_gnuplot()) {
        fprintf(stderr, "test_with_gnuplot: no gnuplot here, skipped\n");
        return;
    }
    char dir[64], path[FILEIO_PATH_MAX];
    make_temp_dir(dir, sizeof dir);
    ck_assert_msg(loss_plot(dir, "loss", 1) == 0, "%s", error_message());
    snprintf(path, sizeof path, "%s/loss.png", dir);
    Image *img = image_read_png(path);
    ck_assert_msg(img != NULL, "%s", error_message());
    ck_assert_int_eq(img->width, 800);
    ck_assert_int_eq(img->height, 500);
    image_free(img);
    ck_assert_int_eq(temporaries(dir), 0);
    /* The same data again: the same bytes. */
    char *first = read_text(dir, "loss.png");
    struct stat sb;
    ck_assert_int_eq(stat(path, &sb), 0);
    ck_assert_int_eq(loss_plot(dir, "loss", 1), 0);
    char *again = read_text(dir, "loss.png");
    ck_assert_int_eq(memcmp(first, again, (size_t)sb.st_size), 0);
    free(first);
    free(again);
    /* Scale 2: twice the pixels. */
    ck_assert_int_eq(loss_plot(dir, "loss2", 2), 0);
    snprintf(path, sizeof path, "%s/loss2.png", dir);
    img = image_read_png(path);
    ck_assert_ptr_nonnull(img);
    ck_assert_int_eq(img->width, 1600);
    ck_assert_int_eq(img->height, 1000);
    image_free(img);
}
END_TEST

START_TEST(test_bars_with_awkward_labels)
{
    char dir[64], empty[64];
    make_temp_dir(dir, sizeof dir);
    make_temp_dir(empty, sizeof empty);
    const char *labels[5] = {"月", "it's", "a\nb", "\xff", "##ing"};
    float p[5] = {0.4f, 0.3f, 0.15f, 0.1f, 0.05f};
    PlotStyle st = plot_style("next token", NULL, "probability");
    set_path(empty);
    int rc = plot_bars(dir, "bars", labels, p, 5, &st);
    restore_path();
    ck_assert_int_eq(rc, PLOT_NO_GNUPLOT);
    char *gp = read_text(dir, "bars.gp");
    ck_assert_ptr_nonnull(strstr(gp, "'月' 0"));
    ck_assert_ptr_nonnull(strstr(gp, "'it''s' 1"));
    ck_assert_ptr_nonnull(strstr(gp, "'a b' 2"));
    ck_assert_ptr_nonnull(strstr(gp, "'?' 3"));
    free(gp);
    if (have_gnuplot()) {
        /* gnuplot accepts the script it was given. */
        ck_assert_msg(plot_bars(dir, "bars", labels, p, 5, &st) == 0, "%s",
                      error_message());
        const char *groups[2] = {"before", "after"};
        float g[10] = {0.1f, 0.2f, 0.3f, 0.2f, 0.2f,
                       0.3f, 0.3f, 0.1f, 0.2f, 0.1f};
        ck_assert_msg(plot_grouped_bars(dir, "grouped", labels, 5, groups, 2,
                                        g, &st) == 0, "%s", error_message());
        ck_assert(exists(dir, "grouped.png"));
    }
}
END_TEST

START_TEST(test_gnuplot_failure_is_an_error)
{
    /* A stand-in gnuplot that complains and fails, first in PATH. */
    char dir[64], bin[64], fake[FILEIO_PATH_MAX];
    make_temp_dir(dir, sizeof dir);
    make_temp_dir(bin, sizeof bin);
    snprintf(fake, sizeof fake, "%s/gnuplot", bin);
    FILE *f = fopen(fake, "w");
    ck_assert_ptr_nonnull(f);
    fputs("#!/bin/sh\necho 'line 1: first' >&2\n"
          "echo 'line 9: the real complaint' >&2\nexit 3\n", f);
    fclose(f);
    chmod(fake, 0755);
    set_path(bin);
    int rc = loss_plot(dir, "loss", 1);
    restore_path();
    ck_assert_int_eq(rc, -1);
    ck_assert_ptr_nonnull(strstr(error_message(), "loss.png"));
    ck_assert_ptr_nonnull(strstr(error_message(), "exit status 3"));
    ck_assert_ptr_nonnull(strstr(error_message(), "the real complaint"));
    ck_assert(!exists(dir, "loss.png"));
    ck_assert_int_eq(temporaries(dir), 0);
}
END_TEST

START_TEST(test_bad_arguments)
{
    char dir[64];
    make_temp_dir(dir, sizeof dir);
    float y[3] = {1, 2, 3};
    PlotSeries s = {"y", NULL, y, 3};
    ck_assert_int_eq(plot_lines(dir, "../up", &s, 1, NULL), -1);
    ck_assert_ptr_nonnull(strstr(error_message(), "'../up'"));
    ck_assert_int_eq(plot_lines(dir, "", &s, 1, NULL), -1);
    ck_assert_int_eq(plot_lines("/dev/null/x", "y", &s, 1, NULL), -1);
    ck_assert_ptr_nonnull(strstr(error_message(), "not a directory"));
    ck_assert_int_eq(plot_lines(dir, "y", &s, 0, NULL), -1);
    PlotSeries none = {"y", NULL, NULL, 3};
    ck_assert_int_eq(plot_lines(dir, "y", &none, 1, NULL), -1);
    ck_assert_ptr_nonnull(strstr(error_message(), "NULL"));
    PlotStyle st = plot_style(NULL, NULL, NULL);
    st.scale = 0;
    ck_assert_int_eq(plot_lines(dir, "y", &s, 1, &st), -1);
    ck_assert_ptr_nonnull(strstr(error_message(), "scale 0"));
    ck_assert_int_eq(plot_bars(dir, "b", NULL, y, 3, NULL), -1);
    ck_assert_int_eq(count_files(dir, ""), 0);
}
END_TEST

Suite *suite_plot(void)
{
    Suite *s = suite_create("plot");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_without_gnuplot);
    tcase_add_test(tc, test_with_gnuplot);
    tcase_add_test(tc, test_bars_with_awkward_labels);
    tcase_add_test(tc, test_gnuplot_failure_is_an_error);
    tcase_add_test(tc, test_bad_arguments);
    suite_add_tcase(s, tc);
    return s;
}
