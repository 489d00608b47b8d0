#include "bert.h"

#include "activation.h"
#include "adamw.h"
#include "attention.h"
#include "dropout.h"
#include "embedding.h"
#include "error.h"
#include "floats.h"
#include "layernorm.h"
#include "matmul.h"
#include "residual.h"

#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    float **field;
    long size;
} Field;

/* Points each view at its place in block (when block is not NULL) and
 * returns the number of floats the views need together. */
static long place(Field *f, int n, float *block)
{
    long total = 0;
    for (int i = 0; i < n; i++) {
        if (block) *f[i].field = block + total;
        total += f[i].size;
    }
    return total;
}

static long param_layout(const Bert *m, BertParams *p, float *block)
{
    const BertConfig *c = &m->cfg;
    long V = c->vocab_size, C = c->hidden_size, L = c->num_hidden_layers;
    long F = c->intermediate_size, P = c->max_position_embeddings;
    long S = c->type_vocab_size, NL = m->num_labels;
    Field f[] = {
        {&p->word_emb, V * C},     {&p->pos_emb, P * C},
        {&p->type_emb, S * C},     {&p->emb_ln_w, C},
        {&p->emb_ln_b, C},         {&p->qkv_w, L * 3 * C * C},
        {&p->qkv_b, L * 3 * C},    {&p->attn_out_w, L * C * C},
        {&p->attn_out_b, L * C},   {&p->ln1_w, L * C},
        {&p->ln1_b, L * C},        {&p->ffn_in_w, L * F * C},
        {&p->ffn_in_b, L * F},     {&p->ffn_out_w, L * C * F},
        {&p->ffn_out_b, L * C},    {&p->ln2_w, L * C},
        {&p->ln2_b, L * C},        {&p->pool_w, C * C},
        {&p->pool_b, C},           {&p->mlm_w, C * C},
        {&p->mlm_b, C},            {&p->mlm_ln_w, C},
        {&p->mlm_ln_b, C},         {&p->mlm_bias, V},
        {&p->nsp_w, 2 * C},        {&p->nsp_b, 2},
        {&p->cls_w, NL * C},       {&p->cls_b, NL},
        {&p->qa_w, 2 * C},         {&p->qa_b, 2},
    };
    return place(f, (int)(sizeof f / sizeof f[0]), block);
}

/* ---- the table of Hugging Face names -------------------------------- */

static void add_tensor(Bert *m, const float *view, int ndim, long d0, long d1,
                       const char *fmt, int layer)
{
    BertTensor *t = &m->tensors[m->num_tensors++];
    snprintf(t->name, sizeof t->name, fmt, layer);
    t->offset = view - m->param_block;
    t->ndim = ndim;
    t->shape[0] = d0;
    t->shape[1] = ndim == 2 ? d1 : 1;
    t->size = d0 * t->shape[1];
    // BERT decays every weight matrix but no LayerNorm and no bias
    t->decay = !strstr(t->name, "LayerNorm") && !strstr(t->name, "bias");
}

