"""Consent: what each participant agreed to, and the project's rule for unknown consent.

A participant's record has four scopes (interview, quoting, archiving, reuse), each
granted, refused or unknown, with the date consent was given and where the signed form
is kept. Reports quote nobody who refused quoting or withdrew; whether they quote
someone whose consent to quoting is unknown is the project's rule (:data:`ALLOW` by
default, with a warning; :data:`REFUSE` when an ethics committee asks for recorded
consent). Every change is in the audit trail with the values it replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutualscope.errors import Conflict, InvalidInput
from mutualscope.services.audit import record_event
from mutualscope.services.participants import find_participant
from mutualscope.storage.cases import Case, Participant
from mutualscope.storage.consent import GRANTED, REFUSED, SCOPES, UNKNOWN, ConsentRecord
from mutualscope.storage.users import ProjectSetting

#: The project setting holding the rule for quotes whose speaker's consent is unknown.
UNKNOWN_QUOTING_KEY = "consent.unknown_quoting"
ALLOW, REFUSE = "allow", "refuse"
WITHDRAWN = "withdrawn"

#: Columns of ``people consent --list``; its JSON objects have these keys.
CONSENT_FIELDS = (
    "participant",
    "role",
    "case",
    "status",
    *SCOPES,
    "date",
    "form",
    "withdrawn_at",
)

_ANSWER_WORDS = {
    GRANTED: ("yes", "y", "granted", "given", "agreed", "true", "1", "x", "✓", "✔"),
    REFUSED: ("no", "n", "refused", "declined", "false", "0", "withdrawn"),
    UNKNOWN: ("unknown", "?", "", "not asked", "not known", "n/a", "na", "-"),
}
_ANSWERS = {word: answer for answer, words in _ANSWER_WORDS.items() for word in words}


def parse_answer(text: str, *, scope: str) -> str:
    """``granted``, ``refused`` or ``unknown`` from yes/no/unknown and their synonyms."""
    answer = _ANSWERS.get(" ".join(str(text).split()).lower())
    if answer is None:
        raise InvalidInput(
            f"{scope}: {text!r} is not an answer; give yes, no or unknown "
            "(granted, refused and y/n are read too)."
        )
    return answer


def parse_consent_date(text: str) -> date:
    """A date written ``2026-03-01`` or, as on British forms, ``01/03/2026`` (1 March)."""
    value = text.strip()
    try:
        if "/" in value or "." in value:
            day, month, year = value.replace(".", "/").split("/")
            return date(int(year), int(month), int(day))
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            f"{text!r} is not a date: write it YYYY-MM-DD (2026-03-01) or DD/MM/YYYY (01/03/2026)."
        ) from None


@dataclass(frozen=True)
class ConsentView:
    """A participant's consent as shells show it (never their real name)."""

    participant: str
    role: str
    case: str | None
    #: Taking part: given, unknown, or withdrawn after ``people withdraw``.
    status: str
    interview: str
    quoting: str
    archiving: str
    reuse: str
    date: date | None
    form: str | None
    withdrawn_at: datetime | None

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in CONSENT_FIELDS}


def _view(person: Participant, case: str | None, record: ConsentRecord | None) -> ConsentView:
    answers = {scope: getattr(record, scope) if record else UNKNOWN for scope in SCOPES}
    return ConsentView(
        participant=person.label,
        role=person.role,
        case=case,
        status=person.consent,
        **answers,
        date=record.given_on if record else None,
        form=record.form if record else None,
        withdrawn_at=record.withdrawn_at if record else None,
    )


def _snapshot(record: ConsentRecord | None) -> dict[str, Any]:
    values: dict[str, Any] = {s: getattr(record, s) if record else UNKNOWN for s in SCOPES}
    values["date"] = record.given_on.isoformat() if record and record.given_on else None
    values["form"] = record.form if record else None
    return values


def list_consent(session: Session, *, participant: str | None = None) -> list[ConsentView]:
    """Every participant's consent by label (or one participant's)."""
    query = (
        select(Participant, Case.label, ConsentRecord)
        .outerjoin(Case, Case.id == Participant.case_id)
        .outerjoin(ConsentRecord, ConsentRecord.participant_id == Participant.id)
        .order_by(Participant.label)
    )
    if participant is not None:
        query = query.where(Participant.id == find_participant(session, participant).id)
    return [_view(person, case, record) for person, case, record in session.execute(query)]


def check_answers(answers: dict[str, str]) -> dict[str, str]:
    """Scopes mapped to granted/refused/unknown, from yes/no/unknown and their synonyms."""
    unknown_scopes = sorted(set(answers) - set(SCOPES))
    if unknown_scopes:
        raise InvalidInput(
            f"Unknown consent scope {unknown_scopes[0]!r}; the scopes are {', '.join(SCOPES)}."
        )
    return {scope: parse_answer(text, scope=scope) for scope, text in answers.items()}


