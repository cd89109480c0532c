"""PyTorch autograd reference for the PGD-step benchmark: per-image time of a forward pass and of a
forward + backward (cross-entropy, gradient w.r.t. the input) on the same ONNX-exported models'
architectures, CPU, with as many threads as the C# benchmark gives ONNX Runtime.

    /usr/bin/python3 bench/tools/torch_pgd_step.py --threads 2 --batch 32
"""
import argparse
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from resnet18_cifar import build  # noqa: E402


def timed(fn, repeats):
    # Three warm-up calls (oneDNN primitive caches, allocator), then the median of single calls:
    # on a shared machine one disturbed call should not decide the figure (a mean of 5 after one
    # warm-up once put the forward above forward + backward).
    for _ in range(3):
        fn()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    samples.sort()
    return samples[len(samples) // 2]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    model = build()
    x = torch.rand(args.batch, 3, 32, 32)
    y = torch.randint(0, 10, (args.batch,))

    def forward():
        with torch.no_grad():
            model(x)

    def step():
        xi = x.clone().requires_grad_(True)
        loss = F.cross_entropy(model(xi), y)
        (grad,) = torch.autograd.grad(loss, xi)
        return grad

    f = timed(forward, args.repeats) / args.batch
    s = timed(step, args.repeats) / args.batch
    print(f"resnet18_cifar torch {torch.__version__} threads={args.threads} batch={args.batch}: "
          f"forward {f * 1e3:.2f} ms/image, forward+backward {s * 1e3:.2f} ms/image, ratio {s / f:.2f}")


if __name__ == "__main__":
    main()
