/* masking: the masked-LM corruption of BERT's pre-training data, as
 * google-research/bert create_pretraining_data.py does it
 * (create_masked_lm_predictions).
 *
 *     MaskingConfig mc = masking_defaults();     // 0.15, 20, no WWM
 *     MaskingStats st = {0};
 *     int pos[20], lab[20], tlab[128];
 *     int n = masking_apply(ids, T, pos, lab, tlab, &mc, &tok, &rng, &st);
 *     if (n < 0) ... error_message()
 *     // ids now holds [MASK] / random / unchanged tokens at pos[0..n),
 *     // lab[k] is the original id at pos[k], tlab is (T) per-token labels
 *
 * The rule, for one sequence of T ids ([CLS] A [SEP] B [SEP] or any
 * other):
 *  1. Candidates are every position except those holding [CLS] or [SEP].
 *     With whole-word masking, a "##" piece joins the group of the
 *     candidate before it, so a word is chosen or skipped as a whole.
 *  2. The groups are shuffled.
 *  3. The budget is an exact count, not a coin per token:
 *     min(max_predictions, max(1, round(T * masked_lm_prob))), where T
 *     counts [CLS] and [SEP] too and round is Python's, half to even: 30
 *     tokens give 4.5 -> 4, 10 tokens 1.5 -> 2, 70 tokens 10.5 -> 10.
 *     (C's round() would give 5 for 30 tokens; rint() in the default
 *     rounding mode is half to even.) masked_lm_prob is a double: 0.15f
 *     as a float is 0.150000006, and 30 of those round to 5.
 *  4. Groups are taken in shuffled order while the budget lasts; a group
 *     that would overshoot it is skipped. Each chosen position gets its
 *     own fate: with probability 0.8 it becomes [MASK]; otherwise, with
 *     probability 0.5, it keeps its token; otherwise it becomes a random
 *     id drawn uniformly from the whole vocabulary, specials included
 *     ([PAD], [CLS], ...), exactly as the reference does.
 *  5. Positions are reported in ascending order, each with the original
 *     id as its label.
 * A sequence with fewer candidates than the budget has all of them
 * chosen; one with none (just [CLS] [SEP]) gets no prediction.
 *
 * Random numbers are drawn in the reference's order (the shuffle, then per
 * chosen position: the 0.8 draw, the 0.5 draw, the vocabulary draw), but
 * from the project's Rng, not Python's Mersenne Twister: the same seed
 * does not give the reference's masks bit for bit.
 *
 * Hugging Face's DataCollatorForLanguageModeling differs: it draws an
 * independent Bernoulli(0.15) for every token that is not special, so
 * the number of masked tokens per sequence varies (0 is possible) and
 * there is no max_predictions; [PAD] is excluded too; the 80/10/10 split
 * is drawn the same way, and its random ids come from the tokenizer's
 * length.
 *
 * Layout: ids (T) is changed in place; positions and labels hold up to
 * cfg->max_predictions entries; token_labels (T) gets the original id at
 * each chosen position and SOFTMAX_IGNORE (-100) everywhere else, the
 * form of Hugging Face's labels (a loss over every position).
 *
 * Errors: masking_apply returns the number of predictions, or -1 with
 * error_message() for a bad configuration, an id outside the vocabulary,
 * a tokenizer without [CLS], [SEP] or [MASK], or no memory.
 */
#ifndef MASKING_H
#define MASKING_H

#include "rng.h"
#include "tokenizer.h"

typedef struct {
    double masked_lm_prob;  /* 0.15, a share of T (see step 3) */
    int max_predictions;    /* 20, per sequence; 0 masks nothing */
    int whole_word;         /* 0; 1 keeps "##" pieces with their word */
} MaskingConfig;

/* Counters that masking_apply adds to, for the statistics of chapter 08.
 * Start at {0}. candidates = tokens - specials; chosen = to_mask +
 * to_random + kept. A random id may equal the original one: it still
 * counts as to_random. */
typedef struct {
    long sequences;         /* sequences masked */
    long tokens;            /* every token, [CLS] and [SEP] included */
    long specials;          /* [CLS] and [SEP] seen, never candidates */
    long candidates;        /* tokens that could be chosen */
    long chosen;            /* positions chosen for prediction */
    long to_mask;           /* chosen and replaced by [MASK] */
    long to_random;         /* chosen and replaced by a random id */
    long kept;              /* chosen and left unchanged */
} MaskingStats;

/* masked_lm_prob 0.15, max_predictions 20, whole_word 0: the defaults of
 * create_pretraining_data.py. */
MaskingConfig masking_defaults(void);

/* The budget of step 3 for a sequence of T tokens: min(max_predictions,
 * max(1, round_half_even(T * masked_lm_prob))). Fewer are chosen when
 * there are fewer candidates (or whole words do not fit). */
int masking_count(const MaskingConfig *cfg, int T);

/* Masks ids (T) in place and writes positions and labels (up to
 * cfg->max_predictions each), token_labels (T, may be NULL) and adds to
 * stats (may be NULL). Returns the number of predictions or -1. */
int masking_apply(int *ids, int T, int *positions, int *labels,
                  int *token_labels, const MaskingConfig *cfg,
                  const Tokenizer *tok, Rng *rng, MaskingStats *stats);

#endif
