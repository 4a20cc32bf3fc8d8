"""``/api/v1/cases`` and ``/api/v1/participants``: the case studies and the people in them
(by label and role; real names are never sent)."""

from __future__ import annotations

from fastapi import APIRouter

from mutualscope.services import cases as cases_service
from mutualscope.services import participants as participants_service
from mutualscope.services.cases import CaseSummary
from mutualscope.services.participants import ParticipantSummary
from mutualscope.web.deps import Reader, SessionDep
from mutualscope.web.errors import responses

router = APIRouter(tags=["cases"])


@router.get("/cases")
def list_cases(session: SessionDep, user: Reader) -> list[CaseSummary]:
    """Every case with its organisation and counts of participants and documents."""
    return cases_service.list_cases(session)


@router.get("/participants", responses=responses(404))
def list_participants(
    session: SessionDep, user: Reader, case: str | None = None, role: str | None = None
) -> list[ParticipantSummary]:
    """Participants with role, role group, case and consent; an unknown case is 404."""
    return participants_service.list_participants(session, case=case or None, role=role or None)
