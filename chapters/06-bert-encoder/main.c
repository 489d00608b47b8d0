/* Chapter 06: the BERT encoder.
 *
 * BERT is a stack of Transformer encoder layers whose attention looks both
 * left and right. This program counts the parameters of BERT-base and
 * BERT-large from their configurations, builds a small BERT with random
 * weights (or loads one with --model DIR), feeds it the sentence pair
 * "[CLS] my dog is cute [SEP] he likes play ##ing [SEP]" and prints what
 * happens on the way through: the three embeddings that are summed, the
 * shape after every stage, and where [CLS] looks.
 *
 *     make chapter-06
 *     make chapter-06 ARGS='--model build/models/tiny-bert --dump out/'
 *     make chapter-06 ARGS='--text "the cat sat" --text-b "on the mat"'
 *
 * Writes figures/06-attention-grid.png (every head of every layer),
 * figures/06-cls-attention.png (the row of [CLS] in every head) and
 * figures/06-bidirectional-vs-causal.png; with --dump DIR the NumPy
 * arrays of the run (see bert_dump.h).
 */
#include "attention.h"
#include "bert.h"
#include "bert_checkpoint.h"
#include "bert_dump.h"
#include "chapter.h"
#include "error.h"
#include "fileio.h"
#include "heatmap.h"
#include "matmul.h"
#include "tokenizer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A vocabulary just large enough for the slide's example; a real model
 * brings its own vocab.txt. */
static const char *const DEMO_VOCAB[] = {
    "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "my", "dog", "is",
    "cute", "he", "likes", "play", "##ing", "the", "a", "cat", "sat", "on",
    "mat", "and", "it", "was", "happy", ".", ",",
};

static void print_parameter_counts(const Cli *cli)
{
    //> parameter-count
    static const char *const names[2] = {"base", "large"};
    for (int i = 0; i < 2; i++) {
        BertConfig cfg;
        bert_config_preset(&cfg, names[i]);
        chapter_say(cli, "BERT-%-5s L=%-2d C=%-4d heads=%-2d: %ld "
                    "parameters (without pre-training heads)\n", names[i],
                    cfg.num_hidden_layers, cfg.hidden_size,
                    cfg.num_attention_heads, bert_config_param_count(&cfg));
    }
    //< parameter-count
}

/* The model: loaded from --model, or a small random one over DEMO_VOCAB. */
static int build_model(Bert *m, Tokenizer *tok, const char *dir, int fast,
                       Rng *rng)
{
    Vocab v;
    if (dir) {
        if (bert_load(m, &v, dir, 0, rng) != 0) return -1;
    } else {
        int n = (int)(sizeof DEMO_VOCAB / sizeof DEMO_VOCAB[0]);
        if (vocab_from_tokens(&v, DEMO_VOCAB, n) != 0) return -1;
        BertConfig cfg;
        bert_config_preset(&cfg, "tiny");
        cfg.vocab_size = n;
        cfg.hidden_size = fast ? 16 : 64;
        cfg.num_hidden_layers = fast ? 2 : 4;
        cfg.num_attention_heads = 4;
        cfg.intermediate_size = 4 * cfg.hidden_size;
        cfg.max_position_embeddings = 64;
        if (bert_build(m, &cfg, 0) != 0) {
            vocab_free(&v);
            return -1;
        }
        bert_init(m, rng);
    }
    if (tokenizer_init(tok, &v, 0) != 0) { // no [UNK] in --model's file
        bert_free(m);
        return dir ? error_set("%s/vocab.txt: %s", dir, error_message()) : -1;
    }
    return 0;
}

static void print_embeddings(const Cli *cli, const Bert *m, const char **tok,
                             int T)
{
    const BertParams *p = &m->params;
    const BertActs *a = &m->acts;
    int C = m->cfg.hidden_size;
    chapter_say(cli, "\nEach token's input is the sum of three learned "
                "vectors (first 4 of %d numbers):\n", C);
    chapter_say(cli, "  %-8s %-26s %-26s %-26s\n", "token", "word",
                "+ position", "+ segment");
    for (int t = 0; t < T; t++) {
        const float *w = p->word_emb + (long)a->ids[t] * C;
        const float *ps = p->pos_emb + (long)t * C;
        const float *s = p->type_emb + (long)a->segments[t] * C;
        chapter_say(cli, "  %-8s", tok[t]);
        const float *parts[3] = {w, ps, s};
        for (int k = 0; k < 3; k++)
            chapter_say(cli, " [%6.3f %6.3f %6.3f %6.3f]", parts[k][0],
                        parts[k][1], parts[k][2], parts[k][3]);
        chapter_say(cli, "\n");
    }
}

