"""The command line, on real files."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dedup.cli import main
from dedup.sources import read_documents, scan_inputs

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
# A file's id is its path as given (here absolute).
SEED_000 = str(SEEDS / "000_19b6cf287e338798.txt")
SEED_001 = str(SEEDS / "001_110dc85f55a30326.txt")
SEED_002 = str(SEEDS / "002_9ba2c5f22cb1b3fa.txt")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines() if line.strip()], err


def by_id(records):
    return {r["id"]: r for r in records}


def test_cluster_seeds_folder(capsys):
    code, records, err = run(capsys, "cluster", str(SEEDS))
    assert code == 0
    recs = by_id(records)
    assert set(recs) == {SEED_000, SEED_001, SEED_002}
    assert recs[SEED_000]["cluster"] == recs[SEED_001]["cluster"] != recs[SEED_002]["cluster"]
    assert recs[SEED_002]["representative"] == SEED_002
    assert recs[SEED_001]["duplicate_of"] == SEED_000
    assert 0.7 <= recs[SEED_001]["similarity"] <= 1.0
    assert set(records[0]) == {
        "id",
        "cluster",
        "representative",
        "duplicate_of",
        "similarity",
        "jaccard",
        "containment",
        "article",
    }
    assert recs[SEED_001]["jaccard"] == recs[SEED_001]["similarity"] <= recs[SEED_001]["containment"]
    assert "3 documents, 2 clusters, 1 duplicate removed" in err


def test_unique_writes_representatives_only(capsys, tmp_path):
    out_file = tmp_path / "out.jsonl"
    code, records, _ = run(capsys, "cluster", str(SEEDS), "--unique", "-o", str(out_file), "-q")
    assert code == 0 and records == []
    written = [json.loads(line) for line in out_file.read_text().splitlines()]
    assert len(written) == 2
    assert all(r["representative"] == r["id"] for r in written)


def test_jsonl_fields_and_stdin(capsys, tmp_path, monkeypatch):
    text = Path(SEED_000).read_text()
    lines = [
        json.dumps({"doc": "x", "body": text}),
        "",
        json.dumps({"doc": 7, "body": text.replace("\n", "\r\n")}),
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n")
    code, records, _ = run(capsys, "cluster", str(path), "--id-field", "doc", "--text-field", "body", "-q")
    assert code == 0
    assert [r["id"] for r in records] == ["x", 7]
    assert records[1]["duplicate_of"] == "x" and records[1]["similarity"] == 1.0

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(path.read_bytes())))
    code, records2, _ = run(capsys, "cluster", "-", "--id-field", "doc", "--text-field", "body", "-q")
    assert code == 0 and records2 == records


@pytest.mark.parametrize(
    "content, message",
    [
        (b'{"id": "a", "text": "fine"}\n{"id": "b"}\n', "in.jsonl:2: no 'text' field"),
        (b'{"id": "a", "text": 5}\n', "in.jsonl:1: field 'text' must be a string, got int"),
        (b'{"id": null, "text": "x"}\n', "in.jsonl:1: field 'id' must be a string or integer"),
        (b'{"id": "a", "text": "x"}\n{"id": "a", "text": "y"}\n', "in.jsonl:2: duplicate id 'a'"),
        (b'{"id": "a", "text": "\xff"}\n', "in.jsonl:1: invalid UTF-8"),
        (b"not json\n", "in.jsonl:1: invalid JSON"),
        (b"[1, 2]\n", "in.jsonl:1: expected a JSON object"),
    ],
)
def test_bad_jsonl_exits_2_naming_file_and_line(capsys, tmp_path, content, message):
    path = tmp_path / "in.jsonl"
    path.write_bytes(content)
    code, records, err = run(capsys, "cluster", str(path))
    assert code == 2
    assert records == []
    assert message in err
    assert "Traceback" not in err


def test_skip_bad_keeps_good_documents(capsys, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"id": "a", "text": "one story"}\n{"id": "b"}\n{"id": "c", "text": "another"}\n')
    code, records, err = run(capsys, "cluster", str(path), "--skip-bad")
    assert code == 0
    assert [r["id"] for r in records] == ["a", "c"]
    assert "skipped" in err and "in.jsonl:2" in err


def test_invalid_utf8_text_file(capsys, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9 au lait")
    code, _, err = run(capsys, "cluster", str(bad))
    assert code == 2 and "bad.txt: invalid UTF-8 at byte 3" in err
    shutil.copy(SEED_000, tmp_path / "good.txt")
    code, records, err = run(capsys, "cluster", str(tmp_path), "--skip-bad")
    assert code == 0 and [r["id"] for r in records] == [str(tmp_path / "good.txt")]
    assert "bad.txt" in err


def test_missing_file_and_unsupported_type(capsys, tmp_path):
    code, _, err = run(capsys, "cluster", str(tmp_path / "nope.txt"))
    assert code == 2 and "nope.txt: cannot read" in err
    other = tmp_path / "a.csv"
    other.write_text("x")
    code, _, err = run(capsys, "cluster", str(other))
    assert code == 2 and "unsupported file type" in err


def test_folder_recursion_counts_other_files(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("bee")
    (tmp_path / "a.txt").write_text("ay")
    (tmp_path / "notes.md").write_text("not a document")
    inputs = scan_inputs([str(tmp_path)])
    docs = list(read_documents(inputs))
    assert docs == [(f"{tmp_path}/a.txt", "ay"), (f"{tmp_path}/sub/b.txt", "bee")]
    assert inputs.report.summary() == f"skipped: 1 file of another type (e.g. {tmp_path}/notes.md)"


def test_invalid_parameter_exits_2(capsys):
    code, _, err = run(capsys, "cluster", str(SEEDS), "--threshold", "1.5")
    assert code == 2 and "threshold" in err


def test_strip_command(capsys, tmp_path):
    code = main(["strip", SEED_001])
    out = capsys.readouterr().out
    assert code == 0
    assert "Join the newsletter!" not in out and "Show Comments" not in out
    assert "Both AT&T and China Telecom are already partners" in out
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff")
    assert main(["strip", str(bad)]) == 2
    assert "invalid UTF-8" in capsys.readouterr().err


def test_console_script_runs_on_seeds():
    exe = shutil.which("dedup", path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    cmd = [exe] if exe else [sys.executable, "-m", "dedup"]
    proc = subprocess.run(cmd + ["cluster", str(SEEDS)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    records = by_id(json.loads(line) for line in proc.stdout.splitlines())
    assert records[SEED_000]["cluster"] == records[SEED_001]["cluster"] != records[SEED_002]["cluster"]
