"""Quotes from the pseudonymised layer (SQLite, and PostgreSQL when MUTUALSCOPE_TEST_PG is set)."""

from __future__ import annotations

from sqlalchemy.orm import Session
from tests.factories import make_case, make_code, make_coding, make_document, make_participant

from mutualscope.services.protection.findings import add_findings
from mutualscope.services.protection.layers import apply_protection
from mutualscope.services.protection.quoting import protect_quotes, protect_quotes_counted
from mutualscope.services.quotes import find_quotes

TEXT = (
    "Interviewer: And the council?\n"
    "CEO: Sarah Jones at Luton Borough Council said the budget was cut, twice.\n"
)
OTHER = "Interviewer: Anything else?\nCEO: Sarah Jones rang again about the budget.\n"


def test_quotes_take_the_words_of_the_pseudonymised_text(session: Session) -> None:
    case = make_case(session, "Case 3")
    ceo = make_participant(session, "C3 CEO", role="ceo", real_name="Sarah Jones", case_id=case.id)
    at = TEXT.index("CEO:")
    doc = make_document(
        session, text=TEXT, name="one.txt",
        turns=[("Interviewer", 0, at), ("CEO", at, len(TEXT))], participants={"CEO": ceo},
    )  # fmt: skip
    other = make_document(session, text=OTHER, name="two.txt")
    code = make_code(session, "Austerity")
    make_coding(session, doc, code, TEXT.index("Sarah"), TEXT.index(", twice"))
    make_coding(session, other, code, OTHER.index("Sarah"), OTHER.index("."))
    add_findings(session, "one.txt", kind="person", words="Sarah Jones")
    add_findings(session, "one.txt", kind="organisation", words="Luton Borough Council")
    apply_protection(session, ["one.txt"])

    quotes = find_quotes(session, "Austerity")
    assert [q.text for q in quotes] == [
        "Sarah Jones at Luton Borough Council said the budget was cut",
        "Sarah Jones rang again about the budget",
    ]
    protected = protect_quotes_counted(session, quotes)
    assert [q.text for q in protected.quotes] == [
        "[CEO, case 3] at [Organisation 1] said the budget was cut",
        "Sarah Jones rang again about the budget",  # two.txt has no pseudonymised text
    ]
    assert protected.unprotected == [other.id]
    assert (
        protected.quotes[0].quoted
        == "“[CEO, case 3] at [Organisation 1] said the budget was cut” (CEO, case 3)"
    )
    assert protect_quotes(session, []) == []
