/* cli: the command line every chapter shares.
 *
 *     int steps = 300;                        // the default, shown by --help
 *     const char *text = NULL;
 *     CliOption opts[] = {
 *         {"--steps", CLI_INT, &steps, "training steps", 1, 1e6},
 *         {"--text", CLI_STRING, &text, "text to classify", 0, 0},
 *     };
 *     Cli cli = cli_defaults("chapter-07", "WordPiece, BERT's tokenizer");
 *     int rc = cli_parse(&cli, argc, argv, opts, 2);
 *     if (rc >= 0) return rc;        // after --help (0) or a usage error (2)
 *
 * Every chapter accepts -h/--help, --seed N, --out DIR, --quiet, --fast and
 * --scale K (figure pixels per cell multiplier). cli_parse returns -1 when
 * the program should go on, 0 after printing the help, and 2 after a usage
 * error, printed as one line on stderr ("chapter-07: error: --steps: expected
 * a whole number from 1 to 1000000, got 'abc'") plus a hint. Unlike the rest
 * of the library this module prints, because the command line is its job.
 */
#ifndef CLI_H
#define CLI_H

typedef enum { CLI_FLAG, CLI_INT, CLI_FLOAT, CLI_STRING } CliKind;

typedef struct {
    const char *name;     /* "--steps" */
    CliKind kind;         /* FLAG: int 0/1; INT: int; FLOAT: float;
                             STRING: const char * */
    void *value;          /* holds the default before parsing */
    const char *help;
    double min, max;      /* the allowed range of INT and FLOAT */
} CliOption;

typedef struct {
    const char *program;  /* "chapter-07", the prefix of every message */
    const char *summary;  /* one line for --help */
    int seed;             /* --seed, default 42 */
    const char *out;      /* --out, default "figures" */
    int quiet;            /* --quiet: no narrative, no progress bars */
    int fast;             /* --fast: tiny sizes for tests (seconds) */
    int scale;            /* --scale: figure magnification, default 1 */
} Cli;

Cli cli_defaults(const char *program, const char *summary);
int cli_parse(Cli *cli, int argc, char **argv, const CliOption *opts, int n);
/* Prints "program: error: <message>" on stderr and returns 1, the exit
 * status of a runtime failure: `return cli_fail(&cli, error_message());` */
int cli_fail(const Cli *cli, const char *message);

/* The sizes of a run that trains a small BERT from nothing (chapters 08,
 * 09 and 10), each an option of the same name:
 *
 *     CliOption opts[4 + CLI_TRAIN_OPTIONS] = {{"--text", ...}, ...};
 *     int n = 4 + cli_train_options(opts + 4, &o.train);
 *     int rc = cli_parse(&cli, argc, argv, opts, n);
 *     if (rc < 0) rc = cli_train_finish(&cli, &o.train, &fast_sizes);
 *     if (rc >= 0) return rc;
 */
typedef struct {
    int steps, batch, seq_len;         /* --steps, --batch, --seq-len */
    int layers, hidden, heads;         /* --layers, --hidden, --heads */
    float lr;                          /* --lr, the peak learning rate */
    int docs, vocab_size;              /* --docs, --vocab-size */
} CliTrain;

#define CLI_TRAIN_OPTIONS 9
/* Writes the CLI_TRAIN_OPTIONS options over *t into out; returns their
 * number. */
int cli_train_options(CliOption *out, CliTrain *t);
/* With --fast, takes the sizes of *fast instead (steps at most fast's;
 * heads and lr stay the user's). Then returns -1 when the sizes fit
 * together, else prints the usage error (--hidden not divisible by
 * --heads) and returns 2. */
int cli_train_finish(const Cli *cli, CliTrain *t, const CliTrain *fast);

#endif
