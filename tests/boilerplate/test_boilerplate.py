"""Tests for dedup.boilerplate (line-level boilerplate stripping)."""

from __future__ import annotations

import re
import textwrap
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dedup.boilerplate import (
    BAD,
    GOOD,
    SHORT,
    classify_lines,
    label_lines,
    line_features,
    strip_boilerplate,
)

from conftest import SEEDS_DIR

SEEDS = SEEDS_DIR
_NL = re.compile(r"\r\n|\r|\n")


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def lines_of(text: str) -> list[str]:
    return _NL.split(text)


def nonblank(text: str) -> list[str]:
    return [line for line in lines_of(text) if line.strip()]


def is_subsequence(small: list[str], big: list[str]) -> bool:
    it = iter(big)
    return all(any(x == y for y in it) for x in small)


# --------------------------------------------------------------------------
# Seeds
# --------------------------------------------------------------------------
SEED_001_BLOCK = [
    "Join the newsletter!",
    "Or",
    "Sign up to gain exclusive access to email subscriptions, event invitations, "
    "competitions, giveaways, and much more.",
    "Membership is free, and your security and privacy remain protected. View our privacy policy before signing up.",
    "Error: Please check your email address.",
    "Tags business issuesNetworkingtelecommunicationat&tChina Telecom",
    "More about AT&TAT&TChina Telecometwork",
    "Show Comments",
    "[]",
]


def test_seed_000_is_all_body_and_kept_verbatim():
    text = seed("000")
    out = strip_boilerplate(text)
    assert nonblank(out) == nonblank(text)
    # lines that begin with a space and contain double spaces survive as they are
    assert " Under the agreement, the carriers will take advantage of each other's  infrastructure" in out


def test_seed_001_drops_exactly_the_newsletter_tags_comments_block():
    text = seed("001")
    lines = nonblank(text)
    assert lines[-len(SEED_001_BLOCK) :] == SEED_001_BLOCK  # the fixture is what we think
    body = lines[: -len(SEED_001_BLOCK)]
    out = nonblank(strip_boilerplate(text))
    assert out == body
    for line in SEED_001_BLOCK:
        assert line not in out
    assert out[0] == "AT&T, China Telecom to share infrastructure"  # headline
    assert out[1].startswith("The carriers will share certain telecommunication")  # dek


def test_seed_002_drops_reporter_line_and_sidebar():
    text = seed("002")
    lines = nonblank(text)
    contact = lines.index("Contact reporter Yang Ge (geyang@caixin.com)")
    body, tail = lines[:contact], lines[contact:]
    assert len(tail) == 11 and all(t.startswith("- ") for t in tail[1:])
    out = nonblank(strip_boilerplate(text))
    assert out == body
    assert out[0] == "China Telecom Dials Up Deeper Partnerships With AT&T, Orange"
    for line in tail:
        assert line not in out


def test_seed_000_and_001_bodies_agree_after_stripping():
    """The two copies of one story differ only in headline/dek and boilerplate."""
    a = " ".join(strip_boilerplate(seed("000")).split())
    b_lines = nonblank(strip_boilerplate(seed("001")))[2:]  # without headline and dek
    b = " ".join(" ".join(b_lines).split())
    assert a == b


@pytest.mark.parametrize("eol", ["\r\n", "\r", "\n"])
def test_seed_line_endings(eol):
    text = seed("001").replace("\n", eol)
    assert nonblank(strip_boilerplate(text)) == nonblank(strip_boilerplate(seed("001")))
    assert "\r" not in strip_boilerplate(text)


PRESENTATION = {
    "extra spaces": lambda t: t.replace(" ", "   ").replace("\n", " \n\t"),
    "nbsp": lambda t: t.replace(" ", "\u00a0"),
    "upper": str.upper,
    "curly": lambda t: t.replace("'", "\u2019").replace("-", "\u2014"),
    "fullwidth": lambda t: t.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)}),
}


@pytest.mark.parametrize("variant", PRESENTATION.values(), ids=PRESENTATION.keys())
@pytest.mark.parametrize("prefix", ["000", "001", "002"])
def test_presentation_does_not_change_decisions(prefix, variant):
    lines = lines_of(seed(prefix))
    assert classify_lines([variant(line) for line in lines]) == classify_lines(lines)


