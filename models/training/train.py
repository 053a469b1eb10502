"""Train the facial-expression model, export it to ONNX and evaluate the export.

One command does everything; the default (full) schedule fits in under 2 hours on the idle
2-core development CPU, and a GPU, when present, is used automatically:

    /usr/bin/python3 models/training/train.py --data ../shared/datasets/fer2013 --out models

--data takes a folder with train/<class>/ and val/<class>/ or the .npz from pack_dataset.py.
The checkpoint with the best val top-1 is kept (val = FER2013 PublicTest, used for model
selection), exported to <out>/emotion-fer.onnx, checked against ONNX Runtime, and evaluated by
evaluate.py, which writes the sidecar, figure, metrics and card block.
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

import evaluate
from augment import AugmentConfig, augment_batch
from export import check_parity, export_onnx, spread_sample
from fer_data import CLASS_NAMES, load_dataset
from fer_model import EmotionNet, count_flops
from ort_runtime import open_session, run_batched

MAX_GFLOPS = 0.3


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="dataset folder (train/, val/) or packed .npz")
    parser.add_argument("--out", type=Path, default=Path("models"),
                        help="where emotion-fer.onnx, emotion-fer.json and confusion-matrix.png go")
    parser.add_argument("--run-dir", type=Path, default=Path("models/training/runs/latest"),
                        help="checkpoint and training log (git-ignored)")
    parser.add_argument("--report-dir", type=Path, default=Path("models/training/report"),
                        help="train-summary.json, metrics.json, val-predictions.csv")
    parser.add_argument("--card", type=Path, default=Path("models/MODEL_CARD.md"))
    parser.add_argument("--epochs", type=int, default=110,
                        help="110, the full schedule, takes ~100 min on the idle 2-core development CPU with bf16 "
                             "autocast")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--lr", type=float, default=0.1, help="peak SGD learning rate of the one-cycle schedule")
    parser.add_argument("--weight-decay", type=float, default=5e-4)
    parser.add_argument("--label-smoothing", type=float, default=0.1)
    parser.add_argument("--ema-decay", type=float, default=0.999,
                        help="decay of the exponential moving average of the weights that is validated, kept and "
                             "exported; 0 validates the raw weights")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--device", default="auto", help="auto (CUDA when present), cpu or cuda")
    parser.add_argument("--threads", type=int, default=os.cpu_count(), help="CPU threads for PyTorch")
    parser.add_argument("--amp", choices=("auto", "on", "off"), default="auto",
                        help="bf16 autocast for training and per-epoch validation; auto: on with CUDA, and on "
                             "CPUs with native bf16 (avx512_bf16 / amx_bf16), where it is 2.3x faster")
    parser.add_argument("--limit", type=int, default=0, help="use only this many train and val images (smoke tests)")
    parser.add_argument("--version", default="1.0.0", help="model version written to the sidecar")
    return parser.parse_args()


def param_groups(model: torch.nn.Module, weight_decay: float) -> list[dict]:
    """Weight decay on conv and linear weights only; decaying BatchNorm scales and biases only hurts."""
    decay = [p for p in model.parameters() if p.ndim > 1]
    no_decay = [p for p in model.parameters() if p.ndim <= 1]
    return [{"params": decay, "weight_decay": weight_decay}, {"params": no_decay, "weight_decay": 0.0}]


def weight_average(model: torch.nn.Module, decay: float) -> torch.optim.swa_utils.AveragedModel:
    """An exponential moving average of the weights and BatchNorm statistics.

    Averaging smooths the step-to-step noise that FER2013's noisy labels put into SGD. The decay
    ramps up from 0 so the average is not anchored to the random initial weights.
    """
    def average(averaged: torch.Tensor, current: torch.Tensor, count: torch.Tensor) -> torch.Tensor:
        step_decay = min(decay, (1.0 + count.item()) / (10.0 + count.item()))
        return averaged * step_decay + current * (1.0 - step_decay)

    return torch.optim.swa_utils.AveragedModel(model, avg_fn=average, use_buffers=True)


def cpu_has_native_bf16() -> bool:
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


@torch.no_grad()
def predict(model: torch.nn.Module, images: torch.Tensor, amp: bool, batch_size: int = 512) -> torch.Tensor:
    """Logits (as fp32) for uint8 images [N, 48, 48] already on the model's device."""
    model.eval()
    out = []
    with torch.autocast(device_type=images.device.type, dtype=torch.bfloat16, enabled=amp):
        for i in range(0, len(images), batch_size):
            batch = images[i:i + batch_size].unsqueeze(1).float().contiguous(memory_format=torch.channels_last)
            out.append(model(batch).float())
    return torch.cat(out)


