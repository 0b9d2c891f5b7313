"""Opening an index file and creating one are different requests (issue 17).

A mistyped path must not silently become a new, empty index in which every
article looks new: ``open_index``, ``Deduplicator(path=...)`` and every
``dedup index`` command refuse a missing (or empty) file, naming it and
saying how to make one; only ``create=True`` / ``dedup index add --create``
makes a new index.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import dedup
from dedup import Deduplicator, IndexFileError
from dedup.cli import main

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
TEXT = "Rain is expected across the north on Tuesday, forecasters said in a statement."


def test_a_missing_file_is_refused_and_not_created(tmp_path):
    path = str(tmp_path / "nwes.db")  # a typo
    for opener in (
        lambda: dedup.open_index(path),
        lambda: dedup.open_index(path, threshold=0.7),
        lambda: Deduplicator(path=path),
        lambda: dedup.open_index(path, read_only=True),
    ):
        with pytest.raises(IndexFileError, match="no such index file") as info:
            opener()
        assert str(info.value).startswith(f"{path}: ")
    assert os.listdir(tmp_path) == []  # nothing created, not even -wal/-shm
    with pytest.raises(IndexFileError, match=r"create=True \(on the command line: dedup index add --create\)"):
        dedup.open_index(path)


def test_create_makes_a_new_index_and_opens_an_existing_one(tmp_path):
    path = str(tmp_path / "news.db")
    with dedup.open_index(path, create=True, threshold=0.7) as index:
        index.add("a", TEXT)
    with dedup.open_index(path, create=True) as index:  # exists: opened with what it stores
        assert len(index) == 1 and index.threshold == 0.7
    with Deduplicator(path=path, threshold=0.7) as index:  # no create needed for an existing file
        assert "a" in index
    other = str(tmp_path / "other.db")
    with Deduplicator(path=other, create=True, ngram=2) as index:
        assert len(index) == 0
    assert dedup.open_index(other).ngram == 2


def test_an_empty_file_is_not_an_index_unless_created(tmp_path):
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    with pytest.raises(IndexFileError, match="the file is empty, not a dedup index; to make a new index") as info:
        dedup.open_index(str(path))
    assert str(path) in str(info.value) and path.read_bytes() == b""
    with dedup.open_index(str(path), create=True) as index:  # e.g. a file from tempfile.mkstemp
        index.add("a", TEXT)
    assert len(dedup.open_index(str(path))) == 1


def test_contradictory_requests(tmp_path):
    with pytest.raises(ValueError, match="create=True .* read_only=True"):
        dedup.open_index(str(tmp_path / "x.db"), create=True, read_only=True)
    with pytest.raises(ValueError, match="create=True needs a path"):
        Deduplicator(create=True)
    assert os.listdir(tmp_path) == []


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_command_line_creates_only_with_create(capsys, tmp_path):
    db = str(tmp_path / "news.db")
    code, out, err = run(capsys, "index", "add", "--db", db, str(SEEDS))
    assert code == 2 and out == ""
    assert err.startswith(f"dedup: error: {db}: no such index file") and "--create" in err
    for argv in (
        ["query", "--db", db, str(SEEDS)],
        ["stats", "--db", db],
        ["expire", "--db", db, "--older-than", "1d"],
    ):
        code, out, err = run(capsys, "index", *argv)
        assert code == 2 and out == "" and err.startswith(f"dedup: error: {db}: no such index file")
        assert "dedup index add --create" in err
    assert os.listdir(tmp_path) == []

    code, out, err = run(capsys, "index", "add", "--create", "--db", db, str(SEEDS), "-q")
    assert code == 0, err
    assert len(out.splitlines()) == 3
    code, out, err = run(capsys, "index", "add", "--create", "--db", db, str(SEEDS / "002_9ba2c5f22cb1b3fa.txt"))
    assert code == 2 and "already in the index" in err  # --create on an existing file opens it
    assert json.loads(run(capsys, "index", "stats", "--db", db)[1])["documents"] == 3
