/* show: how chapter 07 prints WordPiece at work.
 *
 *     show_tokens(&cli, &tok, "he likes playing", NULL);
 *     show_greedy(&cli, &tok, "rethinking");
 *     int n = fewest_pieces(&tok.vocab, "rethinking", ids);
 *
 * show_tokens prints a text and its pieces on one line, the text padded to
 * 22 terminal columns (CJK characters count two), then an optional note.
 *
 * show_greedy prints, piece by piece, the rest of the word that WordPiece
 * (tokenizer.h) was looking at and the longest vocabulary piece it took,
 * then the split with the fewest pieces when that is shorter: greedy never
 * looks ahead, so it can take a long piece now and pay with several short
 * ones later. fewest_pieces finds that split by dynamic programming over
 * the word's code points.
 *
 * Errors: show_tokens prints nothing when tokenizing fails (out of
 * memory); show_greedy and fewest_pieces return -1 with error_message()
 * (out of memory, a word longer than GREEDY_MAX_CHARS). Printing goes
 * through chapter_say, so --quiet silences it.
 */
#ifndef SHOW_H
#define SHOW_H

#include "cli.h"
#include "tokenizer.h"

#define GREEDY_MAX_CHARS 64

void show_tokens(const Cli *cli, const Tokenizer *t, const char *text,
                 const char *note);

/* Prints the greedy steps for the first word of text. */
int show_greedy(const Cli *cli, const Tokenizer *t, const char *text);

/* The fewest vocabulary pieces that spell word (already normalised, as
 * the basic tokenizer gives it; "##" pieces after the first), or 0 when
 * no split exists. ids (GREEDY_MAX_CHARS) receives the pieces' ids; among
 * equally short splits, the one whose first pieces are longest. */
int fewest_pieces(const Vocab *v, const char *word, int *ids);

#endif
