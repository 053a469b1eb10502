"""Exports the emotion model's architecture with random weights, for timing before a trained model exists.

    /usr/bin/python3 bench/python/make_architecture_standin.py /tmp/emotionnet

Writes emotionnet-random.onnx and its sidecar emotionnet-random.json into the folder: the graph of
models/training/fer_model.py's EmotionNet exported like models/training/export.py does (opset 17,
dynamic batch), so ONNX Runtime and cv2.dnn do the same work per face as for models/emotion-fer.onnx.
Its predictions are meaningless; use it only with `--model` in the benchmarks.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "models" / "training"))
from fer_model import EmotionNet, count_flops  # noqa: E402

CLASSES = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"]


def main() -> None:
    folder = Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    model = EmotionNet().eval()
    onnx_path = folder / "emotionnet-random.onnx"
    torch.onnx.export(
        model, torch.zeros(2, 1, 48, 48), str(onnx_path), input_names=["input"], output_names=["logits"],
        dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}}, opset_version=17, do_constant_folding=True)
    # The sidecar schema models/training/export.py writes, which EmotionModelInfo reads.
    sidecar = {
        "version": "architecture stand-in (random weights)",
        "input": {"name": "input", "channels": 1, "height": 48, "width": 48, "pixel_range": [0, 255]},
        "normalization": {"inside_graph": True, "mean": 128.0, "std": 64.0},
        "output": {"name": "logits", "kind": "logits"},
        "classes": CLASSES, "temperature": 1.0, "cost": {"gflops_per_face": count_flops(model)["gflops"]},
    }
    (folder / "emotionnet-random.json").write_text(json.dumps(sidecar, indent=2) + "\n")
    print(f"wrote {onnx_path}: {sidecar['cost']}")


if __name__ == "__main__":
    main()
