/* bert_config: the sizes of a BERT, read from and written to the
 * config.json of a Hugging Face model directory.
 *
 *     BertConfig cfg;
 *     if (bert_config_read(&cfg, "bert-base-uncased/config.json") != 0)
 *         ... error_message()
 *     bert_config_preset(&cfg, "tiny");            // or "base", "large"
 *     printf("%ld parameters\n", bert_config_param_count(&cfg));
 *     bert_config_write(&cfg, "build/models/tiny-bert/config.json");
 *
 * Reading: keys that are missing take the defaults of Hugging Face's
 * BertConfig (those of bert-base-uncased: vocabulary 30522, hidden 768,
 * 12 layers, 12 heads, intermediate 3072, 512 positions, 2 token types,
 * eps 1e-12, dropout 0.1, initializer range 0.02, "gelu", pad id 0);
 * keys this project does not use ("architectures", "use_cache", ...) are
 * ignored. Only what this project implements is accepted: hidden_act
 * "gelu" (the exact erf form; "gelu_new" is the tanh form and is refused),
 * position_embedding_type "absolute", model_type "bert". Every value is
 * checked: whole numbers where a size is expected, sizes above zero and
 * below generous caps (so that no product of them can overflow a 64-bit
 * size), hidden_size divisible by num_attention_heads, eps > 0, dropout
 * probabilities in [0, 1), pad_token_id inside the vocabulary.
 *
 * Writing: the Hugging Face layout (sorted keys, two-space indent) with
 * architectures ["BertForPreTraining"], model_type "bert" and
 * position_embedding_type "absolute", written atomically; floats are
 * written in the shortest form that reads back to the same float
 * (1e-12, 0.1, 0.02).
 *
 * Error contract: functions returning int return 0 on success, or -1 with
 * error_message() naming the file (or preset) and the key, e.g.
 * "config.json: hidden_size: must be a whole number, not a string".
 * On failure *cfg is left unchanged.
 */
#ifndef BERT_CONFIG_H
#define BERT_CONFIG_H

typedef struct {
    int vocab_size;               /* V: rows of the word embedding */
    int hidden_size;              /* C */
    int num_hidden_layers;        /* L */
    int num_attention_heads;      /* NH; head size HS = C / NH */
    int intermediate_size;        /* feed-forward width, 4C in BERT */
    int max_position_embeddings;  /* longest sequence T */
    int type_vocab_size;          /* segment ids: 2 (A and B) */
    float layer_norm_eps;
    float initializer_range;      /* std of the normal initialisation */
    float hidden_dropout_prob;
    float attention_probs_dropout_prob;
    char hidden_act[16];          /* "gelu" */
    int pad_token_id;
} BertConfig;

/* "base" and "large" are bert-base-uncased and bert-large-uncased; "tiny"
 * is this project's small model (2 layers, hidden 128, 2 heads,
 * intermediate 512, vocabulary 4096, 128 positions, 2 types), the shape
 * the benchmark times; chapter 10 trains it with 4 heads of 32. */
int bert_config_preset(BertConfig *cfg, const char *name);
int bert_config_read(BertConfig *cfg, const char *path);
/* Parses config.json text of len bytes; name is used in messages. */
int bert_config_parse(BertConfig *cfg, const char *json, long len,
                      const char *name);
/* Checks every field as bert_config_read does; name is used in messages. */
int bert_config_validate(const BertConfig *cfg, const char *name);
int bert_config_write(const BertConfig *cfg, const char *path);

/* Parameters of BertModel with its pooler, without pre-training heads:
 * 109,482,240 for base, 335,141,888 for large. */
long bert_config_param_count(const BertConfig *cfg);
/* The same plus the pre-training heads of BertForPreTraining: the MLM
 * transform (dense C x C + bias, LayerNorm), the MLM output bias (V) and
 * the NSP classifier (2 x C + 2). The MLM decoder matrix is the word
 * embedding (tied), so it adds nothing. */
long bert_config_param_count_pretraining(const BertConfig *cfg);

#endif
