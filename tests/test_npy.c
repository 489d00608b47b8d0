/* Tests of npy.h: files parsed back byte by byte, and bad input refused. */
#include "error.h"
#include "npy.h"
#include "testutil.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A .npy file split into its parts by an independent reading of the
 * format: the header dictionary (padding removed) and the data bytes. */
typedef struct {
    char dict[1024];
    unsigned char *data;
    long data_len;
} NpyFile;

static void npy_parse(const char *path, NpyFile *out)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *b = malloc((size_t)len + 1);
    ck_assert_int_eq((long)fread(b, 1, (size_t)len, f), len);
    fclose(f);
    ck_assert_int_ge(len, 10);
    ck_assert_int_eq(memcmp(b, "\x93NUMPY\x01\x00", 8), 0);
    long header_len = b[8] | b[9] << 8;
    ck_assert_int_ge(header_len, 1);
    ck_assert_int_ge(len, 10 + header_len);
    ck_assert_msg((10 + header_len) % 64 == 0, "data starts at %ld",
                  10 + header_len);
    ck_assert_int_eq(b[10 + header_len - 1], '\n');
    size_t dict_len = (size_t)header_len - 1;        /* without the \n */
    while (dict_len > 0 && b[10 + dict_len - 1] == ' ') dict_len--;
    ck_assert_uint_lt(dict_len, sizeof out->dict);
    memcpy(out->dict, b + 10, dict_len);
    out->dict[dict_len] = '\0';
    for (long i = 10; i < 10 + header_len; i++)
        ck_assert_msg(b[i] >= 0x20 || b[i] == '\n', "byte %ld not ASCII", i);
    out->data_len = len - 10 - header_len;
    out->data = malloc((size_t)out->data_len + 1);
    memcpy(out->data, b + 10 + header_len, (size_t)out->data_len);
    free(b);
}

static uint64_t le_at(const unsigned char *p, int size)
{
    uint64_t v = 0;
    for (int i = size - 1; i >= 0; i--) v = v << 8 | p[i];
    return v;
}

START_TEST(test_f32_file)
{
    char dir[64], path[128];
    make_temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/x.npy", dir);
    long n = 5003;                       /* crosses the writer's chunks */
    float *x = malloc((size_t)n * sizeof *x);
    fill_random(x, n, -2.0f, 2.0f, 5);
    x[0] = -0.0f;
    x[1] = NAN;
    x[2] = INFINITY;
    ck_assert_int_eq(npy_write_f32(path, x, 2, (long[]){1, n}), 0);
    NpyFile f;
    npy_parse(path, &f);
    ck_assert_str_eq(f.dict, "{'descr': '<f4', 'fortran_order': False, "
                             "'shape': (1, 5003), }");
    ck_assert_int_eq(f.data_len, 4 * n);
    for (long i = 0; i < n; i++) {
        uint32_t bits;
        memcpy(&bits, &x[i], 4);
        ck_assert_uint_eq(le_at(f.data + 4 * i, 4), bits);
    }
    free(f.data);
    free(x);
    remove(path);
    rmdir(dir);
}
END_TEST

START_TEST(test_shapes_and_padding)
{
    char dir[64], path[128];
    make_temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/s.npy", dir);
    float v[24] = {3.5f};
    NpyFile f;
    ck_assert_int_eq(npy_write_f32(path, v, 1, (long[]){7}), 0);
    npy_parse(path, &f);
    ck_assert_str_eq(f.dict, "{'descr': '<f4', 'fortran_order': False, "
                             "'shape': (7,), }");
    free(f.data);
    ck_assert_int_eq(npy_write_f32(path, v, 0, NULL), 0);
    npy_parse(path, &f);
    ck_assert_str_eq(f.dict, "{'descr': '<f4', 'fortran_order': False, "
                             "'shape': (), }");
    ck_assert_int_eq(f.data_len, 4);
    ck_assert_uint_eq(le_at(f.data, 4), 0x40600000u);     /* 3.5f */
    free(f.data);
    ck_assert_int_eq(npy_write_f32(path, NULL, 2, (long[]){0, 4}), 0);
    npy_parse(path, &f);
    ck_assert_str_eq(f.dict, "{'descr': '<f4', 'fortran_order': False, "
                             "'shape': (0, 4), }");
    ck_assert_int_eq(f.data_len, 0);
    free(f.data);
    /* every length of header lands the data on a multiple of 64 */
    long shape[6] = {1, 2, 1, 3, 1, 4};
    for (int nd = 1; nd <= 6; nd++) {
        ck_assert_int_eq(npy_write_f32(path, v, nd, shape), 0);
        npy_parse(path, &f);                  /* checks the alignment */
        free(f.data);
    }
    ck_assert_int_eq(npy_write_f32(path, NULL, 2, (long[]){0, 1234567890123L}),
                     0);
    npy_parse(path, &f);
    ck_assert_str_eq(f.dict, "{'descr': '<f4', 'fortran_order': False, "
                             "'shape': (0, 1234567890123), }");
    free(f.data);
    remove(path);
    rmdir(dir);
}
END_TEST

