#include "print_matrix.h"

#include "chapter.h"

void print_matrix(const Cli *cli, const float *m, int rows, int cols,
                  const char *const *row_labels,
                  const char *const *col_labels)
{
    chapter_say(cli, "   %-7s", "");
    for (int j = 0; j < cols; j++) chapter_say(cli, " %6.6s", col_labels[j]);
    chapter_say(cli, "\n");
    for (int i = 0; i < rows; i++) {
        chapter_say(cli, "   %-7.7s", row_labels[i]);
        for (int j = 0; j < cols; j++)
            chapter_say(cli, " %6.2f", m[(long)i * cols + j]);
        chapter_say(cli, "\n");
    }
}
