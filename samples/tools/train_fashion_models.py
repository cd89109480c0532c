#!/usr/bin/python3
"""Build the CloudFreq sample pack: a Fashion-MNIST test subset and four small ONNX CNNs.

Run with Debian's torch (the interpreter must be /usr/bin/python3):

    apt-get install python3-torch python3-onnx dataset-fashion-mnist
    /usr/bin/python3 samples/tools/train_fashion_models.py --out samples

What it writes under --out:

  fashion-mnist/t10k-images-idx3-ubyte.gz  first 1,000 test images, IDX3 (magic 0x803), uint8
  fashion-mnist/t10k-labels-idx1-ubyte.gz  their labels, IDX1 (magic 0x801)
  fashion-mnist/classes.txt                the 10 class names in label order
  models/fmnist_{standard,pgd,blur,noise}.onnx  + a .json model card next to each
  tools/train_fashion_models.results.json  accuracies, attack results and timings

Models (same small CNN, trained on the 60k train set; Adam lr 1e-3, batch 128):

  standard  plain training
  pgd       PGD adversarial training, L-inf eps 0.1, step 0.025, 7 steps, random start
            (eps and steps are in [0,1] pixel units)
  blur      fixed (non-trainable) 7x7 Gaussian blur first layer, sigma 1.0,
            replicate padding, trained with the blur in place
  noise     Gaussian noise augmentation: x + N(0, 0.1^2) per pixel, clipped to [0,1],
            on the first half of every batch

Preprocessing contract: the graph takes float32 [batch,1,28,28] that is ALREADY normalized as
(x - 0.2860) / 0.3530 with x = uint8 / 255; normalization is done by the caller (CloudFreq),
never inside the graph. Output "logits" are raw logits (no softmax).

Reproducibility: fixed seed for python/numpy/torch, torch.use_deterministic_algorithms(True),
2 intra-op threads, data order from a seeded numpy generator, gzip files written with mtime 0.
Float results can still differ across CPUs / BLAS builds / torch versions in the last digits.
"""

import argparse
import gzip
import json
import math
import os
import random
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

MEAN = 0.2860
STD = 0.3530
CLASS_NAMES = [
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
]
SUBSET = 1000

MODELS = [
    # name, group, training text
    ("fmnist_standard", "base", "standard"),
    ("fmnist_pgd", "adv", "adversarial (PGD, Linf 0.1)"),
    ("fmnist_blur", "blur", "Gaussian blur first layer (sigma 1.0)"),
    ("fmnist_noise", "noise", "Gaussian noise augmentation (sigma 0.1)"),
]


# ----------------------------------------------------------------------------- IDX files

def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        raise ValueError(f"{path}: not a uint8 IDX file")
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    arr = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    return arr.reshape(dims).copy()


def write_idx_gz(path, arr):
    arr = np.ascontiguousarray(arr, dtype=np.uint8)
    header = struct.pack(">HBB", 0, 0x08, arr.ndim) + struct.pack(">" + "I" * arr.ndim, *arr.shape)
    # mtime=0 and no file name in the header: byte-identical output on every run.
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as f:
            f.write(header)
            f.write(arr.tobytes())


def find_data_dir(explicit):
    candidates = [explicit] if explicit else []
    candidates += ["/usr/share/datasets/fashion-mnist", "/usr/share/datasets/fashion_mnist"]
    for d in candidates:
        if d and os.path.exists(os.path.join(d, "train-images-idx3-ubyte.gz")):
            return d
    sys.exit("Fashion-MNIST not found; apt-get install dataset-fashion-mnist or pass --data DIR")


# ----------------------------------------------------------------------------- model

def gaussian_kernel(sigma):
    half = int(math.ceil(2.5 * sigma))
    r = torch.arange(-half, half + 1, dtype=torch.float64)
    yy, xx = torch.meshgrid(r, r, indexing="ij")
    k = torch.exp(-(xx ** 2 + yy ** 2) / (2 * sigma ** 2))
    return (k / k.sum()).float(), half


