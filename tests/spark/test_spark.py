"""The Spark backend gives what the local pipeline gives.

Skipped (with the reason) only when pyspark or a Java runtime is missing;
``.ci/run`` installs pyspark. One ``local[2]`` SparkSession serves the whole
run: UI off, four shuffle partitions, checkpoints under pytest's tmp folder.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

import dedup
from dedup import Deduplicator
from dedup.cli import main

pytest.importorskip("pyspark", reason="pyspark is not installed (pip install -e '.[spark]')")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("no Java runtime (java not on PATH, JAVA_HOME unset): Spark cannot start", allow_module_level=True)

import dedup.spark as dspark  # noqa: E402
import dedup.spark.stages as spark_stages  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[2]
SEEDS = REPO_ROOT / "seeds"


@pytest.fixture(scope="session")
def spark(tmp_path_factory):
    conf = {
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.shuffle.partitions": "4",
        "spark.default.parallelism": "4",
        "spark.driver.memory": "1g",
        "spark.cleaner.referenceTracking.cleanCheckpoints": "true",
    }
    # A local master: the Python workers run this interpreter, and the JVM
    # settings for short runs apply (dedup.spark.spark_session).
    with dspark.spark_session("local[2]", app_name="dedup-tests", conf=conf) as session:
        session.sparkContext.setCheckpointDir(str(tmp_path_factory.mktemp("spark-checkpoints")))
        yield session


# -- corpora ------------------------------------------------------------------


def _sentence(rng: random.Random, vocab: list[str]) -> str:
    words = rng.choices(vocab, k=rng.randint(6, 18))
    return " ".join(words).capitalize() + rng.choice([".", ".", ".", "!", "?"])


def _story(rng: random.Random, vocab: list[str]) -> list[str]:
    return [" ".join(_sentence(rng, vocab) for _ in range(rng.randint(2, 5))) for _ in range(rng.randint(2, 8))]


def _edit(rng: random.Random, text: str, rate: float, vocab: list[str]) -> str:
    words = text.split(" ")
    for i in range(len(words)):
        if rng.random() < rate:
            words[i] = rng.choice(vocab)
    return " ".join(words)


BOILERPLATE = ["Share this article", "Subscribe to our newsletter", "Advertisement", "Read more: sign up today"]


def generated_corpus(n: int, seed: int = 7) -> list[tuple[str, str]]:
    """``n`` documents: stories and their copies (exact, re-cased, wrapped in
    boilerplate, word edits from 2 % to 45 %, teasers for the containment rule,
    chains of successive edits), unrelated stories, short and empty texts."""
    rng = random.Random(seed)
    vocab = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9))) for _ in range(1500)]
    docs: list[str] = []
    while len(docs) < n:
        paragraphs = _story(rng, vocab)
        text = "\n\n".join(paragraphs)
        docs.append(text)
        for _ in range(rng.choice([0, 0, 1, 2, 3, 5])):
            kind = rng.random()
            if kind < 0.2:
                docs.append(text)
            elif kind < 0.3:
                docs.append(text.upper().replace("\n\n", "\n"))
            elif kind < 0.45:
                docs.append(rng.choice(BOILERPLATE) + "\n" + text + "\n" + rng.choice(BOILERPLATE))
            elif kind < 0.75:
                docs.append(_edit(rng, text, rng.choice([0.02, 0.05, 0.1, 0.2, 0.3, 0.45]), vocab))
            elif kind < 0.9:
                keep = max(1, round(len(paragraphs) * rng.uniform(0.4, 0.9)))
                docs.append("\n\n".join(paragraphs[:keep]))
            else:
                chained = text
                for _ in range(rng.randint(2, 4)):
                    chained = _edit(rng, chained, 0.12, vocab)
                    docs.append(chained)
        if rng.random() < 0.05:
            docs.append(rng.choice(["", "   ", "!!!", "?", rng.choice(vocab), " ".join(rng.choices(vocab, k=2))]))
    docs = docs[:n]
    order = list(range(n))
    rng.shuffle(order)
    return [(f"doc-{i:05d}", docs[j]) for i, j in enumerate(order)]


# -- helpers --------------------------------------------------------------------


def local_records(docs, threshold: float = dedup.DEFAULT_THRESHOLD, **options) -> dict:
    """What the local index says about each document, as the CLI numbers it."""
    index = Deduplicator(threshold=threshold, **options)
    matches = index.add_many(docs, workers=1)
    clusters = index.clusters()
    number = {d: n for n, members in enumerate(clusters) for d in members}
    rep = {d: members[0] for members in clusters for d in members}
    return {
        m.id: (number[m.id], rep[m.id], m.duplicate_of, m.similarity, m.jaccard, m.containment, m.article)
        for m in matches
    }


def spark_records(rows, id_col: str = "id") -> dict:
    return {
        r[id_col]: (
            r["cluster"],
            r["representative"],
            r["duplicate_of"],
            r["similarity"],
            r["jaccard"],
            r["containment"],
            r["article"],
        )
        for r in rows
    }


def partition(records: dict) -> set[frozenset]:
    groups: dict = {}
    for doc_id, rec in records.items():
        groups.setdefault(rec[0], set()).add(doc_id)
    return {frozenset(g) for g in groups.values()}


def assert_same(local: dict, remote: dict) -> None:
    assert set(remote) == set(local)
    assert partition(remote) == partition(local)
    assert {d: r[1] for d, r in remote.items()} == {d: r[1] for d, r in local.items()}, "representatives differ"
    assert remote == local  # numbering, duplicate_of and the three scores too


def frame(spark, docs, partitions: int = 2):
    return spark.createDataFrame(spark.sparkContext.parallelize(docs, partitions), "id string, text string")


@pytest.fixture(scope="module")
def corpus():
    return generated_corpus(3000)


# -- the library ----------------------------------------------------------------


FINISH = pytest.mark.parametrize(
    "driver_docs", [spark_stages.DRIVER_DOCS, 0], ids=["finished on the driver", "finished in Spark"]
)


@FINISH
def test_seeds_and_generated_corpus_same_as_local(spark, seed_docs, corpus, monkeypatch, driver_docs):
    monkeypatch.setattr(spark_stages, "DRIVER_DOCS", driver_docs)
    docs = seed_docs + corpus
    local = local_records(docs)
    sizes = sorted((len(g) for g in partition(local)), reverse=True)
    # The corpus exercises every path: copies, clusters of many, chains,
    # containment matches, singletons.
    assert sizes[0] >= 5 and sizes.count(1) > 500 and len(sizes) < len(docs) * 0.8
    assert any(r[3] is not None and r[3] == r[5] and r[4] < 0.6 for r in local.values())  # by containment
    result = dspark.cluster(frame(spark, docs, partitions=5))
    assert result.columns == [
        "id",
        "cluster",
        "representative",
        "duplicate_of",
        "similarity",
        "jaccard",
        "containment",
        "article",
    ]
    kinds = ["string", "bigint", "string", "string", "double", "double", "double", "boolean"]
    assert [f.dataType.simpleString() for f in result.schema] == kinds
    remote = spark_records(result.collect())
    assert_same(local, remote)
    clusters = dedup.cluster(docs, workers=1, corpus_model=False)  # the batch API (Spark learns no corpus model)
    assert partition(remote) == {frozenset(c) for c in clusters}
    assert {remote[c[0]][1] for c in clusters} == {c[0] for c in clusters}
    assert remote["001"][:3] == (0, "001", "000") and remote["002"][:3] == (1, "002", None)


def test_other_options_same_as_local(spark, corpus):
    """Estimates only (exact=False), Jaccard only, other n-gram size,
    signature length, seed and threshold, no stripping, a corpus-level
    boilerplate model."""
    docs = corpus[:1200]
    model = dedup.BoilerplateModel(min_docs=2).fit(text for _, text in docs)
    assert len(model) > 0
    options = dict(
        threshold=0.5, exact=False, containment=None, ngram=2, num_perm=64, seed=7, strip=False, boilerplate_model=model
    )
    rows = dspark.cluster(frame(spark, docs, partitions=3), **options).collect()
    assert_same(local_records(docs, **options), spark_records(rows))


def test_pages_without_an_article_same_as_local(spark, seed_docs, corpus, furniture_page):
    """Pages without an article are nobody's candidate (null band keys) and
    match only their identical copies, as locally; article is reported."""
    pages = [(f"page-{i}", furniture_page(h)) for i, h in enumerate(["Bridge closed", "Mayor opens library", "Prize"])]
    docs = seed_docs + pages + [("page-copy", pages[1][1])] + corpus[:300]
    local = local_records(docs)
    assert [local[d][6] for d, _ in pages] == [False] * 3
    assert local["page-copy"][2] == "page-1"
    rows = dspark.cluster(frame(spark, docs, partitions=3)).collect()
    assert_same(local, spark_records(rows))


@pytest.mark.parametrize(
    ("driver_links", "driver_pairs"),
    [(spark_stages.DRIVER_LINKS, spark_stages.DRIVER_PAIRS), (spark_stages.DRIVER_LINKS, 0), (0, 0)],
    ids=["on the driver", "on the driver, verified by Spark", "as joins"],
)
def test_chaining_guard_same_as_local(spark, chain_texts, corpus, monkeypatch, driver_links, driver_pairs):
    """The chaining guard (dedup.index): a long page containing two different
    short stories joins the first only; a teaser contained in two copies of a
    story joins both; as locally, in two orders, among other documents, with
    the links taken to the driver (the pairs it asks about verified there or
    by Spark) or judged by Spark joins (and then the components found in
    Spark rounds, not on the driver)."""
    import dedup.spark.components as spark_components

    monkeypatch.setattr(spark_stages, "DRIVER_LINKS", driver_links)
    monkeypatch.setattr(spark_stages, "DRIVER_PAIRS", driver_pairs)
    if driver_links == 0:
        monkeypatch.setattr(spark_components, "DRIVER_EDGES", 0)
        monkeypatch.setattr(spark_stages, "DRIVER_DOCS", 0)
    asked = []  # pairs the driver verified itself
    verified_on_driver = spark_stages._verified_on_driver

    def spy(fp, pairs, cfg):
        asked.extend(pairs)
        return verified_on_driver(fp, pairs, cfg)

    monkeypatch.setattr(spark_stages, "_verified_on_driver", spy)
    for order in (["b", "teaser", "long", "a", "story", "retold"], ["long", "story", "a", "teaser", "b", "retold"]):
        docs = corpus[:200] + [(k, chain_texts[k]) for k in order]
        local = local_records(docs)
        first = min(("a", "b"), key=order.index)
        groups = partition(local)
        assert {"long", first} in [set(g) for g in groups] and frozenset({"story", "retold", "teaser"}) in groups
        rows = dspark.cluster(frame(spark, docs, partitions=3)).collect()
        assert_same(local, spark_records(rows))
    # The teaser's two partners are asked about: verified where the parameters say.
    assert bool(asked) == (driver_links > 0 and driver_pairs > 0)


@FINISH
def test_position_source_names_and_integer_ids(spark, corpus, monkeypatch, driver_docs):
    """A position column decides the input order; source is carried along."""
    monkeypatch.setattr(spark_stages, "DRIVER_DOCS", driver_docs)
    docs = [(i, text) for i, (_, text) in enumerate(corpus[:800])]
    order = list(reversed(range(len(docs))))  # reading order: last row first
    data = [(doc_id, text, f"feed-{i % 3}", order[i]) for i, (doc_id, text) in enumerate(docs)]
    df = spark.createDataFrame(data, "key long, body string, feed string, pos long")
    rows = dspark.cluster(df, id_col="key", text_col="body", source_col="feed", position_col="pos").collect()
    assert {r["key"]: r["feed"] for r in rows} == {d[0]: d[2] for d in data}
    assert_same(local_records(list(reversed(docs))), spark_records(rows, "key"))


def test_verification_broadcast_or_shuffled_same_as_local(spark, corpus):
    """The documents in candidate pairs are picked out of the fingerprint
    table by a broadcast of their positions and partitions, or (broadcasting
    off, or too many pairs for spark.sql.autoBroadcastJoinThreshold) by a
    shuffled join: the same result either way."""
    docs = corpus[:1200]
    local = local_records(docs)
    key = "spark.sql.autoBroadcastJoinThreshold"
    before = spark.conf.get(key)
    try:
        for threshold in ("-1", "1b", "64m"):
            spark.conf.set(key, threshold)
            assert_same(local, spark_records(dspark.cluster(frame(spark, docs, partitions=3)).collect()))
    finally:
        spark.conf.set(key, before)


@pytest.mark.parametrize(
    "text, size",
    [("10485760b", 10485760), ("20m", 20 << 20), ("1g", 1 << 30), (" 64KB ", 64 << 10), ("-1", -1), ("0", 0)],
)
def test_broadcast_bytes(spark, text, size):
    key = "spark.sql.autoBroadcastJoinThreshold"
    before = spark.conf.get(key)
    try:
        spark.conf.set(key, text)
        assert spark_stages.broadcast_bytes(spark) == size
    finally:
        spark.conf.set(key, before)


def test_fingerprints_stay_in_the_input_partitions(spark, corpus):
    """The texts are not moved to fingerprint them unless the input has fewer
    partitions than tasks wanted (one big file, say)."""
    cfg = spark_stages.stage_config(None, {})
    rows = [(i, doc_id, text, None) for i, (doc_id, text) in enumerate(corpus[:200])]
    for given, wanted, got in ((5, 2, 5), (1, 4, 4), (3, 3, 3)):
        docs = spark.createDataFrame(
            spark.sparkContext.parallelize(rows, given), "pos long, id string, text string, source string"
        )
        fp = spark_stages.fingerprint_stage(docs, cfg, wanted)
        try:
            assert fp.rdd.getNumPartitions() == got
            assert sorted(r["pos"] for r in fp.select("pos").collect()) == list(range(len(rows)))
        finally:
            fp.unpersist()


@pytest.mark.parametrize("driver_edges", [None, 0], ids=["on the driver", "in Spark rounds"])
def test_connected_components_match_union_find(spark, driver_edges):
    """dedup.spark.connected_components (Spark rounds) and component_roots
    (on the driver up to DRIVER_EDGES) give union-find's smallest roots."""
    from dedup.spark.components import component_roots

    rng = random.Random(3)
    nodes = list(range(400))
    rng.shuffle(nodes)
    edges = [(nodes[i], nodes[i + 1]) for i in range(59)]  # a long path in random label order
    edges += [(rng.randrange(60, 400), rng.randrange(60, 400)) for _ in range(250)]
    edges += [(7, 7)]  # self-loops and repeats are allowed
    df = spark.createDataFrame(edges + edges[:20], "a long, b long")
    found = dspark.connected_components(df) if driver_edges == 0 else component_roots(df, driver_edges=driver_edges)
    got = {r["node"]: r["root"] for r in found.collect()}

    parent = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    expected = {}
    for a, b in edges:
        if a != b:
            for x in (a, b):
                expected[x] = min(y for y in parent if find(y) == find(x))
    assert got == expected