static void print_shapes(const Cli *cli, const Bert *m, int T)
{
    const BertConfig *c = &m->cfg;
    int C = c->hidden_size, NH = c->num_attention_heads;
    chapter_say(cli, "\nShapes on the way through (T = %d tokens):\n", T);
    chapter_say(cli, "  input ids             (%d)\n", T);
    chapter_say(cli, "  embeddings            (%d, %d)  word + position + "
                "segment, LayerNorm\n", T, C);
    for (int l = 0; l < c->num_hidden_layers; l++)
        chapter_say(cli, "  layer %d: Q,K,V (%d, %d) each; %d heads of "
                    "(%d, %d) attention; feed-forward (%d, %d) -> "
                    "(%d, %d)\n", l + 1, T, C, NH, T, T, T,
                    c->intermediate_size, T, C);
    chapter_say(cli, "  last hidden state     (%d, %d)\n", T, C);
    chapter_say(cli, "  pooled [CLS]          (%d)  tanh(dense(h[CLS]))\n", C);
}

/* [CLS]'s attention row in every head: (L·NH, T). */
static int draw_cls_row(const Cli *cli, const Bert *m, const char **tok,
                        int T)
{
    int L = m->cfg.num_hidden_layers, NH = m->cfg.num_attention_heads;
    float *rows = malloc(sizeof(float) * L * NH * T);
    char (*names)[32] = malloc(sizeof *names * L * NH);
    const char **labels = malloc(sizeof *labels * L * NH);
    if (!rows || !names || !labels) {
        free(rows), free(names), free(labels);
        return error_set("out of memory");
    }
    chapter_say(cli, "\nWhere [CLS] looks in the last layer (it sees every "
                "token, left and right):\n");
    for (int l = 0; l < L; l++)
        for (int h = 0; h < NH; h++) {
            const float *row = m->acts.att + ((long)l * NH + h) * T * T;
            memcpy(rows + (l * NH + h) * T, row, sizeof(float) * T);
            snprintf(names[l * NH + h], sizeof names[0], "L%d H%d", l + 1,
                     h + 1);
            labels[l * NH + h] = names[l * NH + h];
            if (l < L - 1) continue;
            chapter_say(cli, "  head %d:", h + 1);
            for (int t = 0; t < T; t++)
                chapter_say(cli, " %s %.2f", tok[t], row[t]);
            chapter_say(cli, "\n");
        }
    HeatmapStyle st = heatmap_style("attention of [CLS] in every head");
    st.row_labels = labels;
    st.col_labels = tok;
    st.row_axis = "layer, head";
    st.col_axis = "key";
    st.vmin = 0.0f;
    st.vmax = 1.0f;
    st.scale = cli->scale;
    char path[FILEIO_PATH_MAX];
    chapter_figure(cli, "06-cls-attention.png", path, sizeof path);
    int rc = heatmap_write(path, rows, L * NH, T, &st);
    free(rows), free(names), free(labels);
    return rc;
}

//> bidirectional-vs-causal
/* Layer 1, head 1 of the same input twice: as BERT computes it, and with
 * the causal mask of a left-to-right language model (chapter 05). */
static int draw_bidirectional_vs_causal(const Cli *cli, const Bert *m,
                                        const char **tok, int T)
{
    int C = m->cfg.hidden_size, NH = m->cfg.num_attention_heads;
    float *qkv = malloc(sizeof(float) * T * 3 * C);
    float *out = malloc(sizeof(float) * T * C);
    float *att = malloc(sizeof(float) * 2 * NH * T * T);
    float *panels = malloc(sizeof(float) * 2 * T * T);
    if (!qkv || !out || !att || !panels) {
        free(qkv), free(out), free(att), free(panels);
        return error_set("out of memory");
    }
    matmul_forward(qkv, m->acts.emb_ln, m->params.qkv_w, m->params.qkv_b, T,
                   C, 3 * C);
    for (int causal = 0; causal < 2; causal++) {
        attention_forward(out, att + causal * NH * T * T, NULL, qkv, NULL,
                          causal, 1, T, C, NH);
        memcpy(panels + causal * T * T, att + causal * NH * T * T,
               sizeof(float) * T * T);
    }
    static const char *const captions[2] = {"bidirectional", "causal"};
    HeatmapStyle st = heatmap_style("layer 1, head 1: the same input");
    st.vmin = 0.0f;
    st.vmax = 1.0f;
    st.scale = cli->scale;
    char path[FILEIO_PATH_MAX];
    chapter_figure(cli, "06-bidirectional-vs-causal.png", path, sizeof path);
    int rc = heatmap_grid_write(path, panels, 1, 2, T, T, NULL, captions,
                                &st);
    (void)tok;
    free(qkv), free(out), free(att), free(panels);
    return rc;
}
//< bidirectional-vs-causal

