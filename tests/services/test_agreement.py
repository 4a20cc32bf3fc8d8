from __future__ import annotations

import krippendorff
import numpy as np
import pytest
from sqlalchemy.orm import Session
from tests.coding_world import build_world, span_of
from tests.factories import make_coding, make_document, make_user

from mutualscope.domain.agreement import cohen_kappa
from mutualscope.errors import InvalidInput, NotFound
from mutualscope.services.agreement import compute_agreement


def test_two_coders_per_code_by_character(session: Session) -> None:
    world = build_world(session)
    report = compute_agreement(session, coders=["ana", "ben"])
    rows = {row["code"]: row for row in report.codes}
    total = sum(len(d.text) for d in (world.ceo_doc, world.nurse_doc, world.commissioner_doc))
    assert report.units == total
    surplus = rows["Funding sources/Surplus"]
    assert surplus["kappa"] == pytest.approx(1.0)
    assert surplus["only_first"] == surplus["only_second"] == 0
    commissioners = rows["Funding sources/Commissioners"]
    a0, a1 = span_of(world.ceo_doc, "The commissioners funded the evaluation")
    b0, b1 = span_of(world.ceo_doc, "commissioners funded the evaluation, which helped a lot.")
    both = min(a1, b1) - max(a0, b0)
    only_a, only_b = (a1 - a0) - both, (b1 - b0) - both
    neither = total - both - only_a - only_b
    assert (commissioners["both"], commissioners["only_first"]) == (both, only_a)
    assert commissioners["kappa"] == pytest.approx(cohen_kappa([[both, only_a], [only_b, neither]]))
    assert rows["Innovation/Organisational"]["both"] == 0
    assert report.pooled["code"] == "(pooled)"
    assert "characters" in report.compared and "ana and ben" in report.compared


def test_turn_unit_counts_turns(session: Session) -> None:
    build_world(session)
    report = compute_agreement(session, coders=["ana", "ben"], unit="turn")
    assert report.units == 4 + 2 + 2
    rows = {row["code"]: row for row in report.codes}
    # Both coded the nurse's one turn, though on different words.
    assert rows["Innovation/Organisational"]["both"] == 1
    assert rows["Innovation/Organisational"]["kappa"] == pytest.approx(1.0)


def test_code_option_reports_the_code_and_its_subcodes(session: Session) -> None:
    build_world(session)
    report = compute_agreement(session, coders=["ana", "ben"], code="Funding sources")
    assert [r["code"] for r in report.codes] == [
        "Funding sources",
        "Funding sources/Commissioners",
        "Funding sources/Surplus",
    ]
    assert report.codes[0]["kappa"] is None  # nobody used the parent itself


def test_three_coders_alpha_matches_krippendorff_package(session: Session) -> None:
    world = build_world(session)
    cara = make_user(session, "cara")
    make_coding(session, world.ceo_doc, world.surplus, 5, 60, coder=cara)
    report = compute_agreement(
        session, coders=["ana", "ben", "cara"], code="Funding sources/Surplus"
    )
    # Units: every character of the documents at least two coders coded; cara coded only
    # the CEO interview, so elsewhere her values are missing.
    rows: list[list[float]] = [[], [], []]
    documents = [world.ceo_doc, world.nurse_doc, world.commissioner_doc]
    s0, s1 = span_of(world.ceo_doc, "We used the surplus to pay for the pilot.")
    for document in documents:
        for i in range(len(document.text)):
            inside = float(document is world.ceo_doc and s0 <= i < s1)
            rows[0].append(inside)
            rows[1].append(inside)
            if document is world.ceo_doc:
                rows[2].append(float(5 <= i < 60))
            else:
                rows[2].append(np.nan)
    expected = krippendorff.alpha(reliability_data=np.array(rows), level_of_measurement="nominal")
    assert report.codes[0]["alpha"] == pytest.approx(float(expected), abs=1e-9)
    assert report.codes[0]["both"] is None
    pairs = {tuple(p["coders"]): p for p in report.codes[0]["pairs"]}
    assert set(pairs) == {("ana", "ben"), ("ana", "cara"), ("ben", "cara")}
    assert pairs[("ana", "ben")]["kappa"] == pytest.approx(1.0)
    assert report.codes[0]["kappa"] == pytest.approx(sum(p["kappa"] for p in pairs.values()) / 3)
    assert len(report.pooled["pairs"]) == 3


def test_coders_without_a_shared_document_are_refused(session: Session) -> None:
    world = build_world(session)
    dan, eve = make_user(session, "dan"), make_user(session, "eve")
    other = make_document(session, text="Nothing in common here.", name="other.txt")
    make_coding(session, world.nurse_doc, world.austerity, 0, 5, coder=dan)
    make_coding(session, other, world.austerity, 0, 5, coder=eve)
    with pytest.raises(InvalidInput, match="nothing to compare"):
        compute_agreement(session, coders=["dan", "eve"])


def test_bad_requests(session: Session) -> None:
    build_world(session)
    with pytest.raises(InvalidInput):
        compute_agreement(session, coders=["ana", "ana"])
    with pytest.raises(NotFound):
        compute_agreement(session, coders=["ana", "zed"])
    with pytest.raises(InvalidInput):
        compute_agreement(session, coders=["ana", "ben"], unit="word")
