/* qa_decode: extractive question answering around the model, as
 * google-research/bert's run_squad.py does it: from a question and a
 * context to BERT's input windows, and from the start and end logits of
 * those windows back to an answer span of the context.
 *
 *     QaWindowConfig wc = {64, 32, 24};   // max_seq_len, doc_stride, query
 *     QaFeatures f = {0};
 *     if (qa_features_build(&f, &tok, set.ex, set.n, &wc) != 0) ...
 *     // f.rows: one FinetuneData row per window, to train or to run
 *     finetune_qa_logits(&m, &ft, &f.rows, start, end);  // (rows, T)
 *     QaDecodeConfig dc = {20, 30};       // n_best, max_answer_len
 *     QaSpan best[20];
 *     int k = qa_decode(&f, e, set.ex[e].context, start, end, &dc, best, 20);
 *     if (k > 0) printf("%.*s\n", (int)(best[0].end - best[0].start),
 *                       set.ex[e].context + best[0].start);
 *     qa_features_free(&f);
 *
 * Windows. The question is cut to max_query_len WordPiece tokens. The
 * context's tokens are split into windows of at most max_seq_len - |q| - 3
 * tokens, each starting doc_stride tokens after the one before (or less,
 * so that the last window ends at the last token), and each window is one
 * row "[CLS] question [SEP] window [SEP]" with segments 0 then 1. A
 * training label is the (start, end) position of the answer's first and
 * last tokens in the row, or (0, 0), [CLS], when the answer is not wholly
 * inside that window. Answers are found through the tokenizer's byte
 * offsets: the first token ending after the answer's first byte and the
 * last one starting before its end. An example without an answer
 * (answer NULL) gets labels -100, which the loss ignores.
 *
 * Decoding (run_squad.py write_predictions): in every window of the
 * example take the n_best highest start logits and the n_best highest end
 * logits among the row's tokens (a tie goes to the lower position), and
 * keep each pair where both are context tokens, end >= start, the span
 * has at most max_answer_len tokens, and the start token has its "max
 * context" in this window: of all windows holding that token, this one
 * maximises min(tokens left of it, tokens right of it) + 0.01 · window
 * length (the first such window on a tie). A span's score is start logit
 * + end logit (a span whose score is not a finite number is skipped).
 * Spans are sorted by score (ties: lower window, then lower
 * start, then lower end), spans with the same text as a better one are
 * dropped, and the first n_best are kept, each with the softmax of the
 * kept scores as its probability.
 *
 * Layout: logits are (rows, T) for f.rows (T = max_seq_len); the windows of
 * example e are rows example_row[e] .. example_row[e + 1] - 1; the context
 * tokens of example e are token_start[e] .. token_start[e + 1] - 1 in
 * tok_begin / tok_end (byte spans in that context).
 *
 * Error contract: functions returning int return 0 (or a count) on
 * success, or -1 with error_message(): a question too long for the
 * window, a context without tokens, an answer outside its context.
 */
#ifndef QA_DECODE_H
#define QA_DECODE_H

#include "finetune.h"
#include "qa_data.h"
#include "tokenizer.h"

typedef struct {
    int max_seq_len;     /* tokens per window with [CLS] and [SEP]s (384) */
    int doc_stride;      /* tokens between window starts (GR 128) */
    int max_query_len;   /* question tokens kept (GR 64) */
} QaWindowConfig;

typedef struct {
    int n_best;          /* starts, ends and answers kept (GR 20) */
    int max_answer_len;  /* longest answer in tokens (GR 30) */
} QaDecodeConfig;

typedef struct {
    FinetuneData rows;   /* (n rows) one per window, task FINETUNE_QA */
    int *row_example;    /* (n rows) the example a window comes from */
    int *row_doc_start;  /* (n rows) its first context token (in the
                            example's context tokens) */
    int *row_doc_len;    /* (n rows) context tokens in the window */
    int *row_doc_offset; /* (n rows) row position of the first of them */
    int n_examples;
    int *example_row;    /* (n_examples + 1) first row of each example */
    int *token_start;    /* (n_examples + 1) first token of each example */
    long *tok_begin;     /* (tokens) byte span of each context token */
    long *tok_end;
} QaFeatures;

typedef struct {
    long start, end;     /* the answer: context bytes [start, end) */
    float score;         /* start logit + end logit */
    float prob;          /* softmax of the n-best scores */
    int row;             /* the window it was read from */
    int start_pos, end_pos;  /* its first and last token in that row */
} QaSpan;

int qa_features_build(QaFeatures *f, const Tokenizer *tok,
                      const QaExample *ex, int n, const QaWindowConfig *cfg);
void qa_features_free(QaFeatures *f);
/* The n-best answers of example e (context is its text), best first, at
 * most cap; returns how many, 0 when no span qualifies. */
int qa_decode(const QaFeatures *f, int e, const char *context,
              const float *start_logits, const float *end_logits,
              const QaDecodeConfig *cfg, QaSpan *out, int cap);
/* 1 when window row holds context token p (of its example) with the most
 * context around it, as defined above; 0 otherwise. */
int qa_is_max_context(const QaFeatures *f, int row, int p);

#endif
