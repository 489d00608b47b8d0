/* Sentence pairs: as the pre-training data holds them, and as the model
 * judges them. */
#include "next_sentence.h"

#include "bert_dump.h"
#include "chapter.h"
#include "error.h"
#include "fileio.h"
#include "npy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Tokens over their segment ids, each column as wide as its token. */
static void say_pair(const Cli *cli, const Tokenizer *tok, const int *ids,
                     const int *seg, int T)
{
    chapter_say(cli, "    tokens ");
    for (int t = 0; t < T; t++)
        chapter_say(cli, " %s", vocab_token(&tok->vocab, ids[t]));
    chapter_say(cli, "\n    segment");
    for (int t = 0; t < T; t++) {
        int width = t + 1 < T ? (int)strlen(vocab_token(&tok->vocab, ids[t]))
                              : 1;
        chapter_say(cli, " %-*d", width, seg[t]);
    }
    chapter_say(cli, "\n");
}

int show_pairs(const Cli *cli, const PretrainData *d, const Tokenizer *tok,
               int n, int max_tokens)
{
    static const char *const names[2] = {"IsNext (label 0): B is the "
                                         "sentence that followed A",
                                         "NotNext (label 1): B comes from "
                                         "another document"};
    int seg[512];
    for (int label = 0; label < 2; label++) {
        chapter_say(cli, "\n%s\n", names[label]);
        int shown = 0;
        for (int i = 0; i < d->n && shown < n; i++) {
            const PretrainInstance *in = &d->inst[i];
            if (in->is_random_next != label || in->n_tokens > max_tokens ||
                in->n_tokens > 512)
                continue;
            // segment 0 up to the first [SEP], 1 after it
            for (int t = 0; t < in->n_tokens; t++) seg[t] = t > in->n_a + 1;
            say_pair(cli, tok, d->tokens + in->start, seg, in->n_tokens);
            shown++;
        }
    }
    return 0;
}

static int dump_run(const Cli *cli, const Bert *m, const float *logits,
                    const char *dir)
{
    char path[FILEIO_PATH_MAX];
    if (bert_dump(m, dir) != 0) return -1;
    if (fileio_join(path, sizeof path, dir, "nsp_logits.npy") != 0) return -1;
    long shape[1] = {2};
    if (npy_write_f32(path, logits, 1, shape) != 0) return -1;
    chapter_say(cli, "  wrote the arrays of this pair, nsp_logits.npy among "
                "them, into %s/\n", dir);
    return 0;
}

int show_is_next(const Cli *cli, Bert *m, BertHead *nsp,
                 const Tokenizer *tok, const char *text_a,
                 const char *text_b, const char *dump_dir)
{
    int P = m->cfg.max_position_embeddings;
    int *ids = malloc(sizeof(int) * 2 * (size_t)P);
    if (!ids) return error_set("out of memory");
    int *seg = ids + P;
    //> is-next
    // [CLS] A [SEP] B [SEP]: the pooled [CLS] vector decides
    int T = tokenizer_encode(tok, text_a, text_b, P, ids, seg, NULL);
    BertBatch in = {ids, seg, NULL, 1, T};
    int rc = T < 0 ? -1 : bert_forward(m, &in, BERT_EVAL_ATTENTION, NULL);
    if (rc == 0 && bert_nsp_forward(m, nsp, NULL) < 0) rc = -1;
    //< is-next
    if (rc == 0) {
        chapter_say(cli, "\n  A: %s\n  B: %s\n", text_a, text_b);
        say_pair(cli, tok, ids, seg, T);
        chapter_say(cli, "  P(IsNext) = %.4f\n", nsp->probs[0]);
    }
    if (rc == 0 && dump_dir) rc = dump_run(cli, m, nsp->logits, dump_dir);
    free(ids);
    return rc;
}

//> balanced-pairs
/* Only as many NotNext pairs as IsNext ones are kept: the reference's
 * recipe makes more NotNext pairs (a chunk of one sentence always gets a
 * random B), and with the two kinds equal, guessing scores exactly 50%. */
int make_pairs(Pairs *p, const Corpus *c, const Tokenizer *tok,
               const PretrainDataConfig *dc, Rng *rng)
{
    if (pretrain_data_from_corpus(&p->data, c, tok, dc, rng, NULL) != 0)
        return -1;
    const PretrainData *d = &p->data;
    p->idx = malloc(sizeof(int) * (size_t)d->n);
    if (!p->idx) return error_set("out of memory");
    int is_next = 0, not_next = 0;
    for (int i = 0; i < d->n; i++) is_next += !d->inst[i].is_random_next;
    p->n = 0;
    for (int i = 0; i < d->n; i++) {
        int random = d->inst[i].is_random_next;
        if (random && not_next == is_next) continue;
        not_next += random;
        p->idx[p->n++] = i;
    }
    return 0;
}
//< balanced-pairs

void free_pairs(Pairs *p)
{
    pretrain_data_free(&p->data);
    free(p->idx);
}

int evaluate_pairs(Bert *m, BertHead *nsp, PretrainBatch *b, const Pairs *p,
                   double *accuracy)
{
    long right = 0;
    for (int first = 0; first < p->n; first += b->cap_B) {
        int k = p->n - first < b->cap_B ? p->n - first : b->cap_B;
        if (pretrain_batch_fill(b, &p->data, p->idx + first, k) != 0)
            return -1;
        BertBatch in = {b->ids, b->segments, b->mask, b->B, b->T};
        if (bert_forward(m, &in, BERT_EVAL, NULL) != 0) return -1;
        if (bert_nsp_forward(m, nsp, b->nsp_labels) < 0) return -1;
        for (int i = 0; i < k; i++) {
            int guess = nsp->probs[2 * i + 1] > nsp->probs[2 * i];
            right += guess == b->nsp_labels[i];
        }
    }
    *accuracy = p->n > 0 ? (double)right / p->n : 0.0;
    return 0;
}
