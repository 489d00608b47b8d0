/* Chapter 07: WordPiece, BERT's tokenizer.
 *
 * BERT does not read words or characters but pieces of words: "playing"
 * becomes "play" and "##ing", where "##" marks a piece that continues a
 * word. The program shows the two stages of BERT's tokenizer: the basic
 * tokenizer (clean, lower-case, strip accents, split off punctuation and
 * CJK characters) and WordPiece (greedy longest match against a fixed
 * vocabulary). It learns a vocabulary from the generated corpus plus a few
 * everyday sentences, shows what it learned, tokenizes known words,
 * unseen words, accents, punctuation and a line of Chinese, then compares
 * the two ways of choosing merges (pair frequency, as BPE does, and the
 * WordPiece ratio count(ab) / (count(a) count(b))) and measures how many
 * pieces a word takes as the vocabulary grows. --cased learns and
 * tokenizes without lower-casing.
 *
 *     make chapter-07
 *     ./build/chapter-07 --save-vocab vocab.txt
 *     ./build/chapter-07 --text "He likes playing."
 *     ./build/chapter-07 --vocab bert-base-uncased/vocab.txt --text "Québec"
 *
 * With --text the program prints one "token<TAB>id" line per WordPiece
 * token (no [CLS]/[SEP]) and nothing else, using the vocabulary of
 * --vocab, or without --vocab the one it learns. --vocab alone is a usage
 * error. Writes into --out (default figures/): 07-vocab.png, tokens per
 * word against vocabulary size (with 07-vocab.dat and 07-vocab.gp).
 */
#include "chapter.h"
#include "error.h"
#include "plot.h"
#include "show.h"
#include "tokenizer.h"
#include "training_text.h"
#include "vocab_train.h"

#include <stdio.h>
#include <string.h>

typedef struct {
    int docs, vocab_size, cased;
    const char *text, *vocab, *save_vocab;
} Options;

//> print-tokens
/* --text: one "token<TAB>id" line per WordPiece token, nothing else. */
static int print_tokens(const Tokenizer *t, const char *text)
{
    TokenList tl = {0};
    int rc = tokenizer_tokenize(t, text, (long)strlen(text), &tl);
    for (int i = 0; rc == 0 && i < tl.n; i++)
        printf("%s\t%d\n", vocab_token(&t->vocab, tl.ids[i]), tl.ids[i]);
    tokenizer_tokens_free(&tl);
    if (rc == 0 && fflush(stdout) != 0)
        rc = error_set("standard output: write failed");
    return rc;
}
//< print-tokens

//> learn-vocab
/* A vocabulary of at most `size` entries learned from the training text,
 * and a tokenizer that splits text exactly as the trainer did. */
static int learn_vocab(Tokenizer *tok, const TrainingText *tt, int size,
                       int flags, VocabTrainScore score, VocabTrainStats *st)
{
    VocabTrainOptions opt = vocab_train_defaults();
    opt.vocab_size = size;
    opt.flags = flags;
    opt.score = score;
    Vocab v;
    if (vocab_train(&v, tt->texts, tt->n, &opt, st) != 0) return -1;
    if (tokenizer_init(tok, &v, flags) != 0) {
        vocab_free(&v);
        return -1;
    }
    return 0;
}
//< learn-vocab

/* 1. The basic tokenizer alone: words before any vocabulary. */
static int show_basic(const Cli *cli, int flags)
{
    static const char *const texts[] = {
        "Hello, World! It's 3.5 km (2 miles).",
        "Cr\303\250me br\303\273l\303\251e in Qu\303\251bec",  // UTF-8
        "\xE5\xBA\x8A\xE5\x89\x8D\xE6\x98\x8E\xE6\x9C\x88\xE5\x85\x89"};
    chapter_say(cli, "1. The basic tokenizer: clean the text, %s,\n"
                "   split at spaces, punctuation and CJK characters\n",
                flags & TOKENIZER_CASED ? "keep case"
                                        : "lower-case, strip accents");
    WordList wl = {0};
    for (int k = 0; k < 3; k++) {
        if (tokenizer_basic(texts[k], (long)strlen(texts[k]), flags, NULL, 0,
                            &wl) != 0) {
            tokenizer_words_free(&wl);
            return -1;
        }
        chapter_say(cli, "   \"%s\"\n      %d words:", texts[k], wl.n);
        for (int i = 0; i < wl.n; i++)
            chapter_say(cli, " %s", wl.text + wl.offset[i]);
        chapter_say(cli, "\n");
    }
    tokenizer_words_free(&wl);
    return 0;
}