static void build_tensor_table(Bert *m)
{
    const BertConfig *c = &m->cfg;
    const BertParams *p = &m->params;
    long V = c->vocab_size, C = c->hidden_size, F = c->intermediate_size;
    const char *pre = "bert.encoder.layer.%d.";
    char name[96];
    add_tensor(m, p->word_emb, 2, V, C,
               "bert.embeddings.word_embeddings.weight", 0);
    add_tensor(m, p->pos_emb, 2, c->max_position_embeddings, C,
               "bert.embeddings.position_embeddings.weight", 0);
    add_tensor(m, p->type_emb, 2, c->type_vocab_size, C,
               "bert.embeddings.token_type_embeddings.weight", 0);
    add_tensor(m, p->emb_ln_w, 1, C, 0, "bert.embeddings.LayerNorm.weight", 0);
    add_tensor(m, p->emb_ln_b, 1, C, 0, "bert.embeddings.LayerNorm.bias", 0);
    for (int l = 0; l < c->num_hidden_layers; l++) {
        static const char *qkv[3] = {"query", "key", "value"};
        for (int k = 0; k < 3; k++) {
            snprintf(name, sizeof name, "%sattention.self.%s.weight", pre,
                     qkv[k]);
            add_tensor(m, p->qkv_w + (l * 3 + k) * C * C, 2, C, C, name, l);
            snprintf(name, sizeof name, "%sattention.self.%s.bias", pre,
                     qkv[k]);
            add_tensor(m, p->qkv_b + (l * 3 + k) * C, 1, C, 0, name, l);
        }
        const struct {
            const float *view;
            int ndim;
            long d0, d1;
            const char *suffix;
        } rest[] = {
            {p->attn_out_w + l * C * C, 2, C, C,
             "attention.output.dense.weight"},
            {p->attn_out_b + l * C, 1, C, 0, "attention.output.dense.bias"},
            {p->ln1_w + l * C, 1, C, 0, "attention.output.LayerNorm.weight"},
            {p->ln1_b + l * C, 1, C, 0, "attention.output.LayerNorm.bias"},
            {p->ffn_in_w + l * F * C, 2, F, C, "intermediate.dense.weight"},
            {p->ffn_in_b + l * F, 1, F, 0, "intermediate.dense.bias"},
            {p->ffn_out_w + l * C * F, 2, C, F, "output.dense.weight"},
            {p->ffn_out_b + l * C, 1, C, 0, "output.dense.bias"},
            {p->ln2_w + l * C, 1, C, 0, "output.LayerNorm.weight"},
            {p->ln2_b + l * C, 1, C, 0, "output.LayerNorm.bias"},
        };
        for (size_t k = 0; k < sizeof rest / sizeof rest[0]; k++) {
            snprintf(name, sizeof name, "%s%s", pre, rest[k].suffix);
            add_tensor(m, rest[k].view, rest[k].ndim, rest[k].d0, rest[k].d1,
                       name, l);
        }
    }
    add_tensor(m, p->pool_w, 2, C, C, "bert.pooler.dense.weight", 0);
    add_tensor(m, p->pool_b, 1, C, 0, "bert.pooler.dense.bias", 0);
    add_tensor(m, p->mlm_w, 2, C, C,
               "cls.predictions.transform.dense.weight", 0);
    add_tensor(m, p->mlm_b, 1, C, 0, "cls.predictions.transform.dense.bias",
               0);
    add_tensor(m, p->mlm_ln_w, 1, C, 0,
               "cls.predictions.transform.LayerNorm.weight", 0);
    add_tensor(m, p->mlm_ln_b, 1, C, 0,
               "cls.predictions.transform.LayerNorm.bias", 0);
    add_tensor(m, p->mlm_bias, 1, V, 0, "cls.predictions.bias", 0);
    add_tensor(m, p->nsp_w, 2, 2, C, "cls.seq_relationship.weight", 0);
    add_tensor(m, p->nsp_b, 1, 2, 0, "cls.seq_relationship.bias", 0);
    if (m->num_labels > 0) {
        add_tensor(m, p->cls_w, 2, m->num_labels, C, "classifier.weight", 0);
        add_tensor(m, p->cls_b, 1, m->num_labels, 0, "classifier.bias", 0);
    }
    add_tensor(m, p->qa_w, 2, 2, C, "qa_outputs.weight", 0);
    add_tensor(m, p->qa_b, 1, 2, 0, "qa_outputs.bias", 0);
}

