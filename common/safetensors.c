/* safetensors: the reader checks every number of the header before it uses
 * one, and reads tensor bytes on demand; the writer streams F32 data behind
 * a compact, space-padded header. The format is described in safetensors.h
 * (and in huggingface/safetensors' README). */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L   /* pread, strdup */
#endif
#include "safetensors.h"

#include "error.h"
#include "fileio.h"

#include <assert.h>
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The reference implementation refuses headers above 100 MB too. */
#define ST_MAX_HEADER 100000000L
/* JSON numbers arrive as doubles, which hold every whole number up to 2^53
 * exactly; no real offset or dimension comes near. */
#define ST_MAX_WHOLE 9007199254740992.0
/* Tensor bytes go through a buffer of this size on their way to floats. */
#define ST_CHUNK 16384

static const struct {
    const char *name;
    int size;                   /* bytes per element */
} DTYPES[] = {
    [ST_F32] = {"F32", 4},         [ST_F16] = {"F16", 2},
    [ST_BF16] = {"BF16", 2},       [ST_F64] = {"F64", 8},
    [ST_I64] = {"I64", 8},         [ST_U64] = {"U64", 8},
    [ST_I32] = {"I32", 4},         [ST_U32] = {"U32", 4},
    [ST_I16] = {"I16", 2},         [ST_U16] = {"U16", 2},
    [ST_I8] = {"I8", 1},           [ST_U8] = {"U8", 1},
    [ST_BOOL] = {"BOOL", 1},       [ST_F8_E4M3] = {"F8_E4M3", 1},
    [ST_F8_E5M2] = {"F8_E5M2", 1}, [ST_F8_E8M0] = {"F8_E8M0", 1},
};
#define N_DTYPES ((int)(sizeof DTYPES / sizeof DTYPES[0]))

const char *safetensors_dtype_name(StDtype dtype)
{
    return (int)dtype >= 0 && (int)dtype < N_DTYPES ? DTYPES[dtype].name
                                                     : "?";
}

static int dtype_from_name(const char *name)
{
    for (int d = 0; d < N_DTYPES; d++)
        if (strcmp(name, DTYPES[d].name) == 0) return d;
    return -1;
}

/* ---- small helpers ------------------------------------------------------ */

/* Copies a string that came from a file into buf for a one-line message:
 * control characters become '?', and a long one is cut short with "...". */
static const char *shown(const char *s, char *buf, size_t cap)
{
    size_t i = 0;
    for (; s[i] && i + 4 < cap; i++)
        buf[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
    if (s[i]) strcpy(buf + i, "...");
    else buf[i] = '\0';
    return buf;
}

/* Sets "path: tensor "name": why" and returns -1. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int fail_tensor(const char *path, const char *name, const char *fmt,
                       ...)
{
    char why[320], nm[100];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    return error_set("%s: tensor \"%s\": %s", path,
                     shown(name, nm, sizeof nm), why);
}

static void shape_str(char *buf, size_t cap, int ndim, const long *shape)
{
    size_t len = (size_t)snprintf(buf, cap, "(");
    for (int i = 0; i < ndim && len < cap; i++)
        len += (size_t)snprintf(buf + len, cap - len, "%s%ld",
                                i ? ", " : "", shape[i]);
    if (len < cap) snprintf(buf + len, cap - len, ")");
}

/* 1 when s[0..n) is well-formed UTF-8: no stray continuation bytes, no
 * overlong forms, no surrogates, nothing above U+10FFFF. */
static int utf8_valid(const unsigned char *s, size_t n)
{
    static const uint32_t least[5] = {0, 0, 0x80, 0x800, 0x10000};
    size_t i = 0;
    while (i < n) {
        uint32_t c = s[i], cp;
        size_t len;
        if (c < 0x80) {
            i++;
            continue;
        }
        if ((c & 0xe0) == 0xc0) len = 2, cp = c & 0x1f;
        else if ((c & 0xf0) == 0xe0) len = 3, cp = c & 0x0f;
        else if ((c & 0xf8) == 0xf0) len = 4, cp = c & 0x07;
        else return 0;
        if (n - i < len) return 0;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xc0) != 0x80) return 0;
            cp = cp << 6 | (s[i + k] & 0x3f);
        }
        if (cp < least[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return 0;
        i += len;
    }
    return 1;
}

