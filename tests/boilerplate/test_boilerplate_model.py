"""Tests for dedup.BoilerplateModel (corpus-level boilerplate lines)."""

from __future__ import annotations

import pickle
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dedup
from dedup import BoilerplateModel
from dedup.boilerplate import BoilerplateStripper

STORIES = [
    "The city council approved a 2.3 billion dollar budget on Tuesday after a session that "
    "lasted more than eleven hours, ending months of negotiations.",
    "Heavy rain flooded several roads in the north on Monday and forecasters warned that more "
    "storms would reach the coast by the weekend.",
    "The company reported record profits for the third quarter as sales of its new phone "
    "soared in Asia and Europe, beating analysts' forecasts.",
    "Scientists said they had found traces of water in samples brought back from the moon, a "
    "discovery that could help future crewed missions.",
    "Thousands of runners took part in the city marathon on Sunday, which was won by a local "
    "teacher in just over two hours and ten minutes.",
]
# A site's template: lines the single-document stripper keeps (they read like prose).
TEMPLATE = [
    "Our reporters cover the city, the region and the world for readers who care about facts.",
    "The Example Gazette has been published every morning since 1887 and is read by millions.",
]


def page(story: str, template=TEMPLATE) -> str:
    return "\n\n".join([*template[:1], story, *template[1:]])


def nonblank(text: str) -> list[str]:
    return [line for line in re.split(r"\r\n|\r|\n", text) if line.strip()]


def test_learns_a_sites_template_and_strips_it_verbatim():
    pages = [page(s) for s in STORIES]
    model = BoilerplateModel().fit(pages)
    assert len(model) == 2 and model.documents == 5
    for story, text in zip(STORIES, pages):
        assert model.strip(text) == story
        assert model.strip(model.strip(text)) == model.strip(text)
    assert model.is_boilerplate(TEMPLATE[0]) and not model.is_boilerplate(STORIES[0])


def test_normalisation_case_spacing_and_numbers():
    pages = [s + "\n12 comments" for s in STORIES[:3]]
    model = BoilerplateModel().fit(pages)
    assert model.is_boilerplate("  3   COMMENTS ")
    assert model.strip(STORIES[4] + "\n\n7 Comments") == STORIES[4]


def test_below_min_docs_nothing_is_learned():
    model = BoilerplateModel(min_docs=3).fit([page(s) for s in STORIES[:2]])
    assert len(model) == 0
    assert model.strip(page(STORIES[0])) == page(STORIES[0])


def test_copies_of_one_story_are_one_story():
    """Lines shared by copies of one story are what dedup must see: never boilerplate."""
    copies = [STORIES[0] + "\nBy Ann Lee, City Desk"] * 4
    copies.append(STORIES[0].replace("Tuesday", "Wednesday") + "\nBy Ann Lee, City Desk")
    model = BoilerplateModel().fit(copies)
    assert len(model) == 0
    assert model.strip(copies[0]) == copies[0]


def test_edited_copies_with_a_new_headline_are_one_story():
    """Copies that each get a new headline and a few words of the first sentence changed keep
    the story's other paragraphs unchanged: those paragraphs recur in every
    copy but are the story, not the site's template, and must not be learned."""
    body = [
        "Engineers at the harbour authority spent the night pumping water out of the flooded "
        "ferry terminal after the storm surge broke through a temporary barrier.",
        "The terminal's ticket hall and two waiting rooms were under half a metre of water by "
        "midnight, and the morning crossings to the islands were cancelled.",
        "A spokesperson said the electrical systems would be checked before any vessel is "
        "allowed to dock, which could take until Thursday afternoon.",
    ]
    firsts = [
        "Storm surge floods ferry terminal as harbour barrier gives way in the night",
        "Ferry terminal under water after barrier fails during overnight storm surge",
        "Harbour crews pump out terminal flooded when storm surge broke temporary wall",
        "Island crossings cancelled as storm leaves the ferry terminal flooded overnight",
        "Temporary harbour barrier breached and ferry terminal flooded by the storm surge",
    ]
    reworded = [  # a few words of the first sentence changed in each copy
        "Engineers of the harbour authority spent the night pumping water out of the flooded "
        "ferry terminal after a storm surge broke through a temporary barrier.",
        "Engineers at the port authority spent all night pumping water out of the flooded "
        "ferry terminal after the storm surge broke through a makeshift barrier.",
        "Workers at the harbour authority spent the night pumping water from the flooded "
        "ferry terminal after the storm surge broke through a temporary wall.",
        "Engineers at the harbour authority worked the night pumping water out of the flooded "
        "ferry building after the storm surge broke through a temporary barrier.",
        "Crews at the harbour authority spent the night pumping water out of the inundated "
        "ferry terminal when the storm surge broke through a temporary barrier.",
    ]
    copies = ["\n\n".join([headline, first, *body[1:]]) for headline, first in zip(firsts, [body[0], *reworded[1:]])]
    model = BoilerplateModel().fit(copies)
    assert len(model) == 0, [line for line in body if model.is_boilerplate(line)]
    for copy in copies:
        assert model.strip(copy) == copy


