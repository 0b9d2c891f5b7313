"""``benchmarks/`` as a package: every script runs as a file (the command
lines README.md documents) and as a module, imports what it shares instead of
reaching other scripts through ``sys.path``, and judges the targets of
``benchmarks/targets.json`` that name it."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from benchmarks import harness

from conftest import REPO_ROOT

BENCHMARKS = REPO_ROOT / "benchmarks"
SCRIPTS = sorted(p.stem for p in BENCHMARKS.glob("*.py") if 'if __name__ == "__main__":' in p.read_text("utf-8"))
# The comment stands at the end of the `if` line, or on the line above
# where the two would not fit in the line length.
BOOTSTRAP = re.compile(
    r"^(?:# python benchmarks/(?P<above>\w+)\.py: as python -m benchmarks\.(?P=above)\n)?"
    r'if __name__ == "__main__" and not __package__:'
    r"(?:  # python benchmarks/(?P<inline>\w+)\.py: as python -m benchmarks\.(?P=inline))?\n"
    r"    sys\.path\[0\] = .*\n"
    r'    __package__ = "benchmarks"\n',
    re.M,
)


def test_the_scripts_are_found():
    assert {"throughput", "quality", "index", "spark", "boilerplate", "digest", "scripts"} <= set(SCRIPTS)


@pytest.mark.parametrize("name", sorted(p.stem for p in BENCHMARKS.glob("*.py")))
def test_no_path_edits_but_the_bootstrap(name):
    text = (BENCHMARKS / f"{name}.py").read_text("utf-8")
    found = [above or inline for above, inline in BOOTSTRAP.findall(text)]
    assert text.count("sys.path") == len(found) <= 1, "benchmarks import each other as a package"
    assert found in ([], [name])


def test_every_script_runs_as_a_file_from_anywhere(tmp_path):
    for name in SCRIPTS:
        run = subprocess.run(
            [sys.executable, str(BENCHMARKS / f"{name}.py"), "--help"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert run.returncode == 0 and "usage:" in run.stdout, (name, run.stderr[-2000:])


def test_a_script_runs_as_a_module():
    run = subprocess.run(
        [sys.executable, "-m", "benchmarks.throughput", "--help"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0 and "--no-wire" in run.stdout, run.stderr[-2000:]


def test_targets_name_their_issue_and_a_script_that_judges_them():
    targets = harness.targets()
    assert len(targets) >= 20
    for name, goal in targets.items():
        assert goal.issue in (3, 4, 5, 6, 15, 16, 19), name
        script = (BENCHMARKS / f"{goal.benchmark}.py").read_text("utf-8")
        assert f'"{name}"' in script, f"{goal.benchmark}.py does not read target {name!r}"


def test_target_bounds():
    at_least = harness.Target("t", 5, "throughput", "x", "at_least", 75)
    at_most = harness.Target("t", 5, "throughput", "x", "at_most", 2.0)
    below = harness.Target("t", 3, "throughput", "x", "below", 0.2)
    assert at_least.holds(75) and not at_least.holds(74.9) and str(at_least) == ">= 75"
    assert at_most.holds(2.0) and not at_most.holds(2.01) and str(at_most) == "<= 2"
    assert below.holds(0.19) and not below.holds(0.2) and str(below) == "< 0.2"
    assert below.verdict(0.3) == "target not met" and below.verdict(0.1) == "target met"


def test_a_malformed_target_is_named(tmp_path, monkeypatch):
    bad = tmp_path / "targets.json"
    bad.write_text('{"targets": {"speed": {"issue": 5, "benchmark": "throughput", "what": "x", "at_least": "fast"}}}')
    monkeypatch.setattr(harness, "TARGETS_FILE", bad)
    harness.targets.cache_clear()
    try:
        with pytest.raises(ValueError, match="target 'speed'"):
            harness.targets()
    finally:
        harness.targets.cache_clear()