static uint16_t get_u16le(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get_u32le(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static uint64_t get_u64le(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = v << 8 | p[i];
    return v;
}

static void put_u32le(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i));
}

/* Reads exactly len bytes at offset off. Returns 0, an errno value, or -1
 * when the file ends first. */
static int read_at(int fd, void *buf, size_t len, long off)
{
    unsigned char *p = buf;
    while (len > 0) {
        ssize_t got = pread(fd, p, len, (off_t)off);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return errno;
        if (got == 0) return -1;
        p += got;
        len -= (size_t)got;
        off += (long)got;
    }
    return 0;
}

static const char *read_why(int rc)
{
    return rc < 0 ? "the file ended early (did it change while open?)"
                  : strerror(rc);
}

/* ---- F16 and BF16 ------------------------------------------------------- */

/* IEEE half -> float, exactly: every half value is a float value. */
static float f16_to_float(uint16_t h)
{
    uint32_t sign = (uint32_t)(h >> 15) << 31;
    uint32_t exp = (h >> 10) & 0x1f, mant = h & 0x3ffu, bits;
    if (exp == 0) {
        /* zero or subnormal: mant * 2^-24 */
        float v = ldexpf((float)mant, -24);
        return sign ? -v : v;
    }
    if (exp == 0x1f && mant == 0)
        bits = sign | 0x7f800000u;                  /* infinity */
    else if (exp == 0x1f)
        /* NaN: the payload is kept and the quiet bit set, as the F16C
         * instruction and PyTorch's conversion do. */
        bits = sign | 0x7fc00000u | mant << 13;
    else
        bits = sign | (exp + 127 - 15) << 23 | mant << 13;
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

/* Turns m little-endian elements at p into floats. BF16 is the top half of
 * a float, so it only moves up 16 bits. */
static void decode(StDtype dtype, const unsigned char *p, float *dst, long m)
{
    uint32_t bits;
    switch (dtype) {
    case ST_F32:
        for (long i = 0; i < m; i++) {
            bits = get_u32le(p + 4 * i);
            memcpy(dst + i, &bits, sizeof bits);
        }
        break;
    case ST_BF16:
        for (long i = 0; i < m; i++) {
            bits = (uint32_t)get_u16le(p + 2 * i) << 16;
            memcpy(dst + i, &bits, sizeof bits);
        }
        break;
    case ST_F16:
        for (long i = 0; i < m; i++)
            dst[i] = f16_to_float(get_u16le(p + 2 * i));
        break;
    default:
        assert(!"decode: not a float dtype");
    }
}

/* ---- reading the header ------------------------------------------------- */

/* A JSON number that is a whole number in [0, 2^53]. */
static int json_whole(const cJSON *item, long *out)
{
    if (!item || !cJSON_IsNumber(item)) return -1;
    double v = item->valuedouble;
    if (!(v >= 0 && v <= ST_MAX_WHOLE) || v != floor(v)) return -1;
    if (v > (double)LONG_MAX) return -1;
    *out = (long)v;
    return 0;
}

static int parse_shape(const SafeTensors *st, const cJSON *item, StTensor *t)
{
    const char *path = st->path, *name = item->string;
    const cJSON *shape = cJSON_GetObjectItemCaseSensitive(item, "shape");
    if (!shape) return fail_tensor(path, name, "no \"shape\"");
    if (!cJSON_IsArray(shape))
        return fail_tensor(path, name, "\"shape\" is not a list");
    int ndim = cJSON_GetArraySize(shape);
    if (ndim > ST_MAX_DIMS)
        return fail_tensor(path, name, "%d dimensions, at most %d supported",
                           ndim, ST_MAX_DIMS);
    long numel = 1, size = DTYPES[t->dtype].size;
    int k = 0;
    for (const cJSON *v = shape->child; v; v = v->next, k++) {
        long dim;
        if (json_whole(v, &dim) != 0)
            return fail_tensor(path, name,
                               "shape[%d] is not a whole number >= 0", k);
        if (dim > 0 && numel > LONG_MAX / dim)
            return fail_tensor(path, name, "the shape's size overflows");
        t->shape[k] = dim;
        numel *= dim;
    }
    if (numel > LONG_MAX / size)
        return fail_tensor(path, name, "the shape's byte size overflows");
    t->ndim = ndim;
    t->numel = numel;
    return 0;
}

static int parse_offsets(const SafeTensors *st, const cJSON *item,
                         StTensor *t)
{
    const char *path = st->path, *name = item->string;
    const cJSON *off = cJSON_GetObjectItemCaseSensitive(item, "data_offsets");
    if (!off) return fail_tensor(path, name, "no \"data_offsets\"");
    long begin, end;
    if (!cJSON_IsArray(off) || cJSON_GetArraySize(off) != 2 ||
        json_whole(off->child, &begin) != 0 ||
        json_whole(off->child->next, &end) != 0)
        return fail_tensor(path, name, "\"data_offsets\" is not a list of "
                           "two whole numbers >= 0");
    if (begin > end)
        return fail_tensor(path, name, "data_offsets [%ld, %ld): begin is "
                           "after end", begin, end);
    if (end > st->data_size)
        return fail_tensor(path, name, "data_offsets [%ld, %ld) go past the "
                           "end of the data (%ld bytes); truncated file?",
                           begin, end, st->data_size);
    long need = t->numel * DTYPES[t->dtype].size;
    if (end - begin != need) {
        char s[160];
        shape_str(s, sizeof s, t->ndim, t->shape);
        return fail_tensor(path, name, "data_offsets [%ld, %ld) hold %ld "
                           "bytes, but %s %s needs %ld", begin, end,
                           end - begin, DTYPES[t->dtype].name, s, need);
    }
    t->begin = begin;
    t->end = end;
    return 0;
}

/* Fills t from one header entry; nothing to free when it fails. */
static int parse_entry(const SafeTensors *st, const cJSON *item, StTensor *t)
{
    const char *path = st->path, *name = item->string;
    if (!cJSON_IsObject(item))
        return fail_tensor(path, name, "not a JSON object");
    const cJSON *dtype = cJSON_GetObjectItemCaseSensitive(item, "dtype");
    if (!dtype) return fail_tensor(path, name, "no \"dtype\"");
    if (!cJSON_IsString(dtype))
        return fail_tensor(path, name, "\"dtype\" is not a string");
    int d = dtype_from_name(dtype->valuestring);
    if (d < 0) {
        char s[40];
        return fail_tensor(path, name, "unknown dtype \"%s\"",
                           shown(dtype->valuestring, s, sizeof s));
    }
    t->dtype = (StDtype)d;
    if (parse_shape(st, item, t) != 0 || parse_offsets(st, item, t) != 0)
        return -1;
    t->name = strdup(name);
    if (!t->name) return error_set("%s: out of memory", path);
    return 0;
}

static int cmp_meta(const void *a, const void *b)
{
    return strcmp(((const StMeta *)a)->key, ((const StMeta *)b)->key);
}

static int parse_metadata(SafeTensors *st, const cJSON *item)
{
    if (!cJSON_IsObject(item))
        return error_set("%s: __metadata__ is not a JSON object", st->path);
    int n = cJSON_GetArraySize(item);
    if (n == 0) return 0;
    st->meta = calloc((size_t)n, sizeof *st->meta);
    if (!st->meta) return error_set("%s: out of memory", st->path);
    char s[100];
    for (const cJSON *v = item->child; v; v = v->next) {
        if (!cJSON_IsString(v))
            return error_set("%s: __metadata__ \"%s\": the value is not a "
                             "string", st->path, shown(v->string, s, sizeof s));
        StMeta *m = &st->meta[st->n_meta];
        m->key = strdup(v->string);
        m->value = strdup(v->valuestring);
        st->n_meta++;
        if (!m->key || !m->value)
            return error_set("%s: out of memory", st->path);
    }
    qsort(st->meta, (size_t)n, sizeof *st->meta, cmp_meta);
    for (int i = 1; i < n; i++)
        if (strcmp(st->meta[i - 1].key, st->meta[i].key) == 0)
            return error_set("%s: __metadata__ has \"%s\" twice", st->path,
                             shown(st->meta[i].key, s, sizeof s));
    return 0;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(((const StTensor *)a)->name, ((const StTensor *)b)->name);
}

static int cmp_begin(const void *a, const void *b)
{
    const StTensor *x = *(const StTensor *const *)a;
    const StTensor *y = *(const StTensor *const *)b;
    if (x->begin != y->begin) return x->begin < y->begin ? -1 : 1;
    return (x->end > y->end) - (x->end < y->end);
}

/* Sorted by where they start, the non-empty byte ranges must each begin at
 * or after the end of the one before. */
static int check_overlaps(const SafeTensors *st)
{
    if (st->n < 2) return 0;
    const StTensor **by = malloc((size_t)st->n * sizeof *by);
    if (!by) return error_set("%s: out of memory", st->path);
    for (int i = 0; i < st->n; i++) by[i] = &st->tensors[i];
    qsort(by, (size_t)st->n, sizeof *by, cmp_begin);
    const StTensor *prev = NULL;
    int rc = 0;
    for (int i = 0; i < st->n && rc == 0; i++) {
        const StTensor *t = by[i];
        if (t->begin == t->end) continue;
        if (prev && t->begin < prev->end) {
            char a[100], b[100];
            rc = error_set("%s: tensors \"%s\" [%ld, %ld) and \"%s\" [%ld, "
                           "%ld) share bytes", st->path,
                           shown(prev->name, a, sizeof a), prev->begin,
                           prev->end, shown(t->name, b, sizeof b), t->begin,
                           t->end);
        }
        prev = t;
    }
    free(by);
    return rc;
}

static int parse_tree(SafeTensors *st, const cJSON *root)
{
    if (!cJSON_IsObject(root))
        return error_set("%s: the header is not a JSON object", st->path);
    int count = 0, seen_meta = 0;
    for (const cJSON *it = root->child; it; it = it->next)
        count += strcmp(it->string, "__metadata__") != 0;
    if (count > 0) {
        st->tensors = calloc((size_t)count, sizeof *st->tensors);
        if (!st->tensors) return error_set("%s: out of memory", st->path);
    }
    for (const cJSON *it = root->child; it; it = it->next) {
        if (strcmp(it->string, "__metadata__") == 0) {
            if (seen_meta++)
                return error_set("%s: __metadata__ appears twice", st->path);
            if (parse_metadata(st, it) != 0) return -1;
        } else {
            if (parse_entry(st, it, &st->tensors[st->n]) != 0) return -1;
            st->n++;
        }
    }
    if (st->n > 1)
        qsort(st->tensors, (size_t)st->n, sizeof *st->tensors, cmp_name);
    for (int i = 1; i < st->n; i++)
        if (strcmp(st->tensors[i - 1].name, st->tensors[i].name) == 0)
            return fail_tensor(st->path, st->tensors[i].name,
                               "appears twice in the header");
    return check_overlaps(st);
}

static int is_json_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Parses and checks the n header bytes at head; st->path, data_start and
 * data_size are set. */
static int parse_header(SafeTensors *st, const unsigned char *head, size_t n)
{
    const char *path = st->path;
    if (n == 0 || head[0] != '{')
        return error_set("%s: the header does not start with '{' (not a "
                         "safetensors file?)", path);
    if (memchr(head, 0, n))
        return error_set("%s: the header contains a NUL byte", path);
    if (!utf8_valid(head, n))
        return error_set("%s: the header is not valid UTF-8", path);
    /* cJSON may look one byte past the text it is given (cJSON issue #800),
     * so it parses a NUL-terminated copy. */
    char *text = malloc(n + 1);
    if (!text) return error_set("%s: out of memory", path);
    memcpy(text, head, n);
    text[n] = '\0';
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, n + 1, &end, 0);
    int rc = 0;
    if (!root) {
        long at = end && end >= text && end <= text + n ? end - text : 0;
        rc = error_set("%s: the header is not valid JSON (near byte %ld of "
                       "the header)", path, at);
    } else {
        for (const char *p = end; p && p < text + n && rc == 0; p++)
            if (!is_json_space(*p))
                rc = error_set("%s: unexpected bytes after the header's JSON "
                               "(at byte %ld of the header)", path,
                               (long)(p - text));
        if (rc == 0) rc = parse_tree(st, root);
    }
    cJSON_Delete(root);
    free(text);
    return rc;
}

