"""``/api/v1/codes``: the codebook."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from mutualscope.services import codebook as codebook_service
from mutualscope.services.settings import coder_seen
from mutualscope.web.deps import CodebookEditor, Reader, SessionDep
from mutualscope.web.errors import responses

router = APIRouter(prefix="/codes", tags=["codebook"])


class CodeOut(BaseModel):
    id: int
    path: str
    name: str
    depth: int
    definition: str | None
    colour: str | None
    codings: int
    codings_with_subcodes: int


class CodeIn(BaseModel):
    path: str = Field(min_length=1, max_length=1000, description='e.g. "Enablers/Funding"')
    definition: str | None = Field(default=None, max_length=20_000)
    colour: str | None = Field(default=None, max_length=9, description="#rrggbb")


def code_row(session: Any, code_id: int) -> CodeOut:
    for row in codebook_service.list_codes(session):
        if row["id"] == code_id:
            return CodeOut(**row)
    raise AssertionError("a code just added is listed")


@router.get("")
def list_codes(session: SessionDep, user: Reader) -> list[CodeOut]:
    """Every code in tree order with its definition, colour and coding counts."""
    seen = coder_seen(session, user)
    return [CodeOut(**row) for row in codebook_service.list_codes(session, coder=seen)]


@router.post("", status_code=201, responses=responses(409))
def add_code(session: SessionDep, user: CodebookEditor, body: CodeIn) -> CodeOut:
    """Add a code at a path, creating missing parents."""
    added = codebook_service.add_code(
        session, body.path, definition=body.definition, colour=body.colour, actor=user.name
    )
    return code_row(session, added.code.id)
