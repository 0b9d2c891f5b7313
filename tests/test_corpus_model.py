"""The corpus model by default in dedup.cluster() and dedup cluster (issue 19).

Invented texts: a site's template that the single-document stripper keeps
(it reads like prose) around different short stories of that site.
"""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dedup
from dedup.batch import learn_corpus
from dedup.cli import main

TEMPLATE = [
    "The Riverside Courier has served the valley's families with honest local reporting since 1921.",
    "Our newsroom is independent and funded by readers, and every subscription keeps it going.",
    "Write to the editors with your tips, corrections and letters, and we will read every one.",
    "Members receive the morning briefing, the weekend magazine and invitations to our events.",
    "We publish corrections promptly and explain how every story was reported and checked.",
]
STORIES = [
    "The library on Mill Street will stay open until nine on weekdays from March, the council said. "
    "It follows complaints from students.",
    "A bakery in the old town won a regional prize for its rye bread after a blind tasting on Friday. "
    "Judges praised its crust.",
    "Two swans that nested under the north bridge have hatched five cygnets, wardens reported. "
    "Visitors are asked to keep away.",
    "Roadworks on the ring road will close one lane at night for three weeks starting Monday. "
    "Diversions will be signposted.",
    "The youth orchestra raised enough money to tour four cities in the spring with a new programme. "
    "Tickets go on sale next week.",
]
# Two different stories in this template have Jaccard 0.57: they merge at this threshold.
LOW = {"threshold": 0.5}


def page(story: str, template=TEMPLATE) -> str:
    return "\n\n".join([*template[:2], story, *template[2:]])


def docs(site: str = "courier", stories=STORIES) -> list[tuple[str, str]]:
    return [(f"https://www.{site}.example/news/{i}", page(s)) for i, s in enumerate(stories)]


def test_template_merges_different_stories_without_the_model_not_by_default():
    pages = docs()
    assert len(dedup.cluster(pages, corpus_model=False, **LOW)) == 1  # the template wins
    assert dedup.cluster(pages, **LOW) == [[doc_id] for doc_id, _ in pages]
    # the same with an explicit configuration, and with strip=False the model is off too
    assert dedup.cluster(pages, config=dedup.Config(corpus_model=True, **LOW)) == dedup.cluster(pages, **LOW)
    assert len(dedup.cluster(pages, strip=False, **LOW)) == 1


def test_copies_still_cluster_with_the_model():
    pages = docs()
    copy = ("https://courier.example/amp/0", pages[0][1].replace("nine", "9 pm"))
    clusters = dedup.cluster([*pages, copy], **LOW)
    assert {pages[0][0], copy[0]} in map(set, clusters) and len(clusters) == len(pages)


def test_sources_are_per_site_url_host_by_default():
    """Lines learned on one site are not removed from another site's pages."""
    pages = docs("courier")
    other = [("https://gazette.example/a", page(STORIES[0], TEMPLATE[:1]))]
    _, stripped = learn_corpus([*pages, *other])
    out = dict(stripped)
    assert TEMPLATE[0] not in out[pages[0][0]] and STORIES[0] in out[pages[0][0]]
    assert out[other[0][0]] == other[0][1]  # another source: kept whole
    # without sources (ids that are not URLs) nothing is learned or removed
    plain = [(str(i), text) for i, (_, text) in enumerate([*pages, *other])]
    assert list(learn_corpus(plain)[1]) == plain
    assert dedup.cluster(plain, **LOW) == dedup.cluster(plain, corpus_model=False, **LOW)
    # ... unless told: one source for all, then the line goes everywhere
    _, stripped = learn_corpus(plain, sources=lambda doc_id: "all")
    assert TEMPLATE[0] not in dict(stripped)[str(len(pages))]
    # explicit sources: a mapping or a function of the id (a URL value stands for its host)
    _, stripped = learn_corpus([*pages, *other], sources={pages[0][0]: "https://elsewhere.example/x"})
    assert TEMPLATE[0] in dict(stripped)[pages[0][0]]  # alone on its source: nothing learned there
    _, stripped = learn_corpus([*pages, *other], sources=lambda doc_id: "one site")
    assert TEMPLATE[0] not in dict(stripped)[other[0][0]]


def test_a_one_shot_generator_gives_the_same_partition():
    pages = docs() + [("https://courier.example/amp/0", page(STORIES[0]))]
    assert dedup.cluster(iter(pages)) == dedup.cluster(pages) == dedup.cluster(tuple(pages))
    texts = [text for _, text in pages]
    assert dedup.cluster(t for t in texts) == dedup.cluster(texts)


