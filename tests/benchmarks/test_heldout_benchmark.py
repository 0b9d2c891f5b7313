"""Tests of the held-out measurement code: ``benchmarks/heldout.py``, the
held-out corpus of ``benchmarks/newscorpus.py`` and the held-out report of
``benchmarks/boilerplate.py``, on invented pages (the held-out pages themselves
are only measured, never tested against).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from benchmarks import boilerplate as bp
from benchmarks import heldout as ho
from benchmarks import newscorpus as nc

from conftest import REPO_ROOT


def _page(with_=(), without=(), url="https://www.example.org/a", file="a.html", html=b""):
    return ho.Page(url, file, tuple(with_), tuple(without), html)


# ----------------------------------------------------------------------- metric


def test_count_snippets_by_hand():
    page = _page(["a  b", "c d"], ["menu", "x y"])
    # "a b" is found once white space is squashed (across a line break too);
    # "c d" is not; "menu" is found, "x y" is not.
    assert ho.count_snippets(page, "intro a\n b end\nmenu") == (1, 1, 1, 1)
    assert ho.count_snippets(page, None) == (0, 0, 2, 2)
    assert ho.count_snippets(page, "") == (0, 0, 2, 2)
    s = ho.snippet_scores([(1, 1, 1, 1), (3, 0, 1, 2)])
    # tp 4, fp 1, fn 2: P 4/5, R 4/6, F1 2*4 / (2*4 + 1 + 2) = 8/11.
    assert (s["tp"], s["fp"], s["fn"], s["tn"]) == (4, 1, 2, 3)
    assert (s["precision"], s["recall"], s["f1"]) == (0.8, pytest.approx(2 / 3), pytest.approx(8 / 11))
    assert ho.snippet_scores([])["f1"] == 0.0


def test_decode_html_follows_the_declared_charset():
    latin = '<meta charset="iso-8859-1"><p>Straße, Café</p>'.encode("cp1252")
    assert "Straße, Café" in ho.decode_html(latin)
    assert "Straße" in ho.decode_html("<p>Straße</p>".encode())  # nothing declared: UTF-8
    wrong = '<meta charset="utf-8"><p>Café</p>'.encode("cp1252")  # declared UTF-8, is not
    assert "Café" in ho.decode_html(wrong)
    chinese = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><p>新闻</p>'.encode("gb18030")
    assert "新闻" in ho.decode_html(chinese)
    assert "x" in ho.decode_html(b'<meta charset="no-such-codec"><p>x</p>')


def test_site_key():
    assert ho.site_key("https://www.example.org/news/1") == "example.org"
    assert ho.site_key("https://web.archive.org/web/20160526181643/http://www.blog.de/post/") == "blog.de"
    assert ho.site_key("https://web.archive.org/web/2016/blog.de/post") == "blog.de"
    assert ho.site_key("hard::example.com-story.html") == ""


def test_language_from_the_page():
    lxml_html = pytest.importorskip("lxml.html")
    assert ho.language(lxml_html.document_fromstring('<html lang="de-DE"><body><p>x</p></body></html>')) == "de"
    meta = '<html><head><meta http-equiv="Content-Language" content="fr"></head><body>x</body></html>'
    assert ho.language(lxml_html.document_fromstring(meta)) == "fr"
    assert ho.language(lxml_html.document_fromstring("<html><body><p>x</p></body></html>")) == "?"
    assert ho.language(lxml_html.document_fromstring('<html lang="{{lang}}"><body>x</body></html>')) == "?"


# ------------------------------------------------------------------ failure kinds


def test_failure_kind_from_the_place_in_the_html():
    lxml_html = pytest.importorskip("lxml.html")
    tree = lxml_html.document_fromstring(
        "<html><body><div class='post'><h2>The headline here</h2><ul><li>first <b>item</b> text</li></ul>"
        "<p>A long paragraph of the article with many words in it, more than twelve words for sure.</p>"
        "<p>Short line</p></div>"
        "<div id='comments'><p>Great post, thanks</p></div><nav><a>Home</a></nav>"
        "<div class='sidebar-widget'><p>About me text</p></div><footer><p>Impressum</p></footer>"
        "<script>var headline = 'Impressum';</script></body></html>"
    )

    def kind(segment, dropped, line=""):
        path = bp.locate(tree, segment)
        return bp.failure_kind(path, dropped, line)

    assert bp.locate(tree, "first item text")[-1].tag == "li"
    assert kind("The headline", True) == "heading"
    assert kind("item text", True) == "list item"
    assert (
        kind("long paragraph of", True, "A long paragraph of the article with many words in it, more than twelve")
        == "prose line (>= 12 words)"
    )
    assert kind("Short line", True, "Short line") == "short line"
    assert kind("Great post", False) == "comments or comment form"
    assert kind("Home", False) == "navigation and menus"
    assert kind("About me", False) == "sidebar widget"
    assert kind("Impressum", False) == "header or footer"  # the footer, not the script
    assert kind("Short line", False) == "other (article body)"


# ------------------------------------------------------------------ held-out corpus


def test_story_lines():
    dump = "Page title\nMenu\nseg one here\n\nbody\nnav seg one\nfoo two\nlast\n"
    # "seg one" occurs on lines 2 and 5; "foo two" only on line 6: the
    # occurrence nearest to it (5) counts. The title line never counts.
    assert nc.story_lines(dump, ["seg one", "foo two"]) == [5, 6]
    assert nc.story_lines(dump, ["Page title"]) == []
    assert nc.story_lines("T\nA first half\nand second half\nz", ["half and second"]) == [1, 2]
    assert nc.story_lines(dump, ["not there"]) == []


def _pages(n: int):
    """``n`` invented pages: a header, an article of 4 paragraphs of which
    the ``with`` segments mark the 2nd and 3rd, and a footer."""
    out = []
    for k in range(n):
        more = f" Neighbours in street {k} helped the families, and the town hall opened its doors {k} times." * 3
        paras = [
            f"Lead paragraph {k} says what happened in town number {k} on a quiet Sunday morning in spring.",
            f"Story {k} continues with details about the event {k} and the people who were there to see it." + more,
            f"Witnesses {k} said the fire started after midnight and spread quickly to the next house {k}." + more,
            f"Tail paragraph {k} ends the article with a quote from the mayor about rebuilding the street.",
        ]
        header = [f"Site {k} home", "News", "Sport", "Weather", "Contact the newsroom of this site today"]
        footer = ["Imprint", "Privacy policy", f"All rights reserved by site {k} and its partners forever"]
        naive = "\n".join([f"Title {k}", *header, "", *paras, "", *footer])
        page = _page(
            [f"Story {k} continues", f"Witnesses {k} said"],
            ["Imprint"],
            url=f"https://site{k}.org/a",
            file=f"page{k}.html",
        )
        out.append((page, naive, "\n\n".join(paras)))
    return out


def test_heldout_corpus_from_invented_pages():
    pages = _pages(8)
    options = dict(templates=2, shorts_per_template=2, topic_k=1, copies=(2, 2), min_template_words=5)
    corpus = nc.load_heldout_corpus(pages=pages, seed=0, seed_dir=str(REPO_ROOT / "nowhere"), **options)
    again = nc.load_heldout_corpus(pages=pages, seed=0, seed_dir=str(REPO_ROOT / "nowhere"), **options)
    assert [(d.id, d.text) for d in corpus.docs] == [(d.id, d.text) for d in again.docs]
    s = corpus.summary()
    assert (s["pages"], s["pages_with_story"], s["chrome_from"]) == (8, 8, "outside-article")
    originals = [d for d in corpus.docs if d.role == "original"]
    assert len(originals) == 4 and s["negative_documents"] == 4 and s["hard_negative_pairs"]["template"] == 2
    for d in originals:  # the story: the two marked paragraphs, nothing else
        k = d.text.split()[1]
        assert d.text.startswith(f"Story {k} continues") and f"Witnesses {k} said" in d.text
        assert "Lead paragraph" not in d.text and "Tail paragraph" not in d.text
    for d in corpus.docs:
        if d.role == "negative":  # a short story in another page's chrome, without that page's article
            assert "Imprint" in d.text and "News" in d.text
            assert "Lead paragraph" not in d.text and "Tail paragraph" not in d.text
    literal = nc.load_heldout_corpus(
        pages=pages, seed=0, seed_dir=str(REPO_ROOT / "nowhere"), chrome_from="literal", **options
    )
    negatives = [d.text for d in literal.docs if d.role == "negative"]
    assert negatives and all("Lead paragraph" in t and "Tail paragraph" in t for t in negatives)
    with pytest.raises(ValueError, match="chrome_from"):
        nc.load_heldout_corpus(pages=pages, chrome_from="other")
    with pytest.raises(ValueError, match="article"):
        nc.load_heldout_corpus(pages=[(p, naive, None) for p, naive, _ in pages])


# ------------------------------------------------------------------ the report


def _folder(tmp_path: Path) -> Path:
    """A held-out folder in the set's layout with three invented pages."""
    data, html = {}, tmp_path / "html"
    html.mkdir()
    for k in range(3):
        body = "".join(
            f"<p>Paragraph {i} of story {k}: the council met on Tuesday and voted on the plan for the new "
            f"bridge over the river, which will cost more than expected.</p>"
            for i in range(4)
        )
        page = (
            f"<html lang='{'de' if k else 'en'}'><head><title>Story {k}</title></head><body>"
            "<nav><ul><li>Home</li><li>News</li><li>Sport</li></ul></nav>"
            f"<article><h1>Headline {k}</h1>{body}</article>"
            "<footer><p>Imprint</p><p>Privacy</p></footer></body></html>"
        )
        (html / f"p{k}.html.gz").write_bytes(gzip.compress(page.encode("utf-8")))
        data[f"https://example{k}.org/story"] = {
            "file": f"p{k}.html",
            "with": [f"Paragraph 1 of story {k}", f"Paragraph 3 of story {k}"],
            "without": ["Imprint", "Sport"],
        }
    data["https://missing.org/x"] = {"file": "missing.html", "with": ["a"], "without": ["b"]}
    (tmp_path / "evaldata.json").write_text(json.dumps(data), encoding="utf-8")
    return tmp_path