/* 2. What the trainer learned, in the order it learned it. */
static void show_learned(const Cli *cli, const Tokenizer *t,
                         const TrainingText *tt, const VocabTrainStats *st,
                         int asked)
{
    static const char *const suffixes[] = {"##ing", "##ed", "##er", "##ly",
                                           "##land", "##burg", "##istan",
                                           "##zhou"};
    const Vocab *v = &t->vocab;
    int base = 5 + 2 * st->n_chars;
    chapter_say(cli, "\n2. Learning a vocabulary from %d generated document%s "
                "and %d everyday sentences\n   %ld words, %d distinct, %d "
                "distinct characters\n", tt->corpus.n_docs,
                tt->corpus.n_docs == 1 ? "" : "s", N_EVERYDAY, st->n_words,
                st->n_unique, st->n_chars);
    chapter_say(cli, "   start: 5 special tokens + %d characters + %d \"##\" "
                "characters = %d entries\n", st->n_chars, st->n_chars, base);
    chapter_say(cli, "   then %d merges, each of the pair of neighbouring "
                "pieces seen most often;\n   the first 16:\n    ",
                st->n_merges);
    for (int i = base; i < base + 16 && i < v->n; i++)
        chapter_say(cli, " %s", vocab_token(v, i));
    chapter_say(cli, "\n   some \"##\" pieces and their ids (early ids were "
                "learned first):\n    ");
    for (int i = 0, shown = 0; i < 8; i++) {
        int id = vocab_id(v, suffixes[i]);
        if (id < 0) continue;
        chapter_say(cli, "%s %s %d", shown++ == 4 ? "\n    " : "",
                    suffixes[i], id);
    }
    chapter_say(cli, "\n   the last merges, rare words made whole:\n    ");
    for (int i = v->n - 8 > base ? v->n - 8 : base; i < v->n; i++)
        chapter_say(cli, " %s", vocab_token(v, i));
    chapter_say(cli, "\n   asked for %d entries, got %d", asked, v->n);
    if (v->n < asked)
        chapter_say(cli, ": no pair of pieces occurs twice any more,\n"
                    "   so every word seen twice or more is a single piece "
                    "(bert-base-uncased: 30522)");
    chapter_say(cli, "\n");
}

/* 3. WordPiece on known and unseen words, and BERT's input. */
static int show_wordpiece(const Cli *cli, const Tokenizer *t)
{
    static const char *const unseen[] = {"gardening", "cuteness",
                                         "doghouse", "volcanologist"};
    chapter_say(cli, "\n3. WordPiece: the longest pieces of the vocabulary, "
                "left to right\n");
    show_tokens(cli, t, "my dog is cute", NULL);
    show_tokens(cli, t, "he likes playing", "(\"playing\" never seen)");
    int ids[16], seg[16];
    int n = tokenizer_encode(t, "my dog is cute", "he likes playing", 16,
                             ids, seg, NULL);
    if (n < 0) return -1;
    chapter_say(cli, "   as BERT's input, a pair (tokenizer_encode):\n    ");
    for (int i = 0; i < n; i++)
        chapter_say(cli, " %s", vocab_token(&t->vocab, ids[i]));
    chapter_say(cli, "\n     ids:     ");
    for (int i = 0; i < n; i++) chapter_say(cli, " %d", ids[i]);
    chapter_say(cli, "\n     segments:");
    for (int i = 0; i < n; i++) chapter_say(cli, " %d", seg[i]);
    chapter_say(cli, "\n   words it never saw fall back on smaller pieces:\n");
    for (int i = 0; i < 4; i++) show_tokens(cli, t, unseen[i], NULL);
    return show_greedy(cli, t, "rethinking");
}

/* 4. Accents, punctuation and characters the vocabulary never saw. */
static void show_unknown(const Cli *cli, const Tokenizer *t)
{
    chapter_say(cli, "\n4. Accents, punctuation, unknown characters\n");
    show_tokens(cli, t, "Qu\303\251bec", NULL);
    show_tokens(cli, t, "It's 3.5 km (2 miles)!", NULL);
    show_tokens(cli, t, "Stra\303\237e", "(no \"\xC3\x9F\": the whole word)");
    show_tokens(cli, t, "\xE5\xBA\x8A\xE5\x89\x8D\xE6\x98\x8E\xE6\x9C\x88"
                "\xE5\x85\x89", "(one per character)");
}

/* 5. The two merge scores at the same budget of 800 entries. */
static int show_scores(const Cli *cli, const TrainingText *tt, int flags)
{
    static const char *const names[2] = {"frequency count(ab)",
                                          "ratio count(ab) / (count(a) "
                                          "count(b))"};
    chapter_say(cli, "\n5. Two ways to choose the next merge, 800 entries "
                "each\n");
    for (int s = 0; s < 2; s++) {
        Tokenizer t;
        VocabTrainStats st;
        if (learn_vocab(&t, tt, 800, flags, s ? VOCAB_TRAIN_WORDPIECE
                        : VOCAB_TRAIN_BPE, &st) != 0)
            return -1;
        int base = 5 + 2 * st.n_chars;
        chapter_say(cli, "   %s%s; the first merges:\n    ", names[s],
                    s ? "" : " (the default)");
        for (int i = base; i < base + 12 && i < t.vocab.n; i++)
            chapter_say(cli, " %s", vocab_token(&t.vocab, i));
        chapter_say(cli, "\n");
        show_tokens(cli, &t, "paris is the capital", NULL);
        tokenizer_free(&t);
    }
    return 0;
}

