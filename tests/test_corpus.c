/* Tests of world.h and corpus.h: true facts, the generated documents, and
 * the pre-training text format. */
#include "corpus.h"
#include "error.h"
#include "testutil.h"
#include "world.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- helpers ------------------------------------------------------------ */

static void write_file(const char *path, const char *data, size_t n)
{
    /* n, not strlen: some tests write a NUL byte */
    FILE *f = fopen(path, "wb");
    ck_assert_msg(f != NULL, "cannot write %s", path);
    ck_assert_uint_eq(fwrite(data, 1, n, f), n);
    fclose(f);
}

/* The sentences of document d joined by "\n", in a fresh allocation. */
static char *doc_text(const Corpus *c, int d)
{
    size_t len = 1;
    for (int s = c->doc_start[d]; s < c->doc_start[d + 1]; s++)
        len += strlen(c->sentences[s]) + 1;
    char *out = malloc(len), *p = out;
    ck_assert_ptr_nonnull(out);
    for (int s = c->doc_start[d]; s < c->doc_start[d + 1]; s++)
        p += sprintf(p, "%s\n", c->sentences[s]);
    *p = '\0';
    return out;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 32 || (unsigned char)*s > 126) return 0;
    return 1;
}

/* ---- the world ---------------------------------------------------------- */

START_TEST(test_world_spot_facts)
{
    const WorldCountry *italy = world_find_country("Italy");
    ck_assert_ptr_nonnull(italy);
    ck_assert_str_eq(italy->capital, "Rome");
    ck_assert_str_eq(world_capital_of(italy)->name, "Rome");
    ck_assert_str_eq(italy->continent, "Europe");
    ck_assert_str_eq(italy->currency, "euro");

    const WorldCity *shanghai = world_find_city("Shanghai");
    ck_assert_ptr_nonnull(shanghai);
    ck_assert_str_eq(shanghai->country, "China");
    ck_assert(shanghai->traits & WORLD_FINANCE);
    ck_assert(shanghai->traits & WORLD_FASHION);
    ck_assert(shanghai->traits & WORLD_INDUSTRY);
    ck_assert_str_eq(world_find_country("China")->capital, "Beijing");

    const WorldCity *paris = world_find_city("Paris");
    ck_assert(paris->traits & WORLD_FASHION);
    ck_assert_str_eq(paris->river, "Seine");
    ck_assert_str_eq(paris->country, "France");
    ck_assert_str_eq(world_find_city("London")->river, "Thames");
    ck_assert_str_eq(world_find_city("Cairo")->river, "Nile");
    ck_assert_str_eq(world_find_country("Turkey")->capital, "Ankara");
    ck_assert(world_find_city("Istanbul")->largest);
    ck_assert(world_find_country("Japan")->island);
    ck_assert_ptr_null(world_find_city("Atlantis"));
    ck_assert_ptr_null(world_find_country("Narnia"));
    ck_assert_str_eq(world_trait_name(WORLD_FINANCE), "finance");
}
END_TEST

