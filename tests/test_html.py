"""Tests for HTML input: dedup.html_to_text and the command line's --html."""

from __future__ import annotations

import gzip
import json
import os
import sys
from pathlib import Path

import pytest

import dedup
from dedup.cli import main
from dedup.html import HTML_EXTRA_HINT

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "article.html"
BODY_START = "The city council approved a 2.3 billion dollar budget on Tuesday"
NOT_ARTICLE = [
    "Most read",
    "riverfan says:",
    "Finally some money for the schools",
    "Privacy Policy",
    "All rights reserved",
    "Subscribe",
    "newsletter",
]


def test_missing_trafilatura_gives_a_clear_import_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import fails
    with pytest.raises(ImportError, match=r'pip install "news-dedup\[html\]"'):
        dedup.html_to_text("<p>text</p>")


def test_missing_trafilatura_in_the_cli_exits_2(monkeypatch, tmp_path, capsys):
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    page = tmp_path / "a.html"
    page.write_bytes(FIXTURE.read_bytes())
    assert main(["cluster", "-q", str(page)]) == 2
    assert HTML_EXTRA_HINT in capsys.readouterr().err


def test_type_errors():
    with pytest.raises(TypeError, match="str or bytes"):
        dedup.html_to_text(42)


trafilatura = pytest.importorskip("trafilatura")


def test_article_text_without_navigation_sidebar_comments_or_footer():
    text = dedup.html_to_text(FIXTURE.read_text(encoding="utf-8"))
    assert BODY_START in text
    assert "just before the elections." in text
    for junk in NOT_ARTICLE:
        assert junk not in text
    # one paragraph per line; the stripper keeps all of them
    assert dedup.strip_boilerplate(text).count("\n") == text.count("\n")


def test_bytes_and_encodings():
    raw = FIXTURE.read_bytes()
    assert dedup.html_to_text(raw) == dedup.html_to_text(raw.decode("utf-8"))
    latin = raw.decode("utf-8").replace('charset="utf-8"', 'charset="iso-8859-1"')
    latin = latin.replace("“", '"').replace("”", '"').replace("·", "-").replace("©", "(c)")
    text = dedup.html_to_text(latin.replace("2.3 billion", "2,3 milliards d’étés").encode("iso-8859-1", "replace"))
    assert "milliards" in text


@pytest.mark.parametrize("page", ["", "   ", b"", "<html></html>"])
def test_empty_pages_give_empty_text(page):
    assert dedup.html_to_text(page) == ""


def test_a_page_without_an_article_leaves_nothing_after_stripping():
    page = "<html><body><nav><a href='/'>Home</a></nav><footer>© 2019 Example</footer></body></html>"
    assert dedup.strip_boilerplate(dedup.html_to_text(page)) == ""


def test_copies_of_one_story_in_different_templates_cluster():
    page = FIXTURE.read_text(encoding="utf-8")
    other = (
        page.replace("Riverside Weekly", "Daily Planet")
        .replace("Most read", "Trending now")
        .replace("riverfan", "metropolis_reader")
    )
    texts = [dedup.html_to_text(p) for p in (page, other)]
    assert dedup.cluster(texts) == [[0, 1]]


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------
def test_cli_html_files_plain_and_gzipped(tmp_path, capsys):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.html").write_bytes(FIXTURE.read_bytes())
    with gzip.open(folder / "b.html.gz", "wb") as f:
        f.write(FIXTURE.read_bytes().replace(b"Riverside Weekly", b"Daily Planet"))
    (folder / "c.txt").write_text("A completely different story about a storm that hit the coast on Monday night.")
    assert main(["cluster", "-q", str(folder)]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    by_id = {os.path.basename(r["id"]): r for r in records}  # ids are the files' paths
    assert set(by_id) == {"a.html", "b.html.gz", "c.txt"}
    assert by_id["b.html.gz"]["duplicate_of"] == f"{folder}/a.html" and by_id["c.txt"]["duplicate_of"] is None


def test_cli_html_jsonl(tmp_path, capsys):
    page = FIXTURE.read_text(encoding="utf-8")
    lines = [json.dumps({"id": i, "text": t}) for i, t in enumerate([page, page.replace("Weekly", "Daily")])]
    path = tmp_path / "pages.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["cluster", "-q", "--html", str(path)]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["duplicate_of"] for r in records] == [None, 0]


def test_cli_strip_html(tmp_path, capsys):
    page = tmp_path / "p.html.gz"
    with gzip.open(page, "wb") as f:
        f.write(FIXTURE.read_bytes())
    assert main(["strip", str(page)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Council approves new budget") and BODY_START in out
    assert "Most read" not in out
    plain = tmp_path / "page.txt"
    plain.write_bytes(FIXTURE.read_bytes())
    assert main(["strip", "--html", str(plain)]) == 0
    assert capsys.readouterr().out == out


def test_truncated_gzip_is_a_named_input_error(tmp_path, capsys):
    page = tmp_path / "broken.html.gz"
    page.write_bytes(gzip.compress(FIXTURE.read_bytes())[:50])
    assert main(["cluster", "-q", str(page)]) == 2
    assert "broken.html.gz" in capsys.readouterr().err
