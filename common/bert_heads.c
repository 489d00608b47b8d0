#include "bert_heads.h"

#include "activation.h"
#include "dropout.h"
#include "error.h"
#include "floats.h"
#include "layernorm.h"
#include "matmul.h"
#include "softmax.h"

#include <stdlib.h>
#include <string.h>

/* Lays out a head's buffers for rows of C features and K outputs. */
static int head_reserve(BertHead *h, int rows, int C, int K)
{
    long R = rows, n = 0;
    long sizes[] = {R, 2 * R, R * C, R * C, R * C, R * C, R, R,
                    R * C, R * K, R * K, R * C, R * C, R * K};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) n += sizes[i];
    if (n > h->capacity) {
        free(h->block);
        h->block = malloc((size_t)n * sizeof(float));
        if (!h->block) {
            h->capacity = 0;
            return error_set("head: out of memory for %d rows", rows);
        }
        h->capacity = n;
    }
    float *p = h->block;
    float **views[] = {(float **)(void *)&h->positions,
                       (float **)(void *)&h->labels,
                       &h->x, &h->h, &h->g, &h->y, &h->mean, &h->rstd,
                       &h->drop, &h->logits, &h->probs, &h->dy, &h->dx,
                       &h->dlogits};
    for (size_t i = 0; i < sizeof views / sizeof views[0]; i++) {
        *views[i] = p;
        p += sizes[i];
    }
    h->rows = rows;
    return 0;
}

static int copy_labels(BertHead *h, const int *labels, int n, int K)
{
    h->has_labels = labels != NULL;
    for (int i = 0; i < n; i++) {
        h->labels[i] = labels ? labels[i] : SOFTMAX_IGNORE;
        if (h->labels[i] != SOFTMAX_IGNORE &&
            (h->labels[i] < 0 || h->labels[i] >= K))
            return error_set("label %d outside 0..%d", h->labels[i], K - 1);
    }
    return 0;
}

static int count_labels(const int *labels, int n)
{
    int count = 0;
    for (int i = 0; i < n; i++) count += labels[i] != SOFTMAX_IGNORE;
    return count;
}

void bert_head_free(BertHead *h)
{
    free(h->block);
    memset(h, 0, sizeof *h);
}

/* ---- masked LM ----------------------------------------------------------- */

//> mlm-head
float bert_mlm_forward(Bert *m, BertHead *h, const int *positions,
                       const int *labels, int M)
{
    const BertParams *p = &m->params;
    int C = m->cfg.hidden_size, V = m->cfg.vocab_size;
    int BT = m->acts.B * m->acts.T;
    if (head_reserve(h, M, C, V) != 0) return -1.0f;
    if (copy_labels(h, labels, M, V) != 0) return -1.0f;
    for (int i = 0; i < M; i++) {
        if (positions[i] < 0 || positions[i] >= BT)
            return error_set("MLM position %d outside the batch",
                             positions[i]), -1.0f;
        h->positions[i] = positions[i];
        memcpy(h->x + (long)i * C, m->acts.hidden + (long)positions[i] * C,
               sizeof(float) * C);
    }
    // transform: dense -> GELU -> LayerNorm
    matmul_forward(h->h, h->x, p->mlm_w, p->mlm_b, M, C, C);
    gelu_forward(h->g, NULL, h->h, (long)M * C);
    layernorm_forward(h->y, h->mean, h->rstd, h->g, p->mlm_ln_w, p->mlm_ln_b,
                      M, C, m->cfg.layer_norm_eps);
    // decoder: the word embedding matrix itself (tied), plus a bias
    matmul_forward(h->logits, h->y, p->word_emb, p->mlm_bias, M, C, V);
    softmax_forward(h->probs, h->logits, M, V);
    return crossentropy_forward(NULL, h->probs, h->labels, M, V);
}
//< mlm-head

void bert_mlm_backward(Bert *m, BertHead *h, float scale)
{
    const BertParams *p = &m->params;
    BertParams *g = &m->grads;
    int C = m->cfg.hidden_size, V = m->cfg.vocab_size, M = h->rows;
    int count = count_labels(h->labels, M);
    if (count == 0) return;
    floats_zero(h->dlogits, (long)M * V);
    crossentropy_softmax_backward(h->dlogits, h->probs, h->labels,
                                  scale / count, M, V);
    // the tied matrix gets this gradient on top of the embedding's own
    memset(h->dy, 0, sizeof(float) * M * C);
    matmul_backward(h->dy, g->word_emb, g->mlm_bias, h->dlogits, h->y,
                    p->word_emb, M, C, V);
    memset(h->dx, 0, sizeof(float) * M * C);
    layernorm_backward(h->dx, g->mlm_ln_w, g->mlm_ln_b, h->dy, h->g,
                       p->mlm_ln_w, h->mean, h->rstd, M, C);
    memset(h->dy, 0, sizeof(float) * M * C);
    gelu_backward(h->dy, h->h, NULL, h->dx, (long)M * C);
    memset(h->dx, 0, sizeof(float) * M * C);
    matmul_backward(h->dx, g->mlm_w, g->mlm_b, h->dy, h->x, p->mlm_w, M, C,
                    C);
    for (int i = 0; i < M; i++)
        for (int k = 0; k < C; k++)
            m->acts.dhidden[(long)h->positions[i] * C + k] +=
                h->dx[(long)i * C + k];
}

