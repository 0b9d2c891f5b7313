"""Read-only opening: a read-only file, folder or mount (issue 17, probe 4).

``open_index(p, read_only=True)`` must work where nothing may be written: the
index is in WAL mode, and SQLite would need to create ``-shm``/``-wal``
files beside it, so the file is opened with ``mode=ro`` and, when the folder
cannot be written and no log is pending, ``immutable=1``.

Root ignores permissions, so a chmod alone proves nothing about them when the
tests run as root. The tests do three things: in-process with chmod (the
index treats a file or folder without write bits as meant to stay as it is,
so no ``-wal``/``-shm`` may appear even for root); in a subprocess that
becomes the unprivileged user ``nobody`` when run as root (real permission
errors); and on
a real read-only bind mount in a private mount namespace when ``unshare`` is
permitted (EROFS, which binds root too).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

import dedup
from dedup import IndexFileError, ReadOnlyIndexError

REPO = Path(__file__).resolve().parents[2]
NOBODY = 65534


def make_docs(n: int, seed: int = 1) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(3000)]
    docs: list[tuple[str, str]] = []
    for i in range(n):
        if docs and i % 4 == 0:
            docs.append((f"d{i}", docs[-1][1]))  # an exact copy
        else:
            docs.append((f"d{i}", " ".join(rng.choice(vocab) for _ in range(60))))
    return docs


DOCS = make_docs(40)


def build(folder: Path, n: int = 40) -> str:
    path = str(folder / "news.db")
    with dedup.open_index(path, create=True) as index:
        index.add_many(DOCS[:n])
    return path


def lock(folder: Path) -> None:
    for name in os.listdir(folder):
        os.chmod(folder / name, 0o444)
    os.chmod(folder, 0o555)


def unlock(folder: Path) -> None:
    os.chmod(folder, 0o755)
    for name in os.listdir(folder):
        os.chmod(folder / name, 0o644)


def test_read_only_file_in_a_read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    path = build(folder)
    lock(folder)
    try:
        with dedup.open_index(path, read_only=True) as reader:
            assert len(reader) == 40 and reader.query(DOCS[1][1]).duplicate_of == "d1"
            assert reader.check() == []
            with pytest.raises(ReadOnlyIndexError):
                reader.add("new", "text")
        with dedup.Deduplicator(path=path, read_only=True) as reader:
            assert "d39" in reader
        assert os.listdir(folder) == ["news.db"]  # no -wal or -shm made: immutable=1
        with pytest.raises(ReadOnlyIndexError, match="read-only; open it with read_only=True") as info:
            dedup.open_index(path)
        assert path in str(info.value)
        os.chmod(path, 0o644)  # a writable file in a read-only folder: still no place for the log
        with pytest.raises(ReadOnlyIndexError, match=r"directory .* is read-only.*read_only=True"):
            dedup.open_index(path)
    finally:
        unlock(folder)


def test_a_writable_folder_still_sees_a_concurrent_writer(tmp_path):
    path = build(tmp_path, 20)
    with dedup.open_index(path, read_only=True) as reader, dedup.open_index(path) as writer:
        assert len(reader) == 20
        writer.add_many(DOCS[20:])
        assert len(reader) == 40  # mode=ro without immutable=1: reads what is committed meanwhile


CRASH = textwrap.dedent(
    """
    import os, sys
    sys.path.insert(0, sys.argv[1])
    import dedup
    index = dedup.open_index(sys.argv[2], create=True)
    index.add_many([(f"d{i}", f"story {i} " + "about the weather and the roads " * (i % 5 + 1)) for i in range(30)])
    os._exit(0)  # no close: the transactions stay in the -wal file
    """
)


def test_a_pending_write_ahead_log_in_a_read_only_folder(tmp_path):
    folder = tmp_path / "crashed"
    folder.mkdir()
    path = str(folder / "news.db")
    subprocess.run([sys.executable, "-c", CRASH, str(REPO), path], check=True, timeout=120)
    assert os.path.getsize(path + "-wal") > 0 and os.path.exists(path + "-shm")
    lock(folder)
    try:
        with dedup.open_index(path, read_only=True) as reader:  # mode=ro reads the log
            assert len(reader) == 30
        os.chmod(folder, 0o755)
        os.remove(path + "-shm")
        os.chmod(folder, 0o555)
        with pytest.raises(IndexFileError, match="write-ahead log .* holds transactions not yet in the file") as info:
            dedup.open_index(path, read_only=True)
        assert str(info.value).startswith(f"{path}: ")
    finally:
        unlock(folder)
    with dedup.open_index(path, read_only=True) as reader:  # writable again: nothing lost
        assert len(reader) == 30


PROBE = textwrap.dedent(
    """
    import json, os, sys
    sys.path.insert(0, sys.argv[1])
    import dedup, dedup.storage.sqlite
    path, text, user = sys.argv[2], sys.argv[3], int(sys.argv[4])
    if user >= 0:  # root: become an unprivileged user once everything is imported
        dedup.Deduplicator().query(text)  # (lazy imports: the interpreter may be in root's home)
        os.setgroups([])
        os.setgid(user)
        os.setuid(user)
        assert os.geteuid() == user
    out = {}
    with dedup.open_index(path, read_only=True) as reader:
        out["documents"] = len(reader)
        out["duplicate_of"] = reader.query(text).duplicate_of
    try:
        dedup.open_index(path)
    except dedup.ReadOnlyIndexError as exc:
        out["read_write"] = str(exc)
    print(json.dumps(out))
    """
)


def probe(path: str, prefix: list[str] = (), user: int = -1) -> dict:
    result = subprocess.run(
        [*prefix, sys.executable, "-c", PROBE, str(REPO), path, DOCS[1][1], str(user)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def shared_dir():
    """A folder outside pytest's private tmp tree, which ``nobody`` can enter."""
    folder = Path(tempfile.mkdtemp(prefix="dedup-ro-"))
    os.chmod(folder, 0o755)
    yield folder
    unlock(folder) if folder.exists() else None
    shutil.rmtree(folder, ignore_errors=True)


