/* complaints: customer complaints to an internet provider, labelled
 * hardware, software or billing, for fine-tuning a text classifier.
 *
 *     LabeledTexts train;
 *     if (complaints_generate(&train, 42, 3000, COMPLAINTS_TRAIN) != 0) ...
 *     for (int i = 0; i < train.n; i++)
 *         printf("%s\t%s\n", COMPLAINT_LABELS[train.label[i]], train.text[i]);
 *     labeled_texts_free(&train);
 *
 * Each complaint is a template of its class filled with a product (a router
 * model, an app, a plan) and details, between an optional greeting and an
 * optional closing. Classes are balanced: label i % 3 before a seeded
 * shuffle. TRAIN and DEV share templates and products (DEV is a separate
 * random stream, for watching training); TEST uses templates and product
 * names that TRAIN never shows, so its accuracy measures generalisation.
 * The three complaints of the lecture are constants below.
 *
 * Data layout: text[i] is one NUL-terminated ASCII string, label[i] in
 * 0..2 (COMPLAINT_HARDWARE, _SOFTWARE, _BILLING); each text is its own
 * allocation. complaints_generate returns 0, or -1 with error_message().
 */
#ifndef COMPLAINTS_H
#define COMPLAINTS_H

#include "rng.h"

#include <stdint.h>

enum { COMPLAINT_HARDWARE, COMPLAINT_SOFTWARE, COMPLAINT_BILLING };
#define COMPLAINT_N_LABELS 3

/* "hardware", "software", "billing" */
extern const char *const COMPLAINT_LABELS[COMPLAINT_N_LABELS];

#define COMPLAINT_EXAMPLE_HARDWARE                                         \
    "My router's led is not working, I tried changing the power socket "   \
    "but still nothing."
#define COMPLAINT_EXAMPLE_SOFTWARE                                         \
    "The app keeps crashing every time I open the settings page."
#define COMPLAINT_EXAMPLE_BILLING                                          \
    "I was charged twice for my monthly subscription this month."

typedef enum {
    COMPLAINTS_TRAIN,
    COMPLAINTS_DEV,
    COMPLAINTS_TEST
} ComplaintSplit;

typedef struct {
    char **text;   /* n strings */
    int *label;    /* (n) class ids */
    int n;
} LabeledTexts;

/* n complaints (1 .. 1000000) of the split; the same seed and split give the
 * same texts. */
int complaints_generate(LabeledTexts *out, uint64_t seed, int n,
                        ComplaintSplit split);
/* One product of the provider's catalogue: its brand and model (NULL for a
 * plain noun such as "router"), what it is, and the class of complaints
 * about it. */
typedef struct {
    int label;
    const char *name;
    const char *noun;
} ComplaintProduct;

/* The products a split's complaints name (DEV shares TRAIN's): *out points
 * at a constant table; returns its length. */
int complaints_catalogue(ComplaintSplit split, const ComplaintProduct **out);
/* Fills a template into buf (cap bytes, truncated to fit): {p} the product
 * ("HomeHub 3 router"), {n} what it is ("router"), {l} a light, {f} a fix
 * that was tried, {g} a page of an app, {a} an action in an app, {t} a
 * time; the details are drawn from rng. Returns the length. */
int complaints_render(char *buf, int cap, const char *tmpl,
                      const ComplaintProduct *p, Rng *rng);
/* Writes up to cap of the product names (brand and model, such as
 * "HomeHub 3") that a split's complaints use into names and returns how many
 * there are. TEST's names never appear in TRAIN or DEV texts. */
int complaints_products(ComplaintSplit split, const char **names, int cap);
void labeled_texts_free(LabeledTexts *t);

#endif
