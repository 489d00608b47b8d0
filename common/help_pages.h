/* help_pages: the internet provider's help pages, one of the kinds of
 * document in the generated pre-training corpus (corpus.h).
 *
 *     char page[HELP_PAGE_MAX][WORLD_SENTENCE_MAX];
 *     int n = help_page(page, &rng, WORLD_PHRASING_TRAIN);
 *     // "The AirGate X9 is a router for your home."
 *     // "If you notice a burning smell, unplug the router at once." ...
 *
 * Why they exist: the classification chapter fine-tunes on complaints
 * about routers, apps and bills. A pre-trained BERT has read text like
 * this before (real BERT read books and Wikipedia); ours has read only
 * what we generate, so we generate it. A page tells how one product of
 * the provider's catalogue (complaints.h, all of it) works, breaks or is
 * paid for, in the words of a help page, never those of a complaint, and
 * it never says which team handles what: that is what fine-tuning
 * learns.
 *
 * A page has 3 to HELP_PAGE_MAX sentences. As in corpus.h, the last
 * phrasing of each list is held out: mode WORLD_PHRASING_TRAIN never uses
 * it, WORLD_PHRASING_HELDOUT opens the page with it, WORLD_PHRASING_ANY
 * uses it like the others (world.h).
 */
#ifndef HELP_PAGES_H
#define HELP_PAGES_H

#include "rng.h"
#include "world.h"

#define HELP_PAGE_MAX 7

/* Writes one page into out and returns its number of sentences. */
int help_page(char (*out)[WORLD_SENTENCE_MAX], Rng *rng,
              WorldPhrasing mode);

#endif
