"""The crisis detector's text normalisation and features, exactly as Text/Crisis/CrisisText.cs and
Text/Crisis/IndirectWordingFeatures.cs compute them. Standard library only, so the parity test runs anywhere
python3 does. features.golden.json holds both implementations to the same output."""

# Kept in step with CrisisText.cs: pairs of (look-alike, ASCII letter).
LOOK_ALIKES = (
    "аaвbеeёeкkмmнhоoрpсcтtуyхxѕsіiїiјjԁdɡgԛqԝwүyһhӏl"
    "АaВbЕeКkМmНhОoРpСcТtХxІiЈjЅs"
    "αaβbεeιiκkνvοoρpτtυuχxΑaΒbΕeΖzΗhΙiΚkΜmΝnΟoΡpΤtΥyΧx"
    "àaáaâaãaäaåaçcèeéeêeëeìiíiîiïiñnòoóoôoõoöoøoùuúuûuüuýyÿy"
    "ÀaÁaÂaÃaÄaÅaÇcÈeÉeÊeËeÌiÍiÎiÏiÑnÒoÓoÔoÕoÖoØoÙuÚuÛuÜuÝyıiłl"
)
LOOK_ALIKE = {LOOK_ALIKES[i]: LOOK_ALIKES[i + 1] for i in range(0, len(LOOK_ALIKES), 2)}
APOSTROPHES = "'’‘ʼʻ`´′"
CLAUSE_MARKS = ".,?;:…¡¿\n\r"
LEET = "013457@$!"
LEET_LETTERS = "oieastasi"
BOUNDARY = "."

BUCKETS = 1 << 17
CHAR_NGRAMS = (3, 4, 5)
MAX_TOKEN = 32


def _is_letter(c):
    return "a" <= c <= "z"


def _is_word_char(c):
    return c != "" and (_is_letter(c) or c in LEET or "0" <= c <= "9")


def _map(cp):
    if 0x200B <= cp <= 0x200F or 0x2060 <= cp <= 0x2064 or cp in (0xFEFF, 0x00AD, 0x034F, 0x180E) or 0x0300 <= cp <= 0x036F:
        return ""
    if 0xFF01 <= cp <= 0xFF5E:
        cp -= 0xFEE0
    elif cp == 0x3000:
        cp = 0x20
    elif 0x1D400 <= cp <= 0x1D6A3:
        cp = ord("a") + (cp - 0x1D400) % 52 % 26
    elif 0x1D7CE <= cp <= 0x1D7FF:
        cp = ord("0") + (cp - 0x1D7CE) % 10
    if cp > 0xFFFF:
        return " "
    c = chr(cp)
    if "A" <= c <= "Z":
        return c.lower()
    if _is_letter(c) or "0" <= c <= "9" or c in "@$!":
        return c
    if c in APOSTROPHES:
        return ""
    if c in CLAUSE_MARKS:
        return BOUNDARY
    if ord(c) >= 0x80 and c in LOOK_ALIKE:
        return LOOK_ALIKE[c]
    return " "


def _leet(c, previous, following):
    index = LEET.find(c)
    if index < 0:
        return c
    before, after = _is_letter(previous), _is_letter(following)
    if c == "!":
        convert = before and after
    else:
        convert = (before and after) or (before and not _is_word_char(following)) or (after and not _is_word_char(previous))
    if convert:
        return LEET_LETTERS[index]
    return BOUNDARY if c == "!" else " " if c in "@$" else c


def normalise(text):
    mapped = "".join(_map(ord(ch)) for ch in text)
    leet = [_leet(c, mapped[i - 1] if i > 0 else "", mapped[i + 1] if i + 1 < len(mapped) else "")
            for i, c in enumerate(mapped)]
    out = []
    pending_space = False
    for c in leet:
        if c == " ":
            pending_space = len(out) > 0
            continue
        if c == BOUNDARY:
            if out and out[-1] != BOUNDARY:
                out.append(" ")
                out.append(BOUNDARY)
            pending_space = len(out) > 0
            continue
        if pending_space:
            out.append(" ")
            pending_space = False
        elif _is_letter(c) and len(out) >= 2 and out[-1] == c and out[-2] == c:
            continue
        out.append(c)
    if len(out) >= 2 and out[-1] == BOUNDARY:
        del out[-2:]
    return "".join(out)


def fnv1a(text, h=0x811C9DC5):
    for ch in text:
        h ^= ord(ch)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def feature_strings(normalised):
    """Every feature of a normalised text as a string, in order: words, word pairs within a clause, and character
    3- to 5-grams of each word with < and > at its ends. Words are cut to MAX_TOKEN characters."""
    features = []
    previous = None
    for token in normalised.split(" "):
        if token == BOUNDARY or token == "":
            previous = None
            continue
        token = token[:MAX_TOKEN]
        features.append("w|" + token)
        if previous is not None:
            features.append("b|" + previous + " " + token)
        padded = "<" + token + ">"
        for n in CHAR_NGRAMS:
            for i in range(len(padded) - n + 1):
                features.append("c|" + padded[i:i + n])
        previous = token
    return features


def bucket_counts(normalised):
    """{bucket: count} of a normalised text's features."""
    counts = {}
    for feature in feature_strings(normalised):
        b = fnv1a(feature) & (BUCKETS - 1)
        counts[b] = counts.get(b, 0) + 1
    return counts


def score(counts, weights, bias):
    """The model's logit: bias + w . x / |x|, x the bucket counts."""
    norm = sum(c * c for c in counts.values()) ** 0.5
    if norm == 0:
        return bias
    return bias + sum(weights[b] * c for b, c in counts.items()) / norm