static int check_header_length(const char *path, uint64_t n, long size)
{
    if (n > (uint64_t)ST_MAX_HEADER)
        return error_set("%s: header length %llu is over the limit of %ld "
                         "bytes (not a safetensors file?)", path,
                         (unsigned long long)n, ST_MAX_HEADER);
    if (n > (uint64_t)(size - 8))
        return error_set("%s: header length %llu is longer than the rest of "
                         "the file (%ld bytes)", path, (unsigned long long)n,
                         size - 8);
    return 0;
}

static int too_short(const char *path, long size)
{
    return error_set("%s: %ld bytes, too short for a safetensors file (it "
                     "starts with an 8-byte header length)", path, size);
}

static void st_init(SafeTensors *st)
{
    memset(st, 0, sizeof *st);
    st->fd = -1;
}

void safetensors_close(SafeTensors *st)
{
    for (int i = 0; i < st->n; i++) free(st->tensors[i].name);
    for (int i = 0; i < st->n_meta; i++) {
        free(st->meta[i].key);
        free(st->meta[i].value);
    }
    free(st->tensors);
    free(st->meta);
    free(st->path);
    if (st->fd >= 0) close(st->fd);
    st_init(st);
}

/* Reads the header of the file open at st->fd and checks it. */
static int open_file(SafeTensors *st)
{
    const char *path = st->path;
    struct stat sb;
    if (fstat(st->fd, &sb) != 0 || !S_ISREG(sb.st_mode))
        return error_set("%s: not a regular file", path);
    long size = (long)sb.st_size;
    if (size < 8) return too_short(path, size);
    unsigned char len8[8];
    int rc = read_at(st->fd, len8, 8, 0);
    if (rc != 0) return error_set("%s: %s", path, read_why(rc));
    uint64_t n = get_u64le(len8);
    if (check_header_length(path, n, size) != 0) return -1;
    st->data_start = 8 + (long)n;
    st->data_size = size - st->data_start;
    unsigned char *head = malloc(n ? (size_t)n : 1);
    if (!head) return error_set("%s: out of memory", path);
    rc = read_at(st->fd, head, (size_t)n, 8);
    if (rc != 0) rc = error_set("%s: %s", path, read_why(rc));
    else rc = parse_header(st, head, (size_t)n);
    free(head);
    return rc;
}