/* ---- heads on the pooled output: NSP and the classifier ----------------- */

static float pooled_forward(Bert *m, BertHead *h, const float *w,
                            const float *b, int K, const int *labels,
                            float pdrop, Rng *rng)
{
    int B = m->acts.B, C = m->cfg.hidden_size;
    if (head_reserve(h, B, C, K) != 0) return -1.0f;
    if (copy_labels(h, labels, B, K) != 0) return -1.0f;
    if (m->mode == BERT_TRAIN && pdrop > 0.0f)
        dropout_forward(h->x, h->drop, m->acts.pooled, pdrop, (long)B * C,
                        rng);
    else
        for (long i = 0; i < (long)B * C; i++) {
            h->x[i] = m->acts.pooled[i];
            h->drop[i] = 1.0f;
        }
    matmul_forward(h->logits, h->x, w, b, B, C, K);
    softmax_forward(h->probs, h->logits, B, K);
    return crossentropy_forward(NULL, h->probs, h->labels, B, K);
}

static void pooled_backward(Bert *m, BertHead *h, const float *w, float *dw,
                            float *db, int K, float scale)
{
    int B = h->rows, C = m->cfg.hidden_size;
    int count = count_labels(h->labels, B);
    if (count == 0) return;
    memset(h->dlogits, 0, sizeof(float) * B * K);
    crossentropy_softmax_backward(h->dlogits, h->probs, h->labels,
                                  scale / count, B, K);
    memset(h->dx, 0, sizeof(float) * B * C);
    matmul_backward(h->dx, dw, db, h->dlogits, h->x, w, B, C, K);
    dropout_backward(m->acts.dpooled, h->drop, h->dx, (long)B * C);
}

float bert_nsp_forward(Bert *m, BertHead *h, const int *labels)
{
    return pooled_forward(m, h, m->params.nsp_w, m->params.nsp_b, 2, labels,
                          0.0f, NULL);
}

void bert_nsp_backward(Bert *m, BertHead *h, float scale)
{
    pooled_backward(m, h, m->params.nsp_w, m->grads.nsp_w, m->grads.nsp_b, 2,
                    scale);
}

float bert_classifier_forward(Bert *m, BertHead *h, const int *labels,
                              Rng *rng)
{
    if (m->num_labels < 1)
        return error_set("model: built without a classifier"), -1.0f;
    return pooled_forward(m, h, m->params.cls_w, m->params.cls_b,
                          m->num_labels, labels,
                          m->cfg.hidden_dropout_prob, rng);
}

void bert_classifier_backward(Bert *m, BertHead *h, float scale)
{
    pooled_backward(m, h, m->params.cls_w, m->grads.cls_w, m->grads.cls_b,
                    m->num_labels, scale);
}

/* ---- question answering ------------------------------------------------ */

//> qa-head
float bert_qa_forward(Bert *m, BertHead *h, const int *labels)
{
    int B = m->acts.B, T = m->acts.T, C = m->cfg.hidden_size;
    if (head_reserve(h, B * T, C, 2) != 0) return -1.0f;
    if (copy_labels(h, labels, 2 * B, T) != 0) return -1.0f;
    // (B·T, 2) logits, regrouped as start rows then end rows of T
    float *pairs = h->dlogits;
    matmul_forward(pairs, m->acts.hidden, m->params.qa_w, m->params.qa_b,
                   B * T, C, 2);
    float *start = h->logits, *end = h->logits + (long)B * T;
    for (long i = 0; i < (long)B * T; i++) {
        start[i] = pairs[2 * i];
        end[i] = pairs[2 * i + 1];
    }
    softmax_forward(h->probs, h->logits, 2 * B, T);
    // loss = (CE(start) + CE(end)) / 2
    return crossentropy_forward(NULL, h->probs, h->labels, 2 * B, T);
}
//< qa-head

void bert_qa_backward(Bert *m, BertHead *h, float scale)
{
    int B = m->acts.B, T = m->acts.T, C = m->cfg.hidden_size;
    int count = count_labels(h->labels, 2 * B);
    if (count == 0) return;
    // dprob rows in (start, end) order, back into (B·T, 2) logits
    float *drows = h->dx; // (2B, T) fits in (B·T, C)
    memset(drows, 0, sizeof(float) * 2 * B * T);
    crossentropy_softmax_backward(drows, h->probs, h->labels, scale / count,
                                  2 * B, T);
    for (long i = 0; i < (long)B * T; i++) {
        h->dlogits[2 * i] = drows[i];
        h->dlogits[2 * i + 1] = drows[(long)B * T + i];
    }
    matmul_backward(m->acts.dhidden, m->grads.qa_w, m->grads.qa_b,
                    h->dlogits, m->acts.hidden, m->params.qa_w, B * T, C, 2);
}
