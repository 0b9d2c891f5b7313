"""The linked headlines under a sidebar header alone on its line (run rule
``related-run``), inside and after an article.  Issue 19: a box of related
links inside the story kept its headlines, since they stood between
paragraphs or right before one (the kind seen on pages no rule was written
from and on the development pages; every line here is invented)."""

from __future__ import annotations

import pytest
from test_boilerplate import BODY, HEADLINE
from test_boilerplate_rules import MORE_BODY, kept

from dedup.boilerplate import BAD, explain_lines, line_features

LINKS = [
    "Harbour ferry gets a second morning boat",
    "Why are the tram tickets going up again?",
    "School board picks a new chair after long vote",
]

HEADERS = [
    "Related stories",
    "You might also like",
    "Ähnliche Artikel",
    "Das könnte Sie auch interessieren:",
    "Articles similaires",
    "Sur le même sujet",
    "Noticias relacionadas",
    "Te puede interesar",
    # a "more from" or "most read" header of a few words
    "More from the city desk",
    "Most read",
    "Mehr aus der Region",
    # a longer one introducing its list with a colon
    "Related coverage from the harbour and tides desk:",
    "Mehr aus dem Ressort Stadt und Land:",
]


@pytest.mark.parametrize("header", HEADERS)
def test_links_under_a_header_inside_the_article_are_dropped(header):
    out = kept(HEADLINE, *BODY, header, *LINKS, *MORE_BODY)
    assert out == [HEADLINE, *BODY, *MORE_BODY]


@pytest.mark.parametrize("header", HEADERS[:3])
def test_links_under_a_header_after_the_article_are_dropped(header):
    out = kept(HEADLINE, *BODY, *MORE_BODY, header, *LINKS)
    assert out == [HEADLINE, *BODY, *MORE_BODY]


def test_a_short_exclamation_under_the_header_is_a_link_even_as_prose():
    links = ["Crowds cheer as the old pier finally reopens: \u201cWe made it!\u201d", *LINKS]
    lines = [HEADLINE, *BODY, "Related stories", *links, *MORE_BODY]
    why = explain_lines(lines)
    assert [why[lines.index(x)] for x in links] == [(False, "related-run")] * len(links)


def test_the_run_ends_at_a_sentence_or_a_line_ending_in_a_colon():
    # a sentence ending in a full stop, or a line introducing a list, is not a link
    for line in ("The council will vote on the plan again next week.", "Here are the main points of the plan:"):
        lines = [HEADLINE, *BODY, "Related stories", LINKS[0], line, *MORE_BODY]
        why = dict(zip(lines, explain_lines(lines)))
        assert why[LINKS[0]] == (False, "related-run")
        assert why[line][1] != "related-run"


def test_a_header_that_goes_on_with_a_headline_is_not_a_bare_header():
    # "Related: <headline>" is a link itself; the subhead after it is the story's
    subhead = "A long night at city hall"
    lines = [HEADLINE, *BODY, "Related: Tram fares rise for the third year", subhead, *MORE_BODY]
    why = dict(zip(lines, explain_lines(lines)))
    assert why[subhead][1] != "related-run"
    assert subhead in kept(*lines)


def test_a_long_more_about_line_is_not_a_bare_header():
    # more than bare_header_max_words words: a subhead of the story, not a widget's header
    subhead = "Tram fares and the harbour bridge"
    lines = [HEADLINE, *BODY, "More on the budget and what it means for the harbour", subhead, *MORE_BODY]
    why = dict(zip(lines, explain_lines(lines)))
    assert why[subhead][1] != "related-run"


# Issue 19: sidebar headers the lexicon lacked (kinds seen on pages no rule was
# written from, and "more ... stories" on the development pages; invented lines)
MORE_HEADERS = [
    "More Great Harbour Stories",
    "Explore further",
    "In case you missed it",
    "Weitere Meldungen aus der Rubrik Garten:",
    "Beliebte Beiträge zum Thema:",
    "Artikel zum Thema",
    "Auch interessant für dich",
    "Articles en relation",
    "Dans la même catégorie",
    "Ces articles peuvent vous intéresser",
    "Mirá también",
    "Relacionados:",
    "Otras noticias",
    "Te recomendamos",
    # a box of further information, and a header whose ellipsis marks a link
    "More information",
    "Weitere Informationen:",
    "Plus d'informations",
    "Más información",
    "Das könnte Sie auch interessieren \u2026",
    "Mehr zum Thema ...",
]


@pytest.mark.parametrize("header", MORE_HEADERS)
def test_more_sidebar_headers(header):
    f = line_features(header)
    assert (f.label, f.rule) == (BAD, "related-header")
    assert kept(HEADLINE, *BODY, header, *LINKS, *MORE_BODY) == [HEADLINE, *BODY, *MORE_BODY]


@pytest.mark.parametrize(
    "line",
    [
        "More than two stories",
        "More than two stories were added to the old school last year.",
        "Weitere Meldungen kamen am Abend aus der Region.",
        "Relacionados con el puerto, los trabajos siguen hasta marzo.",
        "Dans la même catégorie, le jury a distingué deux jeunes auteurs.",
        "More information on the new tram line will follow next week.",
        "Weitere Informationen gibt es am Montag im Rathaus ...",
    ],
)
def test_prose_and_labels_like_sidebar_headers_are_not_headers(line):
    assert line_features(line).rule != "related-header"
