"""A small coded project for the coding tests: two cases, three interviews, two coders.

All people and organisations are fictional.
"""

from __future__ import annotations

from dataclasses import dataclass

from click.testing import Result
from sqlalchemy.orm import Session

from mutualscope.storage.models import Case, Code, Document, Organisation, Participant, User
from tests.factories import (
    make_case,
    make_code,
    make_coding,
    make_document,
    make_organisation,
    make_participant,
    make_user,
)

CEO_INTERVIEW = [
    ("Interviewer", "How did the new service start?"),
    ("CEO", "We didn't ask permission. We used the surplus to pay for the pilot."),
    ("Interviewer", "And the commissioners?"),
    ("CEO", "The commissioners funded the evaluation, which helped a lot."),
]
NURSE_INTERVIEW = [
    ("Interviewer", "What changed for you?"),
    ("Nurse", "As shareholders we have a say, and the staff council meets monthly."),
]
COMMISSIONER_INTERVIEW = [
    ("Interviewer", "How do you fund new ideas?"),
    ("Commissioner", "Austerity means savings come first; tenders favour big providers."),
]


def transcript(turns: list[tuple[str, str]]) -> tuple[str, list[tuple[str | None, int, int]]]:
    text = ""
    spans: list[tuple[str | None, int, int]] = []
    for speaker, words in turns:
        start = len(text)
        text += f"{speaker}: {words}\n"
        spans.append((speaker, start, len(text)))
    return text, spans


@dataclass
class World:
    big: Organisation
    small: Organisation
    case3: Case
    case4: Case
    ceo: Participant
    nurse: Participant
    commissioner: Participant
    ceo_doc: Document
    nurse_doc: Document
    commissioner_doc: Document
    surplus: Code
    commissioners: Code
    funding: Code
    organisational: Code
    austerity: Code
    ana: User
    ben: User


def span_of(document: Document, text: str) -> tuple[int, int]:
    start = document.text.index(text)
    return start, start + len(text)


def build_world(session: Session) -> World:
    big = make_organisation(
        session,
        name="Fictional Northmoor Health CIC",
        employees_min=1200,
        employees_max=1200,
        region_code="E12000006",
        sector="health and social care",
    )
    small = make_organisation(
        session,
        name="Fictional Ashby Therapies CIC",
        employees_min=30,
        employees_max=30,
        region_code="E12000001",
        sector="health and social care",
    )
    case3 = make_case(session, "Case 3", organisation_id=big.id)
    case4 = make_case(session, "Case 4", organisation_id=small.id)
    ceo = make_participant(session, "C3-CEO", role="CEO", case_id=case3.id)
    nurse = make_participant(session, "C4-N1", role="Nurse", case_id=case4.id)
    commissioner = make_participant(
        session, "X-COM1", role="commissioner", external=True, case_id=case3.id
    )
    docs = []
    for name, turns, case, person in [
        ("case3-ceo.txt", CEO_INTERVIEW, case3, ceo),
        ("case4-nurse.txt", NURSE_INTERVIEW, case4, nurse),
        ("case3-commissioner.txt", COMMISSIONER_INTERVIEW, case3, commissioner),
    ]:
        text, spans = transcript(turns)
        speaker = turns[1][0]
        docs.append(
            make_document(
                session,
                text=text,
                name=name,
                turns=spans,
                participants={speaker: person},
                case_id=case.id,
            )
        )
    ceo_doc, nurse_doc, commissioner_doc = docs
    innovation = make_code(session, "Innovation")
    organisational = make_code(session, "Organisational", parent=innovation)
    funding = make_code(session, "Funding sources")
    surplus = make_code(session, "Surplus", parent=funding)
    commissioners = make_code(session, "Commissioners", parent=funding)
    austerity = make_code(session, "Austerity")
    ana = make_user(session, "ana")
    ben = make_user(session, "ben")
    plan = [
        (ceo_doc, surplus, "We used the surplus to pay for the pilot.", ana),
        (ceo_doc, surplus, "We used the surplus to pay for the pilot.", ben),
        (ceo_doc, commissioners, "The commissioners funded the evaluation", ana),
        (ceo_doc, commissioners, "commissioners funded the evaluation, which helped a lot.", ben),
        (nurse_doc, organisational, "the staff council meets monthly.", ana),
        (nurse_doc, organisational, "As shareholders we have a say", ben),
        (commissioner_doc, austerity, "Austerity means savings come first", ana),
        (commissioner_doc, austerity, "Austerity means savings come first", ben),
    ]
    for document, code, text, coder in plan:
        make_coding(session, document, code, *span_of(document, text), coder=coder)
    return World(
        big, small, case3, case4, ceo, nurse, commissioner, ceo_doc, nurse_doc,
        commissioner_doc, surplus, commissioners, funding, organisational, austerity, ana, ben,
    )  # fmt: skip


def ok(result: Result) -> str:
    """The output of a command that must succeed (the output is shown when it fails)."""
    assert result.exit_code == 0, result.output
    return result.output