START_TEST(test_world_is_consistent)
{
    int nc = world_n_cities(), nk = world_n_countries();
    ck_assert_int_ge(nc, 60);
    ck_assert_int_le(nc, 130);
    ck_assert_int_ge(nk, 30);
    ck_assert_int_le(nk, 50);
    for (int i = 0; i < nc; i++) {
        const WorldCity *c = world_city(i);
        ck_assert_int_eq(world_city_index(c), i);
        ck_assert_msg(world_country_of(c) != NULL, "%s: unknown country %s",
                      c->name, c->country);
        ck_assert_msg(world_find_city(c->name) == c, "%s: twice", c->name);
        ck_assert(is_ascii(c->name));
        for (int e = 0; e < WORLD_MAX_EXTRAS && c->extras[e]; e++)
            ck_assert_msg(is_ascii(c->extras[e]), "%s", c->extras[e]);
    }
    for (int k = 0; k < nk; k++) {
        const WorldCountry *country = world_country(k);
        ck_assert_int_eq(world_country_index(country), k);
        const WorldCity *capital = world_capital_of(country);
        ck_assert_msg(capital != NULL, "%s: capital %s is not a city",
                      country->name, country->capital);
        ck_assert_str_eq(capital->country, country->name);
        const WorldCity *cities[64];
        int n = world_cities_of(country, cities, 64), fashion = 0,
            largest = 0;
        ck_assert_int_ge(n, 1);
        for (int i = 0; i < n; i++) {
            fashion += (cities[i]->traits & WORLD_FASHION) != 0;
            largest += cities[i]->largest;
        }
        ck_assert_msg(fashion <= 1, "%s: two fashion capitals", country->name);
        ck_assert_msg(largest <= 1, "%s: two largest cities", country->name);
        /* a border is a border from both sides, within the table */
        ck_assert(country->island == (country->neighbours[0] == NULL));
        for (int i = 0; i < WORLD_MAX_NEIGHBOURS && country->neighbours[i];
             i++) {
            const WorldCountry *o = world_find_country(country->neighbours[i]);
            if (!o) continue;
            int back = 0;
            for (int j = 0; j < WORLD_MAX_NEIGHBOURS && o->neighbours[j]; j++)
                back |= !strcmp(o->neighbours[j], country->name);
            ck_assert_msg(back, "%s borders %s but not back", country->name,
                          o->name);
        }
    }
}
END_TEST

START_TEST(test_world_lecture_sentences)
{
    char s[WORLD_SENTENCE_MAX];
    const WorldCity *rome = world_find_city("Rome");
    const WorldCity *shanghai = world_find_city("Shanghai");
    const WorldCity *paris = world_find_city("Paris");
    WorldClaim c = {WORLD_CITY_CAPITAL, rome, world_country_of(rome), 0, 0,
                    0};
    world_say(s, sizeof s, &c, 0, NULL);
    ck_assert_str_eq(s, "Rome is the capital of Italy.");
    c = (WorldClaim){WORLD_CITY_TRAIT, shanghai, world_country_of(shanghai),
                     WORLD_FINANCE, 0, 0};
    world_say(s, sizeof s, &c, 0, NULL);
    ck_assert_str_eq(s, "Shanghai is a financial center.");
    c.trait = WORLD_FASHION;
    world_say(s, sizeof s, &c, 1, NULL);
    ck_assert_str_eq(s, "Shanghai is China's fashion capital.");
    c.trait = WORLD_INDUSTRY;
    world_say(s, sizeof s, &c, 0, NULL);
    ck_assert_str_eq(s, "Shanghai is an industrial city.");
    c = (WorldClaim){WORLD_CITY_TRAIT, paris, world_country_of(paris),
                     WORLD_FASHION, 0, 0};
    world_say(s, sizeof s, &c, 0, NULL);
    ck_assert_str_eq(s, "Paris is the fashion capital of France.");
    c.it = 1;
    world_say(s, sizeof s, &c, 0, NULL);
    ck_assert_str_eq(s, "It is the fashion capital of France.");
    /* articles and possessives */
    const WorldCountry *nl = world_find_country("Netherlands");
    c = (WorldClaim){WORLD_COUNTRY_CAPITAL, world_capital_of(nl), nl, 0, 0,
                     0};
    WorldSpans sp;
    world_say(s, sizeof s, &c, 2, &sp);
    ck_assert_str_eq(s, "The Netherlands' capital is Amsterdam.");
    ck_assert_int_eq(sp.start[WORLD_SLOT_COUNTRY], 4);
    ck_assert_int_eq(sp.len[WORLD_SLOT_COUNTRY], 11);
}
END_TEST

/* Every phrasing of every claim renders, as one sentence, with every slot
 * where world_say says it is. */
