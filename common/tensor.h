/* tensor: a contiguous block of floats with a shape, for ownership,
 * printing, file I/O and shape checks. The kernels do not use it: they take
 * raw float pointers and sizes (see kernels' headers).
 *
 *     Tensor *x = tensor_new(2, (int[]){10, 512});  // zero-filled (10, 512)
 *     if (!x) fprintf(stderr, "%s\n", error_message());
 *     tensor_fill(x, 1.0f);
 *     if (tensor_check_shape(x, "X", 2, (int[]){10, 512}) != 0) ...
 *     tensor_print(stdout, x, "X", 2);              // two decimals
 *     tensor_free(x);
 *
 * Shape is in PyTorch order (outermost first) and the data is row-major:
 * element (i, j) of a (R, C) tensor is data[i*C + j]. There are no strides,
 * views or broadcasting. tensor_new returns NULL (with error_message()) on
 * a bad shape or when memory runs out.
 */
#ifndef TENSOR_H
#define TENSOR_H

#include <stdio.h>

#define TENSOR_MAX_DIMS 4

typedef struct {
    float *data;
    int ndim;
    int shape[TENSOR_MAX_DIMS];
    long size;                    /* product of the shape */
} Tensor;

Tensor *tensor_new(int ndim, const int *shape);
void tensor_free(Tensor *t);
void tensor_zero(Tensor *t);
void tensor_fill(Tensor *t, float value);
/* Returns 0 when t has exactly this shape; otherwise sets a message such as
 * "X: expected shape (10, 512), got (10, 64)" and returns -1. */
int tensor_check_shape(const Tensor *t, const char *name, int ndim,
                       const int *shape);
/* Writes "(10, 512)" into buf. */
void tensor_shape_str(char *buf, int cap, int ndim, const int *shape);
/* Prints the name, the shape, then the values as rows (the last dimension)
 * with `decimals` digits; large tensors are shortened with "...". */
void tensor_print(FILE *f, const Tensor *t, const char *name, int decimals);

#endif