int safetensors_open(SafeTensors *st, const char *path)
{
    st_init(st);
    st->fd = open(path, O_RDONLY);
    if (st->fd < 0) return error_set("%s: %s", path, strerror(errno));
    st->path = strdup(path);
    int rc = st->path ? open_file(st) : error_set("%s: out of memory", path);
    if (rc != 0) safetensors_close(st);
    return rc;
}

int safetensors_open_memory(SafeTensors *st, const void *buf, size_t size,
                            const char *name)
{
    st_init(st);
    const unsigned char *p = buf;
    if (size > (size_t)LONG_MAX)
        return error_set("%s: too large for this machine", name);
    if (size < 8) return too_short(name, (long)size);
    uint64_t n = get_u64le(p);
    if (check_header_length(name, n, (long)size) != 0) return -1;
    st->mem = p;
    st->data_start = 8 + (long)n;
    st->data_size = (long)size - 8 - (long)n;
    st->path = strdup(name);
    if (!st->path) return error_set("%s: out of memory", name);
    if (parse_header(st, p + 8, (size_t)n) != 0) {
        safetensors_close(st);
        return -1;
    }
    return 0;
}

/* ---- reading tensors ---------------------------------------------------- */

static int cmp_key_name(const void *key, const void *elem)
{
    return strcmp(key, ((const StTensor *)elem)->name);
}

