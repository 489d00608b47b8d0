/* masked_lm: the parts of chapter 08 that main.c calls, one file each.
 *
 * masking_show.c: the slide's sentence and the three fates of a chosen
 * token; the masking statistics of the pre-training data, as a table and
 * as figures/08-masking.png.
 * fill_mask.c: the model's guesses for every [MASK] of a text, printed
 * and drawn as figures/08-top-k.png, and the --dump arrays.
 *
 * Every function returns 0, or -1 with error_message().
 */
#ifndef MASKED_LM_H
#define MASKED_LM_H

#include "bert.h"
#include "cli.h"
#include "masking.h"
#include "pretrain_data.h"
#include "tokenizer.h"

int show_fates(const Cli *cli, const Tokenizer *tok, Rng *rng);
int show_masking_stats(const Cli *cli, const MaskingStats *st,
                       const PretrainData *data);
/* --top-k allows 1 .. TOP_K_MAX candidates. */
#define TOP_K_MAX 50

int fill_mask(const Cli *cli, Bert *m, const Tokenizer *tok,
              const char *text, int top_k, const char *dump_dir);

#endif
