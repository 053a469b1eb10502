"""Generates emotion-test.onnx + emotion-test.json, the stand-in emotion model for Vision tests.

    /usr/bin/python3 tests/Vision.Tests/TestData/make_emotion_test_model.py

Same contract as models/emotion-fer.onnx: float32 [N, 1, 48, 48] raw gray pixels 0..255 named
"input" (normalisation inside the graph), logits [N, 7] named "logits" in FER2013 order, dynamic
batch axis. The weights are set by hand so tests can predict the answer: the mean brightness m of
the normalised image drives the logits (bright -> happy, dark -> sad, mid-grey -> neutral); a small
convolutional branch makes the graph exercise real kernels but only nudges the logits.
"""
from __future__ import annotations

import json
from pathlib import Path

import onnx
import torch
from torch import nn

CLASSES = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"]
HERE = Path(__file__).resolve().parent


class BrightnessEmotionNet(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(4, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.AdaptiveAvgPool2d(1), nn.Flatten(),
        )
        self.texture = nn.Linear(8, 7)
        self.brightness = nn.Linear(1, 7)
        with torch.no_grad():
            self.brightness.weight.copy_(torch.tensor([[0.0], [0.0], [0.0], [3.0], [-3.0], [0.0], [0.0]]))
            self.brightness.bias.copy_(torch.tensor([-1.0, -2.0, -1.0, 0.0, 0.0, -1.0, 1.0]))
            self.texture.weight.mul_(0.05)
            self.texture.bias.zero_()

    def forward(self, pixels: torch.Tensor) -> torch.Tensor:
        x = (pixels - 128.0) / 64.0
        mean = x.mean(dim=(1, 2, 3)).unsqueeze(1)
        return self.brightness(mean) + self.texture(self.features(x))


def multiply_adds(model: nn.Module) -> int:
    macs = 0

    def conv_hook(module, _inputs, output):
        nonlocal macs
        macs += output.numel() * module.kernel_size[0] * module.kernel_size[1] * module.in_channels

    def linear_hook(module, _inputs, output):
        nonlocal macs
        macs += output.numel() * module.in_features

    hooks = [m.register_forward_hook(conv_hook) for m in model.modules() if isinstance(m, nn.Conv2d)]
    hooks += [m.register_forward_hook(linear_hook) for m in model.modules() if isinstance(m, nn.Linear)]
    with torch.no_grad():
        model(torch.zeros(1, 1, 48, 48))
    for hook in hooks:
        hook.remove()
    return macs


def main() -> None:
    torch.manual_seed(7)
    model = BrightnessEmotionNet().eval()
    onnx_path = HERE / "emotion-test.onnx"
    torch.onnx.export(
        model, torch.zeros(2, 1, 48, 48), str(onnx_path),
        input_names=["input"], output_names=["logits"],
        dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
        opset_version=13, do_constant_folding=True)
    onnx.checker.check_model(onnx.load(str(onnx_path)))
    macs = multiply_adds(model)
    # The sidecar schema models/training/export.py writes, which EmotionModelInfo reads.
    sidecar = {
        "version": "test-1",
        "input": {"name": "input", "channels": 1, "height": 48, "width": 48, "pixel_range": [0, 255]},
        "normalization": {"inside_graph": True, "formula": "(x - 128.0) / 64.0", "mean": 128.0, "std": 64.0},
        "output": {"name": "logits", "kind": "logits"},
        "classes": CLASSES,
        "temperature": 1.0,
        "cost": {"gflops_per_face": 2 * macs / 1e9, "flops_convention": "2 x multiply-adds of conv and linear layers"},
        "training_data": "none: hand-set weights for plumbing tests (bright -> happy, dark -> sad, grey -> neutral)",
    }
    (HERE / "emotion-test.json").write_text(json.dumps(sidecar, indent=2) + "\n")
    print(f"wrote {onnx_path} ({onnx_path.stat().st_size} bytes), {macs} multiply-adds")


if __name__ == "__main__":
    main()
