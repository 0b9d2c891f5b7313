"""The chaining guard (dedup.index, "The chaining guard"): a document that
contains, or is contained in, members of two clusters that do not match each
other does not merge them by containment alone. Invented texts
(tests/conftest.py, CHAIN_TEXTS)."""

from __future__ import annotations

import itertools
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dedup
from dedup import Deduplicator
from dedup.cli import main
from dedup.storage.base import NO_PARTNER, PARTNER_REMOVED

V1_FILE = Path(__file__).resolve().parent / "fixtures" / "index-v1.db"
CHAIN = ("a", "b", "long")


def new_index(kind: str, tmp_path: Path, name: str = "chain.db") -> Deduplicator:
    if kind == "memory":
        return Deduplicator()
    return Deduplicator(path=tmp_path / name, create=True)


def matches(index: Deduplicator, docs) -> list[tuple]:
    return [
        (m.id, m.representative, m.duplicate_of, m.similarity, m.jaccard, m.containment) for m in index.add_many(docs)
    ]


def test_the_texts_have_the_shape_of_the_failure(chain_texts):
    a, b, long = (chain_texts[k] for k in CHAIN)
    for short in (a, b):
        e = dedup.explain(short, long)
        assert e.match and e.jaccard < 0.6 <= 0.8 <= e.containment, e
    assert not dedup.explain(a, b).match
    # Without the guard's decision, long joined both: it matches each by containment.
    assert dedup.explain(chain_texts["teaser"], chain_texts["story"]).match
    assert dedup.explain(chain_texts["story"], chain_texts["retold"]).jaccard >= 0.6


@pytest.mark.parametrize("kind", ["memory", "sqlite"])
@pytest.mark.parametrize("order", list(itertools.permutations(CHAIN)))
def test_a_long_page_joins_its_first_short_story_only(tmp_path, chain_texts, kind, order):
    index = new_index(kind, tmp_path)
    got = {m.id: m for m in index.add_many([(k, chain_texts[k]) for k in order])}
    first = min(("a", "b"), key=order.index)  # the earlier of the two stories
    other = ({"a", "b"} - {first}).pop()
    assert sorted(map(sorted, index.clusters())) == sorted([sorted(["long", first]), [other]])
    later = max(("long", first), key=order.index)
    assert got[later].duplicate_of == ({"long", first} - {later}).pop()
    assert got[other].duplicate_of is None or got[other].duplicate_of == "long" and other == "long"
    assert got[other].representative == other
    assert index.check() == []


@pytest.mark.parametrize("kind", ["memory", "sqlite"])
@pytest.mark.parametrize("order", list(itertools.permutations(("story", "retold", "teaser"))))
def test_a_teaser_contained_in_two_copies_of_a_story_joins_both(tmp_path, chain_texts, kind, order):
    index = new_index(kind, tmp_path)
    index.add_many([(k, chain_texts[k]) for k in order])
    assert len(index.clusters()) == 1
    assert index.check() == []


def test_batch_memory_and_sqlite_agree_and_query_is_what_add_returns(tmp_path, chain_texts):
    order = ["b", "long", "teaser", "a", "story", "retold"]
    docs = [(k, chain_texts[k]) for k in order]
    memory, disk = Deduplicator(), Deduplicator(path=tmp_path / "x.db", create=True)
    for index in (memory, disk):
        for doc_id, text in docs:
            expected = index.query(text)
            m = index.add(doc_id, text)
            assert (expected.duplicate_of, expected.similarity) == (m.duplicate_of, m.similarity), doc_id
    assert memory.clusters() == disk.clusters()
    batch = dedup.cluster([text for _, text in docs])
    assert [[order[i] for i in c] for c in batch] == memory.clusters()
    assert ["a"] in memory.clusters()  # "long" went with "b", which came first


