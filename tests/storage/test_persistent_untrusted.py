"""Index files from elsewhere (issue 17, probe 9).

SQLite runs what a file's schema says, so a file with triggers, views or any
object dedup does not create is refused when opened; every damaged file
(a page, the stored configuration, a value of the wrong type or length) is
an ``IndexFileError`` naming the file, never a bare ``JSONDecodeError``,
numpy ``ValueError`` or ``KeyError``; ``check()`` finds what ``add`` would
trip over.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3

import pytest

import dedup
import dedup.storage.sqlite.checks as storage
from dedup import Deduplicator, IndexFileError
from dedup.cli import main


def make_docs(n: int, seed: int = 1, prefix: str = "d") -> list[tuple[str, str]]:
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(800)]
    docs: list[tuple[str, str]] = []
    for i in range(n):
        if docs and i % 3 == 0:
            docs.append((f"{prefix}{i}", docs[-1][1] + " and more"))  # a near copy
        else:
            docs.append((f"{prefix}{i}", " ".join(rng.choice(vocab) for _ in range(70))))
    return docs


DOCS = make_docs(120)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> bytes:
    path = str(tmp_path_factory.mktemp("pristine") / "news.db")
    with dedup.open_index(path, create=True) as index:
        index.add_many(DOCS[:100])
        index.vacuum()  # everything in the main file
    with open(path, "rb") as f:
        return f.read()


@pytest.fixture
def index_file(tmp_path, pristine) -> str:
    path = tmp_path / "news.db"
    path.write_bytes(pristine)
    return str(path)


def tamper(path: str, *statements: str) -> None:
    con = sqlite3.connect(path)
    for sql in statements:
        con.execute(sql)
    con.commit()
    con.close()


def openers(path: str):
    return (
        lambda: dedup.open_index(path),
        lambda: dedup.open_index(path, read_only=True),
        lambda: Deduplicator(path=path),
    )


def refused(path: str, match: str) -> None:
    for opener in openers(path):
        with pytest.raises(IndexFileError, match=match) as info:
            opener()
        assert str(info.value).startswith(f"{path}: ")


# ---------------------------------------------------------------------------
# schema objects dedup does not create
# ---------------------------------------------------------------------------


def test_a_trigger_is_refused_before_it_can_run(index_file):
    tamper(
        index_file,
        "CREATE TABLE seen (doc_id)",
        "CREATE TRIGGER spy AFTER INSERT ON docs BEGIN INSERT INTO seen VALUES (new.doc_id); DELETE FROM clusters; END",
    )
    refused(index_file, r"refused: the file holds schema objects dedup does not create \(table 'seen', trigger 'spy'\)")
    con = sqlite3.connect(index_file)
    assert con.execute("SELECT COUNT(*) FROM seen").fetchone() == (0,)
    assert con.execute("SELECT COUNT(*) FROM clusters").fetchone()[0] > 0
    con.close()


@pytest.mark.parametrize(
    "sql, shown",
    [
        ("CREATE VIEW everything AS SELECT * FROM docs", "view 'everything'"),
        ("CREATE INDEX mine ON docs (words)", "index 'mine'"),
        ("CREATE TABLE notes (x)", "table 'notes'"),
    ],
)
def test_other_schema_objects_are_refused(index_file, sql, shown):
    tamper(index_file, sql)
    refused(index_file, f"schema objects dedup does not create \\({shown}\\)")


def test_a_modified_table_is_refused(index_file):
    tamper(index_file, "ALTER TABLE docs ADD COLUMN extra DEFAULT 1")
    refused(index_file, "table 'docs' defined otherwise than dedup defines it")


def test_a_missing_index_is_refused(index_file):
    tamper(index_file, "DROP INDEX docs_added")
    refused(index_file, "not a dedup index: index 'docs_added' missing from its schema")


def test_the_partners_table_of_version_2_is_checked_like_the_others(index_file):
    tamper(index_file, "DROP INDEX partners_first")
    refused(index_file, "not a dedup index: index 'partners_first' missing from its schema")


def test_a_version_1_file_with_the_partners_table_is_refused(index_file):
    """Version 1 has no partners table: a file claiming version 1 that holds
    one was not made by dedup (nor is it upgraded)."""
    tamper(index_file, "PRAGMA user_version = 1")
    refused(index_file, r"schema objects dedup does not create \(index 'partners_first', table 'partners'\)")


def test_schema_version_0_is_refused(index_file):
    tamper(index_file, "PRAGMA user_version = 0")
    refused(index_file, "schema version 0 is not supported")


def test_planner_statistics_are_allowed(index_file):
    tamper(index_file, "ANALYZE")
    with dedup.open_index(index_file) as index:
        assert len(index) == 100 and index.check() == []
        index.add_many(DOCS[100:])


def test_the_command_line_refuses_it_too(index_file, capsys):
    tamper(index_file, "CREATE TRIGGER t AFTER INSERT ON docs BEGIN DELETE FROM docs; END")
    for argv in (["add", "--db", index_file, "-"], ["stats", "--db", index_file]):
        assert main(["index", *argv]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"dedup: error: {index_file}: refused") and "trigger 't'" in err


# ---------------------------------------------------------------------------
# the stored configuration and meta values
# ---------------------------------------------------------------------------


def stored_config(path: str) -> dict:
    con = sqlite3.connect(path)
    config = json.loads(con.execute("SELECT value FROM meta WHERE key = 'config'").fetchone()[0])
    con.close()
    return config


@pytest.mark.parametrize(
    "value, match",
    [
        ("{not json", "its stored configuration is not valid JSON"),
        ("[1, 2]", "its stored configuration is list, not an object"),
        ('{"num_perm": 128}', "its stored configuration lacks ngram, seed"),
    ],
)
def test_a_configuration_that_is_not_one(index_file, value, match):
    tamper(index_file, f"UPDATE meta SET value = '{value}' WHERE key = 'config'")
    refused(index_file, f"damaged index: {match}")  # not a JSONDecodeError, KeyError or AttributeError


@pytest.mark.parametrize(
    "change, match",
    [
        ({"bands": [0, 5]}, "its stored bands are \\[0, 5\\], not two positive integers"),
        ({"ngram": "3"}, "its stored ngram is '3', not an integer"),
        ({"threshold": 7}, "its stored configuration is invalid \\(threshold must be a number in \\(0, 1\\]"),
    ],
)
def test_a_configuration_with_impossible_values(index_file, change, match):
    config = {**stored_config(index_file), **change}
    tamper(index_file, f"UPDATE meta SET value = '{json.dumps(config)}' WHERE key = 'config'")
    with pytest.raises(IndexFileError, match=match) as info:
        dedup.open_index(index_file)
    assert str(info.value).startswith(f"{index_file}: ")


@pytest.mark.parametrize("key, value", [("next_slot", "many"), ("segment_bits", "99"), ("next_slot", "-1")])
def test_meta_values_that_are_not_integers(index_file, key, value):
    tamper(index_file, f"UPDATE meta SET value = '{value}' WHERE key = '{key}'")
    refused(index_file, f"damaged index: meta '{key}' is")


# ---------------------------------------------------------------------------
# damaged pages and values
# ---------------------------------------------------------------------------


def damage_a_page(path: str) -> None:
    """Invert the first 200 bytes (the b-tree page header) of the docs table's root page."""
    con = sqlite3.connect(path)
    page = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'docs'").fetchone()[0]
    size = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    with open(path, "r+b") as f:
        f.seek((page - 1) * size)
        head = f.read(200)
        f.seek((page - 1) * size)
        f.write(bytes(255 - b for b in head))


