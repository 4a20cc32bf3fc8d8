"""``/assist/clusters``: what the codebook misses, as ``assist clusters`` shows it (the
same data as ``GET /api/v1/assist/clusters``), each example linked to its passage."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from mutualscope.errors import MutualscopeError
from mutualscope.web.deps import Reader, SessionDep
from mutualscope.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/assist/clusters")
def clusters_page(
    request: Request,
    session: SessionDep,
    user: Reader,
    k: int | None = Query(default=None, ge=2, le=50),
    questions: bool = False,
) -> Response:
    """Uncoded passages in groups by meaning; the extra's or the index's message is
    shown instead when it is missing or empty."""
    problem, overview = None, None
    try:
        from mutualscope.io.embeddings import load_model
        from mutualscope.services.assist.clusters import uncoded_clusters

        overview = uncoded_clusters(session, load_model(), k=k, questions=questions)
    except MutualscopeError as error:
        problem = str(error)
    return render(
        request,
        "assist_clusters.html",
        {"title": "What the codebook misses", "user": user, "overview": overview,
         "problem": problem, "k": k, "questions": questions},
    )  # fmt: skip
