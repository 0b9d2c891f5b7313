"""Tests of ``benchmarks/quality.py`` and ``benchmarks/newscorpus.py`` (corpus).

The metrics it uses are dedup.evaluate's (tests/test_evaluate.py); here the
transforms on small texts, the held-out corpus on invented pages, and the
corpus builder on the real benchmark data when ``../shared/data`` is present
(skipped otherwise).
"""

from __future__ import annotations

import json
import random

import pytest

from benchmarks import newscorpus as nc
from benchmarks import quality

from conftest import REPO_ROOT

DATA = REPO_ROOT.parent / "shared" / "data" / "article-extraction-benchmark"


# --------------------------------------------------------------------- transforms

ARTICLE = "\n\n".join(
    [
        "The city council approved the new budget on Tuesday after a long debate. Officials said it was close.",
        "The plan raises spending on schools and roads by four percent. It also freezes property taxes.",
        "Opponents said the council had not explained how it would pay for the new bus lines.",
        "The mayor said the measures would take effect next month. A report will follow in the spring.",
        "Residents can comment on the plan until the end of the month, the council said in a statement.",
    ]
)
VOCAB = nc.corpus_vocabulary([ARTICLE])


def _tokens(text):
    import dedup

    return dedup.tokenize(text)


def test_transforms_are_deterministic():
    for name in nc.TRANSFORMS:
        chrome = nc.Chrome(("Home", "News"), ("About us", "Contact"))
        a = nc.apply_transform(name, ARTICLE, nc.derived_rng(0, name, "p"), VOCAB, chrome)
        b = nc.apply_transform(name, ARTICLE, nc.derived_rng(0, name, "p"), VOCAB, chrome)
        assert a == b, name
        assert a != ARTICLE, name


def test_presentation_transforms_keep_the_words():
    rng = random.Random(1)
    for _ in range(5):
        assert _tokens(nc.merge_split_paragraphs(ARTICLE, rng, rate=0.9)) == _tokens(ARTICLE)
        assert _tokens(nc.unicode_whitespace_variant(ARTICLE + " The office's final figures.", rng)) == _tokens(
            ARTICLE + " The office's final figures."
        )


def test_teaser_wrap_and_short_story():
    t = nc.teaser(ARTICLE, random.Random(0))
    assert ARTICLE.startswith(t) and 0.5 * len(ARTICLE) < len(t) < len(ARTICLE)
    wrapped = nc.wrap_in_chrome(ARTICLE, nc.Chrome(("Site name", "", "Menu"), ("Footer line",)))
    assert wrapped.startswith("Site name\n\nMenu\n\n") and wrapped.endswith("\n\nFooter line")
    assert ARTICLE in wrapped
    long_text = "\n\n".join(ARTICLE.split("\n\n") * 4)
    for seed in range(10):
        s = nc.short_story(long_text, random.Random(seed), 30, 50)
        assert long_text.startswith(s.split("\n")[0]) and 15 <= len(s.split()) <= 50


def test_credits_and_headline_add_lines():
    rng = random.Random(3)
    for _ in range(5):
        c = nc.add_credits(ARTICLE, rng)
        assert c != ARTICLE and "Residents can comment" in c
    h = nc.retitle(ARTICLE, rng, VOCAB)
    assert h.count("\n\n") == ARTICLE.count("\n\n") + 1 and h.endswith(ARTICLE.split("\n\n")[-1])


def test_topic_and_site_pairs():
    texts = {
        "a": "volcano eruption lava ash village evacuated volcano",
        "b": "volcano lava ash flights cancelled eruption",
        "c": "football match goal referee stadium",
        "d": "football goal penalty stadium fans",
        "e": "parliament vote budget minister",
    }
    pairs = nc.topic_pairs(texts, 2)
    assert {(a, b) for a, b, _ in pairs} == {("a", "b"), ("c", "d")}
    urls = {"a": "https://www.x.com/1", "b": "http://x.com/2", "c": "https://y.org/3"}
    assert nc.same_site_pairs(urls, ["a", "b", "c"]) == [("a", "b")]


def test_evaluate_on_a_toy_corpus():
    docs = [
        nc.Doc("s1/0", "x", "s1", "original"),
        nc.Doc("s1/1", "x", "s1", "copy", ("teaser",), original="s1/0"),
        nc.Doc("s1/2", "x", "s1", "copy", ("wrap", "teaser"), original="s1/0"),
        nc.Doc("s2/0", "y", "s2", "original"),
        nc.Doc("n1", "z", "n1", "negative", ("template",)),
    ]
    corpus = nc.Corpus(docs, [("s2/0", "n1", "template")])
    m = quality.evaluate(corpus, [0, 0, 1, 2, 2])
    assert m["recall_per_transform"] == {"teaser": 0.5, "wrap": 0.0}
    assert m["recall_per_transform_alone"] == {"teaser": 1.0}
    assert m["hard_negatives_merged"] == 1 and m["missed"] == ["s1/2"]
    assert (m["precision"], m["recall"]) == (0.5, pytest.approx(1 / 3))