int bert_build(Bert *m, const BertConfig *cfg, int num_labels)
{
    memset(m, 0, sizeof *m);
    if (bert_config_validate(cfg, "model configuration") != 0) return -1;
    if (num_labels < 0 || num_labels > 100000)
        return error_set("model: %d labels (0 to 100000 allowed)", num_labels);
    m->cfg = *cfg;
    m->num_labels = num_labels;
    m->num_params = param_layout(m, &m->params, NULL);
    m->param_block = calloc((size_t)m->num_params, sizeof(float));
    m->tensors = calloc((size_t)(16 * cfg->num_hidden_layers + 32),
                        sizeof *m->tensors);
    if (!m->param_block || !m->tensors) {
        long n = m->num_params;
        bert_free(m);
        return error_set("model: out of memory for %ld parameters", n);
    }
    param_layout(m, &m->params, m->param_block);
    build_tensor_table(m);
    return 0;
}

void bert_free(Bert *m)
{
    free(m->param_block);
    free(m->grad_block);
    free(m->m_block);
    free(m->v_block);
    free(m->tensors);
    free(m->act_block);
    memset(m, 0, sizeof *m);
}

void bert_init(Bert *m, Rng *rng)
{
    float std = m->cfg.initializer_range;
    for (int i = 0; i < m->num_tensors; i++) {
        const BertTensor *t = &m->tensors[i];
        float *x = m->param_block + t->offset;
        if (t->ndim == 2)
            rng_fill_normal(rng, x, t->size, 0.0f, std);
        else
            for (long k = 0; k < t->size; k++)
                x[k] = strstr(t->name, "LayerNorm.weight") ? 1.0f : 0.0f;
    }
}

int bert_enable_training(Bert *m)
{
    if (m->grad_block) return 0;
    size_t n = (size_t)m->num_params;
    m->grad_block = calloc(n, sizeof(float));
    m->m_block = calloc(n, sizeof(float));
    m->v_block = calloc(n, sizeof(float));
    if (!m->grad_block || !m->m_block || !m->v_block)
        return error_set("model: out of memory for gradients and AdamW");
    param_layout(m, &m->grads, m->grad_block);
    param_layout(m, &m->m, m->m_block);
    param_layout(m, &m->v, m->v_block);
    return 0;
}

void bert_zero_grad(Bert *m)
{
    floats_zero(m->grad_block, m->num_params);
}

const BertTensor *bert_find_tensor(const Bert *m, const char *name)
{
    for (int i = 0; i < m->num_tensors; i++)
        if (!strcmp(m->tensors[i].name, name)) return &m->tensors[i];
    return NULL;
}

/* ---- activations ------------------------------------------------------ */

static long act_layout(Bert *m, BertActs *a, float *block, int B, int T,
                       BertMode mode)
{
    const BertConfig *c = &m->cfg;
    long BT = (long)B * T, C = c->hidden_size, F = c->intermediate_size;
    long L = c->num_hidden_layers, NH = c->num_attention_heads;
    int train = mode == BERT_TRAIN;
    long Ls = train ? L : 1;                      // layers stored
    long La = mode == BERT_EVAL ? 1 : L;          // attention kept
    long D = train ? 1 : 0;                       // gradient buffers
    float *ids, *segments, *positions;
    Field f[] = {
        {&ids, BT},  // ints share the block: same size as a float
        {&segments, BT},
        {&positions, BT},
        {&a->mask_add, BT},
        {&a->emb, BT * C},
        {&a->emb_ln, BT * C},
        {&a->emb_mean, BT},
        {&a->emb_rstd, BT},
        {&a->emb_drop, D * BT * C},
        {&a->qkv, Ls * BT * 3 * C},
        {&a->att, La * BT * NH * T},
        {&a->ctx, Ls * BT * C},
        {&a->attn_out, Ls * BT * C},
        {&a->attn_drop, D * Ls * BT * C},
        {&a->res1, Ls * BT * C},
        {&a->ln1, Ls * BT * C},
        {&a->ln1_mean, Ls * BT},
        {&a->ln1_rstd, Ls * BT},
        {&a->ffn_h, Ls * BT * F},
        {&a->ffn_g, Ls * BT * F},
        {&a->ffn_cdf, D * Ls * BT * F},
        {&a->ffn_out, Ls * BT * C},
        {&a->ffn_drop, D * Ls * BT * C},
        {&a->res2, Ls * BT * C},
        {&a->ln2, Ls * BT * C},
        {&a->ln2_mean, Ls * BT},
        {&a->ln2_rstd, Ls * BT},
        {&a->cls_in, (long)B * C},
        {&a->pooled, (long)B * C},
        {&a->dhidden, D * BT * C},
        {&a->dpooled, D * B * C},
        {&a->dx, D * BT * C},
        {&a->dres, D * BT * C},
        {&a->dln1, D * BT * C},
        {&a->dctx, D * BT * C},
        {&a->dqkv, D * BT * 3 * C},
        {&a->dffn_h, D * BT * F},
        {&a->dffn_g, D * BT * F},
        {&a->dcls, D * B * C},
    };
    long total = place(f, (int)(sizeof f / sizeof f[0]), block);
    if (block) {
        _Static_assert(sizeof(int) == sizeof(float), "ints share the block");
        a->ids = (int *)(void *)ids;
        a->segments = (int *)(void *)segments;
        a->positions = (int *)(void *)positions;
        a->B = B;
        a->T = T;
        a->hidden = a->ln2 + (Ls - 1) * BT * C;
    }
    return total;
}