START_TEST(test_i64_files)
{
    char dir[64], path[128];
    make_temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/ids.npy", dir);
    const long big[5] = {-1, 0, 101, LONG_MAX, LONG_MIN};
    ck_assert_int_eq(npy_write_i64(path, big, 1, (long[]){5}), 0);
    NpyFile f;
    npy_parse(path, &f);
    ck_assert_str_eq(f.dict, "{'descr': '<i8', 'fortran_order': False, "
                             "'shape': (5,), }");
    ck_assert_int_eq(f.data_len, 40);
    for (int i = 0; i < 5; i++)
        ck_assert_msg((int64_t)le_at(f.data + 8 * i, 8) == (int64_t)big[i],
                      "element %d", i);
    free(f.data);
    const int ids[6] = {101, 7592, 102, -2, INT_MAX, INT_MIN};
    ck_assert_int_eq(npy_write_i64_from_int(path, ids, 2, (long[]){2, 3}), 0);
    npy_parse(path, &f);
    ck_assert_str_eq(f.dict, "{'descr': '<i8', 'fortran_order': False, "
                             "'shape': (2, 3), }");
    ck_assert_int_eq(f.data_len, 48);
    for (int i = 0; i < 6; i++)
        ck_assert_msg((int64_t)le_at(f.data + 8 * i, 8) == ids[i],
                      "element %d", i);
    free(f.data);
    remove(path);
    rmdir(dir);
}
END_TEST

START_TEST(test_bad_input)
{
    char dir[64], path[128], missing[160];
    make_temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/bad.npy", dir);
    float v[4] = {0};
    ck_assert_int_eq(npy_write_f32(path, v, -1, (long[]){1}), -1);
    ck_assert_int_eq(npy_write_f32(path, v, 33, (long[]){1}), -1);
    ck_assert_int_eq(npy_write_f32(path, v, 2, NULL), -1);
    ck_assert_int_eq(npy_write_f32(path, v, 2, (long[]){2, -2}), -1);
    ck_assert_ptr_nonnull(strstr(error_message(), "shape[1] = -2"));
    ck_assert_int_eq(npy_write_f32(path, NULL, 1, (long[]){4}), -1);
    ck_assert_ptr_nonnull(strstr(error_message(), "no data"));
    ck_assert_int_eq(
        npy_write_i64(path, NULL, 3, (long[]){1L << 40, 1L << 40, 1L << 40}),
        -1);
    ck_assert_ptr_nonnull(strstr(error_message(), "overflows"));
    ck_assert_ptr_nonnull(strstr(error_message(), path));
    ck_assert_int_eq(access(path, F_OK), -1);        /* nothing was written */
    snprintf(missing, sizeof missing, "%s/no/such/dir.npy", dir);
    ck_assert_int_eq(npy_write_f32(missing, v, 1, (long[]){4}), -1);
    ck_assert_ptr_nonnull(strstr(error_message(), missing));
    rmdir(dir);
}
END_TEST

Suite *suite_npy(void)
{
    Suite *s = suite_create("npy");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_f32_file);
    tcase_add_test(tc, test_shapes_and_padding);
    tcase_add_test(tc, test_i64_files);
    tcase_add_test(tc, test_bad_input);
    suite_add_tcase(s, tc);
    return s;
}
