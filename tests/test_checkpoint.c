/* Tests of bert_checkpoint.h: a save and load that keeps every bit, the
 * other spellings real checkpoints use, and a clear error for each way a
 * model directory can be wrong. */
#include "bert_checkpoint.h"
#include "error.h"
#include "fileio.h"
#include "safetensors.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A very small configuration and a vocabulary of matching size. */
static void small_model(Bert *m, Vocab *v, int num_labels)
{
    BertConfig cfg;
    ck_assert_int_eq(bert_config_preset(&cfg, "tiny"), 0);
    cfg.vocab_size = 20, cfg.hidden_size = 8, cfg.num_hidden_layers = 2;
    cfg.num_attention_heads = 2, cfg.intermediate_size = 16;
    cfg.max_position_embeddings = 12;
    ck_assert_msg(bert_build(m, &cfg, num_labels) == 0, "%s",
                  error_message());
    Rng rng;
    rng_seed(&rng, 3);
    bert_init(m, &rng);
    rng_fill_normal(&rng, m->param_block, m->num_params, 0, 1);
    const char *tokens[20] = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"};
    char names[15][16];
    for (int i = 5; i < 20; i++) {
        snprintf(names[i - 5], sizeof names[0], "w%d", i);
        tokens[i] = names[i - 5];
    }
    ck_assert_int_eq(vocab_from_tokens(v, tokens, 20), 0);
}

START_TEST(test_round_trip_keeps_every_bit)
{
    char dir[64], path[128];
    make_temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/model", dir);
    Bert a, b;
    Vocab va, vb;
    small_model(&a, &va, 3);
    a.loaded = BERT_HAS_QA;
    ck_assert_msg(bert_save(&a, &va, path) == 0, "%s", error_message());
    ck_assert_msg(bert_save(&a, &va, path) == 0, "overwrite: %s",
                  error_message());
    Rng rng;
    rng_seed(&rng, 99);
    ck_assert_msg(bert_load(&b, &vb, path, 0, &rng) == 0, "%s",
                  error_message());
    ck_assert_int_eq(b.num_labels, 3);
    ck_assert_int_eq(b.num_params, a.num_params);
    ck_assert(!memcmp(a.param_block, b.param_block,
                      sizeof(float) * a.num_params));
    ck_assert_int_eq(b.loaded, BERT_HAS_MLM | BERT_HAS_NSP |
                                   BERT_HAS_CLASSIFIER | BERT_HAS_QA);
    ck_assert_int_eq(vb.n, 20);
    ck_assert_str_eq(vocab_token(&vb, 2), "[CLS]");
    bert_free(&a), bert_free(&b), vocab_free(&va), vocab_free(&vb);
}
END_TEST

/* Writes a.param_block under other names: without "bert." and with
 * gamma/beta, and with the pre-training heads left out. */
static void write_renamed(const Bert *a, const char *dir)
{
    StWriteEntry e[200];
    static char names[200][128];
    int n = 0;
    for (int i = 0; i < a->num_tensors; i++) {
        const BertTensor *t = &a->tensors[i];
        if (strncmp(t->name, "bert.", 5)) continue;
        snprintf(names[n], sizeof names[0], "%s", t->name + 5);
        char *ln = strstr(names[n], "LayerNorm.");
        if (ln && !strcmp(ln + 10, "weight")) strcpy(ln + 10, "gamma");
        if (ln && !strcmp(ln + 10, "bias")) strcpy(ln + 10, "beta");
        e[n] = (StWriteEntry){names[n], t->ndim, t->shape,
                              a->param_block + t->offset};
        n++;
    }
    char path[256];
    snprintf(path, sizeof path, "%s/model.safetensors", dir);
    ck_assert_msg(safetensors_write(path, e, n, NULL) == 0, "%s",
                  error_message());
}

START_TEST(test_other_spellings_and_missing_heads)
{
    char dir[64], path[128];
    make_temp_dir(dir, sizeof dir);
    Bert a, b;
    Vocab va, vb;
    small_model(&a, &va, 0);
    snprintf(path, sizeof path, "%s/config.json", dir);
    ck_assert_int_eq(bert_config_write(&a.cfg, path), 0);
    snprintf(path, sizeof path, "%s/vocab.txt", dir);
    ck_assert_int_eq(vocab_save(&va, path), 0);
    write_renamed(&a, dir);
    Rng rng;
    rng_seed(&rng, 1);
    ck_assert_msg(bert_load(&b, &vb, dir, 2, &rng) == 0, "%s",
                  error_message());
    ck_assert_int_eq(b.loaded, 0); // no head in the file
    ck_assert_int_eq(b.num_labels, 2);
    for (int i = 0; i < b.num_tensors; i++) {
        const BertTensor *t = &b.tensors[i];
        if (strncmp(t->name, "bert.", 5)) continue;
        ck_assert_msg(!memcmp(a.param_block + t->offset,
                              b.param_block + t->offset,
                              sizeof(float) * t->size),
                      "%s differs", t->name);
    }
    bert_free(&a), bert_free(&b), vocab_free(&va), vocab_free(&vb);
}
END_TEST

/* Saves a good checkpoint, breaks one thing, and expects bert_load to
 * fail with a message containing `expect`. */
static void expect_load_error(void (*breaker)(const char *dir),
                              const char *expect)
{
    char dir[64], path[128];
    make_temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/model", dir);
    Bert a, b;
    Vocab va, vb;
    small_model(&a, &va, 0);
    ck_assert_int_eq(bert_save(&a, &va, path), 0);
    breaker(path);
    Rng rng;
    rng_seed(&rng, 1);
    ck_assert_int_ne(bert_load(&b, &vb, path, 0, &rng), 0);
    ck_assert_msg(strstr(error_message(), expect) != NULL,
                  "message '%s' lacks '%s'", error_message(), expect);
    bert_free(&a), vocab_free(&va);
}

