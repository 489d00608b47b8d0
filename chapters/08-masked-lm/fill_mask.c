/* Fill-mask: what the model guesses for every [MASK] of a text. */
#include "masked_lm.h"

#include "bert_dump.h"
#include "bert_heads.h"
#include "chapter.h"
#include "error.h"
#include "fileio.h"
#include "npy.h"
#include "plot.h"
#include "topk.h"

#include <stdio.h>
#include <stdlib.h>

/* The first [MASK]'s candidates as bars. */
static int draw_top_k(const Cli *cli, const Tokenizer *tok, const float *p,
                      const int *best, int k, const char *text)
{
    const char *labels[TOP_K_MAX];
    float values[TOP_K_MAX];
    for (int i = 0; i < k; i++) {
        labels[i] = vocab_token(&tok->vocab, best[i]);
        values[i] = p[best[i]];
    }
    char title[160];
    snprintf(title, sizeof title, "[MASK] in \"%.100s\"", text);
    PlotStyle ps = plot_style(title, "candidate token", "probability");
    ps.scale = cli->scale;
    int rc = plot_bars(cli->out, "08-top-k", labels, values, k, &ps);
    return chapter_plot_done(cli, rc, "08-top-k");
}

/* The logits of every position, (T, V), and the encoder's arrays. */
static int dump_run(const Cli *cli, const Bert *m, const float *logits,
                    int T, const char *dir)
{
    char path[FILEIO_PATH_MAX];
    if (bert_dump(m, dir) != 0) return -1;
    if (fileio_join(path, sizeof path, dir, "mlm_logits.npy") != 0)
        return -1;
    long shape[2] = {T, m->cfg.vocab_size};
    if (npy_write_f32(path, logits, 2, shape) != 0) return -1;
    chapter_say(cli, "\nWrote the arrays of this run, mlm_logits.npy (%d, %d)"
                " among them, into %s/\n", T, m->cfg.vocab_size, dir);
    return 0;
}

int fill_mask(const Cli *cli, Bert *m, const Tokenizer *tok,
              const char *text, int top_k, const char *dump_dir)
{
    int P = m->cfg.max_position_embeddings, V = m->cfg.vocab_size;
    int k = top_k < V ? top_k : V;
    int *ids = malloc(sizeof(int) * (3 * (size_t)P + (size_t)k));
    BertHead head = {0};
    if (!ids) return error_set("out of memory");
    int *seg = ids + P, *every = seg + P, *best = every + P;
    int T = tokenizer_encode(tok, text, NULL, P, ids, seg, NULL), masks = 0;
    for (int t = 0; t < T; t++) {
        every[t] = t;
        masks += ids[t] == tok->mask_id;
    }
    int rc = T < 0 ? -1 : 0;
    if (rc == 0 && masks == 0)
        rc = error_set("--text: no [MASK] among its %d tokens (the model "
                       "reads at most %d)", T, P);
    //> fill-mask
    // one pass reads the whole text, left and right of every [MASK]
    BertBatch in = {ids, seg, NULL, 1, T};
    if (rc == 0) rc = bert_forward(m, &in, BERT_EVAL_ATTENTION, NULL);
    // scores for every position (--dump keeps them); [MASK] rows matter
    if (rc == 0 && bert_mlm_forward(m, &head, every, NULL, T) < 0) rc = -1;
    if (rc == 0) {
        chapter_say(cli, "\nFill-mask: \"%s\"\n ", text);
        for (int t = 0; t < T; t++)
            chapter_say(cli, " %s", vocab_token(&tok->vocab, ids[t]));
        chapter_say(cli, "\n");
    }
    for (int t = 0, first = 1; t < T && rc == 0; t++) {
        if (ids[t] != tok->mask_id) continue;
        const float *p = head.probs + (long)t * V;
        topk_indices(best, p, V, k);
        chapter_say(cli, "  [MASK] at position %d:\n", t);
        for (int i = 0; i < k; i++)
            chapter_say(cli, "    %2d. %-14s %.4f\n", i + 1,
                        vocab_token(&tok->vocab, best[i]), p[best[i]]);
        if (first) rc = draw_top_k(cli, tok, p, best, k, text);
        first = 0;
    }
    //< fill-mask
    if (rc == 0 && dump_dir) rc = dump_run(cli, m, head.logits, T, dump_dir);
    bert_head_free(&head);
    free(ids);
    return rc;
}
