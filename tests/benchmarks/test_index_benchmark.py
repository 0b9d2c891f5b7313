"""Smoke test of ``benchmarks/index.py`` (persistent index against the
in-memory one) on a tiny database."""

from __future__ import annotations

import json

from benchmarks import index as bench


def test_benchmark_script_runs(tmp_path, capsys):
    out = tmp_path / "result.json"
    argv = ["--n", "400", "--queries", "20", "--extra", "50", "--workers", "1", "--story-copies", "60", "--probe", "5"]
    assert bench.main([*argv, "--json", str(out)]) == 0
    result = json.loads(out.read_text())
    assert result["same_clusters"] and result["sqlite"]["check"] == []
    assert result["sqlite"]["add_docs_per_s"] > 0 and result["sqlite"]["query"]["p99_ms"] > 0
    probe = result["sqlite"]["big_cluster_probe"]
    assert probe["largest_cluster"] >= 65 and probe["copy"]["documents"] == probe["new"]["documents"] == 5
    assert probe["ratio_cpu"] > 0
    assert set(result["acceptance"]) == {"sqlite_add_docs_per_s", "sqlite_query_p99_ms"}
    assert result["acceptance"]["sqlite_query_p99_ms"]["value"] == result["sqlite"]["query"]["p99_ms"]
    assert "acceptance sqlite_add_docs_per_s:" in capsys.readouterr().out
