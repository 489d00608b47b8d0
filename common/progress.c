#include "progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

double progress_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void progress_start(Progress *p, const char *what, int total, int quiet)
{
    p->what = what;
    p->total = total > 0 ? total : 1;
    p->quiet = quiet;
    p->tty = isatty(fileno(stdout));
    p->start = progress_now();
    p->last_draw = 0.0;
    p->tokens = 0.0;
    p->last_line_step = 0;
}

void progress_update(Progress *p, int step, float loss, long tokens)
{
    p->tokens += (double)tokens;
    if (p->quiet) return;
    double now = progress_now(), elapsed = now - p->start;
    double per_s = elapsed > 0 ? p->tokens / elapsed : 0.0;
    double left = step > 0 ? elapsed * (p->total - step) / step : 0.0;
    int done = step >= p->total;
    if (p->tty) {
        if (!done && now - p->last_draw < 0.1) return; // ten frames a second
        p->last_draw = now;
        enum { WIDTH = 24 };
        char bar[WIDTH + 1];
        int fill = (int)((long)WIDTH * step / p->total);
        for (int i = 0; i < WIDTH; i++) bar[i] = i < fill ? '#' : '.';
        bar[WIDTH] = '\0';
        printf("\r%s [%s] %d/%d loss %.4f  %.0f tokens/s  %.0fs left  ",
               p->what, bar, step, p->total, loss, per_s, left);
        fflush(stdout);
        return;
    }
    if (!done && step - p->last_line_step < (p->total + 9) / 10) return;
    p->last_line_step = step;
    printf("%s: step %d/%d loss %.4f %.0f tokens/s\n", p->what, step,
           p->total, loss, per_s);
    fflush(stdout); // a log file should show the run as it goes
}

void progress_end(Progress *p)
{
    if (!p->quiet && p->tty) printf("\n");
}
