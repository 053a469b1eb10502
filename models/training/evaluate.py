"""Evaluate the exported ONNX model through ONNX Runtime and write every published number.

    EMOTECARE_ORT_LIBRARY=/path/to/libonnxruntime.so.1 /usr/bin/python3 models/training/evaluate.py \
        --data ../shared/datasets/fer2013 --latency

Reads models/emotion-fer.onnx and writes:
  models/emotion-fer.json             the sidecar (the C# side's contract), temperature included
  models/confusion-matrix.png
  models/training/report/metrics.json all numbers below
  models/training/report/val-predictions.csv  per-image labels and predictions (for parity checks)
  models/MODEL_CARD.md                the block between the GENERATED markers is replaced
The numbers come from the ONNX graph run by ONNX Runtime (the Python module if importable, else
the product's shared library through its C API), never from PyTorch.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import os
import platform
import time
from pathlib import Path

import numpy as np
import onnx
import torch
import torch.nn.functional as F

from fer_data import CLASS_NAMES, load_dataset
from fer_model import PIXEL_MEAN, PIXEL_STD, EmotionNet, count_flops
from ort_runtime import open_session, run_batched

CARD_BEGIN = "<!-- BEGIN GENERATED METRICS (models/training/evaluate.py) -->"
CARD_END = "<!-- END GENERATED METRICS -->"
ECE_BINS = 15


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    z = logits.astype(np.float64) / temperature
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def nll(logits: np.ndarray, labels: np.ndarray, temperature: float = 1.0) -> float:
    p = softmax(logits, temperature)[np.arange(len(labels)), labels]
    return float(-np.log(np.maximum(p, 1e-12)).mean())


def expected_calibration_error(probs: np.ndarray, labels: np.ndarray, bins: int = ECE_BINS) -> float:
    """Top-label ECE with equal-width confidence bins: sum over bins of |accuracy - confidence| x share."""
    confidence = probs.max(axis=1)
    correct = probs.argmax(axis=1) == labels
    which = np.minimum((confidence * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        mask = which == b
        if mask.any():
            total += abs(correct[mask].mean() - confidence[mask].mean()) * mask.mean()
    return float(total)


def fit_temperature(logits: np.ndarray, labels: np.ndarray) -> float:
    """Temperature T minimising the NLL of softmax(logits / T), by L-BFGS on log T."""
    z = torch.tensor(logits, dtype=torch.float64)
    y = torch.tensor(labels, dtype=torch.int64)
    log_t = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.LBFGS([log_t], lr=0.5, max_iter=200, line_search_fn="strong_wolfe")

    def closure():
        optimizer.zero_grad()
        loss = F.cross_entropy(z / log_t.exp(), y)
        loss.backward()
        return loss

    optimizer.step(closure)
    return float(log_t.exp())


def cross_fitted_ece(logits: np.ndarray, labels: np.ndarray, seed: int = 0) -> float:
    """ECE after temperature scaling where each half of val is scaled by T fit on the other half.

    The published temperature is fit on all of val, so its in-sample ECE flatters it; this
    two-fold estimate says what to expect on faces the temperature has not seen.
    """
    order = np.random.default_rng(seed).permutation(len(labels))
    halves = np.array_split(order, 2)
    probs = np.empty((len(labels), logits.shape[1]))
    for fit_idx, apply_idx in ((halves[0], halves[1]), (halves[1], halves[0])):
        t = fit_temperature(logits[fit_idx], labels[fit_idx])
        probs[apply_idx] = softmax(logits[apply_idx], t)
    return expected_calibration_error(probs, labels)


def per_class_report(confusion: np.ndarray) -> list[dict]:
    rows = []
    for i, name in enumerate(CLASS_NAMES):
        tp = confusion[i, i]
        support = confusion[i].sum()
        predicted = confusion[:, i].sum()
        precision = tp / predicted if predicted else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append({"class": name, "support": int(support), "precision": float(precision),
                     "recall": float(recall), "f1": float(f1)})
    return rows


def measure_latency(session, image: np.ndarray, repeats: int = 2000) -> dict:
    """Per-face latency of single-threaded ONNX Runtime, batch 1 and batch 16."""
    result = {}
    for batch in (1, 16):
        x = np.repeat(image[None, None].astype(np.float32), batch, axis=0)
        for _ in range(50):
            session.run(x)
        times = []
        for _ in range(max(repeats // batch, 100)):
            start = time.perf_counter()
            session.run(x)
            times.append((time.perf_counter() - start) / batch)
        times = np.array(times) * 1e3
        result[f"batch{batch}_ms_per_face"] = {"median": float(np.median(times)),
                                               "p90": float(np.percentile(times, 90)),
                                               "min": float(times.min())}
    return result


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def plot_confusion(confusion: np.ndarray, accuracy: float, path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    share = confusion / np.maximum(confusion.sum(axis=1, keepdims=True), 1)
    fig, ax = plt.subplots(figsize=(6.4, 5.6))
    image = ax.imshow(share, cmap="Blues", vmin=0, vmax=1)
    for i in range(len(CLASS_NAMES)):
        for j in range(len(CLASS_NAMES)):
            ax.text(j, i, f"{share[i, j]:.2f}\n({confusion[i, j]})", ha="center", va="center", fontsize=7,
                    color="white" if share[i, j] > 0.5 else "black")
    ax.set_xticks(range(len(CLASS_NAMES)), CLASS_NAMES, rotation=45, ha="right")
    ax.set_yticks(range(len(CLASS_NAMES)), CLASS_NAMES)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true (row-normalised recall, count)")
    ax.set_title(f"emotion-fer on FER2013 PublicTest (val), top-1 {accuracy:.1%}")
    fig.colorbar(image, ax=ax, fraction=0.046)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def sidecar(metrics: dict, model_path: Path, session, summary: dict | None, version: str) -> dict:
    """The contract the C# side implements: what goes in, what comes out, how to read it."""
    training = None
    if summary:
        training = {key: summary[key] for key in ("device", "torch", "epochs", "batch_size", "best_epoch",
                                                  "seed", "wall_seconds") if key in summary}
    return {
        "name": "emotion-fer",
        "version": version,
        "file": model_path.name,
        "sha256": metrics["model"]["sha256"],
        "format": {"type": "onnx", "opset": metrics["model"]["opset"]},
        "input": {
            "name": session.input_name,
            "shape": ["batch", 1, 48, 48],
            "dtype": "float32",
            "layout": "NCHW",
            "channels": 1,
            "height": 48,
            "width": 48,
            "color": "8-bit gray (OpenCV IMREAD_GRAYSCALE / COLOR_BGR2GRAY luminance)",
            "pixel_range": [0, 255],
            "pixel_encoding": "raw gray byte values converted to float32, no scaling or centring",
            "crop": "the face, square, resized to 48x48; FER2013 faces are centred and fill most of the frame",
        },
        "normalization": {
            "inside_graph": True,
            "formula": f"(x - {PIXEL_MEAN}) / {PIXEL_STD}",
            "mean": PIXEL_MEAN,
            "std": PIXEL_STD,
        },
        "output": {
            "name": session.output_name,
            "shape": ["batch", 7],
            "kind": "logits",
            "postprocess": "probabilities = softmax(logits / temperature)",
        },
        "classes": list(CLASS_NAMES),
        "class_order": "FER2013 index order: 0 angry, 1 disgust, 2 fear, 3 happy, 4 sad, 5 surprise, 6 neutral",
        "temperature": metrics["calibration"]["temperature"],
        "metrics": {
            "split": "FER2013 PublicTest (the dataset's val/ folder), 3,589 faces",
            "val_accuracy": metrics["accuracy"]["top1"],
            "val_accuracy_flip_tta": metrics["accuracy"]["top1_flip_tta"],
            "flip_tta": "mean of the logits of the face and its left-right mirror",
            "ece_before_temperature": metrics["calibration"]["ece_before"],
            "ece_after_temperature": metrics["calibration"]["ece_after"],
        },
        "cost": {"gflops_per_face": metrics["cost"]["gflops"], "params": metrics["cost"]["params"],
                 "flops_convention": metrics["cost"]["convention"]},
        "training_data": ("FER2013 (Goodfellow et al., ICML 2013 workshop; Kaggle): 28,709 48x48 gray training "
                          "faces collected from the web; no explicit licence, research use. Validation and "
                          "model selection on its PublicTest split."),
        "training": training,
    }


