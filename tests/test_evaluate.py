"""Tests of dedup.evaluate (pairwise scores, ARI, error groups, thresholds)
and of ``dedup evaluate``.

The metrics are checked against values computed by hand and against a
brute-force pair count; evaluate_labels on documents whose clustering is
known (identical texts always cluster, unrelated ones never do).
"""

from __future__ import annotations

import itertools
import json
import random

import pytest

import dedup
from dedup import evaluate as ev
from dedup.cli import main
from dedup.sources import read_documents

# ------------------------------------------------------------------------ metrics


def _brute_force(truth, pred):
    """Pair counts by looking at every pair: (together in both, in truth, in pred, all)."""
    both = t = p = total = 0
    for i, j in itertools.combinations(range(len(truth)), 2):
        st, sp = truth[i] == truth[j], pred[i] == pred[j]
        both += st and sp
        t += st
        p += sp
        total += 1
    return both, t, p, total


def _ari_brute(truth, pred):
    both, t, p, total = _brute_force(truth, pred)
    if total == 0:
        return 1.0
    expected = t * p / total
    maximum = (t + p) / 2
    return 1.0 if maximum == expected else (both - expected) / (maximum - expected)


@pytest.mark.parametrize(
    "labels",
    [[0, 0, 1, 1, 2], ["a", "b", "c"], [1, 1, 1, 1], [0], [], [5, 5, 7, 7, 7, 9]],
)
def test_identical_partitions_score_one(labels):
    relabelled = [f"x{v}" for v in labels]
    assert ev.adjusted_rand_index(labels, relabelled) == 1.0
    s = ev.pairwise_scores(labels, relabelled)
    assert s["precision"] == s["recall"] == s["f1"] == 1.0


def test_textbook_two_by_three():
    # Truth {0,1} {2,3}; prediction {0,1} {2} {3}. Pairs: together in truth 2,
    # in the prediction 1, in both 1, of C(4,2) = 6.
    # ARI = (1 - 2*1/6) / ((2+1)/2 - 2*1/6) = (2/3) / (7/6) = 4/7.
    truth, pred = [0, 0, 1, 1], [0, 0, 1, 2]
    assert ev.adjusted_rand_index(truth, pred) == pytest.approx(4 / 7)
    s = ev.pairwise_scores(truth, pred)
    assert (s["precision"], s["recall"], s["f1"]) == (1.0, 0.5, pytest.approx(2 / 3))
    assert ev.adjusted_rand_index(pred, truth) == pytest.approx(4 / 7)  # symmetric


def test_below_chance_is_negative():
    # Truth {0,1} {2,3}; prediction {0,2} {1,3}: no pair agrees.
    # ARI = (0 - 2*2/6) / (2 - 2*2/6) = -0.5.
    assert ev.adjusted_rand_index([0, 0, 1, 1], [0, 1, 0, 1]) == pytest.approx(-0.5)
    assert ev.pairwise_scores([0, 0, 1, 1], [0, 1, 0, 1])["f1"] == 0.0


def test_three_by_three_contingency():
    # 15 items, three true classes of 5, three predicted clusters of 5, with
    # contingency table [[4,1,0],[1,3,1],[0,1,4]]:
    # index = C(4,2)+C(3,2)+C(4,2) = 15; sum over rows = sum over columns = 3*C(5,2) = 30;
    # C(15,2) = 105; expected = 30*30/105 = 60/7; max = 30;
    # ARI = (15 - 60/7) / (30 - 60/7) = (45/7) / (150/7) = 0.3; P = R = F1 = 15/30.
    table = [[4, 1, 0], [1, 3, 1], [0, 1, 4]]
    truth, pred = [], []
    for i, row in enumerate(table):
        for j, n in enumerate(row):
            truth += [i] * n
            pred += [j] * n
    assert ev.adjusted_rand_index(truth, pred) == pytest.approx(0.3)
    s = ev.pairwise_scores(truth, pred)
    assert (s["precision"], s["recall"], s["f1"]) == (0.5, 0.5, 0.5)
    assert (s["tp"], s["true_pairs"], s["pred_pairs"]) == (15, 30, 30)


