/* Chapter 09: next sentence prediction, BERT's second pre-training task.
 *
 * Half of BERT's inputs are two sentences that followed each other in a
 * document, half are a sentence and a random one from elsewhere; the
 * model reads [CLS] A [SEP] B [SEP], with a segment id telling A's tokens
 * from B's, and says from the pooled [CLS] vector which kind it is. This
 * program prints such pairs from the generated corpus, trains a small
 * BERT on this task alone, measures it on documents it never saw, and
 * gives P(IsNext) for a pair of sentences (or --text-a and --text-b).
 *
 *     make chapter-09
 *     ./build/chapter-09 --text-a "Osaka lies in Japan." \
 *                        --text-b "It is famous for its food."
 *     make chapter-09 ARGS='--model build/models/tiny-bert'
 *
 * With --model DIR (a Hugging Face directory) nothing is trained: that
 * model's NSP head judges the pair. Writes figures/09-nsp-training.png
 * (accuracy while training, next to guessing); with --dump DIR the arrays
 * of the pair's run, nsp_logits.npy (2) among them (see bert_dump.h).
 */
#include "adamw.h"
#include "bert_checkpoint.h"
#include "chapter.h"
#include "model_setup.h"
#include "corpus_tokenizer.h"
#include "error.h"
#include "fileio.h"
#include "next_sentence.h"
#include "plot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The default pair, and a B from another document to set beside it. */
static const char DEFAULT_A[] = "Rome is the capital of Italy.";
static const char DEFAULT_B[] = "Rome lies on the Tiber.";
static const char OTHER_B[] = "Canberra is a city in Australia.";

/* --fast: steps (at most), batch, seq-len, layers, hidden, docs, vocab */
static const CliTrain FAST_SIZES = {.steps = 10, .batch = 8, .seq_len = 32,
                                    .layers = 1, .hidden = 16, .docs = 60,
                                    .vocab_size = 300};

typedef struct {
    CliTrain train;
    const char *text_a, *text_b, *model, *dump;
} Options;

/* The model: loaded from --model, or a small fresh BERT whose WordPiece
 * vocabulary is learned from the training corpus; a run this short learns
 * faster without dropout. */
static int make_model(const Options *o, Bert *m, Tokenizer *tok,
                      const Corpus *train, Rng *rng)
{
    const CliTrain *t = &o->train;
    SmallBert size = {t->hidden, t->layers, t->heads, t->seq_len,
                      t->vocab_size, 0.0f};
    return model_setup(m, tok, o->model, BERT_HAS_NSP, train, &size, rng);
}

typedef struct {
    float *step;                    /* (n) where each point was taken */
    float *heldout, *train;         /* (n) accuracy in percent */
    float *loss;                    /* (n) mean training loss since the last */
    int n;
} Curve;

//> nsp-training
static int train_nsp(const Cli *cli, const Options *o, Bert *m,
                     BertHead *nsp, Pairs *train, const Pairs *held,
                     PretrainBatch *batch, Curve *curve, Rng *rng)
{
    int steps = o->train.steps, next = train->n, rc = 0;
    int every = steps >= 10 ? steps / 10 : 1;
    long right = 0, seen = 0;
    double window = 0;
    for (int step = 0; step < steps && rc == 0; step++) {
        if (next + batch->cap_B > train->n) { // a new epoch, a new order
            rng_shuffle_int(rng, train->idx, train->n);
            next = 0;
        }
        int B = batch->cap_B < train->n ? batch->cap_B : train->n;
        rc = pretrain_batch_fill(batch, &train->data, train->idx + next, B);
        next += B;
        BertBatch in = {batch->ids, batch->segments, batch->mask, batch->B,
                        batch->T};
        bert_zero_grad(m);
        if (rc == 0) rc = bert_forward(m, &in, BERT_TRAIN, rng);
        if (rc != 0) break;
        // pooled [CLS] -> (B, 2) logits; label 0 IsNext, 1 NotNext
        float loss = bert_nsp_forward(m, nsp, batch->nsp_labels);
        if (loss < 0.0f) {
            rc = -1;
            break;
        }
        bert_nsp_backward(m, nsp, 1.0f);
        bert_backward(m);
        bert_step(m, lr_schedule(step, every, steps, o->train.lr), 1.0f);
        for (int i = 0; i < B; i++)
            right += (nsp->probs[2 * i + 1] > nsp->probs[2 * i]) ==
                     batch->nsp_labels[i];
        seen += B;
        window += loss;
        if ((step + 1) % every == 0) {
            double acc;
            rc = evaluate_pairs(m, nsp, batch, held, &acc);
            curve->step[curve->n] = (float)(step + 1);
            curve->train[curve->n] = (float)(100.0 * right / seen);
            curve->loss[curve->n] = (float)(window / every);
            curve->heldout[curve->n++] = (float)(100.0 * acc);
            chapter_say(cli, "  step %4d: mean loss %.3f; right: %5.1f%% of "
                        "training pairs, %5.1f%% held out\n", step + 1,
                        window / every, 100.0 * right / seen, 100.0 * acc);
            right = seen = 0;
            window = 0;
        }
    }
    return rc;
}
//< nsp-training

