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
from pathlib import Path

import pytest

import dedup
from dedup import Deduplicator
from dedup.cli import main

pytest.importorskip("pyspark", reason="pyspark is not installed (pip install -e '.[spark]')")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("no Java runtime (java not on PATH, JAVA_HOME unset): Spark cannot start", allow_module_level=True)

import dedup.spark as dspark  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent
SEEDS = REPO_ROOT / "seeds"


@pytest.fixture(scope="session")
def spark(tmp_path_factory):
    conf = {
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.shuffle.partitions": "4",
        "spark.default.parallelism": "4",
        "spark.driver.memory": "1g",
        # Short runs on 2 cores: the JVM's C2 compiler and whole-stage code
        # generation cost more CPU than they save on these small inputs.
        "spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
        "spark.sql.codegen.wholeStage": "false",
        "spark.cleaner.referenceTracking.cleanCheckpoints": "true",
    }
    # A local master: the Python workers run this interpreter (dedup.spark.spark_session).
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
    vocab = [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9))) for _ in range(1500)
    ]
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
        m.id: (number[m.id], rep[m.id], m.duplicate_of, m.similarity, m.jaccard, m.containment) for m in matches
    }


def spark_records(rows, id_col: str = "id") -> dict:
    return {
        r[id_col]: (r["cluster"], r["representative"], r["duplicate_of"], r["similarity"], r["jaccard"], r["containment"])
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


def test_seeds_and_generated_corpus_same_as_local(spark, seed_docs, corpus):
    docs = seed_docs + corpus
    local = local_records(docs)
    sizes = sorted((len(g) for g in partition(local)), reverse=True)
    # The corpus exercises every path: copies, clusters of many, chains,
    # containment matches, singletons.
    assert sizes[0] >= 5 and sizes.count(1) > 500 and len(sizes) < len(docs) * 0.8
    assert any(r[3] is not None and r[3] == r[5] and r[4] < 0.6 for r in local.values())  # by containment
    result = dspark.cluster(frame(spark, docs, partitions=5))
    assert result.columns == ["id", "cluster", "representative", "duplicate_of", "similarity", "jaccard", "containment"]
    remote = spark_records(result.collect())
    assert_same(local, remote)
    clusters = dedup.cluster(docs, workers=1)  # the batch API: representative first
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


def test_position_source_names_and_integer_ids(spark, corpus):
    """A position column decides the input order; source is carried along."""
    docs = [(i, text) for i, (_, text) in enumerate(corpus[:800])]
    order = list(reversed(range(len(docs))))  # reading order: last row first
    data = [(doc_id, text, f"feed-{i % 3}", order[i]) for i, (doc_id, text) in enumerate(docs)]
    df = spark.createDataFrame(data, "key long, body string, feed string, pos long")
    rows = dspark.cluster(df, id_col="key", text_col="body", source_col="feed", position_col="pos").collect()
    assert {r["key"]: r["feed"] for r in rows} == {d[0]: d[2] for d in data}
    assert_same(local_records(list(reversed(docs))), spark_records(rows, "key"))


def test_connected_components_match_union_find(spark):
    rng = random.Random(3)
    nodes = list(range(400))
    rng.shuffle(nodes)
    edges = [(nodes[i], nodes[i + 1]) for i in range(59)]  # a long path in random label order
    edges += [(rng.randrange(60, 400), rng.randrange(60, 400)) for _ in range(250)]
    edges += [(7, 7)]  # self-loops and repeats are allowed
    df = spark.createDataFrame(edges + edges[:20], "a long, b long")
    got = {r["node"]: r["root"] for r in dspark.connected_components(df).collect()}

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


def test_cli_jsonl_same_output_as_local(spark, tmp_path, seed_docs, corpus):
    """Seeds and a generated corpus in several files and a folder: the output
    lines are those of the local engine, byte for byte."""
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
