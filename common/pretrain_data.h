/* pretrain_data: BERT's pre-training examples from a corpus: sentence
 * pairs for next sentence prediction (NSP), masked for the masked LM
 * (masking.h), packed into batches for bert.h and bert_heads.h.
 *
 *     PretrainDataConfig cfg = pretrain_data_defaults();
 *     Rng rng;
 *     rng_seed(&rng, cfg.random_seed);
 *     PretrainData data;
 *     if (pretrain_data_from_corpus(&data, &corpus, &tok, &cfg, &rng,
 *                                   NULL) != 0) ... error_message()
 *     PretrainBatch b;
 *     pretrain_batch_alloc(&b, 16, cfg.max_seq_length,
 *                          cfg.max_predictions_per_seq, 0);
 *     pretrain_batch_fill(&b, &data, first16, 16);   // instance indices
 *     BertBatch in = {b.ids, b.segments, b.mask, b.B, b.T};
 *     // bert_forward(..., &in, ...); bert_mlm_forward(..., b.mlm_positions,
 *     //   b.mlm_labels, b.M); bert_nsp_forward(..., b.nsp_labels);
 *     pretrain_batch_free(&b);
 *     pretrain_data_free(&data);
 *
 * What it does is google-research/bert create_pretraining_data.py:
 *  1. Every sentence is tokenized once; sentences without a token and
 *     documents without a sentence are dropped (PretrainDocs).
 *  2. The documents are shuffled, once.
 *  3. dupe_factor passes over the documents each make fresh pairs and
 *     fresh masks (create_instances_from_document). Per document, with
 *     max_num_tokens = max_seq_length - 3:
 *     - the target length is max_num_tokens, or with probability
 *       short_seq_prob a uniform integer in 2 .. max_num_tokens;
 *     - sentences go into a chunk until the document ends or the chunk
 *       holds at least target tokens; then A is its first a_end
 *       sentences, a_end uniform in 1 .. len(chunk) - 1 (1 for a chunk of
 *       one sentence);
 *     - when the chunk has one sentence, or else with probability 0.5, B
 *       is random: sentences from a random start in another document
 *       (drawn up to 10 times while it is the same one) until B holds at
 *       least target - len(A) tokens, and the chunk's sentences after A
 *       are put back to start the next chunk; otherwise B is the rest of
 *       the chunk, the true continuation;
 *     - while len(A) + len(B) > max_num_tokens, the longer of the two (B
 *       on a tie) loses its first or its last token, 50/50;
 *     - the pair becomes [CLS] A [SEP] B [SEP] and is masked (masking.h):
 *       an exact count of positions per sequence, where Hugging Face's
 *       DataCollatorForLanguageModeling flips a coin for every token.
 *  4. All instances are shuffled.
 * Random numbers are drawn in the reference's order of decisions, from
 * the project's Rng rather than Python's Mersenne Twister, so the same
 * seed does not give the reference's instances bit for bit; the same seed
 * always gives the same instances here.
 *
 * Because a chunk of one sentence always gets a random B, a bit more than
 * half of all pairs are NotNext; how many more depends on how long the
 * documents are against the target.
 *
 * Layout: an instance's tokens (masked) sit back to back with the others'
 * in tokens[]; its segment ids are 0 for [CLS], A and the first [SEP] and
 * 1 for B and the last [SEP], so n_a fixes them. Its masked positions
 * (ascending, counted from its [CLS]) and their original ids sit in
 * positions[] and labels[] from pred_start. A batch is (B, T) row-major,
 * padded with [PAD], segment 0 and mask 0; its MLM positions are flat,
 * b * T + t, as bert_mlm_forward takes them; token_labels is the same
 * information per token, SOFTMAX_IGNORE where nothing is predicted.
 *
 * Errors: every int function returns 0, or -1 with error_message() for a
 * bad configuration, a corpus with no document of two or more sentences
 * (NSP needs a true next sentence), an instance that does not fit a
 * batch, or no memory.
 */
#ifndef PRETRAIN_DATA_H
#define PRETRAIN_DATA_H

#include <stdint.h>

#include "corpus.h"
#include "masking.h"
#include "rng.h"
#include "tokenizer.h"

/* The flags of create_pretraining_data.py (BERT-FACTS 12); only
 * dupe_factor departs from them. */