def record_consent(
    session: Session,
    person: Participant,
    answers: dict[str, str],
    *,
    given_on: date | None = None,
    form: str | None = None,
    actor: str | None = None,
) -> bool:
    """Write checked ``answers`` (granted/refused/unknown by scope), the date and the form
    to ``person``'s record with its audit event, not committed. False if nothing changed."""
    record = session.get(ConsentRecord, person.id, with_for_update=True)
    if person.consent == WITHDRAWN and any(a != REFUSED for a in answers.values()):
        raise Conflict(
            f"{person.label} withdrew and their words were erased; their consent cannot "
            "be recorded again. Add them as a new participant if they take part again."
        )
    before = _snapshot(record)
    if record is None:
        record = ConsentRecord(participant_id=person.id, **dict.fromkeys(SCOPES, UNKNOWN))
        session.add(record)
    for scope, answer in answers.items():
        setattr(record, scope, answer)
    if given_on is not None:
        record.given_on = given_on
    if form is not None:
        record.form = form.strip() or None
    session.flush()
    after = _snapshot(record)
    if after == before:
        return False
    record_event(
        session,
        action="set-consent",
        entity_type="participant",
        entity_id=person.id,
        before=before,
        after={"label": person.label, **after},
        actor=actor,
    )
    return True


def set_consent(
    session: Session,
    participant: str,
    *,
    answers: dict[str, str] | None = None,
    given_on: date | None = None,
    form: str | None = None,
    actor: str | None = None,
) -> ConsentView:
    """Record what ``participant`` agreed to: ``answers`` maps scopes to yes/no/unknown
    (scopes not given keep their value), with the date and the signed form's reference.

    A participant who withdrew cannot be given consent again: their words are erased.
    """
    answers = answers or {}
    if not answers and given_on is None and form is None:
        raise InvalidInput(
            "Nothing to record: give a scope (--interview, --quoting, --archiving, --reuse "
            "yes|no|unknown), --date or --form."
        )
    parsed = check_answers(answers)
    person = find_participant(session, participant)
    try:
        record_consent(session, person, parsed, given_on=given_on, form=form, actor=actor)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return list_consent(session, participant=person.label)[0]


def unknown_quoting_rule(session: Session) -> str:
    """Whether reports quote people whose consent to quoting is unknown: allow or refuse."""
    setting = session.get(ProjectSetting, UNKNOWN_QUOTING_KEY)
    return setting.value if setting is not None and setting.value in (ALLOW, REFUSE) else ALLOW


def set_unknown_quoting_rule(session: Session, rule: str, *, actor: str | None = None) -> str:
    """Set the rule for quotes whose speaker's consent to quoting is unknown."""
    if rule not in (ALLOW, REFUSE):
        raise InvalidInput(f"Unknown rule {rule!r}: give {ALLOW} or {REFUSE}.")
    try:
        before = unknown_quoting_rule(session)
        setting = session.get(ProjectSetting, UNKNOWN_QUOTING_KEY)
        if setting is None:
            session.add(ProjectSetting(key=UNKNOWN_QUOTING_KEY, value=rule))
        else:
            setting.value = rule
        if before != rule:
            record_event(
                session,
                action="set",
                entity_type="setting",
                before={UNKNOWN_QUOTING_KEY: before},
                after={UNKNOWN_QUOTING_KEY: rule},
                actor=actor,
            )
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return rule


@dataclass(frozen=True)
class QuotingConsent:
    """Each participant's answer on quoting, as reports apply it: someone who withdrew
    counts as refused."""

    answers: dict[int, str]
    rule: str

    def answer(self, participant_id: int | None) -> str | None:
        """granted, refused or unknown; None for a passage nobody is linked to."""
        if participant_id is None:
            return None
        return self.answers.get(participant_id, UNKNOWN)

    def may_quote(self, participant_id: int | None) -> bool:
        answer = self.answer(participant_id)
        return answer in (None, GRANTED) or (answer == UNKNOWN and self.rule == ALLOW)


def quoting_consent(session: Session) -> QuotingConsent:
    """Every participant's answer on quoting, and the project's rule for unknown ones."""
    query = select(Participant.id, Participant.consent, ConsentRecord.quoting).outerjoin(
        ConsentRecord, ConsentRecord.participant_id == Participant.id
    )
    answers = {
        pid: REFUSED if status == WITHDRAWN else (quoting or UNKNOWN)
        for pid, status, quoting in session.execute(query)
    }
    return QuotingConsent(answers, unknown_quoting_rule(session))


def quoting_warning(session: Session) -> str | None:
    """A sentence for people about to build a report, when consent to quoting is unknown
    for some participants; None when there is nothing to say."""
    consent = quoting_consent(session)
    unknown = sum(1 for answer in consent.answers.values() if answer == UNKNOWN)
    if not unknown:
        return None
    people = f"{unknown} participant{'s' if unknown != 1 else ''}"
    if consent.rule == REFUSE:
        return (
            f"{people} have no recorded consent to quoting; the project refuses such quotes, "
            "so their words are left out. Record consent with `mutualscope people consent`."
        )
    return (
        f"Warning: {people} have no recorded consent to quoting; their words may be quoted. "
        "Record it with `mutualscope people consent PERSON --quoting yes|no`, or refuse such "
        "quotes with `mutualscope people consent-rule refuse`."
    )
