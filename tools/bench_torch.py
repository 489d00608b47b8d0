#!/usr/bin/python3
"""PyTorch on the work that `make bench` measures, on this machine.

What it measures (the same shapes and steps as tests/bench/bench_bert.c and
tests/bench/bench_train.c):
  forward  bert-base (12 layers, hidden 768, 12 heads, intermediate 3072,
           vocabulary 30522), random weights, batch 1, T = 128 and 512:
           embeddings + LayerNorm, the encoder, the pooler. Eval mode under
           torch.inference_mode. Two implementations are timed and both are
           printed: a plain BERT written here with nn.Linear and matmuls, and
           nn.TransformerEncoder (its fused fast path in eval mode).
  train    one step of the tiny BERT (2 layers, hidden 128, 2 heads,
           intermediate 512, vocabulary 4096, 128 positions), batch 16 x 64,
           dropout 0.1: forward, MLM loss (tied decoder) + NSP loss,
           backward, global-norm clipping at 1.0, AdamW (lr 1e-4, weight
           decay 0.01 except biases and LayerNorm, eps 1e-6). MLM logits
           either at the 9 masked positions per sequence (t % 7 == 3, what
           BERT and our pretrain_step do) or at every position (what
           Hugging Face's BertForMaskedLM does). Tokens per second = 1024 /
           step time.

How: every thread count runs in its own process with OMP_NUM_THREADS,
OPENBLAS_NUM_THREADS and torch.set_num_threads set to it (Debian's torch
calls OpenBLAS for its linear layers, and OpenBLAS keeps its own thread
pool), glibc's malloc on transparent huge pages, OMP_WAIT_POLICY=passive so
idle OpenMP threads do not starve OpenBLAS's. Each figure is the median of
several runs after a warm-up. Times depend on what else runs on the
machine: compare figures taken in the same conditions.

Run by hand (never by make):  /usr/bin/python3 tools/bench_torch.py
    [--quick]   fewer repetitions
Needs Debian's python3-torch and python3-numpy.
"""
import json
import os
import statistics
import subprocess
import sys
import time


def median_ms(fn, reps, warmup=2):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(1e3 * (time.perf_counter() - t0))
    return statistics.median(times)


def worker(threads, quick):
    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    torch.set_num_threads(threads)
    torch.manual_seed(1)
    rows = []

    class Layer(nn.Module):
        """Post-LayerNorm BERT layer, exact-erf GELU."""

        def __init__(self, C, NH, FF, p):
            super().__init__()
            self.NH = NH
            self.qkv = nn.Linear(C, 3 * C)
            self.out = nn.Linear(C, C)
            self.ln1 = nn.LayerNorm(C, eps=1e-12)
            self.ffn_in = nn.Linear(C, FF)
            self.ffn_out = nn.Linear(FF, C)
            self.ln2 = nn.LayerNorm(C, eps=1e-12)
            self.drop = nn.Dropout(p)

        def forward(self, x):
            B, T, C = x.shape
            HS = C // self.NH
            qkv = self.qkv(x).view(B, T, 3, self.NH, HS).permute(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]
            att = torch.softmax(q @ k.transpose(-1, -2) / HS ** 0.5, dim=-1)
            ctx = (att @ v).transpose(1, 2).reshape(B, T, C)
            a = self.ln1(x + self.drop(self.out(ctx)))
            h = self.ffn_out(F.gelu(self.ffn_in(a)))
            return self.ln2(a + self.drop(h))

    class Bert(nn.Module):
        def __init__(self, V, C, L, NH, FF, P, p, fused=False):
            super().__init__()
            self.word = nn.Embedding(V, C)
            self.pos = nn.Embedding(P, C)
            self.seg = nn.Embedding(2, C)
            self.ln = nn.LayerNorm(C, eps=1e-12)
            self.drop = nn.Dropout(p)
            if fused:
                layer = nn.TransformerEncoderLayer(
                    C, NH, FF, p, activation="gelu", layer_norm_eps=1e-12,
                    batch_first=True)
                self.layers = nn.TransformerEncoder(
                    layer, L, enable_nested_tensor=False)
            else:
                self.layers = nn.Sequential(
                    *[Layer(C, NH, FF, p) for _ in range(L)])
            self.pool = nn.Linear(C, C)

        def forward(self, ids):
            B, T = ids.shape
            pos = torch.arange(T).expand(B, T)
            seg = torch.zeros_like(ids)
            x = self.word(ids) + self.pos(pos) + self.seg(seg)
            x = self.layers(self.drop(self.ln(x)))
            return x, torch.tanh(self.pool(x[:, 0]))

    # ---- bert-base forward ----
    for fused in (False, True):
        m = Bert(30522, 768, 12, 12, 3072, 512, 0.1, fused).eval()
        for T in (128, 512):
            ids = torch.randint(0, 30522, (1, T))
            reps = (3 if quick else 7) if T > 128 else (5 if quick else 15)
            with torch.inference_mode():
                ms = median_ms(lambda: m(ids), reps)
            rows.append({"what": "forward", "impl":
                         "TransformerEncoder" if fused else "plain",
                         "T": T, "threads": threads, "ms": ms})
        del m

    # ---- tiny training step ----
    B, T, C, V = 16, 64, 128, 4096

    class Pretrain(nn.Module):
        def __init__(self):
            super().__init__()
            self.bert = Bert(V, C, 2, 2, 512, 128, 0.1)
            self.transform = nn.Linear(C, C)
            self.mlm_ln = nn.LayerNorm(C, eps=1e-12)
            self.mlm_bias = nn.Parameter(torch.zeros(V))
            self.nsp = nn.Linear(C, 2)

        def forward(self, ids, positions, labels, nsp_labels):
            h, pooled = self.bert(ids)
            x = h.reshape(-1, C)
            if positions is not None:
                x = x[positions]
            y = self.mlm_ln(F.gelu(self.transform(x)))
            logits = y @ self.bert.word.weight.t() + self.mlm_bias
            return (F.cross_entropy(logits, labels) +
                    F.cross_entropy(self.nsp(pooled), nsp_labels))

    model = Pretrain().train()
    decay = [p for n, p in model.named_parameters()
             if "ln" not in n and "bias" not in n and "norm" not in n]
    rest = [p for n, p in model.named_parameters()
            if not ("ln" not in n and "bias" not in n and "norm" not in n)]
    ids = torch.randint(0, V, (B, T))
    nsp_labels = torch.randint(0, 2, (B,))
    for impl in ("foreach", "loop"):
        opt = torch.optim.AdamW(
            [{"params": decay, "weight_decay": 0.01},
             {"params": rest, "weight_decay": 0.0}],
            lr=1e-4, eps=1e-6, foreach=impl == "foreach")
        for logits in ("masked", "all"):
            if logits == "masked":
                positions = torch.tensor([i for i in range(B * T)
                                          if i % T % 7 == 3])
            else:
                positions = None
            flat = ids.reshape(-1)
            labels = flat if positions is None else flat[positions]

            def step():
                opt.zero_grad(set_to_none=True)
                loss = model(ids, positions, labels, nsp_labels)
                loss.backward()
                nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                opt.step()

            ms = median_ms(step, 5 if quick else 21, warmup=3)
            rows.append({"what": "train", "impl": "adamw-" + impl,
                         "logits": logits, "threads": threads, "ms": ms,
                         "tokens_per_s": B * T / (ms * 1e-3)})
    return rows