const StTensor *safetensors_find(const SafeTensors *st, const char *name)
{
    const StTensor *t = NULL;
    if (st->n > 0)
        t = bsearch(name, st->tensors, (size_t)st->n, sizeof *st->tensors,
                    cmp_key_name);
    if (!t) error_set("%s: no tensor named \"%s\"", st->path, name);
    return t;
}

static int cmp_key_meta(const void *key, const void *elem)
{
    return strcmp(key, ((const StMeta *)elem)->key);
}

const char *safetensors_metadata(const SafeTensors *st, const char *key)
{
    if (st->n_meta == 0) return NULL;
    const StMeta *m = bsearch(key, st->meta, (size_t)st->n_meta,
                              sizeof *st->meta, cmp_key_meta);
    return m ? m->value : NULL;
}

int safetensors_check_shape(const SafeTensors *st, const StTensor *t,
                            int ndim, const long *shape)
{
    int same = ndim == t->ndim;
    for (int i = 0; same && i < ndim; i++) same = shape[i] == t->shape[i];
    if (same) return 0;
    char want[160], got[160];
    shape_str(want, sizeof want, ndim, shape);
    shape_str(got, sizeof got, t->ndim, t->shape);
    return fail_tensor(st->path, t->name, "expected shape %s, got %s", want,
                       got);
}

