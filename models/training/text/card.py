"""Print the model card's figures (per-class dev metrics, calibration, thresholds) as Markdown from report/metrics.json.

    /usr/bin/python3 models/training/text/card.py [models/training/text/report/metrics.json]
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

DEFAULT = Path(__file__).resolve().parent / "report" / "metrics.json"


def main() -> None:
    report = json.loads(Path(sys.argv[1] if len(sys.argv) > 1 else DEFAULT).read_text(encoding="utf-8"))
    calibration = {row["class"]: row for row in report["dev_calibration"]}
    print("| class | precision | recall | F1 | support (dev) | threshold | ECE |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in report["dev_per_class"]:
        name = row["class"]
        print(f"| {name} | {row['precision']:.4f} | {row['recall']:.4f} | {row['f1']:.4f} | {row['support']} "
              f"| {report['thresholds'][name]:.2f} | {calibration[name]['ece']:.4f} |")
    print(f"\nmacro-F1 on dev: {report['dev_macro_f1']:.4f}; on the held-out 10 % of train: "
          f"{report['held_out_macro_f1']:.4f}; members alone on dev: "
          + ", ".join(f"{f:.4f}" for f in report["members_dev_macro_f1"]))
    print("\nReliability (dev; mean predicted probability -> observed frequency, texts per bin):\n")
    print("| class | " + " | ".join(f"{b / 10:.1f}-{(b + 1) / 10:.1f}" for b in range(10)) + " |")
    print("|---|" + "---:|" * 10)
    for name, row in calibration.items():
        cells = {round(b["from"] * 10): b for b in row["bins"]}
        text = [f"{cells[b]['mean_probability']:.2f}->{cells[b]['observed_frequency']:.2f} ({cells[b]['count']})"
                if b in cells else "" for b in range(10)]
        print(f"| {name} | " + " | ".join(text) + " |")
    members = report["members"]
    chosen = (f"{len(members)} members trained jointly, epoch {members[0]['epoch']} ({members[0]['macro_f1']:.4f})"
              if report["args"].get("joint") == "True" else
              "members: " + ", ".join(f"seed {m['seed']} epoch {m['epoch']} ({m['macro_f1']:.4f})" for m in members))
    print(f"\nwall time {report['wall_seconds'] / 60:.1f} min, threads {report['threads']}, torch {report['torch']}; {chosen}")
    print(f"parity ONNX Runtime vs PyTorch: {report['parity_max_abs_diff']:.2e}")


if __name__ == "__main__":
    main()