def test_per_source_counts_and_any_source_stripping():
    model = BoilerplateModel()
    model.update([page(s) for s in STORIES[:3]], source="gazette")
    model.update([s + "\n\nSubscribe to The Herald today." for s in STORIES[2:]], source="herald")
    assert model.strip(page(STORIES[4]), source="gazette") == STORIES[4]
    # a source only strips its own boilerplate ...
    assert model.strip(page(STORIES[4]), source="herald") == page(STORIES[4])
    # ... and no source means: boilerplate on any source
    text = page(STORIES[1]) + "\n\nSubscribe to The Herald today."
    assert model.strip(text) == STORIES[1]


def test_update_with_a_source_per_text():
    texts = [page(s) for s in STORIES[:3]] + [s + "\nHerald footer line" for s in STORIES[2:]]
    sources = ["gazette"] * 3 + ["herald"] * 3
    model = BoilerplateModel().update(texts, sources=sources)
    assert model.is_boilerplate(TEMPLATE[0], "gazette") and not model.is_boilerplate(TEMPLATE[0], "herald")
    assert model.is_boilerplate("Herald footer line", "herald")


def test_min_share():
    pages = [page(s) for s in STORIES[:3]] + [s for s in STORIES[3:]] * 1
    assert len(BoilerplateModel(min_share=0.5).fit(pages)) == 2  # 3 of 5 documents
    model = BoilerplateModel(min_share=0.8).fit(pages)
    assert not model.is_boilerplate(TEMPLATE[0])
    assert model.strip(pages[0]) == pages[0]


def test_two_different_stories_of_a_source_are_enough_by_default():
    """A site that sends two stories in one input: the lines both pages
    carry are its template, and each story keeps its own text."""
    model = BoilerplateModel().update([page(STORIES[0]), page(STORIES[1])], sources=["gazette"] * 2)
    assert model.is_boilerplate(TEMPLATE[0], "gazette")
    assert model.strip(page(STORIES[0]), "gazette").strip() == STORIES[0]
    assert not BoilerplateModel().update([page(STORIES[0])] * 2, sources=["gazette"] * 2).is_boilerplate(TEMPLATE[0])


# A page whose kept furniture is many times longer than its story (issue 19,
# invented): notices and blurbs of other pages that read like prose.
LONG_FURNITURE = [
    "Readers of the Valley Ledger can now follow every council meeting live on our website, with a "
    "transcript published the next morning and a summary in the weekend edition for those who missed it.",
    "Our archive holds every edition printed since the paper was founded, and members can search it "
    "by name, street or date from any computer in the public library or at home.",
    "The weekend magazine looks at the history of the old mill, the families who worked there for "
    "three generations and the plans to turn its halls into studios and small workshops.",
    "Subscribers who move house are asked to give us two weeks of notice so that the morning delivery "
    "follows them without a gap, and the office answers the phone every weekday until six.",
    "Every photograph in the print edition can be ordered as a framed copy, and the proceeds of the "
    "sales go to the local youth football club and the volunteer fire brigade.",
    "The editors thank the many readers who wrote in about the bus timetable, and a full reply from the "
    "transport company will appear on the letters page in next Saturday's paper.",
]
SHORT_STORIES = [
    "A fox was seen walking calmly through the departure hall of the railway station on Tuesday morning. "
    "Staff opened a side door and it trotted out towards the river.",
    "The swimming pool on Elm Road reopens on Monday after a new roof was fitted over the winter. "
    "Early lanes start at six and children swim for free in the first week.",
]


def test_a_short_story_in_long_furniture_is_a_new_story():
    """Two different short stories of one site in the same long page: each
    story is a small share of what the stripper keeps of its page, yet it is
    new content, not a copy, so the furniture both pages carry is learned and
    the stories stay apart."""
    pages = ["\n\n".join([*LONG_FURNITURE[:2], s, *LONG_FURNITURE[2:]]) for s in SHORT_STORIES]
    for text in pages:  # the stripper alone keeps the furniture
        assert dedup.strip_boilerplate(text) == text
    model = BoilerplateModel().update(pages, sources=["ledger"] * 2)
    for story, text in zip(SHORT_STORIES, pages):
        assert model.strip(text, "ledger") == story
    docs = [("a", pages[0]), ("b", pages[1])]
    assert len(dedup.cluster(docs, corpus_model=False)) == 1  # the furniture makes them one
    assert dedup.cluster(docs, sources={"a": "ledger", "b": "ledger"}) == [["a"], ["b"]]