static void drop_vocab_line(const char *dir)
{
    char path[256];
    snprintf(path, sizeof path, "%s/vocab.txt", dir);
    FILE *f = fopen(path, "w");
    for (int i = 0; i < 19; i++) fprintf(f, "t%d\n", i);
    fclose(f);
}

static void remove_weights(const char *dir)
{
    char path[256];
    snprintf(path, sizeof path, "%s/model.safetensors", dir);
    unlink(path);
}

static void truncate_weights(const char *dir)
{
    char path[256];
    snprintf(path, sizeof path, "%s/model.safetensors", dir);
    ck_assert_int_eq(truncate(path, 300), 0);
}

static void bigger_config(const char *dir)
{
    char path[256];
    snprintf(path, sizeof path, "%s/config.json", dir);
    BertConfig cfg;
    ck_assert_int_eq(bert_config_read(&cfg, path), 0);
    cfg.intermediate_size = 24;
    ck_assert_int_eq(bert_config_write(&cfg, path), 0);
}

static void bad_json(const char *dir)
{
    char path[256];
    snprintf(path, sizeof path, "%s/config.json", dir);
    FILE *f = fopen(path, "w");
    fputs("{\"hidden_size\": 8,", f);
    fclose(f);
}

START_TEST(test_broken_directories)
{
    expect_load_error(drop_vocab_line, "vocab_size 20");
    expect_load_error(remove_weights, "model.safetensors");
    expect_load_error(truncate_weights, "model.safetensors");
    expect_load_error(bigger_config, "intermediate.dense.weight");
    expect_load_error(bad_json, "config.json");
}
END_TEST

START_TEST(test_missing_encoder_tensor)
{
    char dir[64], path[128];
    make_temp_dir(dir, sizeof dir);
    Bert a, b;
    Vocab va, vb;
    small_model(&a, &va, 0);
    snprintf(path, sizeof path, "%s/config.json", dir);
    ck_assert_int_eq(bert_config_write(&a.cfg, path), 0);
    snprintf(path, sizeof path, "%s/vocab.txt", dir);
    ck_assert_int_eq(vocab_save(&va, path), 0);
    const BertTensor *t = bert_find_tensor(&a, "bert.pooler.dense.weight");
    StWriteEntry e = {"bert.pooler.dense.weight", 2, t->shape,
                      a.param_block + t->offset};
    snprintf(path, sizeof path, "%s/model.safetensors", dir);
    ck_assert_int_eq(safetensors_write(path, &e, 1, NULL), 0);
    Rng rng;
    rng_seed(&rng, 1);
    ck_assert_int_ne(bert_load(&b, &vb, dir, 0, &rng), 0);
    ck_assert_ptr_nonnull(strstr(error_message(), "missing tensor bert."));
    bert_free(&a), vocab_free(&va);
}
END_TEST

/* A config.json that claims a much larger model than model.safetensors
 * holds fails on the first shape, before the model is initialised: the
 * random generator is left untouched, and no time goes into filling
 * memory that is thrown away. */
START_TEST(test_bigger_config_fails_before_init)
{
    char dir[64], path[128];
    make_temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/model", dir);
    Bert a, b;
    Vocab va, vb;
    small_model(&a, &va, 0);
    ck_assert_int_eq(bert_save(&a, &va, path), 0);
    BertConfig cfg = a.cfg;
    cfg.hidden_size = 256, cfg.num_hidden_layers = 12;
    cfg.intermediate_size = 1024;
    snprintf(path, sizeof path, "%s/model/config.json", dir);
    ck_assert_int_eq(bert_config_write(&cfg, path), 0);
    Rng rng, before;
    rng_seed(&rng, 5);
    before = rng;
    snprintf(path, sizeof path, "%s/model", dir);
    ck_assert_int_ne(bert_load(&b, &vb, path, 0, &rng), 0);
    ck_assert_ptr_nonnull(strstr(error_message(), "expected shape (20, 256)"));
    ck_assert(!memcmp(&rng, &before, sizeof rng));
    ck_assert_ptr_null(b.param_block);
    bert_free(&a), vocab_free(&va);
}
END_TEST

START_TEST(test_save_refuses_a_foreign_directory)
{
    char dir[64], path[128];
    make_temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/notes.txt", dir);
    FILE *f = fopen(path, "w");
    fputs("mine\n", f);
    fclose(f);
    Bert a;
    Vocab va;
    small_model(&a, &va, 0);
    ck_assert_int_ne(bert_save(&a, &va, dir), 0);
    ck_assert_int_eq(access(path, F_OK), 0); // untouched
    /* a parent that is a file: the message names the directory asked for */
    char inside[160];
    snprintf(inside, sizeof inside, "%s/notes.txt/model", dir);
    ck_assert_int_ne(bert_save(&a, &va, inside), 0);
    ck_assert_ptr_nonnull(strstr(error_message(), inside));
    bert_free(&a), vocab_free(&va);
}
END_TEST

Suite *suite_checkpoint(void)
{
    Suite *s = suite_create("checkpoint");
    TCase *tc = tcase_create("directory");
    tcase_add_test(tc, test_round_trip_keeps_every_bit);
    tcase_add_test(tc, test_other_spellings_and_missing_heads);
    tcase_add_test(tc, test_broken_directories);
    tcase_add_test(tc, test_missing_encoder_tensor);
    tcase_add_test(tc, test_bigger_config_fails_before_init);
    tcase_add_test(tc, test_save_refuses_a_foreign_directory);
    suite_add_tcase(s, tc);
    return s;
}
