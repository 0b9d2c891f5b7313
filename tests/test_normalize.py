"""Normalisation and tokenisation rules, character by character."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup import normalize
from dedup.normalize import MAX_CJK, canonical_bytes, normalize_text, tokenize


@pytest.mark.parametrize(
    "text, tokens",
    [
        ("Straße STRASSE", ["strasse", "strasse"]),  # full case folding, not just lower()
        ("ΟΔΟΣ οδος", ["οδοσ", "οδοσ"]),  # final sigma folds to sigma
        ("ﬁnal Ⅻ", ["final", "xii"]),  # NFKC compatibility forms
        ("inter\u00adnational zero\u200bwidth", ["international", "zerowidth"]),  # invisible characters removed
        ("don\u2019t \u201cquote\u201d \u2014 dash\u00a0nbsp", ["don", "t", "quote", "dash", "nbsp"]),
        ("北京 abc", ["北", "京", "abc"]),  # each CJK character is a token
        ("€5 £3 ©2019 x•y", ["5", "3", "2019", "x", "y"]),  # symbols separate
        ("हिन्दी", ["हिन्दी"]),  # combining marks stay inside the word
    ],
)
def test_tokens(text, tokens):
    assert tokenize(text) == tokens


def test_many_cjk_characters_take_the_numpy_path():
    # more CJK letters than the per-character path handles
    han = "".join(chr(0x4E00 + i) for i in range(2 * MAX_CJK))
    text = han + " Straße\u00ad d\u2019x"
    assert tokenize(text) == list(han) + ["strasse", "d", "x"]


def test_normalize_text_for_people():
    assert normalize_text("It\u2019s  a\u00a0TEST\r\nof\u2014this") == "it's a test of-this"


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_canonical_bytes_is_idempotent_on_tokens(text):
    tokens = tokenize(text)
    assert tokenize(" ".join(tokens)) == tokens
    assert canonical_bytes(text) == canonical_bytes(text)


def _tokens(data: bytes) -> list[bytes]:
    from dedup.normalize import WORD_BYTES

    return WORD_BYTES.findall(data)


def _definition(text: str) -> list[bytes]:
    """The tokens of canonical_bytes() by its definition, one character at a
    time: NFKC, then each character lower-cased (ASCII) or rewritten."""
    import unicodedata

    out = []
    for char in unicodedata.normalize("NFKC", text):
        if char.isascii():
            out.append(char.lower())
        else:
            repl = normalize.char_rewrite(char)
            out.append(char if repl is None else repl)
    return _tokens(_clusters("".join(out)).encode("utf-8", "surrogatepass"))


#: Thai, Lao, Myanmar (and its extensions A and B) and Khmer.
_CLUSTER_SCRIPTS = ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0xA9E0, 0xA9FF), (0xAA60, 0xAA7F), (0x1780, 0x17FF))


def _cluster_kind(char: str) -> str:
    import unicodedata

    if any(lo <= ord(char) <= hi for lo, hi in _CLUSTER_SCRIPTS):
        return {"L": "letter", "M": "mark"}.get(unicodedata.category(char)[0], "")
    return ""


def _clusters(text: str) -> str:
    """Each letter of those scripts set apart with the marks of theirs after it."""
    out = []
    for i, char in enumerate(text):
        kind = _cluster_kind(char)
        if kind == "letter":
            out.append(" ")
        out.append(char)
        if kind and not (i + 1 < len(text) and _cluster_kind(text[i + 1]) == "mark"):
            out.append(" ")
    return "".join(out)


#: Thresholds that force each whole-text path of canonical_bytes(): case
#: folding of the whole text, CJK letters in numpy, the regex passes.
_PATHS = {
    "per-character": {},
    "casefold": {"_MAX_CASED": -1},
    "cjk-numpy": {"MAX_CJK": -1},
    "regex": {"_MAX_REWRITES": -1},
}


@pytest.mark.parametrize("path", sorted(_PATHS))
@pytest.mark.parametrize("block", range(0x80, 0x30000, 0x2000))
def test_every_path_gives_the_defined_tokens_on_every_code_point(block, path, monkeypatch):
    # Each code point alone, next to a capital sigma (whose lower case
    # depends on its position), after a CJK letter and before a combining
    # mark (NFKC composes), through each path ...
    for name, value in _PATHS[path].items():
        monkeypatch.setattr(normalize, name, value)
    for cp in range(block, min(block + 0x2000, 0x110000)):
        char = chr(cp)
        # ... and next to its neighbour, which shares its leading UTF-8
        # bytes (one regex pass turns a block of separators into spaces)
        for text in (
            char,
            f"Ab{char}\u03a3 x\u03a3",
            f"\u03a3{char}",
            f"\u4e2d{char}\u3099\u0301",
            f"a{char}b{chr(cp ^ 1)}c",
        ):
            assert _tokens(canonical_bytes(text)) == _definition(text), (hex(cp), text)


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.characters(codec="utf-8")
        | st.sampled_from("ΣςσİAbc \n.,中ｶﾞ\u3099\uff0c\u00a0\u0e01\u0e48\u0e32\u0e33\u17d2\u1780\u103a\u1000"),
        max_size=80,
    ),
    st.sampled_from(sorted(_PATHS)),
)
def test_every_path_gives_the_defined_tokens_on_mixed_text(text, path):
    saved = {name: getattr(normalize, name) for name in _PATHS[path]}
    try:
        for name, value in _PATHS[path].items():
            setattr(normalize, name, value)
        assert _tokens(canonical_bytes(text)) == _definition(text)
    finally:
        for name, value in saved.items():
            setattr(normalize, name, value)
