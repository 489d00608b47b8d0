#include "show.h"

#include "chapter.h"
#include "error.h"

#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

/* Byte offsets of the code points of s: off[0 .. n], off[n] = strlen. */
static int char_offsets(const char *s, int *off)
{
    int n = 0, i = 0;
    while (s[i]) {
        if (n == GREEDY_MAX_CHARS)
            return error_set("'%s': longer than %d characters", s,
                             GREEDY_MAX_CHARS);
        off[n++] = i++;
        while (((unsigned char)s[i] & 0xC0) == 0x80) i++;
    }
    off[n] = i;
    return n;
}

int fewest_pieces(const Vocab *v, const char *word, int *ids)
{
    int off[GREEDY_MAX_CHARS + 1], n = char_offsets(word, off);
    if (n < 0) return -1;
    // need[j]: fewest pieces that spell characters j .. n-1, the first of
    // them a "##" piece when j > 0; 0 when no split exists (need[n] = 0)
    int need[GREEDY_MAX_CHARS + 1] = {0};
    for (int j = n - 1; j >= 0; j--)
        for (int i = j + 1; i <= n; i++) {
            if (i < n && need[i] == 0) continue; // no way on from i
            if (vocab_piece_id(v, j > 0, word + off[j], off[i] - off[j]) >= 0
                && (need[j] == 0 || need[i] + 1 < need[j]))
                need[j] = need[i] + 1;
        }
    // among the shortest splits, the one whose earlier pieces are longest
    for (int j = 0, k = 0; j < n && need[0] > 0; k++)
        for (int i = n; i > j; i--) {
            int id = vocab_piece_id(v, j > 0, word + off[j], off[i] - off[j]);
            if (id >= 0 && need[i] + 1 == need[j]) {
                ids[k] = id;
                j = i;
                break;
            }
        }
    return need[0];
}

/* Terminal columns of UTF-8 text: CJK characters take two. */
static int text_width(const char *s)
{
    int width = 0;
    utf8proc_int32_t cp;
    for (utf8proc_ssize_t k; *s; s += k > 0 ? k : 1) {
        k = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &cp);
        width += k > 0 ? utf8proc_charwidth(cp) : 1;
    }
    return width;
}

void show_tokens(const Cli *cli, const Tokenizer *t, const char *text,
                 const char *note)
{
    TokenList tl = {0};
    if (tokenizer_tokenize(t, text, (long)strlen(text), &tl) != 0) return;
    int pad = 22 - text_width(text);
    chapter_say(cli, "   %s%*s ->", text, pad > 0 ? pad : 0, "");
    for (int i = 0; i < tl.n; i++)
        chapter_say(cli, " %s", vocab_token(&t->vocab, tl.ids[i]));
    chapter_say(cli, "%s%s\n", note ? "   " : "", note ? note : "");
    tokenizer_tokens_free(&tl);
}

static void say_pieces(const Cli *cli, const Vocab *v, const int *ids, int n)
{
    for (int i = 0; i < n; i++)
        chapter_say(cli, "%s%s", i ? " " : "", vocab_token(v, ids[i]));
}

int show_greedy(const Cli *cli, const Tokenizer *t, const char *text)
{
    WordList wl = {0};
    TokenList tl = {0};
    int rc = tokenizer_basic(text, (long)strlen(text), t->flags, NULL, 0,
                             &wl);
    if (rc == 0 && wl.n == 0) rc = error_set("'%s': no word", text);
    const char *word = rc == 0 ? wl.text + wl.offset[0] : "";
    if (rc == 0) rc = tokenizer_tokenize(t, word, (long)strlen(word), &tl);
    int ids[GREEDY_MAX_CHARS], n_best = 0;
    if (rc == 0) n_best = fewest_pieces(&t->vocab, word, ids);
    if (rc != 0 || n_best < 0) {
        tokenizer_words_free(&wl);
        tokenizer_tokens_free(&tl);
        return -1;
    }
    chapter_say(cli, "   \"%s\": at each step, the longest piece that "
                "starts there\n", word);
    const char *rest = word;
    for (int i = 0; i < tl.n; i++) {
        const char *piece = vocab_token(&t->vocab, tl.ids[i]);
        char looked_at[4 * GREEDY_MAX_CHARS + 3];  // "##" + UTF-8 + NUL
        snprintf(looked_at, sizeof looked_at, "%s%s", i ? "##" : "", rest);
        chapter_say(cli, "     %-16s -> %s\n", looked_at, piece);
        size_t len = strlen(piece) - (i ? 2 : 0);  // without its "##"
        rest += len <= strlen(rest) ? len : strlen(rest);
    }
    chapter_say(cli, "     greedy: %d pieces", tl.n);
    if (n_best > 0 && n_best < tl.n) {
        chapter_say(cli, "; the fewest possible: ");
        say_pieces(cli, &t->vocab, ids, n_best);
        chapter_say(cli, " (%d)", n_best);
    }
    chapter_say(cli, "\n");
    tokenizer_words_free(&wl);
    tokenizer_tokens_free(&tl);
    return 0;
}
