"""The command line's input and output (issue 17): the package name, progress,
ids, HTML given as text, -o safety, bad input at file:line, bounded reads and
what a folder scan skips. Real files in temporary folders."""

from __future__ import annotations

import configparser
import contextlib
import gzip
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import tqdm

from dedup.cli import main

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
SEED_TEXT = (SEEDS / "000_19b6cf287e338798.txt").read_text(encoding="utf-8")
OTHER_TEXT = (SEEDS / "002_9ba2c5f22cb1b3fa.txt").read_text(encoding="utf-8")
PAGE = (REPO / "tests" / "fixtures" / "article.html").read_text(encoding="utf-8")


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines() if line.strip()], err


def run_process(*argv, timeout=120, **options):
    """``python -m dedup ...`` in a process of its own (for what could hang or
    needs process limits)."""
    return subprocess.run(
        [sys.executable, "-m", "dedup", *map(str, argv)], capture_output=True, text=True, timeout=timeout, **options
    )


# -- the package name ---------------------------------------------------------
def _distribution_name() -> str:
    config = configparser.ConfigParser()
    config.read(REPO / "setup.cfg")
    return config["metadata"]["name"]


_TOKEN = re.compile(r"""\s+(-{1,2}[\w-]+|"[^"\s]+"|'[^'\s]+'|[\w.\-\[\],]+)""")


def _install_targets(text: str) -> list[str]:
    """What each ``pip install`` command in ``text`` installs (options left out)."""
    targets = []
    for command in re.finditer(r"pip install", text):
        position = command.end()
        while match := _TOKEN.match(text, position):
            position = match.end()
            token = match.group(1).strip("\"'")
            if not token.startswith("-"):
                targets.append(token)
    return targets


def test_readme_install_lines_name_the_distribution_setup_cfg_declares():
    name = _distribution_name()
    assert name == "news-dedup"
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    targets = _install_targets(readme)
    assert len(targets) >= 4, targets
    for target in targets:
        package = re.split(r"[\[<>=]", target)[0]
        if package == "." or package.startswith("./") or "dedup" not in package:
            continue  # this checkout (pip install -e ".[html]"), or another project (pyspark[connect], venv-pack)
        assert package == name, f"README installs {target!r}; setup.cfg declares {name!r}"
    assert f'pip install "{name}[html]"' in readme and f'pip install "{name}[spark]"' in readme
    assert 'pip install -e ".[html]"' in readme


def test_install_hints_in_the_code_name_the_distribution():
    name = _distribution_name()
    for path in (REPO / "dedup").glob("*.py"):
        for target in _install_targets(path.read_text(encoding="utf-8")):
            assert re.split(r"[\[<>=]", target)[0] == name, f"{path.name} installs {target!r}"


# -- progress -------------------------------------------------------------------
def _phases(err: str) -> dict[str, str]:
    """The last state of each progress bar on standard error, by phase."""
    last = {}
    for piece in re.split(r"[\r\n]", err.replace("\x1b[A", "")):
        match = re.match(r"dedup: (scanning|reading|learning boilerplate|fingerprinting|clustering|writing)", piece)
        if match:
            last[match.group(1)] = piece
    return last


def test_progress_shows_every_phase_with_totals(capsys, tmp_path):
    size = sum(p.stat().st_size for p in SEEDS.glob("*.txt"))
    code, records, err = run(capsys, "cluster", SEEDS, "--progress", "-o", tmp_path / "out.jsonl")
    assert code == 0
    phases = _phases(err)
    assert set(phases) == {"scanning", "reading", "learning boilerplate", "fingerprinting", "clustering", "writing"}
    assert "3 files" in phases["scanning"] and "3/3" in phases["learning boilerplate"]
    # reading counts bytes of the files' total size; fingerprinting the documents read
    total = tqdm.tqdm.format_sizeof(size, divisor=1024)
    assert "100%" in phases["reading"] and f"| {total}/{total} " in phases["reading"]
    assert "100%" in phases["fingerprinting"] and "3/3" in phases["fingerprinting"]
    assert "100%" in phases["writing"] and "3/3" in phases["writing"]
    code, _, err = run(capsys, "cluster", SEEDS, "--progress", "--no-corpus-model", "-o", tmp_path / "out2.jsonl")
    assert code == 0 and "learning boilerplate" not in _phases(err)


