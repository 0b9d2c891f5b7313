"""dedup: find near-duplicate news articles.

Strip boilerplate, fingerprint what is left with MinHash over word shingles,
find candidates with LSH, verify them, and cluster the copies of each story.

>>> import dedup
>>> dedup.cluster([("a", "Rain is expected across the north on Tuesday, forecasters said."),
...                ("b", "Rain is expected across the north on Tuesday, forecasters said.\\nShare this article"),
...                ("c", "The city council approved the new budget after a long debate.")])
[['a', 'b'], ['c']]
"""

from .batch import cluster, signatures
from .boilerplate import BoilerplateModel, strip_boilerplate, strip_boilerplate_many
from .config import (
    DEFAULT_CONTAINMENT,
    DEFAULT_LSH_THRESHOLD,
    DEFAULT_MIN_WORDS,
    DEFAULT_NGRAM,
    DEFAULT_NUM_PERM,
    DEFAULT_THRESHOLD,
    Config,
)
from .documents import DocId
from .explain import Explanation, explain
from .html import html_to_text
from .index import Deduplicator
from .match import Match
from .minhash import to_lean_minhash
from .normalize import NORMALIZATION_VERSION, normalize_text, tokenize
from .parallel import WorkerError
from .persistent import open_index
from .shingle import shingle_hash, shingles
from .storage.errors import ConfigurationMismatch, IndexFileError, ReadOnlyIndexError

__version__ = "0.1.0"

__all__ = [
    "BoilerplateModel",
    "DEFAULT_CONTAINMENT",
    "DEFAULT_LSH_THRESHOLD",
    "DEFAULT_MIN_WORDS",
    "DEFAULT_NGRAM",
    "DEFAULT_NUM_PERM",
    "DEFAULT_THRESHOLD",
    "NORMALIZATION_VERSION",
    "Config",
    "ConfigurationMismatch",
    "DocId",
    "Deduplicator",
    "Explanation",
    "IndexFileError",
    "Match",
    "ReadOnlyIndexError",
    "WorkerError",
    "cluster",
    "explain",
    "html_to_text",
    "normalize_text",
    "open_index",
    "shingle_hash",
    "shingles",
    "signatures",
    "strip_boilerplate",
    "strip_boilerplate_many",
    "to_lean_minhash",
    "tokenize",
]