static int reserve_acts(Bert *m, int B, int T, BertMode mode)
{
    long need = act_layout(m, &m->acts, NULL, B, T, mode);
    if (need > m->act_capacity) {
        free(m->act_block);
        m->act_block = malloc((size_t)need * sizeof(float));
        if (!m->act_block) {
            m->act_capacity = 0;
            return error_set("model: out of memory for activations of "
                             "batch %d x %d", B, T);
        }
        m->act_capacity = need;
    }
    act_layout(m, &m->acts, m->act_block, B, T, mode);
    return 0;
}

/* ---- forward ------------------------------------------------------------ */

static int check_batch(const Bert *m, const BertBatch *b)
{
    const BertConfig *c = &m->cfg;
    if (b->B < 1 || b->T < 1)
        return error_set("batch: %d x %d tokens", b->B, b->T);
    if (b->T > c->max_position_embeddings)
        return error_set("%d tokens: the model takes at most %d", b->T,
                         c->max_position_embeddings);
    for (long i = 0; i < (long)b->B * b->T; i++) {
        if (b->input_ids[i] < 0 || b->input_ids[i] >= c->vocab_size)
            return error_set("token id %d outside the vocabulary (0..%d)",
                             b->input_ids[i], c->vocab_size - 1);
        if (b->token_type_ids && (b->token_type_ids[i] < 0 ||
                                  b->token_type_ids[i] >= c->type_vocab_size))
            return error_set("segment id %d outside 0..%d",
                             b->token_type_ids[i], c->type_vocab_size - 1);
    }
    return 0;
}

/* Views of layer l's activations (layer 0's storage in eval mode). */
typedef struct {
    float *qkv, *att, *ctx, *attn_out, *attn_drop, *res1, *ln1, *ln1_mean,
        *ln1_rstd, *ffn_h, *ffn_g, *ffn_cdf, *ffn_out, *ffn_drop, *res2,
        *ln2, *ln2_mean, *ln2_rstd;
} LayerActs;

static LayerActs layer_acts(const Bert *m, int l)
{
    const BertActs *a = &m->acts;
    long BT = (long)a->B * a->T, C = m->cfg.hidden_size;
    long F = m->cfg.intermediate_size, NH = m->cfg.num_attention_heads;
    long s = m->mode == BERT_TRAIN ? l : 0;
    long sa = m->mode == BERT_EVAL ? 0 : l;
    int drop = m->mode == BERT_TRAIN;
    LayerActs la = {
        a->qkv + s * BT * 3 * C, a->att + sa * BT * NH * a->T,
        a->ctx + s * BT * C, a->attn_out + s * BT * C,
        drop ? a->attn_drop + s * BT * C : NULL, a->res1 + s * BT * C,
        a->ln1 + s * BT * C, a->ln1_mean + s * BT, a->ln1_rstd + s * BT,
        a->ffn_h + s * BT * F, a->ffn_g + s * BT * F,
        drop ? a->ffn_cdf + s * BT * F : NULL, a->ffn_out + s * BT * C,
        drop ? a->ffn_drop + s * BT * C : NULL,
        a->res2 + s * BT * C, a->ln2 + s * BT * C, a->ln2_mean + s * BT,
        a->ln2_rstd + s * BT,
    };
    return la;
}