@pytest.mark.parametrize(
    "rows, message",
    [
        ([("a", "one text"), ("a", "another text")], "duplicate document id 'a'"),
        ([("a", "one text"), ("b", None)], "document 'b': the text is null"),
        ([("a", "one text"), (None, "text")], "the id is null"),
    ],
)
def test_bad_rows(spark, rows, message):
    with pytest.raises(ValueError, match=message):
        dspark.cluster(spark.createDataFrame(rows, "id string, text string"))


def test_bad_columns_and_options(spark):
    df = spark.createDataFrame([("a", 1)], "id string, text long")
    with pytest.raises(ValueError, match="text column 'text' must hold strings"):
        dspark.cluster(df)
    with pytest.raises(ValueError, match="no id column 'doc'"):
        dspark.cluster(df, id_col="doc")
    with pytest.raises(ValueError, match="threshold"):
        dspark.cluster(df, threshold=2)
    with pytest.raises(ValueError, match="path= is an option of a persistent or streaming index"):
        dspark.cluster(df, path="index.sqlite")


# -- the command line -------------------------------------------------------------


def _write_jsonl(path: Path, docs) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for doc_id, text in docs:
            f.write(json.dumps({"id": doc_id, "text": text, "extra": 1}, ensure_ascii=False) + "\n")


