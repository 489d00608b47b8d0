#define _XOPEN_SOURCE 700 /* nftw */
#include "testutil.h"

#include "rng.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>
#include <sys/stat.h>

void expect_close(const float *got, const float *want, long n, float atol,
                  float rtol, const char *what)
{
    long bad = 0;
    double max_diff = 0;
    for (long i = 0; i < n; i++) {
        double d = fabs((double)got[i] - (double)want[i]);
        int ok = d <= atol + rtol * fabs((double)want[i]);
        if (isnan(got[i]) != isnan(want[i])) ok = 0;
        if (d > max_diff || isnan(d)) max_diff = d;
        if (!ok && bad++ < 5)
            fprintf(stderr, "%s[%ld]: got %.9g, want %.9g\n", what, i,
                    got[i], want[i]);
    }
    ck_assert_msg(bad == 0, "%s: %ld of %ld values differ, max diff %.3g",
                  what, bad, n, max_diff);
}

float *fixture_load(const char *file, const char *name, long *n)
{
    char path[512];
    snprintf(path, sizeof path, "tests/fixtures/%s", file);
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "cannot open fixture %s", path);
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        char key[256];
        int off;
        if (sscanf(line, "%255s%n", key, &off) != 1 || strcmp(key, name))
            continue;
        long count = 1;
        char *p = line + off;
        for (;;) {
            char *end;
            long d = strtol(p, &end, 10);
            if (end == p) break;
            count *= d;
            p = end;
        }
        float *data = malloc((size_t)count * sizeof *data);
        for (long i = 0; i < count; i++)
            ck_assert_msg(fscanf(f, "%f", &data[i]) == 1,
                          "fixture %s:%s: too few values", path, name);
        fclose(f);
        *n = count;
        return data;
    }
    fclose(f);
    ck_abort_msg("fixture %s has no array %s", path, name);
    return NULL;
}

void fill_random(float *x, long n, float lo, float hi, unsigned seed)
{
    Rng rng;
    rng_seed(&rng, seed);
    rng_fill_uniform(&rng, x, n, lo, hi);
}

static int remove_entry(const char *path, const struct stat *st, int flag,
                        struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

/* Temporary directories made by this process, removed at its end. */
static char temp_dirs[64][64];
static int n_temp_dirs;

static void remove_temp_dirs(void)
{
    for (int i = 0; i < n_temp_dirs; i++)
        nftw(temp_dirs[i], remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

void make_temp_dir(char *buf, int cap)
{
    snprintf(buf, (size_t)cap, "/tmp/bert-test-XXXXXX");
    ck_assert_msg(mkdtemp(buf) != NULL, "mkdtemp failed");
    if (n_temp_dirs == 0) atexit(remove_temp_dirs);
    if (n_temp_dirs < 64) snprintf(temp_dirs[n_temp_dirs++], 64, "%s", buf);
}
