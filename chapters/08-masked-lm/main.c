/* Chapter 08: the masked language model, BERT's first pre-training task.
 *
 * A left-to-right model predicts the next token; BERT, which sees both
 * sides, would find that trivial, so it is asked something else: about
 * 15% of the tokens are chosen, most are hidden behind [MASK], and the
 * model must say what was there. This program shows the rule on the
 * slide's sentence, measures it over the generated corpus, trains a small
 * BERT on the masked LM alone for a few hundred steps, and then fills the
 * [MASK] of "Rome is the [MASK] of Italy." (or of --text).
 *
 *     make chapter-08
 *     make chapter-08 ARGS='--text "Paris is the capital of [MASK]."'
 *     make chapter-08 ARGS='--model build/models/tiny-bert --top-k 10'
 *
 * With --model DIR (a Hugging Face directory: config.json,
 * model.safetensors, vocab.txt) nothing is trained: that model fills the
 * masks. Writes figures/08-masking.png (the masking shares, measured and
 * by the rule), figures/08-mlm-loss.png (the training loss) and
 * figures/08-top-k.png (the candidates for the first [MASK]); with
 * --dump DIR the arrays of the fill-mask run, mlm_logits.npy (T, V)
 * among them (see bert_dump.h).
 */
#include "adamw.h"
#include "bert_checkpoint.h"
#include "bert_heads.h"
#include "chapter.h"
#include "model_setup.h"
#include "corpus_tokenizer.h"
#include "error.h"
#include "fileio.h"
#include "masked_lm.h"
#include "plot.h"
#include "pretrain.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --fast: steps (at most), batch, seq-len, layers, hidden, docs, vocab */
static const CliTrain FAST_SIZES = {.steps = 10, .batch = 8, .seq_len = 32,
                                    .layers = 1, .hidden = 16, .docs = 60,
                                    .vocab_size = 300};

typedef struct {
    CliTrain train;
    int top_k;
    const char *text, *model, *dump;
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
    return model_setup(m, tok, o->model, BERT_HAS_MLM, train, &size, rng);
}

//> head-start
/* The output bias starts at the log-frequency of each masked token, so
 * the first steps need not spend themselves learning how common words
 * are (BERT starts it at zero). */
static void head_start(Bert *m, const PretrainData *data)
{
    int V = m->cfg.vocab_size;
    double *count = calloc((size_t)V, sizeof(double));
    if (!count) return; // the zero start still trains, only more slowly
    for (long i = 0; i < data->n_preds; i++) count[data->labels[i]] += 1.0;
    for (int v = 0; v < V; v++)
        m->params.mlm_bias[v] = (float)log((count[v] + 0.5) /
                                           (data->n_preds + 0.5 * V));
    free(count);
}
//< head-start

//> mlm-training
static int train_mlm(const Cli *cli, const Options *o, Bert *m,
                     const PretrainData *data, PretrainBatch *batch,
                     float *losses, Rng *rng)
{
    BertHead head = {0};
    int *order = malloc(sizeof(int) * (size_t)data->n);
    if (!order) return error_set("out of memory");
    for (int i = 0; i < data->n; i++) order[i] = i;
    int steps = o->train.steps, next = data->n, rc = 0;
    int every = steps >= 10 ? steps / 10 : 1;
    double window = 0;
    for (int step = 0; step < steps && rc == 0; step++) {
        if (next + batch->cap_B > data->n) { // a new epoch, a new order
            rng_shuffle_int(rng, order, data->n);
            next = 0;
        }
        int B = batch->cap_B < data->n ? batch->cap_B : data->n;
        rc = pretrain_batch_fill(batch, data, order + next, B);
        next += B;
        BertBatch in = {batch->ids, batch->segments, batch->mask, batch->B,
                        batch->T};
        bert_zero_grad(m);
        if (rc == 0) rc = bert_forward(m, &in, BERT_TRAIN, rng);
        if (rc != 0) break;
        // the loss counts the chosen positions only, nothing else
        float loss = bert_mlm_forward(m, &head, batch->mlm_positions,
                                      batch->mlm_labels, batch->M);
        if (loss < 0.0f) {
            rc = -1;
            break;
        }
        bert_mlm_backward(m, &head, 1.0f);
        bert_backward(m);
        bert_step(m, lr_schedule(step, every, steps, o->train.lr), 1.0f);
        losses[step] = loss;
        window += loss;
        if ((step + 1) % every == 0) {
            chapter_say(cli, "  step %4d: mean loss %.3f\n", step + 1,
                        window / every);
            window = 0;
        }
    }
    bert_head_free(&head);
    free(order);
    return rc;
}
//< mlm-training

