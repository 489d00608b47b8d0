#include "poem.h"

#include "error.h"

#include <stdio.h>
#include <string.h>

/* Li Bai (701-762), 静夜思 "Quiet Night Thought", in the simplified
 * characters taught in Chinese schools, and our own plain translation. */
static const char *const ZH[4] = {"床前明月光", "疑是地上霜", "举头望明月",
                                  "低头思故乡"};
static const char *const EN[4] = {
    "Before my bed, the bright moonlight;",
    "I wonder if it is frost upon the ground.",
    "I raise my head to gaze at the bright moon;",
    "I bow my head and think of home."};

/* Where the chapter asks for the next token, as prefix lengths in tokens:
 * at the start ("床前", "Before my"), where two tokens of context are not
 * enough ("…望明月" ends line 3 but "明月" also led to 光 in line 1;
 * "…the ground \n I" where "\n I" starts three lines), and one where they
 * are ("…低头": 头 alone would not do). */
static const int ZH_PROBES[POEM_PROBES] = {2, 17, 20};
static const int EN_PROBES[POEM_PROBES] = {2, 18, 26};

/* A word for each character, for readers who do not read Chinese. */
static const char *const GLOSS[][2] = {
    {"床", "床 bed"},     {"前", "前 before"}, {"明", "明 bright"},
    {"月", "月 moon"},    {"光", "光 light"},  {"疑", "疑 wonder"},
    {"是", "是 is"},      {"地", "地 ground"}, {"上", "上 on"},
    {"霜", "霜 frost"},   {"举", "举 raise"},  {"头", "头 head"},
    {"望", "望 gaze"},    {"低", "低 lower"},  {"思", "思 think"},
    {"故", "故 old"},     {"乡", "乡 home"}};

int poem_load(Poem *p, const char *lang)
{
    memset(p, 0, sizeof *p);
    int zh = strcmp(lang, "zh") == 0;
    if (!zh && strcmp(lang, "en") != 0)
        return error_set("--text %s: expected zh or en", lang);
    p->lang = zh ? "zh" : "en";
    p->chinese = zh;
    memcpy(p->probes, zh ? ZH_PROBES : EN_PROBES, sizeof p->probes);
    const char *const *lines = zh ? ZH : EN;
    p->sos = toy_vocab_add(&p->vocab, "[SOS]", 5);
    p->eos = toy_vocab_add(&p->vocab, "[EOS]", 5);
    p->newline = toy_vocab_add(&p->vocab, "\n", 1);
    if (p->sos < 0 || p->eos < 0 || p->newline < 0) goto fail;
    for (int i = 0; i < 4; i++) {
        int rc = zh ? toy_split_chars(&p->vocab, lines[i], TOY_ADD, &p->ids)
                    : toy_split_words(&p->vocab, lines[i], TOY_ADD, &p->ids);
        int end = i < 3 ? p->newline : p->eos;
        if (rc != 0 || toy_ids_push(&p->ids, end) != 0) goto fail;
    }
    return 0;
fail:
    poem_free(p);
    return -1;
}

void poem_free(Poem *p)
{
    toy_vocab_free(&p->vocab);
    toy_ids_free(&p->ids);
}

const char *poem_label(const Poem *p, int id)
{
    if (id == p->newline) return "\\n";
    const char *tok = toy_vocab_token(&p->vocab, id);
    for (size_t i = 0; i < sizeof GLOSS / sizeof GLOSS[0]; i++)
        if (strcmp(tok, GLOSS[i][0]) == 0) return GLOSS[i][1];
    return tok;
}

const char *poem_format(const Poem *p, const int *ids, int n, int one_line,
                        char *buf, int cap)
{
    int len = 0;
    buf[0] = '\0';
    for (int i = 0; i < n && len < cap; i++) {
        int first = len == 0 || (i > 0 && ids[i - 1] == p->newline);
        const char *tok = toy_vocab_token(&p->vocab, ids[i]);
        if (ids[i] == p->sos || ids[i] == p->eos) continue;
        if (ids[i] == p->newline)
            tok = !one_line ? "\n  " : len ? " / " : "/ ";
        else if (!first && !p->chinese) tok = NULL;   // a space, then it
        if (tok)
            len += snprintf(buf + len, (size_t)(cap - len), "%s", tok);
        else
            len += snprintf(buf + len, (size_t)(cap - len), " %s",
                            toy_vocab_token(&p->vocab, ids[i]));
    }
    return buf;
}
