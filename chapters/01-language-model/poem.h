/* poem: Li Bai's "Quiet Night Thought" (静夜思) as a sequence of tokens,
 * in Chinese (one token per character) or in English (one per word).
 *
 *     Poem poem;
 *     if (poem_load(&poem, "zh") != 0) ... error_message()
 *     // poem.ids.ids[0 .. poem.ids.n): 床 前 明 月 光 \n 疑 ... 乡 [EOS]
 *     char buf[256];           // the first line, 床前明月光:
 *     puts(poem_format(&poem, poem.ids.ids, 5, 0, buf, sizeof buf));
 *     poem_free(&poem);
 *
 * The lines are separated by a "\n" token and the poem ends with [EOS];
 * [SOS] fills the context before the first token. These three come first
 * in the vocabulary (ids 0, 1, 2), then every other token in the order it
 * first appears. poem_load fails (-1, error_message()) only for an unknown
 * language or when memory runs out.
 */
#ifndef POEM_H
#define POEM_H

#include "toy_tokenizer.h"

#define POEM_PROBES 3

typedef struct {
    const char *lang;          /* "zh" or "en" */
    int chinese;               /* 1: characters are tokens, no spaces */
    ToyVocab vocab;
    ToyIds ids;                /* the whole poem, [EOS] last */
    int sos, eos, newline;     /* ids of [SOS], [EOS] and "\n" */
    int probes[POEM_PROBES];   /* prefix lengths, in tokens, at which the
                                  chapter asks what comes next */
} Poem;

int poem_load(Poem *p, const char *lang);
void poem_free(Poem *p);
/* A token for a table or a bar label: "光 light" (Chinese, with an
 * English gloss), "moon", or "\n" for the line break. */
const char *poem_label(const Poem *p, int id);
/* ids as text, into buf: characters or words, nothing for [SOS] and [EOS],
 * and for "\n" a line break and two spaces of indent, or " /" when
 * one_line is set; returns buf. */
const char *poem_format(const Poem *p, const int *ids, int n, int one_line,
                        char *buf, int cap);

#endif
