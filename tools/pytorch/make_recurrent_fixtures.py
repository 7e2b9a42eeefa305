#!/usr/bin/env python3
"""Writes the PyTorch parity fixtures of Recur's rnn, lstm and gru layers.

Each case builds nn.RNN (tanh or relu), nn.LSTM or nn.GRU with batch_first=True and PyTorch's
own initialisation from a fixed seed, runs it on a random batch (packed with
pack_padded_sequence(enforce_sorted=False) when the case has padding, unpacked with
pad_packed_sequence), and records:

  * the weights by PyTorch name, in named_parameters() order, and the input;
  * output, h_n (and c_n for the lstm);
  * the gradients w.r.t. the input, every parameter and the learned initial state (cases with
    initial_state "learned" pass a trainable h0/c0 [L*D, H], expanded over the batch, as hx) of
      sequence loss  sum(output * r_sequence)
      last loss      sum(last * r_last), last = h_n of the top layer, [forward | backward]

Weights, inputs, R and h0/c0 are float32 values (written exactly, shortest round-trip form);
the forward and backward then run in float64, so the fixtures hold the exact math of the
float32 weights and Recur's float32 results can be held to 1e-5.

Run with the system interpreter that has torch (Debian: apt-get install python3-torch):
    /usr/bin/python3 tools/pytorch/make_recurrent_fixtures.py
Output: layers-recurrent/src/test/resources/fixtures/<case>.json, byte-identical on every run.
"""

import json
import pathlib

import numpy as np
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

OUT = pathlib.Path(__file__).resolve().parents[2] / "layers-recurrent/src/test/resources/fixtures"
BASE_SEED = 20240611

# name, cell, activation, layers, bidirectional, batch, steps, features, units, lengths, learned
CASES = [
    ("rnn_tanh_l1_uni", "rnn", "tanh", 1, False, 2, 5, 3, 4, None, False),
    ("rnn_tanh_l2_uni", "rnn", "tanh", 2, False, 3, 3, 3, 3, None, False),
    ("rnn_relu_l2_bi_padded", "rnn", "relu", 2, True, 3, 4, 3, 3, [4, 2, 3], False),
    ("rnn_tanh_l1_bi_padded_learned", "rnn", "tanh", 1, True, 3, 4, 5, 2, [3, 4, 1], True),
    ("lstm_l1_uni", "lstm", "tanh", 1, False, 3, 4, 3, 3, None, False),
    ("lstm_l2_bi_padded", "lstm", "tanh", 2, True, 3, 5, 3, 3, [5, 3, 1], False),
    ("lstm_l1_bi_learned", "lstm", "tanh", 1, True, 2, 3, 4, 2, None, True),
    ("lstm_l2_uni_padded_learned", "lstm", "tanh", 2, False, 4, 3, 3, 2, [3, 1, 2, 3], True),
    ("gru_l1_uni", "gru", "tanh", 1, False, 2, 4, 3, 3, None, False),
    ("gru_l2_bi_padded", "gru", "tanh", 2, True, 3, 4, 3, 3, [2, 4, 3], False),
    ("gru_l1_bi_learned", "gru", "tanh", 1, True, 1, 6, 3, 4, None, True),
    ("gru_l2_uni_padded_learned", "gru", "tanh", 2, False, 3, 5, 2, 2, [5, 2, 4], True),
]


def f32(values):
    """Shortest text that parses back to the same float32."""
    return "[" + ",".join(str(np.float32(v)) for v in values) + "]"


def f64(values):
    return "[" + ",".join("%.9g" % v for v in values) + "]"


def flat(t):
    return t.detach().reshape(-1).tolist()


def build(cell, activation, features, units, layers, bidirectional):
    kwargs = dict(num_layers=layers, bidirectional=bidirectional, batch_first=True)
    if cell == "rnn":
        return nn.RNN(features, units, nonlinearity=activation, **kwargs)
    if cell == "lstm":
        return nn.LSTM(features, units, **kwargs)
    return nn.GRU(features, units, **kwargs)