def test_all_singletons_against_one_cluster():
    n = 6
    singletons, one = list(range(n)), [0] * n
    assert ev.adjusted_rand_index(one, singletons) == 0.0
    assert ev.adjusted_rand_index(singletons, one) == 0.0
    # Truth one story, prediction all apart: nothing found.
    s = ev.pairwise_scores(one, singletons)
    assert (s["precision"], s["recall"], s["f1"]) == (1.0, 0.0, 0.0)
    # Truth all different, prediction one cluster: every predicted pair wrong.
    s = ev.pairwise_scores(singletons, one)
    assert (s["precision"], s["recall"], s["f1"]) == (0.0, 1.0, 0.0)
    assert s["fp"] == n * (n - 1) // 2


def test_permutation_invariance_and_brute_force():
    rng = random.Random(4)
    for _ in range(30):
        n = rng.randint(2, 40)
        truth = [rng.randrange(rng.randint(1, 8)) for _ in range(n)]
        pred = [rng.randrange(rng.randint(1, 8)) for _ in range(n)]
        ari = ev.adjusted_rand_index(truth, pred)
        assert ari == pytest.approx(_ari_brute(truth, pred))
        both, t, p, _ = _brute_force(truth, pred)
        s = ev.pairwise_scores(truth, pred)
        assert (s["tp"], s["true_pairs"], s["pred_pairs"]) == (both, t, p)
        # Renaming clusters and reordering the items change nothing.
        names = {v: f"c{rng.random()}" for v in set(pred)}
        order = list(range(n))
        rng.shuffle(order)
        truth2 = [truth[i] for i in order]
        pred2 = [names[pred[i]] for i in order]
        assert ev.adjusted_rand_index(truth2, pred2) == pytest.approx(ari)
        assert ev.pairwise_scores(truth2, pred2)["f1"] == pytest.approx(s["f1"])


def test_labelings_must_have_the_same_length():
    with pytest.raises(ValueError):
        ev.adjusted_rand_index([0, 1], [0])


def test_labels_from_clusters():
    assert ev.labels_from_clusters([["b", "a"], ["c"]], ["a", "b", "c"]) == [0, 0, 1]
    with pytest.raises(ValueError):
        ev.labels_from_clusters([["a"]], ["a", "b"])
    with pytest.raises(ValueError):
        ev.labels_from_clusters([["a", "b"], ["b"]], ["a", "b"])


def test_pair_counts_by_hand():
    # Truth {0,1,2} {3}; prediction {0,1} {2,3}: together in the truth 3 pairs,
    # in the prediction 2, in both 1 (0-1).
    c = ev.pair_counts(["x", "x", "x", "y"], [0, 0, 1, 1])
    assert c == {"tp": 1, "fp": 1, "fn": 2, "true_pairs": 3, "pred_pairs": 2, "total": 6}


# ------------------------------------------------------------------- thresholds


def test_parse_thresholds_lists_and_ranges():
    assert ev.parse_thresholds("0.6") == [0.6]
    assert ev.parse_thresholds(" 0.7, 0.5,0.6,0.5 ") == [0.5, 0.6, 0.7]
    assert ev.parse_thresholds("0.4:0.6:0.1") == [0.4, 0.5, 0.6]
    assert ev.parse_thresholds("0.5:0.7:0.05") == [0.5, 0.55, 0.6, 0.65, 0.7]
    assert ev.parse_thresholds("0.5:0.58:0.05") == [0.5, 0.55]  # the stop is not reached
    assert ev.parse_thresholds("1:1:0.1") == [1.0]


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "no value"),
        ("0.5,abc", "'abc' is not a number"),
        ("0,0.5", "0 is outside (0, 1]"),
        ("0.5,1.5", "1.5 is outside"),
        ("0.9:0.5:0.1", "START <= STOP"),
        ("0.5:0.9:0", "STEP > 0"),
        ("0.5:0.9:-0.1", "STEP > 0"),
        ("0.5:nan:0.1", "finite"),
        ("0.0001:1:0.0001", "more than 1000"),
    ],
)
def test_parse_thresholds_errors(text, message):
    with pytest.raises(ValueError, match="thresholds") as info:
        ev.parse_thresholds(text)
    assert message in str(info.value)


# ------------------------------------------------------------------- evaluation

STORY = (
    "The city council approved the new budget on Tuesday after a long debate. Officials said the vote was close "
    "and the plan raises spending on schools and roads by four percent while freezing property taxes."
)
OTHER = "Heavy rain is expected across the north on Wednesday, forecasters said, with flooding possible near rivers."
THIRD = "The museum reopened its west wing after two years of repairs, showing paintings never displayed before."