static int draw_curve(const Cli *cli, const Curve *c)
{
    // guessing and a perfect score frame the curves on the 0-100 scale
    float chance[2] = {50.0f, 50.0f}, perfect[2] = {100.0f, 100.0f};
    float ends[2] = {0.0f, c->n > 0 ? c->step[c->n - 1] : 1.0f};
    PlotSeries s[4] = {
        {"held-out pairs", c->step, c->heldout, c->n},
        {"training pairs", c->step, c->train, c->n},
        {"guessing", ends, chance, 2},
        {"every pair right", ends, perfect, 2},
    };
    PlotStyle ps = plot_style("next sentence prediction, training", "step",
                              "pairs labelled right (%)");
    ps.scale = cli->scale;
    return chapter_plot_done(cli, plot_lines(cli->out, "09-nsp-training", s,
                                             4, &ps), "09-nsp-training");
}

static double not_next_share(const PretrainData *d)
{
    long random = 0;
    for (int i = 0; i < d->n; i++) random += d->inst[i].is_random_next;
    return d->n > 0 ? (double)random / d->n : 0.0;
}

/* Trains on train_text, measuring on documents generated apart. */
static int train_and_report(const Cli *cli, const Options *o, Bert *m,
                            BertHead *nsp, const Tokenizer *tok,
                            const Corpus *train_text, PretrainDataConfig dc,
                            Rng *rng)
{
    Pairs train = {0}, held = {0};
    Corpus held_text = {0};
    PretrainBatch batch = {0};
    int cap = o->train.steps + 1;
    float *block = malloc(sizeof(float) * 4 * (size_t)cap);
    Curve curve = {block, block + cap, block + 2 * cap, block + 3 * cap, 0};
    double before = 0, after = 0;
    int rc = block ? 0 : error_set("out of memory");
    if (rc == 0) rc = make_pairs(&train, train_text, tok, &dc, rng);
    // held out: new documents, never trained on
    if (rc == 0) rc = corpus_generate(&held_text, (uint64_t)cli->seed + 1,
                                      o->train.docs / 10 + 1, CORPUS_TRAIN);
    dc.dupe_factor = 1;
    if (rc == 0) rc = make_pairs(&held, &held_text, tok, &dc, rng);
    if (rc == 0) rc = pretrain_batch_alloc(&batch, o->train.batch,
                                           dc.max_seq_length, 0, 1);
    if (rc == 0) rc = evaluate_pairs(m, nsp, &batch, &held, &before);
    if (rc == 0)
        chapter_say(cli, "\nThe recipe made %d training pairs, %.1f%% of "
                    "them NotNext; every IsNext pair and as many NotNext "
                    "leave %d.\nTraining a BERT (layers %d, hidden %d) on "
                    "next sentence prediction alone, %d steps of %d pairs. "
                    "Held out: %d pairs of new documents, half IsNext.\n",
                    train.data.n, 100.0 * not_next_share(&train.data),
                    train.n, o->train.layers, o->train.hidden,
                    o->train.steps, o->train.batch, held.n);
    if (rc == 0) rc = train_nsp(cli, o, m, nsp, &train, &held, &batch,
                                &curve, rng);
    if (rc == 0) rc = evaluate_pairs(m, nsp, &batch, &held, &after);
    if (rc == 0 && curve.n > 0)
        chapter_say(cli, "NSP loss: %.3f over the first tenth of training, "
                    "%.3f over the last (guessing: ln 2 = 0.693).\n"
                    "Held-out accuracy: %.1f%% before training, %.1f%% "
                    "after; guessing scores 50%%.\n", curve.loss[0],
                    curve.loss[curve.n - 1], 100 * before, 100 * after);
    if (rc == 0) rc = draw_curve(cli, &curve);
    free(block);
    pretrain_batch_free(&batch);
    free_pairs(&train), free_pairs(&held);
    corpus_free(&held_text);
    return rc;
}

