from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from mutualscope.reports.method import count_method, role_label
from mutualscope.reports.provenance import Provenance


def test_role_label() -> None:
    assert role_label("ceo") == "Chief executive (CEO)"
    assert role_label("storyteller") == "Storyteller"


def test_count_method_counts_and_queries_agree(session: Session, evidence: dict[str, Any]) -> None:
    provenance = Provenance(dialect=session.get_bind().dialect)
    method = count_method(session, provenance, None)
    assert (method.cases.value, method.interviews.value) == (2, 1)
    assert (method.people.value, method.internal.value, method.external.value) == (3, 2, 1)
    assert [(r.role, r.external, r.people) for r in method.roles] == [
        ("ceo", False, 1),
        ("nurse", False, 1),
        ("commissioner", True, 1),
    ]
    # The recorded SQL, run as written, gives the printed figure.
    query = provenance.sources[method.cases.source_id].query
    assert query is not None
    assert session.execute(text(query)).scalar() == 2
    assert method.period is None
    assert "| Nurse | inside |" in method.roles_table().text


def test_count_method_period_from_interview_dates(
    session: Session, evidence: dict[str, Any]
) -> None:
    from datetime import date

    document = evidence["document"]
    document.document_date = date(2012, 3, 4)
    session.commit()
    method = count_method(session, Provenance(), None)
    assert method.period == "March 2012"
    assert count_method(session, Provenance(), "2011-2013").period == "2011-2013"
