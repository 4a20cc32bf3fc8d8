from __future__ import annotations

import pytest
from sqlalchemy.orm import Session
from tests.coding_world import build_world
from tests.factories import make_coding, make_document

from mutualscope.errors import InvalidInput, NotFound
from mutualscope.services.codebook import CodeIndex
from mutualscope.services.quotes import (
    build_filter,
    find_quotes,
    quotes_from_rows,
    quotes_markdown,
    select_passages,
)


def test_quotes_carry_text_offsets_and_attribution(session: Session) -> None:
    world = build_world(session)
    quotes = find_quotes(session, "Funding sources/Surplus")
    assert [q.text for q in quotes] == ["We used the surplus to pay for the pilot."] * 2
    first = quotes[0]
    assert first.attribution == "(CEO, case 3)"
    assert first.case == "Case 3"
    assert first.organisation == world.big.name
    assert world.ceo_doc.text[first.start : first.end] == first.text
    assert {q.coder for q in quotes} == {"ana", "ben"}


def test_external_participant_is_attributed_by_role_only(session: Session) -> None:
    build_world(session)
    quotes = find_quotes(session, "Austerity", coder="ana")
    assert [q.attribution for q in quotes] == ["(Commissioner)"]
    assert quotes[0].external is True


def test_subcodes_role_case_and_coder_filters(session: Session) -> None:
    build_world(session)
    assert len(find_quotes(session, "Funding sources")) == 0
    assert len(find_quotes(session, "Funding sources", subcodes=True)) == 4
    assert len(find_quotes(session, "Funding sources", subcodes=True, coder="ben")) == 2
    assert len(find_quotes(session, "Austerity", role="Commissioner")) == 2
    assert find_quotes(session, "Austerity", role="CEO") == []
    assert len(find_quotes(session, "Austerity", case="3")) == 2
    assert find_quotes(session, "Austerity", case="Case 4") == []


def test_where_filters_on_organisation_fields(session: Session) -> None:
    build_world(session)
    big = find_quotes(session, "Innovation", subcodes=True, where=["org.employees_min>=1000"])
    assert big == []
    small = find_quotes(session, "Innovation", subcodes=True, where=["org.size_band=<50"])
    assert len(small) == 2 and {q.case for q in small} == {"Case 4"}
    east = find_quotes(session, "Austerity", where=["org.region=Eastern"])
    assert len(east) == 2


def test_passage_of_a_speaker_who_is_no_participant_is_attributed_to_the_case(
    session: Session,
) -> None:
    world = build_world(session)
    # The interviewer's turns are linked to no participant.
    start = world.ceo_doc.text.index("And the commissioners?")
    make_coding(session, world.ceo_doc, world.austerity, start, start + 5, coder=world.ana)
    quotes = find_quotes(session, "Austerity", case="Case 3", coder="ana")
    roles = sorted(str(q.role) for q in quotes)
    assert roles == ["None", "commissioner"]
    assert "(Case 3)" in [q.attribution for q in quotes]


def test_passage_starting_outside_any_turn_has_no_speaker(session: Session) -> None:
    world = build_world(session)
    text = "Header line\nCEO: We tried it.\n"
    document = make_document(
        session,
        text=text,
        name="gap.txt",
        turns=[("CEO", 12, len(text))],
        participants={"CEO": world.ceo},
        case_id=world.case4.id,
    )
    make_coding(session, document, world.austerity, 0, 6, coder=world.ana)
    make_coding(session, document, world.austerity, 20, 25, coder=world.ana)
    quotes = [q for q in find_quotes(session, "Austerity") if q.document == "gap.txt"]
    # The participant's case wins over the document's.
    assert [(q.text, q.attribution) for q in quotes] == [
        ("Header", "(Case 4)"),
        ("tried", "(CEO, case 3)"),
    ]


def test_unknown_names_are_refused(session: Session) -> None:
    build_world(session)
    with pytest.raises(NotFound, match="Did you mean"):
        find_quotes(session, "Funding source/Surplus")
    with pytest.raises(NotFound):
        find_quotes(session, "Austerity", case="Case 99")
    with pytest.raises(NotFound):
        find_quotes(session, "Austerity", coder="zed")
    with pytest.raises(InvalidInput):
        find_quotes(session, "Austerity", where=["size_band=big"])


def test_markdown_names_the_source(session: Session) -> None:
    build_world(session)
    text = quotes_markdown(find_quotes(session, "Austerity", coder="ben"), heading="Austerity")
    assert text.startswith("## Austerity")
    assert "\u201cAusterity means savings come first\u201d (Commissioner)" in text
    assert "case3-commissioner.txt, characters" in text


def test_sql_selection_gives_the_same_quotes(session: Session) -> None:
    # quotes.select_passages (one SQL query, for callers that page through rows) and
    # find_quotes (the in-memory index) must agree.
    build_world(session)
    index = CodeIndex.load(session)
    funding = index.resolve("Funding sources")
    filters = build_filter(session, code_ids=index.descendants(funding.id), role="CEO")
    rows, organisations = select_passages(session, filters)
    from_sql = quotes_from_rows(rows, index, organisations)
    assert from_sql == find_quotes(session, "Funding sources", subcodes=True, role="CEO")


def test_role_filter_takes_aliases_and_groups(session: Session) -> None:
    build_world(session)
    assert len(find_quotes(session, "Funding sources", subcodes=True, role="chief executive")) == 4
    external = find_quotes(session, "Austerity", role="external")
    assert {q.attribution for q in external} == {"(Commissioner)"}
    assert len(find_quotes(session, "Innovation", subcodes=True, role="staff")) == 2
    with pytest.raises(InvalidInput, match="Unknown role"):
        find_quotes(session, "Austerity", role="astronaut")
