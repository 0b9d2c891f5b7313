"""Command line: ``dedup cluster`` and ``dedup strip``.

``dedup cluster PATH...`` clusters the documents found in ``PATH`` (see
:mod:`dedup.sources`) and writes one JSON object per document, in input order:
``{"id", "cluster", "representative", "duplicate_of", "similarity", "jaccard",
"containment", "article"}``.
``cluster`` numbers the clusters from 0 in the order of their earliest
document; ``duplicate_of`` and ``similarity`` describe the most similar
document seen before this one (see :class:`dedup.Match`). A one-line summary
goes to standard error. With ``--engine spark`` the same stages run as a Spark
job (:mod:`dedup.spark`) over JSON Lines or Parquet files, with the same
records as output (``-o FILE.parquet``: a Parquet folder). ``-o FILE`` is
checked before any work and written atomically (see :mod:`.cluster`).

``dedup strip FILE|-`` prints the text with boilerplate lines removed.

``dedup evaluate LABELS.jsonl`` clusters documents labelled with their true
cluster and prints pairwise precision / recall / F1, the Adjusted Rand Index
and the worst merged and missed pairs explained (:mod:`dedup.evaluate`);
``--thresholds`` sweeps the threshold.

``dedup index add|query|stats|expire --db FILE`` work on a persistent index
(an SQLite file, see :mod:`dedup.storage.sqlite`): ``add`` prints one JSON
decision per document (``{"id", "representative", "duplicate_of",
"similarity", "jaccard", "containment", "article"}``) as soon as its batch is committed;
``query`` prints what ``add`` would say, without adding; ``stats`` prints a
JSON object; ``expire --older-than 30d`` removes old documents.

Exit status: 0 on success, 2 on bad input or usage (the message names the file
and line), 1 when the output cannot be written (a full disk) or on an
unexpected failure.

One module per subcommand (:mod:`.cluster`, :mod:`.strip`, :mod:`.index`,
:mod:`.evaluate`), each with ``add_parser`` and ``run``; the options of the
configuration are defined once, from :class:`dedup.Config`
(:mod:`.options`).
"""

from .main import main

__all__ = ["main"]
