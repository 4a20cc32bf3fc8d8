"""Codebook edits at the same time as coding and as each other, on one real database.

Each worker is a thread with its own session (its own connection), as the web server's
requests and a command run beside it are. Whatever the order the database lets them in,
every acknowledged coding survives, every conflicting edit is told so in words (NotFound
or Conflict), and nobody meets a raw database error.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.factories import make_coding, make_document, make_user

from mutualscope.errors import Conflict, MutualscopeError, NotFound
from mutualscope.services import highlights
from mutualscope.services.codebook import (
    CodeIndex,
    MergeResult,
    add_code,
    list_codes,
    merge_codes,
    rename_code,
)
from mutualscope.services.project import Project
from mutualscope.storage.models import AuditEvent, Code, Coding, User

#: Bounds every test: a worker that has not finished by then fails the test.
DEADLINE_SECONDS = 60
ROUNDS = 3
TEXT = (
    "Staff 𝔄: we spun out in 2011 and ran the “pilot” on our own surplus.\r\n"
    'Manager: the commissioners said ""no"" at first 🙂 — then they came round.\n'
) * 6


@dataclass
class Outcome:
    value: Any = None
    error: BaseException | None = None


def run_together(project: Project, *work: Callable[[Session], Any]) -> list[Outcome]:
    """Run each piece of work in a thread with its own session, all released at once."""
    barrier = threading.Barrier(len(work))
    outcomes = [Outcome() for _ in work]

    def run(position: int) -> None:
        with project.session() as session:
            barrier.wait(timeout=DEADLINE_SECONDS)
            try:
                outcomes[position].value = work[position](session)
            except BaseException as error:  # recorded, judged by the test
                outcomes[position].error = error

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(work))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=DEADLINE_SECONDS)
        assert not thread.is_alive(), "a worker did not finish in time"
    return outcomes


def told(outcome: Outcome, kind: type[MutualscopeError]) -> str:
    """The message of an outcome that must be a refusal of ``kind`` (not a raw error)."""
    assert isinstance(outcome.error, kind), repr(outcome.error)
    return str(outcome.error)


def paths(session: Session) -> list[str]:
    session.expire_all()
    return [row["path"] for row in list_codes(session)]


def code_id(session: Session, path: str) -> int:
    return CodeIndex.load(session).resolve(path).id


@dataclass
class Coder:
    """A coder adding codings to one code in a loop, by code id as the web page does."""

    user_id: int
    number: int
    acknowledged: dict[int, tuple[int, int]] = field(default_factory=dict)
    refused: list[MutualscopeError] = field(default_factory=list)
    failed: list[BaseException] = field(default_factory=list)

    def run(self, project: Project, document_id: int, target: int, stop: threading.Event) -> None:
        deadline = time.monotonic() + DEADLINE_SECONDS
        with project.session() as session:
            user = session.get(User, self.user_id)
            assert user is not None
            # Round the text again if the merge is slow to come: a span coded before
            # gives back the same coding.
            for attempt in itertools.count():
                if time.monotonic() > deadline or len(self.refused) >= 3:
                    return
                start = attempt % (len(TEXT) - 20)
                end = start + 1 + self.number
                try:
                    made, _ = highlights.add_highlight(
                        session, user=user, document_id=document_id, code_id=target,
                        start=start, end=end,
                    )  # fmt: skip
                except (NotFound, Conflict) as error:
                    self.refused.append(error)
                except BaseException as error:  # judged by the test
                    self.failed.append(error)
                    return
                else:
                    self.acknowledged[made.id] = (start, end)


def test_merge_while_coders_code_keeps_every_acknowledged_coding(
    project: Project, session: Session
) -> None:
    add_code(session, "Funding sources/Own surplus")
    add_code(session, "Funding sources/Surplus")
    source = code_id(session, "Funding sources/Own surplus")
    target = code_id(session, "Funding sources/Surplus")
    document = make_document(session, text=TEXT, name="case 1 “staff”.txt")
    coders = [Coder(make_user(session, f"coder{n}").id, n) for n in range(4)]
    stop = threading.Event()
    threads = [
        threading.Thread(target=c.run, args=(project, document.id, source, stop)) for c in coders
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + DEADLINE_SECONDS
    while any(len(c.acknowledged) < 5 for c in coders) and time.monotonic() < deadline:
        time.sleep(0.01)
    with project.session() as merging:
        result = merge_codes(merging, "Funding sources/Own surplus", "Funding sources/Surplus")
    stop.set()
    for thread in threads:
        thread.join(timeout=DEADLINE_SECONDS)
        assert not thread.is_alive(), "a coder did not finish in time"

    assert [c.failed for c in coders] == [[] for _ in coders]
    acknowledged = {i: span for c in coders for i, span in c.acknowledged.items()}
    assert all(len(c.acknowledged) >= 5 for c in coders)
    # Every coder carried on after the merge and was told the code had gone.
    for coder in coders:
        assert coder.refused, "a coder was never refused after the merge"
        assert all(isinstance(e, NotFound) for e in coder.refused)
        assert "'Funding sources/Own surplus' was merged into 'Funding sources/Surplus'" in str(
            coder.refused[-1]
        )
    session.expire_all()
    stored = {
        row.id: row
        for row in session.scalars(select(Coding).where(Coding.id.in_(list(acknowledged))))
    }
    assert sorted(stored) == sorted(acknowledged), "acknowledged codings were lost"
    for coding_id, (start, end) in acknowledged.items():
        coding = stored[coding_id]
        assert (coding.code_id, coding.start, coding.end) == (target, start, end)
        assert document.text[coding.start : coding.end] == TEXT[start:end]
    assert (result.moved, result.folded) == (len(acknowledged), 0)
    assert session.scalar(select(func.count()).select_from(Coding)) == len(acknowledged)
    assert session.get(Code, source) is None


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_crossed_merges_one_wins_and_the_other_is_told(
    project: Project, session: Session, round_: int
) -> None:
    add_code(session, "Barriers/Tendering")
    add_code(session, "Barriers/Competition")
    document = make_document(session, text=TEXT)
    ana = make_user(session, "ana")
    tendering = session.get(Code, code_id(session, "Barriers/Tendering"))
    competition = session.get(Code, code_id(session, "Barriers/Competition"))
    assert tendering is not None and competition is not None
    for n in range(20):
        make_coding(session, document, tendering, n, n + 5, coder=ana)
        make_coding(session, document, competition, n, n + 5 + round_, coder=ana)
    outcomes = run_together(
        project,
        lambda s: merge_codes(s, "Barriers/Tendering", "Barriers/Competition"),
        lambda s: merge_codes(s, "Barriers/Competition", "Barriers/Tendering"),
    )
    won = [o for o in outcomes if o.error is None]
    lost = [o for o in outcomes if o.error is not None]
    assert len(won) == 1 and len(lost) == 1, outcomes
    assert isinstance(won[0].value, MergeResult)
    assert "No code 'Barriers/" in told(lost[0], NotFound)
    remaining = paths(session)
    assert remaining in (["Barriers", "Barriers/Competition"], ["Barriers", "Barriers/Tendering"])
    survivor = code_id(session, remaining[1])
    spans = sorted(session.execute(select(Coding.code_id, Coding.start, Coding.end)).all())
    expected = sorted(
        [(survivor, n, n + 5) for n in range(20)]
        + [(survivor, n, n + 5 + round_) for n in range(20) if round_]
    )
    assert spans == expected
    assert won[0].value.folded == (20 if round_ == 0 else 0)


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_double_rename_of_siblings_to_one_name_refuses_one(
    project: Project, session: Session, round_: int
) -> None:
    add_code(session, "Enablers/Freedom")
    add_code(session, "Enablers/Risk")
    outcomes = run_together(
        project,
        lambda s: rename_code(s, "Enablers/Freedom", "Space to experiment"),
        lambda s: rename_code(s, "Enablers/Risk", " SPACE TO EXPERIMENT "),
    )
    errors = [o for o in outcomes if o.error is not None]
    assert len(errors) == 1, outcomes
    assert "already exists beside" in told(errors[0], Conflict)
    if outcomes[0].error is None:
        expected = ["Enablers", "Enablers/Risk", "Enablers/Space to experiment"]
    else:
        expected = ["Enablers", "Enablers/Freedom", "Enablers/SPACE TO EXPERIMENT"]
    assert sorted(paths(session)) == expected


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_double_add_of_one_code_adds_it_once(
    project: Project, session: Session, round_: int
) -> None:
    outcomes = run_together(
        project,
        lambda s: add_code(s, "Funding sources/Social investment loans"),
        lambda s: add_code(s, "funding sources/social investment LOANS"),
        lambda s: add_code(s, "Funding sources/Social investment loans", colour="#abc"),
    )
    errors = [o for o in outcomes if o.error is not None]
    assert len(errors) == 2, outcomes
    for outcome in errors:
        assert "already exists" in told(outcome, Conflict)
    found = paths(session)
    assert [p.casefold() for p in found] == [
        "funding sources",
        "funding sources/social investment loans",
    ]


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_rename_during_rename_one_wins_and_the_other_is_told(
    project: Project, session: Session, round_: int
) -> None:
    add_code(session, "Culture/Open climate")
    outcomes = run_together(
        project,
        lambda s: rename_code(s, "Culture/Open climate", "Openness"),
        lambda s: rename_code(s, "Culture/Open climate", "Candour"),
    )
    won = [o for o in outcomes if o.error is None]
    assert len(won) == 1, outcomes
    lost = next(o for o in outcomes if o.error is not None)
    assert "No code 'Culture/Open climate'" in told(lost, NotFound)
    assert paths(session) == ["Culture", won[0].value]
    renames = session.scalars(select(AuditEvent).where(AuditEvent.action == "rename")).all()
    assert [e.after["path"] for e in renames if e.after] == [won[0].value]


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_rename_during_merge_one_wins_and_the_other_is_told(
    project: Project, session: Session, round_: int
) -> None:
    add_code(session, "Barriers/Austerity")
    add_code(session, "Barriers/Cuts")
    document = make_document(session, text=TEXT)
    austerity = session.get(Code, code_id(session, "Barriers/Austerity"))
    assert austerity is not None
    for n in range(10):
        make_coding(session, document, austerity, n, n + 3)
    outcomes = run_together(
        project,
        lambda s: merge_codes(s, "Barriers/Austerity", "Barriers/Cuts"),
        lambda s: rename_code(s, "Barriers/Austerity", "Savings"),
    )
    errors = [o for o in outcomes if o.error is not None]
    assert len(errors) == 1, outcomes
    told(errors[0], NotFound)
    survivor = "Barriers/Cuts" if outcomes[0].error is None else "Barriers/Savings"
    assert survivor in paths(session)
    spans = sorted(session.execute(select(Coding.code_id, Coding.start)).all())
    assert spans == [(code_id(session, survivor), n) for n in range(10)]