static void check_claim(const WorldClaim *c)
{
    char s[WORLD_SENTENCE_MAX];
    int n_train, n = world_phrasings(c, &n_train);
    ck_assert_int_ge(n_train, 1);
    ck_assert_int_le(n_train, n);
    if (c->fact != WORLD_CITY_EXTRA) ck_assert_int_gt(n, n_train);
    for (int p = 0; p < n; p++) {
        WorldSpans sp;
        int len = world_say(s, sizeof s, c, p, &sp);
        ck_assert_int_gt(len, 0);
        ck_assert_int_eq(len, (int)strlen(s));
        ck_assert_msg(isupper((unsigned char)s[0]) || isdigit(s[0]), "%s", s);
        ck_assert_msg(strchr(".?!", s[len - 1]) != NULL, "%s", s);
        ck_assert_msg(!strstr(s, "  ") && !strchr(s, '{'), "%s", s);
        ck_assert(is_ascii(s));
        for (int k = 0; k < WORLD_N_SLOTS; k++) {
            if (sp.start[k] < 0) continue;
            ck_assert_int_le(sp.start[k] + sp.len[k], len);
        }
        if (sp.start[WORLD_SLOT_CITY] >= 0 && c->city)
            ck_assert(!strncmp(s + sp.start[WORLD_SLOT_CITY], c->city->name,
                               strlen(c->city->name)));
        if (sp.start[WORLD_SLOT_RIVER] >= 0)
            ck_assert(!strncmp(s + sp.start[WORLD_SLOT_RIVER], c->city->river,
                               strlen(c->city->river)));
        if (sp.start[WORLD_SLOT_COUNTRY] >= 0) {
            ck_assert_int_eq(sp.len[WORLD_SLOT_COUNTRY],
                             (int)strlen(c->country->name));
            ck_assert(!strncmp(s + sp.start[WORLD_SLOT_COUNTRY],
                               c->country->name, strlen(c->country->name)));
        }
    }
}

START_TEST(test_world_every_phrasing_renders)
{
    WorldClaim claims[WORLD_MAX_CLAIMS];
    int total = 0;
    for (int i = 0; i < world_n_cities(); i++) {
        int n = world_city_claims(world_city(i), claims, WORLD_MAX_CLAIMS);
        ck_assert_int_ge(n, 3);
        ck_assert_int_eq(claims[0].fact, WORLD_CITY_INTRO);
        for (int j = 0; j < n; j++) check_claim(&claims[j]);
        WorldClaim filler = claims[0];
        filler.fact = WORLD_CITY_FILLER;
        check_claim(&filler);
        total += n;
    }
    for (int k = 0; k < world_n_countries(); k++) {
        int n = world_country_claims(world_country(k), claims,
                                     WORLD_MAX_CLAIMS);
        ck_assert_int_ge(n, 5);
        ck_assert_int_eq(claims[0].fact, WORLD_COUNTRY_INTRO);
        for (int j = 0; j < n; j++) check_claim(&claims[j]);
        total += n;
    }
    ck_assert_int_gt(total, 600);
}
END_TEST

START_TEST(test_world_render_errors)
{
    WorldSlots slots;
    world_slots(&slots, world_find_city("Rome"), NULL);
    char small[8];
    ck_assert_int_eq(world_render(small, sizeof small,
                                  "{city} lies on the {river}.", &slots,
                                  NULL),
                     -1);
    ck_assert_ptr_nonnull(strstr(error_message(), "longer than"));
    char ok[64];
    ck_assert_int_eq(world_render(ok, sizeof ok, "{city} lies on the {river}.",
                                  &slots, NULL),
                     (int)strlen("Rome lies on the Tiber."));
    ck_assert_str_eq(ok, "Rome lies on the Tiber.");
}
END_TEST

/* ---- generated documents -------------------------------------------- */

static void expect_same(const Corpus *a, const Corpus *b)
{
    ck_assert_int_eq(a->n_docs, b->n_docs);
    ck_assert_int_eq(a->n_sentences, b->n_sentences);
    for (int d = 0; d <= a->n_docs; d++)
        ck_assert_int_eq(a->doc_start[d], b->doc_start[d]);
    for (int s = 0; s < a->n_sentences; s++)
        ck_assert_str_eq(a->sentences[s], b->sentences[s]);
}

