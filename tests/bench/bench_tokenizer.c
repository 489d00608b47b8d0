/* bench tokenizer: MB/s of the WordPiece tokenizer on about 8 MB of
 * generated text (English with accents, punctuation, digits and some CJK),
 * with an 8000-entry vocabulary learned from its first 4 MB, both as
 * one long text and line by line; and the time the vocabulary took. */
#include "bench.h"
#include "error.h"
#include "rng.h"
#include "tokenizer.h"
#include "vocab_train.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const SUBJECTS[] = {
    "The caf\xC3\xA9 owner", "A na\xC3\xAFve student", "Our team",
    "The old lighthouse keeper", "Every researcher", "My neighbour",
    "The committee in Qu\303\251bec", "A traveller from Z\xC3\xBCrich",
    "The children of S\xC3\xA3o Paulo", "Nobody", "The translator",
    "Professor M\xC3\xBCller", "The engineers at \xE5\x8C\x97\xE4\xBA\xAC",
};
static const char *const VERBS[] = {
    "was running", "kept reading", "quietly measured", "is rebuilding",
    "had forgotten", "will be visiting", "carefully explained",
    "couldn't find", "enjoyed cooking", "was photographing", "misunderstood",
    "reorganised", "is tokenizing",
};
static const char *const OBJECTS[] = {
    "the unwanted letters", "a bowl of cr\xC3\xA8me br\xC3\xBBl\303\251e",
    "the longest bridge in the region", "three hundred pages",
    "an unbelievably complicated machine", "the river's northern bank",
    "their grandmother's recipes", "a map of \xE6\x9D\xB1\xE4\xBA\xAC",
    "the results of experiment 42", "everything (again)",
    "the \"final\" version", "forty-two questions", "the r\xC3\xA9sum\xC3\xA9",
};
static const char *const ENDINGS[] = {
    ".", "!", "?", "; nobody knew why.", ", as usual.", " \xE2\x80\x94 again.",
    " yesterday.", " in 1987.", ": a surprise!", "\xE3\x80\x82",
};

/* Made-up names from syllables: tens of thousands of distinct words, so
 * that the vocabulary fills up and WordPiece has words to split. */
static const char *const SYLLABLES[] = {
    "ka", "lo", "mi", "ren", "tor", "vel", "an", "ush", "pri", "dal", "Ã©n",
    "qua", "zo", "bri", "sen", "thal", "ix", "mor", "gu", "ste", "fa", "ny",
    "cor", "Ã¶k", "ler", "wen", "pa", "dru", "os", "hil", "jar", "em",
};

#define PICK(rng, list) list[rng_int(rng, (int)(sizeof list / sizeof *list))]

static const char *made_up_word(Rng *rng, char *buf)
{
    int n = 2 + rng_int(rng, 3), len = 0;
    for (int i = 0; i < n; i++)
        len += sprintf(buf + len, "%s", PICK(rng, SYLLABLES));
    if (rng_int(rng, 2)) buf[0] = (char)(buf[0] - 'a' + 'A');
    return buf;
}

typedef struct {
    const Tokenizer *tok;
    const char *text;
    long len;
    char **lines;
    int n_lines;
    TokenList tl;
    long tokens;
} Job;

static void run_whole(void *arg)
{
    Job *j = arg;
    tokenizer_tokenize(j->tok, j->text, j->len, &j->tl);
    j->tokens = j->tl.n;
}

static void run_lines(void *arg)
{
    Job *j = arg;
    j->tokens = 0;
    for (int i = 0; i < j->n_lines; i++) {
        tokenizer_tokenize(j->tok, j->lines[i], (long)strlen(j->lines[i]),
                           &j->tl);
        j->tokens += j->tl.n;
    }
}

void bench_tokenizer(void)
{
    /* About 8 MB of sentences, one per line, from a fixed seed. */
    const long target = 8L << 20;
    char *text = malloc((size_t)target + 512);
    int cap_lines = 1 << 18, n_lines = 0;
    char **lines = malloc((size_t)cap_lines * sizeof *lines);
    long *starts = malloc((size_t)cap_lines * sizeof *starts);
    if (!text || !lines || !starts) {
        fprintf(stderr, "bench tokenizer: out of memory\n");
        return;
    }
    Rng rng;
    rng_seed(&rng, 2018);
    long len = 0;
    while (len < target && n_lines < cap_lines) {
        char name[64];
        starts[n_lines++] = len;
        len += snprintf(text + len, 512, "%s %s %s near %s%s\n",
                        PICK(&rng, SUBJECTS), PICK(&rng, VERBS),
                        PICK(&rng, OBJECTS), made_up_word(&rng, name),
                        PICK(&rng, ENDINGS));
    }
    /* The lines as separate strings for the line-by-line run and the
     * trainer; the text itself stays one block. */
    char *copy = malloc((size_t)len + 1);
    memcpy(copy, text, (size_t)len + 1);
    for (int i = 0; i < n_lines; i++) {
        lines[i] = copy + starts[i];
        char *nl = strchr(lines[i], '\n');
        if (nl) *nl = '\0';
    }
    int n_train = 0;
    while (n_train < n_lines && starts[n_train] < (4L << 20)) n_train++;

    VocabTrainOptions opt = vocab_train_defaults();
    opt.vocab_size = 8000;
    Vocab v;
    VocabTrainStats st;
    double t0 = bench_now();
    if (vocab_train(&v, (const char *const *)lines, n_train, &opt, &st)) {
        fprintf(stderr, "bench tokenizer: %s\n", error_message());
        return;
    }
    double train_s = bench_now() - t0;
    Tokenizer tok;
    if (tokenizer_init(&tok, &v, 0) != 0) {
        fprintf(stderr, "bench tokenizer: %s\n", error_message());
        return;
    }

    Job job = {&tok, text, len, lines, n_lines, {0}, 0};
    double mb = (double)len / (1 << 20);
    double whole_ms = bench_median_ms(run_whole, &job, 3);
    long tokens = job.tokens, unk = 0;
    for (int i = 0; i < job.tl.n; i++) unk += job.tl.ids[i] == tok.unk_id;
    double lines_ms = bench_median_ms(run_lines, &job, 3);

    printf("tokenizer: %.1f MB, %d lines, vocabulary %d (learned in %.2f s "
           "from %d lines, %d merges)\n", mb, n_lines, tok.vocab.n, train_s,
           n_train, st.n_merges);
    printf("  %-22s %10s %10s %10s\n", "mode", "ms", "MB/s", "tokens");
    printf("  %-22s %10.1f %10.1f %10ld\n", "one text", whole_ms,
           mb / (whole_ms / 1e3), tokens);
    printf("  %-22s %10.1f %10.1f %10ld\n", "line by line", lines_ms,
           mb / (lines_ms / 1e3), job.tokens);
    printf("  [UNK] tokens: %ld\n", unk);
    printf("bench tokenizer mb_per_s=%.1f\n", mb / (whole_ms / 1e3));
    printf("bench tokenizer_lines mb_per_s=%.1f\n", mb / (lines_ms / 1e3));
    printf("bench vocab_train mb=%.1f vocab=%d s=%.2f\n",
           (double)starts[n_train - 1] / (1 << 20), tok.vocab.n, train_s);

    tokenizer_tokens_free(&job.tl);
    tokenizer_free(&tok);
    free(text);
    free(copy);
    free(lines);
    free(starts);
}
