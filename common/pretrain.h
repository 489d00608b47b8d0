/* pretrain: BERT's pre-training objective, one step at a time, and its
 * evaluation on held-out data.
 *
 *     Pretrainer p = {0};                 // the two heads' buffers
 *     PretrainStep s;
 *     for (int step = 0; step < steps; step++) {
 *         pretrain_batch_fill(&batch, &data, which, B);
 *         float lr = lr_schedule(step, warmup, steps, 1e-3f);
 *         if (pretrain_step(&m, &p, &batch, lr, &rng, &s) != 0) ...
 *     }
 *     PretrainEval e;
 *     pretrain_evaluate(&m, &p, &batch, &heldout, 2000, &e);
 *     pretrainer_free(&p);
 *
 * One step is what BERT does (run_pretraining.py): a forward pass in
 * training mode (dropout on), the masked-LM loss on the chosen positions
 * only plus the next-sentence loss, backward through both heads and the
 * encoder, global-norm clipping at 1.0 and an AdamW update. The model
 * must have had bert_enable_training.
 *
 * Evaluation runs without dropout over up to max_instances instances and
 * counts how often the most probable token is the right one at the masked
 * positions (MLM accuracy) and how often the NSP head is right. Next to
 * them stand trivial baselines: always guessing the most frequent masked
 * token of the evaluated data (MLM) and always guessing the more common
 * NSP label. Functions return 0, or -1 with error_message().
 */
#ifndef PRETRAIN_H
#define PRETRAIN_H

#include "bert.h"
#include "bert_heads.h"
#include "pretrain_data.h"

typedef struct {
    BertHead mlm, nsp;
} Pretrainer;

typedef struct {
    float loss, mlm_loss, nsp_loss;  /* loss = mlm_loss + nsp_loss */
    float grad_norm;                 /* before clipping */
} PretrainStep;

typedef struct {
    float mlm_loss, nsp_loss;        /* means over the evaluated data */
    double mlm_accuracy, nsp_accuracy;
    double mlm_baseline, nsp_baseline;
    int mlm_baseline_token;          /* the most frequent masked token */
    long mlm_count, nsp_count;       /* predictions counted */
} PretrainEval;

int pretrain_step(Bert *m, Pretrainer *p, const PretrainBatch *b, float lr,
                  Rng *rng, PretrainStep *out);
int pretrain_evaluate(Bert *m, Pretrainer *p, PretrainBatch *b,
                      const PretrainData *data, int max_instances,
                      PretrainEval *out);
void pretrainer_free(Pretrainer *p);

#endif