int main(int argc, char **argv)
{
    // steps, batch, seq-len, layers, hidden, heads, lr, docs, vocab-size
    Options o = {{300, 64, 32, 2, 32, 2, 1e-3f, 2000, 4096}, DEFAULT_A,
                 DEFAULT_B, NULL, NULL};
    CliOption opts[4 + CLI_TRAIN_OPTIONS] = {
        {"--text-a", CLI_STRING, &o.text_a, "first sentence (A)", 0, 0},
        {"--text-b", CLI_STRING, &o.text_b, "second sentence (B)", 0, 0},
        {"--model", CLI_STRING, &o.model, "judge with this checkpoint "
         "instead of training one", 0, 0},
        {"--dump", CLI_STRING, &o.dump, "write the pair's run as .npy files "
         "into this directory", 0, 0},
    };
    int n = 4 + cli_train_options(opts + 4, &o.train);
    Cli cli = cli_defaults("chapter-09", "next sentence prediction");
    int rc = cli_parse(&cli, argc, argv, opts, n);
    if (rc >= 0) return rc;
    rc = cli_train_finish(&cli, &o.train, &FAST_SIZES);
    if (rc >= 0) return rc;
    // checked now, not after the training (--out is created: last)
    rc = chapter_check_dir_flag(&cli, "--dump", o.dump, fileio_check_dir);
    if (rc >= 0) return rc;
    if (chapter_prepare_out(&cli) != 0) return cli_fail(&cli, error_message());
    Rng rng;
    rng_seed(&rng, (uint64_t)cli.seed);
    Corpus text = {0};
    Tokenizer tok = {0};
    Bert m = {0};
    BertHead nsp = {0};
    PretrainData sample = {0};

    rc = corpus_generate(&text, (uint64_t)cli.seed, o.train.docs, CORPUS_TRAIN);
    if (rc == 0) rc = make_model(&o, &m, &tok, &text, &rng);
    PretrainDataConfig dc = pretrain_data_defaults();
    dc.max_seq_length = o.train.seq_len < m.cfg.max_position_embeddings
                            ? o.train.seq_len : m.cfg.max_position_embeddings;
    dc.max_predictions_per_seq = 0; // no masks: this chapter is about pairs
    dc.dupe_factor = 1;
    if (rc == 0) rc = pretrain_data_from_corpus(&sample, &text, &tok, &dc,
                                                &rng, NULL);
    if (rc == 0) {
        chapter_say(&cli, "Each token's input adds a segment embedding: row "
                    "0 for [CLS], A and the first [SEP], row 1 for B and the "
                    "last [SEP].\n");
        rc = show_pairs(&cli, &sample, &tok, 2, 20);
    }
    dc.dupe_factor = 3;
    if (rc == 0 && !o.model)
        rc = train_and_report(&cli, &o, &m, &nsp, &tok, &text, dc, &rng);
    if (rc == 0) rc = show_is_next(&cli, &m, &nsp, &tok, o.text_a, o.text_b,
                                   o.dump);
    if (rc == 0 && o.text_a == DEFAULT_A && o.text_b == DEFAULT_B)
        rc = show_is_next(&cli, &m, &nsp, &tok, o.text_a, OTHER_B, NULL);
    if (rc != 0) rc = cli_fail(&cli, error_message());
    bert_head_free(&nsp);
    pretrain_data_free(&sample);
    bert_free(&m);
    tokenizer_free(&tok);
    corpus_free(&text);
    return rc;
}