def _cli(*argv) -> int:
    return main(["cluster", *argv, "-q"])


@FINISH
def test_cli_jsonl_same_output_as_local(spark, tmp_path, seed_docs, corpus, monkeypatch, driver_docs):
    """Seeds and a generated corpus in several files and a folder: the output
    lines are those of the local engine, byte for byte, all records and the
    representatives only (--unique); written from the driver's table or by
    Spark."""
    monkeypatch.setattr(spark_stages, "DRIVER_DOCS", driver_docs)
    (tmp_path / "in" / "sub").mkdir(parents=True)
    _write_jsonl(tmp_path / "in" / "sub" / "b.jsonl", corpus[:300])
    _write_jsonl(tmp_path / "in" / "a.jsonl", corpus[300:700])
    _write_jsonl(tmp_path / "in" / "z.jsonl", corpus[700:900])
    _write_jsonl(tmp_path / "seeds.jsonl", seed_docs)
    paths = [str(tmp_path / "seeds.jsonl"), str(tmp_path / "in")]
    assert _cli(*paths, "-o", str(tmp_path / "local.jsonl")) == 0
    assert _cli("--engine", "spark", "--master", "local[2]", *paths, "-o", str(tmp_path / "spark.jsonl")) == 0
    local = (tmp_path / "local.jsonl").read_text(encoding="utf-8")
    assert len(local.splitlines()) == 903
    assert (tmp_path / "spark.jsonl").read_text(encoding="utf-8") == local
    assert _cli(*paths, "--unique", "-o", str(tmp_path / "local-unique.jsonl")) == 0
    assert _cli("--engine", "spark", *paths, "--unique", "-o", str(tmp_path / "spark-unique.jsonl")) == 0
    unique = (tmp_path / "local-unique.jsonl").read_text(encoding="utf-8")
    assert 3 < len(unique.splitlines()) < 903
    assert (tmp_path / "spark-unique.jsonl").read_text(encoding="utf-8") == unique


