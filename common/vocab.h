/* vocab: a WordPiece vocabulary, the vocab.txt of a BERT checkpoint.
 *
 *     Vocab v;
 *     if (vocab_load(&v, "vocab.txt") != 0) ... error_message()
 *     int id = vocab_id(&v, "##ing");           // -1 when absent
 *     printf("%s\n", vocab_token(&v, 101));     // "[CLS]"
 *     vocab_free(&v);
 *
 * vocab.txt holds one token per line and a token's id is its line number,
 * counted from 0. Only the line ending is removed ("\n" or "\r\n"), so a
 * token may contain spaces. This is what Hugging Face's load_vocab does
 * (tokenization_bert.py: `token.rstrip("\n")` on each line), except that
 * Python's text mode would also end a line at a lone "\r"; here a lone "\r"
 * stays part of the token. When a token appears on two lines, looking it up
 * gives the later id, as load_vocab's dict does, while vocab_token still
 * returns the text of every line.
 *
 * Layout: the token texts sit back to back in one buffer, each followed by
 * a NUL; tokens[id] points into it. An open-addressing hash table (FNV-1a,
 * linear probing, at most half full) maps text to id.
 *
 * Errors: every function that can fail returns non-zero (or -1 for a
 * lookup that finds nothing) and leaves a one-line message in
 * error_message(), naming the file and line where there is one.
 */
#ifndef VOCAB_H
#define VOCAB_H

typedef struct {
    int n;              /* number of tokens; ids are 0 .. n-1 */
    char **tokens;      /* (n) NUL-terminated UTF-8 text of each id */
    int *lens;          /* (n) byte length of each token */
    char *text;         /* the token texts, back to back */
    int *slots;         /* (n_slots) id stored in each slot, -1 if empty */
    int n_slots;        /* a power of two, at least 2n */
    int max_len;        /* longest token, in bytes */
    unsigned char *lengths;  /* (max_len + 1) bit 0 set when a token has
                                this many bytes, bit 1 when a "##" token
                                has this many after its "##" */
} Vocab;

/* Reads vocab.txt. Fails on a missing or empty file, a line that is not
 * valid UTF-8 or that contains a NUL byte. */
int vocab_load(Vocab *v, const char *path);
/* Builds a vocabulary from n strings (copied); id i is tokens[i]. */
int vocab_from_tokens(Vocab *v, const char *const *tokens, int n);
/* Writes one token per line, atomically (a temporary file, then rename).
 * Fails on a token that could not be read back as written: one that holds
 * a newline or ends with "\r". */
int vocab_save(const Vocab *v, const char *path);
void vocab_free(Vocab *v);

/* The id of a NUL-terminated token, or -1 when it is absent. */
int vocab_id(const Vocab *v, const char *token);
/* The id of the token "##" + s[0..len) when `continuation` is non-zero,
 * else of s[0..len), or -1; s need not be NUL-terminated. WordPiece calls
 * this for every candidate piece, so it builds no string. */
int vocab_piece_id(const Vocab *v, int continuation, const char *s, int len);
/* The longest piece at the start of text, for WordPiece's greedy match:
 * off holds n + 1 byte offsets into text, and the candidates are
 * text[off[0] .. off[k]) for k = n down to 1, looked up as
 * vocab_piece_id does. Returns the k of the first one found (0 for none)
 * and its id in *id. Hashes every prefix once, not once per candidate. */
int vocab_longest_piece(const Vocab *v, int continuation, const char *text,
                        const int *off, int n, int *id);
/* The text of an id, or NULL when the id is out of range. */
const char *vocab_token(const Vocab *v, int id);

#endif