@pytest.mark.parametrize("width", [30, 60, 72])
@pytest.mark.parametrize("prefix", ["000", "001", "002"])
def test_hard_wrapped_seed_keeps_the_same_text(prefix, width):
    text = seed(prefix)
    wrapped = "\n".join(
        textwrap.fill(line, width, break_long_words=False, break_on_hyphens=False) for line in lines_of(text)
    )
    assert strip_boilerplate(wrapped).split() == strip_boilerplate(text).split()


def test_hard_wrapped_fragments_are_not_menu_items():
    para = (
        "Forecasters expect heavy rain on the coast and in the hills on Tuesday, "
        "with strong winds and local flooding; the weather service said schools "
        "may close."
    )
    text = "\n\n".join([HEADLINE, textwrap.fill(para, 22), textwrap.fill(BODY[0], 22)])
    assert strip_boilerplate(text) == text


MENU = [
    "News",
    "Auto News",
    "Car Reviews",
    "Features",
    "Auto Shows",
    "Buyers Guide",
    "Motorsports",
    "Racing News",
    "Forum",
    "Facebook",
    "Twitter",
    "About Us",
    "Contact Us",
    "Subscribe to Newsletter",
    "Choose vehicle brand",
    "MORE STORIES LIKE THIS ONE",
    "AUTO NEWS",
    "2017 Lexus LC500 arrives",
    "May 15, 2017",
    "CAR REVIEWS",
    "2018 Lexus ES 350",
    "October 19, 2018",
    "RECENT ARTICLES",
    "Marcus De Guzman",
    "Jose Altoveros",
    "Popular this week",
    "Editor's Note",
    "The Inside Man",
]


@pytest.mark.parametrize("width", [64, 80])
@pytest.mark.parametrize("prefix", ["000", "002"])
def test_a_hard_wrapped_story_inside_a_page_of_short_lines_is_kept(prefix, width):
    # the page's own short lines outnumber the story's, so the width is found
    # among the lines that run on into a lower-case line
    story = strip_boilerplate(seed(prefix))
    wrapped = "\n\n".join(
        textwrap.fill(line, width, break_long_words=False, break_on_hyphens=False) for line in lines_of(story)
    )
    page = "\n".join(MENU * 3) + "\n\n" + wrapped + "\n\n" + "\n".join(MENU * 2)
    assert strip_boilerplate(page).split() == story.split()


def test_seeds_output_is_exactly_the_kept_prefix():
    """Kept lines are verbatim, blank separators are the input's own blank lines."""
    t0, t1, t2 = seed("000"), seed("001"), seed("002")
    assert strip_boilerplate(t0) == t0.rstrip("\n")  # " " separator lines kept as they are
    assert strip_boilerplate(t1) == t1[: t1.index("\n\nJoin the newsletter!")]
    assert strip_boilerplate(t2) == t2[: t2.index("\nContact reporter")]


def test_runs_of_blank_lines_become_one_separator():
    text = "\n\n\n".join(BODY) + "\n\n\n\nAdvertisement\n\n\n"
    assert strip_boilerplate(text) == "\n\n".join(BODY)
    assert strip_boilerplate("\n".join(BODY)) == "\n".join(BODY)  # none invented


# --------------------------------------------------------------------------
# Unit cases: one document frame, a line inserted between body paragraphs
# --------------------------------------------------------------------------
HEADLINE = "Council approves new budget after marathon session"
BODY = [
    "The city council approved a 2.3 billion dollar budget on Tuesday after a "
    "session that lasted more than eleven hours, ending months of negotiations.",
    "The plan raises spending on schools and public transport, while cutting the "
    "administrative budget of several departments by about four percent.",
    "\u201cThis is a budget for families,\u201d the mayor told reporters after the vote, "
    "adding that the city would hire 200 more teachers next year.",
    "Opposition members said the plan relied on optimistic revenue forecasts and "
    "warned that a downturn could force cuts in the middle of the year.",
]


def article(*, middle: list[str] = (), top: list[str] = (), bottom: list[str] = ()) -> str:
    """A small page: top, headline, two paragraphs, middle, two paragraphs, bottom."""
    parts = [*top, HEADLINE, BODY[0], BODY[1], *middle, BODY[2], BODY[3], *bottom]
    return "\n\n".join(parts)


