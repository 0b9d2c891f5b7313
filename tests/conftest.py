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


#: Invented texts for the chaining guard (dedup.index, "The chaining guard"):
#: two different short stories of one site, "a" and "b", and a longer page
#: "long" that contains both (containment 1 with each, Jaccard about 0.5), so
#: that by containment alone it would join them; and a story told twice
#: ("story", "retold": Jaccard above the threshold, not identical) with a
#: "teaser" contained in both. With the default configuration LSH proposes
#: every one of these pairs.
CHAIN_TEXTS = {
    "a": (
        "The harbour council of Wendmoor voted on Tuesday to rebuild the old stone pier that storms damaged last "
        "winter. Engineers expect the work to take eighteen months and to cost about four million crowns, shared "
        "between the town and the regional fund. Fishing crews will moor at the northern jetty while the pier is "
        "closed, and the ferry to the islands will keep its timetable through the summer season."
    ),
    "b": (
        "A retired teacher in the village of Ostrava Brook has opened a lending library in her converted garden "
        "shed. Neighbours donated more than four hundred books within a fortnight, from cookery guides to old "
        "atlases, and children from the primary school now visit every Friday afternoon. She keeps no records of "
        "loans and says that every book so far has come back, some of them with handwritten notes tucked between "
        "the pages."
    ),
}
CHAIN_TEXTS["long"] = CHAIN_TEXTS["a"] + "\n\n" + CHAIN_TEXTS["b"]
CHAIN_TEXTS["teaser"] = (
    "The regional rail company will run a night train between Calder Vale and the coast from the first week of "
    "June, its director announced at a press conference on Wednesday. The service will leave at eleven in the "
    "evening and reach the seaside towns shortly after dawn, with sleeping cars, a small dining carriage and space "
    "for twenty bicycles on every departure."
)
CHAIN_TEXTS["story"] = CHAIN_TEXTS["teaser"] + (
    "\n\nTickets go on sale next Monday. A single berth will cost sixty crowns, and children under twelve travel "
    "free with an adult. The company hopes to carry forty thousand passengers in the first summer and says the "
    "route will stay open all year if the numbers are good."
)
CHAIN_TEXTS["retold"] = CHAIN_TEXTS["teaser"] + (
    "\n\nTickets go on sale next Monday. A single berth will cost sixty crowns, and children under twelve travel "
    "free with an adult. The company expects forty thousand passengers in the first summer, and the route will "
    "stay open through the winter if demand holds."
)


@pytest.fixture(scope="session")
def chain_texts() -> dict[str, str]:
    """:data:`CHAIN_TEXTS` (a copy)."""
    return dict(CHAIN_TEXTS)
