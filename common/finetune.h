/* finetune: teaching a pre-trained BERT one task, text classification or
 * extractive question answering, by training every weight a little more
 * with a small head on top (bert_heads.h), as BERT's run_classifier.py and
 * run_squad.py do.
 *
 *     FinetuneData train = {0};
 *     finetune_data_texts(&train, &tok, texts, labels, n, 64);
 *     FinetuneConfig c = {3, 32, 5e-5f, 0.1f};  // epochs, batch, lr, warm-up
 *     Finetuner f = {0};
 *     finetune_begin(&f, &c, train.n);
 *     FinetuneStats st = {0};
 *     while (f.step < f.total_steps)
 *         if (finetune_train(&m, &f, &train, 100, &rng, &st) != 0) ...
 *     printf("loss %.3f\n", st.loss_sum / st.steps);
 *     float *probs = malloc(sizeof(float) * dev.n * m.num_labels);
 *     finetune_classify(&m, &f, &dev, probs);
 *     double acc = finetune_accuracy(probs, dev.labels, dev.n, 3, NULL);
 *     finetuner_free(&f);
 *     finetune_data_free(&train);
 *
 * Data: a FinetuneData holds n rows of at most T tokens each, already in
 * BERT's input form ([CLS] A [SEP] or [CLS] A [SEP] B [SEP], then
 * [PAD]), with their segment ids, their real length and their labels:
 * one class per row for FINETUNE_CLASSIFY, a start and an end position
 * per row for FINETUNE_QA (qa_decode.h builds those rows). A batch is cut
 * to its longest row, so short texts cost what they are long.
 *
 * Training: the schedule is BERT's, steps_per_epoch = n / batch (the last
 * partial batch of an epoch is dropped, as GR's drop_remainder does),
 * a linear warm-up over warmup · total steps, then linear decay to zero
 * (adamw.h); rows are reshuffled from rng at every epoch. One step runs
 * the encoder with dropout, the task's head and its mean cross-entropy
 * loss, backward, clips the gradient norm at 1.0 and applies AdamW. The
 * model must have had bert_enable_training (and a classifier for
 * FINETUNE_CLASSIFY). Evaluation runs without dropout, 64 rows at a time.
 *
 * Error contract: functions returning int return 0, or -1 with
 * error_message(); finetune_step returns the loss, or a negative number.
 */
#ifndef FINETUNE_H
#define FINETUNE_H

#include "bert.h"
#include "bert_heads.h"
#include "rng.h"
#include "tokenizer.h"

typedef enum { FINETUNE_CLASSIFY, FINETUNE_QA } FinetuneTask;

typedef struct {
    FinetuneTask task;
    int n, T;            /* rows, tokens per row at most */
    int *ids;            /* (n, T) token ids, [PAD] after length */
    int *segments;       /* (n, T) 0 for A, 1 for B */
    int *length;         /* (n) real tokens of each row */
    int *labels;         /* CLASSIFY (n) class ids; QA (n, 2) start, end */
} FinetuneData;

typedef struct {
    int epochs, batch;   /* BERT: 3 epochs of batches of 32 */
    float lr;            /* peak learning rate (BERT: 2e-5 .. 5e-5) */
    float warmup;        /* fraction of the steps spent warming up (0.1) */
} FinetuneConfig;

typedef struct {
    FinetuneConfig cfg;
    int steps_per_epoch, total_steps, warmup_steps;
    int step;            /* steps taken so far */
    int *order;          /* (n) training rows in this epoch's order */
    int n, next;         /* rows, and the next place in order */
    BertHead head;       /* the task's head: its logits and probs */
    int B, T;            /* the batch last run */
    int *ids, *segments, *mask;  /* (B, T) of that batch */
    int *labels;         /* (B) classes, or (2B) starts then ends */
    int *block;
    long capacity;
} Finetuner;