static float mean(const float *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) s += x[i];
    return (float)(s / n);
}

/* How the loss fell, held-out accuracy, and the loss curve. */
static int report_training(const Cli *cli, Bert *m, const Tokenizer *tok,
                           PretrainBatch *batch, const PretrainData *held,
                           const float *losses, int steps)
{
    int tenth = steps >= 10 ? steps / 10 : 1;
    chapter_say(cli, "MLM loss: %.3f over the first tenth of training, "
                "%.3f over the last (a uniform guess: ln %d = %.3f).\n",
                mean(losses, tenth), mean(losses + steps - tenth, tenth),
                m->cfg.vocab_size, log(m->cfg.vocab_size));
    Pretrainer p = {0};
    PretrainEval e;
    int rc = pretrain_evaluate(m, &p, batch, held, held->n, &e);
    pretrainer_free(&p);
    if (rc != 0) return -1;
    chapter_say(cli, "Held-out documents: the right token at %.1f%% of %ld "
                "masked positions (always guessing \"%s\": %.1f%%).\n",
                100 * e.mlm_accuracy, e.mlm_count,
                vocab_token(&tok->vocab, e.mlm_baseline_token),
                100 * e.mlm_baseline);
    // the mean of the last 20 steps shows the trend through the noise
    float *smooth = malloc(sizeof(float) * (size_t)steps);
    if (!smooth) return error_set("out of memory");
    for (int i = 0; i < steps; i++) {
        int from = i >= 19 ? i - 19 : 0;
        smooth[i] = mean(losses + from, i - from + 1);
    }
    PlotSeries s[2] = {{"one batch", NULL, losses, steps},
                       {"mean of the last 20 steps", NULL, smooth, steps}};
    PlotStyle ps = plot_style("masked LM, training", "step", "cross-entropy");
    ps.scale = cli->scale;
    rc = plot_lines(cli->out, "08-mlm-loss", s, 2, &ps);
    free(smooth);
    return chapter_plot_done(cli, rc, "08-mlm-loss");
}

/* Trains on data, measuring on held-out documents (new phrasings). */
static int train_and_report(const Cli *cli, const Options *o, Bert *m,
                            const Tokenizer *tok, const PretrainData *data,
                            PretrainDataConfig dc, float *losses, Rng *rng)
{
    Corpus held_text = {0};
    PretrainData held = {0};
    PretrainBatch batch = {0};
    chapter_say(cli, "\nTraining a BERT (layers %d, hidden %d) on the masked "
                "LM alone, %d steps of %d sequences:\n", o->train.layers,
                o->train.hidden, o->train.steps, o->train.batch);
    dc.dupe_factor = 1;
    int rc = corpus_generate(&held_text, (uint64_t)cli->seed,
                             o->train.docs / 10 + 1, CORPUS_HELDOUT);
    if (rc == 0) rc = pretrain_data_from_corpus(&held, &held_text, tok, &dc,
                                                rng, NULL);
    if (rc == 0) rc = pretrain_batch_alloc(&batch, o->train.batch,
                                           dc.max_seq_length,
                                           dc.max_predictions_per_seq, 1);
    if (rc == 0) head_start(m, data);
    if (rc == 0) rc = train_mlm(cli, o, m, data, &batch, losses, rng);
    if (rc == 0) rc = report_training(cli, m, tok, &batch, &held, losses,
                                      o->train.steps);
    pretrain_batch_free(&batch);
    pretrain_data_free(&held);
    corpus_free(&held_text);
    return rc;
}

