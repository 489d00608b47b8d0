/* Tests of safetensors.h: round trips, the reference writer's bytes, F16
 * and BF16 conversion, and a file that is wrong in each way we check. */
#include "error.h"
#include "safetensors.h"
#include "testutil.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- helpers ------------------------------------------------------------ */

/* A safetensors file in memory: the header text (its length first) and
 * the data bytes. Free with free(). */
static unsigned char *make_file(const char *header, const void *data,
                                size_t n, size_t *size)
{
    size_t h = strlen(header);
    unsigned char *buf = malloc(8 + h + n + 1);
    ck_assert_ptr_nonnull(buf);
    for (int i = 0; i < 8; i++) buf[i] = (unsigned char)((uint64_t)h >> 8 * i);
    memcpy(buf + 8, header, h);
    if (n) memcpy(buf + 8 + h, data, n);
    *size = 8 + h + n;
    return buf;
}

static void write_bytes(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(p, 1, n, f), n);
    ck_assert_int_eq(fclose(f), 0);
}

static unsigned char *read_bytes(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *p = malloc((size_t)len + 1);
    ck_assert_uint_eq(fread(p, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    *n = (size_t)len;
    return p;
}

static void expect_message(const char *want)
{
    const char *msg = error_message();
    ck_assert_msg(strstr(msg, want) != NULL, "message \"%s\" lacks \"%s\"",
                  msg, want);
    ck_assert_msg(strchr(msg, '\n') == NULL, "message \"%s\" is not one "
                  "line", msg);
}

/* The file bytes must fail to open, from disk and from memory, with a
 * one-line message that names the file and contains `want`. */
static void expect_bytes_fail(const unsigned char *bytes, size_t size,
                              const char *want)
{
    char dir[64], path[128];
    make_temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/bad.safetensors", dir);
    write_bytes(path, bytes, size);
    SafeTensors st;
    ck_assert_int_eq(safetensors_open(&st, path), -1);
    expect_message(want);
    expect_message(path);
    ck_assert_ptr_null(st.tensors);
    ck_assert_int_eq(st.fd, -1);
    ck_assert_int_eq(safetensors_open_memory(&st, bytes, size, "mem"), -1);
    expect_message(want);
    expect_message("mem: ");
    remove(path);
    rmdir(dir);
}

static void expect_open_fails(const char *header, const void *data,
                              size_t n, const char *want)
{
    size_t size;
    unsigned char *bytes = make_file(header, data, n, &size);
    expect_bytes_fail(bytes, size, want);
    free(bytes);
}

static uint32_t bits_of(float x)
{
    uint32_t b;
    memcpy(&b, &x, sizeof b);
    return b;
}

static void expect_same_bits(const float *got, const float *want, long n,
                             const char *what)
{
    for (long i = 0; i < n; i++)
        ck_assert_msg(bits_of(got[i]) == bits_of(want[i]),
                      "%s[%ld]: got %08x (%g), want %08x (%g)", what, i,
                      bits_of(got[i]), (double)got[i], bits_of(want[i]),
                      (double)want[i]);
}

static const float ZEROS[16];

/* ---- round trips -------------------------------------------------------- */

START_TEST(test_write_read_round_trip)
{
    char dir[64], path[128];
    make_temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/model.safetensors", dir);
    /* Sizes that straddle the reader's chunks, plus values that must keep
     * their exact bits: -0, infinities, NaN, subnormals, extremes. */
    long big = 7 * 14287;
    float *w = malloc((size_t)big * sizeof *w);
    fill_random(w, big, -3.0f, 3.0f, 11);
    float special[8] = {-0.0f, INFINITY, -INFINITY, NAN, 1e-45f, -1e-40f,
                        3.4028235e38f, 1.0f};
    float scalar = 0.5f;
    StWriteEntry e[] = {
        {"zeta.weight", 2, (long[]){7, 14287}, w},
        {"alpha.bias", 1, (long[]){8}, special},
        {"scalar", 0, NULL, &scalar},
        {"empty", 2, (long[]){3, 0}, NULL},
    };
    const char *meta[] = {"format", "pt", "note", "a \"quoted\" value", NULL};
    ck_assert_int_eq(safetensors_write(path, e, 4, meta), 0);

    SafeTensors st;
    ck_assert_int_eq(safetensors_open(&st, path), 0);
    ck_assert_int_eq(st.n, 4);
    ck_assert_int_eq(st.data_start % 8, 0);
    ck_assert_str_eq(safetensors_metadata(&st, "format"), "pt");
    ck_assert_str_eq(safetensors_metadata(&st, "note"), "a \"quoted\" value");
    ck_assert_ptr_null(safetensors_metadata(&st, "missing"));
    /* sorted by name, contiguous data */
    ck_assert_str_eq(st.tensors[0].name, "alpha.bias");
    ck_assert_str_eq(st.tensors[1].name, "empty");
    ck_assert_str_eq(st.tensors[3].name, "zeta.weight");
    ck_assert_int_eq(st.tensors[0].begin, 0);
    ck_assert_int_eq(st.tensors[1].begin, 32);
    ck_assert_int_eq(st.tensors[2].begin, 32);
    ck_assert_int_eq(st.tensors[3].begin, 36);
    ck_assert_int_eq(st.tensors[3].end, st.data_size);

    const StTensor *t = safetensors_find(&st, "zeta.weight");
    ck_assert_ptr_nonnull(t);
    ck_assert_int_eq(t->dtype, ST_F32);
    ck_assert_int_eq(t->ndim, 2);
    ck_assert_int_eq(t->numel, big);
    ck_assert_int_eq(safetensors_check_shape(&st, t, 2, (long[]){7, 14287}),
                     0);
    float *back = malloc((size_t)big * sizeof *back);
    ck_assert_int_eq(safetensors_read(&st, t, back, big), 0);
    expect_same_bits(back, w, big, "zeta.weight");

    t = safetensors_find(&st, "alpha.bias");
    ck_assert_int_eq(safetensors_read(&st, t, back, 8), 0);
    expect_same_bits(back, special, 8, "alpha.bias");

    t = safetensors_find(&st, "scalar");
    ck_assert_int_eq(t->ndim, 0);
    ck_assert_int_eq(t->numel, 1);
    ck_assert_int_eq(safetensors_read(&st, t, back, 1), 0);
    ck_assert_float_eq(back[0], 0.5f);

    t = safetensors_find(&st, "empty");
    ck_assert_int_eq(t->numel, 0);
    ck_assert_int_eq(safetensors_read(&st, t, back, 0), 0);

    safetensors_close(&st);
    safetensors_close(&st);                 /* closing twice is harmless */
    free(back);
    free(w);
    remove(path);
    rmdir(dir);
}
END_TEST

START_TEST(test_find_and_shape_messages)
{
    float x[6] = {1, 2, 3, 4, 5, 6};
    char dir[64], path[128];
    make_temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/m.safetensors", dir);
    StWriteEntry e = {"w", 2, (long[]){2, 3}, x};
    ck_assert_int_eq(safetensors_write(path, &e, 1, NULL), 0);
    SafeTensors st;
    ck_assert_int_eq(safetensors_open(&st, path), 0);
    ck_assert_int_eq(st.n_meta, 0);
    ck_assert_ptr_null(safetensors_find(&st, "v"));
    expect_message("no tensor named \"v\"");
    const StTensor *t = safetensors_find(&st, "w");
    ck_assert_int_ne(safetensors_check_shape(&st, t, 2, (long[]){3, 2}), 0);
    char want[256];
    snprintf(want, sizeof want, "%s: tensor \"w\": expected shape (3, 2), "
             "got (2, 3)", path);
    ck_assert_str_eq(error_message(), want);
    ck_assert_int_ne(safetensors_check_shape(&st, t, 1, (long[]){6}), 0);
    float y[7];
    ck_assert_int_eq(safetensors_read(&st, t, y, 7), -1);
    expect_message("holds 6 values, not 7");
    ck_assert_int_eq(safetensors_read(&st, t, y, 6), 0);
    expect_same_bits(y, x, 6, "w");
    safetensors_close(&st);
    remove(path);
    rmdir(dir);
}
END_TEST

/* The reference implementation's own serialisation tests (safetensors/src/
 * tensor.rs, test_serialization and test_serialization_forced_alignement)
 * give the exact bytes for 0..5 as F32: a 64-byte header that needs no
 * padding, and a 65-byte one padded to 72 with spaces. */
START_TEST(test_writer_matches_reference_bytes)
{
    const float v[6] = {0, 1, 2, 3, 4, 5};
    const char *headers[2] = {
        "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],"
        "\"data_offsets\":[0,24]}}",
        "{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],"
        "\"data_offsets\":[0,24]}}       ",
    };
    StWriteEntry e[2] = {{"attn.0", 3, (long[]){1, 2, 3}, v},
                         {"attn0", 4, (long[]){1, 1, 2, 3}, v}};
    unsigned char data[24];
    for (int i = 0; i < 6; i++) {
        uint32_t b = bits_of(v[i]);
        for (int k = 0; k < 4; k++)
            data[4 * i + k] = (unsigned char)(b >> 8 * k);
    }
    char dir[64], path[128];
    make_temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/ref.safetensors", dir);
    for (int c = 0; c < 2; c++) {
        size_t want_n, got_n;
        unsigned char *want = make_file(headers[c], data, 24, &want_n);
        ck_assert_int_eq(safetensors_write(path, &e[c], 1, NULL), 0);
        unsigned char *got = read_bytes(path, &got_n);
        ck_assert_uint_eq(got_n, want_n);
        ck_assert_int_eq(want[0], c == 0 ? 64 : 72);
        ck_assert_msg(memcmp(got, want, want_n) == 0, "case %d differs", c);
        free(got);
        free(want);
    }
    remove(path);
    rmdir(dir);
}
END_TEST

/* tools/make_safetensors_fixture.py wrote this file the way the reference
 * writer does; ours must write the same bytes. */
START_TEST(test_writer_matches_python_fixture)
{
    const float weight[6] = {-1.0f, -0.5f, 0.0f, 0.5f, 1.0f, 1.5f};
    const float bias[3] = {0.25f, -0.125f, 3.0e-8f};
    const float scale = 42.0f;
    StWriteEntry e[3] = {{"scale", 0, NULL, &scale},
                         {"dense.weight", 2, (long[]){2, 3}, weight},
                         {"dense.bias", 1, (long[]){3}, bias}};
    const char *meta[] = {"format", "pt", NULL};
    char dir[64], path[128];
    make_temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/f32.safetensors", dir);
    ck_assert_int_eq(safetensors_write(path, e, 3, meta), 0);
    size_t got_n, want_n;
    unsigned char *got = read_bytes(path, &got_n);
    unsigned char *want =
        read_bytes("tests/fixtures/safetensors_f32_ref.safetensors", &want_n);
    ck_assert_uint_eq(got_n, want_n);
    ck_assert_msg(memcmp(got, want, want_n) == 0, "bytes differ");
    free(got);
    free(want);
    remove(path);
    rmdir(dir);
}
END_TEST

/* ---- F16 and BF16 ------------------------------------------------------- */

/* Written by PyTorch's conversions (tools/make_safetensors_fixture.py). */
START_TEST(test_python_fixture_f16_bf16)
{
    SafeTensors st;
    ck_assert_int_eq(
        safetensors_open(&st, "tests/fixtures/safetensors_mixed.safetensors"),
        0);
    ck_assert_int_eq(st.n, 5);
    const char *pairs[2][2] = {{"h", "h_as_f32"}, {"b", "b_as_f32"}};
    const StDtype dtypes[2] = {ST_F16, ST_BF16};
    for (int p = 0; p < 2; p++) {
        const StTensor *t = safetensors_find(&st, pairs[p][0]);
        const StTensor *ref = safetensors_find(&st, pairs[p][1]);
        ck_assert_ptr_nonnull(t);
        ck_assert_ptr_nonnull(ref);
        ck_assert_int_eq(t->dtype, dtypes[p]);
        ck_assert_int_eq(t->numel, ref->numel);
        float got[32], want[32];
        ck_assert_int_eq(safetensors_read(&st, t, got, t->numel), 0);
        ck_assert_int_eq(safetensors_read(&st, ref, want, ref->numel), 0);
        expect_same_bits(got, want, t->numel, pairs[p][0]);
    }
    /* An int64 buffer opens, is described, and refuses to load as float. */
    const StTensor *ids = safetensors_find(&st, "ids");
    ck_assert_int_eq(ids->dtype, ST_I64);
    ck_assert_str_eq(safetensors_dtype_name(ids->dtype), "I64");
    ck_assert_int_eq(ids->numel, 4);
    float x[4];
    ck_assert_int_eq(safetensors_read(&st, ids, x, 4), -1);
    expect_message("tensor \"ids\": dtype I64 cannot be read as float");
    safetensors_close(&st);
}
END_TEST

/* Every half and every bfloat16 against a separate, arithmetic decoding. */
static double half_value(unsigned h)
{
    int exp = (h >> 10) & 31, mant = h & 1023;
    double v = exp == 31  ? (mant ? NAN : INFINITY)
               : exp == 0 ? ldexp(mant, -24)
                          : ldexp(1024 + mant, exp - 25);
    return h >> 15 ? -v : v;
}

static double bfloat_value(unsigned b)
{
    int exp = (b >> 7) & 255, mant = b & 127;
    double v = exp == 255 ? (mant ? NAN : INFINITY)
               : exp == 0 ? ldexp(mant, -133)
                          : ldexp(128 + mant, exp - 134);
    return b >> 15 ? -v : v;
}

START_TEST(test_every_f16_and_bf16_value)
{
    const char *dtype[2] = {"F16", "BF16"};
    unsigned char *data = malloc(2 * 65536);
    for (unsigned i = 0; i < 65536; i++) {
        data[2 * i] = (unsigned char)(i & 0xff);
        data[2 * i + 1] = (unsigned char)(i >> 8);
    }
    float *got = malloc(65536 * sizeof *got);
    for (int k = 0; k < 2; k++) {
        char header[128];
        snprintf(header, sizeof header, "{\"x\":{\"dtype\":\"%s\",\"shape\":"
                 "[256,256],\"data_offsets\":[0,131072]}}", dtype[k]);
        size_t size;
        unsigned char *file = make_file(header, data, 2 * 65536, &size);
        SafeTensors st;
        ck_assert_int_eq(safetensors_open_memory(&st, file, size, "all"), 0);
        ck_assert_int_eq(
            safetensors_read(&st, safetensors_find(&st, "x"), got, 65536), 0);
        for (unsigned i = 0; i < 65536; i++) {
            double want = k == 0 ? half_value(i) : bfloat_value(i);
            if (isnan(want)) {
                ck_assert_msg(isnan(got[i]) && !signbit(got[i]) == !(i >> 15),
                              "%s %04x: got %g", dtype[k], i, (double)got[i]);
                continue;
            }
            float w = (float)want;
            ck_assert_msg(bits_of(got[i]) == bits_of(w), "%s %04x: got %g, "
                          "want %g", dtype[k], i, (double)got[i], want);
        }
        safetensors_close(&st);
        free(file);
    }
    free(got);
    free(data);
}
END_TEST

/* ---- what may vary in a valid file -------------------------------------- */

START_TEST(test_accepted_variations)
{
    /* gaps between tensors, bytes after the last one, an empty tensor in
     * the middle of another's range, whitespace padding of every kind,
     * keys in any order, extra keys */
    const char *header =
        "{\"b\":{\"data_offsets\":[8,12],\"shape\":[],\"dtype\":\"F32\","
        "\"extra\":1},\"a\":{\"dtype\":\"F32\",\"shape\":[1],"
        "\"data_offsets\":[0,4]},\"z\":{\"dtype\":\"F16\",\"shape\":[0,5],"
        "\"data_offsets\":[1,1]},\"__metadata__\":{}} \t\r\n ";
    float data[5] = {1.5f, 0.0f, -2.0f, 9.0f, 9.0f};
    size_t size;
    unsigned char *file = make_file(header, data, sizeof data, &size);
    SafeTensors st;
    ck_assert_int_eq(safetensors_open_memory(&st, file, size, "ok"), 0);
    ck_assert_int_eq(st.n, 3);
    ck_assert_int_eq(st.n_meta, 0);
    float x;
    ck_assert_int_eq(safetensors_read(&st, safetensors_find(&st, "b"), &x, 1),
                     0);
    ck_assert_float_eq(x, -2.0f);
    ck_assert_int_eq(safetensors_read(&st, safetensors_find(&st, "a"), &x, 1),
                     0);
    ck_assert_float_eq(x, 1.5f);
    safetensors_close(&st);
    free(file);

    /* no tensors at all */
    file = make_file("{}      ", NULL, 0, &size);
    ck_assert_int_eq(safetensors_open_memory(&st, file, size, "empty"), 0);
    ck_assert_int_eq(st.n, 0);
    ck_assert_ptr_null(safetensors_find(&st, "a"));
    safetensors_close(&st);
    free(file);
}
END_TEST

/* ---- files that are wrong ----------------------------------------------- */

START_TEST(test_too_short_and_bad_lengths)
{
    expect_bytes_fail((const unsigned char *)"", 0, "0 bytes, too short");
    expect_bytes_fail((const unsigned char *)"\x02\0\0", 3, "too short");
    /* a header length beyond the file, and one beyond any sane header */
    unsigned char b[16] = {200, 0, 0, 0, 0, 0, 0, 0, '{', '}'};
    expect_bytes_fail(b, 10, "header length 200 is longer than the rest");
    memset(b, 0xff, 8);
    expect_bytes_fail(b, 16, "over the limit");
    memset(b, 0, 8);
    b[3] = 0x10;                                    /* 256 MiB */
    expect_bytes_fail(b, 16, "over the limit");
    /* a header length of zero */
    memset(b, 0, 8);
    expect_bytes_fail(b, 8, "does not start with '{'");
}
END_TEST

START_TEST(test_header_not_json_object)
{
    expect_open_fails("[1, 2]", NULL, 0, "does not start with '{'");
    expect_open_fails(" {}", NULL, 0, "does not start with '{'");
    expect_open_fails("{\"a\":", NULL, 0, "not valid JSON");
    expect_open_fails("{\"a\" 1}", NULL, 0, "not valid JSON");
    expect_open_fails("{} {}", NULL, 0, "unexpected bytes after");
    expect_open_fails("{}x", NULL, 0, "unexpected bytes after");
    expect_open_fails("{\"a\":1}", NULL, 0, "tensor \"a\": not a JSON object");
    expect_open_fails("{\"\xff\":1}", NULL, 0, "not valid UTF-8");
    expect_open_fails("{\"\xc0\xaf\":1}", NULL, 0, "not valid UTF-8");
    expect_open_fails("{\"\xed\xa0\x80\":1}", NULL, 0, "not valid UTF-8");
    size_t size;
    unsigned char *file = make_file("{\"a\":{}}", NULL, 0, &size);
    file[10] = '\0';
    expect_bytes_fail(file, size, "NUL byte");
    free(file);
}
END_TEST

START_TEST(test_bad_entries)
{
    const float z[4] = {0};
    expect_open_fails("{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", z, 4,
                      "tensor \"w\": no \"dtype\"");
    expect_open_fails("{\"w\":{\"dtype\":32,\"shape\":[1],"
                      "\"data_offsets\":[0,4]}}", z, 4, "not a string");
    expect_open_fails("{\"w\":{\"dtype\":\"F17\",\"shape\":[1],"
                      "\"data_offsets\":[0,4]}}", z, 4,
                      "tensor \"w\": unknown dtype \"F17\"");
    expect_open_fails("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", z,
                      4, "tensor \"w\": no \"shape\"");
    expect_open_fails("{\"w\":{\"dtype\":\"F32\",\"shape\":1,"
                      "\"data_offsets\":[0,4]}}", z, 4, "is not a list");
    expect_open_fails("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", z, 4,
                      "tensor \"w\": no \"data_offsets\"");
    expect_open_fails("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],"
                      "\"data_offsets\":[0]}}", z, 4, "two whole numbers");
    expect_open_fails("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],"
                      "\"data_offsets\":[0,4,8]}}", z, 4, "two whole numbers");
    expect_open_fails("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],"
                      "\"data_offsets\":[\"0\",4]}}", z, 4,
                      "two whole numbers");
    expect_open_fails("{\"__metadata__\":{\"format\":1}}", NULL, 0,
                      "__metadata__ \"format\": the value is not a string");
    expect_open_fails("{\"__metadata__\":[]}", NULL, 0,
                      "__metadata__ is not a JSON object");
    expect_open_fails("{\"__metadata__\":{},\"__metadata__\":{}}", NULL, 0,
                      "__metadata__ appears twice");
    expect_open_fails("{\"__metadata__\":{\"a\":\"1\",\"a\":\"2\"}}", NULL, 0,
                      "has \"a\" twice");
}
END_TEST

START_TEST(test_negative_fractional_and_huge_numbers)
{
    const float z[4] = {0};
    expect_open_fails("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],"
                      "\"data_offsets\":[0,4]}}", z, 4,
                      "tensor \"w\": shape[0] is not a whole number >= 0");
    expect_open_fails("{\"w\":{\"dtype\":\"F32\",\"shape\":[1.5],"
                      "\"data_offsets\":[0,4]}}", z, 4, "shape[0]");
    expect_open_fails("{\"w\":{\"dtype\":\"F32\",\"shape\":[true],"
                      "\"data_offsets\":[0,4]}}", z, 4, "shape[0]");
    expect_open_fails("{\"w\":{\"dtype\":\"F32\",\"shape\":[1,1e300],"
                      "\"data_offsets\":[0,4]}}", z, 4, "shape[1]");
    expect_open_fails("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],"
                      "\"data_offsets\":[-4,0]}}", z, 4, "two whole numbers");
    expect_open_fails("{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,"
                      "4294967296,4294967296],\"data_offsets\":[0,4]}}", z, 4,
                      "tensor \"w\": the shape's size overflows");
    expect_open_fails("{\"w\":{\"dtype\":\"F64\",\"shape\":[2147483648,"
                      "2147483648],\"data_offsets\":[0,4]}}", z, 4,
                      "byte size overflows");
    expect_open_fails("{\"w\":{\"dtype\":\"F32\",\"shape\":[1,1,1,1,1,1,1,1,1]"
                      ",\"data_offsets\":[0,4]}}", z, 4, "9 dimensions");
}
END_TEST

START_TEST(test_bad_offsets)
{
    const float z[4] = {0};
    expect_open_fails("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],"
                      "\"data_offsets\":[4,0]}}", z, 16,
                      "tensor \"w\": data_offsets [4, 0): begin is after end");
    expect_open_fails("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],"
                      "\"data_offsets\":[12,20]}}", z, 16,
                      "tensor \"w\": data_offsets [12, 20) go past the end of "
                      "the data (16 bytes)");
    expect_open_fails("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],"
                      "\"data_offsets\":[0,8]}}", z, 16,
                      "tensor \"w\": data_offsets [0, 8) hold 8 bytes, but "
                      "F32 (3) needs 12");
    expect_open_fails("{\"w\":{\"dtype\":\"BF16\",\"shape\":[2,2],"
                      "\"data_offsets\":[0,16]}}", z, 16, "needs 8");
    expect_open_fails("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],"
                      "\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\","
                      "\"shape\":[2],\"data_offsets\":[4,12]}}", z, 16,
                      "tensors \"a\" [0, 8) and \"b\" [4, 12) share bytes");
    expect_open_fails("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],"
                      "\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\","
                      "\"shape\":[1],\"data_offsets\":[4,8]}}", z, 16,
                      "tensor \"a\": appears twice");
}
END_TEST

START_TEST(test_names_in_messages_stay_one_line)
{
    expect_open_fails("{\"a\\nb\":{\"dtype\":\"F\\t17\",\"shape\":[1],"
                      "\"data_offsets\":[0,4]}}", ZEROS, 4,
                      "tensor \"a?b\": unknown dtype \"F?17\"");
}
END_TEST

START_TEST(test_truncated_file)
{
    char dir[64], path[128];
    make_temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/t.safetensors", dir);
    StWriteEntry e[2] = {{"a", 1, (long[]){4}, ZEROS},
                         {"b", 1, (long[]){16}, ZEROS}};
    ck_assert_int_eq(safetensors_write(path, e, 2, NULL), 0);
    size_t n;
    unsigned char *bytes = read_bytes(path, &n);
    expect_bytes_fail(bytes, n - 1, "tensor \"b\": data_offsets [16, 80) go "
                      "past the end of the data (79 bytes); truncated file?");
    expect_bytes_fail(bytes, 20, "longer than the rest of the file");
    free(bytes);
    remove(path);
    rmdir(dir);
}
END_TEST

START_TEST(test_not_a_file)
{
    SafeTensors st;
    ck_assert_int_eq(safetensors_open(&st, "tests/fixtures/no-such-file"), -1);
    expect_message("tests/fixtures/no-such-file: ");
    ck_assert_int_eq(safetensors_open(&st, "tests/fixtures"), -1);
    expect_message("tests/fixtures: not a regular file");
    ck_assert_int_eq(st.fd, -1);
}
END_TEST

/* ---- what the writer refuses -------------------------------------------- */

START_TEST(test_writer_refuses_bad_input)
{
    char dir[64], path[128];
    make_temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/w.safetensors", dir);
    long two[1] = {2}, neg[2] = {2, -1};
    StWriteEntry dup[2] = {{"x", 1, two, ZEROS}, {"x", 1, two, ZEROS}};
    ck_assert_int_eq(safetensors_write(path, dup, 2, NULL), -1);
    expect_message("tensor \"x\": given twice");
    StWriteEntry e = {"__metadata__", 1, two, ZEROS};
    ck_assert_int_eq(safetensors_write(path, &e, 1, NULL), -1);
    expect_message("reserved");
    e = (StWriteEntry){"x", 2, neg, ZEROS};
    ck_assert_int_eq(safetensors_write(path, &e, 1, NULL), -1);
    expect_message("shape[1] = -1");
    e = (StWriteEntry){"x", 1, two, NULL};
    ck_assert_int_eq(safetensors_write(path, &e, 1, NULL), -1);
    expect_message("no data");
    e = (StWriteEntry){"x", 9, two, ZEROS};
    ck_assert_int_eq(safetensors_write(path, &e, 1, NULL), -1);
    e = (StWriteEntry){NULL, 1, two, ZEROS};
    ck_assert_int_eq(safetensors_write(path, &e, 1, NULL), -1);
    e = (StWriteEntry){"\xff", 1, two, ZEROS};
    ck_assert_int_eq(safetensors_write(path, &e, 1, NULL), -1);
    expect_message("UTF-8");
    e = (StWriteEntry){"x", 1, two, ZEROS};
    const char *odd[] = {"format", NULL};
    ck_assert_int_eq(safetensors_write(path, &e, 1, odd), -1);
    expect_message("metadata \"format\" has no value");
    const char *twice[] = {"k", "1", "k", "2", NULL};
    ck_assert_int_eq(safetensors_write(path, &e, 1, twice), -1);
    ck_assert_int_eq(access(path, F_OK), -1);        /* nothing was written */
    /* a directory that does not exist */
    char missing[160];
    snprintf(missing, sizeof missing, "%s/none/w.safetensors", dir);
    ck_assert_int_eq(safetensors_write(missing, &e, 1, NULL), -1);
    expect_message(missing);
    /* names with quotes and control characters survive the JSON */
    StWriteEntry odd_name = {"a\"b\\c\n\x01", 1, two, ZEROS};
    ck_assert_int_eq(safetensors_write(path, &odd_name, 1, NULL), 0);
    SafeTensors st;
    ck_assert_int_eq(safetensors_open(&st, path), 0);
    ck_assert_ptr_nonnull(safetensors_find(&st, "a\"b\\c\n\x01"));
    safetensors_close(&st);
    remove(path);
    rmdir(dir);
}
END_TEST

Suite *suite_safetensors(void)
{
    Suite *s = suite_create("safetensors");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_write_read_round_trip);
    tcase_add_test(tc, test_find_and_shape_messages);
    tcase_add_test(tc, test_writer_matches_reference_bytes);
    tcase_add_test(tc, test_writer_matches_python_fixture);
    tcase_add_test(tc, test_python_fixture_f16_bf16);
    tcase_add_test(tc, test_every_f16_and_bf16_value);
    tcase_add_test(tc, test_accepted_variations);
    tcase_add_test(tc, test_too_short_and_bad_lengths);
    tcase_add_test(tc, test_header_not_json_object);
    tcase_add_test(tc, test_bad_entries);
    tcase_add_test(tc, test_negative_fractional_and_huge_numbers);
    tcase_add_test(tc, test_bad_offsets);
    tcase_add_test(tc, test_names_in_messages_stay_one_line);
    tcase_add_test(tc, test_truncated_file);
    tcase_add_test(tc, test_not_a_file);
    tcase_add_test(tc, test_writer_refuses_bad_input);
    suite_add_tcase(s, tc);
    return s;
}
