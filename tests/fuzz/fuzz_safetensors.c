/* fuzz_safetensors: libFuzzer target for the safetensors reader.
 *
 *     clang -g -O1 -fsanitize=fuzzer,address,undefined -Icommon \
 *         $(pkg-config --cflags libcjson) tests/fuzz/fuzz_safetensors.c \
 *         common/[a-z]*.c $(pkg-config --libs libcjson libpng libutf8proc) \
 *         -lm -o fuzz_safetensors
 *     cp -r tests/fuzz/corpus_safetensors /tmp/corpus
 *     ./fuzz_safetensors -max_total_time=120 /tmp/corpus
 *
 * Each input is a whole file, opened from memory; when it opens, every
 * tensor is looked up and read, so the sanitizers see every byte the
 * header lets the reader touch. Reading must not fail on a file that
 * opened, except for dtypes that are not floats.
 */
#include "safetensors.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    SafeTensors st;
    if (safetensors_open_memory(&st, data, size, "fuzz") != 0) return 0;
    (void)safetensors_metadata(&st, "format");
    for (int i = 0; i < st.n; i++) {
        const StTensor *t = &st.tensors[i];
        if (safetensors_find(&st, t->name) != t) abort();
        if (safetensors_check_shape(&st, t, t->ndim, t->shape) != 0) abort();
        /* The header checks tie numel to bytes inside the input, so this
         * allocation is never larger than the input. */
        float *x = malloc((size_t)(t->numel > 0 ? t->numel : 1) * sizeof *x);
        if (!x) abort();
        int is_float = t->dtype == ST_F32 || t->dtype == ST_F16 ||
                       t->dtype == ST_BF16;
        if ((safetensors_read(&st, t, x, t->numel) == 0) != is_float)
            abort();
        free(x);
    }
    safetensors_close(&st);
    return 0;
}