def test_evaluate_labels_by_hand():
    # a1, a2, b1 are one text: one predicted cluster, but b1 is labelled B.
    # c1, c2 share the label C and have nothing in common: two clusters.
    docs = [("a1", STORY), ("a2", STORY), ("b1", STORY), ("c1", OTHER), ("c2", THIRD)]
    labels = ["A", "A", "B", "C", "C"]
    (e,) = ev.evaluate_labels(docs, labels)
    # Truth pairs: a1-a2, c1-c2 (2); predicted pairs: a1-a2, a1-b1, a2-b1 (3); both: a1-a2.
    assert (e.tp, e.fp, e.fn, e.true_pairs, e.pred_pairs) == (1, 2, 1, 2, 3)
    assert (e.precision, e.recall, e.f1) == (pytest.approx(1 / 3), 0.5, pytest.approx(0.4))
    # ARI: C(5,2) = 10, expected = 2 * 3 / 10 = 0.6, max = 2.5: (1 - 0.6) / (2.5 - 0.6) = 4/19.
    assert e.ari == pytest.approx(4 / 19)
    assert (e.documents, e.labels, e.clusters, e.threshold) == (5, 3, 3, dedup.DEFAULT_THRESHOLD)
    assert (e.merged_groups, e.missed_groups) == (1, 1)
    (m,) = e.merged
    assert (m.kind, m.labels, m.clusters, m.pairs) == ("merged", ("A", "B"), (0, 0), 2)
    assert m.closest == ("a1", "b1") and m.similarity == m.jaccard == m.containment == 1.0
    (x,) = e.missed
    assert (x.kind, x.labels, x.clusters, x.pairs, x.closest) == ("missed", ("C", "C"), (1, 2), 1, ("c1", "c2"))
    assert x.jaccard == 0.0 and x.similarity == 0.0


def test_evaluate_labels_perfect_and_sweep_order():
    copy = STORY.replace("four percent", "five percent")
    j = dedup.explain(STORY, copy, containment=None).jaccard
    assert 0.2 < j < 0.95
    docs = [("a", STORY), ("b", copy), ("c", OTHER)]
    low, high = round(j - 0.1, 2), round(j + 0.05, 2)
    results = ev.evaluate_labels(docs, [1, 1, 2], [high, low], containment=None)
    assert [r.threshold for r in results] == [high, low]  # the order given
    above, below = results
    assert (below.precision, below.recall, below.f1, below.ari) == (1.0, 1.0, 1.0, 1.0)
    assert below.merged == below.missed == [] and below.merged_groups == below.missed_groups == 0
    assert (above.recall, above.fn, above.clusters) == (0.0, 1, 3)
    assert above.missed[0].closest == ("a", "b") and above.missed[0].jaccard == pytest.approx(j)


def test_worst_groups_first_and_show_limits_them():
    # One predicted cluster (identical texts) holding labels of sizes 3, 2 and 1.
    docs = [(f"d{i}", STORY) for i in range(6)]
    labels = ["x", "y", "x", "z", "y", "x"]
    (e,) = ev.evaluate_labels(docs, labels, show=2)
    assert e.merged_groups == 3 and e.fp == 3 * 2 + 3 * 1 + 2 * 1
    assert [(g.labels, g.pairs) for g in e.merged] == [(("x", "y"), 6), (("x", "z"), 3)]
    assert e.merged[0].closest == ("d0", "d1")
    (none,) = ev.evaluate_labels(docs, labels, show=0)
    assert none.merged == [] and none.merged_groups == 3


def test_evaluate_labels_errors():
    with pytest.raises(ValueError, match="2 labels for 3 documents"):
        ev.evaluate_labels([("a", STORY), ("b", STORY), ("c", STORY)], [1, 2])
    with pytest.raises(ValueError, match="duplicate id 'a'"):
        ev.evaluate_labels([("a", STORY), ("a", OTHER)], [1, 2])
    with pytest.raises(ValueError, match="not hashable"):
        ev.evaluate_labels([("a", STORY)], [[1]])
    with pytest.raises(ValueError, match="show"):
        ev.evaluate_labels([("a", STORY)], [1], show=-1)
    with pytest.raises(ValueError, match="threshold"):
        ev.evaluate_labels([("a", STORY)], [1], [1.5])
    with pytest.raises(TypeError, match="document 'a'"):
        ev.evaluate_labels([("a", b"bytes")], [1])
    with pytest.raises(ValueError, match="thresholds="):
        ev.evaluate_labels([("a", STORY)], [1], threshold=0.5)