START_TEST(test_generate_is_deterministic)
{
    Corpus a, b, c;
    ck_assert_int_eq(corpus_generate(&a, 42, 300, CORPUS_TRAIN), 0);
    ck_assert_int_eq(corpus_generate(&b, 42, 300, CORPUS_TRAIN), 0);
    expect_same(&a, &b);
    ck_assert_int_eq(corpus_generate(&c, 43, 300, CORPUS_TRAIN), 0);
    int differ = a.n_sentences != c.n_sentences;
    for (int s = 0; !differ && s < a.n_sentences; s++)
        differ = strcmp(a.sentences[s], c.sentences[s]) != 0;
    ck_assert_msg(differ, "seeds 42 and 43 gave the same corpus");
    corpus_free(&a);
    corpus_free(&b);
    corpus_free(&c);
    corpus_free(&c);   /* twice is fine */
}
END_TEST

START_TEST(test_generate_structure)
{
    for (int split = 0; split < 2; split++) {
        Corpus c;
        ck_assert_int_eq(corpus_generate(&c, 7, 2000, (CorpusSplit)split), 0);
        ck_assert_int_eq(c.n_docs, 2000);
        ck_assert_int_eq(c.doc_start[0], 0);
        ck_assert_int_eq(c.doc_start[c.n_docs], c.n_sentences);
        for (int d = 0; d < c.n_docs; d++) {
            int n = c.doc_start[d + 1] - c.doc_start[d];
            ck_assert_msg(n >= 3 && n <= 8, "document %d has %d sentences", d,
                          n);
        }
        for (int s = 0; s < c.n_sentences; s++) {
            const char *t = c.sentences[s];
            size_t n = strlen(t);
            ck_assert_uint_gt(n, 0);
            ck_assert_msg(strchr(".?!", t[n - 1]) != NULL, "'%s'", t);
            ck_assert_msg(isupper((unsigned char)t[0]), "'%s'", t);
            ck_assert_msg(!isspace((unsigned char)t[n - 1]) &&
                              !strchr(t, '\n') && !strstr(t, "  "),
                          "'%s'", t);
        }
        corpus_free(&c);
    }
}
END_TEST

/* Fails when a document of held is, word for word, one of train. */
static void assert_unseen(const Corpus *held, const Corpus *train)
{
    char **docs = malloc((size_t)train->n_docs * sizeof *docs);
    for (int d = 0; d < train->n_docs; d++) docs[d] = doc_text(train, d);
    qsort(docs, (size_t)train->n_docs, sizeof *docs, cmp_str);
    for (int d = 0; d < held->n_docs; d++) {
        char *t = doc_text(held, d);
        ck_assert_msg(!bsearch(&t, docs, (size_t)train->n_docs, sizeof *docs,
                               cmp_str),
                      "held-out document %d is also a training one", d);
        free(t);
    }
    for (int d = 0; d < train->n_docs; d++) free(docs[d]);
    free(docs);
}

START_TEST(test_heldout_documents_are_new)
{
    Corpus train, held;
    ck_assert_int_eq(corpus_generate(&train, 5, 4000, CORPUS_TRAIN), 0);
    ck_assert_int_eq(corpus_generate(&held, 5, 2000, CORPUS_HELDOUT), 0);
    assert_unseen(&held, &train);
    char **sents = malloc((size_t)train.n_sentences * sizeof *sents);
    memcpy(sents, train.sentences, (size_t)train.n_sentences * sizeof *sents);
    qsort(sents, (size_t)train.n_sentences, sizeof *sents, cmp_str);
    for (int d = 0; d < held.n_docs; d++) {
        /* it opens with a phrasing that training text never shows */
        const char *first = held.sentences[held.doc_start[d]];
        ck_assert_msg(!bsearch(&first, sents, (size_t)train.n_sentences,
                               sizeof *sents, cmp_str),
                      "'%s' is also a training sentence", first);
    }
    free(sents);
    corpus_free(&train);
    corpus_free(&held);
}
END_TEST

/* The rich corpus draws both splits from every phrasing; corpus_drop_seen
 * leaves only held-out documents that no training document equals. */
