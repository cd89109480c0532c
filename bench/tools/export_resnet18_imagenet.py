"""Exports a ResNet-18 for 224x224 ImageNet images (7x7 stride-2 stem, max-pool, 1,000 classes;
random weights, about 45 MB, not committed) to bench/CloudFreq.Bench/models/resnet18_imagenet.onnx,
opset 13, dynamic batch. The 224 px hybrid-run benchmark scores it: a model of the cost users run
at that size (its accuracy is meaningless). Its card is the committed resnet18_imagenet.json.

    /usr/bin/python3 bench/tools/export_resnet18_imagenet.py
"""
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from resnet18_cifar import BasicBlock  # noqa: E402


class ResNet18ImageNet(nn.Module):
    def __init__(self, classes=1000):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        layers, cin = [], 64
        for cout, stride in [(64, 1), (64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2), (512, 1)]:
            layers.append(BasicBlock(cin, cout, stride))
            cin = cout
        self.layers = nn.Sequential(*layers)
        self.fc = nn.Linear(512, classes)

    def forward(self, x):
        out = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 3, 2, 1)
        out = self.layers(out)
        out = F.adaptive_avg_pool2d(out, 1).flatten(1)
        return self.fc(out)


torch.manual_seed(0)
model = ResNet18ImageNet()
for m in model.modules():
    if isinstance(m, nn.BatchNorm2d):
        m.running_mean.uniform_(-0.1, 0.1)
        m.running_var.uniform_(0.5, 1.5)
model.eval()
out = os.path.join(os.path.dirname(__file__), "..", "CloudFreq.Bench", "models", "resnet18_imagenet.onnx")
torch.onnx.export(model, torch.rand(1, 3, 224, 224), out, opset_version=13, input_names=["input"], output_names=["logits"],
                  dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
print("wrote", os.path.normpath(out))