def test_load_pages_skips_missing_files(tmp_path):
    pages = ho.load_pages(_folder(tmp_path))
    assert [p.file for p in pages] == ["p0.html", "p1.html", "p2.html"]
    assert pages[0].with_ == ("Paragraph 1 of story 0", "Paragraph 3 of story 0") and pages[0].html.startswith(b"<html")


def test_heldout_report_on_invented_pages(tmp_path, capsys):
    pytest.importorskip("html_text")
    pytest.importorskip("trafilatura")
    result = bp.heldout_report(_folder(tmp_path), repeat=1, examples=1)
    out = capsys.readouterr().out
    rows = {r["name"]: r for r in result["rows"]}
    assert rows["html-text (as is)"]["tp"] == 6 and rows["html-text (as is)"]["fp"] == 6  # everything is there
    assert rows["strip_boilerplate(html-text)"]["tp"] == 6  # the article stays
    assert result["pages"] == 3 and "html_to_text(html)" in rows
    (lang,) = result["per_language"]  # fewer than 10 pages per language: pooled
    assert (lang["language"], lang["pages"], lang["languages"]) == ("other", 3, {"de": 2, "en": 1})
    assert "| trafilatura fast (published, 990 pages) | – | – | 0.9195 |" in out
    assert "Where strip_boilerplate(html-text) loses" in out
    assert bp.heldout_report(tmp_path / "nowhere", 1, 0) is None
