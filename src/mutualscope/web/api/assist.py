"""``/api/v1/assist`` and ``/api/v1/documents/{id}/suggestions``: local assistance over
the same services as ``mutualscope assist``: whether it is installed, search by meaning,
suggested codings reviewed in a transcript, and the groups of uncoded passages.

The embedding model is loaded on first use (in the thread pool, like every sync
endpoint); without the ``assist`` extra these answer 503 ``missing_extra`` naming the
install command, and ``GET /assist/status`` says so without failing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from mutualscope.services.search import MAX_LIMIT
from mutualscope.web.deps import Coder, Reader, SessionDep
from mutualscope.web.errors import ApiError, responses

if TYPE_CHECKING:
    from mutualscope.io.embeddings import EmbeddingModel

# The model's modules (numpy, and the audio readers beside them) are imported by the
# first request that needs them, not by every server process at start.

router = APIRouter(tags=["assist"])


class StatusOut(BaseModel):
    available: bool = Field(description="Whether the optional 'assist' extra is installed.")
    missing: list[str] = Field(description="Modules of the extra that are not installed.")
    install: str = Field(description="The command that installs the extra.")


class SuggestIn(BaseModel):
    code: str | None = Field(
        default=None, description="A code's path; null suggests for every code."
    )
    top: int = Field(default=3, ge=1, le=100, description="Passages per code.")
    method: str = Field(default="auto", pattern="^(auto|centroid|logistic)$")


def _model() -> EmbeddingModel:
    from mutualscope.io.embeddings import MissingExtra, load_model

    try:
        return load_model()
    except MissingExtra as error:
        raise ApiError(503, "missing_extra", str(error)) from error


@router.get("/assist/status")
def assist_status(user: Reader) -> StatusOut:
    """Whether local assistance can run here (the ``assist`` extra is installed)."""
    from mutualscope.io.embeddings.extra import INSTALL_HINT, missing_modules

    missing = missing_modules()
    return StatusOut(available=not missing, missing=missing, install=INSTALL_HINT)


@router.get("/assist/search", responses=responses(422, 503))
def assist_search(
    session: SessionDep,
    user: Reader,
    q: str,
    mode: str = "hybrid",
    case: str | None = None,
    role: str | None = None,
    where: Annotated[list[str], Query()] = [],  # noqa: B006
    context: int = 8,
    limit: int = Query(default=20, ge=1, le=MAX_LIMIT),
) -> list[dict[str, Any]]:
    """Passages closest in meaning to ``q``, one per turn, as ``assist search --format
    json`` gives them (``mode`` semantic or hybrid; ``where`` repeatable, e.g.
    ``org.employees_min>=1000``)."""
    from mutualscope.services.assist.semantic_search import semantic_search

    hits = semantic_search(
        session, _model(), q, mode=mode, case=case, role=role, where=where,
        context=context, limit=limit,
    )  # fmt: skip
    return [h.as_dict() for h in hits]


@router.get("/documents/{document_id}/suggestions", responses=responses(404, 422))
def list_suggestions(
    session: SessionDep,
    user: Reader,
    document_id: int,
    code: str | None = None,
    status: str = "open",
) -> list[dict[str, Any]]:
    """The document's stored suggestions (of one code, if named) with this status
    (open, accepted, rejected), in reading order. Needs no model."""
    from mutualscope.services.assist.review import document_suggestions

    found = document_suggestions(session, document_id, code=code, status=status)
    return [s.as_dict() for s in found]


@router.post("/documents/{document_id}/suggestions", responses=responses(404, 422, 503))
def make_suggestions(
    session: SessionDep, user: Coder, document_id: int, body: SuggestIn
) -> list[dict[str, Any]]:
    """Suggest passages of this document for a code (or every code with codings or a
    definition), replacing the open suggestions there; each is {id, code, score,
    document, document_id, start, end, speaker, role, case, text, status, method,
    model}, in reading order. Nothing is coded until accepted."""
    from mutualscope.services.assist.review import suggest_in_document

    found = suggest_in_document(
        session, _model(), document_id, code=body.code, top=body.top, method=body.method
    )
    return [s.as_dict() for s in found]


@router.post("/assist/suggestions/{suggestion_id}/accept", responses=responses(404, 409))
def accept(session: SessionDep, user: Coder, suggestion_id: int) -> dict[str, Any]:
    """Accept a suggestion: its passage becomes an ordinary coding by the signed-in
    user, with a memo naming the model, method and score. 409 if it was decided
    already or its words changed."""
    from mutualscope.services.assist.suggestions import accept_suggestion

    decision = accept_suggestion(session, suggestion_id, coder=user.name, actor=user.name)
    return decision.as_dict()


@router.post("/assist/suggestions/{suggestion_id}/reject", responses=responses(404, 409))
def reject(session: SessionDep, user: Coder, suggestion_id: int) -> dict[str, Any]:
    """Reject a suggestion: its words are not suggested for the code again and count
    against passages like them."""
    from mutualscope.services.assist.suggestions import reject_suggestion

    return reject_suggestion(session, suggestion_id, actor=user.name).as_dict()


@router.get("/assist/clusters", responses=responses(422, 503))
def clusters(
    session: SessionDep,
    user: Reader,
    k: int | None = Query(default=None, ge=2, le=50),
    questions: bool = False,
) -> dict[str, Any]:
    """What the codebook misses: uncoded passages in groups by meaning, as ``assist
    clusters`` computes them (interviewers' turns left out unless ``questions``), with
    the totals and how k was chosen."""
    from mutualscope.services.assist.clusters import uncoded_clusters

    return uncoded_clusters(session, _model(), k=k, questions=questions).as_dict()
