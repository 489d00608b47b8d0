/* answer: chapter 12's answer to one question about one context, printed
 * with the answer marked in the context, plus the start/end figure and the
 * --dump arrays of the window it came from.
 *
 *     QaWindowConfig wc = {64, 32, 21};
 *     if (answer(&cli, &m, &tok, &wc, question, context, 1, 0, NULL) != 0)
 *         return cli_fail(&cli, error_message());
 *
 * It prints (even with --quiet when always is set) the question, the
 * context with the answer in green on a terminal or in [brackets]
 * otherwise, and the three best spans with their probabilities. With draw,
 * it writes 12-start-end.png into --out; with dump, the arrays of
 * bert_dump.h and start_logits.npy / end_logits.npy (T) into that
 * directory. Returns 0, or -1 with error_message().
 */
#ifndef ANSWER_H
#define ANSWER_H

#include "bert.h"
#include "cli.h"
#include "qa_decode.h"

int answer(const Cli *cli, Bert *m, const Tokenizer *tok,
           const QaWindowConfig *wc, const char *question,
           const char *context, int always, int draw, const char *dump);
/* Fails as answer would on a question and context it cannot read (a
 * context without tokens), without a model: for checking them before
 * training. Returns 0, or -1 with error_message(). */
int answer_check(const Tokenizer *tok, const QaWindowConfig *wc,
                 const char *question, const char *context);

#endif
