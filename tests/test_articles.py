"""Documents without an article (issue 19): what stripping leaves of them is
the page's furniture, so they never match by it.

Every page here is invented: one site's template (a menu, photo credit, tags,
a calendar of events) around a headline with no story under it.
"""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dedup
from dedup import Deduplicator, Match
from dedup.boilerplate.batch import judge_many
from dedup.boilerplate.document import judge_text
from dedup.pipeline import NO_ARTICLE_PREFIX, fingerprint, is_article_key

from conftest import CALENDAR, make_furniture_page

SCRIPT = (
    "var nav = document.getElementById('nav'); nav.className = 'closed'; "
    "if (window.innerWidth < 600) { nav.style.display = 'none'; }"
)
STORY = (
    "The county will close the old river bridge for six weeks from Monday while engineers replace its deck, "
    "the highways office said. Drivers are asked to use the bypass, and buses will run on a diversion."
)


def story_page(story: str) -> str:
    return "\n".join(["Home | News | Sport | Weather | Contact", "Bridge to close for repairs", story, *CALENDAR])


PAGES = [make_furniture_page(h) for h in ("Bridge closed for repairs", "Mayor opens new library", "School wins prize")]


def testmake_furniture_pages_have_no_article_and_stay_apart():
    assert [a for _, a in judge_many(PAGES)] == [False, False, False]
    # Before: the three pages matched each other by Jaccard on their furniture.
    assert dedup.explain(PAGES[0], PAGES[1], strip=False).match
    assert dedup.cluster(PAGES) == [[0], [1], [2]]
    assert dedup.cluster(PAGES + [PAGES[1]]) == [[0], [1, 3], [2]]  # an identical page still matches


def test_a_page_with_its_story_has_an_article():
    page = story_page(STORY)
    cleaned, article = judge_text(page)
    assert article and STORY in cleaned and "Home" not in cleaned


@pytest.mark.parametrize(
    "text",
    [
        "Bridge closed for repairs",  # a headline alone: nothing removed, not judged
        "Mon 12 March 7:00pm Choir rehearsal, parish hall",
        STORY,
        "",
    ],
)
def test_texts_with_nothing_removed_are_articles(text):
    assert judge_text(text)[1] or not text
    assert Deduplicator().add("x", text).article


def test_without_stripping_nothing_is_judged():
    fp = fingerprint(PAGES, ngram=3, num_perm=32, seed=1, strip=False)
    assert fp.articles.tolist() == [True, True, True]
    assert all(is_article_key(k) for k in fp.content_keys)
    assert dedup.cluster(PAGES, strip=False) == [[0, 1, 2]]


def test_scripts_without_sentence_punctuation_keep_their_article():
    """A Thai story has no full stops: its paragraph is GOOD (prose without
    punctuation), and the page has an article; a Thai menu alone has none."""
    menu = ["หน้าแรก", "ข่าว", "กีฬา", "บันเทิง", "ติดต่อเรา"]
    story = (
        "นายกเทศมนตรีประกาศปิดสะพานข้ามแม่น้ำเป็นเวลาหกสัปดาห์ตั้งแต่วันจันทร์ "
        "เพื่อให้วิศวกรซ่อมแซมพื้นสะพานที่ชำรุด และขอให้ผู้ขับขี่ใช้ถนนเลี่ยงเมืองแทนในช่วงนี้"
    )
    cleaned, article = judge_text("\n".join([*menu, story, "สงวนลิขสิทธิ์"]))
    assert article and story in cleaned


def test_a_page_without_an_article_matches_only_its_whole_page():
    index = Deduplicator()
    first = index.add("a", PAGES[0])
    assert first == Match("a", "a", article=False)
    assert index.add("b", PAGES[1]) == Match("b", "b", article=False)
    copy = index.add("c", PAGES[0])
    assert (copy.duplicate_of, copy.similarity, copy.article) == ("a", 1.0, False)
    assert index.query(PAGES[2]) == Match(None, None, article=False)
    assert index.query(PAGES[1]).duplicate_of == "b"
    # A page with an article never matches one without, however alike.
    assert index.add("d", story_page(STORY)).duplicate_of is None


def test_no_article_keys_are_tagged_and_never_collide_with_an_article():
    fp = fingerprint([PAGES[0], story_page(STORY)], ngram=3, num_perm=32, seed=1, strip=True)
    assert fp.content_keys[0].startswith(NO_ARTICLE_PREFIX) and len(fp.content_keys[0]) == 16
    assert not is_article_key(fp.content_keys[0]) and is_article_key(fp.content_keys[1])
    assert not is_article_key(None)


@pytest.mark.parametrize("path", [None, "file"])
def test_removing_a_page_without_an_article_keeps_the_index_consistent(tmp_path, path):
    options = {} if path is None else {"path": str(tmp_path / "index.db"), "create": True}
    with Deduplicator(**options) as index:
        index.add_many([("a", PAGES[0]), ("b", PAGES[0]), ("c", PAGES[1]), ("s", story_page(STORY))])
        index.remove("a")  # the holder of the page's key: its copy takes its place, outside the LSH index
        assert index.check() == []
        assert index.add("d", PAGES[0]).duplicate_of == "b"
        assert index.add("e", PAGES[2]).duplicate_of is None
        index.remove("b")
        index.remove("d")
        assert index.check() == []
        assert sorted(map(sorted, index.clusters())) == [["c"], ["e"], ["s"]]


def test_explain_says_why():
    e = dedup.explain(PAGES[0], PAGES[1])
    assert not e.match and not e.candidate and e.articles == (False, False)
    assert "no article" in e.reason and "no article" in str(e)
    assert e.jaccard >= 0.6  # what would have matched on the furniture
    same = dedup.explain(PAGES[0], PAGES[0])
    assert same.match and same.reason == "the same whole page"
    mixed = dedup.explain(story_page(STORY), PAGES[0])
    assert mixed.articles == (True, False) and "text b has no article" in mixed.reason


def test_the_command_line_reports_it(tmp_path, capsys):
    import json

    from dedup.cli import main

    path = tmp_path / "pages.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate([*PAGES, STORY])))
    assert main(["cluster", str(path), "--quiet"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["article"] for r in records] == [False, False, False, True]
    assert len({r["cluster"] for r in records}) == 4


lines = st.lists(
    st.one_of(
        st.sampled_from([*CALENDAR, SCRIPT, STORY, "Home | News | Sport", "Share this:", "Bridge closed", ""]),
        st.text(alphabet=string.ascii_letters + " .,|", max_size=60),
    ),
    max_size=12,
)


@settings(max_examples=150, deadline=None)
@given(lines)
def test_judging_strips_exactly_as_strip_boilerplate(parts):
    text = "\n".join(parts)
    cleaned, article = judge_text(text)
    assert cleaned == dedup.strip_boilerplate(text)
    assert judge_many([text, text]) == [(cleaned, article)] * 2
    kept = [line for line in cleaned.split("\n") if line.strip()]
    if kept and kept == [line for line in text.split("\n") if line.strip()]:
        assert article  # nothing removed: not judged
    fp = fingerprint([text], ngram=3, num_perm=16, seed=1, strip=True)
    has_word = re.search(r"[^\W_]", text) is not None
    assert bool(fp.articles[0]) == (article if has_word else True)
    assert is_article_key(fp.content_keys[0]) == (has_word and bool(fp.articles[0]))
