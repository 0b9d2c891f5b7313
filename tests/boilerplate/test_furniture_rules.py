"""Page furniture that is not article text (issue 19): script text, rails of
title-cased menu items without separators, event listings, headline lists
under a section label, and the one short prose block of a page that must not
be dropped while such furniture is kept.  Every page here is invented."""

from __future__ import annotations

import pytest
from test_boilerplate_rules import kept

from dedup.boilerplate import explain_lines, line_features, strip_boilerplate

STORY_HEAD = "Ferry fares rise in spring"
STORY = [
    "Ferry tickets will cost twenty cents more from April, the operator said on Tuesday, after two years "
    "of unchanged prices.",
    "The monthly pass keeps its price until the end of the year, and children under six still travel free.",
]


def story_page(*furniture_before: str, after: tuple[str, ...] = ()) -> list[str]:
    return kept("Harbour Herald", *furniture_before, STORY_HEAD, *STORY, *after)


def assert_story(out: list[str]) -> None:
    assert STORY_HEAD in out
    for line in STORY:
        assert line in out


# --------------------------------------------------------------------------
# Script text
# --------------------------------------------------------------------------
SCRIPT_LINES = [
    'var tideCfg = {"port": "north", "ads": true, "lazy": 1};',
    "window.tideQueue = window.tideQueue || []; function tidePush(){tideQueue.push(arguments);}",
    "tidePush('config', 'T-000'); if (window.innerWidth < 600) { loadSmallTides(); }",
    ".tide-header { color: #223; margin: 0 auto; } .tide-nav a { padding: 4px; }",
    '{"@type": "NewsArticle", "headline": "Ferry fares rise", "section": "harbour"}',
    'document.addEventListener("DOMContentLoaded", function() { startGallery({"speed": 300}); });',
    "const pier = items.map((x) => { return x.id; });",
]


@pytest.mark.parametrize("line", SCRIPT_LINES)
def test_script_lines_are_bad(line):
    f = line_features(line)
    assert (f.label, f.rule) == ("bad", "script")


@pytest.mark.parametrize(
    "line",
    [
        "The fee rose by a third; the council said the old rate (set in 2019) no longer covered costs.",
        "Prices: adults 4 euros, children 2 euros; groups of ten or more pay 3 euros each.",
        "He wrote x = 2 on the board and asked the class what x + 3 was",
        "Der Preis steigt um 20 Cent; die Monatskarte bleibt gleich (vorerst).",
    ],
)
def test_prose_with_semicolons_and_equals_is_not_script(line):
    assert line_features(line).rule != "script"


def test_script_text_around_the_story_is_dropped():
    out = story_page(*SCRIPT_LINES[:4], after=tuple(SCRIPT_LINES[4:]))
    assert_story(out)
    assert not set(SCRIPT_LINES) & set(out)


# --------------------------------------------------------------------------
# Rails of title-cased menu items without separators
# --------------------------------------------------------------------------
RAILS = [
    "Home Tides Harbour Ferries Weather Fishing Boats Markets Moorings Opinion Letters Obituaries",
    "Garden Furniture Outdoor Lighting Kitchen Storage Bathroom Accessories Bedding Rugs Curtains Mirrors",
    "Startseite Politik Wirtschaft Kultur Sport Wissen Reise Auto Digital Gesundheit Familie Karriere",
]


@pytest.mark.parametrize("line", RAILS)
def test_rails_are_bad(line):
    f = line_features(line)
    assert (f.label, f.rule) == ("bad", "rail")


@pytest.mark.parametrize(
    "line",
    [
        "Mayor Says Farewell To Old Town Hall After Twenty Years In Office",  # Title Case headline: stop words
        "Harbour Master Opens New Pier",  # too short
        "Stadtrat beschließt neuen Radweg entlang der Uferpromenade nach langer Debatte im Rathaus",
        "New York Stock Exchange Index Futures Rise Sharply Ahead Of Key Earnings Reports Today.",  # a sentence
    ],
)
def test_headlines_are_not_rails(line):
    assert line_features(line).rule != "rail"


def test_rails_around_the_story_are_dropped():
    out = story_page(*RAILS[:2], after=(RAILS[2],))
    assert_story(out)
    assert not set(RAILS) & set(out)


# --------------------------------------------------------------------------
# Event listings
# --------------------------------------------------------------------------
CALENDAR = [
    "Events this week",
    "Mon 3 June 18:00 Quiz night at the Anchor",
    "Tue 4 June 19:30 Choir rehearsal in the church hall",
    "Wed 5 June 10:00 Farmers market on the quay",
    "Thursday 6 June 20:00 Open air cinema on the pier",
    "Sat 8 June 14:00 - 17:00 Boat parade",
]


def test_an_event_listing_before_the_story_is_dropped():
    out = story_page(*CALENDAR)
    assert_story(out)
    assert not set(CALENDAR[1:]) & set(out)
    why = dict(zip(CALENDAR, (e[1] for e in explain_lines(CALENDAR + [STORY_HEAD, *STORY]) if e)))
    assert why[CALENDAR[1]] == "calendar"


