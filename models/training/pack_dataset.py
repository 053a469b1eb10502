"""Pack a folder-per-class dataset (train/ and val/) into one compressed .npz.

The GPU machine gets only the repository (plus carried ignored paths, 64 MiB in all), so the
dataset travels as decoded uint8 pixels. Decoding here, once, also means every machine trains and
evaluates on byte-identical pixels whatever its JPEG library. The members are LZMA-compressed
(53 MiB for FER2013, against 68 MiB with np.savez_compressed's deflate); np.load reads them as
any .npz.

    /usr/bin/python3 models/training/pack_dataset.py --data ../shared/datasets/fer2013 \
        --out .carry/fer2013.npz
"""
from __future__ import annotations

import argparse
import hashlib
import zipfile
from pathlib import Path

import numpy as np

from fer_data import CLASS_NAMES, load_dataset


def check_against_opencv(root: Path, splits) -> None:
    """Compare our decode with cv2.IMREAD_GRAYSCALE, the decode the C# side uses (via OpenCV)."""
    try:
        import cv2
    except ImportError:
        print("opencv not importable: decode parity with IMREAD_GRAYSCALE not checked")
        return
    for name, split in splits.items():
        mismatches = 0
        for path, pixels in zip(split.paths, split.images):
            if not np.array_equal(cv2.imread(str(root / path), cv2.IMREAD_GRAYSCALE), pixels):
                mismatches += 1
        print(f"{name}: {len(split)} images, {mismatches} differ from cv2.IMREAD_GRAYSCALE")
        if mismatches:
            raise SystemExit("decode mismatch: the sidecar's pixel contract would not hold")


def save_npz_lzma(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write an .npz whose members are LZMA-compressed .npy files."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_LZMA) as archive:
        for name, array in arrays.items():
            with archive.open(f"{name}.npy", "w", force_zip64=True) as member:
                np.lib.format.write_array(member, np.asarray(array), allow_pickle=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, type=Path, help="folder with train/ and val/")
    parser.add_argument("--out", required=True, type=Path, help="output .npz")
    args = parser.parse_args()

    splits = load_dataset(args.data)
    check_against_opencv(args.data, splits)
    arrays = {"class_names": np.array(CLASS_NAMES)}
    for name, split in splits.items():
        arrays[f"{name}_images"] = split.images
        arrays[f"{name}_labels"] = split.labels.astype(np.uint8)
        arrays[f"{name}_paths"] = split.paths
        counts = np.bincount(split.labels, minlength=len(CLASS_NAMES))
        print(name, dict(zip(CLASS_NAMES, counts.tolist())))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    save_npz_lzma(args.out, arrays)
    digest = hashlib.sha256(args.out.read_bytes()).hexdigest()
    print(f"wrote {args.out} ({args.out.stat().st_size / 2**20:.1f} MiB, sha256 {digest[:16]})")


if __name__ == "__main__":
    main()