typedef struct {
    int max_seq_length;          /* 128: T, with [CLS] and both [SEP]s */
    int max_predictions_per_seq; /* 20 = 128 x 0.15 rounded up; 0: none */
    double masked_lm_prob;       /* 0.15 */
    double short_seq_prob;       /* 0.1: share of shorter targets */
    int dupe_factor;             /* 5 passes (reference: 10), each with
                                    fresh pairs and masks */
    int whole_word_mask;         /* 0 */
    uint64_t random_seed;        /* 12345, the reference's; the library
                                    draws from the Rng it is given, this
                                    is the seed a program gives it */
} PretrainDataConfig;

PretrainDataConfig pretrain_data_defaults(void);

/* Documents of sentences of token ids. */
typedef struct {
    int *ids;           /* (n_tokens) every sentence's ids, back to back */
    long *sent_start;   /* (n_sentences + 1) sentence s is ids
                           sent_start[s] .. sent_start[s + 1] - 1 */
    int *doc_start;     /* (n_docs + 1) document d is sentences
                           doc_start[d] .. doc_start[d + 1] - 1 */
    long n_tokens;
    int n_sentences, n_docs;
} PretrainDocs;

/* Tokenizes every sentence of c once (step 1). Fails only when memory
 * runs out or the tokenizer fails; an empty result is not an error here.
 */
int pretrain_docs_tokenize(PretrainDocs *out, const Corpus *c,
                           const Tokenizer *tok);
void pretrain_docs_free(PretrainDocs *d);

typedef struct {
    long start;          /* its first token in PretrainData.tokens */
    int n_tokens;        /* n_a + n_b + 3: [CLS] A [SEP] B [SEP] */
    int n_a;             /* tokens of A; B has n_tokens - n_a - 3 */
    long pred_start;     /* its first entry in positions and labels */
    int n_pred;          /* masked positions */
    int is_random_next;  /* the NSP label: 0 IsNext, 1 NotNext */
} PretrainInstance;

typedef struct {
    PretrainInstance *inst;  /* (n) in shuffled order */
    int n;
    int *tokens;             /* (n_tokens) ids after masking */
    long n_tokens;
    int *positions;          /* (n_preds) t within the instance */
    int *labels;             /* (n_preds) the original id there */
    long n_preds;
    int max_seq_length;      /* T and P of the configuration, so a */
    int max_predictions;     /* batch can be sized from the data */
    int pad_id;              /* [PAD], what batches pad with */
} PretrainData;

/* Steps 2-4 on tokenized documents. Stats (may be NULL) adds up every
 * masking. Fails, leaving out empty, when no document has two sentences.
 */
int pretrain_data_create(PretrainData *out, const PretrainDocs *docs,
                         const PretrainDataConfig *cfg, const Tokenizer *tok,
                         Rng *rng, MaskingStats *stats);
/* pretrain_docs_tokenize, then pretrain_data_create. */
int pretrain_data_from_corpus(PretrainData *out, const Corpus *c,
                              const Tokenizer *tok,
                              const PretrainDataConfig *cfg, Rng *rng,
                              MaskingStats *stats);
/* Frees and zeroes; safe on a zeroed struct and twice. */
void pretrain_data_free(PretrainData *d);

/* Instances packed for one training step. Every array lives in one
 * allocation made by pretrain_batch_alloc and reused by every fill. */
typedef struct {
    int cap_B, cap_T, cap_P;  /* capacity: rows, tokens, predictions/row */
    int pad_to_longest;       /* 1: T is the longest row of the batch */
    int B, T;                 /* this batch: rows and tokens per row */
    int M;                    /* this batch's MLM predictions */
    int *ids;                 /* (B, T) input_ids */
    int *segments;            /* (B, T) token_type_ids */
    int *mask;                /* (B, T) attention_mask: 1 token, 0 pad */
    int *token_labels;        /* (B, T) original id or SOFTMAX_IGNORE */
    int *mlm_positions;       /* (M) b * T + t, ascending */
    int *mlm_labels;          /* (M) original ids */
    int *nsp_labels;          /* (B) 0 IsNext, 1 NotNext */
    int *block;
} PretrainBatch;

/* Room for cap_B rows of cap_T tokens with up to cap_P predictions each.
 * pad_to_longest 0 pads every row to cap_T, as the reference does; 1
 * pads to the longest row of each batch, which saves work on short
 * documents and changes no result (padding keys are masked out). */
int pretrain_batch_alloc(PretrainBatch *b, int cap_B, int cap_T, int cap_P,
                         int pad_to_longest);
/* Packs instances which[0..n) of d (1 <= n <= cap_B) into b. Fails on an
 * index out of range or an instance longer than cap_T or with more than
 * cap_P predictions. */
int pretrain_batch_fill(PretrainBatch *b, const PretrainData *d,
                        const int *which, int n);
void pretrain_batch_free(PretrainBatch *b);

#endif