/* The model to fine-tune and its tokenizer: the checkpoint in dir
 * (bert_checkpoint.h; a classifier of num_labels outputs is added when it
 * has none) when dir holds a config.json. Otherwise, only if allow_random
 * is set, a small BERT with random weights (1 layer, hidden 32, 2 heads,
 * 64 positions) and an uncased WordPiece vocabulary of up to 1000 entries
 * learned from the n texts; *is_random tells which happened. */
int finetune_model(Bert *m, Tokenizer *tok, const char *dir, int num_labels,
                   int allow_random, const char *const *texts, int n,
                   Rng *rng, int *is_random);

/* What training saw; finetune_train adds to it. A row counts as right when
 * the head's most probable class (or start and end) is its label. */
typedef struct {
    int steps;           /* steps taken */
    double loss_sum;     /* sum of their mean losses */
    long right, rows;    /* training rows the head got right (dropout on) */
} FinetuneStats;

/* Allocates n rows of T tokens (zeroed) for the task. */
int finetune_data_alloc(FinetuneData *d, FinetuneTask task, int n, int T);
/* Classification rows "[CLS] text [SEP]" of at most max_len tokens (longer
 * texts are cut at the end), with labels (n), which may be NULL (-100). */
int finetune_data_texts(FinetuneData *d, const Tokenizer *tok,
                        char *const *texts, const int *labels, int n,
                        int max_len);
void finetune_data_free(FinetuneData *d);

/* Sets the schedule for a training set of n rows; step starts at 0. */
int finetune_begin(Finetuner *f, const FinetuneConfig *cfg, int n);
/* Takes up to `steps` more steps of the schedule (fewer when it ends),
 * adding what they saw to *st. */
int finetune_train(Bert *m, Finetuner *f, const FinetuneData *train,
                   int steps, Rng *rng, FinetuneStats *st);
/* What a chapter does while finetune_run trains: `measure` runs before the
 * first step and after every stretch of training (it sees f->step), and
 * `epoch_done` at the end of each epoch with that epoch's stats. Either may
 * be NULL; measure returns 0, or -1 to stop with its error. */
typedef struct {
    int (*measure)(Bert *m, Finetuner *f, void *ctx);
    void (*epoch_done)(const Finetuner *f, const FinetuneStats *st,
                       void *ctx);
    void *ctx;
} FinetuneWatch;

/* The whole schedule of cfg on train, from the first step, measuring
 * evals_per_epoch times an epoch (and before the first step). The model
 * must have had bert_enable_training. Returns 0, or -1 with
 * error_message(). */
int finetune_run(Bert *m, const FinetuneConfig *cfg,
                 const FinetuneData *train, int evals_per_epoch, Rng *rng,
                 const FinetuneWatch *watch);
/* The schedule of f in words, into buf: "3 epochs of 62 steps, batch 32,
 * peak learning rate 0.0003". */
void finetune_describe(const Finetuner *f, char *buf, int cap);
/* One step on the B rows of d listed in rows, at learning rate lr. */
float finetune_step(Bert *m, Finetuner *f, const FinetuneData *d,
                    const int *rows, int B, float lr, Rng *rng);

/* Class probabilities (d->n, num_labels) of every row, without dropout. */
int finetune_classify(Bert *m, Finetuner *f, const FinetuneData *d,
                      float *probs);
/* Start and end logits, (d->n, d->T) each, without dropout; positions at
 * and after a row's length get -INFINITY. */
int finetune_qa_logits(Bert *m, Finetuner *f, const FinetuneData *d,
                       float *start, float *end);
/* The fraction of the n rows whose most probable class (lowest index on a
 * tie) is its label; rows labelled outside 0..K-1 are not counted. With
 * confusion (K, K) non-NULL, adds 1 at [label][predicted] for each row. */
double finetune_accuracy(const float *probs, const int *labels, int n, int K,
                         int *confusion);
void finetuner_free(Finetuner *f);

#endif
