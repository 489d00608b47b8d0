/* Tests of bert_config.h: presets, parameter counts, config.json files as
 * Hugging Face writes them, and every kind of bad value. */
#include "bert_config.h"
#include "error.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* bert-base-uncased's config.json on the Hugging Face hub, key for key. */
static const char *BERT_BASE_UNCASED_JSON =
    "{\n"
    "  \"architectures\": [\n"
    "    \"BertForMaskedLM\"\n"
    "  ],\n"
    "  \"attention_probs_dropout_prob\": 0.1,\n"
    "  \"gradient_checkpointing\": false,\n"
    "  \"hidden_act\": \"gelu\",\n"
    "  \"hidden_dropout_prob\": 0.1,\n"
    "  \"hidden_size\": 768,\n"
    "  \"initializer_range\": 0.02,\n"
    "  \"intermediate_size\": 3072,\n"
    "  \"layer_norm_eps\": 1e-12,\n"
    "  \"max_position_embeddings\": 512,\n"
    "  \"model_type\": \"bert\",\n"
    "  \"num_attention_heads\": 12,\n"
    "  \"num_hidden_layers\": 12,\n"
    "  \"pad_token_id\": 0,\n"
    "  \"position_embedding_type\": \"absolute\",\n"
    "  \"transformers_version\": \"4.6.0.dev0\",\n"
    "  \"type_vocab_size\": 2,\n"
    "  \"use_cache\": true,\n"
    "  \"vocab_size\": 30522\n"
    "}\n";

static void expect_same_config(const BertConfig *a, const BertConfig *b)
{
    ck_assert_int_eq(a->vocab_size, b->vocab_size);
    ck_assert_int_eq(a->hidden_size, b->hidden_size);
    ck_assert_int_eq(a->num_hidden_layers, b->num_hidden_layers);
    ck_assert_int_eq(a->num_attention_heads, b->num_attention_heads);
    ck_assert_int_eq(a->intermediate_size, b->intermediate_size);
    ck_assert_int_eq(a->max_position_embeddings, b->max_position_embeddings);
    ck_assert_int_eq(a->type_vocab_size, b->type_vocab_size);
    ck_assert_float_eq(a->layer_norm_eps, b->layer_norm_eps);
    ck_assert_float_eq(a->initializer_range, b->initializer_range);
    ck_assert_float_eq(a->hidden_dropout_prob, b->hidden_dropout_prob);
    ck_assert_float_eq(a->attention_probs_dropout_prob,
                       b->attention_probs_dropout_prob);
    ck_assert_str_eq(a->hidden_act, b->hidden_act);
    ck_assert_int_eq(a->pad_token_id, b->pad_token_id);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    ck_assert_int_eq(fclose(f), 0);
}

static void expect_message(const char *want)
{
    const char *msg = error_message();
    ck_assert_msg(strstr(msg, want) != NULL, "message \"%s\" lacks \"%s\"",
                  msg, want);
    ck_assert_msg(strchr(msg, '\n') == NULL, "message \"%s\" has a newline",
                  msg);
}

/* Reading a file with this text must fail, name the file, say `want`, and
 * leave the config alone. */
static void expect_read_fails(const char *text, const char *want)
{
    char dir[64], path[128];
    make_temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/config.json", dir);
    write_text(path, text);
    BertConfig cfg, before;
    bert_config_preset(&cfg, "tiny");
    before = cfg;
    ck_assert_int_eq(bert_config_read(&cfg, path), -1);
    expect_message(path);
    expect_message(want);
    expect_same_config(&cfg, &before);
    remove(path);
    rmdir(dir);
}

