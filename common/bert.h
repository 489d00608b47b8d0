/* bert: the BERT encoder (embeddings, post-LayerNorm Transformer layers,
 * pooler), forward and backward, with all of its memory in four blocks.
 *
 *     Bert m;
 *     BertConfig cfg;
 *     bert_config_preset(&cfg, "tiny");
 *     if (bert_build(&m, &cfg, 3) != 0) ... error_message()   // 3 labels
 *     bert_init(&m, &rng);                       // normal(0, 0.02) weights
 *     BertBatch batch = {ids, segments, mask, B, T};
 *     if (bert_forward(&m, &batch, BERT_EVAL, NULL) != 0) ...
 *     // m.acts.hidden (B, T, C) and m.acts.pooled (B, C) hold the result
 *     bert_free(&m);
 *
 * Training adds gradients: bert_enable_training() allocates gradients and
 * AdamW state, bert_zero_grad() clears them, a head (bert_heads.h) writes
 * dL/dhidden and dL/dpooled into m.acts.dhidden / m.acts.dpooled,
 * bert_backward() carries them down to every parameter, and bert_step()
 * applies AdamW with BERT's weight-decay rule.
 *
 * Dimension letters: B batch, T tokens, C hidden size, NH heads,
 * HS = C / NH head size, L layers, F feed-forward size (4C in BERT),
 * V vocabulary, P positions, S segment types, NL labels.
 *
 * What it computes is Hugging Face's BertForPreTraining with the exact erf
 * GELU: x = LayerNorm(word[id] + position[t] + segment[s]); then per layer
 *     a = LayerNorm(x + dense(attention(x)))
 *     x = LayerNorm(a + dense(GELU(dense(a))))
 * and pooled = tanh(dense(x[:, 0])). Padding keys get the most negative
 * float in the attention scores. Dropout (hidden_dropout_prob) is applied
 * in training mode after the embeddings and after each of the two dense
 * outputs, as in BERT; dropout on the attention probabilities is not
 * implemented (it is 0 here).
 *
 * Memory: parameters, gradients and the two AdamW moments are each one
 * allocation, with named views (BertParams) pointing into it, and
 * bert_tensors() lists them under their Hugging Face names. Activations
 * are one allocation sized for the largest batch run so far. In BERT_EVAL
 * mode only one layer's activations exist and are reused layer after
 * layer; attention probabilities of every layer are kept only when
 * training or when asked for (BERT_EVAL_ATTENTION, for figures and
 * --dump), in m.acts.att (L, B, NH, T, T).
 *
 * Error contract: functions returning int return 0 on success, or -1 with
 * error_message() (bad sizes, ids out of range, out of memory).
 */
#ifndef BERT_H
#define BERT_H

#include "bert_config.h"
#include "rng.h"

/* Views into one block; the same layout serves parameters, gradients and
 * both AdamW moments. */
typedef struct {
    float *word_emb;     /* (V, C), also the MLM decoder (tied) */
    float *pos_emb;      /* (P, C) */
    float *type_emb;     /* (S, C) */
    float *emb_ln_w;     /* (C) */
    float *emb_ln_b;     /* (C) */
    float *qkv_w;        /* (L, 3C, C): query, key, value rows */
    float *qkv_b;        /* (L, 3C) */
    float *attn_out_w;   /* (L, C, C) */
    float *attn_out_b;   /* (L, C) */
    float *ln1_w;        /* (L, C) */
    float *ln1_b;        /* (L, C) */
    float *ffn_in_w;     /* (L, F, C) */
    float *ffn_in_b;     /* (L, F) */
    float *ffn_out_w;    /* (L, C, F) */
    float *ffn_out_b;    /* (L, C) */
    float *ln2_w;        /* (L, C) */
    float *ln2_b;        /* (L, C) */
    float *pool_w;       /* (C, C) */
    float *pool_b;       /* (C) */
    float *mlm_w;        /* (C, C) MLM transform */
    float *mlm_b;        /* (C) */
    float *mlm_ln_w;     /* (C) */
    float *mlm_ln_b;     /* (C) */
    float *mlm_bias;     /* (V) MLM output bias */
    float *nsp_w;        /* (2, C) */
    float *nsp_b;        /* (2) */
    float *cls_w;        /* (NL, C) classifier for fine-tuning */
    float *cls_b;        /* (NL) */
    float *qa_w;         /* (2, C) start and end logits */
    float *qa_b;         /* (2) */
} BertParams;

/* One tensor under its Hugging Face name, as an offset into the blocks. */
typedef struct {
    char name[96];       /* "bert.encoder.layer.0.output.dense.weight" */
    long offset;         /* first float in the block */
    long size;
    int ndim;
    long shape[2];
    int decay;           /* AdamW weight decay: 0 for LayerNorm and biases */
} BertTensor;

/* Activations of the encoder. Per-layer arrays hold L layers when
 * training and one layer (reused) otherwise. */
