/* fuzz_corpus: a libFuzzer target for --corpus files (run by `make fuzz`).
 *
 *     make fuzz FUZZ_SECONDS=120       # every target, this one included
 *     ./build/fuzz/fuzz_corpus -max_total_time=60 build/fuzz/corpus_corpus
 *
 * Each input is a whole file in BERT's pre-training text format. It is
 * written to a temporary file and read with corpus_read, the path
 * chapter 10's --corpus takes. What reads is checked: documents are
 * non-empty runs of sentences that cover every sentence, some document
 * has two sentences, and no sentence is empty, spans lines or has white
 * space at an end. The corpus is written back with corpus_write and must
 * read again unchanged (or be refused, when its first sentence begins
 * with a byte order mark, which reading would drop). Small corpora then
 * go through what chapter 10 does next: a WordPiece vocabulary is learned
 * from them and every sentence is tokenized into ids of that vocabulary.
 * A broken check aborts; the sanitizers catch the rest.
 */
#include "corpus.h"
#include "corpus_tokenizer.h"
#include "error.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FUZZ_NAME "fuzz_corpus"
#include "fuzz_files.h"

/* Inputs up to this size also train a vocabulary: it keeps runs fast. */
#define TRAIN_MAX_BYTES 2048

static int is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\v' || ch == '\f';
}

static void check_corpus(const Corpus *c)
{
    fuzz_check(c->n_docs > 0 && c->n_sentences > 0, "something was read");
    fuzz_check(c->doc_start[0] == 0 &&
                   c->doc_start[c->n_docs] == c->n_sentences,
               "documents cover every sentence");
    int longest = 0;
    for (int d = 0; d < c->n_docs; d++) {
        int n = c->doc_start[d + 1] - c->doc_start[d];
        fuzz_check(n > 0, "no empty document");
        if (n > longest) longest = n;
    }
    fuzz_check(longest >= 2, "some document has two sentences");
    for (int i = 0; i < c->n_sentences; i++) {
        const char *s = c->sentences[i];
        size_t n = strlen(s);
        fuzz_check(n > 0, "no empty sentence");
        fuzz_check(!is_space(s[0]) && !is_space(s[n - 1]), "sentence trimmed");
        fuzz_check(strchr(s, '\n') == NULL, "sentence on one line");
    }
}

static void check_same(const Corpus *a, const Corpus *b)
{
    fuzz_check(a->n_docs == b->n_docs && a->n_sentences == b->n_sentences,
               "same counts after a round trip");
    for (int d = 0; d <= a->n_docs; d++)
        fuzz_check(a->doc_start[d] == b->doc_start[d],
                   "same documents after a round trip");
    for (int i = 0; i < a->n_sentences; i++)
        fuzz_check(strcmp(a->sentences[i], b->sentences[i]) == 0,
                   "same sentences after a round trip");
}

/* What chapter 10 does with a corpus it read: learn a vocabulary from it
 * and tokenize every sentence. Too many distinct characters for the
 * vocabulary is a clean failure. */
static void check_tokenizer(const Corpus *c)
{
    Tokenizer tok;
    if (corpus_tokenizer(&tok, c, 200) != 0) {
        fuzz_check(error_message()[0] != '\0', "a failure has a message");
        return;
    }
    TokenList tl = {0};
    for (int i = 0; i < c->n_sentences; i++) {
        const char *s = c->sentences[i];
        fuzz_check(tokenizer_tokenize(&tok, s, (long)strlen(s), &tl) == 0,
                   "tokenize a sentence");
        for (int k = 0; k < tl.n; k++)
            fuzz_check(tl.ids[k] >= 0 && tl.ids[k] < tok.vocab.n,
                       "id in the vocabulary");
    }
    tokenizer_tokens_free(&tl);
    tokenizer_free(&tok);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 16)) return 0;
    fuzz_files_write(data, size);

    Corpus c;
    if (corpus_read(&c, fuzz_in) != 0) {
        fuzz_check(error_message()[0] != '\0', "a failure has a message");
        fuzz_check(c.n_sentences == 0 && c.sentences == NULL,
                   "a failed read leaves nothing allocated");
        return 0;
    }
    check_corpus(&c);

    /* Only a first sentence that begins with a byte order mark (which was
     * not at the start of the input) cannot be written back. */
    Corpus back;
    if (corpus_write(&c, fuzz_out) == 0) {
        fuzz_check(corpus_read(&back, fuzz_out) == 0, "a written corpus reads");
        check_same(&c, &back);
        corpus_free(&back);
    } else {
        fuzz_check(strncmp(c.sentences[0], "\xEF\xBB\xBF", 3) == 0,
                   "a corpus that read writes");
    }

    if (size <= TRAIN_MAX_BYTES) check_tokenizer(&c);
    corpus_free(&c);
    return 0;
}
