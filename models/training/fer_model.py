"""The facial-expression network and its cost accounting.

A plain VGG-style stack (3x3 convolutions + BatchNorm + ReLU, max-pooling between stages) was
chosen over depthwise designs for accuracy per *wall-clock* FLOP: ONNX Runtime runs dense 3x3
convolutions at 85-90% of this CPU's fp32 peak, depthwise ones at about 40%.

The input is raw gray pixels 0..255, float32 [N, 1, 48, 48]; the network normalises inside the
graph with fixed constants, so callers only convert bytes to floats.
"""
from __future__ import annotations

import torch
from torch import nn

# Fixed input normalisation (part of the exported graph): y = (x - PIXEL_MEAN) / PIXEL_STD.
# FER2013's training pixels have mean ~129.4 and standard deviation ~65.0; round constants keep
# the contract easy to state and to reproduce.
PIXEL_MEAN = 128.0
PIXEL_STD = 64.0


def conv_bn_relu(c_in: int, c_out: int) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(c_in, c_out, kernel_size=3, padding=1, bias=False),
        nn.BatchNorm2d(c_out),
        nn.ReLU(inplace=True),
    )


class EmotionNet(nn.Module):
    """Four conv stages at 48, 24, 12 and 6 px, then a small MLP on the 3x3 map.

    The head flattens the final 3x3 map instead of global-average-pooling it: faces are roughly
    aligned, so *where* a feature fires (brows versus mouth) carries signal, and the flatten
    costs 0.6 M multiply-adds out of ~139 M.
    """

    def __init__(self, widths=(32, 64, 128, 256), depths=(2, 2, 2, 3), hidden=256,
                 dropout=0.4, num_classes=7):
        super().__init__()
        self.config = {"widths": list(widths), "depths": list(depths), "hidden": hidden,
                       "dropout": dropout, "num_classes": num_classes}
        self.register_buffer("pixel_mean", torch.tensor(PIXEL_MEAN))
        self.register_buffer("pixel_std", torch.tensor(PIXEL_STD))
        layers, c_in = [], 1
        for width, depth in zip(widths, depths):
            for _ in range(depth):
                layers.append(conv_bn_relu(c_in, width))
                c_in = width
            layers.append(nn.MaxPool2d(2))
        self.features = nn.Sequential(*layers)
        side = 48 // 2 ** len(widths)
        self.head = nn.Sequential(
            nn.Flatten(),
            nn.Dropout(dropout),
            nn.Linear(c_in * side * side, hidden, bias=False),
            nn.BatchNorm1d(hidden),
            nn.ReLU(inplace=True),
            nn.Dropout(dropout),
            nn.Linear(hidden, num_classes),
        )
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")

    def forward(self, pixels: torch.Tensor) -> torch.Tensor:
        """pixels: float [N, 1, 48, 48] in 0..255. Returns logits [N, 7] in FER2013 class order."""
        x = (pixels - self.pixel_mean) / self.pixel_std
        return self.head(self.features(x))


def count_flops(model: nn.Module, size: int = 48) -> dict:
    """Count multiply-adds of convolutions and linear layers for one 1 x size x size input.

    Convention: FLOPs = 2 x multiply-adds of Conv2d and Linear layers; BatchNorm (folded into the
    convolutions by ONNX Runtime), ReLU, pooling and the input normalisation are not counted
    (together they add under 1%).
    """
    macs = 0

    def conv_hook(module, _inputs, output):
        nonlocal macs
        kernel = module.kernel_size[0] * module.kernel_size[1] * module.in_channels // module.groups
        macs += output.numel() * kernel

    def linear_hook(module, _inputs, output):
        nonlocal macs
        macs += output.numel() * module.in_features

    hooks = [m.register_forward_hook(conv_hook) for m in model.modules() if isinstance(m, nn.Conv2d)]
    hooks += [m.register_forward_hook(linear_hook) for m in model.modules() if isinstance(m, nn.Linear)]
    was_training = model.training
    model.eval()
    with torch.no_grad():
        model(torch.zeros(1, 1, size, size, device=next(model.parameters()).device))
    model.train(was_training)
    for h in hooks:
        h.remove()
    params = sum(p.numel() for p in model.parameters())
    return {"multiply_adds": macs, "gflops": 2 * macs / 1e9, "params": params}
