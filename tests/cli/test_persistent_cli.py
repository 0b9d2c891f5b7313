"""``dedup index add|query|stats|expire --db FILE`` on real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import dedup
from dedup.cli import main
from dedup.cli.index import parse_duration

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED_000 = str(SEEDS / "000_19b6cf287e338798.txt")  # a file's id is its path as given
SEED_001 = str(SEEDS / "001_110dc85f55a30326.txt")
SEED_002 = str(SEEDS / "002_9ba2c5f22cb1b3fa.txt")
FIELDS = {"id", "representative", "duplicate_of", "similarity", "jaccard", "containment", "article"}


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def records(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_add_query_stats_expire(capsys, tmp_path):
    db = str(tmp_path / "news.db")
    code, out, err = run(capsys, "index", "add", "--create", "--db", db, str(SEEDS))
    assert code == 0, err
    recs = records(out)
    assert [r["id"] for r in recs] == [SEED_000, SEED_001, SEED_002]
    assert set(recs[0]) == FIELDS
    assert recs[1]["duplicate_of"] == SEED_000 and recs[1]["jaccard"] <= recs[1]["containment"]
    assert recs[0]["duplicate_of"] is None and recs[2]["duplicate_of"] is None
    assert f"3 documents added to {db} (1 duplicate)" in err and "3 documents in 2 clusters" in err

    # a later run, new documents: the earlier ones are still known
    later = tmp_path / "later.jsonl"
    text = Path(SEED_001).read_text(encoding="utf-8")
    later.write_text(
        json.dumps({"id": "copy", "text": text}) + "\n" + json.dumps({"id": "new", "text": "Other."}) + "\n"
    )
    code, out, _ = run(capsys, "index", "add", "--db", db, str(later), "-q")
    assert code == 0
    assert records(out)[0] == {
        "id": "copy",
        "representative": records(out)[0]["representative"],
        "duplicate_of": SEED_001,
        "similarity": 1.0,
        "jaccard": 1.0,
        "containment": 1.0,
        "article": True,
    }

    code, out, _ = run(capsys, "index", "query", "--db", db, SEED_000)
    assert code == 0 and records(out)[0]["id"] == SEED_000 and records(out)[0]["duplicate_of"] == SEED_000

    code, out, _ = run(capsys, "index", "stats", "--db", db, "--check")
    stats = json.loads(out)
    assert code == 0 and stats["documents"] == 5 and stats["clusters"] == 3 and stats["duplicates"] == 2
    assert stats["problems"] == [] and stats["config"]["ngram"] == 3 and stats["oldest"].endswith("+00:00")

    code, out, _ = run(capsys, "index", "expire", "--db", db, "--older-than", "30d", "--vacuum")
    assert code == 0 and json.loads(out) == {"removed": 0, "documents": 5}
    index = dedup.open_index(db)
    index.expire(0.001)
    assert len(index) == 0
    index.close()


def test_options_of_a_new_index_are_stored_and_checked(capsys, tmp_path):
    db = str(tmp_path / "news.db")
    code, _, err = run(
        capsys, "index", "add", "--create", "--db", db, "--ngram", "2", "--no-strip", "--threshold", "0.7", str(SEEDS)
    )
    assert code == 0, err
    config = dedup.open_index(db, read_only=True).config
    assert (config["ngram"], config["strip"], config["threshold"]) == (2, False, 0.7)
    later = tmp_path / "x.txt"
    later.write_text("A new story.")
    code, _, err = run(capsys, "index", "add", "--db", db, str(later))  # options left out: the stored ones
    assert code == 0, err
    code, _, err = run(capsys, "index", "add", "--db", db, "--ngram", "3", str(later))
    assert code == 2 and f"dedup: error: {db}: the index was made with a different configuration" in err
    assert "ngram: stored 2, requested 3" in err


def test_bad_input_exits_2_naming_file_and_line_after_adding_what_came_before(capsys, tmp_path):
    db = str(tmp_path / "news.db")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "first story"}\n{"id": "b", "text": 3}\n{"id": "c", "text": "never"}\n')
    code, out, err = run(capsys, "index", "add", "--create", "--db", db, str(bad), "-q")
    assert code == 2
    assert f"{bad}:2: field 'text' must be a string" in err
    assert [r["id"] for r in records(out)] == ["a"]
    with dedup.open_index(db) as index:
        assert "a" in index and "c" not in index
    code, out, err = run(capsys, "index", "add", "--db", db, str(bad))
    assert code == 2 and f"dedup: error: {bad}:1: duplicate document id 'a': already in the index" in err
    code, out, err = run(capsys, "index", "add", "--db", db, str(bad), "--skip-bad")
    assert code == 0 and [r["id"] for r in records(out)] == ["c"]
    assert f"skipped: {bad}:1: duplicate document id 'a': already in the index" in err
    assert "skipped: 2 bad documents or files" in err


def test_skip_existing_runs_an_interrupted_ingestion_again(capsys, tmp_path):
    db = str(tmp_path / "news.db")
    first = tmp_path / "first.jsonl"
    first.write_text('{"id": "a", "text": "first story"}\n{"id": "b", "text": 3}\n')
    code, out, _ = run(capsys, "index", "add", "--create", "--db", db, str(first), "-q")
    assert code == 2 and [r["id"] for r in records(out)] == ["a"]  # stopped at the bad line
    again = tmp_path / "again.jsonl"
    again.write_text(
        '{"id": "a", "text": "first story"}\n{"id": "b", "text": "second story"}\n{"id": "c", "text": "first story"}\n'
    )
    code, out, err = run(capsys, "index", "add", "--db", db, str(again), "--skip-existing")
    assert code == 0, err
    assert [r["id"] for r in records(out)] == ["b", "c"]
    assert records(out)[1]["duplicate_of"] == "a"
    assert "2 documents added" in err and "1 skipped (already in the index)" in err
    with dedup.open_index(db) as index:
        assert len(index) == 3
    # an id given twice in one input is still refused, even if the index had it
    twice = tmp_path / "twice.jsonl"
    twice.write_text('{"id": "a", "text": "x"}\n{"id": "d", "text": "new"}\n{"id": "a", "text": "y"}\n')
    code, out, err = run(capsys, "index", "add", "--db", db, str(twice), "--skip-existing", "-q")
    assert code == 2 and f"{twice}:3: duplicate id 'a'" in err
    assert [r["id"] for r in records(out)] == ["d"]


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: str(p / "missing" / "news.db"), "does not exist"),
        (lambda p: (p / "notes.txt").write_text("not a database " * 100) and str(p / "notes.txt"), "not a dedup index"),
        (lambda p: str(p), "is a directory"),
    ],
    ids=["missing-directory", "foreign-file", "directory"],
)
def test_bad_index_files_exit_2_naming_the_file(capsys, tmp_path, make, message):
    db = make(tmp_path)
    for argv in (["add", "--db", db, str(SEEDS)], ["stats", "--db", db], ["query", "--db", db, str(SEEDS)]):
        code, out, err = run(capsys, "index", *argv)
        assert code == 2 and out == ""
        assert err.startswith(f"dedup: error: {db}") and (message in err or "no such index" in err)


def test_read_only_file_can_be_queried_not_changed(capsys, tmp_path):
    db = str(tmp_path / "news.db")
    assert run(capsys, "index", "add", "--create", "--db", db, str(SEEDS), "-q")[0] == 0
    os.chmod(db, 0o444)
    try:
        code, out, _ = run(capsys, "index", "query", "--db", db, str(SEEDS))
        assert code == 0 and len(records(out)) == 3
        assert json.loads(run(capsys, "index", "stats", "--db", db)[1])["documents"] == 3
        code, _, err = run(capsys, "index", "expire", "--db", db, "--older-than", "1s")
        assert code == 2 and "read-only" in err and db in err
    finally:
        os.chmod(db, 0o644)


def test_durations():
    assert parse_duration("30d") == 30 * 86400 and parse_duration("12h") == 43200 and parse_duration("90m") == 5400
    assert parse_duration("45s") == 45 and parse_duration("3600") == 3600 and parse_duration("2w") == 14 * 86400
    for bad in ("", "0", "3x", "-1d", "d"):
        with pytest.raises(Exception, match="duration"):
            parse_duration(bad)


def test_add_from_stdin_in_a_real_process(tmp_path):
    db = str(tmp_path / "news.db")
    lines = "".join(json.dumps({"id": i, "text": f"Story number {i % 3} about the weather."}) + "\n" for i in range(6))
    result = subprocess.run(
        [sys.executable, "-m", "dedup", "index", "add", "--create", "--db", db, "-"],
        input=lines,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr
    recs = records(result.stdout)
    assert [r["id"] for r in recs] == list(range(6))
    assert [r["duplicate_of"] for r in recs] == [None, None, None, 0, 1, 2]
