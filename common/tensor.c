#include "tensor.h"

#include "error.h"

#include <stdlib.h>
#include <string.h>

void tensor_shape_str(char *buf, int cap, int ndim, const int *shape)
{
    int n = snprintf(buf, (size_t)cap, "(");
    for (int i = 0; i < ndim && n < cap; i++)
        n += snprintf(buf + n, (size_t)(cap - n), i ? ", %d" : "%d", shape[i]);
    if (n < cap) snprintf(buf + n, (size_t)(cap - n), ")");
}

Tensor *tensor_new(int ndim, const int *shape)
{
    if (ndim < 1 || ndim > TENSOR_MAX_DIMS)
        return error_set("tensor: %d dimensions (1 to %d allowed)", ndim,
                         TENSOR_MAX_DIMS), NULL;
    long size = 1;
    for (int i = 0; i < ndim; i++) {
        if (shape[i] <= 0 || size > (1L << 40) / shape[i])
            return error_set("tensor: bad dimension %d of size %d", i,
                             shape[i]), NULL;
        size *= shape[i];
    }
    Tensor *t = calloc(1, sizeof *t);
    float *data = calloc((size_t)size, sizeof *data);
    if (!t || !data) {
        free(t);
        free(data);
        return error_set("tensor: out of memory for %ld floats", size), NULL;
    }
    t->data = data;
    t->ndim = ndim;
    memcpy(t->shape, shape, (size_t)ndim * sizeof *shape);
    t->size = size;
    return t;
}

void tensor_free(Tensor *t)
{
    if (!t) return;
    free(t->data);
    free(t);
}

void tensor_zero(Tensor *t) { memset(t->data, 0, (size_t)t->size * 4); }

void tensor_fill(Tensor *t, float value)
{
    for (long i = 0; i < t->size; i++) t->data[i] = value;
}

int tensor_check_shape(const Tensor *t, const char *name, int ndim,
                       const int *shape)
{
    int same = t->ndim == ndim;
    for (int i = 0; same && i < ndim; i++) same = t->shape[i] == shape[i];
    if (same) return 0;
    char want[96], got[96];
    tensor_shape_str(want, sizeof want, ndim, shape);
    tensor_shape_str(got, sizeof got, t->ndim, t->shape);
    return error_set("%s: expected shape %s, got %s", name, want, got);
}

/* Prints at most `keep` leading and trailing items of a run of n. */
static int shown(long i, long n, long keep)
{
    return n <= 2 * keep || i < keep || i >= n - keep;
}

void tensor_print(FILE *f, const Tensor *t, const char *name, int decimals)
{
    char shape[96];
    tensor_shape_str(shape, sizeof shape, t->ndim, t->shape);
    fprintf(f, "%s %s\n", name, shape);
    long cols = t->shape[t->ndim - 1];
    long rows = t->size / cols;
    for (long r = 0; r < rows; r++) {
        if (!shown(r, rows, 4)) {
            if (r == 4) fprintf(f, "  ...\n");
            continue;
        }
        fprintf(f, " ");
        for (long c = 0; c < cols; c++) {
            if (shown(c, cols, 5))
                fprintf(f, " %*.*f", decimals + 4, decimals,
                        t->data[r * cols + c]);
            else if (c == 5)
                fprintf(f, " ...");
        }
        fprintf(f, "\n");
    }
}
