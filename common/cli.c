#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Cli cli_defaults(const char *program, const char *summary)
{
    Cli cli = {program, summary, 42, "figures", 0, 0, 1};
    return cli;
}

int cli_fail(const Cli *cli, const char *message)
{
    fprintf(stderr, "%s: error: %s\n", cli->program, message);
    return 1;
}

static void print_default(const CliOption *o)
{
    switch (o->kind) {
    case CLI_FLAG: break;
    case CLI_INT: printf(" (default %d)", *(int *)o->value); break;
    case CLI_FLOAT: printf(" (default %g)", *(float *)o->value); break;
    case CLI_STRING: {
        const char *s = *(const char **)o->value;
        if (s) printf(" (default %s)", s);
        break;
    }
    }
}

static void print_option(const CliOption *o)
{
    const char *arg = o->kind == CLI_INT      ? " N"
                      : o->kind == CLI_FLOAT  ? " X"
                      : o->kind == CLI_STRING ? " STR"
                                              : "";
    char left[64];
    snprintf(left, sizeof left, "%s%s", o->name, arg);
    printf("  %-18s %s", left, o->help);
    print_default(o);
    printf("\n");
}

static void print_help(const Cli *cli, CliOption *common, int nc,
                       const CliOption *opts, int n)
{
    printf("%s: %s\n\nusage: %s [options]\n\n", cli->program, cli->summary,
           cli->program);
    printf("  %-18s %s\n", "-h, --help", "print this help and exit");
    for (int i = 0; i < nc; i++) print_option(&common[i]);
    for (int i = 0; i < n; i++) print_option(&opts[i]);
    printf("\nExit status: 0 success, 1 runtime failure, 2 usage error.\n");
}

static int usage_error(const Cli *cli, const char *fmt, const char *a,
                       const char *b)
{
    fprintf(stderr, "%s: error: ", cli->program);
    fprintf(stderr, fmt, a, b);
    fprintf(stderr, "\nhint: %s --help lists every option\n", cli->program);
    return 2;
}

/* Parses `text` as the option's kind into its value; 0 on success. */
static int set_value(const Cli *cli, const CliOption *o, const char *text)
{
    char *end;
    char range[96];
    if (o->kind == CLI_STRING) {
        *(const char **)o->value = text;
        return 0;
    }
    errno = 0;
    double v = o->kind == CLI_INT ? (double)strtol(text, &end, 10)
                                  : strtod(text, &end);
    int bad = end == text || *end != '\0' || errno != 0 || isnan(v) ||
              v < o->min || v > o->max;
    if (bad) {
        /* whole-number bounds in full: 2147483647, not 2.14748e+09 */
        if (o->kind == CLI_INT)
            snprintf(range, sizeof range, "a whole number from %.0f to %.0f",
                     o->min, o->max);
        else
            snprintf(range, sizeof range, "a number from %g to %g", o->min,
                     o->max);
        fprintf(stderr, "%s: error: %s: expected %s, got '%s'\n",
                cli->program, o->name, range, text);
        fprintf(stderr, "hint: %s --help lists every option\n", cli->program);
        return 2;
    }
    if (o->kind == CLI_INT)
        *(int *)o->value = (int)v;
    else
        *(float *)o->value = (float)v;
    return 0;
}

int cli_parse(Cli *cli, int argc, char **argv, const CliOption *opts, int n)
{
    CliOption common[] = {
        {"--seed", CLI_INT, &cli->seed, "random seed", 0, 2147483647},
        {"--out", CLI_STRING, &cli->out, "directory for figures", 0, 0},
        {"--quiet", CLI_FLAG, &cli->quiet, "no narrative, no progress", 0, 0},
        {"--fast", CLI_FLAG, &cli->fast, "tiny sizes, for tests", 0, 0},
        {"--scale", CLI_INT, &cli->scale, "figure magnification", 1, 8},
    };
    int nc = (int)(sizeof common / sizeof common[0]);
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
            print_help(cli, common, nc, opts, n);
            return 0;
        }
        const CliOption *o = NULL;
        for (int k = 0; k < nc && !o; k++)
            if (!strcmp(arg, common[k].name)) o = &common[k];
        for (int k = 0; k < n && !o; k++)
            if (!strcmp(arg, opts[k].name)) o = &opts[k];
        if (!o) return usage_error(cli, "unknown option '%s'%s", arg, "");
        if (o->kind == CLI_FLAG) {
            *(int *)o->value = 1;
            continue;
        }
        if (i + 1 >= argc)
            return usage_error(cli, "%s: missing value%s", arg, "");
        int rc = set_value(cli, o, argv[++i]);
        if (rc) return rc;
    }
    if (cli->out[0] == '\0')
        return usage_error(cli, "--out: empty directory name%s%s", "", "");
    return -1;
}

int cli_train_options(CliOption *out, CliTrain *t)
{
    const CliOption opts[CLI_TRAIN_OPTIONS] = {
        {"--steps", CLI_INT, &t->steps, "training steps", 1, 1e7},
        {"--batch", CLI_INT, &t->batch, "sentence pairs per step", 1, 4096},
        {"--seq-len", CLI_INT, &t->seq_len, "tokens per pair", 16, 512},
        {"--layers", CLI_INT, &t->layers, "encoder layers", 1, 48},
        {"--hidden", CLI_INT, &t->hidden, "hidden size", 8, 4096},
        {"--heads", CLI_INT, &t->heads, "attention heads", 1, 64},
        {"--lr", CLI_FLOAT, &t->lr, "peak learning rate", 1e-7, 1},
        {"--docs", CLI_INT, &t->docs, "generated training documents", 20,
         1e6},
        {"--vocab-size", CLI_INT, &t->vocab_size, "largest WordPiece "
         "vocabulary", 100, 100000},
    };
    memcpy(out, opts, sizeof opts);
    return CLI_TRAIN_OPTIONS;
}

int cli_train_finish(const Cli *cli, CliTrain *t, const CliTrain *fast)
{
    if (cli->fast) {
        t->steps = t->steps < fast->steps ? t->steps : fast->steps;
        t->batch = fast->batch, t->seq_len = fast->seq_len;
        t->layers = fast->layers, t->hidden = fast->hidden;
        t->docs = fast->docs, t->vocab_size = fast->vocab_size;
    }
    if (t->hidden % t->heads == 0) return -1;
    char hidden[16], heads[16];
    snprintf(hidden, sizeof hidden, "%d", t->hidden);
    snprintf(heads, sizeof heads, "%d", t->heads);
    return usage_error(cli, "--hidden %s is not divisible by --heads %s",
                       hidden, heads);
}
