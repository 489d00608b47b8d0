/* Chapter 01: what a language model is.
 *
 * A language model gives every possible next token a probability, given
 * the tokens so far. This program trains three small ones on Li Bai's
 * "Quiet Night Thought": students who remember the last 1, 2 or 3 tokens
 * of what they have read (the one who remembers two is our lazy student).
 * It prints how their losses fall, the lowest loss each one can possibly
 * reach, what they expect next at a few places, how they recite the poem
 * from its first two tokens (greedy: always the likeliest token), and a
 * few poems the lazy student writes when it samples with a temperature.
 *
 *     make chapter-01                          # the Chinese poem
 *     ./build/chapter-01 --text en --temperature 1.5
 *
 * Writes into --out (default figures/): 01-loss.png (the three loss
 * curves) and 01-next-token.png (what each student expects after the
 * line "举头望明月", or its English version).
 */
#include "chapter.h"
#include "cli.h"
#include "error.h"
#include "plot.h"
#include "poem.h"
#include "rng.h"
#include "topk.h"
#include "window_lm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STUDENTS 3   /* they remember 1, 2 and 3 tokens */
#define LAZY 1       /* the student who remembers 2 */
#define TOP 5
#define SAMPLES 2   /* poems sampled from each forgetful student */

typedef struct {
    int K;                /* tokens it remembers */
    WindowLm lm;
    int *ctx, *targets;   /* (n, K), (n): one example per poem token */
    float *loss;          /* (steps) */
    double best;          /* the lowest loss it can reach */
} Student;

/* The last K tokens of seq[0..n), [SOS] where the poem has not begun. */
static void last_tokens(int *ctx, const int *seq, int n, int K, int sos)
{
    for (int k = 0; k < K; k++)
        ctx[k] = n - K + k >= 0 ? seq[n - K + k] : sos;
}

static int student_train(Student *s, const Poem *poem, int steps, float lr,
                         uint64_t seed)
{
    int n = poem->ids.n, K = s->K;
    WindowLmConfig cfg = {poem->vocab.n, K, 16, 64};
    s->ctx = malloc((size_t)n * K * sizeof(int));
    s->targets = malloc((size_t)n * sizeof(int));
    s->loss = malloc((size_t)steps * sizeof(float));
    if (!s->ctx || !s->targets || !s->loss)
        return error_set("out of memory");
    if (window_lm_build(&s->lm, &cfg, n, seed) != 0) return -1;
    //> train
    // every token of the poem is the answer to the K tokens before it
    const int before[3] = {-3, -2, -1}, *offsets = before + 3 - K;
    window_lm_examples(s->ctx, s->targets, poem->ids.ids, n, offsets, K,
                       poem->sos);
    for (int step = 0; step < steps; step++) {
        float rate = lr_schedule(step, steps / 10, steps, lr);
        s->loss[step] = window_lm_train_step(&s->lm, s->ctx, s->targets, n,
                                             rate);
    }
    //< train
    s->best = window_lm_best_loss(s->ctx, s->targets, n, K);
    return 0;
}

static void student_free(Student *s)
{
    window_lm_free(&s->lm);
    free(s->ctx);
    free(s->targets);
    free(s->loss);
}

//> recite
/* Extends seq[0..n) until [EOS] or max tokens: each new token is chosen
 * from the student's probabilities given the last K tokens. */
static int recite(Student *s, const Poem *poem, int *seq, int n, int max,
                  float temperature, Rng *rng)
{
    int ctx[WINDOW_LM_MAX_CONTEXT];
    while (n < max && seq[n - 1] != poem->eos) {
        last_tokens(ctx, seq, n, s->K, poem->sos);
        const float *probs = window_lm_predict(&s->lm, ctx);
        seq[n++] = window_lm_sample(probs, poem->vocab.n, temperature, rng);
    }
    return n;
}
//< recite