def test_a_copy_with_an_update_added_is_a_copy():
    """A site's updated copy of a story: a paragraph added, nothing of the
    story missing. Its new paragraph is a small share of its text and the
    story holds every other line of it, so it is a copy and the story's
    lines, which both carry, are never learned (unlike the two different
    stories of one long page above, which each lack the other's story)."""
    story = "\n\n".join(SHORT_STORIES + LONG_FURNITURE[:3])
    updated = story + (
        "\n\nUpdate, 9 a.m.: the station reopened its side door after the animal had left, and a warden "
        "said foxes often follow the river path into town in the early morning."
    )
    model = BoilerplateModel().update([story, updated], sources=["ledger"] * 2)
    assert len(model) == 0
    docs = [("a", story), ("b", updated)]
    assert len(dedup.cluster(docs, sources={"a": "ledger", "b": "ledger"})) == 1


def test_streaming_updates_and_version():
    model = BoilerplateModel(min_docs=3)
    v = model.version
    model.update(page(STORIES[0]))
    model.update([page(STORIES[1])])
    assert model.version > v and len(model) == 0
    model.update(page(STORIES[2]))
    assert len(model) == 2


def test_bounded_memory():
    model = BoilerplateModel(max_lines=50, max_stories=10)
    texts = [
        f"Unique line number {i} about topic {chr(97 + i % 26)}{i * 31}.\n"
        f"Another sentence {i} with words {i * 17} and more {i * 13}."
        for i in range(300)
    ]
    for i in range(0, 300, 20):
        model.update(texts[i : i + 20])
        assert model.entries <= 50
    assert 0 < model.samples <= 10 * 16


def test_template_is_learned_while_streaming_under_memory_pressure():
    words = (
        "river bridge market school harbour museum library station garden tower council "
        "festival stadium airport hospital factory"
    ).split()
    model = BoilerplateModel(max_lines=40)
    for i in range(60):
        a, b, c = words[i % 16], words[(i * 7 + 3) % 16], words[(i * 5 + 1) % 16]
        story = (
            f"Officials said the {a} near the old {b} would reopen after repairs, while the "
            f"{c} stays closed until spring, the {words[(i * 3) % 16]} committee said in story {a}{b}{c}{i}."
        )
        model.update(page(story))
    assert model.is_boilerplate(TEMPLATE[0]) and model.is_boilerplate(TEMPLATE[1])


def test_pickle_and_stripper():
    pages = [page(s) for s in STORIES]
    model = BoilerplateModel().fit(pages, source="gazette")
    again = pickle.loads(pickle.dumps(model))
    assert again.strip(pages[0], "gazette") == model.strip(pages[0], "gazette") == STORIES[0]
    for source in (None, "gazette"):
        stripper = model.stripper(source)
        assert isinstance(stripper, BoilerplateStripper) and len(stripper) == 2
        copy = pickle.loads(pickle.dumps(stripper))
        assert copy.strip(pages[3]) == model.strip(pages[3], source) == STORIES[3]
    assert model.stripper("other").strip(pages[3]) == pages[3]


def test_a_model_pickled_without_story_lengths_learns_on():
    pages = [page(s) for s in STORIES]
    model = BoilerplateModel().fit(pages[:3])
    state = dict(model.__dict__)
    del state["_story_chars"]  # as pickled before the lengths were kept
    old = BoilerplateModel.__new__(BoilerplateModel)
    old.__setstate__(state)
    again = pickle.loads(pickle.dumps(old.update(pages[3:])))
    assert again.strip(pages[4]) == STORIES[4]


def test_bad_arguments():
    for kwargs in ({"min_docs": 1}, {"min_docs": 2.5}, {"min_share": 1.5}, {"max_lines": 0}, {"max_stories": True}):
        with pytest.raises(ValueError):
            BoilerplateModel(**kwargs)
    model = BoilerplateModel()
    with pytest.raises(TypeError):
        model.update([b"bytes"])
    with pytest.raises(TypeError):
        model.update(["text"], source=3)
    with pytest.raises(ValueError, match="shorter"):
        model.update(["a", "b"], sources=["x"])
    with pytest.raises(TypeError):
        model.strip(None)


