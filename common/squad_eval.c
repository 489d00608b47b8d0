#include "squad_eval.h"

#include "error.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Python's string.punctuation: the ASCII symbols !"#$%&'()*+,-./:;<=>?@
 * [\]^_`{|}~ (only ASCII: the script leaves a curly quote in place). */
static int is_punct(utf8proc_int32_t c)
{
    return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) ||
           (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

/* Python's str.isspace(), which str.split() splits at. */
static int is_space(utf8proc_int32_t c)
{
    if (c == ' ' || (c >= 9 && c <= 13) || (c >= 0x1c && c <= 0x1f) ||
        c == 0x85)
        return 1;
    utf8proc_category_t cat = utf8proc_category(c);
    return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
           cat == UTF8PROC_CATEGORY_ZP;
}

/* A character of \w in a Python regular expression: letters, numbers, _. */
static int is_word(utf8proc_int32_t c)
{
    if (c == '_') return 1;
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return 1;
    default:
        return 0;
    }
}

static int is_article(const utf8proc_int32_t *w, long n)
{
    static const char *const articles[3] = {"a", "an", "the"};
    for (int k = 0; k < 3; k++) {
        long len = (long)strlen(articles[k]), i = 0;
        if (len != n) continue;
        while (i < n && w[i] == articles[k][i]) i++;
        if (i == n) return 1;
    }
    return 0;
}

/* Lower-case and drop punctuation: cp gets the code points, returns n. */
static long lower_no_punct(utf8proc_int32_t *cp, const char *text)
{
    const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)text;
    long len = (long)strlen(text), n = 0;
    for (long i = 0; i < len;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(s + i, len - i, &c);
        if (k < 1) c = 0xFFFD, k = 1;
        i += k;
        c = utf8proc_tolower(c);
        if (!is_punct(c)) cp[n++] = c;
    }
    return n;
}

char *squad_normalize(const char *text)
{
    if (!text) return error_set("squad: no text"), NULL;
    long len = (long)strlen(text);
    utf8proc_int32_t *cp = malloc(sizeof *cp * (size_t)(len + 1));
    char *out = malloc((size_t)len * 4 + 1);
    if (!cp || !out) {
        free(cp), free(out);
        return error_set("squad: out of memory"), NULL;
    }
    long n = lower_no_punct(cp, text);
    // a whole word "a", "an" or "the" becomes a space
    for (long i = 0; i < n;) {
        long j = i;
        while (j < n && is_word(cp[j])) j++;
        if (j == i) {
            i++;
            continue;
        }
        if (is_article(cp + i, j - i))
            for (long k = i; k < j; k++) cp[k] = ' ';
        i = j;
    }
    // the words that are left, joined by single spaces
    long o = 0;
    for (long i = 0; i < n; i++) {
        if (is_space(cp[i])) continue;
        if (o > 0 && is_space(cp[i - 1])) out[o++] = ' ';
        o += (long)utf8proc_encode_char(cp[i], (utf8proc_uint8_t *)out + o);
    }
    out[o] = '\0';
    free(cp);
    return out;
}

int squad_exact_match(const char *prediction, const char *truth)
{
    char *p = squad_normalize(prediction), *t = squad_normalize(truth);
    int same = p && t ? strcmp(p, t) == 0 : -1;
    free(p), free(t);
    return same;
}

static int compare_words(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Splits normalised text in place at its single spaces: words (sorted). */
static char **split_sorted(char *s, long *count)
{
    long n = s[0] != '\0';
    for (char *c = s; *c; c++) n += *c == ' ';
    char **w = malloc(sizeof *w * (size_t)(n + 1));
    if (!w) return NULL;
    long k = 0;
    for (char *c = s; n > 0 && c;) {
        w[k++] = c;
        c = strchr(c, ' ');
        if (c) *c++ = '\0';
    }
    qsort(w, (size_t)n, sizeof *w, compare_words);
    *count = n;
    return w;
}

//> squad-f1
double squad_f1(const char *prediction, const char *truth)
{
    char *p = squad_normalize(prediction), *t = squad_normalize(truth);
    long np = 0, nt = 0;
    char **wp = p ? split_sorted(p, &np) : NULL;
    char **wt = t ? split_sorted(t, &nt) : NULL;
    double f1 = -1.0;
    if (wp && wt) {
        // words in common, with multiplicity: a merge of the sorted lists
        long same = 0;
        for (long i = 0, j = 0; i < np && j < nt;) {
            int c = strcmp(wp[i], wt[j]);
            if (c == 0) same++, i++, j++;
            else if (c < 0) i++;
            else j++;
        }
        double precision = np ? (double)same / np : 0.0;
        double recall = nt ? (double)same / nt : 0.0;
        f1 = same ? 2 * precision * recall / (precision + recall) : 0.0;
    } else if (p && t) {
        error_set("squad: out of memory");
    }
    free(wp), free(wt), free(p), free(t);
    return f1;
}
//< squad-f1

int squad_score_add(SquadScores *s, const char *prediction,
                    const char *const *truths, int n_truths)
{
    if (n_truths < 1) return error_set("squad: no reference answer");
    int best_em = 0;
    double best_f1 = 0.0;
    for (int i = 0; i < n_truths; i++) {
        int em = squad_exact_match(prediction, truths[i]);
        double f1 = squad_f1(prediction, truths[i]);
        if (em < 0 || f1 < 0.0) return -1;
        if (em > best_em) best_em = em;
        if (f1 > best_f1) best_f1 = f1;
    }
    s->em_sum += best_em;
    s->f1_sum += best_f1;
    s->n++;
    return 0;
}