def test_merge_reasons():
    story = ARTICLE.split("\n\n")
    edited = ARTICLE.replace("four percent", "five percent")
    docs = [
        nc.Doc("a", ARTICLE, "a", "original"),
        nc.Doc("b", ARTICLE + "\n\nShare this article", "b", "original"),  # identical once stripped
        nc.Doc("c", edited, "c", "original"),  # Jaccard
        nc.Doc("d", "\n\n".join(story[:4]), "d", "original"),  # a teaser: containment
        nc.Doc("e", "Completely different text about the weather in the mountains this week.", "e", "original"),
    ]
    corpus = nc.Corpus(docs, [])
    merged = [("a", "b", "template"), ("a", "c", "site"), ("a", "d", "chrome"), ("a", "e", "topic")]
    assert quality.merge_reasons(corpus, merged, {"threshold": 0.9}) == {
        "identical after stripping": 1,
        "Jaccard": 1,
        "containment": 1,
        "through other documents": 1,
    }


# ------------------------------------------------------------------ on real data


@pytest.mark.skipif(not (DATA / "ground-truth.json").is_file(), reason="../shared/data not present")
def test_small_corpus_from_real_data(tmp_path, capsys):
    options = dict(max_stories=6, templates=1, shorts_per_template=2, topic_k=2, copies=(2, 3))
    corpus = nc.load_corpus(str(DATA), 0, **options)
    again = nc.load_corpus(str(DATA), 0, **options)
    assert [(d.id, d.text, d.label) for d in corpus.docs] == [(d.id, d.text, d.label) for d in again.docs]
    s = corpus.summary()
    assert s["stories"] == 6 and 12 <= s["copies"] <= 18
    assert s["hard_negative_pairs"]["template"] == 1 and s["hard_negative_pairs"]["topic"] == 2
    ids = {d.id for d in corpus.docs}
    assert len(ids) == len(corpus.docs)
    assert all(a in ids and b in ids for a, b, _ in corpus.hard_negatives)
    by_id = {d.id: d for d in corpus.docs}
    for d in corpus.docs:
        if d.role == "copy":
            assert by_id[d.original].label == d.label and d.text != by_id[d.original].text
        if d.role == "negative":
            assert sum(1 for x in corpus.docs if x.label == d.label) == 1
    docs = [(d.id, d.text) for d in corpus.docs]
    for pred in (quality.run_exact(docs), quality.run_dedup(docs, workers=1)):
        m = quality.evaluate(corpus, pred)
        assert 0.0 <= m["f1"] <= 1.0 and -1.0 <= m["ari"] <= 1.0
    # The whole command on that tiny corpus.
    prefix = str(tmp_path / "labels")
    assert (
        quality.main(
            [
                "--data",
                str(DATA),
                "--corpus",
                "current",
                "--seeds",
                "0",
                "--max-stories",
                "4",
                "--no-diagnostics",
                "--no-baselines",
                "--corpus-model",
                "--labels-out",
                prefix,
                "--json",
                prefix + ".json",
            ]
        )
        == 0
    )
    # dedup evaluate on the written labels scores what the benchmark scored.
    from dedup.cli import main as cli

    capsys.readouterr()
    assert cli(["evaluate", prefix + "-current.jsonl"]) == 0
    out = capsys.readouterr().out
    with open(prefix + ".json", encoding="utf-8") as f:
        systems = json.load(f)["corpora"]["current"]["systems"]
    m = systems[0]["metrics"]
    assert f"{m['precision']:9.4f} {m['recall']:7.4f} {m['f1']:7.4f}" in out
    # the defaults without the corpus model, and (--corpus-model) with one source for all, scored like the others.
    assert [row["short"] for row in systems] == ["dedup", "no-strip", "no-model", "one-source"]
    assert all(0.0 <= row["metrics"]["f1"] <= 1.0 for row in systems)


def test_missing_data_skips_cleanly(tmp_path, capsys):
    assert quality.main(["--data", str(tmp_path / "nowhere"), "--heldout", str(tmp_path / "nor-here")]) == 0
    out = capsys.readouterr().out
    assert "benchmark data not found" in out and "held-out data not found" in out