def assert_body_intact(out: str) -> None:
    kept = nonblank(out)
    for para in [HEADLINE, *BODY]:
        assert para in kept


DROP_CASES = {
    "cookie banner": "We use cookies to improve your experience on our site. By continuing "
    "to browse the site you agree to our use of cookies.",
    "cookie button": "Accept all cookies",
    "privacy links": "Privacy Policy | Terms of Use",
    "newsletter": "Join the newsletter!",
    "subscribe prompt": "Subscribe to our daily briefing",
    "newsletter pitch": "Sign up for our free weekly newsletter and get the best stories "
    "delivered to your inbox every Friday.",
    "email error": "Error: Please check your email address.",
    "tags": "Tags: budget, city council, schools",
    "more about": "More about City Council",
    "show comments": "Show Comments",
    "comment count": "12 comments",
    "leave comment": "Leave a comment",
    "comments closed": "Comments are closed.",
    "empty brackets": "[]",
    "share article": "Share this article",
    "share facebook": "Share on Facebook",
    "follow twitter": "Follow us on Twitter",
    "share bar": "Share | Tweet | Email",
    "social names": "Facebook Twitter LinkedIn WhatsApp Email",
    "contact reporter": "Contact reporter Jane Doe (jane.doe@example.com)",
    "byline": "By Jane Doe and John Smith",
    "copyright": "\u00a9 2019 Example Media Ltd. All rights reserved.",
    "copyright word": "Copyright 2019 Example Media",
    "advertisement": "Advertisement",
    "read more": "Read more",
    "related articles": "Related articles",
    "related stories": "Related stories:",
    "you may also like": "You may also like",
    "breadcrumb": "Home \u00bb World \u00bb Europe",
    "image credit": "Photo: Jane Doe/Reuters",
    "timestamp": "March 3, 2024 at 9:05 pm",
}


@pytest.mark.parametrize("where", ["middle", "bottom"], ids=["inside-body", "after-body"])
@pytest.mark.parametrize("line", DROP_CASES.values(), ids=DROP_CASES.keys())
def test_boilerplate_line_inside_or_after_body_is_dropped(line, where):
    out = strip_boilerplate(article(**{where: [line]}))
    assert line not in nonblank(out)
    assert_body_intact(out)


KEEP_CASES = {
    "subscribers in prose": "China Telecom, which has 120 million mobile subscribers, could not "
    "be reached for comment.",
    "comments in prose": "The newspaper said in comments to reporters that it would appeal.",
    "subscribe in prose": "Readers who subscribe to the print edition will also get the archive, the publisher said.",
    "newsletter in prose": "The company sends a weekly newsletter to two million customers.",
    "email in prose": "Questions can be sent to budget@example.gov, the city said in a statement.",
    "share in prose": "Share prices of local builders rose after the vote.",
    "more than": "More than 300 residents attended the hearing.",
    "cookie in prose": "The bakery sold its last cookie at noon, the owner said.",
    "one sentence paragraph": "The vote was 7 to 2.",
    "short quote": "\u201cWe did it,\u201d she said.",
    "subhead": "What happens next",
    "numbers": "Revenue is expected to grow 3.5% in 2020 and 4.1% in 2021.",
    "copyright in prose": "Copyright law was not part of the debate, officials said.",
}


@pytest.mark.parametrize("line", KEEP_CASES.values(), ids=KEEP_CASES.keys())
def test_body_line_is_kept(line):
    out = strip_boilerplate(article(middle=[line]))
    assert line in nonblank(out)
    assert_body_intact(out)


@pytest.mark.parametrize(
    "line", [v for k, v in KEEP_CASES.items() if k != "subhead"], ids=[k for k in KEEP_CASES if k != "subhead"]
)
def test_body_line_is_kept_at_the_end_before_a_footer(line):
    footer = ["Share this article", "Advertisement"]
    out = nonblank(strip_boilerplate(article(bottom=[line, *footer])))
    assert out[-1] == line
    assert_body_intact("\n".join(out))


def test_short_last_paragraph_before_footer_is_kept():
    last = "The budget takes effect on January 1."
    footer = ["Share this article", "Advertisement"]
    out = nonblank(strip_boilerplate(article(bottom=[last, *footer])))
    assert out[-1] == last