int safetensors_read(const SafeTensors *st, const StTensor *t, float *dst,
                     long numel)
{
    assert(t >= st->tensors && t < st->tensors + st->n);
    if (numel != t->numel)
        return fail_tensor(st->path, t->name, "holds %ld values, not %ld",
                           t->numel, numel);
    if (t->dtype != ST_F32 && t->dtype != ST_F16 && t->dtype != ST_BF16)
        return fail_tensor(st->path, t->name, "dtype %s cannot be read as "
                           "float (F32, F16 and BF16 can)",
                           DTYPES[t->dtype].name);
    long size = DTYPES[t->dtype].size, per = ST_CHUNK / size;
    unsigned char chunk[ST_CHUNK];
    for (long i = 0; i < numel; i += per) {
        long m = numel - i < per ? numel - i : per;
        long off = st->data_start + t->begin + i * size;
        if (st->mem) {
            memcpy(chunk, st->mem + off, (size_t)(m * size));
        } else {
            int rc = read_at(st->fd, chunk, (size_t)(m * size), off);
            if (rc != 0)
                return fail_tensor(st->path, t->name, "%s", read_why(rc));
        }
        decode(t->dtype, chunk, dst + i, m);
    }
    return 0;
}

/* ---- writing ------------------------------------------------------------ */

/* A growing text buffer; `failed` remembers running out of memory. */
typedef struct {
    char *p;
    size_t len, cap;
    int failed;
} Buf;

static void buf_put(Buf *b, const char *s, size_t n)
{
    if (b->failed) return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1) cap *= 2;
        char *q = realloc(b->p, cap);
        if (!q) {
            b->failed = 1;
            return;
        }
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void buf_str(Buf *b, const char *s) { buf_put(b, s, strlen(s)); }

