#!/usr/bin/env python3
"""Writes the PyTorch reference fixtures for core's built-in losses, optimizers and clipping.

Run from the repository root with a Python that has torch (on Debian: apt-get install
python3-torch, then /usr/bin/python3 tools/pytorch/make_core_fixtures.py). The tests read the
JSON files it writes into core/src/test/resources/fixtures/ and never need torch themselves.

Every input is float32 and written as the exact double value of that float, so Java reads back
the very same bits. Expected values are PyTorch's float32 results.
"""
import json
import os

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "core", "src", "test",
                   "resources", "fixtures")


def tensor_json(t):
    t = t.detach().to(torch.float32)
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def generator(seed):
    g = torch.Generator()
    g.manual_seed(seed)
    return g


def uniform(g, *shape, low=-1.0, high=1.0):
    return torch.rand(*shape, generator=g, dtype=torch.float32) * (high - low) + low


# ---------------------------------------------------------------------------------------- losses

def reference_loss(kind, params, output, target, mask):
    """The loss and d(loss)/d(output) the way Recur defines it, written with torch.nn.functional."""
    reduction = params.get("reduction", "mean")
    o = output.clone().requires_grad_(True)
    classes = o.shape[-1]
    class_targets = tuple(target.shape) == tuple(o.shape[:-1])
    if mask is not None and o.dim() >= 3:
        keep = mask.bool()
        sel_o, sel_t = o[keep], target[keep]
    else:
        sel_o, sel_t = o, target
    if kind in ("mse", "mae", "bce"):
        if class_targets:
            if classes == 1:
                sel_t = sel_t.unsqueeze(-1)
            else:
                sel_t = F.one_hot(sel_t.long(), classes).to(torch.float32)
        fn = {"mse": F.mse_loss, "mae": F.l1_loss, "bce": F.binary_cross_entropy}[kind]
        loss = fn(sel_o, sel_t, reduction=reduction)
    elif kind == "cross-entropy":
        smoothing = params.get("label_smoothing", 0.0)
        flat_o = sel_o.reshape(-1, classes)
        flat_t = sel_t.reshape(-1).long() if class_targets else sel_t.reshape(-1, classes)
        loss = F.cross_entropy(flat_o, flat_t, reduction=reduction, label_smoothing=smoothing)
    elif kind == "nll":
        loss = F.nll_loss(sel_o.reshape(-1, classes), sel_t.reshape(-1).long(), reduction=reduction)
    else:
        raise ValueError(kind)
    loss.backward()
    return loss.detach(), o.grad.detach()