int main(int argc, char **argv)
{
    const char *model_dir = NULL, *dump_dir = NULL;
    const char *text_a = "my dog is cute", *text_b = "he likes playing";
    CliOption opts[] = {
        {"--model", CLI_STRING, &model_dir, "model directory (config.json, "
         "model.safetensors, vocab.txt)", 0, 0},
        {"--dump", CLI_STRING, &dump_dir, "write the run as .npy files "
         "into this directory", 0, 0},
        {"--text", CLI_STRING, &text_a, "first sentence (segment A)", 0, 0},
        {"--text-b", CLI_STRING, &text_b, "second sentence (segment B; "
         "empty for none)", 0, 0},
    };
    Cli cli = cli_defaults("chapter-06", "the BERT encoder, bidirectional");
    int rc = cli_parse(&cli, argc, argv, opts, 4);
    if (rc >= 0) return rc;
    rc = chapter_check_dir_flag(&cli, "--dump", dump_dir, fileio_check_dir);
    if (rc >= 0) return rc;
    if (chapter_prepare_out(&cli) != 0) return cli_fail(&cli, error_message());
    Rng rng;
    rng_seed(&rng, (uint64_t)cli.seed);

    print_parameter_counts(&cli);

    Bert m;
    Tokenizer tok;
    if (build_model(&m, &tok, model_dir, cli.fast, &rng) != 0)
        return cli_fail(&cli, error_message());
    //> encode-pair
    // [CLS] A [SEP] B [SEP], segment ids 0 for A's part and 1 for B's
    int max_len = m.cfg.max_position_embeddings;
    int *ids = malloc(sizeof(int) * max_len * 2);
    int *seg = ids + max_len;
    int T = ids ? tokenizer_encode(&tok, text_a, text_b[0] ? text_b : NULL,
                                   max_len, ids, seg, NULL)
                : -1;
    //< encode-pair
    if (T < 0) {
        rc = cli_fail(&cli, ids ? error_message() : "out of memory");
        goto done;
    }
    const char **names = malloc(sizeof *names * T);
    for (int t = 0; t < T && names; t++) names[t] = vocab_token(&tok.vocab,
                                                                ids[t]);
    chapter_say(&cli, "\nInput (%d tokens):", T);
    for (int t = 0; t < T && names; t++)
        chapter_say(&cli, " %s/%d", names[t], seg[t]);
    chapter_say(&cli, "   (token/segment)\n");

    BertBatch batch = {ids, seg, NULL, 1, T};
    if (!names || bert_forward(&m, &batch, BERT_EVAL_ATTENTION, NULL) != 0) {
        rc = cli_fail(&cli, names ? error_message() : "out of memory");
        free(names);
        goto done;
    }
    print_embeddings(&cli, &m, names, T);
    print_shapes(&cli, &m, T);
    char path[FILEIO_PATH_MAX];
    chapter_figure(&cli, "06-attention-grid.png", path, sizeof path);
    rc = heatmap_attention_grid(path, m.acts.att, m.cfg.num_hidden_layers,
                                m.cfg.num_attention_heads, T, names,
                                "attention, every layer and head",
                                cli.scale);
    if (rc == 0) rc = draw_cls_row(&cli, &m, names, T);
    if (rc == 0) rc = draw_bidirectional_vs_causal(&cli, &m, names, T);
    if (rc == 0 && dump_dir) {
        rc = bert_dump(&m, dump_dir);
        if (rc == 0) chapter_say(&cli, "\nWrote the arrays into %s/\n",
                                 dump_dir);
    }
    if (rc != 0) rc = cli_fail(&cli, error_message());
    else if (!model_dir)
        chapter_say(&cli, "\nThe weights are random, so attention is close "
                    "to uniform; chapter 10 trains them.\n");
    free(names);
done:
    free(ids);
    tokenizer_free(&tok);
    bert_free(&m);
    return rc;
}
