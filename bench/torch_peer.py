#!/usr/bin/python3
"""The PyTorch peer of `recur bench --suite peers`: the same cases, the same shapes, the same
units, the same output format (one line per case, or JSON with --json).

Run it with Debian's interpreter and OpenBLAS (`apt-get install python3-torch
libopenblas0-openmp`); without OpenBLAS torch falls back to the reference BLAS and is 10-30x
slower, which would make the comparison meaningless. The thread count is applied both ways
torch reads it: OMP_NUM_THREADS (set before torch is imported, so re-exec if needed) and
torch.set_num_threads.

    /usr/bin/python3 bench/torch_peer.py --threads 1 [--case charlm-large] [--json]
"""
import argparse
import json
import os
import sys
import time


def parse():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--case", action="append", help="run only this case (repeatable)")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.add_argument("--suite", default="peers")
    p.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", "6")),
                   help="measuring time per case (after warm-up)")
    p.add_argument("--length", type=int, default=None, help="override the sequence length of the charlm cases")
    return p.parse_args()


ARGS = parse()
if os.environ.get("OMP_NUM_THREADS") != str(ARGS.threads):
    # OpenMP reads the variable once, when torch loads: restart with it set
    os.environ["OMP_NUM_THREADS"] = str(ARGS.threads)
    os.environ["OPENBLAS_NUM_THREADS"] = str(ARGS.threads)
    os.execv(sys.executable, [sys.executable] + sys.argv)

import resource  # noqa: E402

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(ARGS.threads)
torch.manual_seed(1)

# GFLOPS float32 of one core for the "% of peak" column: FMA_PEAK, as `recur bench` measures it on
# this machine (its header line); without it the column is left out (0)
PEAK_PER_CORE = float(os.environ.get("FMA_PEAK", "0"))


class CharLm(nn.Module):
    """embedding -> stacked recurrent layer -> dense at every step."""

    def __init__(self, vocab, emb, cell, units, layers):
        super().__init__()
        self.emb = nn.Embedding(vocab, emb)
        self.rnn = getattr(nn, cell)(emb, units, num_layers=layers, batch_first=True)
        self.out = nn.Linear(units, vocab)

    def forward(self, x):
        y, _ = self.rnn(self.emb(x))
        return self.out(y)


class OneHotRnn(nn.Module):
    """one-hot -> recurrent layer -> dense (at every step, or on the last state)."""

    def __init__(self, vocab, cell, units, classes, last):
        super().__init__()
        self.vocab = vocab
        self.last = last
        self.rnn = getattr(nn, cell)(vocab, units, batch_first=True)
        self.out = nn.Linear(units, classes)

    def forward(self, x):
        y, _ = self.rnn(F.one_hot(x, self.vocab).float())
        return self.out(y[:, -1] if self.last else y)


def rnn_flops(cell, n, t, i, h):
    """Multiply-adds x2 of one forward of one recurrent layer: input and recurrent projections."""
    g = {"LSTM": 4, "GRU": 3, "RNN": 1}[cell] * h
    return 2.0 * n * t * (i * g + h * g)


def case_specs(length):
    T = length or 100
    return {
        "charlm-large": dict(kind="lm", vocab=65, emb=64, cell="LSTM", units=512, layers=2, batch=32, steps=T,
                             opt="adam", unit="tokens/s", train=True),
        "charlm-large-infer": dict(kind="lm", vocab=65, emb=64, cell="LSTM", units=512, layers=2, batch=32, steps=T,
                                   opt="adam", unit="tokens/s", train=False),
        "charlm-small": dict(kind="lm", vocab=65, emb=32, cell="GRU", units=128, layers=1, batch=32, steps=T,
                             opt="adam", unit="tokens/s", train=True),
        "charlm-small-infer": dict(kind="lm", vocab=65, emb=32, cell="GRU", units=128, layers=1, batch=32, steps=T,
                                   opt="adam", unit="tokens/s", train=False),
        "classify": dict(kind="cls", vocab=57, cell="LSTM", units=128, classes=18, batch=64, steps=12,
                         opt="sgd-momentum", unit="seq/s", train=True),
        "classify-infer": dict(kind="cls", vocab=57, cell="LSTM", units=128, classes=18, batch=64, steps=12,
                               opt="sgd-momentum", unit="seq/s", train=False),
        "rnn-tiny": dict(kind="tiny", vocab=27, cell="RNN", units=25, classes=27, batch=1, steps=12,
                         opt="sgd", unit="steps/s", train=True),
        "gemm-512": dict(kind="gemm", n=512, unit="GFLOPS"),
        "gemm-2048": dict(kind="gemm", n=2048, unit="GFLOPS"),
    }


