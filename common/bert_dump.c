#include "bert_dump.h"

#include "error.h"
#include "fileio.h"
#include "npy.h"

#include <stdlib.h>

int bert_dump(const Bert *m, const char *dir)
{
    const BertActs *a = &m->acts;
    const BertConfig *c = &m->cfg;
    long T = a->T, C = c->hidden_size, L = c->num_hidden_layers;
    long NH = c->num_attention_heads, B = a->B;
    if (m->mode == BERT_EVAL)
        return error_set("--dump: the forward pass did not keep attention");
    if (fileio_mkdirs(dir) != 0) return -1;
    // attentions (L, B, NH, T, T) -> sequence 0's (L, NH, T, T)
    float *att = malloc(sizeof(float) * L * NH * T * T);
    if (!att) return error_set("%s: out of memory", dir);
    for (long l = 0; l < L; l++)
        for (long k = 0; k < NH * T * T; k++)
            att[l * NH * T * T + k] = a->att[l * B * NH * T * T + k];
    char path[FILEIO_PATH_MAX];
    int rc = 0;
    rc |= fileio_join(path, sizeof path, dir, "input_ids.npy") ||
          npy_write_i64_from_int(path, a->ids, 1, (long[]){T});
    rc |= rc || fileio_join(path, sizeof path, dir, "token_type_ids.npy") ||
          npy_write_i64_from_int(path, a->segments, 1, (long[]){T});
    rc |= rc || fileio_join(path, sizeof path, dir, "last_hidden_state.npy") ||
          npy_write_f32(path, a->hidden, 2, (long[]){T, C});
    rc |= rc || fileio_join(path, sizeof path, dir, "pooled_output.npy") ||
          npy_write_f32(path, a->pooled, 1, (long[]){C});
    rc |= rc || fileio_join(path, sizeof path, dir, "attentions.npy") ||
          npy_write_f32(path, att, 4, (long[]){L, NH, T, T});
    free(att);
    return rc ? -1 : 0;
}
