"""The one short prose block of a page is never dropped while non-prose
furniture around it is kept (issue 19).  Every page here is invented."""

from __future__ import annotations

from test_boilerplate_rules import kept

from dedup.boilerplate import explain_lines, strip_boilerplate

STORY_HEAD = "Ferry fares rise in spring"
STORY = [
    "Ferry tickets will cost twenty cents more from April, the operator said on Tuesday, after two years "
    "of unchanged prices.",
    "The monthly pass keeps its price until the end of the year, and children under six still travel free.",
]


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
    # (the masthead above them, two words, is a label, not their headline)
    assert strip_boilerplate(text).split("\n")[:3] == LISTINGS


def test_a_page_with_prose_kept_is_left_to_the_other_rules():
    lines = [STORY_HEAD, *STORY, KEYWORDS, *LISTINGS]
    assert kept(*lines) == [STORY_HEAD, *STORY, *LISTINGS]
    assert all(e[1] != "lone-prose" for e in explain_lines(lines) if e)


def test_a_prose_paragraph_without_a_final_full_stop_is_prose():
    # a paragraph of several sentences whose last one lacks its full stop is
    # the article: the guard leaves it alone
    paragraph = (
        "The ferry operator met the harbour board on Monday. Both sides agreed on a new timetable. "
        "Passengers will see the changes from the first week of April, when the summer boats return to the "
        "north pier and the night crossings start again, and the board will review the timetable in May"
    )
    text = "\n".join(["Harbour Herald", paragraph, KEYWORDS, STORY_HEAD, *STORY])
    assert strip_boilerplate(text).split("\n") == [paragraph]  # the story goes after the tags, the masthead too
    assert all(e[1] != "lone-prose" for e in explain_lines(text.split("\n")) if e)
