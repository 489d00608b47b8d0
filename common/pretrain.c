#include "pretrain.h"

#include "error.h"

#include <stdlib.h>
#include <string.h>

//> pretrain-step
int pretrain_step(Bert *m, Pretrainer *p, const PretrainBatch *b, float lr,
                  Rng *rng, PretrainStep *out)
{
    BertBatch in = {b->ids, b->segments, b->mask, b->B, b->T};
    bert_zero_grad(m);
    if (bert_forward(m, &in, BERT_TRAIN, rng) != 0) return -1;
    // the two losses of BERT, on the same forward pass
    float mlm = bert_mlm_forward(m, &p->mlm, b->mlm_positions, b->mlm_labels,
                                 b->M);
    float nsp = bert_nsp_forward(m, &p->nsp, b->nsp_labels);
    if (mlm < 0.0f || nsp < 0.0f) return -1;
    // d(mlm + nsp) reaches each head with weight 1
    bert_mlm_backward(m, &p->mlm, 1.0f);
    bert_nsp_backward(m, &p->nsp, 1.0f);
    bert_backward(m);
    out->grad_norm = bert_step(m, lr, 1.0f);
    out->mlm_loss = mlm;
    out->nsp_loss = nsp;
    out->loss = mlm + nsp;
    return 0;
}
//< pretrain-step

static int argmax(const float *x, int n)
{
    int best = 0;
    for (int i = 1; i < n; i++)
        if (x[i] > x[best]) best = i;
    return best;
}

static int argmax_int(const int *x, int n)
{
    int best = 0;
    for (int i = 1; i < n; i++)
        if (x[i] > x[best]) best = i;
    return best;
}

int pretrain_evaluate(Bert *m, Pretrainer *p, PretrainBatch *b,
                      const PretrainData *data, int max_instances,
                      PretrainEval *out)
{
    int V = m->cfg.vocab_size;
    int n = data->n < max_instances ? data->n : max_instances;
    int *label_count = calloc((size_t)V, sizeof(int));
    int *which = malloc(sizeof(int) * (size_t)b->cap_B);
    if (!label_count || !which) {
        free(label_count), free(which);
        return error_set("evaluation: out of memory");
    }
    memset(out, 0, sizeof *out);
    double mlm_loss = 0, nsp_loss = 0;
    long mlm_right = 0, nsp_right = 0, not_next = 0;
    int rc = 0;
    for (int first = 0; first < n && rc == 0; first += b->cap_B) {
        int k = n - first < b->cap_B ? n - first : b->cap_B;
        for (int i = 0; i < k; i++) which[i] = first + i;
        BertBatch in = {b->ids, b->segments, b->mask, 0, 0};
        rc = pretrain_batch_fill(b, data, which, k);
        in.B = b->B, in.T = b->T;
        if (rc == 0) rc = bert_forward(m, &in, BERT_EVAL, NULL);
        if (rc != 0) break;
        float lm = bert_mlm_forward(m, &p->mlm, b->mlm_positions,
                                    b->mlm_labels, b->M);
        float ln = bert_nsp_forward(m, &p->nsp, b->nsp_labels);
        if (lm < 0.0f || ln < 0.0f) {
            rc = -1;
            break;
        }
        mlm_loss += (double)lm * b->M;
        nsp_loss += (double)ln * b->B;
        for (int i = 0; i < b->M; i++) {
            int label = b->mlm_labels[i];
            mlm_right += argmax(p->mlm.probs + (long)i * V, V) == label;
            label_count[label]++;
        }
        for (int i = 0; i < b->B; i++) {
            nsp_right += argmax(p->nsp.probs + 2L * i, 2) == b->nsp_labels[i];
            not_next += b->nsp_labels[i];
        }
        out->mlm_count += b->M;
        out->nsp_count += b->B;
    }
    if (rc == 0 && out->mlm_count > 0 && out->nsp_count > 0) {
        int top = argmax_int(label_count, V);
        out->mlm_baseline_token = top;
        out->mlm_baseline = (double)label_count[top] / out->mlm_count;
        out->mlm_accuracy = (double)mlm_right / out->mlm_count;
        out->mlm_loss = (float)(mlm_loss / out->mlm_count);
        out->nsp_accuracy = (double)nsp_right / out->nsp_count;
        out->nsp_loss = (float)(nsp_loss / out->nsp_count);
        long majority = not_next > out->nsp_count - not_next
                            ? not_next
                            : out->nsp_count - not_next;
        out->nsp_baseline = (double)majority / out->nsp_count;
    } else if (rc == 0) {
        rc = error_set("evaluation: no instance to evaluate");
    }
    free(label_count), free(which);
    return rc;
}

void pretrainer_free(Pretrainer *p)
{
    bert_head_free(&p->mlm);
    bert_head_free(&p->nsp);
}
