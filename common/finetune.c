#include "finetune.h"

#include "adamw.h"
#include "bert_checkpoint.h"
#include "error.h"
#include "fileio.h"
#include "softmax.h"
#include "vocab_train.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Rows evaluated per forward pass. */
#define FINETUNE_EVAL_ROWS 64

/* A small random BERT over a vocabulary learned from the texts. */
static int random_model(Bert *m, Tokenizer *tok, int num_labels,
                        const char *const *texts, int n, Rng *rng)
{
    VocabTrainOptions opt = vocab_train_defaults();
    opt.vocab_size = 1000;
    Vocab v;
    if (vocab_train(&v, texts, n, &opt, NULL) != 0) return -1;
    if (tokenizer_init(tok, &v, 0) != 0) return -1; // it owns v now
    BertConfig cfg;
    bert_config_preset(&cfg, "tiny");
    cfg.vocab_size = tok->vocab.n;
    cfg.hidden_size = 32;
    cfg.num_hidden_layers = 1;
    cfg.num_attention_heads = 2;
    cfg.intermediate_size = 4 * cfg.hidden_size;
    cfg.max_position_embeddings = 64;
    if (bert_build(m, &cfg, num_labels) != 0) {
        tokenizer_free(tok);
        return -1;
    }
    bert_init(m, rng);
    return 0;
}

int finetune_model(Bert *m, Tokenizer *tok, const char *dir, int num_labels,
                   int allow_random, const char *const *texts, int n,
                   Rng *rng, int *is_random)
{
    char config[FILEIO_PATH_MAX];
    if (fileio_join(config, sizeof config, dir, "config.json") != 0)
        return -1;
    *is_random = allow_random && access(config, F_OK) != 0;
    if (*is_random) return random_model(m, tok, num_labels, texts, n, rng);
    Vocab v;
    if (bert_load(m, &v, dir, num_labels, rng) != 0) return -1;
    if (tokenizer_init(tok, &v, 0) != 0) { // it owns v now
        bert_free(m);
        return error_set("%s/vocab.txt: %s", dir, error_message());
    }
    return 0;
}

int finetune_data_alloc(FinetuneData *d, FinetuneTask task, int n, int T)
{
    memset(d, 0, sizeof *d);
    if (n < 1 || T < 2)
        return error_set("fine-tuning data: %d rows of %d tokens", n, T);
    int K = task == FINETUNE_QA ? 2 : 1;
    size_t cells = (size_t)n * (size_t)T;
    d->ids = calloc(cells, sizeof(int));
    d->segments = calloc(cells, sizeof(int));
    d->length = calloc((size_t)n, sizeof(int));
    d->labels = calloc((size_t)n * (size_t)K, sizeof(int));
    if (!d->ids || !d->segments || !d->length || !d->labels) {
        finetune_data_free(d);
        return error_set("fine-tuning data: out of memory for %d rows", n);
    }
    d->task = task;
    d->n = n;
    d->T = T;
    return 0;
}

int finetune_data_texts(FinetuneData *d, const Tokenizer *tok,
                        char *const *texts, const int *labels, int n,
                        int max_len)
{
    if (finetune_data_alloc(d, FINETUNE_CLASSIFY, n, max_len) != 0)
        return -1;
    for (int i = 0; i < n; i++) {
        long at = (long)i * max_len;
        int len = tokenizer_encode(tok, texts[i], NULL, max_len, d->ids + at,
                                   d->segments + at, NULL);
        if (len < 0) {
            finetune_data_free(d);
            return -1;
        }
        d->length[i] = len;
        d->labels[i] = labels ? labels[i] : SOFTMAX_IGNORE;
    }
    return 0;
}

void finetune_data_free(FinetuneData *d)
{
    free(d->ids), free(d->segments), free(d->length), free(d->labels);
    memset(d, 0, sizeof *d);
}

int finetune_begin(Finetuner *f, const FinetuneConfig *cfg, int n)
{
    if (n < 1 || cfg->epochs < 1 || cfg->batch < 1 || !(cfg->lr > 0.0f) ||
        !(cfg->warmup >= 0.0f && cfg->warmup < 1.0f))
        return error_set("fine-tuning: bad schedule (%d rows, %d epochs, "
                         "batch %d)", n, cfg->epochs, cfg->batch);
    int *order = realloc(f->order, sizeof(int) * (size_t)n);
    if (!order) return error_set("fine-tuning: out of memory");
    for (int i = 0; i < n; i++) order[i] = i;
    f->order = order;
    f->cfg = *cfg;
    if (f->cfg.batch > n) f->cfg.batch = n;
    f->n = n;
    f->next = n; // the first step shuffles
    f->steps_per_epoch = n / f->cfg.batch;
    f->total_steps = f->steps_per_epoch * cfg->epochs;
    f->warmup_steps = (int)(cfg->warmup * (float)f->total_steps);
    f->step = 0;
    return 0;
}

