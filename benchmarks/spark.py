"""Throughput of the Spark backend against the single-process pipeline.

    python benchmarks/spark.py [--docs 20000] [--cores 1 2] [--json FILE]

Builds a deterministic corpus of news-like documents (``--docs``, default
20,000: originals of 150-900 words in paragraphs, a third of the documents
copies of earlier ones: exact copies wrapped in site boilerplate, 3 % word
edits, teasers of 60-90 % of the paragraphs, re-cased copies), then times

* ``dedup.cluster(docs, workers=1)``: the single-process pipeline;
* ``dedup.spark.cluster`` on ``local[1]`` and ``local[2]`` (``--cores``), the
  corpus read from a Parquet file, until the result is materialised. Each
  configuration runs twice in one SparkSession: the first run includes the
  JVM's warm-up and the Python workers' start, the second is the steady state.
  Session start-up is reported on its own.

It checks that every Spark run gives the local partition and representatives,
and prints a table (and ``--json``) with wall time and CPU seconds (this
process and its descendants: the JVM and the Python workers). The machine's
load average is recorded: wall times taken while other processes compete for
the cores are not comparable, CPU seconds much less affected.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Optional, Sequence

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

import dedup  # noqa: E402

DRIVER_MEMORY = "6g"

HEADERS = [
    "Home | World | Business | Sport | Culture",
    "Subscribe to our newsletter",
    "Sign in to comment",
    "Advertisement",
]
FOOTERS = [
    "Share this article: Facebook Twitter Email",
    "Copyright 2024 The Daily Example. All rights reserved.",
    "Read more: the stories our readers liked this week",
    "Follow us on social media",
]


def build_corpus(n: int, seed: int = 0, dup_fraction: float = 1 / 3) -> list[tuple[str, str]]:
    """``n`` (id, text) documents, deterministic for ``seed``."""
    rng = np.random.default_rng(seed)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    vocab = ["".join(rng.choice(letters, size=k)) for k in rng.integers(2, 11, size=30_000)]
    weights = 1.0 / np.arange(1, len(vocab) + 1) ** 1.05
    weights /= weights.sum()
    originals: list[list[str]] = []
    docs: list[str] = []
    for _ in range(n):
        if originals and rng.random() < dup_fraction:
            paragraphs = originals[int(rng.integers(len(originals)))]
            kind = rng.random()
            if kind < 0.3:  # exact copy on another site
                text = "\n".join([str(rng.choice(HEADERS)), *paragraphs, str(rng.choice(FOOTERS))])
            elif kind < 0.6:  # 3 % of the words replaced
                words = "\n\n".join(paragraphs).split(" ")
                for i in np.flatnonzero(rng.random(len(words)) < 0.03):
                    words[i] = vocab[int(rng.integers(len(vocab)))]
                text = " ".join(words)
            elif kind < 0.85:  # teaser
                keep = max(1, int(round(len(paragraphs) * rng.uniform(0.6, 0.9))))
                text = "\n\n".join(paragraphs[:keep])
            else:  # re-cased
                text = "\n\n".join(paragraphs).upper()
        else:
            paragraphs = []
            for _ in range(int(rng.integers(3, 10))):
                words = [vocab[i] for i in rng.choice(len(vocab), size=int(rng.integers(40, 110)), p=weights)]
                for i in range(0, len(words), 14):
                    words[i] = words[i].capitalize()
                paragraphs.append(" ".join(words) + ".")
            originals.append(paragraphs)
            text = "\n\n".join(paragraphs)
        docs.append(text)
    return [(f"d{i:06d}", text) for i, text in enumerate(docs)]


def tree_cpu_seconds() -> float:
    """CPU seconds used so far by this process and its live descendants (the
    Spark JVM and its Python workers), from /proc; 0.0 where there is none."""
    tick = os.sysconf("SC_CLK_TCK")
    children: dict[int, list[int]] = {}
    cpu: dict[int, float] = {}
    try:
        pids = [int(d) for d in os.listdir("/proc") if d.isdigit()]
    except OSError:
        return 0.0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        children.setdefault(int(fields[1]), []).append(pid)
        cpu[pid] = (int(fields[11]) + int(fields[12])) / tick
    total, stack = 0.0, [os.getpid()]
    while stack:
        pid = stack.pop()
        total += cpu.get(pid, 0.0)
        stack.extend(children.get(pid, []))
    return total


def _partition(clusters: list[list]) -> tuple[set, set]:
    return {frozenset(c) for c in clusters}, {c[0] for c in clusters}


def time_local(docs: list[tuple[str, str]]) -> tuple[float, float, tuple[set, set]]:
    start, cpu = time.perf_counter(), time.process_time()
    clusters = dedup.cluster(docs, workers=1)
    return time.perf_counter() - start, time.process_time() - cpu, _partition(clusters)


def time_spark(parquet: str, cores: int, runs: int, expected: tuple[set, set], checkpoints: str) -> dict[str, Any]:
    from pyspark.sql import SparkSession

    import dedup.spark as dspark

    start = time.perf_counter()
    spark = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName(f"dedup-bench-{cores}")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", DRIVER_MEMORY)
        .config("spark.sql.shuffle.partitions", str(4 * cores))
        .config("spark.executorEnv.PYTHONPATH", str(REPO_ROOT))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    startup = time.perf_counter() - start
    times, cpus = [], []
    try:
        for _ in range(runs):
            df = spark.read.parquet(parquet)
            start, cpu = time.perf_counter(), tree_cpu_seconds()
            result = dspark.cluster(df, checkpoint_dir=checkpoints)
            rows = result.select("id", "cluster", "representative").collect()
            times.append(time.perf_counter() - start)
            cpus.append(tree_cpu_seconds() - cpu)
            groups: dict = {}
            for r in rows:
                groups.setdefault(r["cluster"], set()).add(r["id"])
            got = ({frozenset(g) for g in groups.values()}, {r["representative"] for r in rows})
            if got != expected:
                raise AssertionError(f"local[{cores}]: the Spark partition differs from the local one")
    finally:
        spark.stop()
    return {"cores": cores, "startup_s": startup, "runs_s": times, "runs_cpu_s": cpus}


def write_parquet(docs: list[tuple[str, str]], path: str, files: int) -> None:
    from pyspark.sql import SparkSession

    # The first session starts the JVM, so its memory setting is the one
    # every later session of this process gets.
    spark = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", DRIVER_MEMORY)
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        rdd = spark.sparkContext.parallelize(docs, max(files, len(docs) // 5000 + 1))
        spark.createDataFrame(rdd, "id string, text string").coalesce(files).write.parquet(path)
    finally:
        spark.stop()


def main(argv: Optional[Sequence[str]] = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cores", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--runs", type=int, default=2, help="runs per Spark configuration (default 2)")
    parser.add_argument("--files", type=int, default=1, help="Parquet files the corpus is written as (default 1)")
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args(argv)

    docs = build_corpus(args.docs, args.seed)
    mb = sum(len(t.encode("utf-8")) for _, t in docs) / 1e6
    print(f"corpus: {len(docs)} documents, {mb:.1f} MB", file=sys.stderr)
    load_before = os.getloadavg()
    local_s, local_cpu, expected = time_local(docs)
    print(f"single process: {local_s:.1f} s, {len(expected[0])} clusters", file=sys.stderr)

    tmp = tempfile.mkdtemp(prefix="dedup-spark-bench-")
    try:
        parquet = os.path.join(tmp, "corpus.parquet")
        write_parquet(docs, parquet, args.files)
        spark_results = []
        for cores in args.cores:
            res = time_spark(parquet, cores, args.runs, expected, os.path.join(tmp, f"checkpoints-{cores}"))
            print(f"local[{cores}]: start {res['startup_s']:.1f} s, runs {res['runs_s']}", file=sys.stderr)
            spark_results.append(res)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    load_after = os.getloadavg()

    import pyspark

    report = {
        "docs": len(docs),
        "megabytes": round(mb, 2),
        "clusters": len(expected[0]),
        "single_process_s": local_s,
        "single_process_cpu_s": local_cpu,
        "spark": spark_results,
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "pyspark": pyspark.__version__,
            "loadavg_before": load_before,
            "loadavg_after": load_after,
        },
    }
    print(f"\n{'engine':<22} {'seconds':>8} {'docs/s':>8} {'vs single':>10} {'CPU s':>7}")
    print(f"{'single process':<22} {local_s:8.1f} {len(docs) / local_s:8.0f} {1.0:10.2f} {local_cpu:7.1f}")
    for res in spark_results:
        for i, (t, c) in enumerate(zip(res["runs_s"], res["runs_cpu_s"])):
            label = f"spark local[{res['cores']}] run {i + 1}"
            print(f"{label:<22} {t:8.1f} {len(docs) / t:8.0f} {local_s / t:10.2f} {c:7.1f}")
    by_cores = {r["cores"]: min(r["runs_s"]) for r in spark_results}
    if 1 in by_cores and 2 in by_cores:
        report["scaling_1_to_2"] = by_cores[1] / by_cores[2]
        print(f"\nscaling 1 -> 2 cores (best runs): {report['scaling_1_to_2']:.2f}x")
    print(f"load average before {load_before[0]:.1f}, after {load_after[0]:.1f} (2 cores)")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(report, f, indent=2)
    return report


if __name__ == "__main__":
    main()
