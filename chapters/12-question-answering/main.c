/* Chapter 12: fine-tuning BERT to answer questions.
 *
 * Extractive question answering, as in SQuAD: the answer is a span of a
 * given context. "[CLS] question [SEP] context [SEP]" goes through the
 * encoder and one linear layer (hidden -> 2) turns every token's vector
 * into a start logit and an end logit; the loss is the mean of the two
 * cross-entropies. Contexts longer than the model's window are read in
 * overlapping windows (doc_stride), and the answer is the best span found
 * over all windows, as google-research's run_squad.py decodes it. The
 * program prints exact match and F1 on held-out questions, with and
 * without pre-training, and answers the slides' question.
 *
 *     make chapter-12
 *     make chapter-12 ARGS='--question "Which river flows through Paris?"
 *                           --context "Paris lies on the Seine."'
 *     make chapter-12 ARGS='--save build/models/qa'
 *
 * Starts from build/models/tiny-bert/ (chapter 10; or --model DIR). With
 * --fast and no checkpoint there, a tiny random model stands in. A model
 * that already holds a trained QA head is evaluated, not trained. Writes
 * figures/12-start-end.png (start and end probabilities over the slide
 * example's tokens) and figures/12-pretraining-vs-scratch.png (dev F1
 * while training); --save DIR writes the model with qa_outputs.*, --dump
 * DIR the arrays of the answered example.
 */
#include "answer.h"
#include "report.h"

#include "bert_checkpoint.h"
#include "chapter.h"
#include "error.h"
#include "fileio.h"
#include "finetune.h"
#include "progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char DEFAULT_MODEL[] = "build/models/tiny-bert";
/* The slide's fact as the training paragraphs for this question put it:
 * the country first, then the city and its trait, no pronouns. */
#define PLAIN_CONTEXT                                                      \
    "China is a country in Asia. Shanghai is the fashion capital of "      \
    "China."
#define EVALS_PER_EPOCH 4

typedef struct {
    int train, epochs, batch, stride;
    float lr, dropout;
    const char *model, *question, *context, *save, *dump;
} Options;

/* Moves the examples of *more to the end of *set. */
static int append(QaSet *set, QaSet *more)
{
    size_t n = (size_t)(set->n + more->n);
    QaExample *ex = realloc(set->ex, sizeof *ex * n);
    if (!ex) return error_set("out of memory");
    memcpy(ex + set->n, more->ex, sizeof *ex * (size_t)more->n);
    set->ex = ex;
    set->n = (int)n;
    free(more->ex); // its strings belong to set now
    *more = (QaSet){0};
    return 0;
}

/* n training questions on short paragraphs plus n / 5 on paragraphs of 8
 * sentences, which take several windows (most of them without the
 * answer, labelled [CLS]); held-out sets of the sizes below. */
static int make_examples(Sets *s, int n, uint64_t seed)
{
    QaSet more = {0};
    int rc = qa_generate(&s->ex[TRAIN], seed, n, QA_TRAIN) ||
             qa_generate_long(&more, seed, n / 5 + 1, QA_TRAIN, 8) ||
             append(&s->ex[TRAIN], &more) ||
             qa_generate(&s->ex[DEV], seed, n / 10 + 1, QA_DEV) ||
             qa_generate(&s->ex[TEST], seed, n / 4 + 1, QA_TEST) ||
             qa_generate_long(&s->ex[LONG], seed, n / 10 + 1, QA_DEV, 12);
    qa_set_free(&more);
    return rc ? -1 : 0;
}

/* Exact match and F1 of the best span of every example of a set. */
static int evaluate(Bert *m, Finetuner *ft, const QaSet *set,
                    const QaFeatures *f, SquadScores *sc)
{
    long n = (long)f->rows.n * f->rows.T;
    float *start = malloc(sizeof(float) * 2 * (size_t)n), *end = start + n;
    int rc = start ? finetune_qa_logits(m, ft, &f->rows, start, end)
                   : error_set("out of memory");
    QaDecodeConfig dc = {20, 30};
    *sc = (SquadScores){0};
    for (int e = 0; e < set->n && rc == 0; e++) {
        const QaExample *x = &set->ex[e];
        QaSpan best;
        int k = qa_decode(f, e, x->context, start, end, &dc, &best, 1);
        char *guess = k > 0 ? strndup(x->context + best.start,
                                      (size_t)(best.end - best.start))
                            : strdup("");
        const char *truth = x->answer;
        rc = k < 0 ? -1 : !guess ? error_set("out of memory")
                                 : squad_score_add(sc, guess, &truth, 1);
        free(guess);
    }
    free(start);
    return rc;
}

typedef struct {
    const Cli *cli;
    const Sets *s;
    const char *what;
    Run *run;
} Watch;