def timed(step, seconds, warmup_steps, min_steps=5):
    """Median seconds of one call of step() after warm-up, measured for about `seconds`."""
    for _ in range(warmup_steps):
        step()
    times = []
    start = time.perf_counter()
    while len(times) < min_steps or (time.perf_counter() - start < seconds and len(times) < 10000):
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    times.sort()
    return times[len(times) // 2]


def run_case(name, c):
    if c["kind"] == "gemm":
        n = c["n"]
        a = torch.rand(n, n)
        b = torch.rand(n, n)
        out = torch.empty(n, n)
        med = timed(lambda: torch.mm(a, b, out=out), ARGS.seconds / 2, 3)
        gflops = 2.0 * n ** 3 / med / 1e9
        return dict(value=gflops, step=med, gflops=gflops)

    if c["kind"] == "lm":
        model = CharLm(c["vocab"], c["emb"], c["cell"], c["units"], c["layers"])
        tokens = torch.randint(0, c["vocab"], (c["batch"], c["steps"]))
        targets = torch.randint(0, c["vocab"], (c["batch"], c["steps"]))
        fwd = sum(rnn_flops(c["cell"], c["batch"], c["steps"], c["emb"] if k == 0 else c["units"], c["units"])
                  for k in range(c["layers"])) + 2.0 * c["batch"] * c["steps"] * c["units"] * c["vocab"]
        per_step = c["batch"] * c["steps"]
    elif c["kind"] == "cls":
        model = OneHotRnn(c["vocab"], c["cell"], c["units"], c["classes"], last=True)
        tokens = torch.randint(0, c["vocab"], (c["batch"], c["steps"]))
        targets = torch.randint(0, c["classes"], (c["batch"],))
        fwd = rnn_flops(c["cell"], c["batch"], c["steps"], c["vocab"], c["units"]) \
            + 2.0 * c["batch"] * c["units"] * c["classes"]
        per_step = c["batch"]
    else:
        model = OneHotRnn(c["vocab"], c["cell"], c["units"], c["classes"], last=False)
        tokens = torch.randint(0, c["vocab"], (c["batch"], c["steps"]))
        targets = torch.randint(0, c["classes"], (c["batch"], c["steps"]))
        fwd = rnn_flops(c["cell"], c["batch"], c["steps"], c["vocab"], c["units"]) \
            + 2.0 * c["batch"] * c["steps"] * c["units"] * c["classes"]
        per_step = 1

    if c["opt"] == "adam":
        opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    elif c["opt"] == "sgd-momentum":
        opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    else:
        opt = torch.optim.SGD(model.parameters(), lr=0.01)

    if c["train"]:
        def step():
            opt.zero_grad()
            logits = model(tokens)
            loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))
            loss.backward()
            opt.step()
        flops = 3.0 * fwd  # backward is two products per forward product
    else:
        model.eval()

        def step():
            with torch.no_grad():
                model(tokens)
        flops = fwd

    warm = 3 if c["units"] >= 512 else 20
    med = timed(step, ARGS.seconds, warm)
    return dict(value=per_step / med, step=med, gflops=flops / med / 1e9)


def main():
    specs = case_specs(ARGS.length)
    names = ARGS.case or list(specs)
    for n in names:
        if n not in specs:
            sys.exit("torch_peer: unknown case '%s'; known: %s" % (n, ", ".join(specs)))
    for name in names:
        c = specs[name]
        r = run_case(name, c)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
        peak = r["gflops"] / (PEAK_PER_CORE * ARGS.threads) * 100 if PEAK_PER_CORE > 0 else 0
        if ARGS.json:
            print(json.dumps({"case": name, "threads": ARGS.threads, "value": round(r["value"], 2), "unit": c["unit"],
                              "step_ms": round(r["step"] * 1e3, 4), "gflops": round(r["gflops"], 2),
                              "peak_rss_mb": round(rss, 1), "engine": "pytorch " + torch.__version__}), flush=True)
        else:
            print("%-20s threads=%d %12.1f %-9s step %9.3f ms %7.1f GFLOPS %5.1f%% of peak  peak RSS %7.1f MB"
                  % (name, ARGS.threads, r["value"], c["unit"], r["step"] * 1e3, r["gflops"], peak, rss), flush=True)


if __name__ == "__main__":
    main()
