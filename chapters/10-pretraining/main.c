/* Chapter 10: pre-training a small BERT, from nothing, on this machine.
 *
 * Masked LM and next sentence prediction together, exactly as BERT learns
 * them: the generated corpus of true facts about real cities and countries
 * (or --corpus FILE), a WordPiece vocabulary learned from it, sentence
 * pairs and masks as google-research's create_pretraining_data.py makes
 * them, AdamW with warm-up and linear decay. At the end the program
 * measures, on held-out documents, how often the model fills a masked
 * token and tells a true next sentence from a random one, next to what
 * guessing would score, and writes the model as a Hugging Face directory.
 *
 *     make chapter-10                       # about 4 minutes on 2 cores
 *     make chapter-10 ARGS='--steps 200'    # a shorter run
 *
 * Writes build/models/tiny-bert/ (or --save DIR): config.json,
 * model.safetensors, vocab.txt. Figures: figures/10-loss.png (the two
 * losses while training) and figures/10-attention-untrained.png and
 * figures/10-attention-trained.png (every head on a sample pair).
 * Ctrl-C stops the run without writing a checkpoint.
 */
#include "adamw.h"
#include "bert_checkpoint.h"
#include "bert_dump.h"
#include "chapter.h"
#include "model_setup.h"
#include "corpus_tokenizer.h"
#include "error.h"
#include "fileio.h"
#include "heatmap.h"
#include "plot.h"
#include "pretrain.h"
#include "progress.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    CliTrain train;
    float dropout;
    const char *corpus, *save, *model, *dump;
} Options;

#define DEFAULT_SAVE "build/models/tiny-bert"
/* --fast: steps (at most), batch, seq-len, layers, hidden, docs, vocab */
static const CliTrain FAST_SIZES = {.steps = 20, .batch = 8, .seq_len = 32,
                                    .layers = 1, .hidden = 32, .docs = 80,
                                    .vocab_size = 400};

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
    (void)sig;
    interrupted = 1;
}

static int load_corpora(const Options *o, uint64_t seed, Corpus *train,
                        Corpus *held)
{
    if (!o->corpus) {
        // held-out documents come from the same distribution, less any
        // that a training document happens to equal
        if (corpus_generate_rich(train, seed, o->train.docs, CORPUS_TRAIN) ||
            corpus_generate_rich(held, seed, o->train.docs / 10 + 1,
                                 CORPUS_HELDOUT) ||
            corpus_drop_seen(held, train) < 0)
            return -1;
        return 0;
    }
    // a file: every tenth document is held out for evaluation
    Corpus all;
    if (corpus_read(&all, o->corpus) != 0) return -1;
    int rc = corpus_split(&all, train, held, 10);
    corpus_free(&all);
    return rc;
}

/* The model to train: --model's checkpoint, or a fresh tiny BERT. */
static int make_model(const Options *o, Bert *m, Tokenizer *tok,
                      const Corpus *train, Rng *rng)
{
    const CliTrain *t = &o->train;
    SmallBert size = {t->hidden, t->layers, t->heads, t->seq_len,
                      t->vocab_size, o->dropout};
    if (model_setup(m, tok, o->model, 0, train, &size, rng) != 0) {
        // no tokenizer yet: learning the vocabulary from --corpus failed
        // ("the text has no words"), which is the file's fault; name it
        if (o->corpus && !o->model && tok->vocab.n == 0)
            return error_set("%s: %s", o->corpus, error_message());
        return -1;
    }
    return bert_enable_training(m); // a loaded checkpoint trains on too
}

/* Every head of the model on a sample pair, as a grid figure. */
static int draw_attention(const Cli *cli, Bert *m, const Tokenizer *tok,
                          const char *name, const char *title)
{
    int ids[64], seg[64];
    int T = tokenizer_encode(tok, "Rome is the capital of Italy.",
                             "It is famous for its history.", 24, ids, seg,
                             NULL);
    if (T < 0) return -1;
    const char *names[64];
    for (int t = 0; t < T; t++) names[t] = vocab_token(&tok->vocab, ids[t]);
    BertBatch in = {ids, seg, NULL, 1, T};
    if (bert_forward(m, &in, BERT_EVAL_ATTENTION, NULL) != 0) return -1;
    char path[FILEIO_PATH_MAX];
    chapter_figure(cli, name, path, sizeof path);
    return heatmap_attention_grid(path, m->acts.att,
                                  m->cfg.num_hidden_layers,
                                  m->cfg.num_attention_heads, T, names,
                                  title, cli->scale);
}

typedef struct {
    float *mlm, *nsp;      /* (steps) training losses */
    float *eval_step, *eval_mlm, *eval_nsp;  /* (evals) held-out losses */
    int n, n_eval;
} Curves;