/* Dev F1 now, for the curve; first, room for the curve. */
static int measure(Bert *m, Finetuner *f, void *ctx)
{
    Watch *w = ctx;
    Run *run = w->run;
    if (f->step == 0) {
        char plan[128];
        finetune_describe(f, plan, sizeof plan);
        chapter_say(w->cli, "\nFine-tuning %s: %s\n", w->what, plan);
        int n = f->total_steps + 1;
        run->epoch = malloc(sizeof(float) * 2 * (size_t)n);
        if (!run->epoch) return error_set("out of memory");
        run->dev_f1 = run->epoch + n;
    }
    if (evaluate(m, f, &w->s->ex[DEV], &w->s->f[DEV], &run->dev) != 0)
        return -1;
    run->epoch[run->n] = (float)f->step / (float)f->steps_per_epoch;
    run->dev_f1[run->n++] = (float)(100.0 * run->dev.f1_sum / run->dev.n);
    return 0;
}

static void epoch_done(const Finetuner *f, const FinetuneStats *st,
                       void *ctx)
{
    Watch *w = ctx;
    chapter_say(w->cli, "  epoch %d  loss %.4f  start and end right on "
                "%5.1f%% of training windows  dev F1 %5.1f\n",
                f->step / f->steps_per_epoch, st->loss_sum / st->steps,
                100.0 * st->right / st->rows, w->run->dev_f1[w->run->n - 1]);
}

static int fine_tune(const Cli *cli, const Options *o, Bert *m,
                     const Sets *s, const char *what, Run *run)
{
    FinetuneConfig c = {o->epochs, o->batch, o->lr, 0.1f};
    Rng rng; // the same batches and dropout for every run
    rng_seed(&rng, (uint64_t)cli->seed);
    Watch w = {cli, s, what, run};
    FinetuneWatch watch = {measure, epoch_done, &w};
    int rc = bert_enable_training(m);
    if (rc == 0) rc = finetune_run(m, &c, &s->f[TRAIN].rows,
                                   EVALS_PER_EPOCH, &rng, &watch);
    Finetuner f = {0}; // for evaluation only
    if (rc == 0) rc = evaluate(m, &f, &s->ex[TEST], &s->f[TEST], &run->test);
    if (rc == 0) rc = evaluate(m, &f, &s->ex[LONG], &s->f[LONG],
                               &run->test_long);
    finetuner_free(&f);
    return rc;
}

static int run_chapter(const Cli *cli, const Options *o, Bert *m,
                       const Sets *s, int is_random)
{
    Run pre = {0}, scratch = {0};
    Bert fresh = {0};
    int rc = 0;
    if (m->loaded & BERT_HAS_QA) {
        chapter_say(cli, "\nThe model already has a trained QA head: "
                    "evaluating it as it is.\n");
        Finetuner f = {0};
        rc = evaluate(m, &f, &s->ex[DEV], &s->f[DEV], &pre.dev);
        if (rc == 0) rc = evaluate(m, &f, &s->ex[TEST], &s->f[TEST],
                                   &pre.test);
        if (rc == 0) rc = evaluate(m, &f, &s->ex[LONG], &s->f[LONG],
                                   &pre.test_long);
        finetuner_free(&f);
        const Run *runs[1] = {&pre};
        const char *names[1] = {"this model"};
        if (rc == 0) report(cli, s, runs, names, 1);
        return rc;
    }
    rc = fine_tune(cli, o, m, s, is_random ? "the stand-in model"
                                           : "the pre-trained model", &pre);
    Rng rng;
    rng_seed(&rng, (uint64_t)cli->seed);
    if (rc == 0) rc = bert_build(&fresh, &m->cfg, 0);
    if (rc == 0) bert_init(&fresh, &rng);
    if (rc == 0) rc = fine_tune(cli, o, &fresh, s, "from random weights",
                                &scratch);
    if (rc == 0) {
        const Run *runs[2] = {&pre, &scratch};
        const char *names[2] = {"pre-trained", "from random weights"};
        report(cli, s, runs, names, 2);
        rc = draw_curves(cli, &pre, &scratch);
    }
    free(pre.epoch), free(scratch.epoch);
    bert_free(&fresh);
    return rc;
}

