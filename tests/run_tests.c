/* run_tests: every Check suite of tests/ in one runner.
 *
 * Each tests/test_NAME.c defines `Suite *suite_NAME(void)`; the Makefile
 * lists them in suites.h. Run one suite with CK_RUN_SUITE=NAME, one test
 * case with CK_RUN_CASE=NAME. The exit status is non-zero when any test
 * fails, so `make test` fails too.
 */
#include <check.h>
#include <stdlib.h>

#include "suites.h"

int main(void)
{
    Suite *(*const suites[])(void) = {ALL_SUITES};
    SRunner *runner = srunner_create(NULL);
    for (int i = 0; suites[i]; i++) srunner_add_suite(runner, suites[i]());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
