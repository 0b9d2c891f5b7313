"""``dedup evaluate``: score the clusters against labelled documents."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..batch import url_source
from ..sources import SOURCE_FIELDS, InputError, read_documents
from .options import config_of, config_options

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    e = sub.add_parser(
        "evaluate",
        help="score dedup's clusters against documents labelled with their true cluster",
        description="Cluster labelled documents (JSON Lines with an id, a text and a cluster label; documents with "
        "equal labels are copies of one story) and print pairwise precision / recall / F1, the Adjusted Rand Index, "
        "and the worst merged and missed pairs with dedup.explain(). --thresholds tries several thresholds: how to "
        "choose one for your own corpus.",
    )
    e.add_argument("paths", nargs="+", metavar="LABELS.jsonl", help="JSON Lines files (or folders, or - for stdin)")
    e.add_argument("--id-field", default="id", help="JSON Lines field holding the id (default: id)")
    e.add_argument("--text-field", default="text", help="JSON Lines field holding the text (default: text)")
    e.add_argument("--label-field", default="cluster", help="field holding the true cluster label (default: cluster)")
    e.add_argument(
        "--thresholds",
        metavar="LIST|RANGE",
        help="try several: 0.5,0.6,0.7 or START:STOP:STEP such as "
        "0.4:0.9:0.05 (both ends included); the worst pairs are shown for the best F1 (ties: the higher)",
    )
    e.add_argument("--show", type=int, default=3, help="merged and missed groups explained (default: 3 of each)")
    config_options(e, only=("threshold", "strip"))


def run(args: argparse.Namespace) -> int:
    from ..evaluate import evaluate_labels, parse_thresholds
    from ..explain import explain

    if args.show < 0:
        raise ValueError(f"--show must be >= 0, got {args.show}")
    thresholds = parse_thresholds(args.thresholds) if args.thresholds else [args.threshold]
    labels: dict = {}
    sites: dict = {}  # the corpus model's sources, read as dedup cluster reads them
    docs = list(
        read_documents(
            args.paths,
            id_field=args.id_field,
            text_field=args.text_field,
            label_field=args.label_field,
            labels=labels,
            source_field=SOURCE_FIELDS,
            sources=sites,
        )
    )
    if not docs:
        raise InputError(f"{', '.join(args.paths)}: no documents")
    unlabelled = [doc_id for doc_id, _ in docs if doc_id not in labels]
    if unlabelled:
        raise InputError(
            f"document {unlabelled[0]!r} has no {args.label_field!r} label: dedup evaluate reads JSON "
            f"Lines records with a label field ({len(unlabelled)} document(s) without one)"
        )
    options = config_of(args)
    del options["threshold"]  # each of thresholds
    results = evaluate_labels(
        docs,
        [labels[i] for i, _ in docs],
        thresholds,
        show=args.show,
        sources=lambda doc_id: sites.get(doc_id) or url_source(doc_id),
        **options,
    )
    best = max(results, key=lambda r: (r.f1, r.threshold))
    first = results[0]
    print(f"dedup evaluate: {first.documents} documents, {first.labels} labels, {first.true_pairs} same-label pairs")
    print(
        f"{'threshold':>9} {'precision':>9} {'recall':>7} {'F1':>7} {'ARI':>7} {'clusters':>8} "
        f"{'merged pairs':>12} {'missed pairs':>12}"
    )
    for r in results:
        mark = "*" if r is best and len(results) > 1 else " "
        print(
            f"{mark}{r.threshold:8.3f} {r.precision:9.4f} {r.recall:7.4f} {r.f1:7.4f} {r.ari:7.4f} {r.clusters:8d} "
            f"{r.fp:12d} {r.fn:12d}"
        )
    if len(results) > 1:
        print(f"* best F1 (ties: the higher threshold): {best.threshold:g}")
    print(
        f"\nAt threshold {best.threshold:g}: {best.fp} pair(s) merged against the labels ({best.merged_groups} "
        f"group(s): two labels in one cluster), {best.fn} pair(s) missed ({best.missed_groups} group(s): one label "
        "in two clusters)."
    )
    text = dict(docs)
    for title, groups in (("Merged", best.merged[: args.show]), ("Missed", best.missed[: args.show])):
        for k, g in enumerate(groups, 1):
            a, b = g.closest
            if g.kind == "merged":
                what = f"labels {json.dumps(g.labels[0])} and {json.dumps(g.labels[1])} in cluster {g.clusters[0]}"
            else:
                what = f"label {json.dumps(g.labels[0])} split in clusters {g.clusters[0]} and {g.clusters[1]}"
            print(f"\n{title} {k}: {what}, {g.pairs} pair(s); closest pair {json.dumps(a)} / {json.dumps(b)}:")
            found = explain(text[a], text[b], threshold=best.threshold, **options)
            print("\n".join("  " + line for line in str(found).splitlines()))
    return 0
