"""Run README.md's commands as a new user would, in a fresh checkout.

    python3 benchmarks/readme_commands.py [--benchmarks] [--keep] [--list] [--this-environment]

1. The checkout's files (tracked and untracked, not ignored: no ``.venv``)
   are copied to a new temporary folder, beside a link to the checkout's
   ``../shared`` (where the benchmarks' data lives), so nothing from this
   checkout's own environment is used.
2. The README's first two commands (its first ``sh`` block, the quick start)
   run there with ``bash``, with no virtual environment active: ``VIRTUAL_ENV``
   unset and every virtual environment's ``bin`` removed from ``PATH``.
3. Then every other command of the README, in order, in the same folder, with
   ``.venv/bin`` first on ``PATH`` and the environment still not activated:
   the README's convention is that after the quick start ``dedup``, ``python``
   and ``pip`` stand for ``.venv/bin/dedup``, ``.venv/bin/python`` and
   ``.venv/bin/pip``.

The commands are read from README.md when the script runs (never a copy kept
here): every line of a fenced ``sh``/``bash`` block (a line ending in ``\\``
continues on the next; a ``text`` block is a synopsis, not commands), and every
inline code span that starts with ``pip install``, ``python ``, ``python3 ``
or ``.venv/bin/`` and has arguments.  Commands that cannot run here are skipped, each with its
reason, decided by the rules in :func:`why_skipped`:

* a block that runs ``spark-submit``, or any command on ``hdfs://``,
  ``s3a://`` or ``yarn``: it needs a Spark cluster;
* a ``dedup`` command whose input path does not exist in the checkout (the
  README's ``news/``): it needs data;
* ``python benchmarks/...``: a benchmark, minutes each (``--benchmarks``
  runs them too);
* ``pip install`` of the distribution by its name (``"news-dedup[html]"``):
  it is not on the package index yet;
* this script itself.

With ``--this-environment`` (what the test suite runs, in seconds) the quick
start is not run: the copy's ``.venv`` is a link to the environment running
the script (which has dedup installed, as the quick start would), and
``pip install`` commands are skipped, as they would change that environment.
Every other command runs as above.

Each command must exit with status 0. The report lists every command with
``ok``, ``FAIL`` or ``skipped`` and its time; the exit status is 1 if one
failed. The quick start's second command runs the whole test suite, so a run
takes about as long as the suite plus a minute or two for the virtual
environment (pip's cache makes installs quick).
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SELF = "benchmarks/readme_commands.py"

_FENCE = re.compile(r"^```(\w*)\s*$")
_INLINE = re.compile(r"`([^`\n]+)`")
_INLINE_COMMAND = re.compile(r"^(pip install |python3? |\.venv/bin/\S+ )")
_CLUSTER = ("spark-submit", "hdfs://", "s3a://", "yarn")
_PATH_OPTIONS = ("-o", "--output", "--db", "--checkpoint-dir", "--data")


@dataclass
class Command:
    """One command of the README, with where it is."""

    text: str
    line: int
    block: int | None  # the number of its fenced block, None for an inline span
    block_text: str = ""


def extract_commands(readme: str) -> list[Command]:
    """The commands of ``readme`` in order: fenced ``sh``/``bash`` lines, then
    inline spans that are install or script commands, each where it occurs."""
    commands: list[Command] = []
    language: str | None = None
    block = -1
    pending = ""
    pending_line = 0
    block_lines: list[Command] = []
    for number, line in enumerate(readme.splitlines(), start=1):
        fence = _FENCE.match(line)
        if fence:
            if language is None:
                language = fence.group(1) or "text"
                block += 1
                block_lines = []
            else:
                text = "\n".join(c.text for c in block_lines)
                for command in block_lines:
                    command.block_text = text
                language = None
            continue
        if language is not None:
            if language in ("sh", "bash", "shell", "console"):
                stripped = line.strip()
                if not stripped and not pending:
                    continue
                if not pending:
                    pending_line = number
                if stripped.endswith("\\"):
                    pending += stripped[:-1].rstrip() + " "
                    continue
                text = (pending + stripped).strip()
                pending = ""
                if text and not text.startswith("#"):
                    command = Command(text, pending_line, block)
                    commands.append(command)
                    block_lines.append(command)
            continue
        for span in _INLINE.findall(line):
            if _INLINE_COMMAND.match(span):
                commands.append(Command(span.strip(), number, None))
    return commands


def distribution_name() -> str:
    """The distribution's name (setup.cfg's ``[metadata] name``), as ``pip install`` needs it."""
    import configparser

    config = configparser.ConfigParser()
    config.read(REPO / "setup.cfg")
    return config["metadata"]["name"]


def _dedup_inputs(command: str) -> list[str]:
    """The input paths of the ``dedup`` commands in a shell line."""
    paths = []
    for part in re.split(r"&&|\|\||;|\|", command):
        try:
            words = shlex.split(part, comments=True)
        except ValueError:
            continue
        words = [w[len(".venv/bin/") :] if w.startswith(".venv/bin/") else w for w in words]
        if not words or words[0] != "dedup":
            continue
        skip_next = False
        for word in words[1:]:
            if skip_next:
                skip_next = False
            elif word in _PATH_OPTIONS:
                skip_next = True
            elif not word.startswith("-") and ("/" in word or "." in word):
                paths.append(word)
    return paths


def why_skipped(
    command: Command, root: Path, benchmarks: bool, name: str, this_environment: bool = False
) -> str | None:
    """Why ``command`` is not run here, or None to run it."""
    text = command.text
    if SELF in text:
        return "this script"
    if this_environment and command.block == 0:
        return "the quick start (--this-environment runs the rest in the running environment)"
    if this_environment and re.match(r"^(\S*/)?pip3? install ", text):
        return "would install into the running environment (--this-environment)"
    if any(marker in (command.block_text or text) for marker in _CLUSTER):
        return "needs a Spark cluster (spark-submit, yarn, HDFS or S3)"
    missing = [p for p in _dedup_inputs(text) if not (root / p).exists()]
    if missing:
        return f"needs data: {', '.join(missing)} (not in the checkout)"
    if re.match(r"^python3? benchmarks/", text):
        return None if benchmarks else "a benchmark, minutes long: --benchmarks runs it"
    if re.match(rf"""^pip install (-\S+ )*["']?{re.escape(name)}\b""", text):
        return f"installs {name} from the package index, where it is not published yet"
    return None


