"""Trains the crisis detector's indirect-wording model and writes models/crisis-indirect.json and the golden file.

    nice /usr/bin/python3 models/training/crisis/train.py [--goemotions ../shared/datasets/goemotions/train.tsv]

Debian's python3-numpy and python3-sklearn; about a minute on one core. Positives and hard negatives are authored in
positives.txt and negatives.txt (never the test set); ordinary chat negatives are GoEmotions train. The threshold is
picked on out-of-fold scores for recall on the authored positives while keeping GoEmotions false alarms rare.
"""
import argparse
import base64
import json
import os
import random
import re
import sys
import time

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

import crisis_text

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
VERSION = "1.1.0"
SAMPLES_PER_TEMPLATE = 40
FOLDS = 5
C = 4.0
# Out-of-fold false alarms allowed on GoEmotions train: the detector's budget on ordinary chat is 0.5 % in all, and the
# patterns spend a little of it.
MAX_CHAT_FPR = 0.002
SEED = 12

# GoEmotions comments that say outright what the patterns catch are not safe negatives; they are left out of training.
UNSAFE_NEGATIVE = re.compile(
    r"\b(?:kill(?:ing)? myself|kms|suicid\w*|want(?:ed)? to die|wanna die|end(?:ing)? (?:my|it all)|better off dead|"
    r"self ?harm\w*|cut(?:ting)? myself|overdos\w*|dont want to (?:live|be alive|exist)|no reason to live|wish i (?:was|were) dead|"
    r"(?:end|off) myself|dont feel alive)\b")


def expand(template, rng, limit):
    """Every reading of a {a|b} template, or `limit` of them drawn at random when there are more."""
    parts = re.split(r"(\{[^}]*\})", template)
    choices = [p[1:-1].split("|") if p.startswith("{") else [p] for p in parts]
    total = 1
    for c in choices:
        total *= len(c)
    if total <= limit:
        combos = [[]]
        for c in choices:
            combos = [x + [y] for x in combos for y in c]
        texts = ["".join(x) for x in combos]
    else:
        # Sorted before sampling so the draw does not depend on Python's string hashing.
        drawn = sorted({"".join(rng.choice(c) for c in choices) for _ in range(limit * 3)})
        texts = rng.sample(drawn, min(limit, len(drawn)))
    return [" ".join(t.split()) for t in texts]


def read_templates(path, rng):
    groups = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                groups.append(expand(line, rng, SAMPLES_PER_TEMPLATE))
    return groups


def read_goemotions(path):
    texts = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            text = line.split("\t")[0]
            if not UNSAFE_NEGATIVE.search(crisis_text.normalise(text)):
                texts.append(text)
    return texts


def matrix(texts):
    rows, cols, vals = [], [], []
    for r, text in enumerate(texts):
        counts = crisis_text.bucket_counts(crisis_text.normalise(text))
        norm = sum(c * c for c in counts.values()) ** 0.5 or 1.0
        for b, c in counts.items():
            rows.append(r)
            cols.append(b)
            vals.append(c / norm)
    return csr_matrix((vals, (rows, cols)), shape=(len(texts), crisis_text.BUCKETS), dtype=np.float64)


