/* tokenizer: BERT's tokenizer, a basic tokenizer and then WordPiece, giving
 * the same tokens as Hugging Face's BertTokenizer.
 *
 *     Tokenizer tok;
 *     if (tokenizer_load(&tok, "vocab.txt", 0) != 0) ... error_message()
 *     TokenList tl = {0};
 *     tokenizer_tokenize(&tok, text, (long)strlen(text), &tl);
 *     for (int i = 0; i < tl.n; i++)
 *         printf("%s\t%d\n", vocab_token(&tok.vocab, tl.ids[i]), tl.ids[i]);
 *     int ids[128], seg[128], mask[128];
 *     int n = tokenizer_encode(&tok, "a question", "a context", 128,
 *                              ids, seg, mask);  // real tokens, or -1
 *     tokenizer_tokens_free(&tl);
 *     tokenizer_free(&tok);
 *
 * The pipeline, in the order of HF's BertTokenizer (transformers
 * tokenization_utils.py tokenize() and tokenization_bert.py):
 *  1. Special tokens. [CLS] [SEP] [MASK] [PAD] [UNK], those present in the
 *     vocabulary, are cut out of the text first and kept whole, so
 *     "[MASK]." gives [MASK] and ".". HF does this with a trie over its
 *     added tokens before anything else, and when lower-casing it lowers
 *     every character except exact matches of the special tokens
 *     (`re.sub(pattern, ... m.groups()[1].lower() ...)`), so the match is
 *     case-sensitive: "[mask]" is ordinary text and gives "[", "mask", "]".
 *  2. Cleaning: code point 0, U+FFFD and every character of a category C*
 *     (Cc, Cf, Co, Cn; HF's _is_control tests `cat.startswith("C")`) are
 *     dropped, except tab, newline and carriage return, which are spaces.
 *  3. CJK ideographs (the ranges of BERT's _is_chinese_char) become words
 *     of their own. Hangul, Hiragana and Katakana do not.
 *  4. The text is split at whitespace: space, tab, newline, carriage
 *     return, Zs, and the line and paragraph separators (Zl, Zp), which
 *     Python's str.split() also splits on.
 *  5. Each word is normalised: lower-cased and its accents stripped (NFD,
 *     then every Mn character removed) by default; when accents are kept
 *     it is put in NFC, as HF's BasicTokenizer does. See the flags below.
 *  6. Each punctuation character (ASCII 33-47, 58-64, 91-96, 123-126, or
 *     any Unicode category P*) becomes a word of its own.
 *  7. WordPiece: greedy longest match first from the left, pieces after
 *     the first prefixed with "##". A word longer than 100 code points
 *     (HF's max_input_chars_per_word), or with a position where no piece
 *     matches, becomes a single [UNK].
 *
 * Lower-casing uses utf8proc's simple case mapping. Python's str.lower()
 * is the full mapping; the two differ for U+0130 (I with dot above), which
 * lowers to "i" + U+0307 and is special-cased here, and for the final form
 * of sigma, which HF never produces because it lowers one character at a
 * time. Categories and normalisation come from utf8proc's Unicode tables:
 * when its Unicode version differs from Python's (utf8proc 2.8 has Unicode
 * 15, Python 3.11 has 14), a character assigned in only one of the two is
 * kept by one side and dropped as unassigned (Cn) by the other.
 *
 * Invalid UTF-8: each byte that does not begin a valid sequence is read
 * as U+FFFD, which the cleaner drops. Python's bytes.decode("utf-8",
 * errors="replace") followed by BertTokenizer gives the same tokens. Empty
 * text gives no tokens.
 *
 * Memory: a Tokenizer owns its Vocab. A TokenList grows as needed and can
 * be reused across calls; start it as {0} and free it with
 * tokenizer_tokens_free. Functions are safe to call from several threads
 * on one Tokenizer.
 *
 * Errors: every function returns a negative value (or NULL) on failure
 * (out of memory, a missing special token, a bad id) with a one-line
 * message in error_message(). Bad text is never an error; only a run of
 * more than 2^26 code points without a space is too long to hold.
 */
#ifndef TOKENIZER_H
#define TOKENIZER_H

#include "vocab.h"

/* Flags; 0 is BERT uncased (lower-case, strip accents, split CJK). */
enum {
    TOKENIZER_CASED = 1,         /* keep case (and accents, unless ...) */
    TOKENIZER_STRIP_ACCENTS = 2, /* ... with CASED: strip accents anyway */
    TOKENIZER_KEEP_ACCENTS = 4,  /* lower-case but keep accents */
    TOKENIZER_NO_CJK_SPLIT = 8   /* CJK ideographs stay inside words */
};

