/* bert_heads: what sits on top of the encoder (bert.h): the masked-LM and
 * next-sentence heads of pre-training, and the classification and
 * question-answering heads of fine-tuning.
 *
 *     BertHead mlm = {0};
 *     bert_forward(&m, &batch, BERT_TRAIN, &rng);
 *     float l1 = bert_mlm_forward(&m, &mlm, positions, labels, M);
 *     float l2 = bert_nsp_forward(&m, &nsp, is_random);
 *     bert_mlm_backward(&m, &mlm, 1.0f);   // d(l1 + l2) / d(l1) = 1
 *     bert_nsp_backward(&m, &nsp, 1.0f);
 *     bert_backward(&m);
 *     bert_head_free(&mlm);
 *
 * Every forward returns the mean cross-entropy over the rows that have a
 * label (0 when labels is NULL: inference only), and leaves the logits
 * in head->logits and the probabilities in head->probs. Every backward
 * adds scale · d(mean loss) into the parameters' gradients and into
 * m->acts.dhidden / dpooled, so
 * call it after bert_forward(..., BERT_TRAIN, ...) and before
 * bert_backward. A label of SOFTMAX_IGNORE (-100) counts for nothing.
 *
 * MLM: positions (M) are flat indices b·T + t into the batch; the hidden
 * states there go through dense → GELU → LayerNorm, then the tied word
 * embedding matrix and the output bias give (M, V) logits. Scoring only
 * the chosen positions is what google-research BERT does; passing every
 * position gives Hugging Face's "logits everywhere".
 * NSP: pooled → (B, 2) logits; label 0 = IsNext, 1 = NotNext.
 * Classifier: dropout(pooled) → (B, NL) logits.
 * QA: every token → (start, end) logits; logits and probs (the softmax
 * over the T tokens of each sequence) hold starts (B, T) then ends
 * (B, T); labels are start positions (B) then end positions (B).
 *
 * A head keeps its buffers in one allocation that grows with the batch.
 * Forwards return a negative number (and set error_message()) only when
 * memory runs out or a label is out of range.
 */
#ifndef BERT_HEADS_H
#define BERT_HEADS_H

#include "bert.h"

typedef struct {
    int rows;            /* M positions (MLM), B sequences (the others) */
    int *positions;      /* (M) MLM only */
    int *labels;         /* (rows), or (2B) for QA */
    float *x;            /* (rows, C) input of the head's first dense */
    float *h, *g, *y;    /* (M, C) MLM transform: dense, GELU, LayerNorm */
    float *mean, *rstd;  /* (M) */
    float *drop;         /* (B, C) classifier dropout mask */
    float *logits;       /* (rows, K) scores before the softmax */
    float *probs;        /* (rows, K) probabilities, see above */
    float *dy, *dx;      /* (rows, C) gradient scratch */
    float *dlogits;      /* (rows, K) */
    int has_labels;
    float *block;
    long capacity;
} BertHead;

float bert_mlm_forward(Bert *m, BertHead *h, const int *positions,
                       const int *labels, int M);
void bert_mlm_backward(Bert *m, BertHead *h, float scale);
float bert_nsp_forward(Bert *m, BertHead *h, const int *labels);
void bert_nsp_backward(Bert *m, BertHead *h, float scale);
/* rng drives the dropout on the pooled output when the model ran in
 * BERT_TRAIN mode (may be NULL otherwise). */
float bert_classifier_forward(Bert *m, BertHead *h, const int *labels,
                              Rng *rng);
void bert_classifier_backward(Bert *m, BertHead *h, float scale);
/* labels: start positions (B) then end positions (B), or NULL. */
float bert_qa_forward(Bert *m, BertHead *h, const int *labels);
void bert_qa_backward(Bert *m, BertHead *h, float scale);
void bert_head_free(BertHead *h);

#endif