def fit(x, y):
    model = LogisticRegression(C=C, class_weight="balanced", solver="liblinear", max_iter=200)
    model.fit(x, y)
    return model


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--goemotions", default=os.path.join(ROOT, "..", "shared", "datasets", "goemotions", "train.tsv"))
    parser.add_argument("--out", default=os.path.join(ROOT, "models", "crisis-indirect.json"))
    parser.add_argument("--golden", default=os.path.join(HERE, "features.golden.json"))
    args = parser.parse_args()
    started = time.time()
    rng = random.Random(SEED)

    positives = read_templates(os.path.join(HERE, "positives.txt"), rng)
    negatives = read_templates(os.path.join(HERE, "negatives.txt"), rng)
    chat = read_goemotions(args.goemotions)
    print(f"authored positives: {sum(map(len, positives))} from {len(positives)} templates; authored negatives: "
          f"{sum(map(len, negatives))} from {len(negatives)} templates; GoEmotions train negatives: {len(chat)}")

    # Folds by template, so a held-out message never has a sibling from its own template in training.
    texts, labels, folds, kinds = [], [], [], []
    for kind, groups, label in (("positive", positives, 1), ("negative", negatives, 0)):
        order = list(range(len(groups)))
        rng.shuffle(order)
        for rank, g in enumerate(order):
            for t in groups[g]:
                texts.append(t)
                labels.append(label)
                folds.append(rank % FOLDS)
                kinds.append(kind)
    for i, t in enumerate(chat):
        texts.append(t)
        labels.append(0)
        folds.append(i % FOLDS)
        kinds.append("chat")
    x = matrix(texts)
    y = np.array(labels)
    folds = np.array(folds)
    kinds = np.array(kinds)

    oof = np.zeros(len(texts))
    for k in range(FOLDS):
        train, test = folds != k, folds == k
        oof[test] = fit(x[train], y[train]).decision_function(x[test])

    chat_scores = np.sort(oof[kinds == "chat"])
    allowed = int(MAX_CHAT_FPR * len(chat_scores))
    threshold_logit = chat_scores[-(allowed + 1)] + 1e-6
    threshold = float(1 / (1 + np.exp(-threshold_logit)))

    def rate(kind):
        return float(np.mean(oof[kinds == kind] >= threshold_logit))

    figures = {
        "outOfFoldRecallAuthoredPositives": round(rate("positive"), 4),
        "outOfFoldFalseAlarmsAuthoredNegatives": round(rate("negative"), 4),
        "outOfFoldFalseAlarmsGoEmotionsTrain": round(rate("chat"), 4),
    }
    print(f"threshold {threshold:.4f} (logit {threshold_logit:.3f}); out of fold: {figures}")

    final = fit(x, y)
    weights = final.coef_[0].astype("<f4")
    bias = float(final.intercept_[0])
    model = {
        "name": "crisis-indirect",
        "version": VERSION,
        "description": "Logistic regression over hashed words, word pairs and character 3-5-grams of the normalised "
                       "message (Text/Crisis/CrisisText.cs, IndirectWordingFeatures.cs); flags indirect crisis wording.",
        "features": {"buckets": crisis_text.BUCKETS, "charNgrams": list(crisis_text.CHAR_NGRAMS),
                     "maxTokenLength": crisis_text.MAX_TOKEN, "hash": "fnv1a32"},
        "bias": bias,
        "threshold": threshold,
        "training": {
            "authoredPositives": int(sum(map(len, positives))),
            "authoredNegatives": int(sum(map(len, negatives))),
            "goEmotionsTrainNegatives": len(chat),
            "C": C, "folds": FOLDS, "maxChatFalseAlarms": MAX_CHAT_FPR, "seed": SEED,
            **figures,
        },
        "weights": base64.b64encode(weights.tobytes()).decode("ascii"),
    }
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(model, f, indent=1)
        f.write("\n")

    write_golden(args.golden, weights.astype(np.float64), bias)
    print(f"wrote {os.path.relpath(args.out, ROOT)} and {os.path.relpath(args.golden, ROOT)} in {time.time() - started:.0f} s")


GOLDEN_TEXTS = [
    "I want to kill myself",
    "I’m NOT okay... I can't do this anymore!!!",
    "i want to diiiie lol",
    "ｉ ｗａｎｔ ｔｏ ｄｉｅ",
    "k1ll mys3lf, 30mg, b4 5uicide d!e!",
    "i want to kill mysеlf\u200b now",
    "\U0001D422 \U0001D430\U0001D44E\U0001D45B\U0001D461 to disappear",
    "Everyone would be better off without me.",
    "this traffic is killing me 💀",
    "self-harm; od'ing — “quotes” and dashes – here",
    "Ünïcödé àccénts: café naïve façade ÀÉÎÕÜ ıł αβεικνορτυχ ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ аеёкмнорстухѕіїјԁɡԛԝүһӏ",
    "a" * 40 + " supercalifragilisticexpialidocious-and-then-some",
    "",
    "...",
    "Tab\tseparated\nand new lines\r\nhere",
]


def write_golden(path, weights, bias):
    cases = []
    for text in GOLDEN_TEXTS:
        normalised = crisis_text.normalise(text)
        counts = crisis_text.bucket_counts(normalised)
        cases.append({
            "text": text,
            "normalised": normalised,
            "buckets": sorted([b, c] for b, c in counts.items()),
            "logit": crisis_text.score(counts, weights, bias),
        })
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"model": "models/crisis-indirect.json", "cases": cases}, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    sys.exit(main())
