"""The persistent index: ``Deduplicator(path=...)`` and ``dedup.open_index``.

Same decisions as the in-memory index, kept in an SQLite file: reopening,
configuration checks, read-only use, expiry, removal, bad files, and (with
real processes) a writer killed with SIGKILL and two concurrent writers.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

import dedup
from dedup import ConfigurationMismatch, Deduplicator, IndexFileError, Match, ReadOnlyIndexError

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]

# ---------------------------------------------------------------------------
# synthetic documents: stories, exact copies, edited copies, teasers, blanks
# ---------------------------------------------------------------------------

_rng = random.Random(99)
_VOCAB = [f"w{_rng.randrange(10**6)}" for _ in range(4000)]


def make_docs(n: int, seed: int, prefix: str = "d", words=(60, 140)) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    stories: list[list[str]] = []
    docs = []
    for i in range(n):
        r = rng.random()
        if stories and r < 0.15:
            toks = rng.choice(stories[-50:])  # exact copy
        elif stories and r < 0.3:
            toks = list(rng.choice(stories[-50:]))
            for _ in range(rng.randint(1, 4)):
                toks[rng.randrange(len(toks))] = rng.choice(_VOCAB)  # edited copy
        elif stories and r < 0.38:
            src = rng.choice(stories[-50:])
            toks = src[: int(len(src) * rng.uniform(0.6, 0.9))]  # teaser
        elif r < 0.4:
            toks = rng.choice([[], ["Breaking"], ["Storm", "warning"]])
        else:
            toks = [rng.choice(_VOCAB) for _ in range(rng.randint(*words))]
            stories.append(toks)
        docs.append((f"{prefix}{i}", " ".join(toks)))
    return docs


@pytest.fixture(scope="module")
def docs():
    return make_docs(400, seed=1)


def partition(clusters) -> set[frozenset]:
    return {frozenset(c) for c in clusters}


def db(tmp_path, name="news.db") -> str:
    return str(tmp_path / name)


# ---------------------------------------------------------------------------
# the same decisions as in memory
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("exact", [True, False])
def test_parity_with_in_memory_index(tmp_path, docs, exact):
    memory = Deduplicator(exact=exact, batch_size=64)
    disk = Deduplicator(exact=exact, batch_size=64, path=db(tmp_path), create=True)
    expected = memory.add_many(docs)
    assert disk.add_many(docs) == expected
    assert any(m.is_duplicate for m in expected) and any(m.similarity == 1.0 for m in expected)
    assert disk.clusters() == memory.clusters()
    assert len(disk) == len(memory) == len(docs)
    for _, text in docs[::17] + [("q", "nothing like it"), ("e", "")]:
        assert disk.query(text) == memory.query(text)
    for doc_id, _ in docs[::5]:
        memory.remove(doc_id)
        disk.remove(doc_id)
    assert disk.clusters() == memory.clusters()
    assert [disk.representative(i) for i, _ in docs[1::5]] == [memory.representative(i) for i, _ in docs[1::5]]
    more = make_docs(60, seed=2, prefix="m")
    assert disk.add_many(more) == memory.add_many(more)
    assert disk.clusters() == memory.clusters()
    assert disk.check() == []


def test_parity_one_document_at_a_time(tmp_path, docs):
    memory = Deduplicator()
    disk = Deduplicator(path=db(tmp_path), create=True)
    for doc_id, text in docs[:120]:
        assert disk.add(doc_id, text) == memory.add(doc_id, text)
    assert disk.clusters() == memory.clusters()


def test_seeds_on_disk(tmp_path, seed_docs):
    index = Deduplicator(path=db(tmp_path), create=True)
    index.add_many(seed_docs)
    assert partition(index.clusters()) == {frozenset({"000", "001"}), frozenset({"002"})}
    assert index.clusters() == dedup.cluster(seed_docs)


# ---------------------------------------------------------------------------
# reopening
# ---------------------------------------------------------------------------


def test_reopen_restores_everything(tmp_path, docs):
    path = db(tmp_path)
    memory = Deduplicator(threshold=0.7, ngram=2)
    with Deduplicator(path=path, create=True, threshold=0.7, ngram=2) as index:
        index.add_many(docs[:300], timestamp=1_700_000_000)
        memory.add_many(docs[:300])
    with dedup.open_index(path) as index:
        assert (index.threshold, index.ngram, index.bands) == (0.7, 2, memory.bands)
        assert len(index) == 300 and docs[0][0] in index and "nope" not in index
        assert index.clusters() == memory.clusters()
        assert index.query(docs[10][1]) == memory.query(docs[10][1])
        assert index.stats()["oldest"] == datetime.fromtimestamp(1_700_000_000, tz=timezone.utc)
        # and carries on where it stopped, as the in-memory index does
        assert index.add_many(docs[300:]) == memory.add_many(docs[300:])
        assert index.clusters() == memory.clusters()
    with Deduplicator(path=path, threshold=0.7, ngram=2) as index:
        assert index.clusters() == memory.clusters()


def test_plain_string_ids_continue_across_sessions(tmp_path):
    path = db(tmp_path)
    with Deduplicator(path=path, create=True) as index:
        assert [m.id for m in index.add_many(["one text here", "two text here"])] == [0, 1]
    with dedup.open_index(path) as index:
        assert [m.id for m in index.add_many(["three text here"])] == [2]
        assert 0 in index and "0" not in index


def test_str_and_int_ids_stay_distinct(tmp_path):
    index = Deduplicator(path=db(tmp_path), create=True)
    index.add(1, "The same story about rain.")
    index.add("1", "The same story about rain.")
    assert len(index) == 2 and partition(index.clusters()) == {frozenset({1, "1"})}
    with pytest.raises(ValueError, match="64 bits"):
        index.add(2**70, "text")
    with pytest.raises(ValueError, match="Unicode"):
        index.add("bad\ud800id", "text")
    with pytest.raises(ValueError, match="already in the index"):
        index.add("1", "other")


# ---------------------------------------------------------------------------
# configuration
# ---------------------------------------------------------------------------


def test_conflicting_configuration_is_refused(tmp_path):
    path = db(tmp_path)
    Deduplicator(path=path, create=True, threshold=0.7, ngram=2).close()
    with pytest.raises(ConfigurationMismatch) as info:
        Deduplicator(path=path, threshold=0.6, ngram=2)
    msg = str(info.value)
    assert path in msg and "threshold: stored 0.7, requested 0.6" in msg and "open_index" in msg
    assert info.value.differences == {"threshold": (0.7, 0.6)}
    with pytest.raises(ConfigurationMismatch, match=r"ngram: stored 2, requested 3"):
        dedup.open_index(path, ngram=3)
    with pytest.raises(ConfigurationMismatch, match=r"num_perm: stored 128, requested 64"):
        dedup.open_index(path, num_perm=64)
    with pytest.raises(ConfigurationMismatch, match=r"bands: stored \(\d+, \d+\), requested \(8, 16\)"):
        dedup.open_index(path, bands=(8, 16))
    with pytest.raises(ConfigurationMismatch, match="strip"):
        dedup.open_index(path, strip=False)
    with dedup.open_index(path, threshold=0.7) as index:  # agreeing options are fine
        assert index.ngram == 2
    assert isinstance(info.value, ValueError) and isinstance(info.value, IndexFileError)


def test_bands_of_an_earlier_default_are_kept(tmp_path):
    """A file made when the default LSH bands were 32 x 4 (lsh_threshold 0.5)
    opens with the defaults and keeps its bands; bands asked for must agree."""
    path = db(tmp_path)
    story = " ".join(f"word{i} said the council on day {i % 7}." for i in range(60))
    with Deduplicator(path=path, create=True, lsh_threshold=0.5) as index:
        assert index.bands == (32, 4)
        index.add("a", story)
    assert Deduplicator().bands != (32, 4)  # the default now differs
    with Deduplicator(path=path) as index:
        assert (index.bands, index.lsh_threshold) == ((32, 4), 0.5)
        assert index.add("b", story + " More news.").duplicate_of == "a"
    with pytest.raises(ConfigurationMismatch, match=r"bands: stored \(32, 4\)"):
        Deduplicator(path=path, lsh_threshold=0.3)
    with pytest.raises(ConfigurationMismatch, match=r"bands: stored \(32, 4\)"):
        Deduplicator(path=path, bands=(32, 2))


def test_other_normalization_version_is_refused(tmp_path):
    path = db(tmp_path)
    Deduplicator(path=path, create=True).close()
    con = sqlite3.connect(path)
    config = json.loads(con.execute("SELECT value FROM meta WHERE key = 'config'").fetchone()[0])
    config["normalization"] = 999
    con.execute("UPDATE meta SET value = ? WHERE key = 'config'", (json.dumps(config),))
    con.commit()
    con.close()
    with pytest.raises(ConfigurationMismatch, match=r"normalization: stored 999, requested \d+") as info:
        dedup.open_index(path)
    # open_index is what failed: the advice is to rebuild, not to open it so.
    assert "rebuild the index" in str(info.value) and "open_index(path)" not in str(info.value)


# ---------------------------------------------------------------------------
# bad files
# ---------------------------------------------------------------------------


def test_missing_directory(tmp_path):
    path = str(tmp_path / "no" / "such" / "dir" / "news.db")
    with pytest.raises(IndexFileError, match="directory .* does not exist") as info:
        Deduplicator(path=path)
    assert path in str(info.value)


def test_a_directory_is_not_an_index(tmp_path):
    with pytest.raises(IndexFileError, match="is a directory"):
        Deduplicator(path=str(tmp_path))


def test_foreign_text_file(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("these are my notes, not a database\n" * 200)
    for opener in (lambda: Deduplicator(path=str(path)), lambda: dedup.open_index(str(path))):
        with pytest.raises(IndexFileError, match="not a dedup index") as info:
            opener()
        assert str(path) in str(info.value)
    assert path.read_text().startswith("these are my notes")  # left alone


def test_foreign_sqlite_database(tmp_path):
    path = str(tmp_path / "other.db")
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    con.commit()
    con.close()
    with pytest.raises(
        IndexFileError, match=r"not a dedup index: an SQLite database with application_id 0x0 and tables customers"
    ):
        Deduplicator(path=path)
    with pytest.raises(IndexFileError, match="not a dedup index"):
        dedup.open_index(path)


def test_index_from_a_newer_dedup(tmp_path):
    path = db(tmp_path)
    Deduplicator(path=path, create=True).close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 99")
    con.close()
    with pytest.raises(IndexFileError, match="newer dedup"):
        Deduplicator(path=path)


def test_corrupt_header(tmp_path, docs):
    path = db(tmp_path)
    with Deduplicator(path=path, create=True) as index:
        index.add_many(docs[:50])
    with open(path, "r+b") as f:
        f.write(b"\x00garbage" * 20)
    with pytest.raises(IndexFileError, match="corrupt or not an SQLite database") as info:
        dedup.open_index(path)
    assert path in str(info.value)


def test_corrupt_pages_are_reported_not_raw_sqlite_errors(tmp_path, docs):
    path = db(tmp_path)
    with Deduplicator(path=path, create=True) as index:
        index.add_many(docs)
        index.vacuum()  # everything in the main file
    size = os.path.getsize(path)
    with open(path, "r+b") as f:
        f.seek(size // 2)
        f.write(os.urandom(size // 4))
    try:
        index = dedup.open_index(path)
        problems = index.check()
        assert problems, "a quarter of the file overwritten, yet check() found nothing"
        for call in (index.clusters, lambda: index.add_many(make_docs(100, seed=5, prefix="x"))):
            try:
                call()
            except IndexFileError as exc:
                assert path in str(exc)
    except IndexFileError as exc:  # or already refused when opened
        assert path in str(exc)


# ---------------------------------------------------------------------------
# read-only
# ---------------------------------------------------------------------------


def test_read_only_open_refuses_writes(tmp_path, docs):
    path = db(tmp_path)
    with Deduplicator(path=path, create=True) as index:
        index.add_many(docs[:100])
        expected = index.clusters()
    reader = dedup.open_index(path, read_only=True)
    assert reader.clusters() == expected and reader.query(docs[3][1]).duplicate_of is not None
    for write in (
        lambda: reader.add("new", "some text"),
        lambda: reader.remove(docs[0][0]),
        lambda: reader.expire(timedelta(days=1)),
        reader.vacuum,
    ):
        with pytest.raises(ReadOnlyIndexError, match="read-only") as info:
            write()
        assert path in str(info.value)
    assert len(reader) == 100
    with pytest.raises(IndexFileError, match="no such index"):
        dedup.open_index(db(tmp_path, "missing.db"), read_only=True)
    with pytest.raises(ValueError, match="needs a path"):
        Deduplicator(read_only=True)


def test_read_only_file(tmp_path, docs):
    path = db(tmp_path)
    with Deduplicator(path=path, create=True) as index:
        index.add_many(docs[:50])
    os.chmod(path, 0o444)
    try:
        with pytest.raises(ReadOnlyIndexError, match="read-only; open it with read_only=True") as info:
            Deduplicator(path=path)
        assert path in str(info.value)
        with dedup.open_index(path, read_only=True) as reader:
            assert len(reader) == 50
    finally:
        os.chmod(path, 0o644)


# ---------------------------------------------------------------------------
# remove, expire, window, stats, vacuum
# ---------------------------------------------------------------------------

STORY = (
    "The city council approved the new budget after a long debate on Tuesday night, "
    "officials said in a statement. The plan raises spending on schools and roads."
)


def test_remove_representative_chooses_new_one(tmp_path):
    longest = STORY + " The mayor welcomed the vote and thanked the council members."
    middle = STORY + " The mayor welcomed the vote."
    path = db(tmp_path)
    index = Deduplicator(threshold=0.6, bands=(64, 2), path=path, create=True)
    index.add("a", STORY)
    index.add("b", longest)
    index.add("c", middle)
    assert index.clusters() == [["b", "a", "c"]]
    index.remove("b")
    assert index.clusters() == [["c", "a"]] and index.representative("a") == "c"
    index.close()
    index = dedup.open_index(path)
    index.remove("c")
    assert index.clusters() == [["a"]] and index.representative("a") == "a"
    assert index.check() == []
    with pytest.raises(KeyError, match="'c'"):
        index.remove("c")


def test_remove_first_of_identical_copies(tmp_path):
    index = Deduplicator(path=db(tmp_path), create=True)
    index.add_many([("a", STORY), ("b", STORY), ("c", STORY), ("other", "Markets rallied on Friday.")])
    index.remove("a")
    assert index.query(STORY).duplicate_of == "b"
    assert index.add("d", STORY).duplicate_of == "b"
    index.remove("b")
    assert partition(index.clusters()) == {frozenset({"c", "d"}), frozenset({"other"})}
    assert index.query(STORY) == Match(None, "c", "c", 1.0, 1.0, 1.0)
    assert index.check() == []


def test_expire_and_window(tmp_path):
    day = 86400.0
    start = 1_750_000_000.0
    days = [make_docs(40, seed=10 + d, prefix=f"day{d}-") for d in range(6)]
    path = db(tmp_path)
    index = Deduplicator(path=path, create=True)
    memory = Deduplicator()
    for d, batch in enumerate(days):
        index.add_many(batch, timestamp=start + d * day)
        memory.add_many(batch, timestamp=start + d * day)
    cutoff = datetime.fromtimestamp(start + 2 * day, tz=timezone.utc)
    assert index.expire(older_than=cutoff) == 80 == memory.expire(older_than=cutoff)
    assert len(index) == 160 and "day0-0" not in index and "day2-0" in index
    assert index.clusters() == memory.clusters()
    assert index.stats()["oldest"] == cutoff
    assert index.expire(timedelta(days=1)) == 160  # all were inserted "years ago"
    assert len(index) == 0 and index.clusters() == [] and index.check() == []

    windowed = Deduplicator(path=db(tmp_path, "window.db"), create=True, window=timedelta(days=2))
    windowed_memory = Deduplicator(window=2 * day)
    for d, batch in enumerate(days):
        assert windowed.add_many(batch, timestamp=start + d * day) == windowed_memory.add_many(
            batch, timestamp=start + d * day
        )
    # documents older than two days before the last batch are gone
    assert sorted(map(str, windowed.clusters())) == sorted(map(str, windowed_memory.clusters()))
    assert len(windowed) == 120 and "day2-0" not in windowed and "day3-0" in windowed
    assert windowed.check() == []
    with pytest.raises(ValueError, match="positive"):
        Deduplicator(window=0)


def test_stats_and_vacuum(tmp_path, docs):
    path = db(tmp_path)
    index = Deduplicator(path=path, create=True)
    before = datetime.now(timezone.utc)
    index.add_many(docs)
    stats = index.stats()
    assert stats["documents"] == len(docs) and stats["clusters"] == len(index.clusters())
    assert stats["duplicates"] == len(docs) - stats["clusters"] > 0
    assert stats["bytes"] > 0 and stats["path"] == path
    assert before - timedelta(seconds=5) <= stats["oldest"] <= stats["newest"] <= datetime.now(timezone.utc)
    assert stats["config"] == index.config and stats["config"]["normalization"] == dedup.NORMALIZATION_VERSION
    for doc_id, _ in docs[: len(docs) - 10]:
        index.remove(doc_id)
    big = index.nbytes()
    index.vacuum()
    assert index.nbytes() < big and len(index) == 10 and index.check() == []
    memory_stats = Deduplicator().stats()
    assert memory_stats["documents"] == 0 and memory_stats["path"] is None and memory_stats["oldest"] is None


# ---------------------------------------------------------------------------
# several index objects on one file (no stale in-memory state)
# ---------------------------------------------------------------------------


def edited(text: str) -> str:
    toks = text.split()
    toks[len(toks) // 2] = "CHANGED"
    return " ".join(toks)


def test_two_indexes_on_one_file_see_each_other(tmp_path, monkeypatch):
    from dedup.storage.sqlite import SQLiteStorage

    builds = []
    real = SQLiteStorage.cache_holders

    def spy(self, cache, start, only=None):
        if start == 0 and only is None:
            builds.append(self)
        return real(self, cache, start, only)

    monkeypatch.setattr(SQLiteStorage, "cache_holders", spy)
    path = db(tmp_path)
    a = Deduplicator(path=path, create=True)
    b = Deduplicator(path=path)
    memory = Deduplicator()
    first = make_docs(600, seed=3, prefix="a")
    second = make_docs(600, seed=4, prefix="b")
    # big batches: each index keeps an in-memory copy of the LSH entries
    assert a.add_many(first) == memory.add_many(first)
    assert b.add_many(second) == memory.add_many(second)
    # a finds b's documents (its copy is brought up to date, not stale) ...
    near = [(f"near-{i}", edited(text)) for i, text in second if len(text.split()) >= 60][:20]
    ms = a.add_many(near)
    assert ms == memory.add_many(near)
    assert all(m.is_duplicate for m in ms) and ms[0].duplicate_of.startswith("b")
    # ... and forgets what b removed
    gone = ms[0].duplicate_of
    b.remove(gone)
    memory.remove(gone)
    assert gone not in a
    again = ("again", edited(dict(second)[gone]) + " more words")
    m = a.add(*again)
    assert m == memory.add(*again) and m.duplicate_of != gone
    # ... and an identical copy that took a removed document's place
    texts = [text for _, text in second]
    nearby = {doc_id[len("near-") :] for doc_id, _ in near} | {gone}
    x, text = next((i, t) for i, t in second if texts.count(t) == 1 and len(t.split()) >= 80 and i not in nearby)
    for index in (b, memory):
        index.add("twin", text)
        index.remove(x)
    other_edit = edited(text).replace("CHANGED", "ALTERED")
    m = a.add("near-twin", other_edit)
    assert m == memory.add("near-twin", other_edit) and m.duplicate_of == "twin"
    assert a.clusters() == memory.clusters() == b.clusters()
    assert a.check() == []
    assert builds.count(a._store) == 1  # a's copy is kept up to date by replaying the log, never rebuilt


def test_in_memory_lsh_copy_older_than_the_change_log_is_rebuilt(tmp_path, monkeypatch):
    import dedup.storage.sqlite.bands as storage

    monkeypatch.setattr(storage, "LSH_LOG_KEEP", 0)
    path = db(tmp_path)
    a = Deduplicator(path=path, create=True)
    b = Deduplicator(path=path)
    docs = make_docs(600, seed=8, prefix="r")
    a.add_many(docs)
    holders = [i for i, t in docs if len(t.split()) >= 80][:5]
    for doc_id in holders:
        b.remove(doc_id)
    memory = Deduplicator()
    memory.add_many(docs)
    for doc_id in holders:
        memory.remove(doc_id)
    near = [(f"near-{i}", edited(t)) for i, t in docs if i in holders]
    assert a.add_many(near) == memory.add_many(near)
    assert a.clusters() == memory.clusters() and a.check() == []


def test_id_added_by_another_writer_meanwhile(tmp_path):
    path = db(tmp_path)
    a = Deduplicator(path=path, create=True)
    b = Deduplicator(path=path)
    # b checks its ids before a adds "x" (as if a committed in between)
    real = b._store.present
    calls = []

    def stale_first(ids):
        calls.append(ids)
        return set() if len(calls) == 1 else real(ids)

    b._store.present = stale_first
    a.add("x", "a story about x")
    with pytest.raises(ValueError, match="duplicate document id 'x': already in the index"):
        b.add_many([("stale", "first text"), ("x", "second text"), ("z", "third text")])
    assert "stale" in b and "z" not in b and b.check() == []


# ---------------------------------------------------------------------------
# real processes: SIGKILL in the middle of add_many, two concurrent writers
# ---------------------------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import json, sys
    sys.path.insert(0, sys.argv[1])
    sys.path.insert(0, sys.argv[2])
    from test_persistent import make_docs
    import dedup
    path, prefix, n, batch, seed = sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
    docs = make_docs(n, seed=seed, prefix=prefix, words=(40, 90))
    index = dedup.open_index(path, batch_size=batch)
    for start in range(0, n, batch):
        part = docs[start : start + batch]
        index.add_many(part, workers=1)
        print(json.dumps([doc_id for doc_id, _ in part]), flush=True)
    """
)


