/* safetensors: read and write Hugging Face's model.safetensors files.
 *
 *     SafeTensors st;
 *     if (safetensors_open(&st, "bert/model.safetensors") != 0) ...
 *     const StTensor *t = safetensors_find(&st, "bert.pooler.dense.weight");
 *     if (!t || safetensors_check_shape(&st, t, 2, (long[]){768, 768})
 *         || safetensors_read(&st, t, w, 768L * 768)) ... error_message()
 *     safetensors_close(&st);
 *
 *     StWriteEntry e[] = {{"pooler.weight", 2, (long[]){768, 768}, w}};
 *     const char *meta[] = {"format", "pt", NULL};
 *     if (safetensors_write("out.safetensors", e, 1, meta) != 0) ...
 *
 * The file: 8 bytes holding N (unsigned 64-bit, little-endian); N bytes of
 * UTF-8 JSON that start with '{' and may end in whitespace; then the data
 * area. The JSON maps each tensor name to
 *     {"dtype": "F32", "shape": [768, 768], "data_offsets": [begin, end]}
 * where [begin, end) is a byte range of the data area (not of the file),
 * and may hold one "__metadata__" object of string -> string pairs.
 * Elements are little-endian and row-major (C order): element (i, j) of a
 * (R, C) tensor is number i*C + j.
 *
 * Reading. Opening reads and checks the header only and keeps the file open;
 * safetensors_read then reads one tensor's bytes straight into the caller's
 * floats, a small chunk at a time, so a 440 MB checkpoint never needs a second
 * copy in memory. F32, F16 and BF16 are converted to float exactly, subnormals
 * and infinities included (an F16 NaN becomes a quiet float NaN with the same
 * payload, as hardware converts it). The other dtypes of the format (F64, I64,
 * I32, U8, BOOL, ...) are recognised, so a file that holds e.g. an int64
 * "position_ids" buffer still opens, but reading such a tensor as float fails.
 * Before anything is used, the opener checks: the header length against the
 * file size and a 100 MB cap (the reference implementation's), valid UTF-8,
 * JSON that is an object and is followed by nothing but whitespace, a known
 * dtype, a shape of at most ST_MAX_DIMS whole numbers >= 0 whose byte size does
 * not overflow, data_offsets of two whole numbers with begin <= end <= the data
 * area's size and end - begin equal to the byte size, no duplicate names, no
 * two tensors sharing a byte, and __metadata__ values that are strings. Unlike
 * the reference implementation, gaps between tensors and bytes after the last
 * one are accepted (they are never read).
 *
 * Writing. F32 only. Tensors are written in byte order of their names,
 * which is the order Hugging Face's writer uses when every tensor has the
 * same dtype, with contiguous data; the JSON is compact
 * ({"__metadata__":{...},"a":{"dtype":"F32","shape":[2],
 * "data_offsets":[0,8]},...}) and padded with spaces so that the data area
 * starts at a multiple of 8 bytes. Transformers writes the metadata pair
 * "format": "pt". The file is written atomically (see fileio.h).
 *
 * Error contract: every function that returns int returns 0 on success
 * and -1 with error_message() naming the file and, where there is one, the
 * tensor; safetensors_find returns NULL (with a message) for a missing name.
 */
#ifndef SAFETENSORS_H
#define SAFETENSORS_H

#include <stddef.h>

#define ST_MAX_DIMS 8

typedef enum {
    ST_F32, ST_F16, ST_BF16,    /* readable as float */
    ST_F64, ST_I64, ST_U64, ST_I32, ST_U32, ST_I16, ST_U16, ST_I8, ST_U8,
    ST_BOOL, ST_F8_E4M3, ST_F8_E5M2, ST_F8_E8M0
} StDtype;

typedef struct {
    char *name;
    StDtype dtype;
    int ndim;                   /* 0 (a scalar) .. ST_MAX_DIMS */
    long shape[ST_MAX_DIMS];    /* outermost first */
    long numel;                 /* product of the shape; 1 for a scalar */
    long begin, end;            /* bytes [begin, end) of the data area */
} StTensor;

typedef struct {
    char *key, *value;
} StMeta;

typedef struct {
    char *path;                 /* the file, for messages */
    int fd;                     /* open file; -1 when reading from memory */
    const unsigned char *mem;   /* the whole file, when opened from memory */
    long data_start;            /* file offset of the data area: 8 + N */
    long data_size;             /* bytes from data_start to the end */
    StTensor *tensors;          /* (n) sorted by name */
    int n;
    StMeta *meta;               /* (n_meta) sorted by key */
    int n_meta;
} SafeTensors;

/* Opens and checks a file; on failure st holds nothing to close. */
int safetensors_open(SafeTensors *st, const char *path);
/* The same for a file already in memory (size bytes at buf, which must
 * stay alive until safetensors_close); name is used in messages. */
int safetensors_open_memory(SafeTensors *st, const void *buf, size_t size,
                            const char *name);
void safetensors_close(SafeTensors *st);

const StTensor *safetensors_find(const SafeTensors *st, const char *name);
/* The value of a __metadata__ key, or NULL when it is absent. */
const char *safetensors_metadata(const SafeTensors *st, const char *key);
/* Returns 0 when t has exactly this shape, else -1 with a message such as
 * "m.safetensors: tensor "w": expected shape (768, 768), got (768, 3072)". */
int safetensors_check_shape(const SafeTensors *st, const StTensor *t,
                            int ndim, const long *shape);
/* Reads t into dst (numel floats, which must equal t->numel), converting
 * F16 and BF16 to float. */
int safetensors_read(const SafeTensors *st, const StTensor *t, float *dst,
                     long numel);
/* "F32", "BF16", ... */
const char *safetensors_dtype_name(StDtype dtype);

typedef struct {
    const char *name;
    int ndim;                   /* 0 .. ST_MAX_DIMS */
    const long *shape;          /* (ndim) */
    const float *data;          /* (product of the shape) */
} StWriteEntry;

/* Writes n F32 tensors; metadata_kv is NULL or a NULL-terminated list of
 * key, value, key, value, ... strings. */
int safetensors_write(const char *path, const StWriteEntry *entries, int n,
                      const char *const *metadata_kv);

#endif