int main(int argc, char **argv)
{
    Options o = {2500, 6, 16, 0, 3e-4f, 0.1f, DEFAULT_MODEL, NULL, NULL,
                 NULL, NULL};
    CliOption opts[] = {
        {"--model", CLI_STRING, &o.model, "pre-trained model directory", 0,
         0},
        {"--train", CLI_INT, &o.train, "training questions", 30, 1e6},
        {"--epochs", CLI_INT, &o.epochs, "passes over the training set", 1,
         100},
        {"--batch", CLI_INT, &o.batch, "windows per step", 1, 1024},
        {"--lr", CLI_FLOAT, &o.lr, "peak learning rate", 1e-7, 1},
        {"--dropout", CLI_FLOAT, &o.dropout, "dropout probability while "
         "fine-tuning", 0, 0.9},
        {"--doc-stride", CLI_INT, &o.stride, "tokens between windows (0: "
         "half the model's length)", 0, 4096},
        {"--question", CLI_STRING, &o.question, "a question to answer", 0,
         0},
        {"--context", CLI_STRING, &o.context, "the text to answer it from",
         0, 0},
        {"--save", CLI_STRING, &o.save, "write the fine-tuned model here",
         0, 0},
        {"--dump", CLI_STRING, &o.dump, "write the arrays of the last "
         "answered question here (.npy)", 0, 0},
    };
    Cli cli = cli_defaults("chapter-12", "fine-tuning BERT to answer "
                           "questions");
    int rc = cli_parse(&cli, argc, argv, opts, 11);
    if (rc >= 0) return rc;
    if (!o.question != !o.context) {
        fprintf(stderr, "chapter-12: error: --question and --context go "
                "together\n");
        return 2;
    }
    if (o.question && (!o.question[0] || !o.context[0])) {
        fprintf(stderr, "chapter-12: error: --%s: empty text\n",
                o.question[0] ? "context" : "question");
        return 2;
    }
    if (cli.fast) o.train = 12, o.epochs = 1, o.batch = 8;
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
    int is_random = 0;
    char **texts = NULL;
    rc = make_examples(&s, o.train, (uint64_t)cli.seed);
    int n = s.ex[TRAIN].n;
    texts = rc == 0 ? malloc(sizeof *texts * 2 * (size_t)n) : NULL;
    for (int i = 0; i < n && texts; i++) { // for a stand-in vocabulary
        texts[2 * i] = s.ex[TRAIN].ex[i].question;
        texts[2 * i + 1] = s.ex[TRAIN].ex[i].context;
    }
    if (rc == 0)
        rc = texts ? finetune_model(&m, &tok, o.model, 0,
                                    cli.fast && o.model == DEFAULT_MODEL,
                                    (const char *const *)texts, 2 * n, &rng,
                                    &is_random)
                   : error_set("out of memory");
    m.cfg.hidden_dropout_prob = o.dropout; // BERT fine-tunes with 0.1
    int T = m.cfg.max_position_embeddings;
    QaWindowConfig wc = {T, o.stride ? o.stride : T / 2, T / 3};
    for (int k = TRAIN; k < N_SETS && rc == 0; k++)
        rc = qa_features_build(&s.f[k], &tok, s.ex[k].ex, s.ex[k].n, &wc);
    int loaded = rc == 0;
    if (rc == 0 && o.question) // a context without tokens: now, not later
        rc = answer_check(&tok, &wc, o.question, o.context);
    if (rc == 0) {
        chapter_say(&cli, "Model: %s (%d layers, hidden %d, %d tokens in "
                    "the vocabulary)\n", is_random ? "tiny and random "
                    "(--fast, no checkpoint)" : o.model,
                    m.cfg.num_hidden_layers, m.cfg.hidden_size, tok.vocab.n);
        chapter_say(&cli, "Windows of %d tokens, doc_stride %d, questions "
                    "cut at %d tokens\n", wc.max_seq_len, wc.doc_stride,
                    wc.max_query_len);
        chapter_say(&cli, "Questions: %d train (%d of them on long "
                    "contexts; %d windows), %d dev, %d test, %d long (%d "
                    "windows)\n", s.ex[TRAIN].n, s.ex[TRAIN].n - o.train,
                    s.f[TRAIN].rows.n, s.ex[DEV].n, s.ex[TEST].n,
                    s.ex[LONG].n, s.f[LONG].rows.n);
        rc = run_chapter(&cli, &o, &m, &s, is_random);
    }
    if (rc == 0) chapter_say(&cli, "\nThe slides' example:\n");
    if (rc == 0)
        rc = answer(&cli, &m, &tok, &wc, QA_LECTURE_QUESTION,
                    QA_LECTURE_CONTEXT, 0, 1, o.question ? NULL : o.dump);
    if (rc == 0) chapter_say(&cli, "\nThe same fact, phrased the way the "
                             "world's paragraphs phrase it:\n");
    if (rc == 0)
        rc = answer(&cli, &m, &tok, &wc, QA_LECTURE_QUESTION, PLAIN_CONTEXT,
                    0, 0, NULL);
    if (rc == 0 && o.question)
        rc = answer(&cli, &m, &tok, &wc, o.question, o.context, 1, 0,
                    o.dump);
    m.loaded |= BERT_HAS_QA; // so that qa_outputs.* are saved
    if (rc == 0 && o.save) rc = bert_save(&m, &tok.vocab, o.save);
    if (rc == 0 && o.save) chapter_say(&cli, "\nWrote %s/\n", o.save);
    if (rc == 0) chapter_say(&cli, "\nDone in %.0f s.\n", progress_now() - t0);
    if (rc != 0) rc = cli_fail(&cli, error_message());
    if (!loaded && o.model == DEFAULT_MODEL)
        fprintf(stderr, "hint: `make chapter-10` pre-trains it (minutes); "
                "--model DIR picks another\n");
    for (int k = TRAIN; k < N_SETS; k++) {
        qa_set_free(&s.ex[k]);
        qa_features_free(&s.f[k]);
    }
    free(texts);
    bert_free(&m);
    tokenizer_free(&tok);
    return rc;
}