START_TEST(test_presets)
{
    BertConfig c;
    ck_assert_int_eq(bert_config_preset(&c, "base"), 0);
    ck_assert_int_eq(c.vocab_size, 30522);
    ck_assert_int_eq(c.hidden_size, 768);
    ck_assert_int_eq(c.num_hidden_layers, 12);
    ck_assert_int_eq(c.num_attention_heads, 12);
    ck_assert_int_eq(c.intermediate_size, 3072);
    ck_assert_int_eq(c.max_position_embeddings, 512);
    ck_assert_int_eq(c.type_vocab_size, 2);
    ck_assert_float_eq(c.layer_norm_eps, 1e-12f);
    ck_assert_str_eq(c.hidden_act, "gelu");
    ck_assert_int_eq(bert_config_preset(&c, "large"), 0);
    ck_assert_int_eq(c.hidden_size, 1024);
    ck_assert_int_eq(c.num_hidden_layers, 24);
    ck_assert_int_eq(c.num_attention_heads, 16);
    ck_assert_int_eq(c.intermediate_size, 4096);
    ck_assert_int_eq(c.vocab_size, 30522);
    ck_assert_int_eq(bert_config_preset(&c, "tiny"), 0);
    ck_assert_int_eq(c.num_hidden_layers, 2);
    ck_assert_int_eq(c.hidden_size, 128);
    ck_assert_int_eq(c.num_attention_heads, 2);
    ck_assert_int_eq(c.intermediate_size, 512);
    ck_assert_int_eq(c.vocab_size, 4096);
    ck_assert_int_eq(c.max_position_embeddings, 128);
    ck_assert_int_eq(c.type_vocab_size, 2);
    for (const char *const *p = (const char *const[]){"base", "large", "tiny",
                                                      NULL}; *p; p++) {
        ck_assert_int_eq(bert_config_preset(&c, *p), 0);
        ck_assert_int_eq(bert_config_validate(&c, *p), 0);
    }
    ck_assert_int_eq(bert_config_preset(&c, "huge"), -1);
    expect_message("unknown model size \"huge\"");
    ck_assert_int_eq(bert_config_preset(&c, NULL), -1);
}
END_TEST

START_TEST(test_parameter_counts)
{
    BertConfig c;
    bert_config_preset(&c, "base");
    ck_assert_int_eq(bert_config_param_count(&c), 109482240L);
    /* + MLM transform 590,592 + LayerNorm 1,536 + output bias 30,522
     *   + NSP 1,538 */
    ck_assert_int_eq(bert_config_param_count_pretraining(&c), 110106428L);
    bert_config_preset(&c, "large");
    ck_assert_int_eq(bert_config_param_count(&c), 335141888L);
    ck_assert_int_eq(bert_config_param_count_pretraining(&c), 336226108L);
    /* tiny, counted module by module: embeddings (4096+128+2)*128 + 256,
     * 2 layers of 198,272, pooler 16,512 */
    bert_config_preset(&c, "tiny");
    ck_assert_int_eq(bert_config_param_count(&c), 954240L);
}
END_TEST

START_TEST(test_read_bert_base_uncased)
{
    char dir[64], path[128];
    make_temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/config.json", dir);
    write_text(path, BERT_BASE_UNCASED_JSON);
    BertConfig got, want;
    ck_assert_int_eq(bert_config_read(&got, path), 0);
    bert_config_preset(&want, "base");
    expect_same_config(&got, &want);
    ck_assert_float_eq(got.hidden_dropout_prob, 0.1f);
    ck_assert_float_eq(got.attention_probs_dropout_prob, 0.1f);
    ck_assert_float_eq(got.initializer_range, 0.02f);
    ck_assert_int_eq(bert_config_param_count(&got), 109482240L);
    remove(path);
    rmdir(dir);
}
END_TEST

START_TEST(test_missing_keys_take_defaults)
{
    BertConfig got, want;
    bert_config_preset(&want, "base");
    ck_assert_int_eq(bert_config_parse(&got, "{}", 2, "empty"), 0);
    expect_same_config(&got, &want);
    const char *some = "{\"hidden_size\": 256, \"num_attention_heads\": 4,"
                       " \"pad_token_id\": null, \"vocab_size\": 100}";
    ck_assert_int_eq(bert_config_parse(&got, some, (long)strlen(some), "s"),
                     0);
    want.hidden_size = 256;
    want.num_attention_heads = 4;
    want.vocab_size = 100;
    expect_same_config(&got, &want);
    /* HF's default is 2 token types, not google-research's 16 */
    ck_assert_int_eq(got.type_vocab_size, 2);
}
END_TEST