static void buf_long(Buf *b, long v)
{
    char t[32];
    buf_put(b, t, (size_t)snprintf(t, sizeof t, "%ld", v));
}

/* A JSON string, escaped the way serde_json (the reference writer's JSON
 * library) escapes it. */
static void buf_json(Buf *b, const char *s)
{
    buf_put(b, "\"", 1);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        char e[8];
        const char *out = e;
        size_t n = 1;
        switch (c) {
        case '"': out = "\\\"", n = 2; break;
        case '\\': out = "\\\\", n = 2; break;
        case '\b': out = "\\b", n = 2; break;
        case '\f': out = "\\f", n = 2; break;
        case '\n': out = "\\n", n = 2; break;
        case '\r': out = "\\r", n = 2; break;
        case '\t': out = "\\t", n = 2; break;
        default:
            if (c < 0x20) n = (size_t)snprintf(e, sizeof e, "\\u%04x", c);
            else e[0] = (char)c;
        }
        buf_put(b, out, n);
    }
    buf_put(b, "\"", 1);
}

static int check_entry(const char *path, const StWriteEntry *e)
{
    if (!e->name || !e->name[0])
        return error_set("%s: a tensor without a name", path);
    const char *name = e->name;
    if (!utf8_valid((const unsigned char *)name, strlen(name)))
        return fail_tensor(path, name, "the name is not valid UTF-8");
    if (strcmp(name, "__metadata__") == 0)
        return fail_tensor(path, name, "that name is reserved");
    if (e->ndim < 0 || e->ndim > ST_MAX_DIMS || (e->ndim > 0 && !e->shape))
        return fail_tensor(path, name, "%d dimensions; 0 to %d with a shape "
                           "are allowed", e->ndim, ST_MAX_DIMS);
    long numel = 1;
    for (int i = 0; i < e->ndim; i++) {
        long d = e->shape[i];
        if (d < 0) return fail_tensor(path, name, "shape[%d] = %ld", i, d);
        if (d > 0 && numel > LONG_MAX / 4 / d)
            return fail_tensor(path, name, "the shape's size overflows");
        numel *= d;
    }
    if (numel > 0 && !e->data) return fail_tensor(path, name, "no data");
    return 0;
}

/* Bytes of an entry that check_entry accepted. */
static long entry_bytes(const StWriteEntry *e)
{
    long numel = 1;
    for (int i = 0; i < e->ndim; i++) numel *= e->shape[i];
    return numel * 4;
}

static int check_metadata(const char *path, const char *const *kv)
{
    for (int i = 0; kv && kv[i]; i += 2) {
        if (!kv[i + 1])
            return error_set("%s: metadata \"%s\" has no value", path, kv[i]);
        if (!utf8_valid((const unsigned char *)kv[i], strlen(kv[i])) ||
            !utf8_valid((const unsigned char *)kv[i + 1], strlen(kv[i + 1])))
            return error_set("%s: metadata \"%s\" is not valid UTF-8", path,
                             kv[i]);
        for (int j = 0; j < i; j += 2)
            if (strcmp(kv[i], kv[j]) == 0)
                return error_set("%s: metadata \"%s\" given twice", path,
                                 kv[i]);
    }
    return 0;
}

static int cmp_entry(const void *a, const void *b)
{
    return strcmp((*(const StWriteEntry *const *)a)->name,
                  (*(const StWriteEntry *const *)b)->name);
}

