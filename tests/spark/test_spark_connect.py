"""dedup.spark through Spark Connect: the same code against a Connect server.

A local Connect server is started from the pyspark package
(``SparkSession.builder.remote("local[2]")``) in a separate process (a process
holds either a classic or a Connect session). Skipped without pyspark's
Connect client dependencies (``pip install "pyspark[connect]"``) or Java.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("pyspark", reason="pyspark is not installed (pip install -e '.[spark]')")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("no Java runtime: Spark cannot start", allow_module_level=True)
try:
    from pyspark.sql.connect.utils import check_dependencies

    check_dependencies()
except ImportError as exc:
    pytest.skip(f"Spark Connect client dependencies missing: {exc}", allow_module_level=True)

TESTS = Path(__file__).resolve().parent

SCRIPT = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, sys.argv[1])
    from pyspark.sql import SparkSession
    spark = SparkSession.builder.remote("local[2]").config("spark.sql.shuffle.partitions", "4").getOrCreate()
    assert type(spark).__module__.startswith("pyspark.sql.connect"), type(spark)
    import dedup.spark as dspark
    from test_spark import assert_same, generated_corpus, local_records, spark_records
    docs = generated_corpus(400)
    rows = dspark.cluster(spark.createDataFrame(docs, "id string, text string")).collect()
    assert_same(local_records(docs), spark_records(rows))
    spark.stop()
    print("same as local")
    """
)


def test_cluster_through_spark_connect(tmp_path):
    # The local server's Python workers run this interpreter (a Connect
    # server takes PYSPARK_PYTHON from its own environment). SPARK_TESTING:
    # pyspark's test mode, in which the local server listens on a free port
    # and the client asks it which (SPARK-42272), so that two test runs at
    # once do not collide on the default port 15002.
    env = {**os.environ, "PYSPARK_PYTHON": sys.executable, "SPARK_TESTING": "1"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(TESTS)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "same as local" in done.stdout
