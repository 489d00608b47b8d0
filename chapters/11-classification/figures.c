#include "figures.h"

#include "chapter.h"
#include "fileio.h"
#include "heatmap.h"
#include "plot.h"

int draw_figures(const Cli *cli, const Run *pre, const Run *scratch,
                 const int *confusion)
{
    PlotSeries series[4] = { // no curves when nothing was trained
        {"pre-trained: dev", pre->epoch, pre->dev_acc, pre->n},
        {"random weights: dev", scratch->epoch, scratch->dev_acc,
         scratch->n},
        {"pre-trained: test", pre->test_epoch, pre->test_acc, pre->n_test},
        {"random weights: test", scratch->test_epoch, scratch->test_acc,
         scratch->n_test},
    };
    PlotStyle ps = plot_style("accuracy while fine-tuning", "epoch",
                              "accuracy (%)");
    ps.scale = cli->scale;
    int rc = pre->n ? plot_lines(cli->out, "11-pretraining-vs-scratch",
                                 series, 4, &ps)
                    : 0;
    if (pre->n && chapter_plot_done(cli, rc, "11-pretraining-vs-scratch"))
        return -1;
    float share[NL * NL]; // each row: where one true class went
    for (int i = 0; i < NL; i++) {
        int total = 0;
        for (int j = 0; j < NL; j++) total += confusion[i * NL + j];
        for (int j = 0; j < NL; j++)
            share[i * NL + j] = total ? (float)confusion[i * NL + j] / total
                                      : 0.0f;
    }
    HeatmapStyle st = heatmap_style("confusion matrix, test set");
    st.subtitle = "share of each true class";
    st.row_labels = COMPLAINT_LABELS;
    st.col_labels = COMPLAINT_LABELS;
    st.row_axis = "true class";
    st.col_axis = "predicted";
    st.values = 1;
    st.vmin = 0.0f, st.vmax = 1.0f;
    st.scale = cli->scale;
    char path[FILEIO_PATH_MAX];
    chapter_figure(cli, "11-confusion.png", path, sizeof path);
    return heatmap_write(path, share, NL, NL, &st);
}