def test_cli_parquet_in_and_out(spark, tmp_path, corpus, capsys):
    docs = corpus[:500]
    _write_jsonl(tmp_path / "docs.jsonl", docs)
    assert _cli(str(tmp_path / "docs.jsonl"), "--unique", "-o", str(tmp_path / "local.jsonl")) == 0
    expected = [json.loads(line) for line in (tmp_path / "local.jsonl").read_text().splitlines()]

    spark.createDataFrame(docs, "id string, text string").coalesce(1).write.parquet(str(tmp_path / "docs.parquet"))
    out = tmp_path / "out.parquet"
    assert main(["cluster", "--engine", "spark", str(tmp_path / "docs.parquet"), "--unique", "-o", str(out)]) == 0
    n_clusters = len({r["cluster"] for r in expected})
    assert f"500 documents, {n_clusters} clusters, {500 - n_clusters} duplicates removed" in capsys.readouterr().err
    rows = [r.asDict() for r in spark.read.parquet(str(out)).collect()]
    for r in rows:
        for score in ("similarity", "jaccard", "containment"):
            r[score] = None if r[score] is None else round(r[score], 6)
    assert sorted(rows, key=lambda r: r["id"]) == sorted(expected, key=lambda r: r["id"])
    assert _cli("--engine", "spark", str(tmp_path / "docs.parquet"), "-o", str(out)) == 2  # exists


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--engine", "spark", "-"], "standard input cannot be read with --engine spark"),
        (["--engine", "spark", "{dir}/dup.jsonl"], "duplicate document id 'a'"),
        (["--engine", "spark", "{dir}/dup.jsonl", "--text-field", "body"], "no 'body' field"),
        (["--engine", "spark", "{dir}/bad.jsonl"], "bad.jsonl: cannot read as jsonl"),
        (["--engine", "spark", "--skip-bad", "{dir}/dup.jsonl"], "--skip-bad is not supported"),
        (["--engine", "spark", "--html", "{dir}/dup.jsonl"], "--html is not supported"),
        (["--master", "local[2]", "{dir}/dup.jsonl"], "--master needs --engine spark"),
    ],
)
def test_cli_errors_exit_2(spark, tmp_path, capsys, argv, message):
    _write_jsonl(tmp_path / "dup.jsonl", [("a", "one"), ("a", "two")])
    (tmp_path / "bad.jsonl").write_text('{"id": "a", "text": "x"}\n{"id": \n', encoding="utf-8")
    assert main(["cluster", *(a.format(dir=tmp_path) for a in argv)]) == 2
    assert message in capsys.readouterr().err