# --------------------------------------------------------------------------
# The index uses it inside the shared fingerprinting stage
# --------------------------------------------------------------------------
def _site_pages() -> list[tuple[str, str]]:
    """Short stories of one site whose template outweighs the story (and that
    the single-document stripper keeps): without the model they look alike."""
    template = [
        "Welcome to the Riverside Weekly, the only newspaper that covers every corner of our "
        "town, from the council chamber to the football pitch and the farmers market.",
        "Our newsroom is independent and funded by readers like you, and every story we publish "
        "is checked by two editors before it reaches your doorstep or your screen.",
        "Letters to the editor are welcome and may be edited for length and clarity before "
        "they appear in print or online, usually within a week of arrival.",
    ]
    return [(f"p{i}", page(s, template)) for i, s in enumerate(STORIES)]


def test_template_makes_different_stories_match_without_the_model():
    docs = _site_pages()
    assert len(dedup.cluster(docs, corpus_model=False)) < len(docs)  # the template dominates
    model = BoilerplateModel().fit([t for _, t in docs])
    assert dedup.cluster(docs, boilerplate_model=model) == [[d] for d, _ in docs]


@pytest.mark.parametrize("workers", [1, 2])
def test_deduplicator_with_model_in_workers(workers):
    docs = _site_pages()
    model = BoilerplateModel().fit([t for _, t in docs])
    copy = ("copy", docs[0][1].replace("Tuesday", "Tuesday evening"))
    index = dedup.Deduplicator(boilerplate_model=model)
    matches = index.add_many(docs + [copy], workers=workers)
    assert [m.duplicate_of for m in matches] == [None] * len(docs) + ["p0"]
    assert index.query(docs[1][1]).duplicate_of == "p1"


def test_model_learning_between_add_many_calls_is_seen():
    docs = _site_pages()
    model = BoilerplateModel()
    index = dedup.Deduplicator(boilerplate_model=model)
    index.add_many(docs[:2])
    model.update([t for _, t in docs])
    matches = index.add_many(docs[2:])
    assert all(m.duplicate_of is None for m in matches)


def test_no_model_keeps_default_behaviour():
    docs = _site_pages()
    assert dedup.cluster(docs) == dedup.cluster(docs, boilerplate_model=None)


# --------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------
_LINES = st.sampled_from([*TEMPLATE, *STORIES, "", " ", "Home", "12 comments", "Share"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(_LINES, max_size=8).map("\n".join), min_size=1, max_size=8),
    st.lists(_LINES, max_size=10),
    st.sampled_from(["\n", "\r\n", "\n\n"]),
)
def test_strip_is_idempotent_verbatim_and_ordered(corpus, lines, sep):
    model = BoilerplateModel(min_docs=2).fit(corpus)
    text = sep.join(lines)
    out = model.strip(text)
    assert model.strip(out) == out
    kept = nonblank(out)
    it = iter(nonblank(text))
    assert all(any(k == line for line in it) for k in kept)  # a subsequence, verbatim


# --------------------------------------------------------------------------
# Command line: --corpus-model and --source-field
# --------------------------------------------------------------------------
def _jsonl(tmp_path, records) -> str:
    import json

    path = tmp_path / "docs.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


def _cli(argv, capsys):
    import json

    from dedup.cli import main

    code = main(argv)
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines()], err


def test_cli_corpus_model_separates_stories_of_one_template(tmp_path, capsys):
    records = [{"id": d, "text": t, "site": "riverside"} for d, t in _site_pages()]
    path = _jsonl(tmp_path, records)
    code, plain, _ = _cli(["cluster", "-q", "--no-corpus-model", path], capsys)
    assert code == 0 and len({r["cluster"] for r in plain}) < len(records)
    code, modelled, _ = _cli(["cluster", "-q", "--corpus-model", "--source-field", "site", path], capsys)
    assert code == 0 and len({r["cluster"] for r in modelled}) == len(records)
    code, without_sources, _ = _cli(["cluster", "-q", "--corpus-model", path], capsys)
    assert without_sources == modelled


def test_cli_source_field_errors(tmp_path, capsys):
    path = _jsonl(tmp_path, [{"id": 1, "text": "A story.", "site": 7}])
    code, _, err = _cli(["cluster", "-q", "--no-corpus-model", "--source-field", "site", path], capsys)
    assert code == 2 and "--source-field is for the corpus model" in err
    code, _, err = _cli(["cluster", "-q", "--corpus-model", "--source-field", "site", path], capsys)
    assert code == 2 and "docs.jsonl:1" in err and "'site'" in err