class FixedBlur(nn.Module):
    """Depthwise Gaussian blur, not trainable (weights are a buffer, not a parameter).

    Replicate padding, so on normalized input it equals normalizing the blurred image
    (the kernel sums to 1). Exports as ONNX Pad(mode=edge) + Conv.
    """

    def __init__(self, channels=1, sigma=1.0):
        super().__init__()
        k, half = gaussian_kernel(sigma)
        self.half = half
        self.channels = channels
        self.register_buffer("weight", k.expand(channels, 1, *k.shape).contiguous())

    def forward(self, x):
        x = F.pad(x, (self.half,) * 4, mode="replicate")
        return F.conv2d(x, self.weight, groups=self.channels)


class SmallCnn(nn.Module):
    """conv 1->16 3x3, relu, pool, conv 16->32 3x3, relu, pool, fc 1568->32, relu, fc 32->10."""

    def __init__(self, blur_sigma=None, hidden=32):
        super().__init__()
        self.blur = FixedBlur(1, blur_sigma) if blur_sigma else None
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.fc1 = nn.Linear(32 * 7 * 7, hidden)
        self.fc2 = nn.Linear(hidden, 10)

    def forward(self, x):  # x: normalized [N,1,28,28]
        if self.blur is not None:
            x = self.blur(x)
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        return self.fc2(x)


def normalize(x):
    return (x - MEAN) / STD


# ----------------------------------------------------------------------------- attacks (pixel space)

def pgd(model, x, y, eps, step, steps, random_start=True, gen=None):
    """L-inf PGD on [0,1] images; returns adversarial images in [0,1]."""
    was_training = model.training
    model.eval()
    if random_start:
        noise = torch.rand(x.shape, generator=gen) * 2 * eps - eps
        adv = (x + noise).clamp(0, 1)
    else:
        adv = x.clone()
    for _ in range(steps):
        adv.requires_grad_(True)
        loss = F.cross_entropy(model(normalize(adv)), y)
        (grad,) = torch.autograd.grad(loss, adv)
        with torch.no_grad():
            adv = adv + step * grad.sign()
            adv = torch.min(torch.max(adv, x - eps), x + eps).clamp(0, 1)
    model.train(was_training)
    return adv.detach()


def fgsm(model, x, y, eps):
    return pgd(model, x, y, eps, eps, 1, random_start=False)


# ----------------------------------------------------------------------------- train / eval

def train(model, kind, xtr, ytr, epochs, batch, seed, log):
    """xtr: float [N,1,28,28] in [0,1]; ytr: int64 [N]."""
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    rng = np.random.default_rng(seed)
    opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=1e-3)
    n = xtr.shape[0]
    for ep in range(epochs):
        model.train()
        order = torch.from_numpy(rng.permutation(n))
        t0, total, correct, seen = time.time(), 0.0, 0, 0
        for i in range(0, n, batch):
            idx = order[i:i + batch]
            x, y = xtr[idx], ytr[idx]
            if kind == "pgd":
                x = pgd(model, x, y, eps=0.1, step=0.025, steps=7, random_start=True, gen=gen)
            elif kind == "noise":
                h = x.shape[0] // 2
                noisy = (x[:h] + torch.randn(x[:h].shape, generator=gen) * 0.1).clamp(0, 1)
                x = torch.cat([noisy, x[h:]])
            logits = model(normalize(x))
            loss = F.cross_entropy(logits, y)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            total += loss.item() * y.shape[0]
            correct += (logits.argmax(1) == y).sum().item()
            seen += y.shape[0]
        log(f"  epoch {ep + 1}/{epochs}: loss {total / seen:.4f} train-acc {correct / seen:.4f} "
            f"({time.time() - t0:.1f}s)")
    model.eval()


@torch.no_grad()
def predict(model, x, batch=1000):
    model.eval()
    return torch.cat([model(normalize(x[i:i + batch])).argmax(1) for i in range(0, x.shape[0], batch)])


def accuracy(model, x, y):
    return (predict(model, x) == y).float().mean().item()


def attacked_accuracy(model, x, y, attack, batch=250):
    correct = 0
    for i in range(0, x.shape[0], batch):
        adv = attack(model, x[i:i + batch], y[i:i + batch])
        correct += (predict(model, adv) == y[i:i + batch]).sum().item()
    return correct / x.shape[0]


# ----------------------------------------------------------------------------- ONNX