# -- bounded candidates (issue 15) ------------------------------------------------


def wire_corpus(copies: int, others: int, seed: int = 5) -> list[tuple[str, str]]:
    """One story in ``copies`` edited copies (0.5-3 % of the words replaced,
    0-2 boilerplate lines appended) among ``others`` documents of the
    generated corpus, shuffled."""
    rng = random.Random(seed)
    vocab = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9))) for _ in range(3000)]
    story = " ".join(_sentence(rng, vocab) for _ in range(25))
    texts = []
    for _ in range(copies):
        tail = rng.sample(BOILERPLATE, rng.randint(0, 2))
        texts.append("\n".join([_edit(rng, story, rng.uniform(0.005, 0.03), vocab), *tail]))
    texts += [text for _, text in generated_corpus(others, seed=seed + 1)]
    rng.shuffle(texts)
    return [(f"w-{i:04d}", text) for i, text in enumerate(texts)]


@pytest.fixture(scope="module")
def wire():
    return wire_corpus(300, 300)


def reference_candidates(texts, cfg):
    """strongest(group_pairs(...)) computed directly with numpy on the
    canonical documents' band keys, as the local index does."""
    from dedup.candidates import group_pairs, strongest
    from dedup.lsh import band_keys
    from dedup.pipeline import fingerprint

    fp = fingerprint(texts, ngram=cfg.ngram, num_perm=cfg.num_perm, seed=cfg.seed, strip=cfg.strip)
    seen, canon = set(), []
    for i, key in enumerate(fp.content_keys):
        if key is not None and key not in seen:
            seen.add(key)
            canon.append(i)
    canon_pos = np.array(canon, dtype=np.int64)
    keys = band_keys(fp.signatures[canon_pos], *cfg.bands)
    pairs = group_pairs(keys.ravel(), np.repeat(canon_pos, keys.shape[1]))
    return fp, pairs, strongest(*pairs)


