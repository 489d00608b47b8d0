/* Chapter 11: fine-tuning BERT to classify text.
 *
 * The pre-trained model of chapter 10 learns to sort customer complaints
 * into hardware, software and billing: "[CLS] complaint [SEP]" goes
 * through the encoder, the pooled [CLS] vector through dropout and one
 * linear layer of 3 outputs, and a softmax gives the class probabilities.
 * Every weight is trained, for a few epochs, with the cross-entropy loss.
 * The same fine-tuning from random weights runs next to it, to show what
 * pre-training is worth. Then the slides' three complaints are classified.
 *
 *     make chapter-11
 *     make chapter-11 ARGS='--text "My bill is wrong again"'
 *     make chapter-11 ARGS='--save build/models/complaints'
 *     ./build/chapter-11 --model build/models/complaints --text "..."
 *
 * Starts from build/models/tiny-bert/ (chapter 10; or --model DIR). With
 * --fast and no checkpoint there, a tiny random model stands in. A model
 * that already holds a trained classifier is evaluated, not trained.
 * Writes figures/11-pretraining-vs-scratch.png (dev and test accuracy
 * while training) and figures/11-confusion.png (test set); --save DIR
 * writes the fine-tuned model, --dump DIR the arrays of one classified
 * text.
 */
#include "figures.h"

#include "bert_checkpoint.h"
#include "bert_dump.h"
#include "chapter.h"
#include "complaints.h"
#include "error.h"
#include "fileio.h"
#include "finetune.h"
#include "npy.h"
#include "progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char DEFAULT_MODEL[] = "build/models/tiny-bert";
#define EVALS_PER_EPOCH 4

typedef struct {
    int train, epochs, batch;
    float lr;
    const char *model, *text, *save, *dump;
} Options;

enum { TRAIN, DEV, TEST };

typedef struct {
    LabeledTexts text[3];
    FinetuneData rows[3];
} Sets;

static int make_texts(Sets *s, int n_train, uint64_t seed)
{
    int n[3] = {n_train, n_train / 10 + 1, n_train / 4 + 1};
    for (int k = TRAIN; k <= TEST; k++)
        if (complaints_generate(&s->text[k], seed, n[k],
                                (ComplaintSplit)k) != 0)
            return -1;
    return 0;
}

static int make_rows(Sets *s, const Tokenizer *tok, int max_len)
{
    for (int k = TRAIN; k <= TEST; k++)
        if (finetune_data_texts(&s->rows[k], tok, s->text[k].text,
                                s->text[k].label, s->text[k].n,
                                max_len) != 0)
            return -1;
    return 0;
}

static double accuracy(Bert *m, Finetuner *f, const FinetuneData *d,
                       int *confusion)
{
    float *probs = malloc(sizeof(float) * (size_t)d->n * NL);
    if (!probs) return error_set("out of memory");
    double acc = finetune_classify(m, f, d, probs) == 0
                     ? finetune_accuracy(probs, d->labels, d->n, NL,
                                         confusion)
                     : -1.0;
    free(probs);
    return acc;
}

/* Dev accuracy now, and test accuracy too at the end of an epoch. */
static int add_point(Bert *m, Finetuner *f, const Sets *s, Run *run)
{
    float epoch = (float)f->step / (float)f->steps_per_epoch;
    double acc = accuracy(m, f, &s->rows[DEV], NULL);
    run->epoch[run->n] = epoch;
    run->dev_acc[run->n++] = (float)(100.0 * acc);
    if (acc < 0.0) return -1;
    if (f->step % f->steps_per_epoch != 0) return 0;
    acc = accuracy(m, f, &s->rows[TEST], NULL);
    run->test_epoch[run->n_test] = epoch;
    run->test_acc[run->n_test++] = (float)(100.0 * acc);
    return acc < 0.0 ? -1 : 0;
}

typedef struct {
    const Cli *cli;
    const Sets *s;
    const char *what;
    Run *run;
} Watch;

static int measure(Bert *m, Finetuner *f, void *ctx)
{
    Watch *w = ctx;
    if (f->step == 0) { // before the first step: room for the curve
        char plan[128];
        finetune_describe(f, plan, sizeof plan);
        chapter_say(w->cli, "\nFine-tuning %s: %s\n", w->what, plan);
        int n = f->total_steps + 1;
        w->run->epoch = malloc(sizeof(float) * 2 * (size_t)n);
        if (!w->run->epoch) return error_set("out of memory");
        w->run->dev_acc = w->run->epoch + n;
    }
    return add_point(m, f, w->s, w->run);
}

