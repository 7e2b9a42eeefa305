#!/usr/bin/env python3
"""Writes the weight-interchange fixture of `recur predict`: a PyTorch model brought into Recur.

A 2-layer bidirectional nn.LSTM (batch_first=True) with PyTorch's own initialisation from a
fixed seed is saved the way docs/pytorch.md tells a PyTorch user to do it:

  * weights.safetensors: its state_dict with every name prefixed by the Recur layer name
    ("lstm." + "weight_ih_l0" ...), float32;
  * model.yaml: the minimal hand-written model description (format, input shape, layers).

It then runs the LSTM on a padded batch (pack_padded_sequence(enforce_sorted=False), unpacked
with pad_packed_sequence, so padded steps are 0) and writes

  * input.safetensors: tensors "input" [batch, time, features] and "lengths" [batch] (F32);
  * expected.safetensors: PyTorch's "output" [batch, time, 2*units], "h_n" and "c_n"
    [layers*2, batch, units].

The forward runs in float64 on the float32 weights and inputs, so the expected tensors hold the
exact math and Recur's float32 results can be held to 1e-5. The safetensors files are written
here byte by byte (8-byte little-endian header length, JSON header padded with spaces to a
multiple of 8, raw little-endian float32), so the `safetensors` package is not needed.

Run with the system interpreter that has torch (Debian: apt-get install python3-torch):
    /usr/bin/python3 tools/pytorch/make_interchange_fixture.py
Output: cli/src/test/resources/interchange/{model/model.yaml, model/weights.safetensors,
input.safetensors, expected.safetensors}, byte-identical on every run.
"""

import json
import pathlib
import struct

import numpy as np
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

OUT = pathlib.Path(__file__).resolve().parents[2] / "cli/src/test/resources/interchange"
SEED = 20240612
LAYER = "lstm"  # the Recur layer name, the prefix of every weight
FEATURES, UNITS, LAYERS = 3, 4, 2
LENGTHS = [5, 2, 4]  # batch 3, time 5; rows 1 and 2 are padded
STEPS = max(LENGTHS)

MODEL_YAML = f"""\
# A PyTorch nn.LSTM(input_size={FEATURES}, hidden_size={UNITS}, num_layers={LAYERS}, bidirectional=True,
# batch_first=True) brought into Recur; written by tools/pytorch/make_interchange_fixture.py.
format: 1
input:
  shape: [{STEPS}, {FEATURES}]     # [time, features]; predict takes any number of steps
model:
  layers:
    - {{type: lstm, name: {LAYER}, units: {UNITS}, layers: {LAYERS}, bidirectional: true}}
"""


def safetensors_bytes(tensors):
    """The safetensors encoding of an ordered dict of float32 arrays."""
    header = {}
    offset = 0
    blobs = []
    for name, array in tensors.items():
        data = np.ascontiguousarray(array, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(array.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(blobs)


def write(path, tensors):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(safetensors_bytes(tensors))


def main():
    torch.manual_seed(SEED)
    lstm = nn.LSTM(FEATURES, UNITS, num_layers=LAYERS, bidirectional=True, batch_first=True)
    x = torch.randn(len(LENGTHS), STEPS, FEATURES)
    for row, length in enumerate(LENGTHS):
        x[row, length:] = 0  # padding; what it holds must not matter

    # the state_dict as a PyTorch user saves it for Recur: prefix renamed, float32
    weights = {f"{LAYER}.{name}": t.detach().float().numpy() for name, t in lstm.state_dict().items()}
    write(OUT / "model/weights.safetensors", weights)
    (OUT / "model/model.yaml").write_text(MODEL_YAML)
    write(OUT / "input.safetensors", {"input": x.numpy(), "lengths": np.array(LENGTHS, dtype=np.float32)})

    exact = lstm.double()
    packed = pack_padded_sequence(x.double(), torch.tensor(LENGTHS), batch_first=True, enforce_sorted=False)
    with torch.no_grad():
        out, (h_n, c_n) = exact(packed)
    out, _ = pad_packed_sequence(out, batch_first=True, total_length=STEPS)
    write(OUT / "expected.safetensors", {
        "output": out.float().numpy(),
        "h_n": h_n.float().numpy(),
        "c_n": c_n.float().numpy(),
    })
    print("wrote", OUT)


if __name__ == "__main__":
    main()
