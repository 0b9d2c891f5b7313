"""Why two texts do or do not match: :func:`explain`.

Runs the same stages and the same rule as :class:`dedup.Deduplicator` on two
texts and reports every number the decision rests on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .config import Config
from .documents import check_text
from .lsh import band_keys, sorted_unique
from .pipeline import clean_text, fingerprint
from .verify import estimate_jaccard, exact_scores

__all__ = ["Explanation", "explain"]


@dataclass(frozen=True)
class Explanation:
    """The decision on one pair of texts and what it rests on.

    Attributes
    ----------
    match : bool
        Whether the index links the two texts: the rule accepts them and LSH
        proposes them.
    reason : str
        One sentence saying which rule decided and why.
    similarity : float
        The score that decides (containment when only containment matches).
    jaccard, containment : float
        Exact Jaccard similarity and containment of the shorter in the longer.
    estimated_jaccard : float
        The MinHash estimate of the Jaccard similarity.
    candidate : bool
        Whether LSH proposes the pair (the two signatures share a band key,
        or the texts are identical). A pair the rule accepts but LSH does not
        propose is not linked: ``match`` is then False.
    candidate_probability : float
        Probability that LSH proposes a pair with this Jaccard similarity.
    words, shingles : (int, int)
        Words and distinct shingles of each text after stripping.
    shared_shingles : int
        Distinct shingles the texts have in common.
    lines_removed : (int, int)
        Non-blank lines removed from each text as boilerplate.
    articles : (bool, bool)
        Whether each text has an article left after stripping
        (:attr:`dedup.Match.article`); a text without one matches only an
        identical copy of its whole page.
    threshold, containment_threshold, min_words
        The rule applied.
    """

    match: bool
    reason: str
    similarity: float
    jaccard: float
    containment: float
    estimated_jaccard: float
    candidate: bool
    candidate_probability: float
    words: tuple[int, int]
    shingles: tuple[int, int]
    shared_shingles: int
    lines_removed: tuple[int, int]
    articles: tuple[bool, bool]
    threshold: float
    containment_threshold: float | None
    min_words: int

    def __str__(self) -> str:
        return "\n".join(
            [
                ("MATCH: " if self.match else "NO MATCH: ") + self.reason,
                f"  jaccard {self.jaccard:.3f} (MinHash estimate {self.estimated_jaccard:.3f}), "
                f"containment {self.containment:.3f}",
                f"  words {self.words[0]} / {self.words[1]}, distinct shingles {self.shingles[0]} / "
                f"{self.shingles[1]}, shared {self.shared_shingles}",
                f"  boilerplate lines removed {self.lines_removed[0]} / {self.lines_removed[1]}"
                + ("" if all(self.articles) else f"; article left {self.articles[0]} / {self.articles[1]}"),
                f"  LSH {'proposes' if self.candidate else 'does not propose'} this pair "
                f"(a pair this similar is proposed with probability {self.candidate_probability:.3f})",
            ]
        )


def _lines(text: str) -> int:
    return sum(1 for line in text.splitlines() if line.strip())


def explain(a: str, b: str, *, config: Config | None = None, **options: Any) -> Explanation:
    """Explain whether texts ``a`` and ``b`` are near-duplicates.

    The pair is judged on its own: in an index, a pair that matches by
    containment alone may still be left unlinked by the chaining guard,
    which looks at the other documents each text is contained in or
    contains (:mod:`dedup.index`, "The chaining guard").

    Parameters
    ----------
    a, b : str
        The two texts.
    config : dedup.Config, optional
        The configuration (default: the library's defaults), its parameters
        also as keywords (``threshold``, ``containment``, ``min_words``,
        ``ngram``, ``strip``, ``boilerplate_model``, ...), as for
        :class:`dedup.Deduplicator`.

    Examples
    --------
    >>> print(explain("Rain is expected in the north on Tuesday.", "Sunny all week in the south.").reason)
    Jaccard 0.000 < threshold 0.60; containment 0.000 < 0.80
    """
    a = check_text(a, "a")
    b = check_text(b, "b")
    settings = Config.make(config, **options)
    fp = fingerprint([a, b], **settings.fingerprint_options())
    sets = [sorted_unique(fp.shingles(i)) for i in range(2)]
    words = (int(fp.token_counts[0]), int(fp.token_counts[1]))
    jac, cont = exact_scores(sets[0], sets[1])
    shared = round(cont * min(len(sets[0]), len(sets[1])))
    rule = settings.rule
    accept, sim = rule.decide([jac], [cont], [words[0]], [words[1]])
    identical = fp.content_keys[0] is not None and fp.content_keys[0] == fp.content_keys[1]
    articles = (bool(fp.articles[0]), bool(fp.articles[1]))
    keys = band_keys(fp.signatures, *settings.bands)
    candidate = identical or (min(words) > 0 and all(articles) and bool(np.any(keys[0] == keys[1])))
    by_rule = bool(accept[0]) and min(words) > 0
    match = identical or (by_rule and candidate)
    small = min(words)
    bands, rows = settings.bands
    probability = 1.0 - (1.0 - jac**rows) ** bands
    if min(words) == 0:
        reason = "a text without any word never matches"
    elif identical:
        reason = "identical after stripping and normalisation" if all(articles) else "the same whole page"
    elif not all(articles):
        which = "both texts have" if not any(articles) else f"text {'ab'[articles.index(False)]} has"
        reason = (
            f"{which} no article left after stripping (no sentence of prose, only the page's furniture), so only "
            f"an identical copy of the whole page matches (Jaccard {jac:.3f}, containment {cont:.3f})"
        )
    elif by_rule and not candidate:
        why = (
            f"Jaccard {jac:.3f} >= threshold {rule.threshold:.2f}"
            if jac >= rule.threshold
            else f"containment {cont:.3f} >= {rule.containment:.2f}"
        )
        reason = (
            f"{why}, but LSH does not propose the pair (no shared band key; tuned for Jaccard "
            f"{settings.lsh_threshold:.2f}, so a pair with Jaccard {jac:.3f} is proposed with probability "
            f"{probability:.3f})"
        )
    elif jac >= rule.threshold:
        reason = f"Jaccard {jac:.3f} >= threshold {rule.threshold:.2f}"
    elif match:
        reason = (
            f"containment {cont:.3f} >= {rule.containment:.2f} (the shorter text has {small} words >= "
            f"{rule.min_words}), although Jaccard {jac:.3f} < {rule.threshold:.2f}"
        )
    elif rule.containment is None:
        reason = f"Jaccard {jac:.3f} < threshold {rule.threshold:.2f} (containment rule off)"
    elif cont >= rule.containment:
        reason = (
            f"Jaccard {jac:.3f} < threshold {rule.threshold:.2f}; containment {cont:.3f} would match but the "
            f"shorter text has {small} words < min_words {rule.min_words}"
        )
    else:
        reason = f"Jaccard {jac:.3f} < threshold {rule.threshold:.2f}; containment {cont:.3f} < {rule.containment:.2f}"
    est = float(estimate_jaccard(fp.signatures[0], fp.signatures[1]))
    cleaned = [clean_text(t, settings.strip, settings.boilerplate_model) for t in (a, b)]
    return Explanation(
        match=match,
        reason=reason,
        similarity=float(sim[0]),
        jaccard=jac,
        containment=cont,
        estimated_jaccard=est,
        candidate=candidate,
        candidate_probability=probability,
        words=words,
        shingles=(len(sets[0]), len(sets[1])),
        shared_shingles=int(shared),
        lines_removed=(_lines(a) - _lines(cleaned[0]), _lines(b) - _lines(cleaned[1])),
        articles=articles,
        threshold=rule.threshold,
        containment_threshold=rule.containment,
        min_words=rule.min_words,
    )