static int draw_losses(const Cli *cli, const Curves *c)
{
    PlotSeries s[4] = {
        {"MLM, training batches", NULL, c->mlm, c->n},
        {"NSP, training batches", NULL, c->nsp, c->n},
        {"MLM, held-out", c->eval_step, c->eval_mlm, c->n_eval},
        {"NSP, held-out", c->eval_step, c->eval_nsp, c->n_eval},
    };
    PlotStyle st = plot_style("pre-training losses", "step", "cross-entropy");
    st.log_y = 1;
    st.scale = cli->scale;
    int rc = plot_lines(cli->out, "10-loss", s, 4, &st);
    return chapter_plot_done(cli, rc, "10-loss");
}

//> training-loop
static int train(const Cli *cli, const Options *o, Bert *m,
                 const PretrainData *data, const PretrainData *held,
                 PretrainBatch *batch, Curves *curves, Rng *rng)
{
    Pretrainer p = {0};
    int *order = malloc(sizeof(int) * (size_t)data->n);
    if (!order) return error_set("out of memory");
    for (int i = 0; i < data->n; i++) order[i] = i;
    int steps = o->train.steps, batch_size = o->train.batch;
    int warmup = steps / 10 + 1, next = data->n, rc = 0;
    int eval_every = steps / 10 > 0 ? steps / 10 : 1;
    Progress bar;
    progress_start(&bar, "pre-training", steps, cli->quiet);
    for (int step = 0; step < steps && rc == 0 && !interrupted; step++) {
        if (next + batch_size > data->n) { // a new epoch, a new order
            rng_shuffle_int(rng, order, data->n);
            next = 0;
        }
        int B = batch_size < data->n ? batch_size : data->n;
        rc = pretrain_batch_fill(batch, data, order + next, B);
        next += B;
        float lr = lr_schedule(step, warmup, steps, o->train.lr);
        PretrainStep s;
        if (rc == 0) rc = pretrain_step(m, &p, batch, lr, rng, &s);
        if (rc != 0) break;
        curves->mlm[curves->n] = s.mlm_loss;
        curves->nsp[curves->n++] = s.nsp_loss;
        progress_update(&bar, step + 1, s.loss, (long)batch->B * batch->T);
        if ((step + 1) % eval_every == 0 || step + 1 == steps) {
            PretrainEval e;
            rc = pretrain_evaluate(m, &p, batch, held, 256, &e);
            curves->eval_step[curves->n_eval] = (float)(step + 1);
            curves->eval_mlm[curves->n_eval] = e.mlm_loss;
            curves->eval_nsp[curves->n_eval++] = e.nsp_loss;
        }
    }
    progress_end(&bar);
    free(order);
    pretrainer_free(&p);
    return rc;
}
//< training-loop

static int report(const Cli *cli, Bert *m, const Tokenizer *tok,
                  PretrainBatch *batch, const PretrainData *held)
{
    Pretrainer p = {0};
    PretrainEval e;
    int rc = pretrain_evaluate(m, &p, batch, held, held->n, &e);
    pretrainer_free(&p);
    if (rc != 0) return -1;
    chapter_say(cli, "\nHeld-out evaluation (%ld masked tokens, %ld pairs):\n",
                e.mlm_count, e.nsp_count);
    chapter_say(cli, "  masked LM accuracy     %5.1f%%   (always guessing "
                "\"%s\": %.1f%%, %.1fx better)\n", 100 * e.mlm_accuracy,
                vocab_token(&tok->vocab, e.mlm_baseline_token),
                100 * e.mlm_baseline, e.mlm_accuracy / e.mlm_baseline);
    chapter_say(cli, "  next sentence accuracy %5.1f%%   (always guessing "
                "the commoner label: %.1f%%)\n", 100 * e.nsp_accuracy,
                100 * e.nsp_baseline);
    chapter_say(cli, "  losses: MLM %.3f, NSP %.3f\n", e.mlm_loss,
                e.nsp_loss);
    return 0;
}