//> bert-layer-forward
/* One encoder layer, post-LayerNorm as in BERT:
 *     a = LayerNorm(x + dropout(dense(attention(x))))
 *     y = LayerNorm(a + dropout(dense(GELU(dense(a))))) */
static void layer_forward(Bert *m, int l, const float *x, Rng *rng)
{
    const BertConfig *c = &m->cfg;
    const BertParams *p = &m->params;
    int B = m->acts.B, T = m->acts.T, BT = B * T;
    int C = c->hidden_size, F = c->intermediate_size;
    int NH = c->num_attention_heads;
    float eps = c->layer_norm_eps, pdrop = c->hidden_dropout_prob;
    LayerActs a = layer_acts(m, l);
    // multi-head self-attention over every token, left and right
    matmul_forward(a.qkv, x, p->qkv_w + (long)l * 3 * C * C,
                   p->qkv_b + (long)l * 3 * C, BT, C, 3 * C);
    attention_forward(a.ctx, a.att, NULL, a.qkv, m->acts.mask_add, 0, B, T,
                      C, NH);
    matmul_forward(a.attn_out, a.ctx, p->attn_out_w + (long)l * C * C,
                   p->attn_out_b + (long)l * C, BT, C, C);
    if (a.attn_drop)
        dropout_forward(a.attn_out, a.attn_drop, a.attn_out, pdrop,
                        (long)BT * C, rng);
    // Add & Norm
    residual_forward(a.res1, x, a.attn_out, (long)BT * C);
    layernorm_forward(a.ln1, a.ln1_mean, a.ln1_rstd, a.res1,
                      p->ln1_w + (long)l * C, p->ln1_b + (long)l * C, BT, C,
                      eps);
    // feed-forward: C -> F -> C with GELU between
    matmul_forward(a.ffn_h, a.ln1, p->ffn_in_w + (long)l * F * C,
                   p->ffn_in_b + (long)l * F, BT, C, F);
    gelu_forward(a.ffn_g, a.ffn_cdf, a.ffn_h, (long)BT * F);
    matmul_forward(a.ffn_out, a.ffn_g, p->ffn_out_w + (long)l * C * F,
                   p->ffn_out_b + (long)l * C, BT, F, C);
    if (a.ffn_drop)
        dropout_forward(a.ffn_out, a.ffn_drop, a.ffn_out, pdrop,
                        (long)BT * C, rng);
    // Add & Norm
    residual_forward(a.res2, a.ln1, a.ffn_out, (long)BT * C);
    layernorm_forward(a.ln2, a.ln2_mean, a.ln2_rstd, a.res2,
                      p->ln2_w + (long)l * C, p->ln2_b + (long)l * C, BT, C,
                      eps);
}
//< bert-layer-forward