def test_a_damaged_page_of_a_small_file_is_found_on_open(index_file):
    damage_a_page(index_file)
    refused(
        index_file, r"damaged index(, found on opening it: quick_check: .*Restore it from a copy|: the file is corrupt)"
    )


def test_a_damaged_page_of_a_large_file_is_an_index_file_error(index_file, monkeypatch):
    monkeypatch.setattr(storage, "QUICK_CHECK_MAX_BYTES", 0)  # as if the file were large: not read through on open
    damage_a_page(index_file)
    index = dedup.open_index(index_file)
    for call in (index.check, index.clusters, lambda: index.add_many(DOCS[100:])):
        try:
            result = call()
        except IndexFileError as exc:
            assert str(exc).startswith(f"{index_file}: ")
        else:
            assert call is not index.check or result, "a damaged page, yet check() found nothing"
    index.close()


@pytest.mark.parametrize(
    "column, sql, found",
    [
        ("signature", "substr(signature, 1, 100)", "1 signatures that are not 512-byte blobs"),
        ("signature", "'text'", "1 signatures that are not 512-byte blobs"),
        ("shingles", "substr(shingles, 1, 101)", "1 shingle sets that are not blobs of 4-byte hashes"),
    ],
)
def test_a_value_of_the_wrong_length_is_found_by_check_and_on_open(index_file, monkeypatch, column, sql, found):
    # slot 1 is the first copy of its content; DOCS[2] is a near copy of it, so adding it reads slot 1
    tamper(index_file, f"UPDATE fingerprints SET {column} = {sql} WHERE slot = 1")
    refused(index_file, f"damaged index, found on opening it: {found}")
    monkeypatch.setattr(storage, "QUICK_CHECK_MAX_BYTES", 0)
    index = dedup.open_index(index_file)
    assert found in index.check()
    with pytest.raises(
        IndexFileError,
        match=f"damaged index: the {'signature' if column == 'signature' else 'shingle set'} of slot 1 is",
    ):
        index.add("again", DOCS[1][1] + " once more")
    index.close()