def start_writer(path, prefix, n, batch, seed):
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(REPO), str(HERE), path, prefix, str(n), str(batch), str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_writer_killed_with_sigkill(tmp_path):
    path = db(tmp_path)
    Deduplicator(path=path, create=True).close()
    returned: list[str] = []
    for round_, prefix in enumerate(("k1-", "k2-")):
        writer = start_writer(path, prefix, 20000, 200, seed=20 + round_)
        lines = 0
        for line in writer.stdout:
            returned.extend(json.loads(line))
            lines += 1
            if lines == 6 + 3 * round_:
                time.sleep(0.05 * round_)  # somewhere inside the next add_many
                writer.send_signal(signal.SIGKILL)
                break
        writer.wait(timeout=60)
        assert writer.returncode == -signal.SIGKILL, writer.stderr.read()
        # lines the writer printed before dying are added too
        returned.extend(i for rest in writer.stdout.read().splitlines() for i in json.loads(rest))
        index = dedup.open_index(path)
        assert index.check() == []  # PRAGMA integrity_check ok, no dangling cluster, edge or LSH entry
        missing = [doc_id for doc_id in returned if doc_id not in index]
        assert missing == []
        assert len(index) >= len(returned)
        members = {doc_id for cluster in index.clusters() for doc_id in cluster}
        assert len(members) == len(index)
        index.close()
    # the file is still good for writing
    with dedup.open_index(path) as index:
        index.add_many(make_docs(50, seed=7, prefix="after-"))
        assert index.check() == []


def test_two_concurrent_writers(tmp_path):
    path = db(tmp_path)
    Deduplicator(path=path, create=True).close()
    # the same stories (seed) under two prefixes: every document of one writer
    # has an exact twin from the other, plus near copies within each stream
    writers = [start_writer(path, prefix, 5000, 250, seed=11) for prefix in ("p-", "q-")]
    for writer in writers:
        out, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
        assert len(out.splitlines()) == 20
    index = dedup.open_index(path)
    assert len(index) == 10000
    assert index.check() == []
    both = make_docs(5000, seed=11, prefix="p-", words=(40, 90)) + make_docs(5000, seed=11, prefix="q-", words=(40, 90))
    assert all(doc_id in index for doc_id, _ in both)
    expected = dedup.cluster(both, workers=1)
    assert partition(index.clusters()) == partition(expected)
    assert any(len(cluster) > 2 for cluster in expected)
