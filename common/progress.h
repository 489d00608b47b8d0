/* progress: how a long loop reports itself. On a terminal, one line
 * redrawn in place (a bar, the step, the loss, tokens per second and the
 * time left); when the output is a file or a pipe, a plain line every
 * tenth of the run; with --quiet, nothing.
 *
 *     Progress p;
 *     progress_start(&p, "pre-training", steps, cli.quiet);
 *     for (int s = 0; s < steps; s++) {
 *         ...
 *         progress_update(&p, s + 1, loss, tokens_this_step);
 *     }
 *     progress_end(&p);
 *
 * Writes to stdout. Never fails.
 */
#ifndef PROGRESS_H
#define PROGRESS_H

typedef struct {
    const char *what;
    int total, quiet, tty;
    double start, last_draw;
    double tokens;
    int last_line_step;
} Progress;

void progress_start(Progress *p, const char *what, int total, int quiet);
void progress_update(Progress *p, int step, float loss, long tokens);
void progress_end(Progress *p);
/* Seconds on a monotonic clock (for the caller's own timings). */
double progress_now(void);

#endif
