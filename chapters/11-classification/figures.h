/* figures: chapter 11's two figures. 11-pretraining-vs-scratch.png draws
 * the dev accuracy (four times an epoch) and the test accuracy (at the end
 * of each epoch) of the two runs, fine-tuning from the pre-trained model
 * and from random weights; 11-confusion.png is the test set's confusion
 * matrix, each row divided by its total.
 *
 *     Run pre = {0}, scratch = {0};      // filled while fine-tuning
 *     int confusion[NL * NL];            // [true][predicted] counts
 *     if (draw_figures(&cli, &pre, &scratch, confusion) != 0) ...
 *
 * With pre.n == 0 (nothing was trained) only the confusion matrix is
 * drawn. Returns 0, or -1 with error_message().
 */
#ifndef FIGURES_H
#define FIGURES_H

#include "cli.h"
#include "complaints.h"

#define NL COMPLAINT_N_LABELS

typedef struct {
    float *epoch, *dev_acc;  /* (n) dev accuracy, 4 times an epoch */
    int n;
    float test_epoch[101], test_acc[101];  /* (n_test) at epoch ends */
    int n_test;
} Run;

int draw_figures(const Cli *cli, const Run *pre, const Run *scratch,
                 const int *confusion);

#endif
