"""Teasers of a page's sidebar, a Title Case headline glued to its blurb with
one capitalised function word in a long run, are not its story (issue 19:
two pages of one site became identical after stripping when such teasers
were kept and the story was dropped).  Every example is invented."""

from __future__ import annotations

import pytest

from dedup.boilerplate import GOOD, line_features, strip_boilerplate

TEASERS = [
    "Six Quiet Ferry Rides Around Northbay For Families the harbour office picked routes for small children.",
    "Best Bakeries Near The Old Harbour Market Ranked by readers who voted for their favourite rye loaf this year.",
    "Where Northbay Locals Buy Fresh Fish On Saturdays the quay stalls open at six and sell out by nine.",
    "Ten Lighthouse Walks With Sea Views Worth The Climb our guide lists the paths along the north cliffs.",
]
KEYWORDS = "harbour works, tram line, city budget, school board, bike lanes"


@pytest.mark.parametrize("line", TEASERS)
def test_a_long_title_run_with_one_function_word_is_a_glued_teaser(line):
    assert line_features(line).rule == "glued-teaser"


@pytest.mark.parametrize(
    "line",
    [
        "Prime Minister Jane Roe Of Northbay said on Monday that the ferry fares would rise in spring.",
        "The Harbour Master said on Monday that the north pier would reopen in time for the summer boats.",
    ],
)
def test_a_name_before_the_verb_is_not_a_glued_teaser(line):
    assert line_features(line).label == GOOD


def story_page(head: str, *sentences: str) -> str:
    return "\n".join(["Harbour Herald", *TEASERS, KEYWORDS, head, *sentences])


def test_two_stories_in_one_template_with_glued_teasers_differ_after_stripping():
    first = strip_boilerplate(
        story_page(
            "Ferry fares rise in spring",
            "Ferry tickets will cost twenty cents more from April, the operator said on Tuesday, after two years "
            "of unchanged prices.",
            "The monthly pass keeps its price until the end of the year, and children under six still travel free.",
        )
    )
    second = strip_boilerplate(
        story_page(
            "Lighthouse reopens after repairs",
            "The old lighthouse on the north pier opens to visitors again on Saturday, after a winter of repairs "
            "to its stairs and lamp room.",
            "Tickets cost three euros and can be bought at the door from ten in the morning.",
        )
    )
    assert "Ferry fares rise in spring" in first.split("\n")
    assert "Lighthouse reopens after repairs" in second.split("\n")
    assert not set(first.split("\n")) & set(second.split("\n"))