static void epoch_done(const Finetuner *f, const FinetuneStats *st,
                       void *ctx)
{
    Watch *w = ctx;
    chapter_say(w->cli, "  epoch %d  loss %.4f  accuracy: train %5.1f%%  "
                "dev %5.1f%%  test %5.1f%%\n", f->step / f->steps_per_epoch,
                st->loss_sum / st->steps, 100.0 * st->right / st->rows,
                w->run->dev_acc[w->run->n - 1],
                w->run->test_acc[w->run->n_test - 1]);
}

//> epochs
static int fine_tune(const Cli *cli, const Options *o, Bert *m,
                     const Sets *s, const char *what, Run *run)
{
    FinetuneConfig c = {o->epochs, o->batch, o->lr, 0.1f};
    Rng rng; // the same batches and dropout for every run
    rng_seed(&rng, (uint64_t)cli->seed);
    Watch w = {cli, s, what, run};
    FinetuneWatch watch = {measure, epoch_done, &w};
    if (bert_enable_training(m) != 0) return -1;
    return finetune_run(m, &c, &s->rows[TRAIN], EVALS_PER_EPOCH, &rng,
                        &watch);
}
//< epochs

//> classify
/* Prints the class probabilities of one text (even with --quiet when
 * always is set); leaves its logits in the head. */
static int classify(const Cli *cli, Bert *m, const Tokenizer *tok,
                    BertHead *head, const char *text, int always)
{
    int T = m->cfg.max_position_embeddings, ids[512], seg[512];
    T = tokenizer_encode(tok, text, NULL, T < 512 ? T : 512, ids, seg, NULL);
    BertBatch in = {ids, seg, NULL, 1, T};
    if (T < 0 || bert_forward(m, &in, BERT_EVAL_ATTENTION, NULL) != 0 ||
        bert_classifier_forward(m, head, NULL, NULL) < 0.0f)
        return -1;
    const float *p = head->probs;
    int best = p[1] > p[0] ? 1 : 0;
    best = p[2] > p[best] ? 2 : best;
    const char *line = "  %-8s (hardware %.3f, software %.3f, billing "
                       "%.3f)  \"%s\"\n";
    if (always) printf(line, COMPLAINT_LABELS[best], p[0], p[1], p[2], text);
    else chapter_say(cli, line, COMPLAINT_LABELS[best], p[0], p[1], p[2],
                     text);
    return 0;
}
//< classify

static int run_chapter(const Cli *cli, const Options *o, Bert *m,
                       const Sets *s, int is_random)
{
    Run pre = {0}, scratch = {0};
    Bert fresh = {0};
    int confusion[NL * NL] = {0}, rc = 0;
    Finetuner f = {0};
    if (m->loaded & BERT_HAS_CLASSIFIER) {
        chapter_say(cli, "\nThe model already has a trained classifier: "
                    "evaluating it as it is.\n");
    } else {
        rc = fine_tune(cli, o, m, s, is_random ? "the stand-in model"
                                               : "the pre-trained model",
                       &pre);
        Rng rng;
        rng_seed(&rng, (uint64_t)cli->seed);
        if (rc == 0) rc = bert_build(&fresh, &m->cfg, NL);
        if (rc == 0) bert_init(&fresh, &rng);
        if (rc == 0) rc = fine_tune(cli, o, &fresh, s, "from random weights",
                                    &scratch);
        if (rc == 0)
            chapter_say(cli, "\nTest accuracy (%d complaints with products "
                        "and phrasings never seen in training):\n"
                        "  pre-trained %5.1f%%   from random weights "
                        "%5.1f%%\n", s->rows[TEST].n,
                        pre.test_acc[pre.n_test - 1],
                        scratch.test_acc[scratch.n_test - 1]);
    }
    double acc = rc == 0 ? accuracy(m, &f, &s->rows[TEST], confusion) : -1;
    if (acc < 0.0) rc = -1;
    if (rc == 0 && pre.n == 0)
        chapter_say(cli, "\nTest accuracy: %.1f%% of %d complaints\n",
                    100 * acc, s->rows[TEST].n);
    if (rc == 0) {
        chapter_say(cli, "\nConfusion matrix of the fine-tuned model, test "
                    "set (rows: true class, columns: predicted):\n");
        for (int i = 0; i < NL; i++)
            chapter_say(cli, "  %-8s %5d %5d %5d\n", COMPLAINT_LABELS[i],
                        confusion[i * NL], confusion[i * NL + 1],
                        confusion[i * NL + 2]);
    }
    if (rc == 0) rc = draw_figures(cli, &pre, &scratch, confusion);
    free(pre.epoch), free(scratch.epoch);
    finetuner_free(&f);
    bert_free(&fresh);
    return rc;
}

