/* corpus: documents of sentences, generated from a small world of true facts
 * or read from a file in BERT's pre-training text format.
 *
 *     Corpus c;
 *     if (corpus_generate(&c, 42, 500, CORPUS_TRAIN) != 0) ... error_message()
 *     for (int d = 0; d < c.n_docs; d++)
 *         for (int s = c.doc_start[d]; s < c.doc_start[d + 1]; s++)
 *             puts(c.sentences[s]);
 *     corpus_free(&c);
 *
 * The pre-training text format: one sentence per line, a blank line between
 * documents (google-research/bert create_pretraining_data.py). Every
 * function returns 0 on success and -1 with error_message() on failure.
 */
#ifndef CORPUS_H
#define CORPUS_H

#include <stdint.h>

typedef enum { CORPUS_TRAIN, CORPUS_HELDOUT } CorpusSplit;

typedef struct {
    char **sentences;    /* n_sentences NUL-terminated UTF-8 strings */
    int n_sentences;
    int *doc_start;      /* (n_docs + 1): document d is sentences
                            doc_start[d] .. doc_start[d + 1] - 1 */
    int n_docs;
} Corpus;

/* n_docs documents of several sentences each about the world's cities and
 * countries; the same seed and split give the same text. HELDOUT documents
 * are drawn from a separate stream, for evaluation. */
int corpus_generate(Corpus *c, uint64_t seed, int n_docs, CorpusSplit split);
/* Reads BERT's pre-training text format; fails on an empty file. */
int corpus_read(Corpus *c, const char *path);
void corpus_free(Corpus *c);

#endif
