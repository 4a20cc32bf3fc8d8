"""``assist clusters``: what the codebook misses. The indexed passages that no coding
touches (interviewers' questions left out), grouped by meaning
(:func:`mutualscope.domain.clustering.kmeans` over their stored vectors) and named by
their most characteristic words against the rest of the uncoded passages, each group
with its size and the passages nearest its centre.

Reads only: nothing is stored, so the overview always reflects the coding as it is.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import select
from sqlalchemy.orm import Session

from mutualscope.domain import clustering
from mutualscope.domain.words import tokenise
from mutualscope.errors import InvalidInput
from mutualscope.io.embeddings import EmbeddingModel
from mutualscope.io.stopwords import english_stopwords
from mutualscope.services.assist.coded import overlapping_rows
from mutualscope.services.assist.semantic_search import (
    SemanticHit,
    hits_for_rows,
    passage_texts,
)
from mutualscope.services.assist.vectors import load_vectors, top_rows
from mutualscope.storage.cases import Participant
from mutualscope.storage.codebook import Coding
from mutualscope.storage.documents import Segment

#: Speaker labels of interviewers (lower case, a trailing number left out): their
#: questions are not what the codebook misses.
INTERVIEWER_LABELS = frozenset(
    {"interviewer", "int", "i", "ir", "q", "researcher", "facilitator", "moderator"}
)
_TRAILING = re.compile(r"[\s\d.]+$")
#: The range ``k`` is chosen from when not given (by the silhouette).
AUTO_K = (4, 12)
MAX_K = 50
EXAMPLES = 3
#: Passages whose words name the groups, at most (a sample when there are more).
NAME_SAMPLE = 20_000
NAME_WORDS = 4
#: Fewer uncoded passages than this are not worth grouping when k is left to choose.
MIN_PASSAGES = 10


@dataclass(frozen=True)
class Cluster:
    number: int
    name: str
    words: list[str]
    size: int
    #: The passages nearest the centre, as ``assist search`` gives hits (``match`` is the
    #: passage, ``score`` its cosine with the centre).
    examples: list[SemanticHit]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Overview:
    """The groups, largest first, and how k was chosen (``silhouettes`` by k, empty
    when k was given)."""

    model: str
    passages: int
    uncoded: int
    k: int
    clusters: list[Cluster]
    silhouettes: dict[int, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _words(text: str, stopwords: frozenset[str]) -> list[str]:
    return [w for w in tokenise(text) if len(w) >= 3 and w not in stopwords and not w.isdigit()]


def _is_interviewer(label: str | None, role: str | None) -> bool:
    if role == "interviewer":
        return True
    return _TRAILING.sub("", (label or "").strip().lower()) in INTERVIEWER_LABELS


def interviewer_turns(session: Session) -> npt.NDArray[np.int64]:
    """Ids of the turns spoken by an interviewer: by the speaker's role, or by a label
    such as "Interviewer", "INTERVIEWER 2", "Int" or "Q"."""
    query = select(Segment.id, Segment.speaker, Participant.role).outerjoin(
        Participant, Participant.id == Segment.participant_id
    )
    found = [i for i, label, role in session.execute(query) if _is_interviewer(label, role)]
    return np.array(found, dtype=np.int64)


def uncoded_clusters(
    session: Session, model: EmbeddingModel, *, k: int | None = None, questions: bool = False
) -> Overview:
    """The uncoded passages in ``k`` groups (chosen in :data:`AUTO_K` when None),
    interviewers' turns left out unless ``questions``."""
    if k is not None and not 2 <= k <= MAX_K:
        raise InvalidInput(f"--k must be between 2 and {MAX_K}, not {k}.")
    vectors = load_vectors(session, model.name, model.dimensions)
    spans = session.execute(select(Coding.document_id, Coding.start, Coding.end)).all()
    coded = overlapping_rows(vectors, ((int(d), int(s), int(e)) for d, s, e in spans))
    keep = np.ones(len(vectors), dtype=bool)
    keep[list(coded)] = False
    if not questions:
        keep &= ~np.isin(vectors.segment_ids, interviewer_turns(session))
    rows = np.flatnonzero(keep)
    if len(rows) < (k or MIN_PASSAGES):
        raise InvalidInput(
            f"Only {len(rows)} indexed passage(s) are not coded"
            + ("" if questions else " (interviewers' turns left out)")
            + ": too few to group"
            + (f" in {k}." if k else ".")
        )
    matrix = vectors.matrix[rows]
    silhouettes: dict[int, float] = {}
    if k is None:
        k, labels, centres, silhouettes = clustering.choose_k(matrix, *AUTO_K)
    else:
        labels, centres = clustering.kmeans(matrix, k)
    stopwords = english_stopwords()
    named = np.arange(len(rows))
    if len(rows) > NAME_SAMPLE:
        named = np.sort(np.random.default_rng(0).choice(len(rows), NAME_SAMPLE, replace=False))
    words = [_words(t, stopwords) for t in passage_texts(session, vectors, rows[named])]
    names = clustering.characteristic_words(words, labels[named].tolist(), k, count=NAME_WORDS)
    clusters = []
    for group in range(k):
        members = np.flatnonzero(labels == group)
        if not len(members):
            continue
        closeness = (matrix[members] @ centres[group]).astype(np.float64)
        nearest = [int(members[i]) for i in top_rows(closeness, EXAMPLES)]
        scores = [float(matrix[i] @ centres[group]) for i in nearest]
        examples = hits_for_rows(session, vectors, [int(rows[i]) for i in nearest], scores, 0)
        label = ", ".join(names[group][:3]) or "(no characteristic words)"
        clusters.append(Cluster(0, label, names[group], len(members), examples))
    clusters.sort(key=lambda c: (-c.size, c.name))
    numbered = [Cluster(i, c.name, c.words, c.size, c.examples) for i, c in enumerate(clusters, 1)]
    session.commit()
    return Overview(model.name, len(vectors), len(rows), k, numbered, silhouettes)
