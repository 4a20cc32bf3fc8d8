"""``/api/v1/documents/{id}/findings`` and ``/api/v1/findings/{id}``: reviewing the
personal data found in a transcript, and its pseudonymised text.

Coders and owners review (scan, accept, reject, add); anyone who may read the project
may read the pseudonymised text. The key from names to pseudonyms is not served: it is
exported on the command line (``protect key``) by whoever holds the project.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from mutualscope.domain.protection.kinds import KINDS
from mutualscope.services.protection import findings as findings_service
from mutualscope.services.protection import layers
from mutualscope.services.protection.scans import scan_documents
from mutualscope.web.deps import Coder, Reader, SessionDep
from mutualscope.web.errors import responses

router = APIRouter(tags=["protection"])

Status = Literal["proposed", "accepted", "rejected", "added"]


class FindingsOut(BaseModel):
    findings: list[dict[str, Any]]
    kinds: list[str] = Field(default_factory=lambda: list(KINDS))


class ScanIn(BaseModel):
    model: Literal["auto", "on", "off"] = Field(
        default="auto", description="The named-entity model: auto uses it when installed."
    )


class ScanOut(FindingsOut):
    new: int
    found_again: int
    dropped: int
    moved: int
    lost: list[str]


class AddIn(BaseModel):
    kind: str = Field(description="One of the kinds: person, organisation, place, email ...")
    start: int | None = Field(default=None, description="Code point offset of the first character.")
    end: int | None = Field(default=None, description="Code point offset after the last one.")
    text: str | None = Field(
        default=None, max_length=300, description="Or: every whole-word occurrence of these words."
    )


class ProtectedOut(BaseModel):
    document_id: int
    text: str | None = Field(description="The pseudonymised text; null until it is built.")
    spans: list[list[int]] = Field(
        description="The replaced spans: [original start, original end, new start, new end]."
    )


def _rows(views: list[findings_service.FindingView]) -> list[dict[str, Any]]:
    return [v.as_dict() for v in views]


@router.get("/documents/{document_id}/findings", responses=responses(404, 422))
def list_findings(
    session: SessionDep, user: Coder, document_id: int, status: Status | None = None
) -> FindingsOut:
    """The stored findings of a document in text order, with their status."""
    views = findings_service.list_findings(session, str(document_id), status=status)
    return FindingsOut(findings=_rows(views))


@router.post("/documents/{document_id}/findings/scan", responses=responses(404, 422))
def scan_document(
    session: SessionDep, user: Coder, document_id: int, body: ScanIn | None = None
) -> ScanOut:
    """Scan the document and store its findings, keeping every decision already made."""
    result = scan_documents(session, [str(document_id)], model=(body or ScanIn()).model)
    saved = findings_service.save_scan(session, result, actor=user.name)
    views = findings_service.list_findings(session, str(document_id))
    return ScanOut(
        findings=_rows(views), new=saved.new, found_again=saved.found_again,
        dropped=saved.dropped, moved=saved.moved, lost=saved.lost,
    )  # fmt: skip


@router.post("/documents/{document_id}/findings", responses=responses(404, 422))
def add_finding(session: SessionDep, user: Coder, document_id: int, body: AddIn) -> FindingsOut:
    """Mark an identifier the scan missed, by offsets or by its words."""
    views = findings_service.add_findings(
        session, str(document_id), kind=body.kind, start=body.start, end=body.end,
        words=body.text, actor=user.name,
    )  # fmt: skip
    return FindingsOut(findings=_rows(views))


@router.post("/findings/{finding_id}/accept", responses=responses(404, 409))
def accept_finding(session: SessionDep, user: Coder, finding_id: int) -> dict[str, Any]:
    """Accept a finding: its words are replaced in the pseudonymised text."""
    (view,) = findings_service.decide_findings(
        session, [finding_id], status="accepted", actor=user.name
    )
    return view.as_dict()


@router.post("/findings/{finding_id}/reject", responses=responses(404, 409))
def reject_finding(session: SessionDep, user: Coder, finding_id: int) -> dict[str, Any]:
    """Reject a finding: it is not personal data, and stays rejected on a new scan."""
    (view,) = findings_service.decide_findings(
        session, [finding_id], status="rejected", actor=user.name
    )
    return view.as_dict()


@router.post("/documents/{document_id}/protected", responses=responses(404, 409, 422))
def build_protected(session: SessionDep, user: Coder, document_id: int) -> ProtectedOut:
    """Build the document's pseudonymised text from its accepted and added findings."""
    layers.apply_protection(session, [str(document_id)], actor=user.name)
    return read_protected(session, user, document_id)


@router.get("/documents/{document_id}/protected", responses=responses(404))
def read_protected(session: SessionDep, user: Reader, document_id: int) -> ProtectedOut:
    """The document's pseudonymised text and offset map (null text: not built, or made
    on an earlier text)."""
    from mutualscope.services.documents import find_document

    find_document(session, document_id)
    layer = layers.protected_layer(session, document_id)
    if layer is None:
        return ProtectedOut(document_id=document_id, text=None, spans=[])
    return ProtectedOut(
        document_id=document_id, text=layer.text, spans=[list(s) for s in layer.offsets.spans]
    )