def run(module, cell, x, lengths, h0, c0, steps):
    """Output [N, T, D*H] (zeros at padding) and the final states, like Recur's layer."""
    hx = None
    if h0 is not None:
        n = x.shape[0]
        h = h0.unsqueeze(1).expand(-1, n, -1)
        hx = (h, c0.unsqueeze(1).expand(-1, n, -1)) if cell == "lstm" else h
    if lengths is None:
        out, state = module(x, hx)
    else:
        packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=True, enforce_sorted=False)
        out, state = module(packed, hx)
        out, _ = pad_packed_sequence(out, batch_first=True, total_length=steps)
    if cell == "lstm":
        return out, state[0], state[1]
    return out, state, None


def case(index, spec):
    name, cell, activation, layers, bidirectional, n, steps, features, units, lengths, learned = spec
    torch.manual_seed(BASE_SEED + index)
    d = 2 if bidirectional else 1
    module = build(cell, activation, features, units, layers, bidirectional)
    x = torch.randn(n, steps, features)
    h0 = (0.5 * torch.randn(layers * d, units)) if learned else None
    c0 = (0.5 * torch.randn(layers * d, units)) if learned and cell == "lstm" else None
    r_seq = torch.randn(n, steps, d * units)
    r_last = torch.randn(n, d * units)

    module = module.double()
    names = [k for k, _ in module.named_parameters()]
    params = [p for _, p in module.named_parameters()]
    x64 = x.double().requires_grad_(True)
    extra = []
    if h0 is not None:
        h0 = h0.double().requires_grad_(True)
        extra.append(("h0", h0))
    if c0 is not None:
        c0 = c0.double().requires_grad_(True)
        extra.append(("c0", c0))
    wrt = [x64] + params + [t for _, t in extra]
    grad_names = ["input"] + names + [k for k, _ in extra]

    def grads(loss):
        gs = torch.autograd.grad(loss, wrt, allow_unused=True)
        return [(k, torch.zeros_like(t) if g is None else g) for k, t, g in zip(grad_names, wrt, gs)]

    out, h_n, c_n = run(module, cell, x64, lengths, h0, c0, steps)
    seq_grads = grads((out * r_seq.double()).sum())
    _, h_last, _ = run(module, cell, x64, lengths, h0, c0, steps)
    last = torch.cat([h_last[-d + i] for i in range(d)], dim=1)
    last_grads = grads((last * r_last.double()).sum())

    lines = [
        '  "name": %s' % json.dumps(name),
        '  "cell": %s' % json.dumps(cell),
        '  "activation": %s' % json.dumps(activation),
        '  "layers": %d' % layers,
        '  "bidirectional": %s' % ("true" if bidirectional else "false"),
        '  "initial_state": %s' % json.dumps("learned" if learned else "zero"),
        '  "batch": %d' % n,
        '  "steps": %d' % steps,
        '  "features": %d' % features,
        '  "units": %d' % units,
        '  "lengths": %s' % ("null" if lengths is None else json.dumps(lengths)),
        '  "input": %s' % f32(flat(x)),
        '  "parameter_names": %s' % json.dumps(names),
        '  "parameter_shapes": %s' % json.dumps([list(p.shape) for p in params]),
        '  "parameters": {%s}' % ",".join('"%s":%s' % (k, f32(flat(p.float()))) for k, p in zip(names, params)),
    ]
    for k, t in extra:
        lines.append('  "%s": %s' % (k, f32(flat(t.float()))))
    lines += [
        '  "r_sequence": %s' % f32(flat(r_seq)),
        '  "r_last": %s' % f32(flat(r_last)),
        '  "output": %s' % f64(flat(out)),
        '  "h_n": %s' % f64(flat(h_n)),
    ]
    if c_n is not None:
        lines.append('  "c_n": %s' % f64(flat(c_n)))
    for label, gs in (("grads_sequence", seq_grads), ("grads_last", last_grads)):
        body = ",\n".join('    "%s": %s' % (k, f64(flat(g))) for k, g in gs)
        lines.append('  "%s": {\n%s\n  }' % (label, body))
    (OUT / (name + ".json")).write_text("{\n" + ",\n".join(lines) + "\n}\n")


def main():
    torch.set_num_threads(1)
    OUT.mkdir(parents=True, exist_ok=True)
    for i, spec in enumerate(CASES):
        case(i, spec)
    print("wrote %d fixtures to %s" % (len(CASES), OUT))


if __name__ == "__main__":
    main()
