/* bert_dump: write what a BERT computed for one sequence as NumPy files, so
 * that it can be compared with any other implementation (`--dump DIR`).
 *
 *     bert_forward(&m, &batch, BERT_EVAL_ATTENTION, NULL);   // B = 1
 *     if (bert_dump(&m, "out") != 0) ... error_message()
 *     // then, for example, the MLM logits of chapter 08:
 *     npy_write_f32("out/mlm_logits.npy", logits, 2, (long[]){T, V});
 *
 * Files (little-endian, C order; float32, ids int64), T tokens:
 *     input_ids.npy (T), token_type_ids.npy (T), last_hidden_state.npy
 *     (T, C), pooled_output.npy (C), attentions.npy (L, NH, T, T)
 * They describe the first sequence of the batch last run, which must have
 * kept its attention (BERT_EVAL_ATTENTION or BERT_TRAIN). The directory is
 * created. Returns 0, or -1 with error_message() naming the file.
 */
#ifndef BERT_DUMP_H
#define BERT_DUMP_H

#include "bert.h"

int bert_dump(const Bert *m, const char *dir);

#endif