def train(args: argparse.Namespace) -> dict:
    device = torch.device("cuda" if args.device == "auto" and torch.cuda.is_available() else
                          "cpu" if args.device == "auto" else args.device)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    torch.set_num_threads(args.threads)
    use_cuda = device.type == "cuda"
    amp = args.amp == "on" or (args.amp == "auto" and (use_cuda or cpu_has_native_bf16()))
    if use_cuda:
        torch.backends.cudnn.benchmark = True  # fastest kernels; costs bitwise run-to-run determinism

    data = load_dataset(args.data)
    if args.limit:
        data = {name: type(split)(*(spread_sample(a, args.limit) for a in (split.images, split.labels, split.paths)))
                for name, split in data.items()}
    train_x = torch.from_numpy(data["train"].images).to(device)
    train_y = torch.from_numpy(data["train"].labels).to(device)
    val_x = torch.from_numpy(data["val"].images).to(device)
    val_y = torch.from_numpy(data["val"].labels).to(device)

    model = EmotionNet().to(device).to(memory_format=torch.channels_last)
    cost = count_flops(model)
    print(f"model: {cost['gflops']:.4f} GFLOP per face (2 x multiply-adds), {cost['params']:,} parameters")
    if cost["gflops"] > MAX_GFLOPS:
        raise SystemExit(f"model costs {cost['gflops']:.3f} GFLOP > {MAX_GFLOPS}")

    steps_per_epoch = len(train_x) // args.batch_size
    optimizer = torch.optim.SGD(param_groups(model, args.weight_decay), lr=args.lr, momentum=0.9, nesterov=True)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=args.lr, total_steps=args.epochs * steps_per_epoch,
                                                    pct_start=0.15, div_factor=25, final_div_factor=1000)
    averaged = weight_average(model, args.ema_decay) if args.ema_decay > 0 else None
    evaluated = averaged.module if averaged is not None else model
    gen = torch.Generator(device=device)
    gen.manual_seed(args.seed)
    augment_cfg = AugmentConfig()

    history, best = [], {"val_accuracy": -1.0}
    args.run_dir.mkdir(parents=True, exist_ok=True)
    start = time.time()
    for epoch in range(1, args.epochs + 1):
        epoch_start = time.time()
        model.train()
        order = torch.randperm(len(train_x), generator=gen, device=device)
        loss_sum = torch.zeros((), device=device)
        correct = torch.zeros((), device=device, dtype=torch.int64)
        for step in range(steps_per_epoch):
            idx = order[step * args.batch_size:(step + 1) * args.batch_size]
            x = augment_batch(train_x[idx], gen, augment_cfg).contiguous(memory_format=torch.channels_last)
            y = train_y[idx]
            with torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=amp):
                logits = model(x)
                loss = F.cross_entropy(logits.float(), y, label_smoothing=args.label_smoothing)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            scheduler.step()
            if averaged is not None:
                averaged.update_parameters(model)
            loss_sum += loss.detach()
            correct += (logits.argmax(dim=1) == y).sum()
        val_logits = predict(evaluated, val_x, amp)
        val_accuracy = (val_logits.argmax(dim=1) == val_y).float().mean().item()
        record = {"epoch": epoch,
                  "train_loss": loss_sum.item() / steps_per_epoch,
                  "train_accuracy": correct.item() / (steps_per_epoch * args.batch_size),
                  "val_loss": F.cross_entropy(val_logits, val_y).item(),
                  "val_accuracy": val_accuracy,
                  "lr": scheduler.get_last_lr()[0],
                  "seconds": time.time() - epoch_start}
        history.append(record)
        if val_accuracy > best["val_accuracy"]:
            best = {"val_accuracy": val_accuracy, "epoch": epoch,
                    "state_dict": copy.deepcopy({k: v.detach().cpu() for k, v in evaluated.state_dict().items()})}
            # Saved as it improves, so an interrupted run still leaves a checkpoint for export.py.
            torch.save({"state_dict": best["state_dict"], "model_config": model.config, "classes": CLASS_NAMES,
                        "best_epoch": epoch, "val_accuracy": val_accuracy}, args.run_dir / "emotion-fer.pt")
        print(f"epoch {epoch:3d}/{args.epochs}  train loss {record['train_loss']:.4f} acc {record['train_accuracy']:.4f}"
              f"  val loss {record['val_loss']:.4f} acc {val_accuracy:.4f}  best {best['val_accuracy']:.4f}"
              f"@{best['epoch']}  lr {record['lr']:.4g}  {record['seconds']:.1f}s", flush=True)
    wall = time.time() - start

    summary = {
        "device": torch.cuda.get_device_name(device) if use_cuda else f"cpu: {evaluate.cpu_model()} ({args.threads} threads)",
        "torch": torch.__version__,
        "python": platform.python_version(),
        "epochs": args.epochs,
        "batch_size": args.batch_size,
        "peak_lr": args.lr,
        "bf16_autocast": amp,
        "weight_decay": args.weight_decay,
        "label_smoothing": args.label_smoothing,
        "ema_decay": args.ema_decay,
        "augmentation": vars(augment_cfg),
        "seed": args.seed,
        "train_images": len(train_x),
        "val_images": len(val_x),
        "best_epoch": best["epoch"],
        "best_val_accuracy": best["val_accuracy"],
        "wall_seconds": wall,
        "seconds_per_epoch": wall / args.epochs,
        "command": " ".join([Path(sys.executable).name] + sys.argv),
        "history": history,
    }
    return {"summary": summary, "state_dict": best["state_dict"], "val": data["val"]}


