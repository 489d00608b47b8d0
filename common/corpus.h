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
 *
 * Generated documents (world.h) are about one city, one country, or a
 * short trip from one city to another, 3 to 8 sentences told in a natural
 * order: what the place is, where it lies, what it is known for; each
 * sentence picks one of several phrasings of its fact. The rich corpus,
 * which chapter 10 pre-trains on, adds the kinds of text that the
 * fine-tuning chapters need and that a real pre-training corpus would
 * hold: a quarter of its documents are quiz pages that ask about a place
 * and answer (quiz_pages.h), a quarter the help pages of an internet
 * provider (help_pages.h), and a city document may open with a summary of
 * what the city is known for ("Shanghai is a city in China, it is also a
 * financial center, its fashion capital and a port city.").
 *
 * HELDOUT documents open with a phrasing that TRAIN documents never use,
 * and use the other held-out phrasings too, so no HELDOUT document equals
 * a TRAIN one while the facts stay the same. The rich corpus is the
 * exception: both of its splits use every phrasing, as real pre-training
 * text would hold every wording of the language, and corpus_drop_seen
 * keeps its held-out documents apart from the training ones. Every
 * sentence is its own allocation in sentences[].
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
/* The same with quiz pages, help pages and summaries (a different text for
 * the same seed), every phrasing allowed in both splits: pass the HELDOUT
 * split through corpus_drop_seen to evaluate on unseen documents. */
int corpus_generate_rich(Corpus *c, uint64_t seed, int n_docs,
                         CorpusSplit split);
/* Reads BERT's pre-training text format: each line is stripped of white
 * space at both ends ("\r" included); a line left empty ends a document;
 * empty documents are dropped. Fails on a missing or empty file, a file
 * larger than 1 GiB, a line longer than 1 MiB, a NUL byte, and a file in
 * which no document has two sentences (next sentence prediction needs
 * them). Bytes are not checked as UTF-8: that is the tokenizer's job. */
int corpus_read(Corpus *c, const char *path);
/* Writes the corpus in the same format, atomically (a temporary file renamed
 * into place), so it can be read, edited and given back with --corpus.
 * Fails, writing nothing, when a sentence is empty, spans lines or starts or
 * ends with white space, or when the first one starts with a byte order
 * mark, as it would not read back the same. */
int corpus_write(const Corpus *c, const char *path);
/* Frees what generate or read allocated and zeroes the struct; safe to call
 * twice. */
void corpus_free(Corpus *c);
/* Moves every `every`-th document of *all (the 1st, the every+1-th, ...
 * counting from 0 at `every` - 1) into *held and the rest into *train, in
 * order; *all is left empty. For evaluating on documents a training run
 * never sees. Fails when held would be empty or memory runs out. */
int corpus_split(Corpus *all, Corpus *train, Corpus *held, int every);
/* Drops from *held every document whose sentences are exactly those of a
 * document of *train, keeping the rest in order, and returns how many it
 * dropped (or -1 when memory runs out, leaving *held as it was). So that
 * held-out text drawn from the training text's own distribution is still
 * text that training never saw. */
int corpus_drop_seen(Corpus *held, const Corpus *train);

#endif