START_TEST(test_rich_heldout_after_drop_seen)
{
    Corpus train, held, copy;
    ck_assert_int_eq(corpus_generate_rich(&train, 5, 3000, CORPUS_TRAIN), 0);
    ck_assert_int_eq(corpus_generate_rich(&held, 5, 3000, CORPUS_HELDOUT), 0);
    int before = held.n_docs;
    int dropped = corpus_drop_seen(&held, &train);
    ck_assert_int_gt(dropped, 0); // short help pages do repeat
    ck_assert_int_lt(dropped, before / 10);
    ck_assert_int_eq(held.n_docs, before - dropped);
    ck_assert_int_eq(held.doc_start[held.n_docs], held.n_sentences);
    assert_unseen(&held, &train);
    // the same documents again: every one goes
    ck_assert_int_eq(corpus_generate_rich(&copy, 5, 300, CORPUS_TRAIN), 0);
    ck_assert_int_eq(corpus_drop_seen(&copy, &train), 300);
    ck_assert_int_eq(copy.n_docs, 0);
    ck_assert_int_eq(copy.n_sentences, 0);
    corpus_free(&copy);
    // training text holds the phrasings the plain corpus keeps out
    const char *kept_out = "is located in";
    int found = 0;
    for (int i = 0; i < train.n_sentences; i++)
        found += strstr(train.sentences[i], kept_out) != NULL;
    ck_assert_int_gt(found, 0);
    Corpus plain;
    ck_assert_int_eq(corpus_generate(&plain, 5, 3000, CORPUS_TRAIN), 0);
    for (int i = 0; i < plain.n_sentences; i++)
        ck_assert_ptr_null(strstr(plain.sentences[i], kept_out));
    corpus_free(&plain);
    corpus_free(&train);
    corpus_free(&held);
}
END_TEST

/* Sentences of the form "X is the capital of Y." agree with the table. */
START_TEST(test_generated_capitals_are_true)
{
    Corpus c;
    ck_assert_int_eq(corpus_generate(&c, 11, 3000, CORPUS_TRAIN), 0);
    int checked = 0, rome = 0;
    for (int s = 0; s < c.n_sentences; s++) {
        const char *t = c.sentences[s];
        const char *mid = strstr(t, " is the capital of ");
        if (!mid) continue;
        char city[64], country[64];
        snprintf(city, sizeof city, "%.*s", (int)(mid - t), t);
        const char *y = mid + strlen(" is the capital of ");
        if (!strncmp(y, "the ", 4)) y += 4;
        snprintf(country, sizeof country, "%.*s", (int)strcspn(y, ".,"), y);
        const WorldCountry *k = world_find_country(country);
        if (!k || !world_find_city(city)) continue;   /* "It", "Scotland" */
        ck_assert_msg(!strcmp(k->capital, city), "false: '%s'", t);
        checked++;
        rome += !strcmp(t, "Rome is the capital of Italy.");
    }
    ck_assert_int_gt(checked, 50);
    ck_assert_int_gt(rome, 0);
    corpus_free(&c);
}
END_TEST

START_TEST(test_generated_vocabulary_is_modest)
{
    /* every word of 5000 documents, lower-cased, then counted once each */
    Corpus c;
    ck_assert_int_eq(corpus_generate(&c, 3, 5000, CORPUS_TRAIN), 0);
    int cap = 1 << 20, n = 0;
    char **words = malloc((size_t)cap * sizeof *words);
    for (int s = 0; s < c.n_sentences; s++)
        for (const char *p = c.sentences[s]; *p;) {
            while (*p && !isalnum((unsigned char)*p)) p++;
            const char *q = p;
            while (isalnum((unsigned char)*q)) q++;
            if (q == p) break;
            ck_assert_int_lt(n, cap);
            char *w = malloc((size_t)(q - p) + 1);
            for (int i = 0; i < q - p; i++)
                w[i] = (char)tolower((unsigned char)p[i]);
            w[q - p] = '\0';
            words[n++] = w;
            p = q;
        }
    qsort(words, (size_t)n, sizeof *words, cmp_str);
    int distinct = n > 0;
    for (int i = 1; i < n; i++) distinct += strcmp(words[i - 1], words[i]) != 0;
    ck_assert_int_gt(distinct, 300);
    ck_assert_int_lt(distinct, 3000);
    for (int i = 0; i < n; i++) free(words[i]);
    free(words);
    corpus_free(&c);
}
END_TEST

