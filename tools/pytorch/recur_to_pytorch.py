#!/usr/bin/env python3
"""Loads a Recur model directory into PyTorch and checks it against `recur predict`.

The reverse of make_interchange_fixture.py: a model trained by Recur (RUN/model/model.yaml and
weights.safetensors) is rebuilt from PyTorch modules, its weights are loaded with
load_state_dict after renaming the Recur layer prefixes to the module names, and its output on
INPUT is compared with what `recur predict` wrote for the same INPUT. docs/pytorch.md walks
through it.

Handles sequential models of these Recur layers: embedding (learned or one_hot), rnn, lstm,
gru (any layers, bidirectional with merge: concat), dense (with its activation), each
recurrent layer with output: sequence or last, initial_state: zero. That covers the configs
shipped with Recur; anything else stops with a message.

    recur train configs/hmm-gc/gru.yaml --run-dir runs/hmm
    recur predict --model runs/hmm/model --input x.safetensors --output y.safetensors
    /usr/bin/python3 tools/pytorch/recur_to_pytorch.py runs/hmm/model x.safetensors y.safetensors

Needs torch, numpy and PyYAML (Debian: apt-get install python3-torch python3-yaml); reads
safetensors without the safetensors package.
"""

import json
import pathlib
import struct
import sys

import numpy as np
import torch
import yaml
from torch import nn


def read_safetensors(path):
    """{name: float32 array} of a safetensors file (F32 only, as Recur writes)."""
    raw = pathlib.Path(path).read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    data = raw[8 + n:]
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        assert info["dtype"] == "F32", f"{name}: {info['dtype']}"
        begin, end = info["data_offsets"]
        out[name] = np.frombuffer(data[begin:end], dtype="<f4").reshape(info["shape"]).copy()
    return out


class Last(nn.Module):
    """Recur's output: last, from PyTorch's h_n: the top layer's final state, [forward | backward]."""

    def __init__(self, rnn):
        super().__init__()
        self.rnn = rnn

    def forward(self, x):
        _, h = self.rnn(x)
        h_n = h[0] if isinstance(h, tuple) else h
        d = 2 if self.rnn.bidirectional else 1
        return torch.cat([h_n[-d + i] for i in range(d)], dim=-1)


class Sequence(nn.Module):
    def __init__(self, rnn):
        super().__init__()
        self.rnn = rnn

    def forward(self, x):
        return self.rnn(x)[0]


class OneHot(nn.Module):
    def __init__(self, vocabulary):
        super().__init__()
        self.vocabulary = vocabulary

    def forward(self, ids):
        return nn.functional.one_hot(ids, self.vocabulary).float()


ACTIVATIONS = {
    "identity": nn.Identity, "relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid,
    "softmax": lambda: nn.Softmax(dim=-1), "log-softmax": lambda: nn.LogSoftmax(dim=-1),
}


def build(model_yaml):
    """(nn.Sequential, {recur prefix: pytorch prefix}) for the layers of a Recur model.yaml."""
    doc = yaml.safe_load(pathlib.Path(model_yaml).read_text())
    features = doc["input"]["shape"][-1]
    vocabulary = doc["input"].get("vocabulary", 0)
    modules, prefixes = [], {}
    for i, layer in enumerate(doc["model"]["layers"]):
        kind, name = layer["type"], layer.get("name") or f"{layer['type']}_{i}"
        if kind == "embedding" and layer.get("one_hot"):
            modules.append(OneHot(vocabulary))
            features = vocabulary
        elif kind == "embedding":
            modules.append(nn.Embedding(vocabulary, layer["size"]))
            prefixes[name] = f"{len(modules) - 1}."
            features = layer["size"]
        elif kind in ("rnn", "lstm", "gru"):
            if layer.get("initial_state", "zero") != "zero" or layer.get("merge", "concat") != "concat":
                sys.exit(f"layer '{name}': only initial_state: zero and merge: concat map onto nn.{kind.upper()}")
            cls = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[kind]
            extra = {"nonlinearity": layer.get("activation", "tanh")} if kind == "rnn" else {}
            rnn = cls(features, layer["units"], num_layers=layer.get("layers", 1),
                      bidirectional=layer.get("bidirectional", False), batch_first=True, **extra)
            wrap = Last(rnn) if layer.get("output", "sequence") == "last" else Sequence(rnn)
            modules.append(wrap)
            prefixes[name] = f"{len(modules) - 1}.rnn."
            features = layer["units"] * (2 if layer.get("bidirectional") else 1)
        elif kind == "dense":
            modules.append(nn.Linear(features, layer["units"], bias=layer.get("use_bias", True)))
            prefixes[name] = f"{len(modules) - 1}."
            modules.append(ACTIVATIONS[layer.get("activation", "identity")]())
            features = layer["units"]
        elif kind == "flatten":
            modules.append(nn.Flatten())
        else:
            sys.exit(f"layer '{name}': type {kind} is not handled here")
    return nn.Sequential(*modules), prefixes


def main(model_dir, input_file, recur_output):
    model_dir = pathlib.Path(model_dir)
    net, prefixes = build(model_dir / "model.yaml")
    weights = read_safetensors(model_dir / "weights.safetensors")
    state = {}
    for name, array in weights.items():
        layer, param = name.split(".", 1)
        state[prefixes[layer] + param] = torch.from_numpy(array)
    net.load_state_dict(state)  # strict: every tensor must find its place
    net.eval()

    x = torch.from_numpy(read_safetensors(input_file)["input"])
    if isinstance(net[0], (nn.Embedding, OneHot)):
        x = x.long()  # Recur stores token ids as float32
    with torch.no_grad():
        y = net(x).numpy()
    expected = read_safetensors(recur_output)["output"]
    diff = float(np.abs(y - expected).max())
    print(f"PyTorch output {list(y.shape)}, Recur output {list(expected.shape)}, max |difference| {diff:.2e}")
    sys.exit(0 if y.shape == expected.shape and diff < 1e-5 else 1)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