def _clean_environment() -> dict[str, str]:
    """This process's environment without an active virtual environment."""
    env = dict(os.environ)
    env.pop("VIRTUAL_ENV", None)
    env.pop("PYTHONHOME", None)
    env.pop("PYTHONPATH", None)
    keep = []
    for entry in env.get("PATH", "").split(os.pathsep):
        if entry and (Path(entry).parent / "pyvenv.cfg").exists():
            continue  # a virtual environment's bin
        keep.append(entry)
    env["PATH"] = os.pathsep.join(keep)
    return env


def _copy_checkout(target: Path) -> None:
    """The checkout's files into ``target``: those git tracks or would track
    (untracked, not ignored), or, outside a git checkout (a copy such as this
    script's own, an unpacked source archive), every file but those
    ``.gitignore`` names and ``.git``."""
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO, capture_output=True
    )
    if listing.returncode != 0 or not (REPO / ".git").exists():
        ignore = REPO / ".gitignore"
        patterns = [".git"]
        if ignore.exists():
            for line in ignore.read_text(encoding="utf-8").splitlines():
                line = line.strip()
                if line and not line.startswith("#"):
                    patterns.append(line.rstrip("/"))
        shutil.copytree(REPO, target, ignore=shutil.ignore_patterns(*patterns), dirs_exist_ok=True, symlinks=True)
        return
    for name in filter(None, listing.stdout.decode().split("\0")):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def run(
    benchmarks: bool = False, keep: bool = False, timeout: float = 3600, log=None, this_environment: bool = False
) -> int:
    log = log or (lambda message: print(message, flush=True))
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = extract_commands(readme)
    name = distribution_name()
    base = Path(tempfile.mkdtemp(prefix="dedup-readme-"))
    root = base / "checkout"
    root.mkdir()
    if (REPO.parent / "shared").exists():
        (base / "shared").symlink_to(REPO.parent / "shared")
    _copy_checkout(root)
    if this_environment:
        (root / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    log(f"README.md: {len(commands)} commands; fresh checkout in {root}")
    env = _clean_environment()
    failures = 0
    quick_start = [c for c in commands if c.block == 0]
    if len(quick_start) != 2:
        log(f"FAIL: the README's first block should hold its two commands, it holds {len(quick_start)}")
        failures += 1
    try:
        for command in commands:
            reason = why_skipped(command, root, benchmarks, name, this_environment)
            where = f"README.md:{command.line}"
            if reason is not None:
                log(f"skipped  {where:<14} {command.text}\n         -> {reason}")
                continue
            if command.block != 0:  # after the quick start: .venv/bin first, still not activated
                env["PATH"] = os.pathsep.join([str(root / ".venv" / "bin"), _clean_environment()["PATH"]])
            started = time.perf_counter()
            proc = subprocess.run(
                ["bash", "-c", command.text], cwd=root, env=env, capture_output=True, text=True, timeout=timeout
            )
            seconds = time.perf_counter() - started
            status = "ok" if proc.returncode == 0 else "FAIL"
            log(f"{status:<8} {where:<14} {command.text}  ({seconds:.1f} s)")
            if proc.returncode != 0:
                failures += 1
                tail = (proc.stdout[-1500:] + "\n" + proc.stderr[-1500:]).strip()
                quoted = "\n".join("         | " + line for line in tail.splitlines())
                log(f"         exit status {proc.returncode}:\n{quoted}")
    finally:
        if keep:
            log(f"kept {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)
    log("all commands ran" if not failures else f"{failures} command(s) failed")
    return 1 if failures else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--benchmarks", action="store_true", help="also run the README's benchmark commands")
    parser.add_argument("--keep", action="store_true", help="keep the temporary checkout")
    parser.add_argument("--list", action="store_true", help="only list the commands and what would be skipped")
    parser.add_argument(
        "--this-environment",
        action="store_true",
        help="skip the quick start and pip installs; run the other commands with this Python's environment",
    )
    args = parser.parse_args(argv)
    if args.list:
        readme = (REPO / "README.md").read_text(encoding="utf-8")
        name = distribution_name()
        for command in extract_commands(readme):
            reason = why_skipped(command, REPO, args.benchmarks, name, args.this_environment)
            print(
                f"{'run' if reason is None else 'skip':<5} README.md:{command.line:<5} {command.text}"
                + (f"   ({reason})" if reason else "")
            )
        return 0
    return run(benchmarks=args.benchmarks, keep=args.keep, this_environment=args.this_environment)


if __name__ == "__main__":
    sys.exit(main())
