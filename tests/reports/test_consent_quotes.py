"""Reports and consent: nobody who refused quoting or withdrew is quoted; unknown consent
is quoted with a note unless the project refuses it; the sources appendix says how many
passages were left out and why, and never their words."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from mutualscope.reports.build import build_report
from mutualscope.reports.config import parse_config
from mutualscope.reports.document import Paragraph, plain_text
from mutualscope.reports.evidence import Evidence
from mutualscope.reports.provenance import Provenance
from mutualscope.services.consent import quoting_warning, set_consent, set_unknown_quoting_rule

NURSE_WORDS = "We can use our initiative now"


def _appendix_text(document: Any) -> str:
    blocks = document.blocks
    start = next(i for i, b in enumerate(blocks) if getattr(b, "anchor", None) == "sources")
    return " ".join(plain_text(b.content) for b in blocks[start:] if isinstance(b, Paragraph))


def _grant_all(session: Session) -> None:
    for label in ("Case 3 CEO", "Case 1 Nurse", "Commissioner A"):
        set_consent(session, label, answers={"quoting": "yes"})


def test_consent_refused_quoting_is_left_out_and_counted(
    session: Session, evidence: dict[str, Any], config_data: dict[str, Any]
) -> None:
    _grant_all(session)
    set_consent(session, "Case 1 Nurse", answers={"quoting": "no"})
    document = build_report(session, config=parse_config(config_data))
    text = " ".join(plain_text(b.content) for b in document.blocks if hasattr(b, "content"))
    assert NURSE_WORDS not in text
    appendix = _appendix_text(document)
    assert (
        "Left out for consent: 1 coded passage because the speaker refused consent to quoting."
        in appendix
    )
    assert "not recorded" not in appendix
    assert quoting_warning(session) is None


def test_consent_unknown_is_quoted_with_a_note_and_a_warning(
    session: Session, evidence: dict[str, Any], config_data: dict[str, Any]
) -> None:
    set_consent(session, "Case 3 CEO", answers={"quoting": "yes"})
    document = build_report(session, config=parse_config(config_data))
    appendix = _appendix_text(document)
    assert "2 quotes are of people whose consent to quoting is not recorded." in appendix
    assert "Left out" not in appendix
    warning = quoting_warning(session)
    assert warning is not None and warning.startswith("Warning: 2 participants have no recorded")


def test_consent_unknown_is_left_out_when_the_project_refuses_it(
    session: Session, evidence: dict[str, Any]
) -> None:
    set_consent(session, "Case 3 CEO", answers={"quoting": "granted"})
    set_unknown_quoting_rule(session, "refuse")
    provenance = Provenance(dialect=session.get_bind().dialect)
    quotes = Evidence(session, provenance).quotes("Innovation", 3)
    assert [q.attribution for q in quotes] == ["(CEO of case 3)"]
    assert {reason: len(ids) for reason, ids in provenance.left_out.items()} == {
        "the speaker's consent to quoting is not recorded (the project requires it)": 2
    }
    assert provenance.unconsented == set()


def test_consent_withdrawn_is_counted_apart(session: Session, evidence: dict[str, Any]) -> None:
    from mutualscope.storage.cases import Participant

    nurse = session.query(Participant).filter_by(label="Case 1 Nurse").one()
    nurse.consent = "withdrawn"
    session.commit()
    provenance = Provenance(dialect=session.get_bind().dialect)
    Evidence(session, provenance).quotes("Innovation", 3)
    assert list(provenance.left_out) == ["the speaker withdrew"]
