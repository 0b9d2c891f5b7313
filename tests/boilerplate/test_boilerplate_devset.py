"""Regression guards on the article-extraction benchmark (../shared/data).

Skipped when the data is absent; the rules themselves are covered by small
fixtures in test_boilerplate.py and test_boilerplate_rules.py.
"""

from __future__ import annotations

import pytest

import dedup.boilerplate as bp
from dedup.boilerplate import clear_cache, line_features
from dedup.boilerplate.document import Document
from dedup.boilerplate.features import features_without_cues
from dedup.boilerplate.text import split_lines

from conftest import REPO_ROOT

DATA = REPO_ROOT.parent / "shared" / "data" / "article-extraction-benchmark"

pytestmark = pytest.mark.skipif(not (DATA / "ground-truth.json").exists(), reason="no ../shared/data")


@pytest.fixture(scope="module")
def bench():
    from benchmarks import boilerplate

    return boilerplate


@pytest.fixture(scope="module")
def data(bench):
    return bench.load(DATA)


def test_metric_reproduces_the_published_scores(bench, data):
    gold, _, outputs, _ = data
    published = {"html-text": 0.665, "trafilatura": 0.958, "readability": 0.922, "justext": 0.804}
    for tool, f1 in published.items():
        assert round(bench.score(outputs[tool], gold)["f1"], 3) == f1


def test_strip_boilerplate_on_whole_page_text(bench, data):
    gold, _, outputs, _ = data
    for naive, floor in (("html-text", 0.90), ("inscriptis", 0.89)):
        out = {k: bp.strip_boilerplate(outputs[naive].get(k, "")) for k in gold}
        s = bench.score(out, gold)
        assert s["f1"] >= floor and s["precision"] >= 0.85 and s["recall"] >= 0.95, (naive, s)


def test_gold_text_passes_through(bench, data):
    gold, _, _, _ = data
    s = bench.score({k: bp.strip_boilerplate(v) for k, v in gold.items()}, gold)
    assert s["recall"] >= 0.97 and s["precision"] >= 0.99


def test_fast_path_equals_the_classifier_on_every_line(data):
    gold, _, outputs, _ = data
    checked = 0
    for texts in (outputs["html-text"], outputs["inscriptis"], gold):
        for text in texts.values():
            lines = split_lines(text)
            doc = Document(lines, "\n".join(lines))
            for i in doc.nonblank:
                if doc.quick[i]:
                    clear_cache()  # the classifier itself, not a cached result of the fast path
                    full = line_features(lines[i])
                    f = doc.features((i,)) if doc.quick[i] == 1 else features_without_cues(lines[i])
                    assert (f.label, f.rule, f.words, f.text) == (full.label, full.rule, full.words, full.text)
                    checked += 1
    assert checked > 50_000


def test_html_path(bench, data):
    pytest.importorskip("trafilatura")
    import dedup

    gold, _, _, pages = data
    out = {k: dedup.html_to_text(pages[k]) for k in gold}
    assert bench.score(out, gold)["f1"] >= 0.95
