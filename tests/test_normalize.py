"""Normalisation and tokenisation rules, character by character."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup.normalize import _MAX_REPLACE, canonical_bytes, normalize_text, tokenize


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


def test_many_distinct_characters_take_the_regex_path():
    # more distinct characters to rewrite than the str.replace path handles
    han = "".join(chr(0x4E00 + i) for i in range(2 * _MAX_REPLACE))
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


@pytest.mark.parametrize("block", range(0x80, 0x30000, 0x1000))
def test_per_character_path_matches_regex_path_on_every_code_point(block):
    # The per-character path (lower case and _replacement() of each distinct
    # character, replaced in bytes) must give the tokens of the regex path
    # (casefold, separators and CJK by regex) for every character, also next
    # to a capital sigma whose lower case depends on its position.
    import unicodedata

    from dedup.normalize import _canonical_many

    for cp in range(block, min(block + 0x1000, 0x110000)):
        for text in (chr(cp), f"Ab{chr(cp)}\u03a3 x\u03a3", f"\u03a3{chr(cp)}"):
            nfkc = unicodedata.normalize("NFKC", text)
            assert _tokens(canonical_bytes(text)) == _tokens(_canonical_many(nfkc)), hex(cp)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("ΣςσİAbc \n.,"), max_size=60))
def test_per_character_path_matches_regex_path_on_mixed_text(text):
    import unicodedata

    from dedup.normalize import _canonical_many

    nfkc = unicodedata.normalize("NFKC", text)
    assert _tokens(canonical_bytes(text)) == _tokens(_canonical_many(nfkc))