def loss_cases():
    cases = []

    def add(case_id, kind, params, output, target, mask=None):
        loss, grad = reference_loss(kind, params, output, target, mask)
        cases.append({
            "id": case_id, "type": kind, "params": params,
            "output": tensor_json(output), "target": tensor_json(target),
            "mask": None if mask is None else tensor_json(mask),
            "loss": float(loss), "grad": tensor_json(grad),
        })

    g = generator(1234)
    # [N, T] mask with padding at the end of some sequences, as a padded batch has it
    mask = torch.tensor([[1, 1, 1, 1], [1, 1, 0, 0], [1, 1, 1, 0]], dtype=torch.float32)
    pad = mask == 0

    values_2d = uniform(g, 4, 3) * 2
    values_2d_t = uniform(g, 4, 3) * 2
    seq_values = uniform(g, 3, 4, 2) * 2
    seq_values[pad] = 50.0  # padded outputs far off: they must not count
    seq_values_t = uniform(g, 3, 4, 2)
    seq_values_t[pad] = -99.0
    class_2d_t = torch.tensor([2, 0, 1, 2], dtype=torch.float32)
    seq_class_t = torch.tensor([[0, 2, 1, 1], [2, 2, -1, -1], [1, 0, 2, 0]], dtype=torch.float32)
    single_t = torch.tensor([1, 0, 0, 1, 1], dtype=torch.float32)

    for kind in ("mse", "mae"):
        for red in ("mean", "sum"):
            add(f"{kind}-values-{red}", kind, {"reduction": red}, values_2d, values_2d_t)
            add(f"{kind}-values-masked-{red}", kind, {"reduction": red}, seq_values, seq_values_t, mask)
        add(f"{kind}-class-one-hot-mean", kind, {"reduction": "mean"}, values_2d, class_2d_t)
        add(f"{kind}-single-column-class-mean", kind, {"reduction": "mean"}, uniform(g, 5, 1), single_t)

    probs_2d = torch.sigmoid(uniform(g, 4, 3) * 3)
    probs_t = uniform(g, 4, 3, low=0.0, high=1.0)
    seq_probs = torch.sigmoid(uniform(g, 3, 4, 2) * 3)
    seq_probs_t = uniform(g, 3, 4, 2, low=0.0, high=1.0)
    seq_probs_t[pad] = 0.5
    for red in ("mean", "sum"):
        add(f"bce-values-{red}", "bce", {"reduction": red}, probs_2d, probs_t)
        add(f"bce-values-masked-{red}", "bce", {"reduction": red}, seq_probs, seq_probs_t, mask)
    two_unit_softmax = torch.softmax(uniform(g, 4, 2) * 3, dim=-1)
    add("bce-two-unit-softmax-class-mean", "bce", {"reduction": "mean"}, two_unit_softmax,
        torch.tensor([1, 0, 0, 1], dtype=torch.float32))
    seq_softmax = torch.softmax(uniform(g, 3, 4, 3) * 3, dim=-1)
    add("bce-softmax-class-masked-mean", "bce", {"reduction": "mean"}, seq_softmax,
        seq_class_t, mask)
    add("bce-single-sigmoid-class-mean", "bce", {"reduction": "mean"},
        torch.sigmoid(uniform(g, 5, 1) * 3), single_t)
    # exact 0 and 1 probabilities: the −100 clamp of the logs and the 1e-12 floor of the backward
    add("bce-clamped-mean", "bce", {"reduction": "mean"},
        torch.tensor([[0.0, 1.0, 0.0, 1.0, 0.25]]), torch.tensor([[0.0, 1.0, 0.3, 0.0, 1.0]]))

    logits_2d = uniform(g, 4, 3) * 3
    seq_logits = uniform(g, 3, 4, 3) * 3
    seq_logits[pad] = 1e4
    for red in ("mean", "sum"):
        add(f"cross-entropy-class-{red}", "cross-entropy", {"reduction": red, "label_smoothing": 0.0},
            logits_2d, class_2d_t)
        add(f"cross-entropy-class-masked-{red}", "cross-entropy",
            {"reduction": red, "label_smoothing": 0.0}, seq_logits, seq_class_t, mask)
        add(f"cross-entropy-smoothed-masked-{red}", "cross-entropy",
            {"reduction": red, "label_smoothing": 0.1}, seq_logits, seq_class_t, mask)
    add("cross-entropy-smoothed-mean", "cross-entropy", {"reduction": "mean", "label_smoothing": 0.25},
        logits_2d, class_2d_t)
    add("cross-entropy-probabilities-smoothed-mean", "cross-entropy",
        {"reduction": "mean", "label_smoothing": 0.2}, logits_2d,
        torch.softmax(uniform(g, 4, 3) * 2, dim=-1))
    add("cross-entropy-large-logits-mean", "cross-entropy", {"reduction": "mean", "label_smoothing": 0.0},
        torch.tensor([[1000.0, 1001.0, -1000.0], [-500.0, 0.0, 500.0]]),
        torch.tensor([0.0, 2.0]))

    log_probs_2d = torch.log_softmax(uniform(g, 4, 3) * 3, dim=-1)
    seq_log_probs = torch.log_softmax(uniform(g, 3, 4, 3) * 3, dim=-1)
    for red in ("mean", "sum"):
        add(f"nll-class-{red}", "nll", {"reduction": red}, log_probs_2d, class_2d_t)
        add(f"nll-class-masked-{red}", "nll", {"reduction": red}, seq_log_probs, seq_class_t, mask)
    return cases


# ------------------------------------------------------------------------------------ optimizers

OPTIMIZERS = [
    ("sgd", {"learning_rate": 0.1}),
    ("sgd", {"learning_rate": 0.1, "momentum": 0.9}),
    ("sgd", {"learning_rate": 0.05, "momentum": 0.8, "dampening": 0.1, "weight_decay": 0.01}),
    ("sgd", {"learning_rate": 0.1, "momentum": 0.9, "nesterov": True}),
    ("sgd", {"learning_rate": 0.1, "momentum": 0.5, "nesterov": True, "weight_decay": 0.1}),
    ("adam", {}),
    ("adam", {"learning_rate": 0.01}),
    ("adam", {"learning_rate": 0.02, "weight_decay": 0.1}),
    ("adam", {"learning_rate": 0.01, "amsgrad": True}),
    ("adam", {"learning_rate": 0.05, "beta1": 0.8, "beta2": 0.9, "epsilon": 1e-6, "amsgrad": True,
              "weight_decay": 0.01}),
    ("rmsprop", {}),
    ("rmsprop", {"learning_rate": 0.01, "momentum": 0.9}),
    ("rmsprop", {"learning_rate": 0.01, "centered": True}),
    ("rmsprop", {"learning_rate": 0.005, "alpha": 0.9, "epsilon": 1e-6, "momentum": 0.5, "centered": True,
                 "weight_decay": 0.05}),
    ("adagrad", {}),
    ("adagrad", {"learning_rate": 0.1, "lr_decay": 0.1, "weight_decay": 0.05,
                 "initial_accumulator_value": 0.1, "epsilon": 1e-6}),
]


