"""Generates text-test.onnx, its sidecar text-test.json and vocabulary text-test.vocab.txt: the stand-in text model.

    /usr/bin/python3 tests/Text.Tests/TestData/make_text_test_model.py

Same contract as models/emotion-text.onnx (int64 token ids [batch, tokens] named "input_ids", probabilities
[batch, 7] named "probabilities" in Emotion order, the sidecar's tokenizer block), but the weights are set by hand
so tests can predict the answer: every word carries fixed probabilities and a text scores, per class, the highest
any of its words gives. "angry" -> angry 0.9, "wow" -> surprise 0.8 and happy 0.6, unknown words 0.05 everywhere;
every threshold is 0.5, so a text without a known word is neutral.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = Path(__file__).resolve().parent
CLASSES = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"]
UNKNOWN = 0.05
# word -> {class: probability}; every other class gets UNKNOWN
WORDS = {
    "angry": {"angry": 0.9},
    "furious": {"angry": 0.95},
    "gross": {"disgust": 0.7},
    "scared": {"fear": 0.85},
    "happy": {"happy": 0.9},
    "thanks": {"happy": 0.8},
    "sad": {"sad": 0.9},
    "wow": {"surprise": 0.8, "happy": 0.6},
    "ok": {"neutral": 0.7},
    "[name]": {},
}


def main() -> None:
    table = np.full((2 + len(WORDS), len(CLASSES)), UNKNOWN, dtype=np.float32)
    table[0] = 0.0  # padding, never produced
    for row, scores in enumerate(WORDS.values(), start=2):
        for name, value in scores.items():
            table[row, CLASSES.index(name)] = value
    graph = helper.make_graph(
        [helper.make_node("Gather", ["table", "input_ids"], ["per_token"], axis=0),
         helper.make_node("ReduceMax", ["per_token"], ["probabilities"], axes=[1], keepdims=0)],
        "text_test",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "tokens"])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["batch", len(CLASSES)])],
        [numpy_helper.from_array(table, "table")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    model_path = HERE / "text-test.onnx"
    onnx.save(model, model_path)
    vocabulary_path = HERE / "text-test.vocab.txt"
    vocabulary_path.write_text("".join(word + "\n" for word in WORDS), encoding="utf-8")
    sidecar = {
        "name": "text-test",
        "version": "test-1",
        "file": model_path.name,
        "sha256": hashlib.sha256(model_path.read_bytes()).hexdigest(),
        "input": {"name": "input_ids", "dtype": "int64"},
        "output": {"name": "probabilities", "dtype": "float32"},
        "classes": CLASSES,
        "thresholds": [0.5] * len(CLASSES),
        "tokenizer": {
            "kind": "emotecare-words-1",
            "max_tokens": 128,
            "pad_id": 0,
            "unknown_id": 1,
            "first_word_id": 2,
            "vocabulary": {"file": vocabulary_path.name, "size": len(WORDS),
                           "sha256": hashlib.sha256(vocabulary_path.read_bytes()).hexdigest()},
        },
    }
    (HERE / "text-test.json").write_text(json.dumps(sidecar, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
