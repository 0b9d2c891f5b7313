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


# --------------------------------------------------------------------------
# The short story after a list of teasers
# --------------------------------------------------------------------------
# A page whose heaviest region is a list of headlines with blurbs: the short
# story below it (two paragraphs, far below the list or after a region the
# region pass cuts) is the page's own text, not an afterthought of the list.
MENU = ["Home", "News", "Sport", "Weather", "Events", "Contact"]
FOOTER_MENU = ["Privacy", "Terms", "Jobs", "Advertise", "Archive", "Newsletter"]
TEASERS = [
    "New Cycle Lanes For The Harbour Road",
    "Work on the two lanes starts in May and should be finished before the summer markets open.",
    "School Board Picks A New Chair",
    "The board chose a former teacher from the north side to lead it for the next three years.",
    "Market Hall Roof Repairs Delayed",
    "Rain has held up the roofers, and the hall stays closed to traders until the end of the month.",
    "Tram Line Survey Opens To Residents",
    "People living along the planned route can answer the council's questions online until Friday.",
]
EARLY_BOAT = [
    "The ferry operator will add an early boat to the island on weekdays from April, after commuters "
    "asked for a crossing that reaches the mainland before eight.",
    "The new departure leaves the north pier at ten past six and stops at the camp site on the way back, "
    "the operator said, and the fare stays the same as on the later boats.",
]
LIGHTHOUSE = [
    "The old lighthouse on the north pier opens to visitors again on Saturday, after a winter of repairs "
    "to its stairs, its windows and the lamp room at the top.",
    "Tickets cost three euros at the door, and a volunteer guide will take groups of ten up the stairs "
    "every half hour until the light is switched on again at dusk.",
]


def teaser_page(story: list[str]) -> list[str]:
    return ["Harbour Herald", *MENU, *TEASERS, *FOOTER_MENU, *story]


def test_the_story_below_a_list_of_teasers_is_kept():
    lines = teaser_page(EARLY_BOAT)
    out = strip_boilerplate("\n".join(lines))
    assert out.split("\n") == [*TEASERS, *EARLY_BOAT]
    assert strip_boilerplate(out) == out
    assert [e for e in explain_lines(lines) if e][-2:] == [(True, "prose"), (True, "prose")]
    # two pages of the template differ by their stories
    other = strip_boilerplate("\n".join(teaser_page(LIGHTHOUSE)))
    assert other.split("\n") == [*TEASERS, *LIGHTHOUSE]


def test_the_story_below_a_list_broken_up_by_menus_is_kept():
    # each teaser in its own region between section menus; the one with the
    # longest blurb is the heaviest region, the next is cut, and the story
    # comes after both
    pieces = [
        ["Travel", "Beaches", "See all Travel"],
        [
            "Twelve Quiet Beaches To Visit Before The Summer Crowds Arrive",
            "Spring is the best time to walk the long sandy bays of the north coast, when the cafes are open, the "
            "car parks are empty and the water is warm enough for a short swim, and we picked twelve of them, from "
            "the small coves below the cliffs to the dunes by the old fishing villages, with notes on parking, food "
            "and where to stay the night.",
        ],
        ["Food", "Recipes", "See all Food"],
        [
            "The Cheapest Way To Heat A Small Flat This Winter",
            "Our readers compared heaters, blankets and smart plugs over three cold months.",
        ],
        ["Homes", "Gardens", "See all Homes"],
        [
            "How To Plan A Week Of Meals On A Tight Budget",
            "A dietitian shares her list for a week of dinners that cost less than a takeaway.",
        ],
        ["Money", "Pensions", "See all Money"],
    ]
    lines = ["Harbour Herald", "Home", "News", "Sport", *(line for piece in pieces for line in piece), *EARLY_BOAT]
    out = strip_boilerplate("\n".join(lines))
    assert out.split("\n") == [*pieces[1], *EARLY_BOAT]
    assert strip_boilerplate(out) == out


def test_short_notes_below_a_list_of_teasers_still_go():
    # sentences as short as blurbs are an author box, not a story
    note = [
        "Jane Roe has covered transport and the harbour for the Herald since the spring of 2019.",
        "If you buy a ticket through a link on this page, the Herald may earn a small fee.",
    ]
    assert strip_boilerplate("\n".join(teaser_page(note))).split("\n") == TEASERS
    # and a footer line ends the page: nothing after it is the story
    footer = teaser_page(["© 2024 Harbour Herald Ltd. All rights reserved.", *EARLY_BOAT])
    assert strip_boilerplate("\n".join(footer)).split("\n") == TEASERS


def test_paragraphs_below_an_article_of_subheadings_still_go():
    # a guide broken up by subheadings is not dense: it is no list of blurbs,
    # and the disclaimer far below it is not a story
    guide = [
        "Packing For A Week On The Islands",
        "What To Bring For Rain",
        "A light jacket, a spare pair of socks and a dry bag for the phone are enough for most days on the "
        "boats, and the shops on the larger islands sell the rest if you forget something at home.",
        "Shoes For The Coastal Paths",
        "Maps And Offline Guides",
        "Tickets And Island Passes",
        "Cash For The Smaller Harbours",
        "Food For The Longer Crossings",
        "Sleeping Bags And Camp Sites",
        "Bikes On The Ferries",
        "Dogs On The Beaches",
        "Swimming In The Bays",
        "Phones And Chargers",
        "The camp sites open in May, and most of them rent tents and sleeping bags by the night, so there is no "
        "need to carry your own unless you plan to sleep on the beaches of the outer islands.",
    ]
    disclaimer = [
        "The information on this page is given in good faith, and the publisher takes no responsibility for any "
        "loss or harm that follows from the use of it on a trip to the islands or elsewhere.",
        "Prices, timetables and opening hours change often, so check them with the ferry operator and the camp "
        "sites before you travel, especially outside the summer season and on public holidays.",
    ]
    lines = ["Harbour Herald", *MENU, *guide, *FOOTER_MENU, *disclaimer]
    assert strip_boilerplate("\n".join(lines)).split("\n") == guide