int main(int argc, char **argv)
{
    // steps, batch, seq-len, layers, hidden, heads, lr, docs, vocab-size
    Options o = {{3000, 32, 64, 2, 128, 4, 1e-3f, 4000, 4096}, 0.0f, NULL,
                 DEFAULT_SAVE, NULL, NULL};
    CliOption opts[CLI_TRAIN_OPTIONS + 5] = {
        {"--dropout", CLI_FLOAT, &o.dropout, "dropout probability", 0, 0.9},
        {"--corpus", CLI_STRING, &o.corpus, "train on this file instead "
         "(one sentence per line, blank line between documents)", 0, 0},
        {"--save", CLI_STRING, &o.save, "where to write the model", 0, 0},
        {"--model", CLI_STRING, &o.model, "start from this checkpoint", 0,
         0},
        {"--dump", CLI_STRING, &o.dump, "write the trained model's run on "
         "the sample pair as .npy files into this directory", 0, 0},
    };
    int n = 5 + cli_train_options(opts + 5, &o.train);
    Cli cli = cli_defaults("chapter-10", "pre-training a small BERT");
    int rc = cli_parse(&cli, argc, argv, opts, n);
    if (rc >= 0) return rc;
    char fast_save[FILEIO_PATH_MAX];
    // a toy model must not take the place of the real one
    if (cli.fast && !strcmp(o.save, DEFAULT_SAVE)) {
        snprintf(fast_save, sizeof fast_save, "%s/tiny-bert-fast", cli.out);
        o.save = fast_save;
    }
    rc = cli_train_finish(&cli, &o.train, &FAST_SIZES);
    if (rc >= 0) return rc;
    // checked now, not after the training (--out is created: last)
    rc = chapter_check_dir_flag(&cli, "--save", o.save, bert_save_check);
    if (rc < 0)
        rc = chapter_check_dir_flag(&cli, "--dump", o.dump, fileio_check_dir);
    if (rc >= 0) return rc;
    if (chapter_prepare_out(&cli) != 0) return cli_fail(&cli, error_message());
    signal(SIGINT, on_interrupt);
    Rng rng;
    rng_seed(&rng, (uint64_t)cli.seed);
    Corpus train_text = {0}, held_text = {0};
    Tokenizer tok = {0};
    Bert m = {0};
    PretrainData data = {0}, held = {0};
    PretrainBatch batch = {0};
    Curves curves = {0};
    double t0 = progress_now();

    rc = load_corpora(&o, (uint64_t)cli.seed, &train_text, &held_text);
    if (rc == 0) rc = make_model(&o, &m, &tok, &train_text, &rng);
    if (rc == 0) {
        chapter_say(&cli, "Corpus: %d documents, %d sentences (held out: "
                    "%d documents). Vocabulary: %d WordPiece tokens.\n",
                    train_text.n_docs, train_text.n_sentences,
                    held_text.n_docs, tok.vocab.n);
        chapter_say(&cli, "Model: %d layers, hidden %d, %d heads, %ld "
                    "parameters.\n", m.cfg.num_hidden_layers,
                    m.cfg.hidden_size, m.cfg.num_attention_heads,
                    m.num_params);
        PretrainDataConfig dc = pretrain_data_defaults();
        dc.max_seq_length = m.cfg.max_position_embeddings < o.train.seq_len
                                ? m.cfg.max_position_embeddings
                                : o.train.seq_len;
        dc.max_predictions_per_seq = dc.max_seq_length * 15 / 100 + 1;
        dc.dupe_factor = cli.fast ? 1 : 5;
        rc = pretrain_data_from_corpus(&data, &train_text, &tok, &dc, &rng,
                                       NULL);
        dc.dupe_factor = 1;
        if (rc == 0)
            rc = pretrain_data_from_corpus(&held, &held_text, &tok, &dc,
                                           &rng, NULL);
        if (rc == 0)
            rc = pretrain_batch_alloc(&batch, o.train.batch, dc.max_seq_length,
                                      dc.max_predictions_per_seq, 1);
        if (rc == 0)
            chapter_say(&cli, "Pre-training data: %d training pairs, %d "
                        "held-out pairs of at most %d tokens.\n\n", data.n,
                        held.n, dc.max_seq_length);
    }
    int steps = o.train.steps + 1;
    curves.mlm = malloc(sizeof(float) * (size_t)steps * 2);
    curves.eval_step = malloc(sizeof(float) * 3 * 16);
    if (rc == 0 && (!curves.mlm || !curves.eval_step))
        rc = error_set("out of memory");
    if (rc == 0) {
        curves.nsp = curves.mlm + steps;
        curves.eval_mlm = curves.eval_step + 16;
        curves.eval_nsp = curves.eval_step + 32;
        rc = draw_attention(&cli, &m, &tok, "10-attention-untrained.png",
                            "before pre-training");
    }
    if (rc == 0) rc = train(&cli, &o, &m, &data, &held, &batch, &curves,
                            &rng);
    if (rc == 0 && interrupted) {
        fprintf(stderr, "chapter-10: interrupted: no checkpoint written\n");
        rc = 130;
    }
    if (rc == 0) rc = report(&cli, &m, &tok, &batch, &held);
    if (rc == 0)
        rc = draw_attention(&cli, &m, &tok, "10-attention-trained.png",
                            "after pre-training");
    if (rc == 0 && o.dump) rc = bert_dump(&m, o.dump); // the sample pair
    if (rc == 0) rc = draw_losses(&cli, &curves);
    if (rc == 0) rc = bert_save(&m, &tok.vocab, o.save);
    if (rc == 0)
        chapter_say(&cli, "\nWrote %s/ (config.json, model.safetensors, "
                    "vocab.txt) after %.0f s.\n", o.save,
                    progress_now() - t0);
    if (rc != 0 && rc != 130) rc = cli_fail(&cli, error_message());
    free(curves.mlm), free(curves.eval_step);
    pretrain_batch_free(&batch);
    pretrain_data_free(&data), pretrain_data_free(&held);
    bert_free(&m);
    tokenizer_free(&tok);
    corpus_free(&train_text), corpus_free(&held_text);
    return rc;
}