typedef struct {
    int B, T;            /* the batch these hold */
    int *ids, *segments, *positions; /* (B, T) inputs as run */
    float *mask_add;     /* (B, T) 0 or -FLT_MAX, see attention.h */
    float *emb;          /* (B, T, C) sum of the three embeddings */
    float *emb_ln;       /* (B, T, C) after LayerNorm and dropout */
    float *emb_mean, *emb_rstd;       /* (B, T) */
    float *emb_drop;     /* (B, T, C) dropout mask */
    float *qkv;          /* (L', B, T, 3C) */
    float *att;          /* (L, B, NH, T, T) when kept, else one layer */
    float *ctx;          /* (L', B, T, C) attention output, heads joined */
    float *attn_out;     /* (L', B, T, C) dense, then dropout in place */
    float *attn_drop;    /* (L', B, T, C) */
    float *res1;         /* (L', B, T, C) x + attn_out */
    float *ln1;          /* (L', B, T, C) */
    float *ln1_mean, *ln1_rstd;       /* (L', B, T) */
    float *ffn_h;        /* (L', B, T, F) before GELU */
    float *ffn_g;        /* (L', B, T, F) after GELU */
    float *ffn_cdf;      /* (L', B, T, F) Φ(ffn_h), when training */
    float *ffn_out;      /* (L', B, T, C) dense, then dropout in place */
    float *ffn_drop;     /* (L', B, T, C) */
    float *res2;         /* (L', B, T, C) ln1 + ffn_out */
    float *ln2;          /* (L', B, T, C) the layer's output */
    float *ln2_mean, *ln2_rstd;       /* (L', B, T) */
    float *hidden;       /* (B, T, C) last layer's output (points into ln2) */
    float *cls_in;       /* (B, C) hidden state of [CLS] */
    float *pooled;       /* (B, C) tanh(dense(cls_in)) */
    /* gradients of the activations, when training */
    float *dhidden;      /* (B, T, C) written by the heads */
    float *dpooled;      /* (B, C) written by the heads */
    float *dx, *dres, *dln1, *dctx;   /* (B, T, C) scratch */
    float *dqkv;         /* (B, T, 3C) */
    float *dffn_h, *dffn_g;           /* (B, T, F) */
    float *dcls;         /* (B, C) */
} BertActs;

typedef enum {
    BERT_EVAL,           /* no dropout, one layer of activations */
    BERT_EVAL_ATTENTION, /* the same, keeping every layer's attention */
    BERT_TRAIN           /* dropout, everything kept for backward */
} BertMode;

typedef struct {
    const int *input_ids;      /* (B, T) */
    const int *token_type_ids; /* (B, T) or NULL for all zeros */
    const int *attention_mask; /* (B, T) 1 token, 0 padding; NULL all 1 */
    int B, T;
} BertBatch;

/* Which heads hold trained values (bert_checkpoint.h reads and sets it). */
enum {
    BERT_HAS_MLM = 1,
    BERT_HAS_NSP = 2,
    BERT_HAS_CLASSIFIER = 4,
    BERT_HAS_QA = 8
};

typedef struct {
    BertConfig cfg;
    int num_labels;      /* NL: classifier outputs (0: no classifier) */
    int loaded;          /* BERT_HAS_* flags */
    BertParams params, grads, m, v;
    float *param_block, *grad_block, *m_block, *v_block;
    long num_params;     /* floats in each block */
    BertTensor *tensors; /* (num_tensors) */
    int num_tensors;
    int step;            /* AdamW steps taken */
    BertMode mode;       /* of the last forward */
    BertActs acts;
    float *act_block;
    long act_size, act_capacity;
} Bert;

/* Allocates the parameters (zeroed) for cfg plus a classifier of
 * num_labels outputs (0 for none). */
int bert_build(Bert *m, const BertConfig *cfg, int num_labels);
void bert_free(Bert *m);
/* BERT's initialisation: weights normal(0, initializer_range), biases 0,
 * LayerNorm weights 1 and biases 0. */
void bert_init(Bert *m, Rng *rng);
/* Allocates (zeroed) gradients and AdamW moments. */
int bert_enable_training(Bert *m);
void bert_zero_grad(Bert *m);
/* Runs the encoder and the pooler. Checks ids, segments and T against the
 * configuration. rng drives dropout in BERT_TRAIN mode (may be NULL
 * otherwise). In BERT_TRAIN mode dhidden and dpooled are zeroed, ready for
 * the heads. */
int bert_forward(Bert *m, const BertBatch *batch, BertMode mode, Rng *rng);
/* From acts.dhidden and acts.dpooled down to every parameter (+=). */
void bert_backward(Bert *m);
/* Clips the global gradient norm to max_norm (if > 0), then one AdamW
 * step with learning rate lr; returns the norm before clipping. */
float bert_step(Bert *m, float lr, float max_norm);
/* The tensor of that Hugging Face name, or NULL. */
const BertTensor *bert_find_tensor(const Bert *m, const char *name);

#endif
