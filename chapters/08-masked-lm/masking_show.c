/* The masking rule on one sentence, then measured over the corpus. */
#include "masked_lm.h"

#include "chapter.h"
#include "error.h"
#include "plot.h"

#include <string.h>

#define SLIDE_TOKENS 64

static const char SLIDE[] = "Rome is the capital of Italy, which is why it "
                            "hosts many government buildings.";

static void say_tokens(const Cli *cli, const Tokenizer *tok, const int *ids,
                       int T)
{
    for (int t = 0; t < T; t++)
        chapter_say(cli, " %s", vocab_token(&tok->vocab, ids[t]));
    chapter_say(cli, "\n");
}

int show_fates(const Cli *cli, const Tokenizer *tok, Rng *rng)
{
    int ids[SLIDE_TOKENS], seen[SLIDE_TOKENS];
    int T = tokenizer_encode(tok, SLIDE, NULL, SLIDE_TOKENS, ids, NULL, NULL);
    if (T < 0) return -1;
    if (tok->mask_id < 0)
        return error_set("the vocabulary has no [MASK] token");
    MaskingConfig mc = masking_defaults();
    chapter_say(cli, "The slide's sentence, %d tokens:\n ", T);
    say_tokens(cli, tok, ids, T);
    chapter_say(cli, "15%% of %d tokens is %.2f, rounded half to even: %d "
                "positions are chosen for prediction.\n", T, 0.15 * T,
                masking_count(&mc, T));

    // the word of the slide if the vocabulary has it whole, else token 1
    int t = 1;
    for (int i = 1; i < T - 1; i++)
        if (strcmp(vocab_token(&tok->vocab, ids[i]), "capital") == 0) t = i;
    const char *word = vocab_token(&tok->vocab, ids[t]);
    //> three-fates
    // what the model is shown at a chosen position; the label stays ids[t]
    int shown[3] = {tok->mask_id, rng_int(rng, tok->vocab.n), ids[t]};
    //< three-fates
    static const char *const fate[3] = {
        "80%: [MASK]        ", "10%: random token  ", "10%: unchanged     "};
    chapter_say(cli, "\nSay \"%s\" (position %d) is chosen. What the model "
                "is shown there:\n", word, t);
    for (int k = 0; k < 3; k++) {
        memcpy(seen, ids, sizeof(int) * T);
        seen[t] = shown[k];
        chapter_say(cli, "  %s", fate[k]);
        say_tokens(cli, tok, seen, T);
    }
    chapter_say(cli, "In all three cases the label at position %d is \"%s\":"
                " the model must say what was there.\n", t, word);

    int pos[SLIDE_TOKENS], lab[SLIDE_TOKENS];
    memcpy(seen, ids, sizeof(int) * T);
    int n = masking_apply(seen, T, pos, lab, NULL, &mc, tok, rng, NULL);
    if (n < 0) return -1;
    chapter_say(cli, "\nOne real draw of the rule (masking_apply):\n ");
    say_tokens(cli, tok, seen, T);
    for (int k = 0; k < n; k++) {
        int now = seen[pos[k]];
        chapter_say(cli, "  position %2d: label \"%s\", shown \"%s\" (%s)\n",
                    pos[k], vocab_token(&tok->vocab, lab[k]),
                    vocab_token(&tok->vocab, now),
                    now == tok->mask_id ? "[MASK]"
                    : now == lab[k]     ? "unchanged"
                                        : "random");
    }
    return 0;
}

/* Chosen positions that hold [CLS] or a [SEP]: the rule says none. */
static long chosen_specials(const PretrainData *d)
{
    long count = 0;
    for (int i = 0; i < d->n; i++) {
        const PretrainInstance *in = &d->inst[i];
        for (int k = 0; k < in->n_pred; k++) {
            int t = d->positions[in->pred_start + k];
            count += t == 0 || t == in->n_a + 1 || t == in->n_tokens - 1;
        }
    }
    return count;
}

int show_masking_stats(const Cli *cli, const MaskingStats *st,
                       const PretrainData *data)
{
    if (st->tokens == 0 || st->chosen == 0)
        return error_set("masking statistics: no token was masked");
    double tokens = (double)st->tokens, chosen = (double)st->chosen;
    float measured[4] = {
        (float)(100 * chosen / tokens), (float)(100 * st->to_mask / chosen),
        (float)(100 * st->to_random / chosen),
        (float)(100 * st->kept / chosen)};
    chapter_say(cli, "\nMasking measured over the pre-training data: %ld "
                "sequences, %ld tokens\n", st->sequences, st->tokens);
    chapter_say(cli, "  %-28s %9s %9s   %s\n", "", "count", "share",
                "the rule");
    chapter_say(cli, "  %-28s %9ld %8.2f%%   never candidates\n",
                "[CLS] and [SEP]", st->specials, 100 * st->specials / tokens);
    chapter_say(cli, "  %-28s %9ld %8.2f%%   15%% of tokens\n",
                "chosen for prediction", st->chosen, measured[0]);
    chapter_say(cli, "  %-28s %9ld %8.2f%%   80%% of chosen\n",
                "  shown as [MASK]", st->to_mask, measured[1]);
    chapter_say(cli, "  %-28s %9ld %8.2f%%   10%% of chosen\n",
                "  shown as a random token", st->to_random, measured[2]);
    chapter_say(cli, "  %-28s %9ld %8.2f%%   10%% of chosen\n",
                "  shown unchanged", st->kept, measured[3]);
    chapter_say(cli, "  %-28s %9ld\n", "chosen [CLS] or [SEP]",
                chosen_specials(data));
    MaskingConfig mc = masking_defaults();
    chapter_say(cli, "Every sequence gets exactly round(0.15 x T) "
                "predictions: %d for T = 30 (4.5 rounds to even), %d for "
                "T = 128.\n", masking_count(&mc, 30), masking_count(&mc, 128));

    static const char *const labels[4] = {
        "chosen (of all tokens)", "[MASK] (of chosen)",
        "random (of chosen)", "unchanged (of chosen)"};
    static const char *const groups[2] = {"measured", "the rule"};
    float values[8] = {measured[0], measured[1], measured[2], measured[3],
                       15.0f, 80.0f, 10.0f, 10.0f};
    PlotStyle ps = plot_style("BERT's masking, measured on the corpus", NULL,
                              "percent");
    ps.scale = cli->scale;
    int rc = plot_grouped_bars(cli->out, "08-masking", labels, 4, groups, 2,
                               values, &ps);
    return chapter_plot_done(cli, rc, "08-masking");
}