static int usage_error(const char *message)
{
    fprintf(stderr, "chapter-08: error: %s\n", message);
    return 2;
}

int main(int argc, char **argv)
{
    // steps, batch, seq-len, layers, hidden, heads, lr, docs, vocab-size
    Options o = {{400, 24, 32, 2, 64, 2, 1e-3f, 2000, 4096}, 5,
                 "Rome is the [MASK] of Italy.", NULL, NULL};
    CliOption opts[4 + CLI_TRAIN_OPTIONS] = {
        {"--text", CLI_STRING, &o.text, "text whose [MASK]s to fill", 0, 0},
        {"--top-k", CLI_INT, &o.top_k, "candidates shown per [MASK]", 1,
         TOP_K_MAX},
        {"--model", CLI_STRING, &o.model, "fill with this checkpoint "
         "instead of training one", 0, 0},
        {"--dump", CLI_STRING, &o.dump, "write the fill-mask run as .npy "
         "files into this directory", 0, 0},
    };
    int n = 4 + cli_train_options(opts + 4, &o.train);
    Cli cli = cli_defaults("chapter-08", "the masked language model");
    int rc = cli_parse(&cli, argc, argv, opts, n);
    if (rc >= 0) return rc;
    if (!strstr(o.text, "[MASK]"))
        return usage_error("--text: write [MASK] where a token should be "
                           "guessed");
    rc = cli_train_finish(&cli, &o.train, &FAST_SIZES);
    if (rc >= 0) return rc;
    // checked now, not after the training (--out is created: last)
    rc = chapter_check_dir_flag(&cli, "--dump", o.dump, fileio_check_dir);
    if (rc >= 0) return rc;
    if (chapter_prepare_out(&cli) != 0) return cli_fail(&cli, error_message());
    Rng rng;
    rng_seed(&rng, (uint64_t)cli.seed);
    Corpus train_text = {0};
    Tokenizer tok = {0};
    Bert m = {0};
    PretrainData data = {0};
    MaskingStats stats = {0};
    float *losses = calloc((size_t)o.train.steps, sizeof(float));

    rc = losses ? 0 : error_set("out of memory");
    if (rc == 0) rc = corpus_generate(&train_text, (uint64_t)cli.seed,
                                      o.train.docs, CORPUS_TRAIN);
    if (rc == 0) rc = make_model(&o, &m, &tok, &train_text, &rng);
    if (rc == 0) rc = show_fates(&cli, &tok, &rng);
    // pairs as BERT's pre-training makes them, masked, three times over
    PretrainDataConfig dc = pretrain_data_defaults();
    dc.max_seq_length = o.train.seq_len < m.cfg.max_position_embeddings
                            ? o.train.seq_len : m.cfg.max_position_embeddings;
    dc.max_predictions_per_seq = dc.max_seq_length * 15 / 100 + 1;
    dc.dupe_factor = 3;
    if (rc == 0) rc = pretrain_data_from_corpus(&data, &train_text, &tok,
                                                &dc, &rng, &stats);
    if (rc == 0) rc = show_masking_stats(&cli, &stats, &data);
    if (rc == 0 && !o.model)
        rc = train_and_report(&cli, &o, &m, &tok, &data, dc, losses, &rng);
    if (rc == 0) rc = fill_mask(&cli, &m, &tok, o.text, o.top_k, o.dump);
    if (rc != 0) rc = cli_fail(&cli, error_message());
    free(losses);
    pretrain_data_free(&data);
    bert_free(&m);
    tokenizer_free(&tok);
    corpus_free(&train_text);
    return rc;
}
