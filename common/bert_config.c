/* bert_config: presets, config.json reading and writing, parameter counts.
 * Defaults and key names follow Hugging Face's BertConfig
 * (transformers/models/bert/configuration_bert.py). */
#include "bert_config.h"

#include "error.h"
#include "fileio.h"

#include <cjson/cJSON.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A config.json is a few hundred bytes; anything near this is not one. */
#define CONFIG_MAX_BYTES (16L << 20)

/* Hugging Face's BertConfig defaults, which are bert-base-uncased's. */
static BertConfig hf_defaults(void)
{
    BertConfig c = {
        .vocab_size = 30522,
        .hidden_size = 768,
        .num_hidden_layers = 12,
        .num_attention_heads = 12,
        .intermediate_size = 3072,
        .max_position_embeddings = 512,
        .type_vocab_size = 2,
        .layer_norm_eps = 1e-12f,
        .initializer_range = 0.02f,
        .hidden_dropout_prob = 0.1f,
        .attention_probs_dropout_prob = 0.1f,
        .hidden_act = "gelu",
        .pad_token_id = 0,
    };
    return c;
}

int bert_config_preset(BertConfig *cfg, const char *name)
{
    BertConfig c = hf_defaults();
    if (!name) return error_set("no model size given (base, large or tiny)");
    if (strcmp(name, "base") == 0) {
        /* the defaults */
    } else if (strcmp(name, "large") == 0) {
        c.hidden_size = 1024;
        c.num_hidden_layers = 24;
        c.num_attention_heads = 16;
        c.intermediate_size = 4096;
    } else if (strcmp(name, "tiny") == 0) {
        c.vocab_size = 4096;
        c.hidden_size = 128;
        c.num_hidden_layers = 2;
        c.num_attention_heads = 2;
        c.intermediate_size = 512;
        c.max_position_embeddings = 128;
    } else {
        return error_set("unknown model size \"%s\" (base, large or tiny)",
                         name);
    }
    *cfg = c;
    return 0;
}

/* ---- checking ----------------------------------------------------------- */

/* Fails unless lo <= cfg->FIELD <= hi; the message names the key. */
#define CHECK_RANGE(FIELD, LO, HI)                                         \
    do {                                                                   \
        if (cfg->FIELD < (LO) || cfg->FIELD > (HI))                        \
            return error_set("%s: " #FIELD ": %d is outside %d..%d", name, \
                             cfg->FIELD, (LO), (HI));                      \
    } while (0)

static int check_probability(const char *name, const char *key, float p)
{
    if (!(p >= 0.0f && p < 1.0f))
        return error_set("%s: %s: %g is not a probability in [0, 1)", name,
                         key, (double)p);
    return 0;
}

int bert_config_validate(const BertConfig *cfg, const char *name)
{
    /* The caps keep every product of sizes (V*C, L*C*I, ...) far inside
     * 64 bits, whatever a file says. */
    CHECK_RANGE(vocab_size, 1, 10000000);
    CHECK_RANGE(hidden_size, 1, 65536);
    CHECK_RANGE(num_hidden_layers, 1, 1000);
    CHECK_RANGE(num_attention_heads, 1, cfg->hidden_size);
    CHECK_RANGE(intermediate_size, 1, 1048576);
    CHECK_RANGE(max_position_embeddings, 1, 1000000);
    CHECK_RANGE(type_vocab_size, 1, 100000);
    CHECK_RANGE(pad_token_id, 0, cfg->vocab_size - 1);
    if (cfg->hidden_size % cfg->num_attention_heads != 0)
        return error_set("%s: hidden_size: %d is not divisible by "
                         "num_attention_heads (%d)", name, cfg->hidden_size,
                         cfg->num_attention_heads);
    if (!(cfg->layer_norm_eps > 0.0f && cfg->layer_norm_eps < 1.0f))
        return error_set("%s: layer_norm_eps: %g must be above 0 and below 1",
                         name, (double)cfg->layer_norm_eps);
    if (!(cfg->initializer_range >= 0.0f && cfg->initializer_range <= 1.0f))
        return error_set("%s: initializer_range: %g is outside [0, 1]", name,
                         (double)cfg->initializer_range);
    if (check_probability(name, "hidden_dropout_prob",
                          cfg->hidden_dropout_prob) != 0 ||
        check_probability(name, "attention_probs_dropout_prob",
                          cfg->attention_probs_dropout_prob) != 0)
        return -1;
    const char *act = cfg->hidden_act;
    if (!memchr(act, '\0', sizeof cfg->hidden_act))
        return error_set("%s: hidden_act: not a terminated string", name);
    if (strcmp(act, "gelu_new") == 0 || strcmp(act, "gelu_pytorch_tanh") == 0)
        return error_set("%s: hidden_act: \"%s\" (the tanh approximation) is "
                         "not implemented; only \"gelu\" (exact erf) is",
                         name, act);
    if (strcmp(act, "gelu") != 0)
        return error_set("%s: hidden_act: \"%s\" is not implemented; only "
                         "\"gelu\" (exact erf) is", name, act);
    return 0;
}