def test_nav_run_is_dropped_at_top_and_inside_body():
    nav = ["Home", "World", "Business", "Sport", "Tech"]
    text = article(top=["\n".join(nav)], middle=["\n".join(nav)])
    out = strip_boilerplate(text)
    for item in nav:
        assert item not in nonblank(out)
    assert_body_intact(out)


# Issue 19 (a kind seen on pages no rule was written from, examples invented):
# very short lines that are mostly rows of data (quantities, "key: value")
# are a table or a list of ingredients, not a menu.
def test_a_run_of_very_short_data_rows_is_not_a_menu():
    rows = ["250 g flour", "3 large eggs", "Oven: 180 degrees"]
    out = nonblank(strip_boilerplate(article(bottom=["\n".join(rows), "Share on Facebook"])))
    assert out[-len(rows) :] == rows
    assert_body_intact("\n".join(out))


def test_headline_just_before_body_is_kept_after_boilerplate():
    top = ["Home\nWorld\nBusiness\nSport", "Share on Facebook", "Advertisement"]
    out = nonblank(strip_boilerplate(article(top=top)))
    assert out[0] == HEADLINE


def test_lone_or_between_boilerplate_is_dropped():
    bottom = ["Join the newsletter!", "Or", "Subscribe to our daily briefing"]
    out = nonblank(strip_boilerplate(article(bottom=bottom)))
    assert "Or" not in out
    assert out[-1] == BODY[-1]


@pytest.mark.parametrize("marker", ["- ", "* ", "\u2022 ", "{n}. ", "- {n}"])
def test_list_of_headlines_is_dropped_as_sidebar(marker):
    headlines = [
        "Mayor Faces Recall Vote Over Transit Plan",
        "Storm Knocks Out Power to Thousands in Suburbs",
        "Local Team Wins Championship After Overtime Thriller",
        "Five Restaurants to Try This Weekend",
    ]
    items = [marker.format(n=i + 1) + h for i, h in enumerate(headlines)]
    out = nonblank(strip_boilerplate(article(bottom=["\n".join(items)])))
    for item in items:
        assert item not in out
    assert out[-1] == BODY[-1]


def test_bulleted_list_of_sentences_in_body_is_kept():
    items = [
        "- The city will hire 200 more teachers next year.",
        "- Bus fares will stay frozen until 2021.",
        "- Two libraries will extend their opening hours.",
    ]
    out = nonblank(strip_boilerplate(article(middle=["\n".join(items)])))
    for item in items:
        assert item in out
    # ... also when it ends the article and a sidebar follows
    out = nonblank(strip_boilerplate(article(bottom=["\n".join(items), "Related stories"])))
    assert out[-3:] == items


def test_single_sentence_document_is_kept():
    assert strip_boilerplate("The meeting was postponed.") == "The meeting was postponed."
    assert strip_boilerplate("Breaking news headline") == "Breaking news headline"


def test_only_boilerplate_gives_empty_string():
    text = "Home\nWorld\nBusiness\nSport\n\nShare this article\n\u00a9 2019 Example. All rights reserved."
    assert strip_boilerplate(text) == ""


# --------------------------------------------------------------------------
# Classifier API
# --------------------------------------------------------------------------
def test_line_features_labels():
    assert line_features("") is None and line_features("   ") is None
    assert line_features(BODY[0]).label == GOOD
    assert line_features("Advertisement").label == BAD
    assert line_features("Advertisement").rule == "advertisement"
    assert line_features(HEADLINE).label == SHORT
    f = line_features("- 1Cover Story: Why It Matters")
    assert f.list_item and f.text == "Cover Story: Why It Matters"


def test_label_lines_reports_run_rules():
    lines = [BODY[0], "Markets", "World", "Culture", BODY[1], ""]
    labels = label_lines(lines)
    assert labels[0] == (GOOD, "prose")
    assert labels[1:4] == [(BAD, "nav-run")] * 3
    assert labels[5] is None


def test_classify_lines_is_a_fixpoint():
    lines = lines_of(seed("001")) + lines_of(seed("002"))
    keep = classify_lines(lines)
    assert len(keep) == len(lines)
    assert not any(k for k, line in zip(keep, lines) if not line.strip())  # blanks are False
    kept = [line for k, line in zip(keep, lines) if k]
    assert all(classify_lines(kept))


