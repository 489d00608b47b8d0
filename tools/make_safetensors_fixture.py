#!/usr/bin/python3
"""Writes the safetensors fixtures that tests/test_safetensors.c reads.

Run by hand from the repository root (never needed by `make test`):

    /usr/bin/python3 tools/make_safetensors_fixture.py

The files are written with struct + json only, following the format of
huggingface/safetensors (README "Format"; safetensors/src/tensor.rs):
an 8-byte little-endian header length, compact JSON padded with spaces to a
multiple of 8 bytes, then the data. PyTorch supplies the F16 -> F32 and
BF16 -> F32 conversions the C reader must reproduce.

tests/fixtures/safetensors_mixed.safetensors
    h (4, 8) F16 and h_as_f32: special values (zeros, subnormals, the
    largest half, infinities, NaNs) and random bit patterns, with
    PyTorch's conversion; b (2, 8) BF16 and b_as_f32 likewise; ids (1, 4)
    I64 (like BERT's position_ids buffer), which must open but not read as
    float. Tensors are laid out as the reference writer orders them:
    by dtype, larger elements first, then by name.
tests/fixtures/safetensors_f32_ref.safetensors
    What the reference writer produces for three F32 tensors with metadata
    {"format": "pt"}; the C writer must produce the same bytes.
"""
import json
import struct

import torch

OUT = "tests/fixtures/"

# Element sizes and the reference implementation's dtype order.
DTYPE_RANK = {"F16": 7, "BF16": 8, "F32": 11, "I64": 13}


def halves_bits(gen):
    special = [0x0000, 0x8000, 0x3C00, 0xC000, 0x7BFF, 0xFBFF, 0x0001,
               0x8001, 0x03FF, 0x0400, 0x7C00, 0xFC00, 0x7E00, 0x7C01,
               0xFE01, 0x3555]
    rand = torch.randint(0, 65536, (16,), generator=gen).tolist()
    return special + rand


def bfloat_bits(gen):
    special = [0x0000, 0x8000, 0x3F80, 0xC040, 0x7F7F, 0x0001, 0x807F,
               0x7F80, 0xFF80, 0x7FC0, 0x4049]
    rand = torch.randint(0, 65536, (5,), generator=gen).tolist()
    return special + rand


def from_bits(bits, dtype):
    signed = [b - 65536 if b >= 32768 else b for b in bits]
    return torch.tensor(signed, dtype=torch.int16).view(dtype)


def raw(t):
    if t.dtype in (torch.float16, torch.bfloat16):
        t = t.view(torch.int16)
    a = t.contiguous().numpy()
    return a.astype(a.dtype.newbyteorder("<")).tobytes()


def write(path, tensors, metadata=None):
    """tensors: {name: (dtype_name, torch tensor)}; reference order."""
    names = sorted(tensors, key=lambda n: (-DTYPE_RANK[tensors[n][0]], n))
    header, data, offset = {}, b"", 0
    if metadata is not None:
        header["__metadata__"] = metadata
    for name in names:
        dtype, t = tensors[name]
        b = raw(t)
        header[name] = {"dtype": dtype, "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(b)]}
        data += b
        offset += len(b)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + data)


def main():
    gen = torch.Generator().manual_seed(20181011)
    h = from_bits(halves_bits(gen), torch.float16).reshape(4, 8)
    b = from_bits(bfloat_bits(gen), torch.bfloat16).reshape(2, 8)
    ids = torch.arange(4, dtype=torch.int64).reshape(1, 4)
    write(OUT + "safetensors_mixed.safetensors", {
        "h": ("F16", h), "h_as_f32": ("F32", h.float()),
        "b": ("BF16", b), "b_as_f32": ("F32", b.float()),
        "ids": ("I64", ids),
    })
    weight = torch.arange(6, dtype=torch.float32).reshape(2, 3) * 0.5 - 1
    bias = torch.tensor([0.25, -0.125, 3.0e-8])
    scalar = torch.tensor(42.0)
    write(OUT + "safetensors_f32_ref.safetensors", {
        "dense.weight": ("F32", weight), "dense.bias": ("F32", bias),
        "scale": ("F32", scalar),
    }, {"format": "pt"})


if __name__ == "__main__":
    main()
