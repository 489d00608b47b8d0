#include "report.h"

#include "chapter.h"
#include "plot.h"

/* EM and F1 of each run on the three held-out sets. */
void report(const Cli *cli, const Sets *s, const Run *const *runs,
            const char *const *names, int n)
{
    chapter_say(cli, "\nHeld-out questions: dev (%d, phrased as in "
                "training), test (%d, new phrasings and places), long (%d, "
                "dev questions on contexts of 12 sentences):\n  %-20s  "
                "%-18s  %-18s  %s\n", s->ex[DEV].n, s->ex[TEST].n,
                s->ex[LONG].n, "", "dev", "test", "long");
    for (int i = 0; i < n; i++) {
        const SquadScores *sc[3] = {&runs[i]->dev, &runs[i]->test,
                                    &runs[i]->test_long};
        chapter_say(cli, "  %-20s", names[i]);
        for (int k = 0; k < 3; k++)
            chapter_say(cli, "  EM %5.1f F1 %5.1f", 100 * sc[k]->em_sum /
                        sc[k]->n, 100 * sc[k]->f1_sum / sc[k]->n);
        chapter_say(cli, "\n");
    }
}

int draw_curves(const Cli *cli, const Run *pre, const Run *scratch)
{
    PlotSeries series[2] = {
        {"pre-trained (chapter 10)", pre->epoch, pre->dev_f1, pre->n},
        {"random weights", scratch->epoch, scratch->dev_f1, scratch->n},
    };
    PlotStyle ps = plot_style("dev F1 while fine-tuning", "epoch", "F1");
    ps.scale = cli->scale;
    int rc = plot_lines(cli->out, "12-pretraining-vs-scratch", series, 2,
                        &ps);
    return chapter_plot_done(cli, rc, "12-pretraining-vs-scratch");
}

