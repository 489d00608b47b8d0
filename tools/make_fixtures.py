#!/usr/bin/python3
"""Freeze reference values of the kernels from an independent PyTorch
implementation into tests/fixtures/kernels.txt.

Run by hand (never by make test):  /usr/bin/python3 tools/make_fixtures.py
Needs Debian's python3-torch. Everything is computed in float64 from float32
inputs, so the C kernels (float32) are compared with a value that carries no
float32 rounding of its own.

File format, read by tests/testutil.c fixture_load(): for each array a line
"name d0 d1 ...", then its values, whitespace-separated.
"""
import math
import os

import torch

torch.manual_seed(1234)
OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures",
                   "kernels.txt")
arrays = []


def put(name, t):
    t = t.detach().to(torch.float64).contiguous()
    arrays.append((name, list(t.shape), t.flatten().tolist()))


def rand(*shape, scale=1.0):
    # float32 values, widened: the C side reads the same float32 numbers
    return (torch.randn(*shape) * scale).to(torch.float32).to(torch.float64)


# --- attention: B=2, T=5, C=8, NH=2; second sequence has 2 padding keys ---
B, T, C, NH = 2, 5, 8, 2
HS = C // NH
qkv = rand(B, T, 3 * C).requires_grad_()
keep = torch.ones(B, T)
keep[1, 3:] = 0
mask_add = (1 - keep) * torch.finfo(torch.float32).min
dout = rand(B, T, C)


def attention(qkv, mask_add, causal):
    q, k, v = qkv.split(C, dim=2)
    heads = lambda x: x.view(B, T, NH, HS).transpose(1, 2)  # (B, NH, T, HS)
    q, k, v = heads(q), heads(k), heads(v)
    scores = q @ k.transpose(-1, -2) / math.sqrt(HS)
    scores = scores + mask_add.view(B, 1, 1, T).to(torch.float64)
    if causal:
        upper = torch.triu(torch.ones(T, T, dtype=torch.bool), diagonal=1)
        scores = scores.masked_fill(upper, float("-inf"))
    att = torch.softmax(scores, dim=-1)
    out = (att @ v).transpose(1, 2).reshape(B, T, C)
    return out, att


put("attn_qkv", qkv)
put("attn_mask_add", mask_add)
put("attn_dout", dout)
for name, causal in (("attn", False), ("causal", True)):
    qkv.grad = None
    out, att = attention(qkv, mask_add, causal)
    (out * dout).sum().backward()
    put(name + "_out", out)
    put(name + "_att", att)
    put(name + "_dqkv", qkv.grad)

# --- chain: linear -> LayerNorm(eps 1e-12) -> exact GELU -> linear ---
N, C1, H, O = 4, 6, 10, 3
x = rand(N, C1).requires_grad_()
w1 = rand(H, C1, scale=0.5).requires_grad_()
b1 = rand(H, scale=0.1).requires_grad_()
gamma = (1 + rand(H, scale=0.1)).requires_grad_()
beta = rand(H, scale=0.1).requires_grad_()
w2 = rand(O, H, scale=0.5).requires_grad_()
b2 = rand(O, scale=0.1).requires_grad_()
dy = rand(N, O)
h = x @ w1.T + b1
mu = h.mean(-1, keepdim=True)
var = ((h - mu) ** 2).mean(-1, keepdim=True)
ln = (h - mu) / torch.sqrt(var + 1e-12) * gamma + beta
g = 0.5 * ln * (1 + torch.erf(ln / math.sqrt(2)))
y = g @ w2.T + b2
(y * dy).sum().backward()
for name, t in (("x", x), ("w1", w1), ("b1", b1), ("gamma", gamma),
                ("beta", beta), ("w2", w2), ("b2", b2), ("dy", dy),
                ("h", h), ("ln", ln), ("g", g), ("y", y)):
    put("chain_" + name, t)
for name, t in (("x", x), ("w1", w1), ("b1", b1), ("gamma", gamma),
                ("beta", beta), ("w2", w2), ("b2", b2)):
    put("chain_d" + name, t.grad)

# --- cross-entropy with an ignored row (ignore_index -100) ---
logits = rand(4, 7, scale=3.0).requires_grad_()
targets = torch.tensor([2, -100, 0, 6])
loss = torch.nn.functional.cross_entropy(logits, targets, ignore_index=-100)
loss.backward()
put("ce_logits", logits)
put("ce_targets", targets.to(torch.float64))
put("ce_loss", loss.reshape(1))
put("ce_dlogits", logits.grad)

with open(OUT, "w") as f:
    f.write("# Frozen by tools/make_fixtures.py from PyTorch %s; do not edit.\n"
            % torch.__version__)
    for name, shape, values in arrays:
        f.write("%s %s\n" % (name, " ".join(str(d) for d in shape)))
        f.write(" ".join("%.9g" % v for v in values) + "\n")
print("wrote", OUT, len(arrays), "arrays")