START_TEST(test_wrong_types)
{
    expect_read_fails("{\"hidden_size\": \"768\"}",
                      "hidden_size: must be a whole number, not a string");
    expect_read_fails("{\"vocab_size\": [30522]}",
                      "vocab_size: must be a whole number, not a list");
    expect_read_fails("{\"num_hidden_layers\": true}",
                      "num_hidden_layers: must be a whole number, not "
                      "true/false");
    expect_read_fails("{\"hidden_size\": 768.5}", "hidden_size: 768.5 is not");
    expect_read_fails("{\"max_position_embeddings\": 1e12}",
                      "max_position_embeddings: 1e+12 is not a whole number "
                      "that fits an int");
    expect_read_fails("{\"layer_norm_eps\": \"1e-12\"}",
                      "layer_norm_eps: must be a number, not a string");
    expect_read_fails("{\"initializer_range\": 1e300}",
                      "initializer_range: 1e+300 does not fit a float");
    expect_read_fails("{\"hidden_act\": 5}",
                      "hidden_act: must be a string, not a number");
    expect_read_fails("{\"intermediate_size\": null}",
                      "intermediate_size: must be a whole number, not null");
}
END_TEST

START_TEST(test_bad_values)
{
    expect_read_fails("{\"hidden_size\": 770}",
                      "hidden_size: 770 is not divisible by "
                      "num_attention_heads (12)");
    expect_read_fails("{\"vocab_size\": -5}",
                      "vocab_size: -5 is outside 1..10000000");
    expect_read_fails("{\"vocab_size\": 0}", "vocab_size: 0 is outside");
    expect_read_fails("{\"num_hidden_layers\": 100000}",
                      "num_hidden_layers: 100000 is outside 1..1000");
    expect_read_fails("{\"hidden_size\": 131072}", "hidden_size: 131072");
    expect_read_fails("{\"num_attention_heads\": 1536}",
                      "num_attention_heads: 1536 is outside 1..768");
    expect_read_fails("{\"intermediate_size\": 2000000}", "intermediate_size");
    expect_read_fails("{\"max_position_embeddings\": 2000000}",
                      "max_position_embeddings");
    expect_read_fails("{\"type_vocab_size\": 0}", "type_vocab_size: 0");
    expect_read_fails("{\"layer_norm_eps\": 0}",
                      "layer_norm_eps: 0 must be above 0");
    expect_read_fails("{\"layer_norm_eps\": -1e-12}", "layer_norm_eps");
    expect_read_fails("{\"initializer_range\": -0.02}", "initializer_range");
    expect_read_fails("{\"hidden_dropout_prob\": 1.5}",
                      "hidden_dropout_prob: 1.5 is not a probability");
    expect_read_fails("{\"attention_probs_dropout_prob\": 1}",
                      "attention_probs_dropout_prob");
    expect_read_fails("{\"pad_token_id\": 40000}",
                      "pad_token_id: 40000 is outside 0..30521");
    expect_read_fails("{\"hidden_act\": \"gelu_new\"}",
                      "hidden_act: \"gelu_new\" (the tanh approximation) is "
                      "not implemented");
    expect_read_fails("{\"hidden_act\": \"relu\"}",
                      "hidden_act: \"relu\" is not implemented");
    expect_read_fails("{\"hidden_act\": \"a-very-long-activation-name\"}",
                      "hidden_act: \"a-very-long-activa");
    expect_read_fails("{\"model_type\": \"roberta\"}",
                      "model_type: \"roberta\" is not supported");
    expect_read_fails("{\"position_embedding_type\": \"relative_key\"}",
                      "position_embedding_type: \"relative_key\" is not "
                      "implemented");
}
END_TEST

START_TEST(test_bad_files)
{
    expect_read_fails("", "not valid JSON (line 1)");
    expect_read_fails("{\n  \"hidden_size\": 768,\n  \"vocab_size\": ,\n}\n",
                      "not valid JSON (line 3)");
    expect_read_fails("[768]", "not a JSON object");
    expect_read_fails("\"bert\"", "not a JSON object");
    expect_read_fails("{} {}", "unexpected text after the JSON object");
    BertConfig c;
    ck_assert_int_eq(bert_config_read(&c, "tests/fixtures/no-config.json"),
                     -1);
    expect_message("tests/fixtures/no-config.json");
    ck_assert_int_eq(bert_config_parse(&c, "{\"a\":1}", 7, "nul"), 0);
    ck_assert_int_eq(bert_config_parse(&c, "{\"a\"\0:1}", 8, "nul"), -1);
    expect_message("nul: not JSON (it contains a NUL byte)");
    ck_assert_int_eq(bert_config_parse(&c, NULL, 5, "null"), -1);
}
END_TEST