/* Gathers rows into the batch buffers, cut to the longest row. */
static int fill_batch(Finetuner *f, const FinetuneData *d, const int *rows,
                      int B)
{
    int T = 1;
    for (int i = 0; i < B; i++)
        if (d->length[rows[i]] > T) T = d->length[rows[i]];
    long need = 3L * B * T + 2L * B;
    if (need > f->capacity) {
        free(f->block);
        f->block = malloc(sizeof(int) * (size_t)need);
        f->capacity = f->block ? need : 0;
        if (!f->block) return error_set("fine-tuning: out of memory");
    }
    f->ids = f->block;
    f->segments = f->ids + (long)B * T;
    f->mask = f->segments + (long)B * T;
    f->labels = f->mask + (long)B * T;
    f->B = B;
    f->T = T;
    for (int i = 0; i < B; i++) {
        const int r = rows[i];
        memcpy(f->ids + (long)i * T, d->ids + (long)r * d->T,
               sizeof(int) * (size_t)T);
        memcpy(f->segments + (long)i * T, d->segments + (long)r * d->T,
               sizeof(int) * (size_t)T);
        for (int t = 0; t < T; t++)
            f->mask[(long)i * T + t] = t < d->length[r];
        if (d->task == FINETUNE_QA) { // starts (B), then ends (B)
            f->labels[i] = d->labels[2 * r];
            f->labels[B + i] = d->labels[2 * r + 1];
        } else {
            f->labels[i] = d->labels[r];
        }
    }
    return 0;
}

/* The encoder and the task's head on the batch; returns the loss. */
static float run_batch(Bert *m, Finetuner *f, FinetuneTask task,
                       BertMode mode, int labelled, Rng *rng)
{
    BertBatch in = {f->ids, f->segments, f->mask, f->B, f->T};
    if (bert_forward(m, &in, mode, rng) != 0) return -1.0f;
    const int *labels = labelled ? f->labels : NULL;
    if (task == FINETUNE_QA) return bert_qa_forward(m, &f->head, labels);
    return bert_classifier_forward(m, &f->head, labels, rng);
}

//> finetune-step
float finetune_step(Bert *m, Finetuner *f, const FinetuneData *d,
                    const int *rows, int B, float lr, Rng *rng)
{
    if (!m->grad_block)
        return error_set("fine-tuning: the model is not set up for "
                         "training"), -1.0f;
    if (fill_batch(f, d, rows, B) != 0) return -1.0f;
    bert_zero_grad(m);
    // forward with dropout: the encoder, then the task's small head
    float loss = run_batch(m, f, d->task, BERT_TRAIN, 1, rng);
    if (loss < 0.0f) return loss;
    // backward through the head and every layer below it
    if (d->task == FINETUNE_QA) bert_qa_backward(m, &f->head, 1.0f);
    else bert_classifier_backward(m, &f->head, 1.0f);
    bert_backward(m);
    bert_step(m, lr, 1.0f);
    return loss;
}
//< finetune-step

static int argmax(const float *x, int n)
{
    int best = 0;
    for (int i = 1; i < n; i++)
        if (x[i] > x[best]) best = i;
    return best;
}

/* Rows of the batch last run whose prediction is their label. */
static long batch_right(const Finetuner *f, FinetuneTask task, int K)
{
    long right = 0;
    const float *p = f->head.probs;
    for (int i = 0; i < f->B; i++) {
        if (task == FINETUNE_QA) { // probs: starts (B, T), then ends
            right += argmax(p + (long)i * f->T, f->T) == f->labels[i] &&
                     argmax(p + (long)(f->B + i) * f->T, f->T) ==
                         f->labels[f->B + i];
        } else {
            right += argmax(p + (long)i * K, K) == f->labels[i];
        }
    }
    return right;
}

int finetune_train(Bert *m, Finetuner *f, const FinetuneData *train,
                   int steps, Rng *rng, FinetuneStats *st)
{
    if (train->n != f->n)
        return error_set("fine-tuning: begun for %d rows, given %d", f->n,
                         train->n);
    for (int done = 0; done < steps && f->step < f->total_steps; done++) {
        if (f->next + f->cfg.batch > f->n) { // a new epoch, a new order
            rng_shuffle_int(rng, f->order, f->n);
            f->next = 0;
        }
        float lr = lr_schedule(f->step, f->warmup_steps, f->total_steps,
                               f->cfg.lr);
        float loss = finetune_step(m, f, train, f->order + f->next,
                                   f->cfg.batch, lr, rng);
        if (loss < 0.0f) return -1;
        f->next += f->cfg.batch;
        f->step++;
        st->steps++;
        st->loss_sum += loss;
        st->right += batch_right(f, train->task, m->num_labels);
        st->rows += f->B;
    }
    return 0;
}

