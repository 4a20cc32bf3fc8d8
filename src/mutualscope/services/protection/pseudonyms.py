"""The project's pseudonyms: one replacement per original, the same in every document.

A person the project knows (a participant, by real name, first or last name, or the
speaker label of their turns) becomes their role and case, "[CEO, case 3]"; external
participants their role alone. Other people are numbered "[Person 4]" in the order they
are first met (a first name alone joins the full name it belongs to, when only one
fits), organisations "[Organisation 2]", places "[Town B]", and the structured kinds one
fixed word each ("[email]", "[phone]"). Any replacement can be changed by hand
(:func:`set_pseudonym`); a changed one is never changed back.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutualscope.domain.attribution import attribution
from mutualscope.domain.protection.kinds import KINDS, PERSON
from mutualscope.domain.protection.pseudonyms import (
    FIXED,
    generic_pseudonym,
    original_key,
    participant_pseudonym,
)
from mutualscope.errors import InvalidInput, NotFound
from mutualscope.services.audit import record_event
from mutualscope.storage.cases import Case, Participant
from mutualscope.storage.documents import Segment
from mutualscope.storage.protection import Pseudonym


@dataclass(frozen=True)
class PseudonymView:
    id: int
    kind: str
    original: str
    replacement: str
    participant: str | None
    edited: bool

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _participant_keys(session: Session) -> dict[str, int]:
    """Compared names -> participant, for the names that point to one participant only."""
    seen: dict[str, set[int]] = {}

    def note(name: str | None, pid: int) -> None:
        if name and name.strip():
            seen.setdefault(original_key(name), set()).add(pid)

    for pid, label, real_name in session.execute(
        select(Participant.id, Participant.label, Participant.real_name)
    ):
        note(label, pid)
        if real_name:
            note(real_name, pid)
            for word in real_name.split():
                note(word, pid)
    speakers = select(Segment.speaker, Segment.participant_id).where(
        Segment.participant_id.is_not(None), Segment.speaker.is_not(None)
    )
    for speaker, owner in session.execute(speakers.distinct()):
        if owner is not None:
            note(speaker, owner)
    return {key: next(iter(ids)) for key, ids in seen.items() if len(ids) == 1}


class PseudonymBook:
    """The pseudonyms of a project, loaded once, extended as new originals are met."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.rows: dict[tuple[str, str], Pseudonym] = {
            (p.kind, p.key): p for p in session.scalars(select(Pseudonym))
        }
        self._participants: dict[str, int] | None = None

    def _taken(self) -> set[str]:
        return {p.replacement for p in self.rows.values()}

    def _participant_replacement(self, pid: int) -> str:
        for row in self.rows.values():
            if row.participant_id == pid:
                return row.replacement
        person = self.session.get(Participant, pid)
        assert person is not None
        case = self.session.get(Case, person.case_id) if person.case_id else None
        who = attribution(person.role, case.label if case else None, external=person.external)
        if who == "(unattributed)":
            return f"[Participant {pid}]"
        return participant_pseudonym(who, self._taken())

    def _numbered(self, kind: str) -> str:
        taken = self._taken()
        numbered = {
            p.replacement for p in self.rows.values() if p.kind == kind and not p.participant_id
        }
        number = 1 + len(numbered)
        while (candidate := generic_pseudonym(kind, number)) in taken and kind not in FIXED:
            number += 1
        return candidate

    def _same_person(self, key: str) -> Pseudonym | None:
        """A one-word name that is part of exactly one full name already met."""
        if " " in key:
            return None
        fits = {
            p.replacement: p
            for (kind, k), p in self.rows.items()
            if kind == PERSON and " " in k and key in k.split()
        }
        return next(iter(fits.values())) if len(fits) == 1 else None

    def replacement(self, kind: str, original: str) -> str:
        """The pseudonym of ``original`` (of ``kind``), made and stored when new."""
        key = original_key(original)
        row = self.rows.get((kind, key))
        if row is not None:
            return row.replacement
        participant_id = None
        if kind == PERSON:
            if self._participants is None:
                self._participants = _participant_keys(self.session)
            participant_id = self._participants.get(key)
        if participant_id is not None:
            replacement = self._participant_replacement(participant_id)
        elif kind == PERSON and (same := self._same_person(key)) is not None:
            replacement, participant_id = same.replacement, same.participant_id
        else:
            replacement = self._numbered(kind)
        row = Pseudonym(
            kind=kind, key=key, original=" ".join(original.split())[:300],
            replacement=replacement, participant_id=participant_id, edited=False,
        )  # fmt: skip
        self.session.add(row)
        self.rows[(kind, key)] = row
        return replacement

    def key_table(self) -> dict[str, str]:
        """Original -> replacement, for texts no scan went through."""
        return {p.original: p.replacement for p in self.rows.values()}


def _label(session: Session, pid: int | None) -> str | None:
    return session.scalar(select(Participant.label).where(Participant.id == pid)) if pid else None


def list_pseudonyms(session: Session, *, kind: str | None = None) -> list[PseudonymView]:
    """The key: every original and its pseudonym, by kind then original."""
    query = select(Pseudonym).order_by(Pseudonym.kind, Pseudonym.key)
    if kind:
        query = query.where(Pseudonym.kind == kind)
    return [
        PseudonymView(
            p.id, p.kind, p.original, p.replacement, _label(session, p.participant_id), p.edited
        )
        for p in session.scalars(query)
    ]


def set_pseudonym(
    session: Session,
    original: str,
    replacement: str,
    *,
    kind: str | None = None,
    actor: str | None = None,
) -> PseudonymView:
    """Choose what ``original`` becomes (every spelling that compares equal to it).
    Run ``protect apply`` again for the pseudonymised texts to follow."""
    if kind is not None and kind not in KINDS:
        raise InvalidInput(f"Unknown kind {kind!r}: the kinds are {', '.join(KINDS)}.")
    new = " ".join(replacement.split())
    if not new:
        raise InvalidInput("The replacement is empty: give the words that stand for it.")
    key = original_key(original)
    if not key:
        raise InvalidInput("The original is empty: give the name as it is written.")
    if key in original_key(new):
        raise InvalidInput(f"The replacement {new!r} still holds {original!r}.")
    query = select(Pseudonym).where(Pseudonym.key == key)
    if kind:
        query = query.where(Pseudonym.kind == kind)
    rows = list(session.scalars(query))
    if len(rows) > 1:
        raise InvalidInput(
            f"{original!r} is known as {' and '.join(r.kind for r in rows)}: say which with --kind."
        )
    if rows:
        row = rows[0]
        before: dict[str, Any] | None = {"replacement": row.replacement}
        row.replacement, row.edited = new, True
    elif kind is None:
        raise NotFound(
            f"No pseudonym for {original!r} yet: give its --kind to make one, or run "
            "`mutualscope protect apply` first."
        )
    else:
        row = Pseudonym(
            kind=kind, key=key, original=" ".join(original.split()), replacement=new, edited=True
        )
        session.add(row)
        before = None
    session.flush()
    # The original is a name: the trail records the pseudonym's id, never the name.
    record_event(
        session, action="update" if before else "create", entity_type="pseudonym",
        entity_id=row.id, before=before, after={"replacement": new, "kind": row.kind},
        actor=actor,
    )  # fmt: skip
    session.commit()
    return PseudonymView(
        row.id, row.kind, row.original, row.replacement, _label(session, row.participant_id), True
    )
