#include "answer.h"

#include "bert_dump.h"
#include "bert_heads.h"
#include "chapter.h"
#include "error.h"
#include "fileio.h"
#include "heatmap.h"
#include "npy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Start and end probabilities over the len tokens of one window. */
static int draw_start_end(const Cli *cli, const char *const *names,
                          const float *start, const float *end, int len)
{
    float *p = malloc(sizeof(float) * 2 * (size_t)len);
    if (!p) return error_set("out of memory");
    memcpy(p, start, sizeof(float) * (size_t)len);
    memcpy(p + len, end, sizeof(float) * (size_t)len);
    static const char *const which[2] = {"start", "end"};
    HeatmapStyle st = heatmap_style("where the answer starts and ends");
    st.subtitle = "softmax of the start and of the end logits over the "
                  "window";
    st.row_labels = which;
    st.col_labels = names;
    st.col_axis = "token";
    st.values = 1;
    st.vmin = 0.0f, st.vmax = 1.0f;
    st.scale = cli->scale;
    char path[FILEIO_PATH_MAX];
    chapter_figure(cli, "12-start-end.png", path, sizeof path);
    int rc = heatmap_write(path, p, 2, len, &st);
    free(p);
    return rc;
}

/* The window holding the answer once more, keeping every attention map:
 * the start/end figure (draw) and the arrays of --dump. */
static int show_window(const Cli *cli, Bert *m, const Tokenizer *tok,
                       const FinetuneData *rows, int r, int draw,
                       const char *dump)
{
    int T = rows->length[r];
    const int *ids = rows->ids + (long)r * rows->T;
    BertBatch in = {ids, rows->segments + (long)r * rows->T, NULL, 1, T};
    BertHead head = {0};
    const char **names = malloc(sizeof *names * (size_t)T);
    int rc = names ? bert_forward(m, &in, BERT_EVAL_ATTENTION, NULL)
                   : error_set("out of memory");
    if (rc == 0 && bert_qa_forward(m, &head, NULL) < 0.0f) rc = -1;
    for (int t = 0; t < T && rc == 0; t++)
        names[t] = vocab_token(&tok->vocab, ids[t]);
    if (rc == 0 && draw)
        rc = draw_start_end(cli, names, head.probs, head.probs + T, T);
    char path[FILEIO_PATH_MAX];
    const char *files[2] = {"start_logits.npy", "end_logits.npy"};
    if (rc == 0 && dump) rc = bert_dump(m, dump);
    for (int k = 0; k < 2 && rc == 0 && dump; k++)
        rc = fileio_join(path, sizeof path, dump, files[k]) ||
             npy_write_f32(path, head.logits + k * T, 1, (long[]){T});
    free(names);
    bert_head_free(&head);
    return rc;
}

int answer(const Cli *cli, Bert *m, const Tokenizer *tok,
           const QaWindowConfig *wc, const char *question,
           const char *context, int always, int draw, const char *dump)
{
    QaExample x = {(char *)question, (char *)context, NULL, 0};
    QaFeatures f;
    if (qa_features_build(&f, tok, &x, 1, wc) != 0) return -1;
    long n = (long)f.rows.n * f.rows.T;
    float *start = malloc(sizeof(float) * 2 * (size_t)n), *end = start + n;
    Finetuner ft = {0};
    QaDecodeConfig dc = {20, 30};
    QaSpan best[3];
    int rc = start ? finetune_qa_logits(m, &ft, &f.rows, start, end)
                   : error_set("out of memory");
    int k = rc == 0 ? qa_decode(&f, 0, context, start, end, &dc, best, 3)
                    : -1;
    if (k < 0) rc = -1;
    FILE *out = always || !cli->quiet ? stdout : NULL;
    int tty = isatty(fileno(stdout));
    if (rc == 0 && out) {
        fprintf(out, "  Q: %s\n  (%d window%s) ", question, f.rows.n,
                f.rows.n > 1 ? "s" : "");
        long a = k > 0 ? best[0].start : 0, b = k > 0 ? best[0].end : 0;
        fprintf(out, tty ? "%.*s\033[1;32m%.*s\033[0m%s\n"
                         : "%.*s[%.*s]%s\n",
                (int)a, context, (int)(b - a), context + a, context + b);
        for (int i = 0; i < k; i++)
            fprintf(out, "     %d. %-24.*s p = %.3f  (start + end logit "
                    "%.2f)\n", i + 1, (int)(best[i].end - best[i].start),
                    context + best[i].start, best[i].prob, best[i].score);
        if (k == 0) fprintf(out, "     no answer found\n");
    }
    if (rc == 0 && (draw || dump))
        rc = show_window(cli, m, tok, &f.rows, k > 0 ? best[0].row : 0,
                         draw, dump);
    free(start);
    finetuner_free(&ft);
    qa_features_free(&f);
    return rc;
}

int answer_check(const Tokenizer *tok, const QaWindowConfig *wc,
                 const char *question, const char *context)
{
    QaExample x = {(char *)question, (char *)context, NULL, 0};
    QaFeatures f;
    if (qa_features_build(&f, tok, &x, 1, wc) != 0) return -1;
    qa_features_free(&f);
    return 0;
}