/* ---- reading ------------------------------------------------------------ */

static const char *json_kind(const cJSON *v)
{
    if (cJSON_IsString(v)) return "a string";
    if (cJSON_IsNumber(v)) return "a number";
    if (cJSON_IsBool(v)) return "true/false";
    if (cJSON_IsNull(v)) return "null";
    if (cJSON_IsArray(v)) return "a list";
    return "an object";
}

/* Reads an optional whole-number key; a missing key leaves *out alone. */
static int get_int(const cJSON *root, const char *key, int *out,
                   const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);
    if (!v) return 0;
    if (!cJSON_IsNumber(v))
        return error_set("%s: %s: must be a whole number, not %s", name, key,
                         json_kind(v));
    double d = v->valuedouble;
    if (d != floor(d) || d < INT_MIN || d > INT_MAX)
        return error_set("%s: %s: %g is not a whole number that fits an int",
                         name, key, d);
    *out = (int)d;
    return 0;
}

static int get_float(const cJSON *root, const char *key, float *out,
                     const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);
    if (!v) return 0;
    if (!cJSON_IsNumber(v))
        return error_set("%s: %s: must be a number, not %s", name, key,
                         json_kind(v));
    float f = (float)v->valuedouble;
    if (!isfinite(f))
        return error_set("%s: %s: %g does not fit a float", name, key,
                         v->valuedouble);
    *out = f;
    return 0;
}

/* An optional string key; *out is NULL when it is missing. */
static int get_string(const cJSON *root, const char *key, const char **out,
                      const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);
    *out = NULL;
    if (!v) return 0;
    if (!cJSON_IsString(v))
        return error_set("%s: %s: must be a string, not %s", name, key,
                         json_kind(v));
    *out = v->valuestring;
    return 0;
}

static int get_strings(const cJSON *root, BertConfig *c, const char *name)
{
    const char *act, *type, *pos;
    if (get_string(root, "hidden_act", &act, name) != 0 ||
        get_string(root, "model_type", &type, name) != 0 ||
        get_string(root, "position_embedding_type", &pos, name) != 0)
        return -1;
    if (act) {
        if (strlen(act) >= sizeof c->hidden_act)
            return error_set("%s: hidden_act: \"%.20s...\" is not "
                             "implemented; only \"gelu\" (exact erf) is",
                             name, act);
        strcpy(c->hidden_act, act);
    }
    if (type && strcmp(type, "bert") != 0)
        return error_set("%s: model_type: \"%.40s\" is not supported; only "
                         "\"bert\" is", name, type);
    if (pos && strcmp(pos, "absolute") != 0)
        return error_set("%s: position_embedding_type: \"%.40s\" is not "
                         "implemented; only \"absolute\" is", name, pos);
    return 0;
}

static int get_numbers(const cJSON *root, BertConfig *c, const char *name)
{
    /* HF writes "pad_token_id": null for models without padding; the
     * embedding row it names only matters for initialisation. */
    const cJSON *pad = cJSON_GetObjectItemCaseSensitive(root, "pad_token_id");
    if (cJSON_IsNull(pad)) c->pad_token_id = 0;
    else if (get_int(root, "pad_token_id", &c->pad_token_id, name) != 0)
        return -1;
    if (get_int(root, "vocab_size", &c->vocab_size, name) ||
        get_int(root, "hidden_size", &c->hidden_size, name) ||
        get_int(root, "num_hidden_layers", &c->num_hidden_layers, name) ||
        get_int(root, "num_attention_heads", &c->num_attention_heads, name) ||
        get_int(root, "intermediate_size", &c->intermediate_size, name) ||
        get_int(root, "max_position_embeddings", &c->max_position_embeddings,
                name) ||
        get_int(root, "type_vocab_size", &c->type_vocab_size, name) ||
        get_float(root, "layer_norm_eps", &c->layer_norm_eps, name) ||
        get_float(root, "initializer_range", &c->initializer_range, name) ||
        get_float(root, "hidden_dropout_prob", &c->hidden_dropout_prob,
                  name) ||
        get_float(root, "attention_probs_dropout_prob",
                  &c->attention_probs_dropout_prob, name))
        return -1;
    return 0;
}

static int line_of(const char *text, const char *at)
{
    int line = 1;
    for (const char *p = text; p < at; p++) line += *p == '\n';
    return line;
}

