/* npy: the .npy v1.0 writer described in npy.h. */
#include "npy.h"

#include "error.h"
#include "fileio.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* NumPy aligns the data to 64 bytes (numpy/lib/format.py, ARRAY_ALIGN). */
#define NPY_ALIGN 64
#define NPY_CHUNK 8192

typedef enum { NPY_F32, NPY_I64_LONG, NPY_I64_INT } NpyKind;

/* Writes the 10-byte preamble and the padded header. */
static int write_header(FILE *f, const char *descr, int ndim,
                        const long *shape)
{
    char dict[1024];
    int len = snprintf(dict, sizeof dict,
                       "{'descr': '%s', 'fortran_order': False, 'shape': (",
                       descr);
    for (int i = 0; i < ndim; i++)
        len += snprintf(dict + len, sizeof dict - (size_t)len, "%s%ld",
                        i ? ", " : "", shape[i]);
    len += snprintf(dict + len, sizeof dict - (size_t)len, "%s), }",
                    ndim == 1 ? "," : "");
    /* 32 dimensions of 20 digits fit in dict, so len is exact. */
    int total = 10 + len + 1;                      /* preamble, dict, \n */
    int padded = (total + NPY_ALIGN - 1) / NPY_ALIGN * NPY_ALIGN;
    int header_len = padded - 10;
    unsigned char pre[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0,
                             (unsigned char)(header_len & 0xff),
                             (unsigned char)(header_len >> 8)};
    if (fwrite(pre, 1, 10, f) != 10) return -1;
    if (fwrite(dict, 1, (size_t)len, f) != (size_t)len) return -1;
    for (int i = total; i < padded; i++)
        if (fputc(' ', f) == EOF) return -1;
    return fputc('\n', f) == EOF ? -1 : 0;
}

/* Streams n elements out as little-endian bytes, a chunk at a time. */
static int write_data(FILE *f, NpyKind kind, const void *data, long n)
{
    unsigned char chunk[NPY_CHUNK];
    int size = kind == NPY_F32 ? 4 : 8;
    long per = NPY_CHUNK / size;
    for (long i = 0; i < n; i += per) {
        long m = n - i < per ? n - i : per;
        for (long j = 0; j < m; j++) {
            uint64_t v;
            if (kind == NPY_F32) {
                uint32_t bits;
                memcpy(&bits, (const float *)data + i + j, sizeof bits);
                v = bits;
            } else if (kind == NPY_I64_LONG) {
                v = (uint64_t)(int64_t)((const long *)data)[i + j];
            } else {
                v = (uint64_t)(int64_t)((const int *)data)[i + j];
            }
            for (int b = 0; b < size; b++)
                chunk[j * size + b] = (unsigned char)(v >> (8 * b));
        }
        if (fwrite(chunk, (size_t)size, (size_t)m, f) != (size_t)m)
            return -1;
    }
    return 0;
}

static int npy_write(const char *path, NpyKind kind, const void *data,
                     int ndim, const long *shape)
{
    if (ndim < 0 || ndim > NPY_MAX_DIMS || (ndim > 0 && !shape))
        return error_set("%s: %d dimensions; 0 to %d with a shape are "
                         "allowed", path, ndim, NPY_MAX_DIMS);
    long n = 1;
    for (int i = 0; i < ndim; i++) {
        if (shape[i] < 0)
            return error_set("%s: shape[%d] = %ld", path, i, shape[i]);
        if (shape[i] > 0 && n > LONG_MAX / 8 / shape[i])
            return error_set("%s: the shape's size overflows", path);
        n *= shape[i];
    }
    if (n > 0 && !data) return error_set("%s: no data", path);
    AtomicFile af;
    if (fileio_atomic_open(&af, path) != 0) return -1;
    const char *descr = kind == NPY_F32 ? "<f4" : "<i8";
    if (write_header(af.f, descr, ndim, shape) != 0 ||
        write_data(af.f, kind, data, n) != 0) {
        int e = errno;
        fileio_atomic_abort(&af);
        return error_set("%s: write failed: %s", path, strerror(e));
    }
    return fileio_atomic_commit(&af);
}

int npy_write_f32(const char *path, const float *data, int ndim,
                  const long *shape)
{
    return npy_write(path, NPY_F32, data, ndim, shape);
}

int npy_write_i64(const char *path, const long *data, int ndim,
                  const long *shape)
{
    return npy_write(path, NPY_I64_LONG, data, ndim, shape);
}

int npy_write_i64_from_int(const char *path, const int *data, int ndim,
                           const long *shape)
{
    return npy_write(path, NPY_I64_INT, data, ndim, shape);
}
