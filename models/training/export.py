"""Export a trained checkpoint to ONNX and check ONNX Runtime against PyTorch.

    /usr/bin/python3 models/training/export.py --checkpoint models/training/runs/latest/emotion-fer.pt \
        --data ../shared/datasets/fer2013 --onnx models/emotion-fer.onnx

The graph takes float32 [N, 1, 48, 48] raw gray pixels 0..255 (the normalisation is inside) and
returns logits [N, 7] in FER2013 class order; the batch axis is dynamic.
"""
from __future__ import annotations

import argparse
import inspect
from pathlib import Path

import numpy as np
import onnx
import torch

from fer_data import load_dataset
from fer_model import EmotionNet
from ort_runtime import open_session

INPUT_NAME = "input"
OUTPUT_NAME = "logits"
OPSET = 17
PARITY_TOLERANCE = 1e-4


def load_checkpoint(path: str | Path) -> tuple[EmotionNet, dict]:
    """Rebuild the model (fp32, CPU, eval mode) from a checkpoint written by train.py."""
    checkpoint = torch.load(path, map_location="cpu")
    model = EmotionNet(**checkpoint["model_config"])
    model.load_state_dict(checkpoint["state_dict"])
    return model.eval(), checkpoint


def export_onnx(model: EmotionNet, path: str | Path) -> dict:
    """Write the ONNX graph, preferring the TorchScript-based exporter (torch 1.13 and 2.x alike).

    torch >= 2.9 defaults to the dynamo exporter; asking for the TorchScript one keeps the graph
    the same whichever torch trained the model. Should a later torch drop it, the dynamo exporter
    (opset 18) is used instead; check_parity then vouches for the result either way.
    """
    model = model.cpu().float().to(memory_format=torch.contiguous_format).eval()
    common = dict(input_names=[INPUT_NAME], output_names=[OUTPUT_NAME],
                  dynamic_axes={INPUT_NAME: {0: "batch"}, OUTPUT_NAME: {0: "batch"}})
    dummy = (torch.zeros(2, 1, 48, 48),)
    has_dynamo_flag = "dynamo" in inspect.signature(torch.onnx.export).parameters
    try:
        extra = {"dynamo": False} if has_dynamo_flag else {}
        torch.onnx.export(model, dummy, str(path), opset_version=OPSET, do_constant_folding=True, **common, **extra)
        exporter, opset = "TorchScript", OPSET
    except Exception as error:  # noqa: BLE001 - only reached on a torch without the TorchScript exporter
        if not has_dynamo_flag:
            raise
        print(f"TorchScript ONNX exporter failed ({error!r}); using the dynamo exporter")
        torch.onnx.export(model, dummy, str(path), opset_version=18, dynamo=True, external_data=False, **common)
        exporter, opset = "dynamo", 18
    onnx.checker.check_model(onnx.load(str(path)))
    return {"opset": opset, "exporter": f"torch.onnx ({exporter}) from torch {torch.__version__}",
            "bytes": Path(path).stat().st_size}


def spread_sample(images: np.ndarray, count: int) -> np.ndarray:
    """Every k-th image, so a sample of a class-sorted split covers all classes."""
    return images[::max(1, len(images) // count)][:count]


def check_parity(model: EmotionNet, onnx_path: str | Path, images: np.ndarray) -> dict:
    """Max |ORT - PyTorch| over the logits of ``images`` (uint8 [N, 48, 48]); fails above 1e-4."""
    pixels = images[:, None].astype(np.float32)
    model = model.cpu().float().eval()
    with torch.no_grad():
        expected = model(torch.from_numpy(pixels)).numpy()
    session = open_session(onnx_path)
    actual = session.run(pixels)
    diff = float(np.abs(actual - expected).max())
    result = {"images": len(images), "max_abs_diff": diff, "tolerance": PARITY_TOLERANCE,
              "backend": session.backend, "passed": diff <= PARITY_TOLERANCE}
    print(f"parity ONNX Runtime vs PyTorch on {len(images)} val images: max |diff| = {diff:.2e}")
    if not result["passed"]:
        raise SystemExit(f"ONNX Runtime output differs from PyTorch by {diff:.2e} > {PARITY_TOLERANCE}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkpoint", required=True, type=Path)
    parser.add_argument("--data", required=True, help="dataset folder or .npz (val images for the parity check)")
    parser.add_argument("--onnx", type=Path, default=Path("models/emotion-fer.onnx"))
    parser.add_argument("--parity-images", type=int, default=512)
    args = parser.parse_args()

    model, _ = load_checkpoint(args.checkpoint)
    print(export_onnx(model, args.onnx))
    check_parity(model, args.onnx, spread_sample(load_dataset(args.data, ("val",))["val"].images, args.parity_images))


if __name__ == "__main__":
    main()