//> finetune-run
int finetune_run(Bert *m, const FinetuneConfig *cfg,
                 const FinetuneData *train, int evals_per_epoch, Rng *rng,
                 const FinetuneWatch *watch)
{
    Finetuner f = {0};
    int rc = finetune_begin(&f, cfg, train->n);
    // a stretch is a fraction of an epoch, never crossing an epoch's end
    int stretch = f.steps_per_epoch / evals_per_epoch;
    stretch = stretch > 0 ? stretch : 1;
    if (rc == 0 && watch->measure) rc = watch->measure(m, &f, watch->ctx);
    FinetuneStats st = {0};
    while (rc == 0 && f.step < f.total_steps) {
        int to_epoch_end = f.steps_per_epoch - f.step % f.steps_per_epoch;
        rc = finetune_train(m, &f, train,
                            stretch < to_epoch_end ? stretch : to_epoch_end,
                            rng, &st);
        if (rc == 0 && watch->measure) rc = watch->measure(m, &f, watch->ctx);
        if (rc != 0 || f.step % f.steps_per_epoch != 0) continue;
        if (watch->epoch_done) watch->epoch_done(&f, &st, watch->ctx);
        st = (FinetuneStats){0};
    }
    finetuner_free(&f);
    return rc;
}
//< finetune-run

void finetune_describe(const Finetuner *f, char *buf, int cap)
{
    snprintf(buf, (size_t)cap, "%d epoch%s of %d steps, batch %d, peak "
             "learning rate %g", f->cfg.epochs, f->cfg.epochs > 1 ? "s" : "",
             f->steps_per_epoch, f->cfg.batch, f->cfg.lr);
}

/* Runs rows first .. first + B of d without dropout (B <= 64); the
 * results are in f->head. */
static int eval_rows(Bert *m, Finetuner *f, const FinetuneData *d, int first,
                     int *B)
{
    int rows[FINETUNE_EVAL_ROWS];
    *B = d->n - first < FINETUNE_EVAL_ROWS ? d->n - first
                                           : FINETUNE_EVAL_ROWS;
    for (int i = 0; i < *B; i++) rows[i] = first + i;
    if (fill_batch(f, d, rows, *B) != 0) return -1;
    return run_batch(m, f, d->task, BERT_EVAL, 0, NULL) < 0.0f ? -1 : 0;
}

int finetune_classify(Bert *m, Finetuner *f, const FinetuneData *d,
                      float *probs)
{
    if (d->task != FINETUNE_CLASSIFY)
        return error_set("fine-tuning: these rows are not for a classifier");
    if (m->num_labels < 1)
        return error_set("model: built without a classifier");
    int NL = m->num_labels, B;
    for (int first = 0; first < d->n; first += B) {
        if (eval_rows(m, f, d, first, &B) != 0) return -1;
        memcpy(probs + (long)first * NL, f->head.probs,
               sizeof(float) * (size_t)B * (size_t)NL);
    }
    return 0;
}

int finetune_qa_logits(Bert *m, Finetuner *f, const FinetuneData *d,
                       float *start, float *end)
{
    if (d->task != FINETUNE_QA)
        return error_set("fine-tuning: these rows are not for a QA head");
    int B;
    for (int first = 0; first < d->n; first += B) {
        if (eval_rows(m, f, d, first, &B) != 0) return -1;
        // head logits: starts (B, T) then ends (B, T), T of this batch
        const float *s = f->head.logits, *e = s + (long)B * f->T;
        for (int i = 0; i < B; i++) {
            long row = (long)(first + i) * d->T;
            int len = d->length[first + i];
            for (int t = 0; t < d->T; t++) {
                start[row + t] = t < len ? s[(long)i * f->T + t] : -INFINITY;
                end[row + t] = t < len ? e[(long)i * f->T + t] : -INFINITY;
            }
        }
    }
    return 0;
}

double finetune_accuracy(const float *probs, const int *labels, int n, int K,
                         int *confusion)
{
    long right = 0, counted = 0;
    for (int i = 0; i < n; i++) {
        if (labels[i] < 0 || labels[i] >= K) continue;
        int best = argmax(probs + (long)i * K, K);
        right += best == labels[i];
        counted++;
        if (confusion) confusion[labels[i] * K + best]++;
    }
    return counted ? (double)right / (double)counted : 0.0;
}

void finetuner_free(Finetuner *f)
{
    bert_head_free(&f->head);
    free(f->order);
    free(f->block);
    memset(f, 0, sizeof *f);
}
