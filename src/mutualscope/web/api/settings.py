"""``/api/v1/settings``: project settings people switch in the web app."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from mutualscope.services.settings import blind_coding, set_blind_coding
from mutualscope.web.deps import Reader, SessionDep, UserManager

router = APIRouter(prefix="/settings", tags=["settings"])


class BlindCoding(BaseModel):
    blind: bool = Field(
        description="true: coders and viewers get only their own codings (codings, "
        "highlights, quotes, matrix) and no agreement; owners see everyone's"
    )


@router.get("/blind-coding")
def read_blind_coding(session: SessionDep, user: Reader) -> BlindCoding:
    """Whether the project is set to blind coding."""
    return BlindCoding(blind=blind_coding(session))


@router.put("/blind-coding")
def put_blind_coding(session: SessionDep, user: UserManager, body: BlindCoding) -> BlindCoding:
    """Switch blind coding on or off (owners)."""
    return BlindCoding(blind=set_blind_coding(session, body.blind, actor=user.name))
