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
