/* squad_eval: the two scores of SQuAD, exact match and F1, computed as the
 * official evaluation script of SQuAD v1.1 (evaluate-v1.1.py) does.
 *
 *     SquadScores s = {0};
 *     const char *truths[] = {"the Eiffel Tower", "Eiffel Tower"};
 *     if (squad_score_add(&s, "Eiffel tower.", truths, 2) != 0) ...
 *     printf("EM %.1f  F1 %.1f\n", 100 * s.em_sum / s.n,
 *            100 * s.f1_sum / s.n);
 *
 * Both scores compare normalised answers. Normalisation, in the script's
 * order: lower-case; drop every ASCII punctuation character (Python's
 * string.punctuation); replace the whole words "a", "an" and "the" by a
 * space (a word is a run of letters, digits and '_', like the regular
 * expression \b(a|an|the)\b); split at white space and join the pieces
 * with single spaces. "The  Eiffel-Tower!" becomes "eiffeltower".
 * Exact match is 1 when the normalised strings are equal. F1 treats each
 * normalised answer as a bag of words: with k words in common (counted
 * with multiplicity), precision = k / |prediction|, recall = k / |truth|,
 * F1 = 2PR / (P + R), and 0 when k = 0 (so also when either side is empty,
 * as in v1.1; v2.0's script scores two empty answers 1). With several
 * reference answers each score is the best over them.
 *
 * Text is UTF-8. Lower-casing uses utf8proc's simple case mapping (Python's
 * str.lower() is the full one; they differ for a handful of characters
 * such as U+0130); letters, digits and white space are the Unicode
 * categories L*, N* and Z* (plus ASCII white space), as in Python. An
 * invalid byte counts as U+FFFD.
 *
 * Error contract: functions return a negative value (or NULL) with
 * error_message() only when memory runs out or an argument is NULL.
 */
#ifndef SQUAD_EVAL_H
#define SQUAD_EVAL_H

/* Sums over the scored questions: EM% = 100 · em_sum / n, likewise F1. */
typedef struct {
    double em_sum, f1_sum;
    long n;
} SquadScores;

/* The normalised answer as a new string (free it), or NULL. */
char *squad_normalize(const char *text);
/* 1 or 0, or -1 on failure. */
int squad_exact_match(const char *prediction, const char *truth);
/* In [0, 1], or -1 on failure. */
double squad_f1(const char *prediction, const char *truth);
/* Adds one question: the best exact match and the best F1 of prediction
 * against n_truths (>= 1) reference answers. Returns 0, or -1. */
int squad_score_add(SquadScores *s, const char *prediction,
                    const char *const *truths, int n_truths);

#endif
