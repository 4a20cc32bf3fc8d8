"""``assist evaluate``: how well suggestions would have done on the project's own coding.

For each code, the indexed passages its human codings touch are listed in document order
and a share of them (every other one by default, spread evenly) is hidden: the hidden
passages are what a good ranking finds first. Suggestions are made from the code's
name, definition and the passages kept, over every passage not kept; the keyword
baseline ranks the same passages by the code's name as a person would search for it
(:mod:`mutualscope.domain.keywords`: its content words as prefixes, found through the
full-text index; passages it does not find are not ranked, which counts against it in
average precision). Precision and recall at k and average precision come from
:mod:`mutualscope.domain.retrieval`.

Passages, not codings, are hidden: two codings of a code often fall in one passage, and
hiding one while the other shows would leave nothing to find.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from math import floor
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from mutualscope.domain.choices import EVALUATION_K, EVALUATION_SHARE
from mutualscope.domain.keywords import keyword_prefixes
from mutualscope.domain.retrieval import score_ranking
from mutualscope.errors import InvalidInput
from mutualscope.io.embeddings import EmbeddingModel
from mutualscope.io.stopwords import english_stopwords
from mutualscope.services.assist.coded import code_spans, overlapping_rows
from mutualscope.services.assist.semantic_search import keyword_rows
from mutualscope.services.assist.suggestions import METHODS, code_text, score_candidates
from mutualscope.services.assist.vectors import PassageVectors, load_vectors
from mutualscope.services.code_index import CodeIndex
from mutualscope.services.passages import find_coder

KEYWORDS = "keywords"
DEFAULT_SHARE = EVALUATION_SHARE
DEFAULT_K = EVALUATION_K


@dataclass(frozen=True)
class CodeEvaluation:
    """One code, one method: its codings, the passages they touch, how many of those
    were hidden (the relevant ones), and the scores."""

    code: str
    method: str
    codings: int
    passages: int
    hidden: int
    k: int
    precision_at_k: float
    recall_at_k: float
    average_precision: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def hidden_positions(count: int, share: float) -> list[int]:
    """Which of ``count`` passages (in document order) are hidden: ``share`` of them,
    spread evenly (a half hides the 2nd, 4th, 6th ...)."""
    return [i for i in range(count) if floor((i + 1) * share) > floor(i * share)]


def evaluate_suggestions(
    session: Session,
    model: EmbeddingModel,
    *,
    code: str | None = None,
    coder: str | None = None,
    share: float = DEFAULT_SHARE,
    k: int = DEFAULT_K,
    methods: Sequence[str] = (*METHODS, KEYWORDS),
) -> list[CodeEvaluation]:
    """Scores per code and method, for every code with at least two codings (or the one
    named); only ``coder``'s codings when a coder is named."""
    if not 0 < share < 1:
        raise InvalidInput(f"--hide must be a share between 0 and 1, not {share}.")
    if k < 1:
        raise InvalidInput(f"--k must be 1 or more, not {k}.")
    unknown = [m for m in methods if m not in (*METHODS, KEYWORDS)]
    if unknown:
        raise InvalidInput(f"Unknown method {unknown[0]!r}: one of {', '.join(METHODS)}, keywords.")
    if coder is not None:
        find_coder(session, coder)
    codes = CodeIndex.load(session)
    chosen = [codes.resolve(code)] if code else [c for c, _ in codes.walk()]
    vectors = load_vectors(session, model.name, model.dimensions)
    results: list[CodeEvaluation] = []
    for item in chosen:
        spans = code_spans(session, item.id, coder)
        touched = sorted(overlapping_rows(vectors, spans))
        if len(touched) < 2:
            if code:
                raise InvalidInput(
                    f"{codes.path(item.id)}: its codings"
                    + (f" by {coder}" if coder else "")
                    + f" touch {len(touched)} indexed passage(s); evaluating needs at least "
                    "two (one kept, one hidden). Run `mutualscope assist index` after coding."
                )
            continue
        hidden_at = set(hidden_positions(len(touched), share))
        kept = {row for i, row in enumerate(touched) if i not in hidden_at}
        hidden = {row for i, row in enumerate(touched) if i in hidden_at}
        path = codes.path(item.id)
        definition = model.embed([code_text(item)])
        for method in methods:
            ranked = _ranking(session, vectors, kept, method, definition, path)
            scores = score_ranking(ranked, hidden, k)
            results.append(
                CodeEvaluation(
                    code=path, method=method, codings=len(spans), passages=len(touched),
                    hidden=len(hidden), k=k, precision_at_k=round(scores.precision_at_k, 4),
                    recall_at_k=round(scores.recall_at_k, 4),
                    average_precision=round(scores.average_precision, 4),
                )
            )  # fmt: skip
    session.commit()
    return results


def _ranking(
    session: Session,
    vectors: PassageVectors,
    kept: set[int],
    method: str,
    definition: np.ndarray,
    path: str,
) -> list[int]:
    """Rows that are not kept, best first (the keyword baseline: only those it finds)."""
    keep = np.ones(len(vectors), dtype=bool)
    keep[list(kept)] = False
    candidates = np.flatnonzero(keep)
    if method == KEYWORDS:
        name = path.rsplit("/", 1)[-1]
        prefixes = keyword_prefixes(name, english_stopwords())
        return keyword_rows(session, vectors, prefixes, keep, limit=None)
    positives = np.array(sorted(kept), dtype=np.int64)
    scores = score_candidates(vectors, candidates, positives, definition, method=method)
    order = np.argsort(-scores, kind="stable")
    return [int(candidates[i]) for i in order]


def mean_scores(results: Sequence[CodeEvaluation]) -> list[CodeEvaluation]:
    """Each method's mean over the codes evaluated (code "(mean)")."""
    means = []
    for method in dict.fromkeys(r.method for r in results):
        rows = [r for r in results if r.method == method]
        means.append(
            CodeEvaluation(
                code="(mean)", method=method, codings=sum(r.codings for r in rows),
                passages=sum(r.passages for r in rows), hidden=sum(r.hidden for r in rows),
                k=rows[0].k,
                precision_at_k=round(float(np.mean([r.precision_at_k for r in rows])), 4),
                recall_at_k=round(float(np.mean([r.recall_at_k for r in rows])), 4),
                average_precision=round(float(np.mean([r.average_precision for r in rows])), 4),
            )
        )  # fmt: skip
    return means