def test_progress_for_corpus_model_and_stdin(capsys, tmp_path, monkeypatch):
    lines = "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate([SEED_TEXT, OTHER_TEXT]))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines.encode())))
    code, records, err = run(capsys, "cluster", "-", "--progress", "--corpus-model")
    assert code == 0 and len(records) == 2
    phases = _phases(err)
    assert "2/2" in phases["learning boilerplate"] and "2/2" in phases["fingerprinting"]
    assert "%" not in phases["reading"]  # standard input: no total


def test_no_progress_off_a_terminal_or_with_quiet(capsys):
    code, _, err = run(capsys, "cluster", SEEDS)  # pytest's standard error is not a terminal
    assert code == 0 and _phases(err) == {} and err.startswith("dedup: 3 documents")
    code, _, err = run(capsys, "cluster", SEEDS, "-q")
    assert code == 0 and err == ""
    code, _, err = run(capsys, "cluster", SEEDS, "-q", "--progress")
    assert code == 2 and "--progress and --quiet" in err


# -- ids -----------------------------------------------------------------------
def test_ids_are_paths_so_equal_file_names_do_not_collide(capsys, tmp_path, monkeypatch):
    for folder, text in (("a", SEED_TEXT), ("b", OTHER_TEXT)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(text)
    for slug in ("one", "two"):
        (tmp_path / "site" / slug).mkdir(parents=True)
        (tmp_path / "site" / slug / "index.txt").write_text(f"{slug} {OTHER_TEXT}")
    (tmp_path / "a" / "x.html").write_text(PAGE)
    monkeypatch.chdir(tmp_path)
    code, records, err = run(capsys, "cluster", "./a/", "b", "site")
    assert code == 0, err
    assert [r["id"] for r in records] == ["a/x.html", "a/x.txt", "b/x.txt", "site/one/index.txt", "site/two/index.txt"]
    monkeypatch.chdir(tmp_path / "a")
    code, records, err = run(capsys, "cluster", ".")
    assert [r["id"] for r in records] == ["x.html", "x.txt"]


def test_one_file_given_twice_is_one_id_seen_twice(capsys, tmp_path):
    (tmp_path / "x.txt").write_text(SEED_TEXT)
    code, _, err = run(capsys, "cluster", tmp_path, tmp_path / "x.txt")
    assert code == 2 and f"duplicate id '{tmp_path}/x.txt' (first seen at {tmp_path}/x.txt)" in err


# -- HTML given as text ----------------------------------------------------------
def test_html_pages_in_json_lines_without_html_are_refused(capsys, tmp_path):
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps({"id": "p", "text": PAGE}) + "\n" + json.dumps({"id": "t", "text": SEED_TEXT}) + "\n")
    code, records, err = run(capsys, "cluster", path)
    assert code == 2 and records == []
    assert f"{path}:1: looks like an HTML page, not text" in err and "give --html" in err
    code, records, err = run(capsys, "cluster", path, "--skip-bad")
    assert code == 0 and [r["id"] for r in records] == ["t"] and f"skipped: {path}:1: looks like an HTML page" in err
    code, records, err = run(capsys, "cluster", path, "--html", "-q")
    assert code == 0 and len(records) == 2


