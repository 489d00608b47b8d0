/* toy_tokenizer: the simplest tokenizers, one token per character or one
 * per word, and a vocabulary that numbers tokens as they first appear.
 *
 *     ToyVocab v = {0};
 *     ToyIds ids = {0};
 *     if (toy_split_chars(&v, "床前明月光", TOY_ADD, &ids) != 0)
 *         ... error_message()                // ids.n == 5, v.n == 5
 *     toy_split_words(&v, "Rome is the capital of Italy.",
 *                     TOY_ADD | TOY_LOWER, &ids);  // rome is the ... italy
 *     printf("%d %s\n", ids.ids[0], toy_vocab_token(&v, ids.ids[0]));
 *     toy_ids_free(&ids);
 *     toy_vocab_free(&v);
 *
 * A character is one Unicode code point, decoded from UTF-8 (so "床" is
 * one token, not the three bytes that encode it). A word is a longest run
 * of letters, digits and combining marks (Unicode categories L*, N*, M*);
 * everything else, spaces and punctuation, only separates words and is
 * dropped, so "Bangladesh's" gives "bangladesh" and "s". These are the
 * tokenizers chapters 01 and 02 need; BERT's own (WordPiece) is
 * tokenizer.h.
 *
 * Ids: the first new token gets id 0, the next new one id 1, and so on;
 * counts[id] is how many times the splitters met that token while adding
 * (TOY_ADD). Without TOY_ADD the vocabulary is read only and a token it
 * does not hold is an error. Both structs start as {0}, grow as needed,
 * and are freed (and zeroed) by their _free function.
 *
 * Errors: every function that can fail returns -1 with a one-line message
 * in error_message(): invalid UTF-8 (naming the byte offset), an unknown
 * token without TOY_ADD, or memory running out. After a failure ids may
 * hold the tokens before the bad one.
 */
#ifndef TOY_TOKENIZER_H
#define TOY_TOKENIZER_H

enum {
    TOY_ADD = 1,   /* add unknown tokens to the vocabulary */
    TOY_LOWER = 2  /* lower-case words (Unicode simple case mapping) */
};

typedef struct {
    int n;          /* V: distinct tokens; ids are 0 .. n-1 */
    char **tokens;  /* (n) NUL-terminated UTF-8 text of each id */
    long *counts;   /* (n) times each token was added */
    int *slots;     /* (n_slots) hash table of ids, -1 when empty */
    int n_slots;    /* a power of two, at least 2n */
    int cap;        /* room in tokens and counts */
} ToyVocab;

typedef struct {
    int *ids;       /* (n) token ids in text order */
    int n, cap;
} ToyIds;

/* The id of token[0..len), added (count 1) when it is new, its count
 * raised when it is not; -1 when memory runs out. */
int toy_vocab_add(ToyVocab *v, const char *token, int len);
/* The id of a NUL-terminated token, or -1 (no message) when absent. */
int toy_vocab_id(const ToyVocab *v, const char *token);
/* The text of an id, or NULL when it is out of range. */
const char *toy_vocab_token(const ToyVocab *v, int id);
void toy_vocab_free(ToyVocab *v);

int toy_ids_push(ToyIds *l, int id);
void toy_ids_free(ToyIds *l);

/* Appends the id of every character of text to out (TOY_ADD only). */
int toy_split_chars(ToyVocab *v, const char *text, int flags, ToyIds *out);
/* Appends the id of every word of text to out (TOY_ADD, TOY_LOWER). */
int toy_split_words(ToyVocab *v, const char *text, int flags, ToyIds *out);

#endif
