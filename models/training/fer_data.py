"""Dataset access shared by the training, export and evaluation scripts.

A dataset is either a folder with ``train/<class>/*`` and ``val/<class>/*`` images, or the
``.npz`` file that ``pack_dataset.py`` makes from such a folder. Both give the same uint8
pixels: images are decoded with Pillow and converted to 8-bit gray ('L'), which for the gray
JPEGs of FER2013 yields exactly the bytes OpenCV's ``IMREAD_GRAYSCALE`` gives.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

# FER2013's numeric order; the model's output index i is CLASS_NAMES[i].
CLASS_NAMES = ("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral")
IMAGE_SIZE = 48
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp"}


@dataclass
class Split:
    """One split: images [N, 48, 48] uint8, labels [N] int64 (FER order), relative paths."""

    images: np.ndarray
    labels: np.ndarray
    paths: np.ndarray

    def __len__(self) -> int:
        return len(self.labels)


def decode_gray(path: Path) -> np.ndarray:
    """Decode one image to 48x48 uint8 gray, exactly as stored when it is already 48x48 gray."""
    with Image.open(path) as img:
        gray = img.convert("L")
        if gray.size != (IMAGE_SIZE, IMAGE_SIZE):
            gray = gray.resize((IMAGE_SIZE, IMAGE_SIZE), Image.BILINEAR)
        return np.asarray(gray, dtype=np.uint8)


def class_index(folder_name: str) -> int:
    """Map a class folder name to its FER2013 index; unknown names are an error, not a new class."""
    name = folder_name.lower()
    if name not in CLASS_NAMES:
        raise ValueError(f"class folder '{folder_name}' is not one of {', '.join(CLASS_NAMES)}")
    return CLASS_NAMES.index(name)


def read_split_folder(root: Path, split: str) -> Split:
    """Read ``root/split/<class>/*`` in a stable order (class index, then file name)."""
    split_dir = root / split
    if not split_dir.is_dir():
        raise FileNotFoundError(f"{split_dir} does not exist")
    entries = []
    for class_dir in sorted(p for p in split_dir.iterdir() if p.is_dir()):
        label = class_index(class_dir.name)
        for file in sorted(class_dir.iterdir()):
            if file.suffix.lower() in IMAGE_SUFFIXES:
                entries.append((label, file))
    entries.sort(key=lambda e: (e[0], e[1].name))
    images = np.stack([decode_gray(f) for _, f in entries]) if entries else np.zeros((0, 48, 48), np.uint8)
    labels = np.array([label for label, _ in entries], dtype=np.int64)
    paths = np.array([str(f.relative_to(root)) for _, f in entries])
    return Split(images, labels, paths)


def load_dataset(source: str | Path, splits: tuple[str, ...] = ("train", "val")) -> dict[str, Split]:
    """Load ``{'train': Split, 'val': Split}`` (or the named splits) from a folder or a packed ``.npz``."""
    source = Path(source)
    if source.is_file():
        with np.load(source, allow_pickle=False) as z:
            if tuple(str(n) for n in z["class_names"]) != CLASS_NAMES:
                raise ValueError(f"{source} was packed with another class order")
            return {
                split: Split(z[f"{split}_images"], z[f"{split}_labels"].astype(np.int64), z[f"{split}_paths"])
                for split in splits
            }
    return {split: read_split_folder(source, split) for split in splits}