def test_cli_cluster_keeps_the_stories_apart(tmp_path, chain_texts, capsys):
    path = tmp_path / "docs.jsonl"
    path.write_text("".join(json.dumps({"id": k, "text": chain_texts[k]}) + "\n" for k in CHAIN), encoding="utf-8")
    assert main(["cluster", str(path)]) == 0
    records = {r["id"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert records["a"]["cluster"] == records["long"]["cluster"] != records["b"]["cluster"]
    assert records["long"]["duplicate_of"] == "a" and records["b"]["duplicate_of"] is None


def test_containment_off_means_no_guard_needed(chain_texts):
    index = Deduplicator(containment=None)
    index.add_many([(k, chain_texts[k]) for k in CHAIN])
    assert len(index.clusters()) == 3


# -- removal ------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["memory", "sqlite"])
def test_a_removed_first_partner_blocks_further_containment_links(tmp_path, chain_texts, kind):
    index = new_index(kind, tmp_path)
    index.add_many([(k, chain_texts[k]) for k in CHAIN])
    index.remove("a")
    assert index.clusters() == [["b"], ["long"]]
    assert index.check() == []
    # "long" keeps a removed first partner: a story it contains does not join it.
    assert index.add("a again", chain_texts["a"]).duplicate_of is None
    assert index.check() == []
    store = index._store
    with store.read():
        assert store.first_partners([store.slot_of("long")]) == [PARTNER_REMOVED]


@pytest.mark.parametrize("kind", ["memory", "sqlite"])
def test_an_identical_copy_takes_the_place_of_a_removed_first_partner(tmp_path, chain_texts, kind):
    index = new_index(kind, tmp_path)
    index.add_many([("a", chain_texts["a"]), ("a copy", chain_texts["a"]), ("long", chain_texts["long"])])
    index.remove("a")
    assert index.clusters() == [["long", "a copy"]]
    store = index._store
    with store.read():
        slot = store.slot_of
        assert store.first_partners([slot("long"), slot("a copy")]) == [slot("a copy"), slot("long")]
    index.remove("long")
    with store.read():
        assert store.first_partners([store.slot_of("a copy")]) == [PARTNER_REMOVED]
    assert index.check() == []
    index.remove("a copy")
    assert len(index) == 0 and index.check() == []


# -- SQLite: the partners table and files of schema version 1 ---------------------


def test_check_finds_damaged_partner_rows(tmp_path, chain_texts):
    path = tmp_path / "x.db"
    with Deduplicator(path=path, create=True) as index:
        index.add_many([(k, chain_texts[k]) for k in CHAIN])
    con = sqlite3.connect(path)
    con.execute("INSERT INTO partners (slot, first) VALUES (99, 0)")
    con.execute("UPDATE partners SET first = 77 WHERE slot = 0")
    con.execute("UPDATE partners SET first = -5 WHERE slot = 1")
    con.commit()
    con.close()
    with Deduplicator(path=path) as index:
        problems = index.check()
    assert any("first containment partners of a missing document" in p for p in problems), problems
    assert any("first containment partners that are missing documents" in p for p in problems), problems
    assert any("first containment partners with a value of the wrong type" in p for p in problems), problems


def v1_copy(tmp_path: Path) -> Path:
    path = tmp_path / "v1.db"
    shutil.copyfile(V1_FILE, path)
    return path


def user_version(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA user_version").fetchone()[0]
    finally:
        con.close()


def test_a_version_1_file_opens_read_only_unchanged(tmp_path, chain_texts):
    """tests/fixtures/index-v1.db was written by the released version (commit
    a6a1221, schema version 1): CHAIN_TEXTS a, b, long, story, teaser, retold
    added in that order, one at a time. Without the guard, long joined a and b."""
    path = v1_copy(tmp_path)
    clusters = [["long", "a", "b"], ["story", "teaser", "retold"]]
    with Deduplicator(path=path, read_only=True) as index:
        assert index.clusters() == clusters
        assert index.check() == []
        assert index.query(chain_texts["b"]).duplicate_of == "b"  # an identical copy
        # first partners as the stored edges imply them: "long" has "a", so
        # a new text like "b" is not joined through "long" (but matches "b").
        assert index.query(chain_texts["b"] + " And that was all.").duplicate_of == "b"
    assert user_version(path) == 1


def test_a_version_1_file_is_upgraded_when_opened_writable(tmp_path, chain_texts):
    path = v1_copy(tmp_path)
    with Deduplicator(path=path) as index:
        assert index.clusters() == [["long", "a", "b"], ["story", "teaser", "retold"]]  # as before
        assert index.check() == []
        store = index._store
        with store.read():
            slot = store.slot_of
            assert store.first_partners([slot(k) for k in ("a", "b", "long", "teaser", "story", "retold")]) == [
                slot("long"),
                slot("long"),
                slot("a"),
                slot("story"),
                slot("teaser"),
                slot("teaser"),
            ]
        # New documents are judged with those partners, as in memory.
        index.add("x", chain_texts["teaser"] + " Read more on page four.")
        assert index.check() == []
    assert user_version(path) == 2
    with Deduplicator(path=path, read_only=True) as index:  # opens as version 2 now
        assert index.check() == []


def test_an_upgrade_that_fails_leaves_a_version_1_file(tmp_path, monkeypatch):
    from dedup.storage.sqlite import storage

    path = v1_copy(tmp_path)

    def broken(con):
        con.execute("CREATE TABLE partners (slot INTEGER PRIMARY KEY, first INTEGER NOT NULL)")
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(storage, "upgrade", broken)
    with pytest.raises(OSError, match="simulated"):
        Deduplicator(path=path)
    assert user_version(path) == 1
    with Deduplicator(path=path, read_only=True) as index:
        assert index.check() == []


# -- properties ---------------------------------------------------------------


@settings(max_examples=25)
@given(order=st.permutations(["a", "b", "long", "story", "teaser", "retold"]))
def test_the_partition_follows_the_rule_in_any_order(chain_texts, order):
    index = Deduplicator()
    index.add_many([(k, chain_texts[k]) for k in order])
    clusters = sorted(map(sorted, index.clusters()))
    first = min(("a", "b"), key=order.index)
    assert clusters == sorted([sorted(["long", first]), [({"a", "b"} - {first}).pop()], ["retold", "story", "teaser"]])


PIECES = ("a", "b", "teaser", "story")


@settings(max_examples=12)
@given(docs=st.lists(st.lists(st.sampled_from(PIECES), min_size=1, max_size=3, unique=True), min_size=2, max_size=7))
def test_memory_sqlite_and_batch_agree_on_containment_corpora(tmp_path_factory, chain_texts, docs):
    texts = ["\n\n".join(chain_texts[p] for p in pieces) for pieces in docs]
    items = [(f"d{i}", t) for i, t in enumerate(texts)]
    memory = Deduplicator()
    disk = Deduplicator(path=tmp_path_factory.mktemp("prop") / "x.db", create=True)
    assert matches(memory, items) == matches(disk, items)
    assert memory.clusters() == disk.clusters()
    assert disk.check() == []
    batch = dedup.cluster(texts)
    assert [[f"d{i}" for i in c] for c in batch] == memory.clusters()
    disk.close()


def test_no_partner_constant_is_what_unknown_slots_get():
    assert Deduplicator()._store.first_partners([5]) == [NO_PARTNER]


@settings(max_examples=10)
@given(
    docs=st.lists(st.lists(st.sampled_from(PIECES), min_size=1, max_size=3, unique=True), min_size=3, max_size=8),
    removals=st.lists(st.integers(0, 7), max_size=4, unique=True),
)
def test_memory_and_sqlite_agree_after_removals(tmp_path_factory, chain_texts, docs, removals):
    """Adding, removing some documents (first partners among them: redirected
    to an identical copy or marked removed), adding them again: memory and
    SQLite give the same matches and clusters, and the file checks clean."""
    items = [(f"d{i}", "\n\n".join(chain_texts[p] for p in pieces)) for i, pieces in enumerate(docs)]
    gone = [items[i] for i in removals if i < len(items)]
    memory = Deduplicator()
    disk = Deduplicator(path=tmp_path_factory.mktemp("prop") / "x.db", create=True)
    for index in (memory, disk):
        index.add_many(items)
        for doc_id, _ in gone:
            index.remove(doc_id)
    again = [(f"{doc_id} again", text) for doc_id, text in gone]
    assert matches(memory, again) == matches(disk, again)
    assert memory.clusters() == disk.clusters()
    assert disk.check() == []
    disk.close()