def test_classify_lines_rejects_str_and_non_str_items():
    with pytest.raises(TypeError, match="sequence of lines"):
        classify_lines("a text")
    with pytest.raises(TypeError, match="got bytes"):
        classify_lines(["ok", b"bytes"])


# --------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------
@pytest.mark.parametrize("value,name", [(None, "NoneType"), (b"text", "bytes"), (42, "int")])
def test_non_str_raises_type_error(value, name):
    with pytest.raises(TypeError, match=rf"strip_boilerplate\(\) expects str, got {name}"):
        strip_boilerplate(value)


@pytest.mark.parametrize("text", ["", " ", "\n", "\r\n\r\n", " \t \n \u3000 \n"])
def test_empty_and_whitespace_give_empty_string(text):
    assert strip_boilerplate(text) == ""


# --------------------------------------------------------------------------
# Speed
# --------------------------------------------------------------------------
def test_speed_of_a_600_word_article():
    text = seed("001")  # ~ 500 words, with its boilerplate block
    assert 400 <= len(text.split()) <= 700
    strip_boilerplate(text)
    runs = 200
    start = time.perf_counter()
    for _ in range(runs):
        strip_boilerplate(text)
    mean = (time.perf_counter() - start) / runs
    assert mean < 0.002  # measured ~0.2 ms; generous bound for slow CI machines


@pytest.mark.parametrize(
    "text",
    [
        "a" * 100_000 + "@",
        "share," * 20_000 + "x",
        "| " * 50_000,
        "sign up " + "privacy " * 10_000,
        "\n".join(["Home"] * 20_000),
        "\u4e2d" * 100_000,
    ],
    ids=["no-at-run", "social-run", "pipes", "signup", "many-lines", "cjk"],
)
def test_pathological_input_is_fast(text):
    start = time.perf_counter()
    strip_boilerplate(text)
    assert time.perf_counter() - start < 1.0


# --------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------
_SUBJECTS = [
    "The council",
    "Officials",
    "The company",
    "Residents",
    "The minister",
    "Analysts",
    "The agency",
    "She",
    "He",
    "The report",
]
_WORDS = (
    "said would could budget year market share comments subscribers newsletter "
    "email more about related government company people report city plan vote "
    "new first week million percent after before during while because since "
    "between under against growth prices workers schools police court trade "
    "announced expected reported increased reduced followed"
).split()

prose_sentence = st.builds(
    lambda subj, words, end: f"{subj} {' '.join(words)}{end}",
    st.sampled_from(_SUBJECTS),
    st.lists(st.sampled_from(_WORDS), min_size=3, max_size=30),
    st.sampled_from([".", ".", ".", "!", "?"]),
)
prose_paragraph = st.lists(prose_sentence, min_size=1, max_size=4).map(" ".join)

boilerplate_line = st.sampled_from(
    [*DROP_CASES.values(), "Home", "World", "Or", "- 1Top Story Of The Day", "1. Another Headline"]
)
any_line = st.one_of(
    prose_paragraph, boilerplate_line, st.text(max_size=60), st.sampled_from(["", " ", HEADLINE, *KEEP_CASES.values()])
)
separator = st.sampled_from(["\n", "\n\n", "\r\n", "\r", "\n \n"])


@st.composite
def documents(draw):
    lines = draw(st.lists(any_line, max_size=25))
    out = []
    for line in lines:
        out.append(line)
        out.append(draw(separator))
    return "".join(out)


_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(documents())
def test_idempotent(text):
    once = strip_boilerplate(text)
    assert strip_boilerplate(once) == once


@_SETTINGS
@given(documents())
def test_never_adds_text(text):
    out = strip_boilerplate(text)
    if out:
        out_lines = out.split("\n")
        assert is_subsequence(out_lines, lines_of(text))
        assert all(line.strip() for line in out_lines[:1] + out_lines[-1:])


@_SETTINGS
@given(st.lists(prose_paragraph, min_size=1, max_size=12), st.sampled_from(["\n", "\n\n"]))
def test_prose_only_text_is_kept_whole(paragraphs, sep):
    text = sep.join(paragraphs)
    assert strip_boilerplate(text) == text


@_SETTINGS
@given(st.text())
def test_arbitrary_unicode_never_raises(text):
    out = strip_boilerplate(text)
    assert isinstance(out, str)
    assert strip_boilerplate(out) == out