/* 6. Tokens per word as the vocabulary grows, for both merge scores;
 * sizes below min_size cannot hold every character and are skipped. */
static int sweep_sizes(const Cli *cli, const TrainingText *tt, int flags,
                       int min_size)
{
    enum { N_SIZES = 8 };
    static const int sizes[N_SIZES] = {100, 200, 400, 800, 1200, 1600, 2400,
                                       3200};
    float x[2][N_SIZES], y[2][N_SIZES];
    int n = 0;
    chapter_say(cli, "\n6. Tokens per word on the training text, for "
                "vocabularies of growing size\n"
                "   asked   frequency (BPE)      ratio (WordPiece)\n");
    for (int k = 0; k < N_SIZES; k++) {
        if (sizes[k] < min_size) continue;
        for (int s = 0; s < 2; s++) {
            Tokenizer t;
            if (learn_vocab(&t, tt, sizes[k], flags, s ? VOCAB_TRAIN_WORDPIECE
                            : VOCAB_TRAIN_BPE, NULL) != 0)
                return -1;
            x[s][n] = (float)t.vocab.n;
            y[s][n] = (float)tokens_per_word(&t, tt->texts, tt->n);
            tokenizer_free(&t);
            if (y[s][n] < 0.0f) return -1;
        }
        chapter_say(cli, "   %5d   %5.0f entries %5.2f   %5.0f entries %5.2f"
                    "\n", sizes[k], x[0][n], y[0][n], x[1][n], y[1][n]);
        n++;
    }
    PlotSeries series[2] = {
        {"frequency: count(ab) (the default)", x[0], y[0], n},
        {"ratio: count(ab) / (count(a) count(b))", x[1], y[1], n}};
    PlotStyle st = plot_style("WordPiece pieces per word on the training text",
                              "vocabulary entries", "tokens per word");
    st.scale = cli->scale;
    int rc = plot_lines(cli->out, "07-vocab", series, 2, &st);
    return chapter_plot_done(cli, rc, "07-vocab");
}

int main(int argc, char **argv)
{
    Options o = {2000, 4096, 0, NULL, NULL, NULL};
    CliOption opts[] = {
        {"--text", CLI_STRING, &o.text, "print only its tokens, a "
         "'token<TAB>id' line each", 0, 0},
        {"--vocab", CLI_STRING, &o.vocab, "vocab.txt for --text (default: "
         "the one learned here)", 0, 0},
        {"--cased", CLI_FLAG, &o.cased, "keep case and accents", 0, 0},
        {"--docs", CLI_INT, &o.docs, "generated documents to learn from", 1,
         1e6},
        {"--vocab-size", CLI_INT, &o.vocab_size, "largest vocabulary to "
         "learn", 100, 1e6},
        {"--save-vocab", CLI_STRING, &o.save_vocab, "write the learned "
         "vocabulary to this file", 0, 0},
    };
    Cli cli = cli_defaults("chapter-07", "WordPiece: BERT's tokenizer and "
                           "how its vocabulary is learned");
    int rc = cli_parse(&cli, argc, argv, opts, 6);
    if (rc >= 0) return rc;
    if (o.vocab && !o.text) {
        cli_fail(&cli, "--vocab: give --text too (the text to tokenize)");
        return 2; // a usage error
    }
    if (cli.fast) o.docs = o.docs < 200 ? o.docs : 200;
    int flags = o.cased ? TOKENIZER_CASED : 0;
    Tokenizer tok = {0};
    TrainingText tt = {0};
    VocabTrainStats st;
    if (o.vocab) { // scriptable: nothing but the tokens
        rc = tokenizer_load(&tok, o.vocab, flags);
        if (rc == 0) rc = print_tokens(&tok, o.text);
        tokenizer_free(&tok);
        return rc ? cli_fail(&cli, error_message()) : 0;
    }
    rc = o.text ? 0 : chapter_prepare_out(&cli);
    if (rc == 0) rc = training_text_build(&tt, (uint64_t)cli.seed, o.docs);
    if (rc == 0) rc = learn_vocab(&tok, &tt, o.vocab_size, flags,
                                  VOCAB_TRAIN_BPE, &st);
    if (rc == 0 && o.save_vocab) rc = vocab_save(&tok.vocab, o.save_vocab);
    if (rc == 0 && o.text) rc = print_tokens(&tok, o.text);
    if (rc == 0 && !o.text) {
        rc = show_basic(&cli, flags);
        if (rc == 0) show_learned(&cli, &tok, &tt, &st, o.vocab_size);
        if (rc == 0) rc = show_wordpiece(&cli, &tok);
        if (rc == 0) show_unknown(&cli, &tok);
        if (rc == 0) rc = show_scores(&cli, &tt, flags);
        if (rc == 0) rc = sweep_sizes(&cli, &tt, flags, 5 + 2 * st.n_chars);
    }
    tokenizer_free(&tok);
    training_text_free(&tt);
    return rc ? cli_fail(&cli, error_message()) : 0;
}
