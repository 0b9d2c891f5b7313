"""The package ships ``py.typed``: its annotations must hold under mypy
(configured in setup.cfg), or type-checked users get wrong answers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def test_py_typed_ships():
    assert (REPO / "dedup" / "py.typed").is_file()


def test_the_package_type_checks():
    pytest.importorskip("mypy")
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "dedup"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
