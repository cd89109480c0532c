"""Writes tiny224.onnx: an untrained 224x224 RGB classifier with 1,000 outputs, used only to
measure the pipeline's memory on full-size ImageNet images (its accuracy is meaningless).

Run with Debian's interpreter: /usr/bin/python3 bench/CloudFreq.Bench/models/make_tiny224.py
"""
import pathlib

import torch

torch.manual_seed(0)
model = torch.nn.Sequential(
    torch.nn.Conv2d(3, 8, kernel_size=8, stride=8),
    torch.nn.ReLU(),
    torch.nn.AdaptiveAvgPool2d(1),
    torch.nn.Flatten(),
    torch.nn.Linear(8, 1000),
).eval()
out = pathlib.Path(__file__).with_name("tiny224.onnx")
torch.onnx.export(
    model,
    torch.zeros(1, 3, 224, 224),
    str(out),
    input_names=["input"],
    output_names=["logits"],
    dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
    opset_version=13,
)
print(out, out.stat().st_size, "bytes")
