/* report: chapter 12's scores and its curve. The three held-out sets are
 * dev (new questions phrased as in training), test (new phrasings, places
 * training never asks about) and long (dev questions on paragraphs of 12
 * sentences, several windows each).
 *
 *     const Run *runs[2] = {&pre, &scratch};
 *     const char *names[2] = {"pre-trained", "from random weights"};
 *     report(&cli, &sets, runs, names, 2);   // a table of EM and F1
 *     if (draw_curves(&cli, &pre, &scratch) != 0) ... error_message()
 *
 * draw_curves writes 12-pretraining-vs-scratch.png (dev F1 of both runs,
 * four times an epoch) and returns 0, or -1 with error_message().
 */
#ifndef REPORT_H
#define REPORT_H

#include "cli.h"
#include "qa_decode.h"
#include "squad_eval.h"

enum { TRAIN, DEV, TEST, LONG, N_SETS };

typedef struct {
    QaSet ex[N_SETS];
    QaFeatures f[N_SETS];
} Sets;

typedef struct {
    float *epoch, *dev_f1;   /* (n) points of the dev F1 curve */
    int n;
    SquadScores dev, test, test_long;  /* at the end */
} Run;

void report(const Cli *cli, const Sets *s, const Run *const *runs,
            const char *const *names, int n);
int draw_curves(const Cli *cli, const Run *pre, const Run *scratch);

#endif