def test_an_event_listing_after_the_story_is_dropped():
    out = story_page(after=tuple(CALENDAR))
    assert_story(out)
    assert not set(CALENDAR[1:]) & set(out)


def test_dates_and_titles_on_alternate_lines():
    listing = [
        "Fri 7 June",
        "Harbour choir concert",
        "Sat 8 June",
        "Boat parade on the quay",
        "Sunday 9 June",
        "Lighthouse open day",
    ]
    out = story_page(after=tuple(listing))
    assert_story(out)
    assert "Harbour choir concert" not in out


def test_a_schedule_introduced_by_the_article_is_kept():
    schedule = ["09:00 Doors open at the pier", "10:30 The first ferry leaves", "12:00 Lunch on the quay"]
    lines = [
        STORY_HEAD,
        STORY[0],
        "The day of the new ferry line will run as follows on Saturday morning:",
        *schedule,
        STORY[1],
    ]
    out = kept(*lines)
    for line in schedule:
        assert line in out


def test_two_dated_lines_are_not_a_listing():
    out = story_page(after=("Mon 3 June 18:00 Quiz night at the Anchor", "Tue 4 June 19:30 Choir rehearsal"))
    assert "Mon 3 June 18:00 Quiz night at the Anchor" in out


# --------------------------------------------------------------------------
# Headline lists under a section label
# --------------------------------------------------------------------------
HEADLINES = [
    "School choir heads to national final",
    "New bus route links the two valleys",
    "Volunteers plant a thousand trees on the ridge",
    "Council delays vote on parking fees",
]


@pytest.mark.parametrize("label", ["More from Harbour", "Neu im Hafen", "Elsewhere on the coast"])
def test_a_headline_list_under_a_label_before_the_story_is_dropped(label):
    out = story_page(label, *HEADLINES)
    assert_story(out)
    assert not set(HEADLINES) & set(out)
    assert label not in out


def test_a_headline_list_at_the_end_is_dropped():
    out = story_page(after=("Around the coast", *HEADLINES))
    assert_story(out)
    assert not set(HEADLINES) & set(out)


def test_two_headlines_under_a_label_are_kept():
    out = story_page("Around the coast", *HEADLINES[:2])
    assert_story(out)


def test_a_headline_dek_and_subhead_are_not_a_list():
    lines = [
        "Harbour",
        STORY_HEAD,
        "Operator blames fuel costs and new engines",
        STORY[0],
        "What changes for passengers",
        STORY[1],
    ]
    assert kept(*lines) == lines[1:] or kept(*lines) == lines


# --------------------------------------------------------------------------
# The one short prose block of a page
# --------------------------------------------------------------------------
#: Long lines of non-prose that the classifier takes for prose (no sentence
#: punctuation, few capitals, enough stop words), heavier than the story.
LISTINGS = [
    "Weekend opening hours and prices for the public swimming baths in the main hall and the outdoor pool on "
    "the river side",
    "Price list and parking information for the summer season and the winter season in the old town and the "
    "new harbour area",
    "Timetables of the buses and trams to the beach and the camp site with the stops near the ferry pier and "
    "the market square",
]
KEYWORDS = "harbour works, tram line, city budget, school board, bike lanes"


def test_the_one_prose_block_is_kept_instead_of_furniture():
    text = "\n".join(["Harbour Herald", *LISTINGS, KEYWORDS, STORY_HEAD, *STORY])
    out = strip_boilerplate(text)
    assert out.split("\n") == [STORY_HEAD, *STORY]
    assert strip_boilerplate(out) == out
    why = [e for e in explain_lines(text.split("\n")) if e]
    assert why[1] == (False, "lone-prose")
    assert why[-1] == (True, "prose")


def test_two_pages_of_one_template_differ_after_stripping():
    other_head = "Lighthouse reopens after repairs"
    other = [
        "The old lighthouse on the north pier opens to visitors again on Saturday, after a winter of "
        "repairs to its stairs and lamp room.",
        "Tickets cost three euros and can be bought at the door.",
    ]
    first = strip_boilerplate("\n".join(["Harbour Herald", *LISTINGS, KEYWORDS, STORY_HEAD, *STORY]))
    second = strip_boilerplate("\n".join(["Harbour Herald", *LISTINGS, KEYWORDS, other_head, *other]))
    assert first != second
    assert not set(first.split("\n")) & set(second.split("\n"))


def test_no_prose_block_keeps_what_was_kept():
    text = "\n".join(["Harbour Herald", *LISTINGS, KEYWORDS, STORY_HEAD, "Tickets cost more."])
    assert strip_boilerplate(text).split("\n")[:4] == ["Harbour Herald", *LISTINGS]


def test_a_page_with_prose_kept_is_left_to_the_other_rules():
    lines = [STORY_HEAD, *STORY, KEYWORDS, *LISTINGS]
    assert kept(*lines) == [STORY_HEAD, *STORY, *LISTINGS]
    assert all(e[1] != "lone-prose" for e in explain_lines(lines) if e)