def main():
    quick = "--quick" in sys.argv
    if "--worker" in sys.argv:
        threads = int(sys.argv[sys.argv.index("--worker") + 1])
        print(json.dumps(worker(threads, quick)))
        return
    import torch
    rows = []
    for threads in (1, 2):
        env = dict(os.environ, OMP_NUM_THREADS=str(threads),
                   OPENBLAS_NUM_THREADS=str(threads),
                   OMP_WAIT_POLICY="passive",
                   GLIBC_TUNABLES="glibc.malloc.hugetlb=1")
        cmd = [sys.executable, __file__, "--worker", str(threads)]
        if quick:
            cmd.append("--quick")
        out = subprocess.run(cmd, env=env, check=True, capture_output=True,
                             text=True).stdout
        rows += json.loads(out.strip().splitlines()[-1])
    print("PyTorch %s, %d cores available" % (torch.__version__,
                                             os.cpu_count()))
    print("bert-base forward, batch 1, random weights (ms; best in *)")
    print("  %5s %7s %9s %19s" % ("T", "threads", "plain",
                                  "TransformerEncoder"))
    for T in (128, 512):
        for th in (1, 2):
            f = {r["impl"]: r["ms"] for r in rows
                 if r["what"] == "forward" and r["T"] == T
                 and r["threads"] == th}
            best = min(f, key=f.get)
            cell = {k: "%.1f%s" % (v, "*" if k == best else " ")
                    for k, v in f.items()}
            print("  %5d %7d %9s %19s" % (T, th, cell["plain"],
                                          cell["TransformerEncoder"]))
    print("tiny BERT training step, batch 16 x 64 (tokens/s; best in *)")
    print("  %-8s %7s %15s %15s" % ("logits", "threads", "adamw-foreach",
                                    "adamw-loop"))
    for logits in ("masked", "all"):
        for th in (1, 2):
            f = {r["impl"]: r["tokens_per_s"] for r in rows
                 if r["what"] == "train" and r["logits"] == logits
                 and r["threads"] == th}
            best = max(f, key=f.get)
            cell = {k: "%.0f%s" % (v, "*" if k == best else " ")
                    for k, v in f.items()}
            print("  %-8s %7d %15s %15s" % (logits, th, cell["adamw-foreach"],
                                            cell["adamw-loop"]))


if __name__ == "__main__":
    main()