def test_read_only_folder_for_a_user_without_write_permission(shared_dir):
    """Real permissions: the probe becomes ``nobody`` when the tests run as root."""
    inner = shared_dir / "index"
    inner.mkdir()
    path = build(inner)
    os.chmod(inner, 0o755)
    os.chmod(path, 0o644)  # readable by all, writable by the owner only; the folder too
    if os.geteuid() == 0:
        user = NOBODY
    else:
        user = -1
        os.chmod(inner, 0o555)
        os.chmod(path, 0o444)
    out = probe(path, user=user)
    assert out["documents"] == 40 and out["duplicate_of"] == "d1"
    assert "read_only=True" in out["read_write"] and path in out["read_write"]
    assert sorted(os.listdir(inner)) == ["news.db"]


def test_read_only_mount(shared_dir):
    """A real read-only bind mount, in a private mount namespace."""
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        pytest.skip("unshare/mount not available")
    source, target = shared_dir / "index", shared_dir / "mnt"
    source.mkdir()
    target.mkdir()
    build(source)
    mount = f"mount --bind {source} {target} && mount -o remount,bind,ro {target}"
    trial = subprocess.run(["unshare", "-m", "sh", "-c", mount], capture_output=True, timeout=60)
    if trial.returncode != 0:
        pytest.skip(f"cannot make a read-only mount here: {trial.stderr.decode(errors='replace').strip()}")
    path = str(target / "news.db")
    script = f'{mount} && exec "$@"'
    out = probe(path, prefix=["unshare", "-m", "sh", "-c", script, "sh"])
    assert out["documents"] == 40 and out["duplicate_of"] == "d1"
    assert "read_only=True" in out["read_write"] and path in out["read_write"]
    assert sorted(os.listdir(source)) == ["news.db"]