/* The header text, padded with spaces to a multiple of 8 bytes. */
static int build_header(Buf *b, const char *path,
                        const StWriteEntry *const *order, int n,
                        const char *const *kv)
{
    buf_put(b, "{", 1);
    if (kv && kv[0]) {
        buf_str(b, "\"__metadata__\":{");
        for (int i = 0; kv[i]; i += 2) {
            if (i) buf_put(b, ",", 1);
            buf_json(b, kv[i]);
            buf_put(b, ":", 1);
            buf_json(b, kv[i + 1]);
        }
        buf_put(b, "}", 1);
        if (n > 0) buf_put(b, ",", 1);
    }
    long offset = 0;
    for (int i = 0; i < n; i++) {
        const StWriteEntry *e = order[i];
        long bytes = entry_bytes(e);
        if (bytes > LONG_MAX - offset)
            return error_set("%s: more than %ld bytes of data", path,
                             LONG_MAX);
        if (i) buf_put(b, ",", 1);
        buf_json(b, e->name);
        buf_str(b, ":{\"dtype\":\"F32\",\"shape\":[");
        for (int k = 0; k < e->ndim; k++) {
            if (k) buf_put(b, ",", 1);
            buf_long(b, e->shape[k]);
        }
        buf_str(b, "],\"data_offsets\":[");
        buf_long(b, offset);
        buf_put(b, ",", 1);
        buf_long(b, offset + bytes);
        buf_str(b, "]}");
        offset += bytes;
    }
    buf_put(b, "}", 1);
    while (!b->failed && b->len % 8) buf_put(b, " ", 1);
    if (b->failed) return error_set("%s: out of memory", path);
    if (b->len > (size_t)ST_MAX_HEADER)
        return error_set("%s: the header would be %zu bytes, over the limit "
                         "of %ld", path, b->len, ST_MAX_HEADER);
    return 0;
}

/* Streams the floats out as little-endian bytes, a chunk at a time. */
static int write_floats(FILE *f, const float *x, long n)
{
    unsigned char chunk[ST_CHUNK];
    long per = ST_CHUNK / 4;
    for (long i = 0; i < n; i += per) {
        long m = n - i < per ? n - i : per;
        for (long j = 0; j < m; j++) {
            uint32_t bits;
            memcpy(&bits, x + i + j, sizeof bits);
            put_u32le(chunk + 4 * j, bits);
        }
        if (fwrite(chunk, 4, (size_t)m, f) != (size_t)m) return -1;
    }
    return 0;
}

static int write_file(const char *path, const Buf *head,
                      const StWriteEntry *const *order, int n)
{
    AtomicFile af;
    if (fileio_atomic_open(&af, path) != 0) return -1;
    unsigned char len8[8];
    for (int i = 0; i < 8; i++)
        len8[i] = (unsigned char)((uint64_t)head->len >> (8 * i));
    int bad = fwrite(len8, 1, 8, af.f) != 8 ||
              fwrite(head->p, 1, head->len, af.f) != head->len;
    for (int i = 0; i < n && !bad; i++)
        bad = write_floats(af.f, order[i]->data, entry_bytes(order[i]) / 4);
    if (bad) {
        int e = errno;
        fileio_atomic_abort(&af);
        return error_set("%s: write failed: %s", path, strerror(e));
    }
    return fileio_atomic_commit(&af);
}

int safetensors_write(const char *path, const StWriteEntry *entries, int n,
                      const char *const *metadata_kv)
{
    if (n < 0 || (n > 0 && !entries))
        return error_set("%s: %d tensors to write", path, n);
    if (check_metadata(path, metadata_kv) != 0) return -1;
    for (int i = 0; i < n; i++)
        if (check_entry(path, &entries[i]) != 0) return -1;
    const StWriteEntry **order = malloc((n ? (size_t)n : 1) * sizeof *order);
    if (!order) return error_set("%s: out of memory", path);
    for (int i = 0; i < n; i++) order[i] = &entries[i];
    if (n > 1) qsort(order, (size_t)n, sizeof *order, cmp_entry);
    int rc = 0;
    for (int i = 1; i < n && rc == 0; i++)
        if (strcmp(order[i - 1]->name, order[i]->name) == 0)
            rc = fail_tensor(path, order[i]->name, "given twice");
    Buf head = {0};
    if (rc == 0) rc = build_header(&head, path, order, n, metadata_kv);
    if (rc == 0) rc = write_file(path, &head, order, n);
    free(head.p);
    free(order);
    return rc;
}