//> bert-forward
int bert_forward(Bert *m, const BertBatch *batch, BertMode mode, Rng *rng)
{
    if (check_batch(m, batch) != 0) return -1;
    if (reserve_acts(m, batch->B, batch->T, mode) != 0) return -1;
    m->mode = mode;
    BertActs *a = &m->acts;
    const BertParams *p = &m->params;
    const BertConfig *c = &m->cfg;
    int B = batch->B, T = batch->T, BT = B * T, C = c->hidden_size;
    // inputs: ids, segments (0 when absent), positions 0..T-1, key mask
    for (int i = 0; i < BT; i++) {
        a->ids[i] = batch->input_ids[i];
        a->segments[i] = batch->token_type_ids ? batch->token_type_ids[i] : 0;
        a->positions[i] = i % T;
        a->mask_add[i] = 0.0f;
    }
    if (batch->attention_mask)
        attention_padding_mask(a->mask_add, batch->attention_mask, B, T);
    // embeddings: word + position + segment, then LayerNorm (and dropout)
    floats_zero(a->emb, (long)BT * C);
    embedding_forward(a->emb, a->ids, p->word_emb, BT, C);
    embedding_forward(a->emb, a->positions, p->pos_emb, BT, C);
    embedding_forward(a->emb, a->segments, p->type_emb, BT, C);
    layernorm_forward(a->emb_ln, a->emb_mean, a->emb_rstd, a->emb,
                      p->emb_ln_w, p->emb_ln_b, BT, C, c->layer_norm_eps);
    if (mode == BERT_TRAIN)
        dropout_forward(a->emb_ln, a->emb_drop, a->emb_ln,
                        c->hidden_dropout_prob, (long)BT * C, rng);
    // the stack: each layer reads the previous layer's output
    const float *x = a->emb_ln;
    for (int l = 0; l < c->num_hidden_layers; l++) {
        layer_forward(m, l, x, rng);
        x = layer_acts(m, l).ln2;
    }
    // pooler: tanh(dense(h[CLS])), the summary NSP and classifiers read
    for (int b = 0; b < B; b++)
        memcpy(a->cls_in + (long)b * C, a->hidden + (long)b * T * C,
               sizeof(float) * C);
    matmul_forward(a->pooled, a->cls_in, p->pool_w, p->pool_b, B, C, C);
    tanh_forward(a->pooled, a->pooled, (long)B * C);
    if (mode == BERT_TRAIN) {
        floats_zero(a->dhidden, (long)BT * C);
        floats_zero(a->dpooled, (long)B * C);
    }
    return 0;
}
//< bert-forward

/* ---- backward ----------------------------------------------------------- */

/* dy (B, T, C) is the gradient of layer l's output; on return dx holds
 * the gradient of its input x (=). */
static void layer_backward(Bert *m, int l, const float *x, const float *dy,
                           float *dx)
{
    const BertConfig *c = &m->cfg;
    const BertParams *p = &m->params;
    BertParams *g = &m->grads;
    BertActs *A = &m->acts;
    int B = A->B, T = A->T, BT = B * T;
    int C = c->hidden_size, F = c->intermediate_size;
    int NH = c->num_attention_heads;
    long nC = (long)BT * C, nF = (long)BT * F;
    LayerActs a = layer_acts(m, l);
    float *dres = A->dres, *dln1 = A->dln1, *dctx = A->dctx;
    // y = LN2(res2), res2 = ln1 + drop(ffn_out)
    floats_zero(dres, nC);
    layernorm_backward(dres, g->ln2_w + (long)l * C, g->ln2_b + (long)l * C,
                       dy, a.res2, p->ln2_w + (long)l * C, a.ln2_mean,
                       a.ln2_rstd, BT, C);
    floats_copy(dln1, dres, nC);                  // the skip branch
    dropout_backward_inplace(dres, a.ffn_drop, nC);
    // ffn_out = dense(ffn_g), ffn_g = GELU(ffn_h), ffn_h = dense(ln1)
    floats_zero(A->dffn_g, nF);
    matmul_backward(A->dffn_g, g->ffn_out_w + (long)l * C * F,
                    g->ffn_out_b + (long)l * C, dres, a.ffn_g,
                    p->ffn_out_w + (long)l * C * F, BT, F, C);
    floats_zero(A->dffn_h, nF);
    gelu_backward(A->dffn_h, a.ffn_h, a.ffn_cdf, A->dffn_g, nF);
    matmul_backward(dln1, g->ffn_in_w + (long)l * F * C,
                    g->ffn_in_b + (long)l * F, A->dffn_h, a.ln1,
                    p->ffn_in_w + (long)l * F * C, BT, C, F);
    // ln1 = LN1(res1), res1 = x + drop(attn_out)
    floats_zero(dres, nC);
    layernorm_backward(dres, g->ln1_w + (long)l * C, g->ln1_b + (long)l * C,
                       dln1, a.res1, p->ln1_w + (long)l * C, a.ln1_mean,
                       a.ln1_rstd, BT, C);
    floats_copy(dx, dres, nC);                    // the skip branch
    dropout_backward_inplace(dres, a.attn_drop, nC);
    // attn_out = dense(ctx), ctx = attention(qkv), qkv = dense(x)
    floats_zero(dctx, nC);
    matmul_backward(dctx, g->attn_out_w + (long)l * C * C,
                    g->attn_out_b + (long)l * C, dres, a.ctx,
                    p->attn_out_w + (long)l * C * C, BT, C, C);
    floats_zero(A->dqkv, nC * 3);
    attention_backward(A->dqkv, dctx, a.qkv, a.att, B, T, C, NH);
    matmul_backward(dx, g->qkv_w + (long)l * 3 * C * C,
                    g->qkv_b + (long)l * 3 * C, A->dqkv, x,
                    p->qkv_w + (long)l * 3 * C * C, BT, C, 3 * C);
}