def export_and_check(args: argparse.Namespace, result: dict) -> dict:
    """Export the best checkpoint, compare ONNX Runtime with PyTorch, and score the ONNX graph."""
    model = EmotionNet()
    model.load_state_dict(result["state_dict"])
    model.eval()
    args.out.mkdir(parents=True, exist_ok=True)
    onnx_path = args.out / "emotion-fer.onnx"
    export_info = export_onnx(model, onnx_path)
    parity = check_parity(model, onnx_path, spread_sample(result["val"].images, 512))
    session = open_session(onnx_path)
    val_logits = run_batched(session, result["val"].images)
    val_accuracy = float((val_logits.argmax(axis=1) == result["val"].labels).mean())
    print(f"ONNX Runtime val top-1 {val_accuracy:.4f} ({session.backend})")
    return {"export": export_info, "parity": parity, "backend": session.backend, "val_accuracy": val_accuracy}


def main() -> None:
    args = parse_args()
    result = train(args)
    summary = result["summary"]
    args.report_dir.mkdir(parents=True, exist_ok=True)
    summary_path = args.report_dir / "train-summary.json"
    summary_path.write_text(json.dumps(summary, indent=2) + "\n")  # kept even if the export fails
    summary["onnx_check"] = export_and_check(args, result)
    summary_path.write_text(json.dumps(summary, indent=2) + "\n")
    evaluate.evaluate(args.out / "emotion-fer.onnx", args.data, args.out, args.report_dir, summary_path,
                      args.card, latency=False, version=args.version)


if __name__ == "__main__":
    main()