def card_fragment(m: dict) -> str:
    acc, cal, cost = m["accuracy"], m["calibration"], m["cost"]
    lines = [
        f"Measured on {m['data']['val_images']:,} FER2013 PublicTest faces (`val/`), with the exported "
        f"`{m['model']['file']}` (sha256 `{m['model']['sha256'][:16]}…`) run by {m['runtime']}. "
        f"Evaluated {m['evaluated_at']}.",
        "",
        "| metric | value |",
        "|---|---|",
        f"| top-1 accuracy | **{acc['top1']:.2%}** |",
        f"| top-1 accuracy, flip-TTA (mean logits of face + mirror) | {acc['top1_flip_tta']:.2%} |",
        f"| macro F1 | {acc['macro_f1']:.3f} |",
        f"| NLL (T = 1) | {cal['nll_before']:.4f} |",
        "",
        "Per class (single model, no TTA):",
        "",
        "| class | support | precision | recall | F1 |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [f"| {r['class']} | {r['support']} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} |"
              for r in m["per_class"]]
    lines += [
        "",
        "![confusion matrix](confusion-matrix.png)",
        "",
        f"Calibration ({ECE_BINS} equal-width bins, top-label ECE):",
        "",
        "| | value |",
        "|---|---|",
        f"| temperature T (L-BFGS on val NLL; in the sidecar) | {cal['temperature']:.4f} |",
        f"| ECE before (T = 1) | {cal['ece_before']:.2%} |",
        f"| ECE after, T fit and measured on all of val (in-sample) | {cal['ece_after']:.2%} |",
        f"| ECE after, 2-fold cross-fitted (T from the other half) | {cal['ece_after_cross_fitted']:.2%} |",
        f"| NLL before / after | {cal['nll_before']:.4f} / {cal['nll_after']:.4f} |",
        "",
        "Cost:",
        "",
        "| | value |",
        "|---|---|",
        f"| FLOPs per face | {cost['gflops']:.4f} GFLOP ({cost['convention']}) |",
        f"| parameters | {cost['params']:,} |",
        f"| ONNX file | {m['model']['bytes'] / 2**20:.2f} MiB, opset {m['model']['opset']} |",
    ]
    lat = m.get("latency")
    if lat:
        lines += [
            f"| latency, batch 1, 1 thread | {lat['batch1_ms_per_face']['median']:.3f} ms median, "
            f"{lat['batch1_ms_per_face']['p90']:.3f} ms p90, {lat['batch1_ms_per_face']['min']:.3f} ms fastest per face |",
            f"| latency, batch 16, 1 thread | {lat['batch16_ms_per_face']['median']:.3f} ms median, "
            f"{lat['batch16_ms_per_face']['min']:.3f} ms fastest per face |",
            f"| latency measured on | {lat['cpu']}, {lat['runtime']}, load average "
            f"{lat['load_average_1min']:.1f} at the time |",
        ]
    else:
        lines.append("| latency | not measured in this run (`evaluate.py --latency`) |")
    t = m.get("training")
    if t:
        lines += [
            "",
            "Training run (from `train-summary.json`):",
            "",
            "| | value |",
            "|---|---|",
            f"| device | {t['device']} |",
            f"| software | torch {t['torch']}, Python {t['python']} |",
            f"| schedule | {t['epochs']} epochs, batch {t['batch_size']}, peak lr {t['peak_lr']:g}, seed {t['seed']}"
            f"{f', weight average (EMA) decay {ema:g}' if (ema := t.get('ema_decay')) else ''} |",
            f"| best epoch (by val top-1) | {t['best_epoch']} ({t['best_val_accuracy']:.2%} in PyTorch"
            f"{', bf16 autocast' if t.get('bf16_autocast') else ''}); the last epoch had "
            f"{t['last_epoch_val_accuracy']:.2%} |",
            f"| wall time | {t['wall_seconds'] / 60:.1f} min: {t['seconds_per_epoch']:.1f} s per epoch on average, "
            f"fastest {t['fastest_epoch_seconds']:.1f} s |",
        ]
        check = t.get("onnx_check")
        if check:
            lines.append(f"| ONNX check at export | {check['backend']}: max abs diff vs PyTorch "
                         f"{check['parity']['max_abs_diff']:.1e} on {check['parity']['images']} faces; "
                         f"val top-1 {check['val_accuracy']:.2%} |")
    return "\n".join(lines)


