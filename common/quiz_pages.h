/* quiz_pages: quiz pages about the world's places, one of the kinds of
 * document in the generated pre-training corpus (corpus.h).
 *
 *     char page[QUIZ_PAGE_MAX][WORLD_SENTENCE_MAX];
 *     int n = quiz_page(page, &rng, WORLD_PHRASING_TRAIN);
 *     // "A quiz about Italy."
 *     // "What is the capital of Italy?"  "Rome is the capital of Italy."
 *     // "Name the currency of Italy."    "Italy uses the euro as its money."
 *
 * Why they exist: the question answering chapter fine-tunes on questions,
 * and a real BERT has read many questions, asked in many ways, before it is
 * fine-tuned. The rest of our corpus states facts and never asks. A quiz
 * page asks two or three questions about one city or country, each
 * followed by the true sentence that answers it (world.h). Its questions
 * are worded in this file's own ways, none of them a question of the
 * question answering data (qa_data.h): the fine-tuned model must still
 * carry what it learned to wordings it has not seen.
 *
 * As in corpus.h, the last phrasing of each list is held out: mode
 * WORLD_PHRASING_TRAIN never uses it, WORLD_PHRASING_HELDOUT opens the
 * page with it, WORLD_PHRASING_ANY uses it like the others (world.h).
 */
#ifndef QUIZ_PAGES_H
#define QUIZ_PAGES_H

#include "rng.h"
#include "world.h"

#define QUIZ_PAGE_MAX 7

/* Writes one page into out and returns its number of sentences. */
int quiz_page(char (*out)[WORLD_SENTENCE_MAX], Rng *rng,
              WorldPhrasing mode);
/* Writes up to cap of the question templates ("Name the river of
 * {city}.") into out and returns how many there are. */
int quiz_question_templates(const char **out, int cap);

#endif