START_TEST(test_generate_bad_arguments)
{
    Corpus c;
    ck_assert_int_eq(corpus_generate(&c, 1, 0, CORPUS_TRAIN), -1);
    ck_assert_ptr_nonnull(strstr(error_message(), "n_docs"));
    ck_assert_ptr_null(c.sentences);
    ck_assert_int_eq(corpus_generate(&c, 1, 5, (CorpusSplit)9), -1);
    ck_assert_ptr_nonnull(strstr(error_message(), "split"));
}
END_TEST

/* ---- the pre-training text format ------------------------------------- */

START_TEST(test_read_crlf_and_blank_lines)
{
    char dir[256], path[512];
    make_temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/corpus.txt", dir);
    const char text[] = "\xEF\xBB\xBF\r\n\r\n"
                        "Rome is the capital of Italy.\r\n"
                        "  It lies on the Tiber.  \r\n"
                        "\r\n \t \r\n\r\n"
                        "Paris is a city in France.\r\n"
                        "\r\n"
                        "Shanghai is a financial center.\r\n"
                        "It is an industrial city.\r\n"
                        "Caf\xC3\xA9s are everywhere.";
    write_file(path, text, sizeof text - 1);
    Corpus c;
    ck_assert_int_eq(corpus_read(&c, path), 0);
    ck_assert_int_eq(c.n_docs, 3);
    ck_assert_int_eq(c.n_sentences, 6);
    ck_assert_int_eq(c.doc_start[0], 0);
    ck_assert_int_eq(c.doc_start[1], 2);
    ck_assert_int_eq(c.doc_start[2], 3);
    ck_assert_int_eq(c.doc_start[3], 6);
    ck_assert_str_eq(c.sentences[0], "Rome is the capital of Italy.");
    ck_assert_str_eq(c.sentences[1], "It lies on the Tiber.");
    ck_assert_str_eq(c.sentences[2], "Paris is a city in France.");
    ck_assert_str_eq(c.sentences[5], "Caf\xC3\xA9s are everywhere.");
    corpus_free(&c);
    unlink(path);
    rmdir(dir);
}
END_TEST

START_TEST(test_read_errors)
{
    char dir[256], path[512];
    make_temp_dir(dir, sizeof dir);
    Corpus c;
    snprintf(path, sizeof path, "%s/missing.txt", dir);
    ck_assert_int_eq(corpus_read(&c, path), -1);
    ck_assert_ptr_nonnull(strstr(error_message(), "missing.txt"));
    ck_assert_ptr_null(c.sentences);

    snprintf(path, sizeof path, "%s/empty.txt", dir);
    write_file(path, "", 0);
    ck_assert_int_eq(corpus_read(&c, path), -1);
    ck_assert_ptr_nonnull(strstr(error_message(), "no sentences"));
    ck_assert_ptr_nonnull(strstr(error_message(), "empty.txt"));

    write_file(path, "\n\n  \r\n\t\n", 8);
    ck_assert_int_eq(corpus_read(&c, path), -1);
    ck_assert_ptr_nonnull(strstr(error_message(), "no sentences"));

    write_file(path, "One.\n\nTwo.\n\nThree.\n", 19);
    ck_assert_int_eq(corpus_read(&c, path), -1);
    ck_assert_ptr_nonnull(strstr(error_message(), "two sentences"));

    write_file(path, "One.\nT\0o.\n", 10);
    ck_assert_int_eq(corpus_read(&c, path), -1);
    ck_assert_ptr_nonnull(strstr(error_message(), ":2: contains a NUL"));

    /* a directory is not a corpus */
    ck_assert_int_eq(corpus_read(&c, dir), -1);
    unlink(path);
    rmdir(dir);
}
END_TEST

