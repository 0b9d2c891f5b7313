"""Examples in the stripper's comments and docstrings are invented.

Rules written from the evaluation pages would be measured on their own
examples, so no example string quoted in a comment or docstring of
``dedup/boilerplate/`` (nor an example of the rule tables) may share a run of
six words with the development set (article-extraction-benchmark: the gold
texts and every stored output) or the held-out set (trafilatura-eval: the
snippets and the text of the HTML pages, scripts and styles left out).
Skipped when the data is absent.
"""

from __future__ import annotations

import ast
import gzip
import html
import io
import json
import re
import tokenize
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

import dedup.boilerplate.rules as rules

from conftest import REPO_ROOT

PACKAGE = REPO_ROOT / "dedup" / "boilerplate"
DATA = REPO_ROOT.parent / "shared" / "data"
DEVELOPMENT = DATA / "article-extraction-benchmark"
HELDOUT = DATA / "trafilatura-eval"
WINDOW = 6
#: Text between double quotes (straight, curly, low-high) in a comment or docstring.
QUOTED = re.compile(r'"([^"\n]{8,}?)"|“([^”\n]{8,}?)”|„([^“\n]{8,}?)“')
_NON_WORD = re.compile(r"\W+")
_TAG = re.compile(r"<[^>]*>")
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def words(text: str) -> str:
    """Lower-case words separated by single spaces (punctuation dropped)."""
    return _NON_WORD.sub(" ", text.lower()).strip()


def comments_and_docstrings(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    out = [tok.string for tok in tokenize.generate_tokens(io.StringIO(source).readline) if tok.type == tokenize.COMMENT]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            doc = ast.get_docstring(node)
            if doc:
                out.append(doc)
    # "#: ..." comments may run over several lines: join consecutive comment lines
    return ["\n".join(out)] if out else []


def examples() -> list[str]:
    found: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for text in comments_and_docstrings(path):
            flat = re.sub(r"\s*\n\s*(?:#:?\s*)?", " ", text)  # a quote may span comment lines
            found.extend(next(g for g in m.groups() if g) for m in QUOTED.finditer(flat))
    for table in (
        rules.STRONG_RULES,
        rules.SHORT_RULES,
        rules.CAPTION_RULES,
        rules.LABEL_RULES,
        rules.LINE_STEPS,
        rules.RUN_STEPS,
        rules.REGION_STEPS,
    ):
        for rule in table:
            found.extend(rule.examples)
    return found


def test_examples_are_found():
    found = examples()
    assert len(found) > 100
    assert "Sign up for our free morning newsletter" in found  # a rule table's example
    assert any("LISBON" in e for e in found)  # a comment's


def _texts(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


def evaluation_texts() -> Iterator[str]:
    """Every text of the development and held-out sets, one at a time."""
    for path in [
        DEVELOPMENT / "ground-truth.json",
        *sorted((DEVELOPMENT / "output").glob("*.json")),
        HELDOUT / "evaldata.json",
    ]:
        yield from _texts(json.loads(path.read_text(encoding="utf-8")))
    for path in sorted((HELDOUT / "html").glob("*.html.gz")):
        page = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        yield html.unescape(_TAG.sub(" ", _SCRIPT.sub(" ", page)))


def taken(windows: set[str], texts: Iterable[str]) -> set[str]:
    """The windows (``WINDOW`` words, see :func:`words`) that occur in one of ``texts``."""
    first = {w.split(" ", 1)[0] for w in windows}
    found: set[str] = set()
    for text in texts:
        tokens = words(text).split()
        for k, token in enumerate(tokens):
            if token in first:
                window = " ".join(tokens[k : k + WINDOW])
                if window in windows:
                    found.add(window)
    return found


def windows_of(example: str) -> list[str]:
    w = words(example).split()
    return [" ".join(w[k : k + WINDOW]) for k in range(len(w) - WINDOW + 1)]


def test_windows_are_found():
    windows = set(windows_of("Sign up for our free morning newsletter today"))
    assert taken(windows, ["Why not sign up for our free morning newsletter?", "nothing here"]) == {
        "sign up for our free morning",
        "up for our free morning newsletter",
    }
    assert taken(windows, ["Sign up for our free evening newsletter today"]) == set()


@pytest.mark.skipif(
    not (DEVELOPMENT / "ground-truth.json").is_file() or not (HELDOUT / "evaldata.json").is_file(),
    reason="evaluation data absent",
)
def test_no_example_is_taken_from_the_evaluation_pages():
    by_window = {w: example for example in dict.fromkeys(examples()) for w in windows_of(example)}
    found = taken(set(by_window), evaluation_texts())
    assert not found, sorted({by_window[w] for w in found})
