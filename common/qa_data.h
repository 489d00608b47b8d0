/* qa_data: question / context / answer triples for extractive question
 * answering (as in SQuAD), built from the true facts of world.h.
 *
 *     QaSet train;
 *     if (qa_generate(&train, 42, 2000, QA_TRAIN) != 0) ... error_message()
 *     QaExample *e = &train.ex[0];
 *     // e->question  "What river flows through Paris?"
 *     // e->context   "Paris is a city in France. The Seine flows through
 *     //               Paris. Paris is famous for its art."
 *     // e->answer    "Seine", found at e->context + e->answer_start
 *     qa_set_free(&train);
 *
 * A context is a short paragraph (2 to 5 sentences, in the corpus's style)
 * about one city or country, or now and then a single sentence that sums
 * up a city, shaped like the lecture's example; the question asks for one
 * fact that the paragraph states, and the answer is an exact substring of
 * the context, starting at byte answer_start (all text is ASCII, so bytes
 * are characters). The other sentences are true facts about the same
 * place, so the model has to read the question to pick the right span.
 * qa_generate_long builds contexts of many sentences about several places,
 * longer than 128 tokens, so that a window with a stride is needed.
 *
 * Splits: TRAIN and DEV (a separate random stream) share six phrasings
 * of each question; TEST asks with two others that TRAIN never uses
 * ("Name the capital of Italy.") and its contexts may use the held-out
 * phrasings of world.h, which TRAIN's contexts never do. About a fifth of
 * the countries and cities are asked about only in TEST
 * (qa_subject_heldout).
 *
 * Every function returns 0 on success and -1 with error_message() on bad
 * arguments or when out of memory.
 */
#ifndef QA_DATA_H
#define QA_DATA_H

#include <stdint.h>

/* The lecture's example. */
#define QA_LECTURE_CONTEXT                                                 \
    "Shanghai is a City in China, it is also a financial center, its "     \
    "fashion capital and industrial city."
#define QA_LECTURE_QUESTION "What is the fashion capital of China?"
#define QA_LECTURE_ANSWER "Shanghai"
#define QA_LECTURE_ANSWER_START 0

typedef enum { QA_TRAIN, QA_DEV, QA_TEST } QaSplit;

typedef struct {
    char *question;
    char *context;
    char *answer;        /* the same bytes as context + answer_start */
    int answer_start;    /* byte offset of the answer in the context */
} QaExample;

typedef struct {
    QaExample *ex;       /* n examples, each string its own allocation */
    int n;
} QaSet;

/* n examples (1 .. 1000000) of the split; the same seed and split give the
 * same examples. */
int qa_generate(QaSet *out, uint64_t seed, int n, QaSplit split);
/* Like qa_generate, with contexts of about n_sentences sentences (8 .. 64):
 * the paragraph about the place asked about, placed at a random position
 * among paragraphs about other places. */
int qa_generate_long(QaSet *out, uint64_t seed, int n, QaSplit split,
                     int n_sentences);
void qa_set_free(QaSet *s);

/* 1 when questions about this country or city (its name as in world.h)
 * appear only in TEST. */
int qa_subject_heldout(const char *name);
/* Writes up to cap of the question phrasings the split asks with, such as
 * "What is the capital of {country}?", into out; returns how many there
 * are. TEST's and TRAIN's have none in common. */
int qa_question_templates(QaSplit split, const char **out, int cap);

#endif