static void show_losses(const Cli *cli, const Student *st, int steps,
                        int tokens)
{
    chapter_say(cli, "Training, %d steps on all %d tokens at once; the mean "
                "loss:\n  step   remembers 1   remembers 2   remembers 3\n",
                steps, tokens);
    int every = steps >= 6 ? steps / 6 : 1;
    for (int step = 0; step < steps; step += every) {
        chapter_say(cli, "  %4d", step);
        for (int i = 0; i < STUDENTS; i++)
            chapter_say(cli, "   %11.4f", st[i].loss[step]);
        chapter_say(cli, "\n");
    }
    chapter_say(cli, "  last");
    for (int i = 0; i < STUDENTS; i++)
        chapter_say(cli, "   %11.4f", st[i].loss[steps - 1]);
    chapter_say(cli, "\n  best");
    for (int i = 0; i < STUDENTS; i++)
        chapter_say(cli, "   %11.4f", st[i].best);
    chapter_say(cli, "   (the lowest each one can reach)\n\n");
}

/* What student s expects after the first `prefix` tokens of the poem. */
static void show_next(const Cli *cli, Student *s, const Poem *poem,
                      int prefix)
{
    char seen[256], sees[256];
    int ctx[WINDOW_LM_MAX_CONTEXT], top[TOP], from = prefix > 6 ? prefix - 6
                                                                 : 0;
    last_tokens(ctx, poem->ids.ids, prefix, s->K, poem->sos);
    const float *probs = window_lm_predict(&s->lm, ctx);
    topk_indices(top, probs, poem->vocab.n, TOP);
    chapter_say(cli, "  after \"%s%s\" it sees \"%s\":\n   ",
                from > 0 ? "... " : "",
                poem_format(poem, poem->ids.ids + from, prefix - from, 1,
                            seen, sizeof seen),
                poem_format(poem, ctx, s->K, 1, sees, sizeof sees));
    for (int i = 0; i < TOP; i++)
        chapter_say(cli, "  %s %.3f", poem_label(poem, top[i]),
                    (double)probs[top[i]]);
    chapter_say(cli, "\n");
    if (prefix == poem->probes[POEM_PROBES - 1]) chapter_say(cli, "\n");
}

/* Bars: what each student expects at the end of line 3 (the poem's
 * second probe), over the lazy student's five likeliest tokens. */
static int plot_next(const Cli *cli, Student *st, const Poem *poem)
{
    int prefix = poem->probes[1], ctx[WINDOW_LM_MAX_CONTEXT], top[TOP];
    float values[STUDENTS * TOP];
    const char *labels[TOP], *groups[STUDENTS] = {
        "remembers 1 token", "remembers 2 (lazy)", "remembers 3"};
    for (int i = LAZY; i < LAZY + STUDENTS; i++) {   // the lazy one first
        Student *s = &st[i % STUDENTS];
        last_tokens(ctx, poem->ids.ids, prefix, s->K, poem->sos);
        const float *probs = window_lm_predict(&s->lm, ctx);
        if (i == LAZY) topk_indices(top, probs, poem->vocab.n, TOP);
        for (int j = 0; j < TOP; j++)
            values[(i % STUDENTS) * TOP + j] = probs[top[j]];
    }
    for (int j = 0; j < TOP; j++) labels[j] = poem_label(poem, top[j]);
    PlotStyle ps = plot_style("What comes after the third line?",
                              "next token", "probability");
    ps.scale = cli->scale;
    int rc = plot_grouped_bars(cli->out, "01-next-token", labels, TOP, groups,
                               STUDENTS, values, &ps);
    return chapter_plot_done(cli, rc, "01-next-token");
}

static int plot_losses(const Cli *cli, const Student *st, int steps)
{
    PlotSeries series[STUDENTS] = {
        {"remembers 1 token", NULL, st[0].loss, steps},
        {"remembers 2 (lazy)", NULL, st[1].loss, steps},
        {"remembers 3", NULL, st[2].loss, steps}};
    PlotStyle ps = plot_style("Learning the poem by heart", "step",
                              "cross-entropy loss (nats)");
    ps.log_y = 1;
    ps.scale = cli->scale;
    int rc = plot_lines(cli->out, "01-loss", series, STUDENTS, &ps);
    return chapter_plot_done(cli, rc, "01-loss");
}

/* How each student recites from the first two tokens, always taking the
 * likeliest next token, then a few poems sampled at temperature. */
