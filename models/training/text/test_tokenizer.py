"""tokenizer.py against the golden file the C# TextTokenizer is tested against too.

    /usr/bin/python3 -m unittest discover -s models/training/text -p 'test_*.py'
"""
from __future__ import annotations

import json
import sys
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import tokenizer  # noqa: E402

GOLDEN = HERE / "golden" / "tokenizer.jsonl"
VOCABULARY = HERE.parents[1] / "emotion-text.vocab.txt"


class GoldenTokenizerTest(unittest.TestCase):
    def setUp(self) -> None:
        self.cases = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines()]
        self.vocabulary = tokenizer.load_vocabulary(VOCABULARY)

    def test_tokens_match_the_golden_file(self) -> None:
        for number, case in enumerate(self.cases, start=1):
            with self.subTest(line=number):
                self.assertEqual(case["tokens"], tokenizer.tokenize(case["text"]))

    def test_ids_match_the_golden_file(self) -> None:
        for number, case in enumerate(self.cases, start=1):
            with self.subTest(line=number):
                self.assertEqual(case["ids"], tokenizer.encode(tokenizer.tokenize(case["text"]), self.vocabulary))

    def test_the_golden_file_covers_the_cap_and_empty_text(self) -> None:
        lengths = [len(case["tokens"]) for case in self.cases]
        self.assertIn(tokenizer.MAX_TOKENS, lengths)
        self.assertIn(0, lengths)
        self.assertTrue(any(case["ids"] == [tokenizer.UNKNOWN_ID] for case in self.cases if not case["tokens"]))


class UnpairedSurrogateTest(unittest.TestCase):
    """Not in the golden file, which JSON readers refuse to hold; C# tests the same case."""

    def test_an_unpaired_surrogate_separates_tokens(self) -> None:
        self.assertEqual(["lone", "alone"], tokenizer.tokenize("lone\ud83dalone"))


if __name__ == "__main__":
    unittest.main()