def test_other_values_of_the_wrong_type_are_found_by_check(index_file, monkeypatch):
    monkeypatch.setattr(storage, "QUICK_CHECK_MAX_BYTES", 0)
    tamper(
        index_file,
        "UPDATE docs SET words = 'many' WHERE slot = 3",
        "UPDATE docs SET content_key = x'00' WHERE slot = 4",
        "UPDATE clusters SET size = 'x' WHERE id = (SELECT MIN(id) FROM clusters)",
    )
    problems = dedup.open_index(index_file).check()
    assert "2 documents with a value of the wrong type (id, cluster, words, content key, time)" in problems
    assert "1 clusters with a value of the wrong type" in problems


def test_an_id_that_is_not_utf8(index_file):
    tamper(index_file, "UPDATE docs SET doc_id = CAST(x'ff41' AS TEXT) WHERE slot = 0")
    with dedup.open_index(index_file) as index:
        with pytest.raises(IndexFileError, match="damaged index: a stored text is not valid UTF-8") as info:
            index.clusters()
        assert str(info.value).startswith(f"{index_file}: ")


@pytest.mark.parametrize("checked_on_open", [True, False])
def test_random_damage_is_always_an_index_file_error(tmp_path, pristine, monkeypatch, checked_on_open):
    """Overwrite random bytes of a small index 40 times: every use either
    works or raises IndexFileError naming the file."""
    if not checked_on_open:
        monkeypatch.setattr(storage, "QUICK_CHECK_MAX_BYTES", 0)
    rng = random.Random(17)
    path = str(tmp_path / "t.db")
    outcomes = {"ok": 0, "error": 0}
    for _ in range(40):
        data = bytearray(pristine)
        start = rng.randrange(100, len(data))
        for i in range(start, min(len(data), start + rng.choice([1, 4, 50, 400]))):
            data[i] = rng.randrange(256)
        for suffix in ("-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
        with open(path, "wb") as f:
            f.write(data)
        try:
            with dedup.open_index(path) as index:
                index.query(DOCS[4][1])
                index.clusters()
                index.add_many(DOCS[100:])
                index.check()
                index.remove("d7")
            outcomes["ok"] += 1
        except IndexFileError as exc:
            assert str(exc).startswith(f"{path}: ")
            outcomes["error"] += 1
    assert outcomes["error"] > 0
    shutil.rmtree(tmp_path, ignore_errors=True)