def export_onnx(model, path):
    import onnx
    model.eval()
    dummy = torch.zeros(1, 1, 28, 28)
    kwargs = dict(input_names=["input"], output_names=["logits"], opset_version=13,
                  dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
                  do_constant_folding=True)
    try:
        torch.onnx.export(model, dummy, path, dynamo=False, **kwargs)  # torch >= 2.5
    except TypeError:
        torch.onnx.export(model, dummy, path, **kwargs)  # older torch: legacy exporter only
    m = onnx.load(path)
    simplify_static_pads(m)
    m.doc_string = ("CloudFreq sample model; input is normalized (x-0.2860)/0.3530 with x in [0,1]; "
                    "output raw logits over the 10 Fashion-MNIST classes")
    onnx.checker.check_model(m, full_check=True)
    onnx.save(m, path)
    return m


def simplify_static_pads(m):
    """The torch 1.13 legacy exporter emits replicate padding as Pad fed by a ConstantOfShape/
    Concat/Slice/Transpose/Cast chain that its constant folding leaves in place. Replace that
    input with a constant int64 initializer (the pads are static) and drop the dead nodes, so the
    graph is plain Pad(mode=edge) + Conv."""
    from onnx import numpy_helper
    g = m.graph
    for node in g.node:
        if node.op_type == "Pad" and node.input[1] not in {t.name for t in g.initializer}:
            h = FixedBlur().half
            name = node.name.strip("/").replace("/", "_") + "_pads"
            g.initializer.append(numpy_helper.from_array(
                np.array([0, 0, h, h, 0, 0, h, h], dtype=np.int64), name))
            node.input[1] = name
    while True:  # remove nodes whose outputs nobody uses
        used = {i for n in g.node for i in n.input} | {o.name for o in g.output}
        dead = [n for n in g.node if not any(o in used for o in n.output)]
        if not dead:
            break
        for n in dead:
            g.node.remove(n)
    used = {i for n in g.node for i in n.input}
    for t in [t for t in g.initializer if t.name not in used]:
        g.initializer.remove(t)
    for v in [v for v in g.value_info if v.name not in used]:
        g.value_info.remove(v)


