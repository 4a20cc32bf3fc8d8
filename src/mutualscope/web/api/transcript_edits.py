"""``/api/v1/documents/{id}/turns/{turn_id}/...``: correcting a transcript while listening.

Each edit names the transcript ``revision`` its author was looking at (from the page,
``GET .../words`` or the previous edit's answer) and answers the new one. An edit of a
transcript that changed meanwhile answers 409 saying who changed it and how; an edit
that would cut through a coding answers 422 naming the codings; nothing is saved then.
"""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from mutualscope.services import transcript_edits
from mutualscope.services.transcript_edits import TranscriptEdit
from mutualscope.web.deps import Coder, SessionDep
from mutualscope.web.errors import responses

router = APIRouter(prefix="/documents/{document_id}/turns/{turn_id}", tags=["transcript edits"])
EDIT_ERRORS = responses(404, 409, 422)

Revision = Field(description="The transcript's revision the edit was made on.")


class TextIn(BaseModel):
    text: str = Field(max_length=transcript_edits.turns.MAX_TURN_CHARS)
    revision: str = Revision


class SplitIn(BaseModel):
    at: int = Field(description="Code point offset of the word the new turn begins with.")
    revision: str = Revision


class MergeIn(BaseModel):
    revision: str = Revision


class SpeakerIn(BaseModel):
    speaker: str = Field(max_length=transcript_edits.turns.MAX_LABEL_CHARS)
    participant: str | None = Field(
        default=None, description="A participant's label; by default the one the label has."
    )
    revision: str = Revision


@router.post("/text", responses=EDIT_ERRORS)
def correct_turn(
    session: SessionDep, user: Coder, document_id: int, turn_id: int, body: TextIn
) -> TranscriptEdit:
    """Correct a turn's words. Words left alone keep their codings and times; codings
    whose words changed are listed in ``codings``."""
    return transcript_edits.correct_turn(
        session, document=document_id, turn=turn_id, text=body.text,
        revision=body.revision, actor=user.name,
    )  # fmt: skip


@router.post("/split", responses=EDIT_ERRORS)
def split_turn(
    session: SessionDep, user: Coder, document_id: int, turn_id: int, body: SplitIn
) -> TranscriptEdit:
    """Split a turn before the word at offset ``at``; the new turn is ``new_turn_id``."""
    return transcript_edits.split_turn(
        session, document=document_id, turn=turn_id, at=body.at,
        revision=body.revision, actor=user.name,
    )  # fmt: skip


@router.post("/merge", responses=EDIT_ERRORS)
def merge_turns(
    session: SessionDep, user: Coder, document_id: int, turn_id: int, body: MergeIn
) -> TranscriptEdit:
    """Merge a turn with the next one, as one turn of this turn's speaker."""
    return transcript_edits.merge_turns(
        session, document=document_id, turn=turn_id, revision=body.revision, actor=user.name
    )


@router.post("/speaker", responses=EDIT_ERRORS)
def set_turn_speaker(
    session: SessionDep, user: Coder, document_id: int, turn_id: int, body: SpeakerIn
) -> TranscriptEdit:
    """Give a turn to another speaker label (the label written before it changes too)."""
    return transcript_edits.set_turn_speaker(
        session, document=document_id, turn=turn_id, speaker=body.speaker,
        participant=body.participant, revision=body.revision, actor=user.name,
    )  # fmt: skip
