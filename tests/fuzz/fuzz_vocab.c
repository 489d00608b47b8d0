/* fuzz_vocab: a libFuzzer target for vocab.txt (run by `make fuzz`).
 *
 *     make fuzz FUZZ_SECONDS=120       # every target, this one included
 *     ./build/fuzz/fuzz_vocab -max_total_time=60 build/fuzz/corpus_vocab
 *
 * Each input is a whole vocab.txt. It is written to a temporary file and
 * read with vocab_load, the path a --model or --vocab flag takes; what
 * loads is checked (every token has its length and no newline or NUL,
 * every token is found again under an id that holds the same text, ids
 * outside the vocabulary give NULL), written back with vocab_save and read
 * again unchanged, and then given to the tokenizer, which must tokenize a
 * fixed text into ids of the vocabulary or refuse the vocabulary (no
 * [UNK]) with a message. A broken check aborts; the sanitizers catch
 * reads out of bounds, leaks and undefined behaviour.
 */
#include "error.h"
#include "tokenizer.h"
#include "vocab.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FUZZ_NAME "fuzz_vocab"
#include "fuzz_files.h"

/* Text with words, pieces, punctuation, accents, CJK, an emoji, a special
 * token and a byte that is not UTF-8. */
static const char TEXT[] =
    "[CLS] Unwanted running, the caf\xC3\xA9 \xE4\xB8\x96\xE7\x95\x8C! "
    "[MASK] ##a \xF0\x9F\x98\x80 x\xFFy a-b [UNK]";

/* Every token is a line of the input: it has its recorded length, holds
 * no newline, and looking its text up finds an id with the same text. */
static void check_vocab(const Vocab *v)
{
    fuzz_check(v->n > 0, "at least one token");
    for (int id = 0; id < v->n; id++) {
        const char *t = vocab_token(v, id);
        fuzz_check(t != NULL, "every id has a token");
        fuzz_check((int)strlen(t) == v->lens[id], "token length");
        fuzz_check(v->lens[id] <= v->max_len, "max_len");
        fuzz_check(strchr(t, '\n') == NULL, "no newline in a token");
        int found = vocab_id(v, t);
        fuzz_check(found >= id && strcmp(vocab_token(v, found), t) == 0,
                   "token found under its own text, the later id winning");
    }
    fuzz_check(vocab_token(v, -1) == NULL && vocab_token(v, v->n) == NULL,
               "ids outside the vocabulary");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 16)) return 0;
    fuzz_files_write(data, size);

    Vocab v;
    if (vocab_load(&v, fuzz_in) != 0) {
        fuzz_check(error_message()[0] != '\0', "a failure has a message");
        return 0;
    }
    check_vocab(&v);

    /* Written back and read again, the vocabulary is the same, unless a
     * token cannot be written on one line (a lone "\r" at its end). */
    if (vocab_save(&v, fuzz_out) == 0) {
        Vocab w;
        fuzz_check(vocab_load(&w, fuzz_out) == 0, "a saved vocabulary loads");
        fuzz_check(w.n == v.n, "same size after a round trip");
        for (int id = 0; id < v.n; id++)
            fuzz_check(strcmp(vocab_token(&w, id), vocab_token(&v, id)) == 0,
                       "same tokens after a round trip");
        vocab_free(&w);
    }

    Tokenizer t;
    int n = v.n;
    if (tokenizer_init(&t, &v, 0) != 0) {
        vocab_free(&v);
        return 0;
    }
    TokenList tl = {0};
    fuzz_check(tokenizer_tokenize(&t, TEXT, (long)sizeof TEXT - 1, &tl) == 0,
               "tokenize");
    for (int i = 0; i < tl.n; i++)
        fuzz_check(tl.ids[i] >= 0 && tl.ids[i] < n, "id in the vocabulary");
    char *s = tokenizer_decode(&t, tl.ids, tl.n, 0);
    fuzz_check(s != NULL, "decode");
    free(s);
    tokenizer_tokens_free(&tl);
    tokenizer_free(&t);
    return 0;
}
