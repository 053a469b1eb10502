"""The Python half of the feature parity check: crisis_text.py must reproduce features.golden.json, which the C# test
(tests/Text.Tests/Crisis/IndirectWordingModelTests.cs) checks against Text/Crisis. Standard library only.

    cd models/training/crisis && python3 -m unittest test_crisis_text
"""
import base64
import json
import os
import struct
import unittest

import crisis_text

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))


class GoldenFileTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(os.path.join(HERE, "features.golden.json"), encoding="utf-8") as f:
            cls.golden = json.load(f)
        with open(os.path.join(ROOT, cls.golden["model"]), encoding="utf-8") as f:
            model = json.load(f)
        raw = base64.b64decode(model["weights"])
        cls.weights = struct.unpack("<%df" % (len(raw) // 4), raw)
        cls.bias = model["bias"]

    def test_normalisation_features_and_score(self):
        self.assertGreater(len(self.golden["cases"]), 10)
        for case in self.golden["cases"]:
            with self.subTest(text=case["text"]):
                normalised = crisis_text.normalise(case["text"])
                self.assertEqual(case["normalised"], normalised)
                counts = crisis_text.bucket_counts(normalised)
                self.assertEqual(case["buckets"], sorted([b, c] for b, c in counts.items()))
                self.assertAlmostEqual(case["logit"], crisis_text.score(counts, self.weights, self.bias), places=9)


if __name__ == "__main__":
    unittest.main()