def splice_card(card: Path, fragment: str) -> None:
    text = card.read_text()
    start, end = text.find(CARD_BEGIN), text.find(CARD_END)
    if start < 0 or end < start:
        raise SystemExit(f"{card} lacks the {CARD_BEGIN} ... {CARD_END} markers")
    card.write_text(text[:start + len(CARD_BEGIN)] + "\n" + fragment + "\n" + text[end:])


def evaluate(model_path: Path, data: str, out_dir: Path, report_dir: Path, summary_path: Path | None,
             card: Path | None, latency: bool, version: str, threads: int = 1) -> dict:
    """Run the whole evaluation and write sidecar, figure, metrics, predictions and card block."""
    val = load_dataset(data, ("val",))["val"]
    session = open_session(model_path, threads=threads)
    logits = run_batched(session, val.images)
    logits_flip = run_batched(session, np.ascontiguousarray(val.images[:, :, ::-1]))
    labels = val.labels
    predicted = logits.argmax(axis=1)
    predicted_tta = (logits + logits_flip).argmax(axis=1)
    confusion = np.zeros((7, 7), dtype=np.int64)
    np.add.at(confusion, (labels, predicted), 1)
    per_class = per_class_report(confusion)
    temperature = fit_temperature(logits, labels)
    flops = count_flops(EmotionNet())  # the exported graph is the default EmotionNet configuration
    summary = json.loads(summary_path.read_text()) if summary_path and summary_path.is_file() else None
    onnx_bytes = model_path.read_bytes()
    metrics = {
        "evaluated_at": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "runtime": session.backend,
        "model": {"file": model_path.name, "sha256": hashlib.sha256(onnx_bytes).hexdigest(),
                  "bytes": len(onnx_bytes),
                  "opset": max(o.version for o in onnx.load(str(model_path)).opset_import if o.domain in ("", "ai.onnx"))},
        "data": {"source": str(data), "val_images": len(labels)},
        "accuracy": {"top1": float((predicted == labels).mean()),
                     "top1_flip_tta": float((predicted_tta == labels).mean()),
                     "macro_f1": float(np.mean([r["f1"] for r in per_class]))},
        "per_class": per_class,
        "confusion_matrix": {"rows": "true class", "columns": "predicted class", "classes": list(CLASS_NAMES),
                             "counts": confusion.tolist()},
        "calibration": {"bins": ECE_BINS, "temperature": temperature,
                        "ece_before": expected_calibration_error(softmax(logits), labels),
                        "ece_after": expected_calibration_error(softmax(logits, temperature), labels),
                        "ece_after_cross_fitted": cross_fitted_ece(logits, labels),
                        "nll_before": nll(logits, labels), "nll_after": nll(logits, labels, temperature)},
        "cost": {"gflops": flops["gflops"], "multiply_adds": flops["multiply_adds"], "params": flops["params"],
                 "convention": "2 x multiply-adds of conv and linear layers"},
        "training": summary and {**{k: v for k, v in summary.items() if k != "history"},
                                 "fastest_epoch_seconds": min(h["seconds"] for h in summary["history"]),
                                 "last_epoch_val_accuracy": summary["history"][-1]["val_accuracy"]},
    }
    if latency:
        metrics["latency"] = {**measure_latency(session, val.images[0]), "cpu": cpu_model(),
                              "threads": threads, "runtime": session.backend,
                              "load_average_1min": os.getloadavg()[0]}

    out_dir.mkdir(parents=True, exist_ok=True)
    report_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "emotion-fer.json").write_text(json.dumps(sidecar(metrics, model_path, session, summary, version),
                                                         indent=2) + "\n")
    plot_confusion(confusion, metrics["accuracy"]["top1"], out_dir / "confusion-matrix.png")
    (report_dir / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    calibrated = softmax(logits, temperature)
    with open(report_dir / "val-predictions.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["path", "label", "predicted", "predicted_flip_tta", "confidence_calibrated"]
                        + [f"logit_{c}" for c in CLASS_NAMES])
        for i in range(len(labels)):
            writer.writerow([val.paths[i], CLASS_NAMES[labels[i]], CLASS_NAMES[predicted[i]],
                             CLASS_NAMES[predicted_tta[i]], f"{calibrated[i].max():.6f}"]
                            + [f"{v:.6f}" for v in logits[i]])
    if card is not None and card.is_file():
        splice_card(card, card_fragment(metrics))
    print(f"val top-1 {metrics['accuracy']['top1']:.4f}, flip-TTA {metrics['accuracy']['top1_flip_tta']:.4f}, "
          f"T {temperature:.4f}, ECE {metrics['calibration']['ece_before']:.4f} -> "
          f"{metrics['calibration']['ece_after']:.4f} ({session.backend})")
    return metrics


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="dataset folder (train/, val/) or packed .npz")
    parser.add_argument("--model", type=Path, default=Path("models/emotion-fer.onnx"))
    parser.add_argument("--out", type=Path, default=Path("models"), help="folder for the sidecar and figure")
    parser.add_argument("--report-dir", type=Path, default=Path("models/training/report"))
    parser.add_argument("--summary", type=Path, default=Path("models/training/report/train-summary.json"),
                        help="train.py's summary, quoted in the card and sidecar when present")
    parser.add_argument("--card", type=Path, default=Path("models/MODEL_CARD.md"))
    parser.add_argument("--latency", action="store_true", help="also time single-threaded inference here")
    parser.add_argument("--version", default="1.0.0")
    args = parser.parse_args()
    evaluate(args.model, args.data, args.out, args.report_dir, args.summary, args.card, args.latency, args.version)


if __name__ == "__main__":
    main()
