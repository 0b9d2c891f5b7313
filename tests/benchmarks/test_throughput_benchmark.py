"""Smoke test of ``benchmarks/throughput.py`` on a tiny corpus (and of its corpus, ``benchmarks/corpora.py``).

Runs the script's ``main`` with 100 documents (peers on 20) and checks that
the JSON it writes has the expected keys and positive numbers, that the
corpus is deterministic, and that a missing ``rensa`` is skipped cleanly.
"""

from __future__ import annotations

import importlib.util
import json
import sys

import pytest

from benchmarks import corpora, throughput
from benchmarks.harness import target


def _rows(data):
    return {row["name"]: row for row in data["rows"]}


def test_corpus_is_deterministic_and_prefix_closed():
    docs_a, stats = corpora.build_corpus(60, seed=3)
    docs_b, _ = corpora.build_corpus(80, seed=3)
    assert docs_a == docs_b[:60]
    assert docs_a != corpora.build_corpus(60, seed=4)[0]
    assert stats["documents"] == 60 and 0 < stats["near_duplicates"] < 60
    words = [len(text.split()) for _, text in docs_a]
    # Originals have MIN_WORDS..MAX_WORDS body words (plus headline, byline);
    # teasers keep 60-90 % of the paragraphs.
    assert corpora.MIN_WORDS <= sorted(words)[len(words) // 2] <= corpora.MAX_WORDS + 40
    assert min(words) >= 0.3 * corpora.MIN_WORDS and max(words) <= corpora.MAX_WORDS + 80
    assert all("\n\n" in text for _, text in docs_a)  # paragraphs as lines


def test_main_writes_expected_json(tmp_path, capsys):
    out = tmp_path / "bench.json"
    result = throughput.main(
        # --accented 0: a word like "Zürich" costs dedup ~1 ms to normalise, keep the test quick.
        [
            "--n",
            "100",
            "--update-n",
            "20",
            "--bulk-n",
            "20",
            "--rensa-n",
            "20",
            "--repeat",
            "1",
            "--accented",
            "0",
            "--json",
            str(out),
            "--quiet",
        ]
    )
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["corpus"] == json.loads(json.dumps(result["corpus"]))
    for key in ("command", "machine", "corpus", "notes", "rows", "index_memory", "acceptance"):
        assert key in data
    assert data["machine"]["cpu_count"] >= 1 and data["machine"]["numpy"]
    rows = _rows(data)
    expected = [
        "dedup.cluster (defaults)",
        "dedup.cluster strip=False",
        "dedup.signatures",
        "Deduplicator().add_many",
        "datasketch MinHash.update()",
        "datasketch MinHash.bulk",
    ]
    for name in expected:
        row = rows[name]
        assert row["docs_per_s"] > 0 and row["mb_per_s"] > 0 and row["best_s"] > 0
        assert row["peak_mb"] > 0
        assert row["ratios"]["vs_update"] > 0 and row["ratios"]["vs_bulk"] > 0
    assert rows["dedup.cluster (defaults)"]["documents"] == 100
    assert data["corpus"]["documents"] == 100 and data["corpus"]["accented_fraction"] == 0
    assert rows["datasketch MinHash.update()"]["documents"] == 20
    if any(data["notes"]["workers_supported"].values()):
        assert "dedup.cluster workers=2" in rows or "dedup.signatures workers=2" in rows
    else:
        assert data["notes"]["workers"] == "workers: not supported by this version"
    if importlib.util.find_spec("rensa") is not None:
        assert rows["rensa RMinHash.update(list)"]["docs_per_s"] > 0
        assert "cluster_vs_rensa_update" in data["acceptance"]
    for kind in ("exact_true", "exact_false"):
        mem = data["index_memory"][kind]
        assert mem["nbytes_per_doc"] > 0 and mem["retained_per_doc"] > 0
    assert data["acceptance"]["cluster_vs_datasketch_update"]["ratio"] > 0
    if "dedup.cluster workers=1" in rows:
        budget = data["stripping_budget"]
        bare = rows["dedup.cluster workers=1 strip=False"]
        assert budget["rest_us_per_doc"] == pytest.approx(1e6 / bare["docs_per_s"])
        # 75x datasketch update(): the whole of cluster() may take 1e6 / (75 * update's docs/s) us
        update = rows["datasketch MinHash.update()"]["docs_per_s"]
        times = target("cluster_vs_datasketch_update").value
        assert times == 75 and target("strip_share_of_cluster").value == 0.2
        assert budget["budget_us_vs_update"] == pytest.approx(1e6 / (times * update) - budget["rest_us_per_doc"])
        assert budget["budget_us_share"] == pytest.approx(budget["rest_us_per_doc"] / 4)  # 0.2 of strip + rest
    printed = capsys.readouterr().out
    assert "docs/s" in printed and ("stripping budget:" in printed) == ("dedup.cluster workers=1" in rows)


def test_rensa_missing_is_skipped(monkeypatch, tmp_path, capsys):
    monkeypatch.setitem(sys.modules, "rensa", None)  # import rensa -> ImportError
    result = throughput.main(
        [
            "--n",
            "40",
            "--update-n",
            "5",
            "--bulk-n",
            "5",
            "--repeat",
            "1",
            "--no-memory",
            "--quiet",
            "--json",
            str(tmp_path / "b.json"),
        ]
    )
    names = {row["name"] for row in result["rows"]}
    assert not any(name.startswith("rensa") for name in names)
    assert "not installed" in result["notes"]["rensa"]
    assert "cluster_vs_rensa_update" not in result["acceptance"]
    assert "rensa: not installed" in capsys.readouterr().out