@pytest.mark.parametrize("bucket_entries", [None, 100], ids=["one-bucket-a-partition", "many-buckets"])
def test_spark_selects_the_bounded_candidates(spark, wire, monkeypatch, bucket_entries):
    """The pairs Spark verifies are exactly dedup.candidates' rule on the
    fingerprints, on a corpus whose story fills buckets far past the bound,
    whether a partition's band keys are grouped at once or in many buckets."""
    from dedup.candidates import BUCKET_LIMIT, VERIFY_LIMIT

    if bucket_entries is not None:
        monkeypatch.setattr(spark_stages, "BUCKET_ENTRIES", bucket_entries)

    cfg = spark_stages.stage_config(None, {})
    texts = [text for _, text in wire]
    _, (later, earlier), expected = reference_candidates(texts, cfg)
    distinct = {(b, a) for b, a in zip(later.tolist(), earlier.tolist())}
    per_doc = np.bincount(np.array([b for b, _ in distinct]))
    assert per_doc.max() > VERIFY_LIMIT  # the per-document bound applies
    assert np.bincount(later).max() > BUCKET_LIMIT  # and buckets are big
    rows = [(i, doc_id, text, None) for i, (doc_id, text) in enumerate(wire)]
    docs = spark.createDataFrame(rows, "pos long, id string, text string, source string")
    fp = spark_stages.fingerprint_stage(docs, cfg, 4)
    try:
        canon, _ = spark_stages.exact_copy_stage(fp)
        entries = len(wire) * cfg.bands[0]
        got = sorted(tuple(r) for r in spark_stages.candidate_stage(canon, 4, entries).collect())
    finally:
        fp.unpersist()
    assert got == list(zip(*(a.tolist() for a in expected)))


def test_big_cluster_same_partition_and_duplicate_of_among_verified(spark, wire):
    """The partition is the local engine's; duplicate_of is the most similar
    accepted pair among the verified candidates (ties: earliest)."""
    from dedup.verify import verify_pairs

    cfg = spark_stages.stage_config(None, {})
    texts = [text for _, text in wire]
    fp, _, (lat, ear, _) = reference_candidates(texts, cfg)
    sets = [np.unique(fp.shingles(i)) for i in range(len(texts))]
    sc = verify_pairs(
        fp.signatures[lat],
        fp.signatures[ear],
        fp.token_counts[lat],
        fp.token_counts[ear],
        cfg.rule,
        sets_left=lambda i: sets[lat[i]],
        sets_right=lambda i: sets[ear[i]],
    )
    best: dict = {}
    first: dict = {}
    for i, key in enumerate(fp.content_keys):
        if key is not None:
            if key in first:
                best[i] = (first[key], 1.0)
            else:
                first[key] = i
    for i in np.flatnonzero(sc.accept).tolist():
        b, a, s = int(lat[i]), int(ear[i]), float(sc.similarity[i])
        if b not in best or s > best[b][1] or (s == best[b][1] and a < best[b][0]):
            best[b] = (a, s)
    rows = dspark.cluster(frame(spark, wire, partitions=3)).collect()
    got = {r["id"]: (r["duplicate_of"], r["similarity"]) for r in rows}
    expected = {
        doc_id: (wire[best[i][0]][0], best[i][1]) if i in best else (None, None) for i, (doc_id, _) in enumerate(wire)
    }
    assert got == expected
    clusters = dedup.cluster(wire, workers=1)
    assert max(len(c) for c in clusters) >= 300
    assert partition(spark_records(rows)) == {frozenset(c) for c in clusters}