def torch_optimizer(kind, p, params):
    lr = p.get("learning_rate")
    if kind == "sgd":
        return torch.optim.SGD(params, lr=lr, momentum=p.get("momentum", 0.0),
                               dampening=p.get("dampening", 0.0), nesterov=p.get("nesterov", False),
                               weight_decay=p.get("weight_decay", 0.0), foreach=False)
    if kind == "adam":
        return torch.optim.Adam(params, lr=p.get("learning_rate", 0.001),
                                betas=(p.get("beta1", 0.9), p.get("beta2", 0.999)),
                                eps=p.get("epsilon", 1e-8), weight_decay=p.get("weight_decay", 0.0),
                                amsgrad=p.get("amsgrad", False), foreach=False)
    if kind == "rmsprop":
        return torch.optim.RMSprop(params, lr=p.get("learning_rate", 0.01), alpha=p.get("alpha", 0.99),
                                   eps=p.get("epsilon", 1e-8), momentum=p.get("momentum", 0.0),
                                   centered=p.get("centered", False), weight_decay=p.get("weight_decay", 0.0),
                                   foreach=False)
    if kind == "adagrad":
        return torch.optim.Adagrad(params, lr=p.get("learning_rate", 0.01), lr_decay=p.get("lr_decay", 0.0),
                                   weight_decay=p.get("weight_decay", 0.0),
                                   initial_accumulator_value=p.get("initial_accumulator_value", 0.0),
                                   eps=p.get("epsilon", 1e-10), foreach=False)
    raise ValueError(kind)


STEPS = 5
# on the first step the bias has no gradient yet: torch skips it, step count included, so its
# momentum buffer and bias corrections start one step after the weight's
BIAS_WITHOUT_GRAD_STEP = 0


def optimizer_cases():
    cases = []
    for index, (kind, p) in enumerate(OPTIMIZERS):
        g = generator(100 + index)
        weight = torch.nn.Parameter(uniform(g, 3, 4))
        bias = torch.nn.Parameter(uniform(g, 4))
        initial = {"weight": tensor_json(weight), "bias": tensor_json(bias)}
        opt = torch_optimizer(kind, p, [weight, bias])
        steps = []
        for s in range(STEPS):
            gw = torch.randn(3, 4, generator=g)
            gb = None if s == BIAS_WITHOUT_GRAD_STEP else torch.randn(4, generator=g)
            weight.grad = gw.clone()
            bias.grad = None if gb is None else gb.clone()
            opt.step()
            steps.append({
                "grads": {"weight": tensor_json(gw), "bias": None if gb is None else tensor_json(gb)},
                "after": {"weight": tensor_json(weight), "bias": tensor_json(bias)},
            })
        cases.append({"id": f"{kind}-{index}", "type": kind, "params": p, "initial": initial, "steps": steps})
    return cases


def clipping_cases():
    cases = []
    for index, max_norm in enumerate((0.5, 3.0, 100.0)):
        g = generator(500 + index)
        a = torch.nn.Parameter(torch.zeros(3, 4))
        b = torch.nn.Parameter(torch.zeros(4))
        c = torch.nn.Parameter(torch.zeros(2))  # no gradient: skipped
        a.grad = torch.randn(3, 4, generator=g)
        b.grad = torch.randn(4, generator=g)
        before = [tensor_json(a.grad), tensor_json(b.grad)]
        total = torch.nn.utils.clip_grad_norm_([a, b, c], max_norm)
        cases.append({"id": f"clip-{max_norm}", "max_norm": max_norm, "grads": before,
                      "total_norm": float(total), "after": [tensor_json(a.grad), tensor_json(b.grad)]})
    return cases


def write(name, payload):
    path = os.path.join(OUT, name)
    # one case per line: small files whose diffs still show which case changed
    lines = ",\n".join(json.dumps(case) for case in payload["cases"])
    with open(path, "w") as f:
        f.write('{"source": %s,\n "cases": [\n%s\n]}\n' % (json.dumps(payload["source"]), lines))
    print("wrote", os.path.normpath(path))


def main():
    torch.manual_seed(0)
    os.makedirs(OUT, exist_ok=True)
    source = {"generator": "tools/pytorch/make_core_fixtures.py", "torch": torch.__version__}
    write("losses.json", {"source": source, "cases": loss_cases()})
    write("optimizers.json", {"source": source, "cases": optimizer_cases()})
    write("grad-clipping.json", {"source": source, "cases": clipping_cases()})


if __name__ == "__main__":
    main()