def test_plain_strings_get_positions():
    (e,) = ev.evaluate_labels([STORY, STORY, OTHER], ["s", "t", "u"])
    assert e.fp == 1 and e.merged[0].closest == (0, 1)


# -------------------------------------------------------------------------- CLI


def _write(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


def test_cli_evaluate_prints_scores_and_explains(capsys, tmp_path):
    path = _write(
        tmp_path / "labels.jsonl",
        [
            {"id": "a1", "text": STORY, "cluster": 1},
            {"id": "a2", "text": STORY + "\nShare this article", "cluster": 1},
            {"id": "b1", "text": STORY, "cluster": "other"},
            {"id": 7, "text": OTHER, "cluster": 3},
        ],
    )
    assert main(["evaluate", path]) == 0
    out = capsys.readouterr().out
    assert "4 documents, 3 labels, 1 same-label pairs" in out
    # Predicted {a1, a2, b1} {7}: tp 1, fp 2, fn 0: P 1/3, R 1, F1 0.5.
    assert " 0.600    0.3333  1.0000  0.5000" in out
    assert 'Merged 1: labels 1 and "other" in cluster 0, 2 pair(s); closest pair "a1" / "b1":' in out
    assert "MATCH: identical after stripping" in out
    assert "Missed" not in out


def test_cli_evaluate_sweep_marks_the_best(capsys, tmp_path):
    copy = STORY.replace("four percent", "five percent")
    j = dedup.explain(STORY, copy).jaccard
    path = _write(
        tmp_path / "l.jsonl",
        [
            {"doc": "a", "body": STORY, "story": "s"},
            {"doc": "b", "body": copy, "story": "s"},
            {"doc": "c", "body": OTHER, "story": "t"},
        ],
    )
    below, above = round(j - 0.1, 2), round(min(j + 0.05, 1.0), 2)
    args = ["evaluate", path, "--id-field", "doc", "--text-field", "body", "--label-field", "story"]
    assert main(args + ["--thresholds", f"{above},{below}", "--show", "1"]) == 0
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line.startswith(("*", " ")) and "." in line[:9]]
    assert len(lines) == 2 and lines[0].startswith("*") and f"{below:.3f}" in lines[0]
    assert f"best F1 (ties: the higher threshold): {below:g}" in out


@pytest.mark.parametrize(
    "record, message",
    [
        ({"id": "a", "text": "x"}, "l.jsonl:2: no 'cluster' field (set --label-field)"),
        ({"id": "a", "text": "x", "cluster": [1]}, "l.jsonl:2: field 'cluster' must be a string or integer, got list"),
        ({"id": "a", "text": "x", "cluster": True}, "must be a string or integer, got bool"),
    ],
)
def test_cli_evaluate_bad_labels_exit_2(capsys, tmp_path, record, message):
    path = _write(tmp_path / "l.jsonl", [{"id": "z", "text": STORY, "cluster": 1}, record])
    assert main(["evaluate", path]) == 2
    assert message in capsys.readouterr().err


def test_cli_evaluate_other_errors_exit_2(capsys, tmp_path):
    path = _write(tmp_path / "l.jsonl", [{"id": "z", "text": STORY, "cluster": 1}])
    assert main(["evaluate", path, "--thresholds", "0.5,x"]) == 2
    assert "'x' is not a number" in capsys.readouterr().err
    assert main(["evaluate", path, "--show", "-1"]) == 2
    assert "--show must be >= 0" in capsys.readouterr().err
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    assert main(["evaluate", str(empty)]) == 2
    assert "no documents" in capsys.readouterr().err
    text = tmp_path / "plain.txt"
    text.write_text(STORY, encoding="utf-8")
    assert main(["evaluate", str(text)]) == 2
    assert f"document {str(text)!r} has no 'cluster' label" in capsys.readouterr().err


def test_read_documents_collects_labels(tmp_path):
    path = _write(tmp_path / "l.jsonl", [{"id": "a", "text": "x", "c": 1}, {"id": "b", "text": "y", "c": "s"}])
    labels: dict = {}
    assert list(read_documents([path], label_field="c", labels=labels)) == [("a", "x"), ("b", "y")]
    assert labels == {"a": 1, "b": "s"}
    # Without label_field nothing is read or required.
    assert list(read_documents([path])) == [("a", "x"), ("b", "y")]