def test_a_page_left_without_words_keeps_its_text():
    pages = docs()
    bare = ("https://courier.example/about", "\n\n".join(TEMPLATE))
    n, stripped = learn_corpus([*pages, bare])
    assert n == len(pages) + 1 and dict(stripped)[bare[0]] == bare[1]


def test_a_given_model_is_used_as_it_is():
    pages = docs()
    empty = dedup.BoilerplateModel()
    assert dedup.cluster(pages, boilerplate_model=empty, **LOW) == dedup.cluster(pages, corpus_model=False, **LOW)
    assert len(dedup.cluster(pages, boilerplate_model=empty, **LOW)) == 1


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="corpus_model"):
        dedup.cluster(docs(), corpus_model=1)
    with pytest.raises(TypeError, match="sources"):
        dedup.cluster(docs(), sources=3)
    with pytest.raises(TypeError, match="courier.example/news/0.*source"):
        dedup.cluster(docs(), sources=lambda doc_id: 7)
    with pytest.raises(TypeError, match="position 1"):
        dedup.cluster(iter(["a text", 5]))
    with pytest.raises(ValueError, match="duplicate document id 'a'"):
        dedup.cluster(iter([("a", "one text"), ("a", "another text")]))


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=9)


@settings(max_examples=40, deadline=None)
@given(
    stories=st.lists(st.lists(words, min_size=14, max_size=30), min_size=3, max_size=8),
    copies=st.lists(st.integers(0, 7), max_size=6),
    template=st.lists(st.lists(words, min_size=5, max_size=12), min_size=1, max_size=3),
    order=st.randoms(use_true_random=False),
)
def test_learned_lines_do_not_depend_on_the_input_order(stories, copies, template, order):
    """Different stories (no word in common) in one template, some repeated
    verbatim on their site: the lines learned (per source) are the same in any
    order. (Not a property across sources: the story index is shared, so a
    story's copy on another site is a copy there too, and which site saw the
    story first decides where it counts.)"""
    tpl = [" ".join(w + "tz" for w in line) + "." for line in template]
    texts = [page(" ".join(w + "abcdefgh"[k] + "z" for w in s) + ".", tpl) for k, s in enumerate(stories)]
    sources: list = ["site" if k % 2 else None for k in range(len(texts))]
    sources += [sources[c % len(stories)] for c in copies]  # a copy on its story's site
    texts += [texts[c % len(stories)] for c in copies]

    def learned(perm: list[int]) -> dict:
        model = dedup.BoilerplateModel().update([texts[i] for i in perm], sources=[sources[i] for i in perm])
        return {s: stripper.hashes for s, stripper in model.strippers().items()}

    perm = list(range(len(texts)))
    first = learned(perm)
    order.shuffle(perm)
    assert learned(perm) == first


def test_cli_default_source_fields_and_flags(tmp_path, capsys):
    def run(*argv):
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, [json.loads(line) for line in out.splitlines()], err

    records = [{"id": i, "url": doc_id, "text": text} for i, (doc_id, text) in enumerate(docs())]
    path = tmp_path / "pages.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    code, out, _ = run("cluster", path, "-q", "--threshold", 0.5)
    assert code == 0 and len({r["cluster"] for r in out}) == len(records)
    code, out, _ = run("cluster", path, "-q", "--threshold", 0.5, "--no-corpus-model")
    assert code == 0 and len({r["cluster"] for r in out}) == 1
    # a site field is read before url; --source-field names another field
    random.Random(0).shuffle(records)
    for r in records:
        r["site"] = "courier"
        r["feed"] = "feed-" + str(r["id"])  # one page per source: nothing learned
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    code, out, _ = run("cluster", path, "-q", "--threshold", 0.5)
    assert code == 0 and len({r["cluster"] for r in out}) == len(records)
    code, out, _ = run("cluster", path, "-q", "--threshold", 0.5, "--source-field", "feed")
    assert code == 0 and len({r["cluster"] for r in out}) == 1
    code, _, err = run("cluster", path, "-q", "--source-field", "feed", "--no-corpus-model")
    assert code == 2 and "--source-field" in err
    code, _, err = run("cluster", path, "-q", "--no-strip", "--corpus-model")
    assert code == 2 and "--no-strip" in err
    path.write_text(json.dumps({"id": 1, "site": 5, "text": "x"}) + "\n")
    code, _, err = run("cluster", path, "-q")
    assert code == 2 and "pages.jsonl:1" in err and "'site'" in err
