#include "masking.h"

#include "error.h"
#include "softmax.h"

#include <math.h>
#include <stdlib.h>

/* Sequences up to this length use scratch space on the stack (BERT's
 * positions stop at 512); longer ones allocate it. */
#define MASKING_STACK_TOKENS 512

MaskingConfig masking_defaults(void)
{
    MaskingConfig c = {0.15, 20, 0};
    return c;
}

int masking_count(const MaskingConfig *cfg, int T)
{
    /* rint rounds half to even in the default rounding mode, as Python's
     * round() does; the product is a double, as in Python. */
    double want = rint((double)T * cfg->masked_lm_prob);
    int n = want < 1.0 ? 1 : (int)want;
    return n < cfg->max_predictions ? n : cfg->max_predictions;
}

static int check_input(const int *ids, int T, const int *positions,
                       const int *labels, const MaskingConfig *cfg,
                       const Tokenizer *tok, const Rng *rng)
{
    if (!ids || !cfg || !tok || !rng || T < 0)
        return error_set("masking: missing input or T < 0");
    if (!(cfg->masked_lm_prob >= 0.0 && cfg->masked_lm_prob <= 1.0))
        return error_set("masking: masked_lm_prob %g is not in [0, 1]",
                         cfg->masked_lm_prob);
    if (cfg->max_predictions < 0)
        return error_set("masking: max_predictions %d is negative",
                         cfg->max_predictions);
    if (cfg->max_predictions > 0 && (!positions || !labels))
        return error_set("masking: no room for positions and labels");
    if (tok->cls_id < 0 || tok->sep_id < 0 || tok->mask_id < 0)
        return error_set("masking: the vocabulary lacks [CLS], [SEP] or "
                         "[MASK]");
    for (int t = 0; t < T; t++)
        if (ids[t] < 0 || ids[t] >= tok->vocab.n)
            return error_set("masking: id %d at position %d is outside the "
                             "vocabulary (%d tokens)", ids[t], t,
                             tok->vocab.n);
    return 0;
}

static int is_piece(const Tokenizer *tok, int id)
{
    const char *s = tok->vocab.tokens[id];
    return s[0] == '#' && s[1] == '#';
}

/* Step 4's fate of one chosen position: the new id. */
static int corrupt(int original, const Tokenizer *tok, Rng *rng,
                   MaskingStats *st)
{
    if (rng_uniform(rng) < 0.8f) {
        if (st) st->to_mask++;
        return tok->mask_id;
    }
    if (rng_uniform(rng) < 0.5f) {
        if (st) st->kept++;
        return original;
    }
    if (st) st->to_random++;
    return rng_int(rng, tok->vocab.n);
}

int masking_apply(int *ids, int T, int *positions, int *labels,
                  int *token_labels, const MaskingConfig *cfg,
                  const Tokenizer *tok, Rng *rng, MaskingStats *stats)
{
    if (check_input(ids, T, positions, labels, cfg, tok, rng) != 0)
        return -1;
    int stack[4 * MASKING_STACK_TOKENS + 1];
    int *buf = stack;
    if (T > MASKING_STACK_TOKENS) {
        buf = malloc((4 * (size_t)T + 1) * sizeof *buf);
        if (!buf) return error_set("masking: out of memory (T = %d)", T);
    }
    int *cand = buf;             /* (n_cand) candidate positions, ascending */
    int *group = cand + T;       /* (n_groups + 1) first candidate of each */
    int *order = group + T + 1;  /* (n_groups) groups in shuffled order */
    int *label = order + T;      /* (T) original id if chosen, else -1 */

    /* Step 1: candidates, grouped into words when asked. */
    int n_cand = 0, n_groups = 0, n_special = 0;
    for (int t = 0; t < T; t++) {
        label[t] = -1;
        if (ids[t] == tok->cls_id || ids[t] == tok->sep_id) {
            n_special++;
            continue;
        }
        if (!(cfg->whole_word && n_groups > 0 && is_piece(tok, ids[t])))
            group[n_groups++] = n_cand;
        cand[n_cand++] = t;
    }
    group[n_groups] = n_cand;

    /* Step 2. */
    for (int g = 0; g < n_groups; g++) order[g] = g;
    rng_shuffle_int(rng, order, n_groups);

    /* Steps 3 and 4. Groups never share a position, so the reference's
     * set of covered positions is not needed. */
    int budget = masking_count(cfg, T), n_pred = 0;
    for (int k = 0; k < n_groups && n_pred < budget; k++) {
        int g = order[k];
        if (n_pred + group[g + 1] - group[g] > budget) continue;
        for (int j = group[g]; j < group[g + 1]; j++) {
            int t = cand[j];
            label[t] = ids[t];
            ids[t] = corrupt(ids[t], tok, rng, stats);
            n_pred++;
        }
    }

    /* Step 5: a walk over the positions lists them in ascending order. */
    int k = 0;
    for (int t = 0; t < T; t++) {
        if (label[t] >= 0) {
            positions[k] = t;
            labels[k] = label[t];
            k++;
        }
        if (token_labels)
            token_labels[t] = label[t] >= 0 ? label[t] : SOFTMAX_IGNORE;
    }
    if (stats) {
        stats->sequences++;
        stats->tokens += T;
        stats->specials += n_special;
        stats->candidates += n_cand;
        stats->chosen += n_pred;
    }
    if (buf != stack) free(buf);
    return n_pred;
}
