"""The text model's tokenizer, rule for rule the same as the C# ``EmoteCare.Text.TextTokenizer``.

Both implementations are checked against ``golden/tokenizer.tsv``; change one only together with the other and the
golden file. The rules work on Unicode code points with fixed ranges rather than the platform's Unicode tables, so
Python and .NET cannot drift apart when either updates its Unicode version:

* ``’ ‘ ʼ`` count as ``'``.
* Word characters: ASCII letters and digits, and the Latin-1 letters U+00C0..U+00FF except ``×`` and ``÷``.
  ASCII ``A-Z`` and U+00C0..U+00DE are lower-cased by adding 0x20 (``ß`` and ``ÿ`` stay as they are).
* A word is a run of word characters; an apostrophe between two word characters is dropped, joining the word
  (``don't`` -> ``dont``, ``I’m`` -> ``im``), which is how the embeddings spell contractions.
* ``[`` + 1..16 ASCII letters + ``]`` is one placeholder token, lower-cased (GoEmotions masks names as ``[NAME]``).
* ``http://``, ``https://`` or ``www.`` (any case) starting a token runs to the next separator and becomes ``[url]``.
* Separators: code points up to U+0020, U+007F..U+009F, U+00A0, U+00AD, U+1680, U+180E, U+2000..U+200F,
  U+2028..U+202F, U+205F..U+206F, U+3000, U+FE00..U+FE0F, U+FEFF, U+1F3FB..U+1F3FF (skin tones),
  U+E0000..U+E007F and U+E0100..U+E01EF, and the surrogate range (unpaired halves).
* Every other code point (ASCII punctuation, emoji, letters of other scripts) is a token of its own.
* At most ``MAX_TOKENS`` tokens are kept: the first ones.

Ids: 0 padding (never produced), 1 unknown, then the vocabulary file's lines in order. A text without tokens
encodes as ``[1]`` so the model always sees at least one step.
"""
from __future__ import annotations

from pathlib import Path

MAX_TOKENS = 128
PAD_ID = 0
UNKNOWN_ID = 1
FIRST_WORD_ID = 2
PLACEHOLDER_MAX_LETTERS = 16
URL_PREFIXES = ("http://", "https://", "www.")
URL_TOKEN = "[url]"

_APOSTROPHES = {0x2019, 0x2018, 0x02BC}
_SEPARATOR_RANGES = (
    (0x0000, 0x0020), (0x007F, 0x00A0), (0x00AD, 0x00AD), (0x1680, 0x1680), (0x180E, 0x180E),
    (0x2000, 0x200F), (0x2028, 0x202F), (0x205F, 0x206F), (0x3000, 0x3000), (0xD800, 0xDFFF),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0x1F3FB, 0x1F3FF), (0xE0000, 0xE007F), (0xE0100, 0xE01EF),
)


def _is_separator(cp: int) -> bool:
    return any(low <= cp <= high for low, high in _SEPARATOR_RANGES)


def _is_word(cp: int) -> bool:
    return (0x30 <= cp <= 0x39 or 0x41 <= cp <= 0x5A or 0x61 <= cp <= 0x7A
            or (0xC0 <= cp <= 0xFF and cp not in (0xD7, 0xF7)))


def _lower(cp: int) -> int:
    return cp + 0x20 if 0x41 <= cp <= 0x5A or (0xC0 <= cp <= 0xDE and cp != 0xD7) else cp


def _is_ascii_letter(cp: int) -> bool:
    return 0x41 <= cp <= 0x5A or 0x61 <= cp <= 0x7A


def _starts_url(cps: list[int], i: int) -> bool:
    for prefix in URL_PREFIXES:
        end = i + len(prefix)
        if end <= len(cps) and "".join(chr(_lower(c)) for c in cps[i:end]) == prefix:
            return True
    return False


def _placeholder_end(cps: list[int], i: int) -> int:
    """Index after a ``[LETTERS]`` placeholder starting at i, or -1."""
    j = i + 1
    while j < len(cps) and j - i - 1 < PLACEHOLDER_MAX_LETTERS and _is_ascii_letter(cps[j]):
        j += 1
    letters = j - i - 1
    return j + 1 if 1 <= letters and j < len(cps) and cps[j] == 0x5D else -1


def tokenize(text: str) -> list[str]:
    cps = [0x27 if ord(c) in _APOSTROPHES else ord(c) for c in text]
    tokens: list[str] = []
    i, n = 0, len(cps)
    while i < n and len(tokens) < MAX_TOKENS:
        cp = cps[i]
        if _is_separator(cp):
            i += 1
        elif cp == 0x5B and (end := _placeholder_end(cps, i)) > 0:
            tokens.append("".join(chr(_lower(c)) for c in cps[i:end]))
            i = end
        elif _is_word(cp) and _starts_url(cps, i):
            while i < n and not _is_separator(cps[i]):
                i += 1
            tokens.append(URL_TOKEN)
        elif _is_word(cp):
            word = []
            while i < n:
                if _is_word(cps[i]):
                    word.append(chr(_lower(cps[i])))
                    i += 1
                elif cps[i] == 0x27 and i + 1 < n and _is_word(cps[i + 1]):
                    i += 1
                else:
                    break
            tokens.append("".join(word))
        else:
            tokens.append(chr(cp))
            i += 1
    return tokens


def load_vocabulary(path: Path) -> dict[str, int]:
    """Token -> id from a vocabulary file (one token per line, the first line is id 2)."""
    words = path.read_text(encoding="utf-8").split("\n")
    if words and words[-1] == "":
        words.pop()
    return {word: FIRST_WORD_ID + index for index, word in enumerate(words)}


def encode(tokens: list[str], vocabulary: dict[str, int]) -> list[int]:
    return [vocabulary.get(token, UNKNOWN_ID) for token in tokens] or [UNKNOWN_ID]
