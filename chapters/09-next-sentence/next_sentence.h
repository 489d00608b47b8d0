/* next_sentence: the parts of chapter 09 that main.c calls.
 *
 * pairs.c: sentence pairs of the pre-training data printed with their
 * segment ids and labels; P(IsNext) for a pair of texts, and its --dump;
 * balanced sets of pairs and the model's accuracy on them.
 *
 * Every function returns 0, or -1 with error_message().
 */
#ifndef NEXT_SENTENCE_H
#define NEXT_SENTENCE_H

#include "bert.h"
#include "bert_heads.h"
#include "cli.h"
#include "pretrain_data.h"
#include "tokenizer.h"

/* The first n IsNext and n NotNext pairs of d of at most max_tokens. */
int show_pairs(const Cli *cli, const PretrainData *d, const Tokenizer *tok,
               int n, int max_tokens);
/* P(IsNext) of text_b following text_a; with dump_dir, the arrays of the
 * run and nsp_logits.npy (2). */
int show_is_next(const Cli *cli, Bert *m, BertHead *nsp,
                 const Tokenizer *tok, const char *text_a,
                 const char *text_b, const char *dump_dir);

/* Pairs of a corpus as BERT's pre-training makes them (pretrain_data.h),
 * and the instances used from them: every IsNext pair and as many
 * NotNext ones, in the data's order. */
typedef struct {
    PretrainData data;
    int *idx;            /* (n) instances of data */
    int n;
} Pairs;

int make_pairs(Pairs *p, const Corpus *c, const Tokenizer *tok,
               const PretrainDataConfig *dc, Rng *rng);
void free_pairs(Pairs *p);
/* The share of p's pairs that the model labels right, in *accuracy. */
int evaluate_pairs(Bert *m, BertHead *nsp, PretrainBatch *b, const Pairs *p,
                   double *accuracy);

#endif
