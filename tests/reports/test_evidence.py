from typing import Any

import pytest
from sqlalchemy.orm import Session

from mutualscope.errors import NotFound
from mutualscope.reports.evidence import Evidence
from mutualscope.reports.provenance import Provenance


def make_evidence(session: Session) -> Evidence:
    return Evidence(session, Provenance(dialect=session.get_bind().dialect))


def test_quotes_vary_voices_and_trace_to_offsets(
    session: Session, evidence: dict[str, Any]
) -> None:
    ev = make_evidence(session)
    quotes = ev.quotes("Innovation", 3)
    assert [q.attribution for q in quotes] == [
        "(CEO of case 3)",
        "(Nurse of case 1)",
        "(Commissioner)",
    ]
    first = ev.provenance.sources[quotes[0].source_id]
    coding = evidence["codings"]["ceo"]
    assert (first.document, first.start, first.end) == (
        "case-3-interview.txt",
        coding.start,
        coding.end,
    )
    assert evidence["text"][first.start : first.end] == quotes[0].text
    assert first.coding_id == coding.id and first.code == "Innovation/Freedom"


def test_quotes_markdown_escapes_the_words(session: Session, evidence: dict[str, Any]) -> None:
    ev = make_evidence(session)
    nurse = ev.quotes("Innovation", 1, role="nurse")[0]
    assert r"\*red tape\* \| the forms" in nurse.__markdown__()
    assert nurse.__markdown__().endswith(f"[(Nurse of case 1)](#src-{nurse.source_id})")


def test_quotes_are_not_repeated_within_a_report(
    session: Session, evidence: dict[str, Any]
) -> None:
    ev = make_evidence(session)
    first = ev.quotes("Innovation/Freedom", 1)
    assert len(first) == 1
    assert ev.quotes("Innovation/Freedom", 1) == []
    assert ev.quotes("Innovation", 5, external=True)[0].attribution == "(Commissioner)"


def test_quotes_subcodes_off_keeps_to_the_code(session: Session, evidence: dict[str, Any]) -> None:
    quotes = make_evidence(session).quotes("Innovation", 5, subcodes=False)
    assert {q.role for q in quotes} == {"nurse", "commissioner"}


def test_quotes_unknown_code(session: Session, evidence: dict[str, Any]) -> None:
    with pytest.raises(NotFound, match="No code 'Inovation'"):
        make_evidence(session).quotes("Inovation")


def test_coverage_counts_passages_documents_and_cases(
    session: Session, evidence: dict[str, Any]
) -> None:
    cov = make_evidence(session).coverage("Innovation")
    assert (cov.passages.value, cov.documents.value, cov.cases.value, cov.all_cases.value) == (
        3,
        1,
        2,
        2,
    )
    narrow = make_evidence(session).coverage("innovation/freedom")
    assert (narrow.code, narrow.passages.value, narrow.cases.value) == ("Innovation/Freedom", 1, 1)


def test_matrix_table_by_role(session: Session, evidence: dict[str, Any]) -> None:
    ev = make_evidence(session)
    table = ev.matrix("Innovation", by="role").text.splitlines()
    assert table[0] == "| Code | Chief executive (CEO) | Commissioner | Nurse |"
    assert table[2] == "| Innovation | 1 | 1 | 1 |"
    assert table[3] == "| Innovation/Freedom | 1 | 0 | 0 |"
    assert table[-1].startswith("Table: [Coded passages by code and role](#src-t")
    source = ev.provenance.sources[table[-1].split("#src-")[1].rstrip(")")]
    assert source.query == (
        "mutualscope matrix --cols role --measure codings --rollup --code Innovation"
    )


def test_count_stretches_counts_overlapping_codings_once() -> None:
    from mutualscope.reports.evidence import count_stretches

    assert count_stretches([(1, 0, 10), (1, 5, 12), (1, 12, 20), (2, 0, 10), (1, 30, 31)]) == 4
    assert count_stretches([]) == 0


def test_quotes_role_filter_accepts_the_role_as_typed(
    session: Session, evidence: dict[str, Any]
) -> None:
    quotes = make_evidence(session).quotes("Innovation", 3, role="Chief executive")
    assert [q.attribution for q in quotes] == ["(CEO of case 3)"]


def test_quotes_leave_out_people_who_withdrew_consent(
    session: Session, evidence: dict[str, Any]
) -> None:
    from mutualscope.storage.cases import Participant

    nurse = session.query(Participant).filter_by(label="Case 1 Nurse").one()
    nurse.consent = "withdrawn"
    session.commit()
    quotes = make_evidence(session).quotes("Innovation", 3)
    assert [q.attribution for q in quotes] == ["(CEO of case 3)", "(Commissioner)"]
