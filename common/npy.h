/* npy: write arrays as NumPy .npy files, for `--dump DIR`.
 *
 *     // h: (T, C) floats; ids: (T) token ids
 *     if (npy_write_f32("dump/last_hidden_state.npy", h, 2,
 *                       (long[]){T, C}) != 0) ... error_message()
 *     npy_write_i64_from_int("dump/input_ids.npy", ids, 1, (long[]){T});
 *
 *     >>> numpy.load("dump/last_hidden_state.npy").shape   # (T, C)
 *
 * The file is format version 1.0: the 6 bytes "\x93NUMPY", the version
 * bytes 1 and 0, a 2-byte little-endian header length, then an ASCII
 * header such as
 *     {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
 * padded with spaces and ended by '\n' so that the data starts at a
 * multiple of 64 bytes (as NumPy itself writes it), then the elements:
 * little-endian, row-major (C order), float32 ('<f4') or int64 ('<i8').
 * A 1-D shape is written (n,), a 0-D one (). The file is written
 * atomically (fileio.h).
 *
 * Error contract: each function returns 0 on success, or -1 with
 * error_message() naming the path and the reason (a bad shape, NULL data,
 * a failed write).
 */
#ifndef NPY_H
#define NPY_H

/* NumPy's own limit on dimensions (NPY_MAXDIMS before NumPy 2). */
#define NPY_MAX_DIMS 32

int npy_write_f32(const char *path, const float *data, int ndim,
                  const long *shape);
int npy_write_i64(const char *path, const long *data, int ndim,
                  const long *shape);
/* The same '<i8' file from int data (token ids are ints in this project). */
int npy_write_i64_from_int(const char *path, const int *data, int ndim,
                           const long *shape);

#endif
