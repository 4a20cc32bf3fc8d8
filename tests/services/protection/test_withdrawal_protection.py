"""A withdrawal leaves none of the withdrawn person's words in the protection tables:
their findings and the pseudonymised text made from their turns go with the words
(SQLite, and PostgreSQL when MUTUALSCOPE_TEST_PG is set)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.factories import make_case, make_document, make_participant

from mutualscope.services.protection.findings import add_findings, list_findings
from mutualscope.services.protection.layers import apply_protection, protected_layer
from mutualscope.services.withdrawal import withdraw_participant
from mutualscope.storage.protection import ProtectedText, ProtectionFinding

TEXT = (
    "Interviewer: Who helped?\n"
    "Nurse: Zebedee Quartermaine from Wexcombe lent us the van.\n"
    "CEO: Wexcombe was good to us.\n"
)


def test_withdrawal_removes_their_findings_and_the_layer(session: Session) -> None:
    case = make_case(session, "Case 5")
    nurse = make_participant(session, "C5 Nurse", role="nurse", case_id=case.id)
    ceo = make_participant(session, "C5 CEO", role="ceo", case_id=case.id)
    a, b = TEXT.index("Nurse:"), TEXT.index("CEO:")
    doc = make_document(
        session, text=TEXT, name="c5.txt",
        turns=[("Interviewer", 0, a), ("Nurse", a, b), ("CEO", b, len(TEXT))],
        participants={"Nurse": nurse, "CEO": ceo},
    )  # fmt: skip
    add_findings(session, "c5.txt", kind="person", words="Zebedee Quartermaine")
    add_findings(session, "c5.txt", kind="place", words="Wexcombe")
    apply_protection(session, ["c5.txt"])
    layer = protected_layer(session, doc.id)
    assert layer is not None and "[Person 1] from [Town A]" in layer.text

    withdraw_participant(session, "C5 Nurse")
    session.expire_all()
    assert session.get(ProtectedText, doc.id) is None
    # Only words the text still holds (the CEO's "Wexcombe") keep their findings, stale
    # until the next scan moves them.
    texts = list(session.scalars(select(ProtectionFinding.text)))
    assert texts == ["Wexcombe", "Wexcombe"]
    assert all(f.stale for f in list_findings(session, "c5.txt"))