int bert_config_parse(BertConfig *cfg, const char *json, long len,
                      const char *name)
{
    if (len < 0 || (len > 0 && !json))
        return error_set("%s: no text to parse", name);
    if (len > 0 && memchr(json, '\0', (size_t)len))
        return error_set("%s: not JSON (it contains a NUL byte)", name);
    /* cJSON may look one byte past the text it is given (cJSON issue #800),
     * so it parses a NUL-terminated copy. */
    char *text = malloc((size_t)len + 1);
    if (!text) return error_set("%s: out of memory", name);
    if (len > 0) memcpy(text, json, (size_t)len);
    text[len] = '\0';
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, (size_t)len + 1, &end, 0);
    int rc = 0;
    if (!root) {
        const char *at = end && end >= text && end <= text + len ? end : text;
        rc = error_set("%s: not valid JSON (line %d)", name, line_of(text, at));
    } else {
        for (const char *p = end; p && p < text + len && rc == 0; p++)
            if (!strchr(" \t\r\n", *p))
                rc = error_set("%s: unexpected text after the JSON object "
                               "(line %d)", name, line_of(text, p));
    }
    BertConfig c = hf_defaults();
    if (rc == 0 && !cJSON_IsObject(root))
        rc = error_set("%s: not a JSON object", name);
    if (rc == 0) rc = get_numbers(root, &c, name);
    if (rc == 0) rc = get_strings(root, &c, name);
    if (rc == 0) rc = bert_config_validate(&c, name);
    if (rc == 0) *cfg = c;
    cJSON_Delete(root);
    free(text);
    return rc;
}

int bert_config_read(BertConfig *cfg, const char *path)
{
    char *text;
    long len;
    if (fileio_read_all(path, &text, &len, CONFIG_MAX_BYTES) != 0) return -1;
    int rc = bert_config_parse(cfg, text, len, path);
    free(text);
    return rc;
}

/* ---- writing ------------------------------------------------------------ */

/* The shortest decimal that reads back as the same float, with ".0" on a
 * whole number as Python's json writes floats (1e-12, 0.1, 0.0). */
static void float_str(char *buf, size_t cap, float x)
{
    for (int digits = 1; digits <= 9; digits++) {
        snprintf(buf, cap, "%.*g", digits, (double)x);
        if (strtof(buf, NULL) == x) break;
    }
    if (!strpbrk(buf, ".en")) strncat(buf, ".0", cap - strlen(buf) - 1);
}

int bert_config_write(const BertConfig *cfg, const char *path)
{
    if (bert_config_validate(cfg, path) != 0) return -1;
    char eps[32], init[32], hdrop[32], adrop[32];
    float_str(eps, sizeof eps, cfg->layer_norm_eps);
    float_str(init, sizeof init, cfg->initializer_range);
    float_str(hdrop, sizeof hdrop, cfg->hidden_dropout_prob);
    float_str(adrop, sizeof adrop, cfg->attention_probs_dropout_prob);
    AtomicFile af;
    if (fileio_atomic_open(&af, path) != 0) return -1;
    fprintf(af.f,
            "{\n"
            "  \"architectures\": [\n"
            "    \"BertForPreTraining\"\n"
            "  ],\n"
            "  \"attention_probs_dropout_prob\": %s,\n"
            "  \"hidden_act\": \"%s\",\n"
            "  \"hidden_dropout_prob\": %s,\n"
            "  \"hidden_size\": %d,\n"
            "  \"initializer_range\": %s,\n"
            "  \"intermediate_size\": %d,\n"
            "  \"layer_norm_eps\": %s,\n"
            "  \"max_position_embeddings\": %d,\n"
            "  \"model_type\": \"bert\",\n"
            "  \"num_attention_heads\": %d,\n"
            "  \"num_hidden_layers\": %d,\n"
            "  \"pad_token_id\": %d,\n"
            "  \"position_embedding_type\": \"absolute\",\n"
            "  \"type_vocab_size\": %d,\n"
            "  \"use_cache\": true,\n"
            "  \"vocab_size\": %d\n"
            "}\n",
            adrop, cfg->hidden_act, hdrop, cfg->hidden_size, init,
            cfg->intermediate_size, eps, cfg->max_position_embeddings,
            cfg->num_attention_heads, cfg->num_hidden_layers,
            cfg->pad_token_id, cfg->type_vocab_size, cfg->vocab_size);
    return fileio_atomic_commit(&af);
}

/* ---- parameter counts --------------------------------------------------- */

long bert_config_param_count(const BertConfig *cfg)
{
    long V = cfg->vocab_size, C = cfg->hidden_size;
    long P = cfg->max_position_embeddings, S = cfg->type_vocab_size;
    long I = cfg->intermediate_size, L = cfg->num_hidden_layers;
    long embeddings = (V + P + S) * C + 2 * C;    /* 3 tables, LayerNorm */
    long attention = 4 * (C * C + C) + 2 * C;     /* Q K V out, LayerNorm */
    long feed_forward = (C * I + I) + (I * C + C) + 2 * C;  /* +LayerNorm */
    long pooler = C * C + C;
    return embeddings + L * (attention + feed_forward) + pooler;
}

long bert_config_param_count_pretraining(const BertConfig *cfg)
{
    long V = cfg->vocab_size, C = cfg->hidden_size;
    long mlm = (C * C + C) + 2 * C + V;  /* transform, LayerNorm, bias */
    long nsp = 2 * C + 2;
    return bert_config_param_count(cfg) + mlm + nsp;
}
