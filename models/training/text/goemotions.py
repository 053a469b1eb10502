"""GoEmotions rows and the Ekman grouping of its 28 labels into the product's seven emotions.

The grouping is the one the dataset's authors publish (``ekman_mapping.json`` in google-research/goemotions),
with neutral kept as the seventh class. CLASSES is in the order of ``EmoteCare.Grains.Interfaces.Emotion``.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

CLASSES = ("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral")

GOEMOTIONS_LABELS = (
    "admiration", "amusement", "anger", "annoyance", "approval", "caring", "confusion", "curiosity", "desire",
    "disappointment", "disapproval", "disgust", "embarrassment", "excitement", "fear", "gratitude", "grief", "joy",
    "love", "nervousness", "optimism", "pride", "realization", "relief", "remorse", "sadness", "surprise", "neutral",
)

EKMAN = {
    "angry": ("anger", "annoyance", "disapproval"),
    "disgust": ("disgust",),
    "fear": ("fear", "nervousness"),
    "happy": ("joy", "amusement", "approval", "excitement", "gratitude", "love", "optimism", "relief", "pride",
              "admiration", "desire", "caring"),
    "sad": ("sadness", "disappointment", "embarrassment", "grief", "remorse"),
    "surprise": ("surprise", "realization", "confusion", "curiosity"),
    "neutral": ("neutral",),
}

LABEL_TO_CLASS = {GOEMOTIONS_LABELS.index(label): CLASSES.index(cls) for cls, labels in EKMAN.items()
                  for label in labels}
assert sorted(LABEL_TO_CLASS) == list(range(len(GOEMOTIONS_LABELS))), "every GoEmotions label maps to a class"


def read_tsv(path: Path) -> tuple[list[str], np.ndarray]:
    """Texts and a [N, 7] 0/1 matrix of their classes from ``text<TAB>label ids<TAB>id`` lines."""
    texts, targets = [], []
    with open(path, encoding="utf-8", newline="\n") as handle:
        for number, line in enumerate(handle, start=1):
            fields = line.rstrip("\n").rstrip("\r").split("\t")
            if len(fields) != 3:
                raise ValueError(f"{path}:{number}: expected text, labels and id separated by tabs")
            row = np.zeros(len(CLASSES), dtype=np.float32)
            for label in fields[1].split(","):
                row[LABEL_TO_CLASS[int(label)]] = 1.0
            texts.append(fields[0])
            targets.append(row)
    return texts, np.stack(targets)
