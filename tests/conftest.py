"""Shared fixtures for the dedup test-suite.

The seed articles live in the repository's ``seeds/`` directory and are found
relative to this file, so the tests run from any working directory.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import settings

TESTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = TESTS_DIR.parent
SEEDS_DIR = REPO_ROOT / "seeds"

# Make ``import dedup`` work with a bare ``pytest`` too (the package is not
# necessarily installed), and ``import benchmarks`` (the benchmark scripts and
# the modules they share, tested in tests/benchmarks/).
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

# The first non-ASCII text builds a Unicode table (about a second), which
# would trip Hypothesis' per-example deadline; example counts are set per test.
settings.register_profile("dedup", deadline=None)
settings.load_profile("dedup")


def _load_seeds() -> dict[str, str]:
    files = sorted(SEEDS_DIR.glob("*.txt"))
    assert files, f"no seed articles found in {SEEDS_DIR}"
    # "000_19b6cf287e338798.txt" -> "000"
    return {path.name.split("_", 1)[0]: path.read_text(encoding="utf-8") for path in files}


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The checkout's root directory (parent of ``tests/``)."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    """Seed articles by their three-digit prefix: ``{"000": text, ...}``.

    000 and 001 are two copies of one story (different sites), 002 is a
    different story about the same companies.
    """
    seeds = _load_seeds()
    assert {"000", "001", "002"} <= set(seeds)
    return seeds


@pytest.fixture(scope="session")
def seed_docs(seed_texts) -> list[tuple[str, str]]:
    """The seed articles as ``(id, text)`` pairs, in id order."""
    return sorted(seed_texts.items())


#: An invented site's furniture: a calendar of events (tests/test_articles.py).
CALENDAR = (
    "Mon 12 March 7:00pm Choir rehearsal, parish hall",
    "Tue 13 March 10:30am Toddler group, library",
    "Wed 14 March 6:00pm Planning committee, town hall",
    "Sat 17 March 9:00am Farmers market, market square",
)


def make_furniture_page(headline: str, middle: tuple[str, ...] = CALENDAR) -> str:
    return "\n".join(
        [
            "Home | News | Sport | Weather | Contact",
            headline,
            "Photo: J. Smith",
            "Filed under: Local, Roads",
            "",
            *middle,
        ]
    )


@pytest.fixture(scope="session")
def furniture_page():
    """``furniture_page(headline, middle=CALENDAR)``: an invented page without
    an article: a menu, a credit, tags and ``middle`` (a calendar) around a
    headline with no story under it."""
    return make_furniture_page
