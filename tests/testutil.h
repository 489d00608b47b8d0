/* testutil: helpers shared by the Check suites.
 *
 *     expect_close(got, want, n, 1e-5f, 1e-4f, "attention out");
 *     float *want = fixture_load("kernels.txt", "gelu_out", &n);
 *
 * expect_close passes when |got - want| <= atol + rtol * |want| for every
 * element; otherwise it prints the first few mismatching pairs and the
 * largest difference, then fails the running test. fixture_load reads one
 * named array from a text file under tests/fixtures/ (written by
 * tools/make_fixtures.py): a line "name d0 d1 ...", then the values. It
 * fails the running test when the file or the name is missing; free the
 * result with free().
 */
#ifndef TESTUTIL_H
#define TESTUTIL_H

#include <check.h>

void expect_close(const float *got, const float *want, long n, float atol,
                  float rtol, const char *what);
float *fixture_load(const char *file, const char *name, long *n);
/* Fills x with uniform values in [lo, hi) from a fixed seed. */
void fill_random(float *x, long n, float lo, float hi, unsigned seed);
/* Writes a fresh empty directory name under /tmp into buf (mkdtemp); it
 * and everything in it are removed when the test process ends. */
void make_temp_dir(char *buf, int cap);

#endif
