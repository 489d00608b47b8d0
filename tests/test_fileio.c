/* Tests of fileio.h's fileio_check_dir: the start-up check of an output
 * directory answers as fileio_mkdirs would, and leaves nothing behind. */
#include "error.h"
#include "fileio.h"
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* Entries in dir besides "." and "..". */
static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

START_TEST(test_check_dir_creates_nothing)
{
    char dir[256], path[512];
    make_temp_dir(dir, sizeof dir);
    ck_assert_int_eq(fileio_check_dir(dir), 0);
    snprintf(path, sizeof path, "%s/a/b/c", dir);
    ck_assert_msg(fileio_check_dir(path) == 0, "%s", error_message());
    snprintf(path, sizeof path, "%s/a/b/", dir);
    ck_assert_msg(fileio_check_dir(path) == 0, "%s", error_message());
    ck_assert_int_eq(count_entries(dir), 0);
    // what it accepted, fileio_mkdirs makes
    snprintf(path, sizeof path, "%s/a/b/c", dir);
    ck_assert_int_eq(fileio_mkdirs(path), 0);
    ck_assert_int_eq(fileio_check_dir(path), 0);
    ck_assert_int_eq(count_entries(path), 0);
}
END_TEST

START_TEST(test_check_dir_refuses_a_file_in_the_way)
{
    char dir[256], file[512], path[600];
    make_temp_dir(dir, sizeof dir);
    snprintf(file, sizeof file, "%s/a-file", dir);
    FILE *f = fopen(file, "w");
    ck_assert_ptr_nonnull(f);
    fclose(f);
    const char *below[] = {"", "/", "/x", "/x/y/"};
    for (int i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s%s", file, below[i]);
        ck_assert_int_eq(fileio_check_dir(path), -1);
        ck_assert_msg(strstr(error_message(), path) != NULL, "%s",
                      error_message());
        ck_assert_msg(strstr(error_message(), "not a directory") != NULL,
                      "%s", error_message());
        ck_assert_int_eq(fileio_mkdirs(path), -1); // the same answer
    }
    ck_assert_int_eq(count_entries(dir), 1);
    ck_assert_int_eq(fileio_check_dir("/dev/null/x"), -1);
    ck_assert_ptr_nonnull(strstr(error_message(), "/dev/null is not"));
    ck_assert_int_eq(fileio_check_dir(""), -1);
}
END_TEST

Suite *suite_fileio(void)
{
    Suite *s = suite_create("fileio");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_check_dir_creates_nothing);
    tcase_add_test(tc, test_check_dir_refuses_a_file_in_the_way);
    suite_add_tcase(s, tc);
    return s;
}
