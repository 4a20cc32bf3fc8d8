"""A small fictional project with a registry, one interview and codings, for report tests."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session
from tests.factories import (
    make_case,
    make_code,
    make_coding,
    make_document,
    make_organisation,
    make_participant,
)

INTERVIEW = (
    "Interviewer: How did it start?\n"
    "CEO: We did it under the radar. Nobody asked permission, and that was the point.\n"
    "Nurse: We can use our initiative now, without the *red tape* | the forms.\n"
    "Commissioner: Our ability to fund things outside a competitive process is restricted.\n"
)


@pytest.fixture
def evidence(session: Session) -> dict[str, Any]:
    """Ten organisations (seven founded in 2011), two cases, three people, one interview
    and three codings under "Innovation"."""
    for i in range(10):
        make_organisation(
            session,
            sector="health-and-social-care",
            region_code=f"E1200000{i % 9 + 1}",
            year_established=2011 if i < 7 else 2013,
            employees_min=10 * i,
            employees_max=10 * i + 5,
            turnover_gbp=100_000 * (i + 1),
        )
    case3 = make_case(session, "Case 3")
    case1 = make_case(session, "Case 1")
    ceo = make_participant(session, "Case 3 CEO", role="ceo", case_id=case3.id)
    nurse = make_participant(session, "Case 1 Nurse", role="nurse", case_id=case1.id)
    commissioner = make_participant(
        session, "Commissioner A", role="commissioner", external=True, case_id=case1.id
    )
    text = INTERVIEW
    a, b, c = text.index("CEO:"), text.index("Nurse:"), text.index("Commissioner:")
    doc = make_document(
        session,
        text=text,
        name="case-3-interview.txt",
        turns=[
            ("Interviewer", 0, a),
            ("CEO", a, b),
            ("Nurse", b, c),
            ("Commissioner", c, len(text)),
        ],
        participants={"CEO": ceo, "Nurse": nurse, "Commissioner": commissioner},
        case_id=case3.id,
        kind="interview",
    )
    innovation = make_code(session, "Innovation")
    freedom = make_code(session, "Freedom", parent=innovation)
    spans = {
        "ceo": make_coding(session, doc, freedom, a + 5, b - 1),
        "nurse": make_coding(session, doc, innovation, b + 7, c - 1),
        "commissioner": make_coding(session, doc, innovation, c + 14, len(text) - 1),
    }
    return {"document": doc, "codings": spans, "text": text}


@pytest.fixture
def config_data() -> dict[str, Any]:
    """A report.yaml as parsed YAML, naming the codes of ``evidence``."""
    return {
        "title": "Written evidence from the Test Centre",
        "questions": ["Question 12: What progress has been made?"],
        "summary": ["This submission draws on fictional research."],
        "key_findings": ["Finding one", "Finding two"],
        "themes": [
            {
                "heading": "Are mutuals more innovative?",
                "code": "Innovation",
                "text": ["The results show innovation can be faster."],
                "quotes": 3,
                "subthemes": [
                    {
                        "heading": "Freedom to innovate",
                        "code": "Innovation/Freedom",
                        "text": ["Opening words.", "A further paragraph."],
                        "quotes": 1,
                    }
                ],
            }
        ],
        "acknowledgements": ["Thanks to the fictional participants."],
        "date": "November 2026",
    }