START_TEST(test_write_read_round_trip)
{
    char dir[256], path[512];
    make_temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/out.txt", dir);
    Corpus a, b;
    ck_assert_int_eq(corpus_generate(&a, 9, 200, CORPUS_HELDOUT), 0);
    ck_assert_int_eq(corpus_write(&a, path), 0);
    ck_assert_int_eq(corpus_read(&b, path), 0);
    expect_same(&a, &b);
    corpus_free(&b);

    /* a sentence that would not read back: nothing is written */
    char *saved = a.sentences[3];
    a.sentences[3] = "two\nlines.";
    snprintf(path, sizeof path, "%s/bad.txt", dir);
    ck_assert_int_eq(corpus_write(&a, path), -1);
    ck_assert_ptr_nonnull(strstr(error_message(), "sentence 3"));
    ck_assert_int_ne(access(path, F_OK), 0);
    a.sentences[3] = "";
    ck_assert_int_eq(corpus_write(&a, path), -1);
    a.sentences[3] = saved;
    /* a byte order mark opening the file would be dropped on reading;
     * inside the file it is text like any other */
    saved = a.sentences[0];
    a.sentences[0] = "\xEF\xBB\xBFRome is a city.";
    ck_assert_int_eq(corpus_write(&a, path), -1);
    ck_assert_ptr_nonnull(strstr(error_message(), "byte order mark"));
    ck_assert_int_ne(access(path, F_OK), 0);
    a.sentences[0] = saved;
    saved = a.sentences[1];
    a.sentences[1] = "\xEF\xBB\xBFRome is a city.";
    ck_assert_int_eq(corpus_write(&a, path), 0);
    ck_assert_int_eq(corpus_read(&b, path), 0);
    expect_same(&a, &b);
    corpus_free(&b);
    unlink(path);
    a.sentences[1] = saved;
    corpus_free(&a);

    snprintf(path, sizeof path, "%s/out.txt", dir);
    unlink(path);
    rmdir(dir);
}
END_TEST

START_TEST(test_split_keeps_every_document_once)
{
    Corpus all, train, held, again;
    ck_assert_int_eq(corpus_generate(&all, 5, 25, CORPUS_TRAIN), 0);
    ck_assert_int_eq(corpus_generate(&again, 5, 25, CORPUS_TRAIN), 0);
    int sentences = all.n_sentences;
    ck_assert_int_eq(corpus_split(&all, &train, &held, 10), 0);
    ck_assert_int_eq(all.n_docs, 0);
    ck_assert_int_eq(held.n_docs, 2); // documents 9 and 19
    ck_assert_int_eq(train.n_docs, 23);
    ck_assert_int_eq(train.n_sentences + held.n_sentences, sentences);
    ck_assert_str_eq(held.sentences[0], again.sentences[again.doc_start[9]]);
    ck_assert_str_eq(train.sentences[0], again.sentences[0]);
    corpus_free(&train), corpus_free(&held), corpus_free(&again);
    Corpus few, a, b;
    ck_assert_int_eq(corpus_generate(&few, 5, 3, CORPUS_TRAIN), 0);
    ck_assert_int_ne(corpus_split(&few, &a, &b, 10), 0);
    corpus_free(&few);
}
END_TEST

Suite *suite_corpus(void)
{
    Suite *s = suite_create("corpus");
    TCase *world = tcase_create("world");
    tcase_add_test(world, test_world_spot_facts);
    tcase_add_test(world, test_world_is_consistent);
    tcase_add_test(world, test_world_lecture_sentences);
    tcase_add_test(world, test_world_every_phrasing_renders);
    tcase_add_test(world, test_world_render_errors);
    suite_add_tcase(s, world);
    TCase *gen = tcase_create("generate");
    tcase_set_timeout(gen, 60);
    tcase_add_test(gen, test_generate_is_deterministic);
    tcase_add_test(gen, test_generate_structure);
    tcase_add_test(gen, test_heldout_documents_are_new);
    tcase_add_test(gen, test_rich_heldout_after_drop_seen);
    tcase_add_test(gen, test_generated_capitals_are_true);
    tcase_add_test(gen, test_generated_vocabulary_is_modest);
    tcase_add_test(gen, test_generate_bad_arguments);
    suite_add_tcase(s, gen);
    TCase *io = tcase_create("format");
    tcase_add_test(io, test_read_crlf_and_blank_lines);
    tcase_add_test(io, test_read_errors);
    tcase_add_test(io, test_write_read_round_trip);
    tcase_add_test(io, test_split_keeps_every_document_once);
    suite_add_tcase(s, io);
    return s;
}