def test_txt_file_of_markup_is_refused_and_html_flag_extracts_it(capsys, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("\n  <!-- saved -->\n" + PAGE)
    code, _, err = run(capsys, "cluster", page)
    assert code == 2 and f"{page}: looks like an HTML page" in err and "--html" in err
    code, records, _ = run(capsys, "cluster", page, "--html", "-q")
    assert code == 0 and len(records) == 1
    code, _, err = run(capsys, "strip", page)
    assert code == 2 and "looks like an HTML page" in err


def test_html_fragments_are_warned_once_per_file(capsys, tmp_path):
    path = tmp_path / "cms.jsonl"
    fragment = "".join(f"<p>{para}</p>" for para in SEED_TEXT.split("\n") if para)
    path.write_text("".join(json.dumps({"id": i, "text": fragment}) + "\n" for i in range(3)))
    code, records, err = run(capsys, "cluster", path)
    assert code == 0 and len(records) == 3
    assert err.count("warning:") == 1 and f"{path}:1: the text has HTML tags" in err
    plain = tmp_path / "plain.jsonl"
    plain.write_text(  # not pages: a quoted <body> tag, comparisons
        json.dumps({"id": 1, "text": "Shares rose <5% as 3 < 4 and a<b in the report."})
        + "\n"
        + json.dumps({"id": 2, "text": "In HTML, the <body> tag holds what the page shows."})
        + "\n"
    )
    code, _, err = run(capsys, "cluster", plain)
    assert code == 0 and "warning" not in err


# -- smaller items -----------------------------------------------------------------
def test_help_mentions_html_inputs_ids_and_utc(capsys):
    with pytest.raises(SystemExit):
        main(["cluster", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert ".html" in text and ".html.gz" in text and "path as given" in text
    with pytest.raises(SystemExit):
        main(["index", "stats", "--help"])
    assert "UTC" in capsys.readouterr().out


def test_summary_line_singular_forms(capsys, tmp_path):
    (tmp_path / "a.txt").write_text(SEED_TEXT)
    code, _, err = run(capsys, "cluster", tmp_path)
    assert code == 0 and "dedup: 1 document, 1 cluster, 0 duplicates removed" in err
    code, _, err = run(capsys, "index", "add", "--create", "--db", tmp_path / "i.db", tmp_path / "a.txt")
    assert code == 0 and "1 document added" in err and "(0 duplicates)" in err and "1 document in 1 cluster" in err


# -- -o ------------------------------------------------------------------------
def test_output_that_exists_needs_force(capsys, tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("keep me\n")
    code, _, err = run(capsys, "cluster", SEEDS, "-o", out)
    assert code == 2 and f"-o {out}: a file of that name exists; give --force to replace it" in err
    assert out.read_text() == "keep me\n"
    code, _, _ = run(capsys, "cluster", SEEDS, "-o", out, "--force", "-q")
    assert code == 0 and len(out.read_text().splitlines()) == 3
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]  # no temporary file left


def test_output_that_is_an_input_is_refused_even_with_force(capsys, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(SEED_TEXT)
    data = folder / "b.jsonl"
    data.write_text(json.dumps({"id": "b", "text": OTHER_TEXT}) + "\n")
    (tmp_path / "link.jsonl").symlink_to(data)
    for output in (folder / "a.txt", data, tmp_path / "link.jsonl"):
        code, _, err = run(capsys, "cluster", folder, "-o", output, "--force")
        assert code == 2 and f"-o {output}: is one of the inputs" in err
    assert (folder / "a.txt").read_text() == SEED_TEXT and data.read_text().startswith('{"id": "b"')


def test_output_link_is_replaced_not_its_target(capsys, tmp_path):
    target = tmp_path / "precious.txt"
    target.write_text("precious\n")
    link = tmp_path / "out.jsonl"
    link.symlink_to(target)
    code, _, err = run(capsys, "cluster", SEEDS, "-o", link)
    assert code == 2 and "a link of that name exists" in err
    code, _, _ = run(capsys, "cluster", SEEDS, "-o", link, "--force", "-q")
    assert code == 0 and not link.is_symlink() and len(link.read_text().splitlines()) == 3
    assert target.read_text() == "precious\n"


@pytest.mark.parametrize(
    "output, message",
    [("folder", "is a folder"), ("missing/out.jsonl", "no such folder")],
)
def test_unusable_output_is_refused_before_any_work(capsys, tmp_path, output, message):
    (tmp_path / "folder").mkdir()
    bad = tmp_path / "bad.jsonl"  # reading it would fail: the output is checked first
    bad.write_text("not json\n")
    code, _, err = run(capsys, "cluster", bad, "-o", tmp_path / output)
    assert code == 2 and message in err and "invalid JSON" not in err
    assert err.count("\n") == 1  # one line


def test_spark_engine_checks_the_output_before_the_job(capsys, tmp_path):
    data = tmp_path / "in.jsonl"
    data.write_text(json.dumps({"id": "a", "text": SEED_TEXT}) + "\n")
    out = tmp_path / "out.jsonl"
    out.write_text("keep me\n")
    code, _, err = run(capsys, "cluster", "--engine", "spark", data, "-o", out)
    assert code == 2 and "give --force" in err and out.read_text() == "keep me\n"
    code, _, err = run(capsys, "cluster", "--engine", "spark", data, "-o", data, "--force")
    assert code == 2 and "is one of the inputs" in err


def test_failed_run_leaves_no_output(capsys, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(
        json.dumps({"id": "a", "text": SEED_TEXT}) + "\n" + json.dumps({"id": "\ud800", "text": "x"}) + "\n"
    )
    out = tmp_path / "out.jsonl"
    code, _, err = run(capsys, "cluster", path, "-o", out)
    assert code == 2 and f"{path}:2: field 'id' is not valid Unicode (a lone surrogate" in err
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]
    code, records, err = run(capsys, "cluster", path, "--skip-bad")
    assert code == 0 and [r["id"] for r in records] == ["a"]


def test_full_disk_gives_a_clear_error_and_no_partial_file(tmp_path):
    """A file size limit (RLIMIT_FSIZE) makes writing fail as a full disk does."""
    resource = pytest.importorskip("resource")
    out = tmp_path / "out.jsonl"
    out.write_text("old\n")
    big = tmp_path / "in.jsonl"
    big.write_text("".join(json.dumps({"id": f"doc-{i:04d}", "text": f"story number {i}"}) + "\n" for i in range(400)))
    limit = big.stat().st_size  # the input is read, not written: 400 records take more than this much output

    def small_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    proc = run_process("cluster", big, "-o", out, "--force", preexec_fn=small_files)
    assert proc.returncode == 1, proc.stderr
    assert f"-o {out}: cannot write: File too large (nothing written)" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert out.read_text() == "old\n" and sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]


# -- bad input at file:line, with --skip-bad ------------------------------------------
def test_deeply_nested_json_names_the_line(capsys, tmp_path):
    path = tmp_path / "deep.jsonl"
    path.write_text(
        '{"id": 1, "text": ' + "[" * 100_000 + "]" * 100_000 + "}\n" + json.dumps({"id": 2, "text": "ok"}) + "\n"
    )
    code, _, err = run(capsys, "cluster", path)
    assert code == 2 and f"{path}:1: invalid JSON: nested too deeply" in err and "Traceback" not in err
    code, records, err = run(capsys, "cluster", path, "--skip-bad")
    assert code == 0 and [r["id"] for r in records] == [2]


def test_index_add_id_the_index_cannot_store_names_the_line(capsys, tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text(
        "".join(json.dumps({"id": i, "text": f"story {i} {t}"}) + "\n" for i, t in ((1, "a"), (2**70, "b"), (3, "c")))
    )
    db = tmp_path / "i.db"
    code, records, err = run(capsys, "index", "add", "--create", "--db", db, path)
    assert code == 2 and [r["id"] for r in records] == [1]
    assert f"dedup: error: {path}:2: document id {2**70} does not fit in 64 bits" in err
    code, records, err = run(capsys, "index", "add", "--create", "--db", tmp_path / "j.db", path, "--skip-bad")
    assert code == 0 and [r["id"] for r in records] == [1, 3] and f"skipped: {path}:2: document id" in err
    code, _, err = run(capsys, "index", "add", "--db", tmp_path / "j.db", path)
    assert code == 2 and f"{path}:1: duplicate document id 1: already in the index" in err


@contextlib.contextmanager
def _unreadable(folder: Path):
    folder.chmod(0)
    try:
        yield
    finally:
        folder.chmod(0o755)


def _as_nobody(argv):
    """main(argv) in a forked child without root's right to read anything."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.close(read)
            os.setgid(65534)
            os.setuid(65534)
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(argv)
            os.write(write, json.dumps([code, out.getvalue(), err.getvalue()]).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as f:
        data = f.read()
    os.waitpid(pid, 0)
    return json.loads(data)


def test_unreadable_subfolder_is_named_and_skippable(capsys, tmp_path):
    import tempfile

    root = Path(tempfile.mkdtemp(dir=tmp_path if os.geteuid() else "/tmp"))
    try:
        root.chmod(0o755)
        (root / "ok.txt").write_text(SEED_TEXT)
        (root / "ok.txt").chmod(0o644)
        (root / "locked").mkdir()
        (root / "locked" / "x.txt").write_text(OTHER_TEXT)
        with _unreadable(root / "locked"):
            if os.geteuid() == 0:  # root reads anything: run as nobody
                code, out, err = _as_nobody(["cluster", str(root)])
                assert code == 2 and f"{root}/locked: cannot read folder: Permission denied" in err
                code, out, err = _as_nobody(["cluster", str(root), "--skip-bad"])
            else:
                code, _, err = run(capsys, "cluster", root)
                assert code == 2 and f"{root}/locked: cannot read folder: Permission denied" in err
                code, out, err = main(["cluster", str(root), "--skip-bad"]), *capsys.readouterr()
        assert code == 0 and "Traceback" not in err
        assert [json.loads(line)["id"] for line in out.splitlines()] == [f"{root}/ok.txt"]
        assert f"skipped: {root}/locked: cannot read folder" in err
    finally:
        shutil.rmtree(root, ignore_errors=True)


# -- bounded reads ------------------------------------------------------------------
def test_fifo_and_device_in_a_folder_are_refused_without_reading(tmp_path):
    (tmp_path / "ok.txt").write_text(SEED_TEXT)
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    proc = run_process("cluster", tmp_path, timeout=60)
    assert proc.returncode == 2 and f"{tmp_path}/pipe.txt: not a regular file (a FIFO)" in proc.stderr
    proc = run_process("cluster", tmp_path, "--skip-bad", timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert [json.loads(line)["id"] for line in proc.stdout.splitlines()] == [f"{tmp_path}/ok.txt"]
    assert f"{tmp_path}/zero.txt: not a regular file (a character device)" in proc.stderr


def test_document_size_limit_for_files_lines_and_gzip_bombs(capsys, tmp_path):
    (tmp_path / "big.txt").write_text("word " * 1000)  # 5,000 bytes
    code, _, err = run(capsys, "cluster", tmp_path / "big.txt", "--max-doc-size", "4K")
    assert code == 2 and f"{tmp_path}/big.txt: document larger than 4K (4096 bytes)" in err and "--max-doc-size" in err
    code, records, _ = run(capsys, "cluster", tmp_path / "big.txt", "--max-doc-size", "5K", "-q")
    assert code == 0 and len(records) == 1

    lines = tmp_path / "lines.jsonl"
    lines.write_text(
        "".join(json.dumps({"id": i, "text": "word " * n}) + "\n" for i, n in ((1, 10), (2, 1000), (3, 10)))
    )
    code, records, err = run(capsys, "cluster", lines, "--max-doc-size", "1K", "--skip-bad")
    assert code == 0 and [r["id"] for r in records] == [1, 3] and f"{lines}:2: document larger than 1K" in err

    bomb = tmp_path / "bomb.html.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as f:
        for _ in range(64):
            f.write(b" " * (1 << 20))  # 64 MiB of spaces, 64 KB on disk
    code, _, err = run(capsys, "cluster", bomb)
    assert code == 2 and f"{bomb}: document inflates to more than 10M (10485760 bytes)" in err
    with pytest.raises(SystemExit):
        main(["cluster", str(SEEDS), "--max-doc-size", "lots"])
    assert "expected a size such as 10M" in capsys.readouterr().err


# -- what a folder scan skips ---------------------------------------------------------
def test_hidden_files_and_linked_folders_are_counted_in_the_summary(capsys, tmp_path):
    data = tmp_path / "data"
    (data / ".git").mkdir(parents=True)
    (data / ".git" / "x.txt").write_text(OTHER_TEXT)
    (data / ".draft.txt").write_text(OTHER_TEXT)
    (data / "a.txt").write_text(SEED_TEXT)
    (data / "notes.md").write_text("notes")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "y.txt").write_text(OTHER_TEXT)
    (data / "more").symlink_to(tmp_path / "elsewhere")
    code, records, err = run(capsys, "cluster", data)
    assert code == 0 and [r["id"] for r in records] == [f"{data}/a.txt"]
    assert (
        f"; skipped: 2 hidden files or folders (e.g. {data}/.draft.txt), 1 link to a folder (e.g. {data}/more), "
        f"1 file of another type (e.g. {data}/notes.md)"
    ) in err
    code, records, err = run(capsys, "cluster", data / "more")  # named on the command line: read
    assert code == 0 and [r["id"] for r in records] == [f"{data}/more/y.txt"]