# -- running as users run it (issue 16) ---------------------------------------------


@pytest.fixture(scope="module")
def bare_python(tmp_path_factory) -> Path:
    """A python3 that cannot import dedup (nor numpy): a fresh virtual
    environment without packages."""
    import subprocess
    import venv

    folder = tmp_path_factory.mktemp("bare-venv")
    venv.create(folder, with_pip=False)
    python = folder / "bin" / "python3"
    probe = subprocess.run([str(python), "-c", "import dedup"], cwd=folder, capture_output=True)
    assert probe.returncode != 0
    return python


def test_missing_module_on_the_workers_one_line_and_no_output(spark, tmp_path, bare_python, capsys, monkeypatch):
    _write_jsonl(tmp_path / "docs.jsonl", [("a", "one text"), ("b", "another text")])
    out = tmp_path / "out.jsonl"
    monkeypatch.setattr(spark.sparkContext, "pythonExec", str(bare_python))  # what the workers run
    monkeypatch.chdir(bare_python.parent)  # not a folder dedup can be imported from
    assert main(["cluster", "-q", "--engine", "spark", str(tmp_path / "docs.jsonl"), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("dedup: error: Spark's Python workers") and err.count("\n") == 1, err
    assert "cannot import" in err and "venv-pack" in err and str(bare_python) in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs.jsonl"]  # no output, no temporary file


def test_console_script_of_a_non_activated_venv(tmp_path, bare_python, seed_docs, corpus):
    """``.venv/bin/dedup cluster --engine spark --master local[2]`` run by its
    path with a PATH whose python3 lacks dedup (cron, systemd) writes what
    the local engine writes, byte for byte."""
    import subprocess

    script = Path(sys.executable).parent / "dedup"
    if not script.exists():
        pytest.skip(f"no dedup console script beside {sys.executable}")
    docs = seed_docs + corpus[:400]
    _write_jsonl(tmp_path / "news.jsonl", docs)
    assert _cli(str(tmp_path / "news.jsonl"), "-o", str(tmp_path / "local.jsonl")) == 0
    java = shutil.which("java")
    path = [str(bare_python.parent), "/usr/bin", "/bin"] + ([os.path.dirname(java)] if java else [])
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("PYSPARK", "PYTHON", "SPARK")) and k != "VIRTUAL_ENV"
    }
    env["PATH"] = os.pathsep.join(path)
    argv = [str(script), "cluster", "--engine", "spark", "--master", "local[2]", "news.jsonl", "-o", "out.jsonl"]
    done = subprocess.run(argv, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert (tmp_path / "out.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
    assert f"{len(docs)} documents" in done.stderr


def test_spark_settings_on_the_command_line(tmp_path, capsys):
    _write_jsonl(tmp_path / "docs.jsonl", [("a", "one")])
    assert main(["cluster", "--conf", "spark.sql.shuffle.partitions=3", str(tmp_path / "docs.jsonl")]) == 2
    assert "--conf needs --engine spark" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["cluster", "--engine", "spark", "--conf", "no-value", str(tmp_path / "docs.jsonl")])
    assert "expected KEY=VALUE" in capsys.readouterr().err


def test_packed_band_entries_give_group_pairs():
    """Band-key entries packed by bucket (dedup.spark.workers.band_entries),
    split over Arrow batches in any way, give dedup.candidates.group_pairs'
    pairs of the whole: every key's documents meet in one bucket."""
    import pyarrow as pa

    from dedup.candidates import group_pairs
    from dedup.spark.workers import band_entries, bucket_pairs

    rng = np.random.default_rng(7)
    docs, bands = 300, 5
    keys = rng.integers(0, 40, size=(docs, bands)).astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    keys[rng.random(docs) < 0.1] = 0  # and null bands: documents without an article
    null = (keys == 0).all(axis=1)
    pos = rng.permutation(10 * docs)[:docs].astype(np.int64)
    values = pa.array(keys[~null].view(np.int64).ravel())
    offsets = pa.array(np.concatenate(([0], np.cumsum(np.where(null, 0, bands)))).astype(np.int32))
    lists = pa.ListArray.from_arrays(offsets, values, mask=pa.array(null))
    batch = pa.RecordBatch.from_arrays([pa.array(pos), lists], names=["pos", "bands"])
    packed = list(band_entries([batch.slice(0, 120), batch.slice(120, 7), batch.slice(127)], buckets=6))
    rows = pa.Table.from_batches(packed).sort_by("bucket")
    assert set(rows.column("bucket").to_pylist()) <= set(range(6))
    got = pa.Table.from_batches(list(bucket_pairs(rows.to_batches(max_chunksize=4))))
    keep = ~null
    later, earlier = group_pairs(keys[keep].ravel(), np.repeat(pos[keep], bands))
    assert sorted(zip(got.column("b").to_pylist(), got.column("a").to_pylist())) == sorted(
        zip(later.tolist(), earlier.tolist())
    )
    assert len(later) > 0


def test_gathered_verification_matches_pairs_built_row_by_row(corpus):
    """dedup.spark.workers.verify_gathered: fingerprints and pairs arriving in
    one partition in any order and batching, a fingerprint repeated, accept
    the same pairs with the same scores as verify_arrow on the pairs built row
    by row; a pair whose fingerprint did not arrive is an error naming it."""
    import pyarrow as pa

    from dedup.minhash import permutations
    from dedup.spark.workers import SIDE_COLUMNS, fingerprint_arrow, verify_arrow, verify_gathered

    cfg = spark_stages.stage_config(None, {})
    docs = corpus[:160]
    batch = pa.RecordBatch.from_arrays(
        [
            pa.array(range(len(docs)), pa.int64()),
            pa.array([d for d, _ in docs]),
            pa.array([t for _, t in docs]),
            pa.nulls(len(docs), pa.string()),
        ],
        names=["pos", "id", "text", "source"],
    )
    fp = pa.Table.from_batches(list(fingerprint_arrow([batch], cfg, permutations(cfg.num_perm, cfg.seed)))).select(
        list(SIDE_COLUMNS)
    )
    keyed = [i for i, s in enumerate(fp.column("sig").to_pylist()) if s is not None]
    rng = random.Random(3)
    pairs = sorted({tuple(sorted(rng.sample(keyed, 2), reverse=True)) for _ in range(300)})
    place = {d: i for i, (d, _) in enumerate(docs)}
    local = local_records(docs)
    pairs += [(place[d], place[local[d][2]]) for d in place if local[d][2] is not None]  # the local matches
    rows = fp.to_pylist()
    by_row = pa.RecordBatch.from_pydict(
        {
            "b": [b for b, _ in pairs],
            "a": [a for _, a in pairs],
            "id_a": [rows[a]["id"] for _, a in pairs],
            "wb": [rows[b]["words"] for b, _ in pairs],
            "wa": [rows[a]["words"] for _, a in pairs],
            "gb": [rows[b]["sig"] for b, _ in pairs],
            "ga": [rows[a]["sig"] for _, a in pairs],
            "sb": [rows[b]["sset"] for b, _ in pairs],
            "sa": [rows[a]["sset"] for _, a in pairs],
        }
    )
    expected = pa.Table.from_batches(list(verify_arrow([by_row], cfg))).to_pylist()
    assert expected and len(expected) < len(pairs)  # some accepted, some refused

    needed = sorted({p for pair in pairs for p in pair})
    sides = [rows[p] for p in needed] + [rows[needed[0]]]  # one arrives twice
    rng.shuffle(sides)
    mixed = [{**side, "b": None, "a": None} for side in sides] + [
        {"pos": None, "id": None, "words": None, "sig": None, "sset": None, "b": b, "a": a} for b, a in pairs
    ]
    rng.shuffle(mixed)
    table = pa.Table.from_pylist(mixed)
    gathered = pa.Table.from_batches(list(verify_gathered(table.to_batches(max_chunksize=97), cfg)))
    key = lambda r: (r["b"], r["a"])  # noqa: E731
    assert sorted(gathered.to_pylist(), key=key) == sorted(expected, key=key)

    without = pa.Table.from_pylist([r for r in mixed if r["pos"] != needed[-1]])
    with pytest.raises(RuntimeError, match=f"no fingerprint for positions \\[{needed[-1]}\\]"):
        list(verify_gathered(without.to_batches(), cfg))