/* WordPiece's word limit, in code points (HF max_input_chars_per_word). */
#define TOKENIZER_MAX_WORD_CHARS 100

typedef struct {
    Vocab vocab;
    int flags;
    int unk_id, cls_id, sep_id, pad_id, mask_id;  /* -1 when absent */
    const char *specials[5];  /* the special tokens present, kept whole */
    int n_specials;
    int max_piece_chars;      /* longest entry in code points: no piece
                                 can match more characters */
} Tokenizer;

typedef struct {
    int *ids;     /* (n) token ids */
    long *start;  /* (n) byte offset in the text where token i begins */
    long *end;    /* (n) one past its last byte; pieces of one word share
                     the word's span where normalisation recomposed it */
    int n, cap;
} TokenList;

/* Loads vocab.txt. Fails when the vocabulary has no [UNK]. */
int tokenizer_load(Tokenizer *t, const char *vocab_path, int flags);
/* Takes over *v (which is left empty) instead of reading a file. */
int tokenizer_init(Tokenizer *t, Vocab *v, int flags);
void tokenizer_free(Tokenizer *t);

/* Replaces out's contents with the WordPiece tokens of text[0..len). */
int tokenizer_tokenize(const Tokenizer *t, const char *text, long len,
                       TokenList *out);
void tokenizer_tokens_free(TokenList *l);

/* BERT's input from token ids: [CLS] A [SEP] when nb < 0 (b is then
 * ignored), or [CLS] A [SEP] B [SEP], even for nb == 0. Truncates as
 * google-research/bert does (_truncate_seq_pair: drop the last token of
 * the longer part, of B when they are equally long) to fit max_len, then
 * pads with [PAD]. Writes
 * ids, segments (0 up to the first [SEP], 1 after) and mask (1 real,
 * 0 padding), each (max_len); segments and mask may be NULL. Returns the
 * number of real tokens, or -1 when max_len is too small (2 for one
 * text, 3 for a pair) or [CLS], [SEP] or [PAD] is missing. */
int tokenizer_build_input(const Tokenizer *t, const int *a, int na,
                          const int *b, int nb, int max_len, int *ids,
                          int *segments, int *mask);
/* tokenizer_build_input on the tokens of text_a and text_b (NULL for one
 * text; "" is an empty second text). */
int tokenizer_encode(const Tokenizer *t, const char *text_a,
                     const char *text_b, int max_len, int *ids,
                     int *segments, int *mask);

/* Text back from ids, as HF's decode: tokens joined by spaces, "##" pieces
 * glued to the one before, then clean_up_tokenization (" ." -> ".",
 * " ," -> ",", " n't" -> "n't", ...). With skip_special, [CLS] [SEP]
 * [PAD] [MASK] and [UNK] are left out. Returns a malloc'd string, or NULL
 * for an id outside the vocabulary. */
char *tokenizer_decode(const Tokenizer *t, const int *ids, int n,
                       int skip_special);

/* ---- the basic tokenizer alone (steps 1-6) ----------------------------- */

/* One word out of the basic tokenizer, after normalisation. */
typedef struct {
    const char *text;     /* (len) UTF-8, not NUL-terminated */
    int len;              /* bytes */
    int n_chars;          /* code points */
    const int *char_off;  /* (n_chars + 1) byte offset of each code point
                             in text; char_off[n_chars] == len */
    const long *src_start;  /* (n_chars) byte span in the input of the */
    const long *src_end;    /* character each code point came from */
    int special;          /* 1 for a special token kept whole */
} TokenizerWord;

/* Calls fn once per word of text[0..len), in order. `keep` lists the
 * n_keep strings never split (the special tokens). fn returns 0 to go on;
 * a non-zero value stops the walk and is returned. */
int tokenizer_basic_each(const char *text, long len, int flags,
                         const char *const *keep, int n_keep,
                         int (*fn)(const TokenizerWord *w, void *ctx),
                         void *ctx);

/* The words of the basic tokenizer as strings. */
typedef struct {
    char *text;     /* the words, each NUL-terminated, back to back */
    long *offset;   /* (n) where word i starts in text */
    long *start;    /* (n) byte span of word i in the input */
    long *end;
    int n, cap;
    long text_len, text_cap;
} WordList;

/* Replaces out's contents with the words of text[0..len). Start out as
 * {0}; free it with tokenizer_words_free. */
int tokenizer_basic(const char *text, long len, int flags,
                    const char *const *keep, int n_keep, WordList *out);
void tokenizer_words_free(WordList *w);

#endif