def onnx_numpy_predict(m, x):
    """Tiny numpy interpreter for the ops these graphs use, so the .onnx file itself is checked
    without onnxruntime. Returns logits for normalized float32 input x [N,1,28,28]."""
    from onnx import numpy_helper
    env = {t.name: numpy_helper.to_array(t) for t in m.graph.initializer}
    env[m.graph.input[0].name] = x.astype(np.float32)

    def attr(node, name, default=None):
        for a in node.attribute:
            if a.name == name:
                from onnx import helper
                return helper.get_attribute_value(a)
        return default

    def conv(x, w, b, pads, group):
        n, c, h, wd = x.shape
        x = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
        oc, icg, kh, kw = w.shape
        oh, ow = x.shape[2] - kh + 1, x.shape[3] - kw + 1
        out = np.zeros((n, oc, oh, ow), np.float64)
        ocg = oc // group
        for g in range(group):
            xs = x[:, g * icg:(g + 1) * icg]
            ws = w[g * ocg:(g + 1) * ocg]
            for i in range(kh):
                for j in range(kw):
                    out[:, g * ocg:(g + 1) * ocg] += np.einsum(
                        "nchw,oc->nohw", xs[:, :, i:i + oh, j:j + ow], ws[:, :, i, j])
        if b is not None:
            out += b.reshape(1, -1, 1, 1)
        return out.astype(np.float32)

    for node in m.graph.node:
        ins = [env[i] if i else None for i in node.input]
        op = node.op_type
        if op == "Constant":
            out = numpy_helper.to_array(attr(node, "value"))
        elif op == "Conv":
            pads = attr(node, "pads", [0, 0, 0, 0])
            assert list(attr(node, "strides", [1, 1])) == [1, 1]
            out = conv(ins[0], ins[1], ins[2] if len(ins) > 2 else None, pads, attr(node, "group", 1))
        elif op == "Relu":
            out = np.maximum(ins[0], 0)
        elif op == "MaxPool":
            assert list(attr(node, "kernel_shape")) == [2, 2] and list(attr(node, "strides")) == [2, 2]
            a = ins[0]
            n, c, h, w = a.shape
            out = a[:, :, :h // 2 * 2, :w // 2 * 2].reshape(n, c, h // 2, 2, w // 2, 2).max(axis=(3, 5))
        elif op == "Flatten":
            out = ins[0].reshape(ins[0].shape[0], -1)
        elif op == "Gemm":
            a, b = ins[0], ins[1]
            if attr(node, "transA", 0):
                a = a.T
            if attr(node, "transB", 0):
                b = b.T
            out = attr(node, "alpha", 1.0) * (a @ b)
            if len(ins) > 2 and ins[2] is not None:
                out = out + attr(node, "beta", 1.0) * ins[2]
        elif op == "Pad":
            mode = attr(node, "mode", b"constant")
            mode = mode.decode() if isinstance(mode, bytes) else mode
            p = ins[1].astype(int)
            r = len(p) // 2
            width = [(int(p[i]), int(p[i + r])) for i in range(r)]
            out = np.pad(ins[0], width, mode={"edge": "edge", "reflect": "reflect"}.get(mode, "constant"))
        else:
            raise NotImplementedError(f"op {op} not in the checker's numpy interpreter")
        env[node.output[0]] = out
    return env[m.graph.output[0].name]


def card_json(card):
    """One key per line, arrays inline, floats with 4 decimals (0.2860, not 0.286)."""
    def val(v):
        if isinstance(v, float):
            return f"{v:.4f}"
        if isinstance(v, list):
            return "[" + ", ".join(val(x) for x in v) + "]"
        return json.dumps(v, ensure_ascii=False)
    body = ",\n".join(f"  {json.dumps(k)}: {val(v)}" for k, v in card.items())
    text = "{\n" + body + "\n}\n"
    assert json.loads(text) == card
    return text


# ----------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="samples", help="pack root (default: samples)")
    ap.add_argument("--data", default=None, help="dir with the Fashion-MNIST *.gz IDX files")
    ap.add_argument("--seed", type=int, default=2023)
    ap.add_argument("--epochs", type=int, default=3, help="epochs for standard/blur/noise")
    ap.add_argument("--pgd-epochs", type=int, default=3, help="epochs for the PGD model")
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--only", nargs="*", help="train only these model names")
    args = ap.parse_args()

    t_start = time.time()
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)

    def log(msg):
        print(msg, flush=True)

    log(f"torch {torch.__version__}, numpy {np.__version__}, threads {torch.get_num_threads()}, seed {args.seed}")
    data = find_data_dir(args.data)
    xtr_u8 = read_idx(os.path.join(data, "train-images-idx3-ubyte.gz"))
    ytr_u8 = read_idx(os.path.join(data, "train-labels-idx1-ubyte.gz"))
    xte_u8 = read_idx(os.path.join(data, "t10k-images-idx3-ubyte.gz"))
    yte_u8 = read_idx(os.path.join(data, "t10k-labels-idx1-ubyte.gz"))
    assert xtr_u8.shape == (60000, 28, 28) and xte_u8.shape == (10000, 28, 28)

    # --- data subset
    ds_dir = os.path.join(args.out, "fashion-mnist")
    os.makedirs(ds_dir, exist_ok=True)
    write_idx_gz(os.path.join(ds_dir, "t10k-images-idx3-ubyte.gz"), xte_u8[:SUBSET])
    write_idx_gz(os.path.join(ds_dir, "t10k-labels-idx1-ubyte.gz"), yte_u8[:SUBSET])
    with open(os.path.join(ds_dir, "classes.txt"), "w") as f:
        f.write("\n".join(CLASS_NAMES) + "\n")
    assert (read_idx(os.path.join(ds_dir, "t10k-images-idx3-ubyte.gz")) == xte_u8[:SUBSET]).all()
    log(f"wrote {SUBSET}-image test subset to {ds_dir}")

    to_float = lambda a: torch.from_numpy(a).float().div(255.0).unsqueeze(1)  # exactly uint8/255
    xtr, ytr = to_float(xtr_u8), torch.from_numpy(ytr_u8).long()
    xte, yte = to_float(xte_u8), torch.from_numpy(yte_u8).long()
    xs, ys = xte[:SUBSET], yte[:SUBSET]

    model_dir = os.path.join(args.out, "models")
    os.makedirs(model_dir, exist_ok=True)
    # kept out of models/ so that no tool mistakes it for a model card
    results_path = os.path.join(args.out, "tools", "train_fashion_models.results.json")
    os.makedirs(os.path.dirname(results_path), exist_ok=True)
    results = {}
    if os.path.exists(results_path):
        with open(results_path) as f:
            results = json.load(f).get("models", {})

    for name, group, training in MODELS:
        if args.only and name not in args.only:
            continue
        kind = name.split("_", 1)[1]
        epochs = args.pgd_epochs if kind == "pgd" else args.epochs
        log(f"[{name}] training ({kind}, {epochs} epochs)")
        torch.manual_seed(args.seed)  # same initial weights for every model
        model = SmallCnn(blur_sigma=1.0 if kind == "blur" else None)
        t0 = time.time()
        train(model, kind, xtr, ytr, epochs, args.batch, args.seed, log)
        train_s = time.time() - t0

        acc_full = accuracy(model, xte, yte)
        acc_sub = accuracy(model, xs, ys)
        gen = torch.Generator().manual_seed(args.seed)
        acc_fgsm = attacked_accuracy(model, xs, ys, lambda m, x, y: fgsm(m, x, y, 0.1))
        acc_pgd = attacked_accuracy(
            model, xs, ys, lambda m, x, y: pgd(m, x, y, 0.1, 0.01, 20, True, gen))

        path = os.path.join(model_dir, name + ".onnx")
        m = export_onnx(model, path)
        ops = sorted({n.op_type for n in m.graph.node})
        with torch.no_grad():
            ref = model(normalize(xs)).numpy()
        got = onnx_numpy_predict(m, normalize(xs).numpy())
        max_diff = float(np.abs(got - ref).max())
        agree = float((got.argmax(1) == ref.argmax(1)).mean())
        onnx_acc_sub = float((got.argmax(1) == ys.numpy()).mean())
        assert agree == 1.0 or max_diff < 1e-3, f"ONNX graph disagrees with torch ({agree}, {max_diff})"

        card = {
            "name": name,
            "dataset": "fashion-mnist",
            "input": ["batch", 1, 28, 28],
            "layout": "NCHW",
            "mean": [MEAN],
            "std": [STD],
            "classNames": CLASS_NAMES,
            "training": training,
            "group": group,
            "expectedAccuracy": round(acc_full, 4),
            "expectedAccuracySample": round(acc_sub, 4),
            "seed": args.seed,
        }
        with open(os.path.join(model_dir, name + ".json"), "w") as f:
            f.write(card_json(card))
        results[name] = {
            "epochs": epochs, "trainSeconds": round(train_s, 1),
            "accuracy": round(acc_full, 4), "accuracySample": round(acc_sub, 4),
            "fgsm0.1Sample": round(acc_fgsm, 4), "pgd0.1Sample": round(acc_pgd, 4),
            "onnxAccuracySample": round(onnx_acc_sub, 4), "onnxMaxAbsLogitDiff": max_diff,
            "onnxOps": ops, "onnxBytes": os.path.getsize(path),
        }
        log(f"[{name}] train {train_s:.1f}s | acc full {acc_full:.4f} sample {acc_sub:.4f} | "
            f"FGSM0.1 {acc_fgsm:.4f} PGD0.1 {acc_pgd:.4f} | onnx {os.path.getsize(path)} B, ops {ops}, "
            f"onnx==torch argmax {agree:.3f}, max|dlogit| {max_diff:.2e}")

    total_s = time.time() - t_start
    with open(results_path, "w") as f:
        json.dump({"torch": torch.__version__, "seed": args.seed, "threads": args.threads,
                   "attack": {"fgsm": "eps 0.1 (pixel units), 1 step",
                              "pgd": "eps 0.1, step 0.01, 20 steps, random start"},
                   "models": results}, f, indent=2)
        f.write("\n")

    log("\n| model | training | epochs | acc (10k test) | acc (1k sample) | FGSM 0.1 (1k) | PGD-20 0.1 (1k) | train s |")
    log("|---|---|---|---|---|---|---|---|")
    for name, _, training in MODELS:
        r = results.get(name)
        if r:
            log(f"| {name} | {training} | {r['epochs']} | {r['accuracy']:.4f} | {r['accuracySample']:.4f} | "
                f"{r['fgsm0.1Sample']:.4f} | {r['pgd0.1Sample']:.4f} | {r['trainSeconds']:.0f} |")
    log(f"\ntotal time {total_s:.1f}s ({total_s / 60:.1f} min)")


if __name__ == "__main__":
    main()