/* What bert_config_write puts in config.json for bert-base: HF's layout
 * (sorted keys, two-space indent) with the architecture this project
 * trains. */
static const char *WRITTEN_BASE =
    "{\n"
    "  \"architectures\": [\n"
    "    \"BertForPreTraining\"\n"
    "  ],\n"
    "  \"attention_probs_dropout_prob\": 0.1,\n"
    "  \"hidden_act\": \"gelu\",\n"
    "  \"hidden_dropout_prob\": 0.1,\n"
    "  \"hidden_size\": 768,\n"
    "  \"initializer_range\": 0.02,\n"
    "  \"intermediate_size\": 3072,\n"
    "  \"layer_norm_eps\": 1e-12,\n"
    "  \"max_position_embeddings\": 512,\n"
    "  \"model_type\": \"bert\",\n"
    "  \"num_attention_heads\": 12,\n"
    "  \"num_hidden_layers\": 12,\n"
    "  \"pad_token_id\": 0,\n"
    "  \"position_embedding_type\": \"absolute\",\n"
    "  \"type_vocab_size\": 2,\n"
    "  \"use_cache\": true,\n"
    "  \"vocab_size\": 30522\n"
    "}\n";

START_TEST(test_write_and_read_back)
{
    char dir[64], path[128];
    make_temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/config.json", dir);
    BertConfig c, back;
    bert_config_preset(&c, "base");
    ck_assert_int_eq(bert_config_write(&c, path), 0);
    FILE *f = fopen(path, "rb");
    char text[2048];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    ck_assert_str_eq(text, WRITTEN_BASE);
    /* odd values survive the trip exactly */
    const char *names[3] = {"base", "large", "tiny"};
    for (int i = 0; i < 3; i++) {
        bert_config_preset(&c, names[i]);
        c.layer_norm_eps = 1e-5f;
        c.hidden_dropout_prob = 0.0f;
        c.attention_probs_dropout_prob = 0.123456789f;
        c.initializer_range = 1.0f / 3.0f;
        c.pad_token_id = 3;
        ck_assert_int_eq(bert_config_write(&c, path), 0);
        ck_assert_int_eq(bert_config_read(&back, path), 0);
        expect_same_config(&back, &c);
    }
    /* floats in their shortest form, as Python's json writes them */
    f = fopen(path, "rb");
    n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    const char *want[] = {"\"layer_norm_eps\": 1e-05,\n",
                          "\"hidden_dropout_prob\": 0.0,\n",
                          "\"attention_probs_dropout_prob\": 0.12345679,\n",
                          "\"initializer_range\": 0.33333334,\n",
                          "\"pad_token_id\": 3,\n"};
    for (int i = 0; i < 5; i++)
        ck_assert_msg(strstr(text, want[i]), "no %s in\n%s", want[i], text);
    /* an invalid config is not written */
    remove(path);
    c.hidden_size = 101;
    ck_assert_int_eq(bert_config_write(&c, path), -1);
    expect_message("hidden_size: 101 is not divisible");
    ck_assert_int_eq(access(path, F_OK), -1);
    rmdir(dir);
}
END_TEST

Suite *suite_bert_config(void)
{
    Suite *s = suite_create("bert_config");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_presets);
    tcase_add_test(tc, test_parameter_counts);
    tcase_add_test(tc, test_read_bert_base_uncased);
    tcase_add_test(tc, test_missing_keys_take_defaults);
    tcase_add_test(tc, test_wrong_types);
    tcase_add_test(tc, test_bad_values);
    tcase_add_test(tc, test_bad_files);
    tcase_add_test(tc, test_write_and_read_back);
    suite_add_tcase(s, tc);
    return s;
}
