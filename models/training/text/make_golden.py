"""Fill in the ids of golden/tokenizer.jsonl from the committed vocabulary, after checking its hand-written tokens.

The tokens in the golden file are written by hand; this script refuses to run when tokenizer.py disagrees with
them, so regenerating ids can never quietly accept a tokenizer change. Run it after a new vocabulary:

    /usr/bin/python3 models/training/text/make_golden.py
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import tokenizer  # noqa: E402

GOLDEN = HERE / "golden" / "tokenizer.jsonl"
VOCABULARY = HERE.parents[1] / "emotion-text.vocab.txt"


def main() -> None:
    vocabulary = tokenizer.load_vocabulary(VOCABULARY)
    cases = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines()]
    for number, case in enumerate(cases, start=1):
        actual = tokenizer.tokenize(case["text"])
        if actual != case["tokens"]:
            raise SystemExit(f"{GOLDEN}:{number}: tokenizer.py gives {actual}, the golden file says {case['tokens']}")
        case["ids"] = tokenizer.encode(actual, vocabulary)
    GOLDEN.write_text("".join(json.dumps(case, ensure_ascii=True) + "\n" for case in cases), encoding="utf-8")
    print(f"{len(cases)} cases written to {GOLDEN}")


if __name__ == "__main__":
    main()