int main(int argc, char **argv)
{
    Options o = {2000, 3, 32, 3e-4f, DEFAULT_MODEL, NULL, NULL, NULL};
    CliOption opts[] = {
        {"--model", CLI_STRING, &o.model, "pre-trained model directory", 0,
         0},
        {"--train", CLI_INT, &o.train, "training complaints", 30, 1e6},
        {"--epochs", CLI_INT, &o.epochs, "passes over the training set", 1,
         100},
        {"--batch", CLI_INT, &o.batch, "complaints per step", 1, 1024},
        {"--lr", CLI_FLOAT, &o.lr, "peak learning rate", 1e-7, 1},
        {"--text", CLI_STRING, &o.text, "a complaint to classify", 0, 0},
        {"--save", CLI_STRING, &o.save, "write the fine-tuned model here",
         0, 0},
        {"--dump", CLI_STRING, &o.dump, "write the arrays of the last "
         "classified text here (.npy)", 0, 0},
    };
    Cli cli = cli_defaults("chapter-11", "fine-tuning BERT to classify "
                           "complaints");
    int rc = cli_parse(&cli, argc, argv, opts, 8);
    if (rc >= 0) return rc;
    if (cli.fast) o.train = 30, o.epochs = 1, o.batch = 10;
    // checked now, not after the training (--out is created: last)
    rc = chapter_check_dir_flag(&cli, "--save", o.save, bert_save_check);
    if (rc < 0)
        rc = chapter_check_dir_flag(&cli, "--dump", o.dump, fileio_check_dir);
    if (rc >= 0) return rc;
    if (chapter_prepare_out(&cli) != 0) return cli_fail(&cli, error_message());
    double t0 = progress_now();
    Rng rng;
    rng_seed(&rng, (uint64_t)cli.seed);
    Bert m = {0};
    Tokenizer tok = {0};
    Sets s = {0};
    BertHead head = {0};
    int is_random = 0;
    rc = make_texts(&s, o.train, (uint64_t)cli.seed);
    if (rc == 0)
        rc = finetune_model(&m, &tok, o.model, NL,
                            cli.fast && o.model == DEFAULT_MODEL,
                            (const char *const *)s.text[TRAIN].text,
                            s.text[TRAIN].n, &rng, &is_random);
    if (rc == 0) rc = make_rows(&s, &tok, m.cfg.max_position_embeddings);
    if (rc == 0)
        chapter_say(&cli, "Model: %s (%d layers, hidden %d, %d tokens in "
                    "the vocabulary)\n", is_random ? "tiny and random "
                    "(--fast, no checkpoint)" : o.model,
                    m.cfg.num_hidden_layers, m.cfg.hidden_size, tok.vocab.n);
    if (rc == 0) chapter_say(&cli, "Complaints: %d train, %d dev, %d test\n",
                             s.rows[TRAIN].n, s.rows[DEV].n, s.rows[TEST].n);
    int loaded = rc == 0;
    if (rc == 0) rc = run_chapter(&cli, &o, &m, &s, is_random);
    static const char *const lecture[3] = {COMPLAINT_EXAMPLE_HARDWARE,
                                           COMPLAINT_EXAMPLE_SOFTWARE,
                                           COMPLAINT_EXAMPLE_BILLING};
    if (rc == 0) chapter_say(&cli, "\nThe slides' complaints:\n");
    for (int k = 0; k < 3 && rc == 0; k++)
        rc = classify(&cli, &m, &tok, &head, lecture[k], 0);
    if (rc == 0 && o.text) rc = classify(&cli, &m, &tok, &head, o.text, 1);
    if (rc == 0 && o.dump) rc = bert_dump(&m, o.dump);
    char path[FILEIO_PATH_MAX];
    if (rc == 0 && o.dump)
        rc = fileio_join(path, sizeof path, o.dump, "class_logits.npy") ||
             npy_write_f32(path, head.logits, 1, (long[]){NL});
    if (rc == 0 && o.save) rc = bert_save(&m, &tok.vocab, o.save);
    if (rc == 0 && o.save) chapter_say(&cli, "\nWrote %s/\n", o.save);
    if (rc == 0) chapter_say(&cli, "\nDone in %.0f s.\n", progress_now() - t0);
    if (rc != 0) rc = cli_fail(&cli, error_message());
    if (!loaded && o.model == DEFAULT_MODEL)
        fprintf(stderr, "hint: `make chapter-10` pre-trains it (minutes); "
                "--model DIR picks another\n");
    for (int k = TRAIN; k <= TEST; k++) {
        labeled_texts_free(&s.text[k]);
        finetune_data_free(&s.rows[k]);
    }
    bert_head_free(&head);
    bert_free(&m);
    tokenizer_free(&tok);
    return rc;
}
