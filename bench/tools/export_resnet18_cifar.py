"""Exports the ResNet-18-sized CIFAR model of the PGD-step benchmark (random weights, about 45 MB,
not committed) to bench/CloudFreq.Bench/models/resnet18_cifar.onnx, opset 13, dynamic batch.

    /usr/bin/python3 bench/tools/export_resnet18_cifar.py
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
from resnet18_cifar import build  # noqa: E402

out = os.path.join(os.path.dirname(__file__), "..", "CloudFreq.Bench", "models", "resnet18_cifar.onnx")
model = build()
torch.onnx.export(model, torch.rand(1, 3, 32, 32), out, opset_version=13, input_names=["input"], output_names=["logits"],
                  dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
print("wrote", os.path.normpath(out))
