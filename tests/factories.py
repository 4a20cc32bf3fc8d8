"""Factories for test data: each makes a row with sensible defaults and commits it."""

from __future__ import annotations

import itertools
import re
from typing import Any

from sqlalchemy.orm import Session

from mutualscope.storage.models import (
    Case,
    Code,
    Coding,
    Document,
    Organisation,
    Participant,
    RecordingWord,
    Segment,
    User,
)

_counter = itertools.count(1)


def _n() -> int:
    return next(_counter)


def make_organisation(session: Session, **fields: Any) -> Organisation:
    name = fields.pop("name", f"Fictional Mutual {_n()} CIC")
    org = Organisation(name=name, name_key=name.lower(), **fields)
    session.add(org)
    session.commit()
    return org


def make_case(session: Session, label: str | None = None, **fields: Any) -> Case:
    case = Case(label=label or f"Case {_n()}", **fields)
    session.add(case)
    session.commit()
    return case


def make_participant(
    session: Session, label: str | None = None, role: str = "staff", **fields: Any
) -> Participant:
    person = Participant(label=label or f"P{_n()}", role=role, **fields)
    session.add(person)
    session.commit()
    return person


def make_document(
    session: Session,
    text: str = "Interviewer: How did it start?\nCEO: We did it under the radar.\n",
    name: str | None = None,
    turns: list[tuple[str | None, int, int]] | None = None,
    participants: dict[str, Participant] | None = None,
    **fields: Any,
) -> Document:
    """A document; ``turns`` are (speaker, start, end) and become segments, linked to
    ``participants[speaker]`` when given."""
    doc = Document(
        name=name or f"interview-{_n()}.txt",
        text=text,
        length=len(text),
        word_count=len(text.split()),
        **fields,
    )
    session.add(doc)
    session.flush()
    for position, (speaker, start, end) in enumerate(turns or [(None, 0, len(text))]):
        person = (participants or {}).get(speaker or "")
        session.add(
            Segment(
                document_id=doc.id,
                position=position,
                start=start,
                end=end,
                speaker=speaker,
                participant_id=person.id if person else None,
            )
        )
    session.commit()
    return doc


def make_code(
    session: Session, name: str | None = None, parent: Code | None = None, **fields: Any
) -> Code:
    code = Code(name=name or f"Code {_n()}", parent_id=parent.id if parent else None, **fields)
    session.add(code)
    session.commit()
    return code


def make_user(
    session: Session, name: str | None = None, role: str = "coder", **fields: Any
) -> User:
    user = User(name=name or f"coder{_n()}", role=role, **fields)
    session.add(user)
    session.commit()
    return user


def make_coding(
    session: Session,
    document: Document,
    code: Code,
    start: int,
    end: int,
    coder: User | None = None,
) -> Coding:
    coding = Coding(
        document_id=document.id,
        code_id=code.id,
        start=start,
        end=end,
        coder_id=coder.id if coder else None,
    )
    session.add(coding)
    session.commit()
    return coding


def make_word_times(session: Session, doc: Document) -> None:
    """A time for every word of ``doc``, 0.2 s apart, as a speech model gives them."""
    for position, match in enumerate(re.finditer(r"\w+", doc.text)):
        session.add(
            RecordingWord(
                document_id=doc.id, position=position, start=match.start(), end=match.end(),
                time_start=position * 0.2, time_end=position * 0.2 + 0.15, probability=0.9,
            )
        )  # fmt: skip
    session.commit()
