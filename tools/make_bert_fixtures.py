#!/usr/bin/python3
"""Freeze a tiny BertForPreTraining computed by an independent PyTorch
implementation into tests/fixtures/bert_tiny.txt.

Run by hand (never by make test):  /usr/bin/python3 tools/make_bert_fixtures.py
Needs Debian's python3-torch. The model is written out here from the
definitions (Devlin et al. 2019; Hugging Face's BertForPreTraining layout):
post-LayerNorm layers, exact erf GELU, LayerNorm eps 1e-12, padding keys
masked with the most negative float32, tied MLM decoder, NSP on the pooled
output. Dropout is 0 so the values are deterministic. Everything runs in
float64 from float32 parameters.

File format as tools/make_fixtures.py: "name d0 d1 ..." then the values.
Parameters are stored as "p:NAME", their gradients as "g:NAME".
"""
import math
import os

import torch

torch.manual_seed(2024)
V, C, L, NH, F, P, S = 100, 32, 2, 4, 64, 16, 2
B, T = 2, 8
HS = C // NH
EPS = 1e-12
OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures",
                   "bert_tiny.txt")


def param(*shape, kind="w"):
    if kind == "w":
        t = torch.randn(*shape) * 0.2
    elif kind == "b":
        t = torch.randn(*shape) * 0.1
    else:  # LayerNorm weight near 1
        t = 1 + torch.randn(*shape) * 0.1
    return t.to(torch.float32).to(torch.float64).requires_grad_()


params = {}


def new(name, *shape, kind="w"):
    params[name] = param(*shape, kind=kind)
    return params[name]


e = "bert.embeddings."
new(e + "word_embeddings.weight", V, C)
new(e + "position_embeddings.weight", P, C)
new(e + "token_type_embeddings.weight", S, C)
new(e + "LayerNorm.weight", C, kind="ln")
new(e + "LayerNorm.bias", C, kind="b")
for l in range(L):
    p = "bert.encoder.layer.%d." % l
    for k in ("query", "key", "value"):
        new(p + "attention.self.%s.weight" % k, C, C)
        new(p + "attention.self.%s.bias" % k, C, kind="b")
    new(p + "attention.output.dense.weight", C, C)
    new(p + "attention.output.dense.bias", C, kind="b")
    new(p + "attention.output.LayerNorm.weight", C, kind="ln")
    new(p + "attention.output.LayerNorm.bias", C, kind="b")
    new(p + "intermediate.dense.weight", F, C)
    new(p + "intermediate.dense.bias", F, kind="b")
    new(p + "output.dense.weight", C, F)
    new(p + "output.dense.bias", C, kind="b")
    new(p + "output.LayerNorm.weight", C, kind="ln")
    new(p + "output.LayerNorm.bias", C, kind="b")
new("bert.pooler.dense.weight", C, C)
new("bert.pooler.dense.bias", C, kind="b")
new("cls.predictions.transform.dense.weight", C, C)
new("cls.predictions.transform.dense.bias", C, kind="b")
new("cls.predictions.transform.LayerNorm.weight", C, kind="ln")
new("cls.predictions.transform.LayerNorm.bias", C, kind="b")
new("cls.predictions.bias", V, kind="b")
new("cls.seq_relationship.weight", 2, C)
new("cls.seq_relationship.bias", 2, kind="b")

W = params
ids = torch.randint(5, V, (B, T))
ids[:, 0] = 2            # a [CLS]-like first token
seg = torch.zeros(B, T, dtype=torch.long)
seg[:, 5:] = 1
mask = torch.ones(B, T)
mask[1, 6:] = 0          # two padding tokens in the second sequence
ids[1, 6:] = 0
seg[1, 6:] = 0
positions = torch.tensor([1, 3, 4, 8 + 2, 8 + 5])  # flat b*T + t
mlm_labels = torch.tensor([7, 11, 13, 17, 19])
nsp_labels = torch.tensor([0, 1])


def dense(x, name):
    return x @ W[name + ".weight"].T + W[name + ".bias"]


def layernorm(x, name):
    mu = x.mean(-1, keepdim=True)
    var = ((x - mu) ** 2).mean(-1, keepdim=True)
    return (x - mu) / torch.sqrt(var + EPS) * W[name + ".weight"] + \
        W[name + ".bias"]


def gelu(x):
    return 0.5 * x * (1 + torch.erf(x / math.sqrt(2)))


x = W[e + "word_embeddings.weight"][ids] + \
    W[e + "position_embeddings.weight"][torch.arange(T)] + \
    W[e + "token_type_embeddings.weight"][seg]
x = layernorm(x, e + "LayerNorm")
mask_add = ((1 - mask) * torch.finfo(torch.float32).min).to(torch.float64)
for l in range(L):
    p = "bert.encoder.layer.%d." % l
    heads = lambda t: t.view(B, T, NH, HS).transpose(1, 2)
    q = heads(dense(x, p + "attention.self.query"))
    k = heads(dense(x, p + "attention.self.key"))
    v = heads(dense(x, p + "attention.self.value"))
    scores = q @ k.transpose(-1, -2) / math.sqrt(HS) + mask_add.view(B, 1, 1, T)
    ctx = (torch.softmax(scores, -1) @ v).transpose(1, 2).reshape(B, T, C)
    a = layernorm(x + dense(ctx, p + "attention.output.dense"),
                  p + "attention.output.LayerNorm")
    h = gelu(dense(a, p + "intermediate.dense"))
    x = layernorm(a + dense(h, p + "output.dense"), p + "output.LayerNorm")
hidden = x
pooled = torch.tanh(dense(hidden[:, 0], "bert.pooler.dense"))
t = hidden.reshape(B * T, C)[positions]
t = layernorm(gelu(dense(t, "cls.predictions.transform.dense")),
              "cls.predictions.transform.LayerNorm")
mlm_logits = t @ W[e + "word_embeddings.weight"].T + W["cls.predictions.bias"]
nsp_logits = dense(pooled, "cls.seq_relationship")
ce = torch.nn.functional.cross_entropy
loss = ce(mlm_logits, mlm_labels) + ce(nsp_logits, nsp_labels)
loss.backward()

arrays = []


def put(name, t):
    t = t.detach().to(torch.float64).contiguous()
    arrays.append((name, list(t.shape), t.flatten().tolist()))


put("config", torch.tensor([V, C, L, NH, F, P, S, B, T], dtype=torch.float64))
put("input_ids", ids)
put("token_type_ids", seg)
put("attention_mask", mask)
put("mlm_positions", positions)
put("mlm_labels", mlm_labels)
put("nsp_labels", nsp_labels)
put("hidden", hidden)
put("pooled", pooled)
put("mlm_logits", mlm_logits)
put("nsp_logits", nsp_logits)
put("loss", loss.reshape(1))
for name, t in params.items():
    put("p:" + name, t)
    put("g:" + name, t.grad)
with open(OUT, "w") as f:
    f.write("# Frozen by tools/make_bert_fixtures.py from PyTorch %s; "
            "do not edit.\n" % torch.__version__)
    for name, shape, values in arrays:
        f.write("%s %s\n" % (name, " ".join(str(d) for d in shape)))
        f.write(" ".join("%.9g" % v for v in values) + "\n")
print("wrote", OUT, len(arrays), "arrays, loss", loss.item())