void bert_backward(Bert *m)
{
    const BertConfig *c = &m->cfg;
    const BertParams *p = &m->params;
    BertParams *g = &m->grads;
    BertActs *a = &m->acts;
    int B = a->B, T = a->T, BT = B * T, C = c->hidden_size;
    long nC = (long)BT * C;
    // pooled = tanh(dense(cls_in)); cls_in is the hidden state of [CLS]
    float *dpre = a->dcls;
    floats_zero(dpre, (long)B * C);
    tanh_backward(dpre, a->pooled, a->dpooled, (long)B * C);
    float *dcls = a->dctx; // free until the layers run
    floats_zero(dcls, (long)B * C);
    matmul_backward(dcls, g->pool_w, g->pool_b, dpre, a->cls_in, p->pool_w,
                    B, C, C);
    for (int b = 0; b < B; b++)
        for (int k = 0; k < C; k++)
            a->dhidden[(long)b * T * C + k] += dcls[(long)b * C + k];
    // down the stack: dy is the gradient of layer l's output
    float *dy = a->dhidden, *dx = a->dx;
    for (int l = c->num_hidden_layers - 1; l >= 0; l--) {
        const float *x = l > 0 ? layer_acts(m, l - 1).ln2 : a->emb_ln;
        layer_backward(m, l, x, dy, dx);
        float *t = dy;  // this layer's input gradient feeds the one below
        dy = dx;
        dx = t;
    }
    // embeddings: emb_ln = drop(LN(emb)), emb = word + position + segment
    dropout_backward_inplace(dy, a->emb_drop, nC);
    float *demb = dx;
    floats_zero(demb, nC);
    layernorm_backward(demb, g->emb_ln_w, g->emb_ln_b, dy, a->emb,
                       p->emb_ln_w, a->emb_mean, a->emb_rstd, BT, C);
    embedding_backward(g->word_emb, a->ids, demb, BT, C);
    embedding_backward(g->pos_emb, a->positions, demb, BT, C);
    embedding_backward(g->type_emb, a->segments, demb, BT, C);
}

float bert_step(Bert *m, float lr, float max_norm)
{
    float *grads[1] = {m->grad_block};
    long sizes[1] = {m->num_params};
    float norm = grad_clip_global_norm(grads, sizes, 1,
                                       max_norm > 0 ? max_norm : FLT_MAX);
    AdamW opt = adamw_bert_defaults();
    for (int i = 0; i < m->num_tensors; i++) {
        const BertTensor *t = &m->tensors[i];
        adamw_update(m->param_block + t->offset, m->grad_block + t->offset,
                     m->m_block + t->offset, m->v_block + t->offset, t->size,
                     &opt, lr, t->decay);
    }
    m->step++;
    return norm;
}