static int show_recitals(const Cli *cli, Student *st, const Poem *poem,
                         float temperature)
{
    int max = poem->ids.n * 3 / 2, *seq = malloc((size_t)max * sizeof *seq);
    if (!seq) return error_set("out of memory");
    char buf[1024];
    Rng rng;
    rng_seed(&rng, (uint64_t)cli->seed);
    chapter_say(cli, "Reciting from the first two tokens, greedy:\n");
    for (int k = 0; k < STUDENTS + 2 * SAMPLES; k++) {
        int sampled = k >= STUDENTS;
        Student *s = sampled ? &st[(k - STUDENTS) / SAMPLES] : &st[k];
        if (k == STUDENTS)
            chapter_say(cli, "\nSampling at temperature %g instead:\n",
                        (double)temperature);
        memcpy(seq, poem->ids.ids, 2 * sizeof *seq);
        int n = recite(s, poem, seq, 2, max, sampled ? temperature : 0.0f,
                       &rng);
        chapter_say(cli, "remembers %d%s:%s\n  %s\n", s->K,
                    sampled ? (k - STUDENTS) % SAMPLES ? ", sample 2"
                                                       : ", sample 1"
                            : "",
                    seq[n - 1] != poem->eos ? " (cut off)" : "",
                    poem_format(poem, seq, n, 0, buf, sizeof buf));
    }
    free(seq);
    return 0;
}

static void show_poem(const Cli *cli, const Poem *poem)
{
    char buf[1024];
    chapter_say(cli, "Quiet Night Thought, Li Bai: %d tokens, %d distinct "
                "(with [SOS], [EOS] and \\n)\n\n  %s\n\nToken ids:",
                poem->ids.n, poem->vocab.n,
                poem_format(poem, poem->ids.ids, poem->ids.n, 0, buf,
                            sizeof buf));
    for (int i = 0; i < 8; i++)
        chapter_say(cli, " %s=%d", poem_label(poem, poem->ids.ids[i]),
                    poem->ids.ids[i]);
    chapter_say(cli, " ...\n\n");
}

int main(int argc, char **argv)
{
    int steps = 300;
    float lr = 1e-3f, temperature = 0.8f;
    const char *text = "zh";
    CliOption opts[] = {
        {"--steps", CLI_INT, &steps, "training steps", 10, 100000},
        {"--lr", CLI_FLOAT, &lr, "peak learning rate", 1e-6, 1},
        {"--temperature", CLI_FLOAT, &temperature,
         "sampling temperature (0: greedy)", 0, 100},
        {"--text", CLI_STRING, &text, "the poem: zh (Chinese) or en", 0, 0},
    };
    Cli cli = cli_defaults("chapter-01", "a language model: next-token "
                           "probabilities, learned from a poem");
    int rc = cli_parse(&cli, argc, argv, opts, 4);
    if (rc >= 0) return rc;
    if (strcmp(text, "zh") != 0 && strcmp(text, "en") != 0) {
        fprintf(stderr, "chapter-01: error: --text: expected zh or en, got "
                "'%s'\n", text);
        return 2;
    }
    if (cli.fast) steps = 40;
    if (chapter_prepare_out(&cli) != 0) return cli_fail(&cli, error_message());

    Poem poem;
    if (poem_load(&poem, text) != 0) return cli_fail(&cli, error_message());
    show_poem(&cli, &poem);
    Student st[STUDENTS] = {{.K = 1}, {.K = 2}, {.K = 3}};
    rc = 0;
    for (int i = 0; i < STUDENTS && rc == 0; i++)
        rc = student_train(&st[i], &poem, steps, lr, (uint64_t)cli.seed + i);
    if (rc == 0) {
        show_losses(&cli, st, steps, poem.ids.n);
        chapter_say(&cli, "What the lazy student (2 tokens) expects next:\n");
        for (int p = 0; p < POEM_PROBES; p++)
            show_next(&cli, &st[LAZY], &poem, poem.probes[p]);
        rc = show_recitals(&cli, st, &poem, temperature);
    }
    if (rc == 0) rc = plot_losses(&cli, st, steps);
    if (rc == 0) rc = plot_next(&cli, st, &poem);
    if (rc != 0) rc = cli_fail(&cli, error_message());
    for (int i = 0; i < STUDENTS; i++) student_free(&st[i]);
    poem_free(&poem);
    return rc;
}
