"""One configuration for every front end: :class:`Config`.

A :class:`Config` holds the parameters that decide fingerprints, candidates
and matches. It is frozen and validated when made (an error names the
parameter), derives what is derived (the LSH bands), and is what
:class:`dedup.Deduplicator`, :func:`dedup.cluster`, :func:`dedup.signatures`,
:func:`dedup.explain`, the command line and :mod:`dedup.spark` take, either
as ``config=`` or as the same keywords as before (``threshold=0.7``).

Each field declares, beside its default and its check, what the rest of the
library needs to know about it (see README.md, "Contributing"):

``stage``
    The stage it is passed to: ``"fingerprint"`` (keywords of
    :func:`dedup.pipeline.fingerprint`, in this process, in worker processes
    and in Spark executors) or ``"verify"`` (fields of
    :class:`dedup.verify.MatchRule`).
``stored``
    Written to an index file (:meth:`Config.to_stored`) and read back
    (:meth:`Config.from_stored`); ``compared``: a file made with another value
    is refused (:meth:`Config.differences`); ``absent``: the value of files
    written before the field existed (so they still open).
``cli``
    The help text of its command-line option (``--num-perm`` for
    ``num_perm``; a ``True``/``False`` field gets ``--no-strip`` or
    ``--strip/--no-strip``; ``int``, ``float`` and ``bool`` fields only), on
    ``dedup cluster`` (both engines) and ``dedup index add``
    (:mod:`dedup.cli.options`); ``dedup evaluate`` offers ``threshold`` and
    ``strip``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .lsh import check_lsh_weights, lsh_params
from .normalize import NORMALIZATION_VERSION
from .validation import boolean, fraction, integer, is_integer
from .verify import MatchRule

__all__ = [
    "DEFAULT_CONTAINMENT",
    "DEFAULT_LSH_THRESHOLD",
    "DEFAULT_MIN_WORDS",
    "DEFAULT_NGRAM",
    "DEFAULT_NUM_PERM",
    "DEFAULT_THRESHOLD",
    "Config",
]

#: Default Jaccard threshold on word shingles (see README, "Defaults").
DEFAULT_THRESHOLD = 0.6
#: Default words per shingle (see README, "Defaults").
DEFAULT_NGRAM = 3
#: Default signature length.
DEFAULT_NUM_PERM = 128
#: Default containment threshold (see README, "Defaults").
DEFAULT_CONTAINMENT = 0.8
#: Default minimum words of the shorter document for the containment rule.
DEFAULT_MIN_WORDS = 50
#: Default Jaccard level LSH is tuned for when the containment rule is on
#: (32 bands of 2 rows with 128 permutations; see README, "Defaults").
DEFAULT_LSH_THRESHOLD = 0.3

_NOT_GIVEN = object()


def _optional_fraction(name: str, value: object) -> float | None:
    return None if value is None else fraction(name, value)


def _option(
    default: Any,
    check: Callable[[str, Any], Any] | None = None,
    *,
    stage: str | None = None,
    stored: bool = False,
    compared: bool = False,
    absent: Any = _NOT_GIVEN,
    stored_form: tuple[Callable[[Any], bool], str] | None = None,
    cli: str | None = None,
    init: bool = True,
) -> Any:
    """A :class:`Config` field and what it means to the rest of the library
    (see the module documentation)."""
    metadata = dict(
        check=check, stage=stage, stored=stored, compared=compared, absent=absent, stored_form=stored_form, cli=cli
    )
    return field(default=default, init=init, metadata=metadata)


#: How an index file stores some fields (a damaged file is refused with these words).
_COUNT = (lambda v: type(v) is int and v >= 0, "not an integer >= 0")
_PAIR = (
    lambda v: isinstance(v, list) and len(v) == 2 and all(type(b) is int and b > 0 for b in v),
    "not two positive integers",
)


@dataclass(frozen=True, kw_only=True)
class Config:
    """The parameters that decide fingerprints, candidates and matches.

    Every front end takes one (``config=``), or its fields as keywords.

    Parameters
    ----------
    num_perm : int, default 128
        MinHash signature length. More permutations: more accurate
        estimates, more memory and time.
    ngram : int, default 3
        Words per shingle.
    seed : int, default 1
        Seed of the MinHash permutations (datasketch's ``seed``).
    strip : bool, default True
        Remove boilerplate lines (:func:`dedup.strip_boilerplate`) before
        fingerprinting.
    threshold : float, default 0.6
        Minimum Jaccard similarity of the documents' word-shingle sets for
        two documents to be duplicates.
    containment : float or None, default 0.8
        Also a duplicate: a document whose shingles are at least this share
        contained in another's (a teaser, a truncated copy). None: Jaccard only.
    min_words : int, default 50
        The containment rule needs the shorter document to have at least
        this many words, so two short texts sharing a phrase do not match.
    bands : (int, int), optional
        LSH ``(bands, rows)``; by default chosen for ``lsh_threshold`` and
        ``num_perm`` by datasketch's optimiser with ``lsh_weights``.
    lsh_threshold : float, optional
        Jaccard level the LSH bands are tuned for; by default ``threshold``,
        or ``min(threshold, 0.3)`` with the containment rule, so that copies
        with high containment but modest Jaccard are found as candidates.
    exact : bool, default True
        Keep each document's shingle hashes so candidates are verified with
        the exact Jaccard similarity (about 4 bytes per word). With False, the
        MinHash estimate decides and memory is signatures plus LSH only.
    lsh_weights : (float, float), default (0.1, 0.9)
        Weights of false positives and false negatives for that optimiser.
        Recall is favoured because every candidate is verified.
    boilerplate_model : dedup.BoilerplateModel, optional
        Also remove the lines this corpus-level model has learned to be
        boilerplate (on any source), before ``strip``; the model may keep
        learning between calls (see :mod:`dedup.boilerplate.model`).
    corpus_model : bool, default True
        :func:`dedup.cluster` and ``dedup cluster`` (local engine), which
        have the whole corpus, first learn a :class:`dedup.BoilerplateModel`
        from it, per source (see :func:`dedup.cluster`'s ``sources``), and
        remove each document's learned lines of its source before ``strip``;
        documents without a source are left as they are. Only with
        ``strip`` and without ``boilerplate_model`` (a given model is used
        as it is). :class:`dedup.Deduplicator`, :func:`dedup.signatures`,
        :func:`dedup.explain` and :mod:`dedup.spark` do not learn one: their
        results equal :func:`dedup.cluster`'s with ``corpus_model=False``.

    ``normalization`` is the version of the token rules
    (:data:`dedup.NORMALIZATION_VERSION`), not a choice: an index file made
    under another is refused.

    Examples
    --------
    >>> config = Config(threshold=0.7)
    >>> config.bands, config.lsh_threshold
    ((32, 2), 0.3)
    >>> config.replace(containment=None).bands  # derived again: tuned for 0.7 now
    (20, 6)
    >>> Config(ngram=0)
    Traceback (most recent call last):
    ...
    ValueError: ngram must be an integer >= 1, got 0
    """

    # The order of the stored fields is the order of ``Deduplicator.config``
    # and of ``dedup index stats``.
    num_perm: int = _option(
        DEFAULT_NUM_PERM,
        lambda n, v: integer(n, v, 2),
        stage="fingerprint",
        stored=True,
        compared=True,
        stored_form=_COUNT,
        cli="MinHash permutations",
    )
    ngram: int = _option(
        DEFAULT_NGRAM,
        lambda n, v: integer(n, v, 1),
        stage="fingerprint",
        stored=True,
        compared=True,
        stored_form=_COUNT,
        cli="words per shingle",
    )
    seed: int = _option(
        1,
        lambda n, v: integer(n, v, 0, 2**32, "2**32"),
        stage="fingerprint",
        stored=True,
        compared=True,
        cli="MinHash seed",
    )
    strip: bool = _option(
        True,
        boolean,
        stage="fingerprint",
        stored=True,
        compared=True,
        cli="remove boilerplate lines before fingerprinting",
    )
    normalization: int = _option(NORMALIZATION_VERSION, stored=True, compared=True, init=False)
    threshold: float = _option(
        DEFAULT_THRESHOLD, fraction, stage="verify", stored=True, compared=True, cli="Jaccard threshold"
    )
    containment: float | None = _option(
        DEFAULT_CONTAINMENT, _optional_fraction, stage="verify", stored=True, compared=True
    )
    min_words: int = _option(
        DEFAULT_MIN_WORDS,
        lambda n, v: integer(n, v, 0),
        stage="verify",
        stored=True,
        compared=True,
        stored_form=_COUNT,
    )
    bands: tuple[int, int] = _option(None, stored=True, compared=True, stored_form=_PAIR)
    lsh_threshold: float = _option(None, fraction, stored=True)
    exact: bool = _option(True, boolean, stored=True, compared=True)
    lsh_weights: tuple[float, float] = _option((0.1, 0.9), lambda n, v: check_lsh_weights(v))
    boilerplate_model: Any = _option(None, stage="fingerprint")
    corpus_model: bool = _option(True, boolean)
    #: The fields given as None and derived (``lsh_threshold``, ``bands``).
    derived: frozenset = field(default=frozenset(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        derived: set[str] = set()
        for f in _FIELDS:
            check = f.metadata["check"]
            value = getattr(self, f.name)
            if check is not None and not (value is None and f.default is None):  # None: derived
                set_(self, f.name, check(f.name, value))
        if self.lsh_threshold is None:
            derived.add("lsh_threshold")
            lsh_threshold = self.threshold if self.containment is None else min(self.threshold, DEFAULT_LSH_THRESHOLD)
            set_(self, "lsh_threshold", lsh_threshold)
        if self.bands is None:
            derived.add("bands")
            set_(self, "bands", lsh_params(self.lsh_threshold, self.num_perm, self.lsh_weights))
        else:
            set_(self, "bands", _check_bands(self.bands, self.num_perm))
        set_(self, "derived", frozenset(derived))

    # -- making one ---------------------------------------------------------
    @classmethod
    def make(cls, config: Config | None = None, positional: tuple = (), **options: Any) -> Config:
        """``config`` (default: the defaults) with ``options`` changed;
        ``positional`` are values of :data:`POSITIONAL`, in that order."""
        if len(positional) > len(POSITIONAL):
            raise TypeError(
                f"at most {len(POSITIONAL)} positional parameters ({', '.join(POSITIONAL)}), got {len(positional)}"
            )
        for name, value in zip(POSITIONAL, positional):
            if name in options:
                raise TypeError(f"{name} given twice (by position and as a keyword)")
            options[name] = value
        if config is None:
            return cls(**options)
        if not isinstance(config, Config):
            raise TypeError(f"config must be a dedup.Config, got {type(config).__name__}")
        return config.replace(**options) if options else config

    def replace(self, **changes: Any) -> Config:
        """A copy with ``changes``; what was derived is derived again."""
        return Config(**{**self.given(), **changes})

    def given(self) -> dict[str, Any]:
        """The parameters as given (derived ones left out): ``Config(**c.given()) == c``."""
        return {f.name: getattr(self, f.name) for f in _FIELDS if f.init and f.name not in self.derived}

    # -- what each stage takes ----------------------------------------------
    def stage(self, name: str) -> dict[str, Any]:
        """The fields passed to stage ``name`` (``"fingerprint"``, ``"verify"``)."""
        return {f.name: getattr(self, f.name) for f in _FIELDS if f.metadata["stage"] == name}

    def fingerprint_options(self, keep_shingles: bool | None = None) -> dict[str, Any]:
        """Keywords of :func:`dedup.pipeline.fingerprint`; shingles are kept
        for exact verification (``exact``) unless ``keep_shingles`` says."""
        return {**self.stage("fingerprint"), "keep_shingles": self.exact if keep_shingles is None else keep_shingles}

    @property
    def rule(self) -> MatchRule:
        """The match rule (:class:`dedup.verify.MatchRule`)."""
        return MatchRule(**self.stage("verify"))

    def frozen(self) -> Config:
        """This configuration for worker processes and Spark executors: a
        :class:`dedup.BoilerplateModel` replaced by its frozen, compact
        :meth:`~dedup.BoilerplateModel.stripper` (any other object with
        ``strip(text)`` is kept as it is)."""
        model = self.boilerplate_model
        if model is None or not hasattr(model, "stripper"):
            return self
        return self.replace(boilerplate_model=model.stripper())

    # -- index files --------------------------------------------------------
    def to_stored(self) -> dict[str, Any]:
        """The stored fields as an index file keeps them (JSON values)."""
        return {f.name: _json(getattr(self, f.name)) for f in _FIELDS if f.metadata["stored"]}

    @classmethod
    def from_stored(cls, stored: Any) -> Config:
        """The configuration an index file stores (see :meth:`to_stored`);
        a :class:`ValueError` says what is wrong with a damaged one."""
        if not isinstance(stored, Mapping):
            raise ValueError(f"its stored configuration is {type(stored).__name__}, not an object")
        missing = [f.name for f in _STORED if f.name not in stored and f.metadata["absent"] is _NOT_GIVEN]
        if missing:
            raise ValueError(f"its stored configuration lacks {', '.join(missing)}")
        given: dict[str, Any] = {}
        for f in _STORED:
            value = stored.get(f.name, f.metadata["absent"])
            form = f.metadata["stored_form"]
            if form is not None and not form[0](value):
                verb = "are" if f.name.endswith("s") else "is"
                raise ValueError(f"its stored {f.name} {verb} {value!r}, {form[1]}")
            if f.init:
                given[f.name] = tuple(value) if isinstance(value, list) else value
        try:
            return cls(**given)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"its stored configuration is invalid ({exc})") from None

    def requested(self, **options: Any) -> Config:
        """This configuration (an index file's) with ``options`` asked for on
        top. ``bands`` were derived from ``lsh_threshold``, ``lsh_weights``
        and ``num_perm``: asking for one of those (and not for ``bands``)
        derives them again, to be compared with the file's."""
        given = self.given()
        if set(_REDERIVE_BANDS) & options.keys() and "bands" not in options:
            given.pop("bands", None)
        return Config(**{**given, **options})

    def differences(self, stored: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
        """``{name: (stored, this)}`` for the fields that must agree between an
        index file (its stored configuration) and an index opening it."""
        mine = self.to_stored()
        found = {}
        for f in _COMPARED:
            theirs = stored.get(f.name, f.metadata["absent"])
            if theirs != mine[f.name]:
                found[f.name] = (theirs, mine[f.name])
        return found

    # -- the command line -----------------------------------------------------
    @staticmethod
    def command_line() -> list[tuple[str, type, Any, str]]:
        """``(name, type, default, help)`` of the fields the command line
        offers as options."""
        return [(f.name, _TYPES[f.name], f.default, f.metadata["cli"]) for f in _FIELDS if f.metadata["cli"]]


def _check_bands(bands: Any, num_perm: int) -> tuple[int, int]:
    try:
        pair = tuple(bands)
    except TypeError:
        pair = ()
    if len(pair) != 2 or not all(is_integer(b) and b >= 1 for b in pair) or pair[0] * pair[1] > num_perm:
        raise ValueError(f"bands must be (bands, rows) with bands * rows <= num_perm, got {bands!r}")
    return int(pair[0]), int(pair[1])


def _json(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


_FIELDS = tuple(f for f in dataclasses.fields(Config) if f.name != "derived")
_STORED = tuple(f for f in _FIELDS if f.metadata["stored"])
_COMPARED = tuple(f for f in _FIELDS if f.metadata["compared"])
_TYPES = {f.name: {"int": int, "float": float, "bool": bool}.get(str(f.type), object) for f in _FIELDS}
#: What ``bands`` are derived from (see :meth:`Config.from_stored`).
_REDERIVE_BANDS = ("lsh_threshold", "lsh_weights", "num_perm")

#: Parameters that may also be given by position, in this order, as
#: :class:`dedup.Deduplicator` has always taken them.
POSITIONAL = ("threshold", "num_perm", "ngram", "seed", "strip")
#: Every parameter a :class:`Config` takes.
PARAMETERS = frozenset(f.name for f in _FIELDS if f.init)


def split_options(options: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """``options`` cut into :class:`Config` parameters and the others."""
    mine = {k: v for k, v in options.items() if k in PARAMETERS}
    return mine, {k: v for k, v in options.items() if k not in PARAMETERS}
