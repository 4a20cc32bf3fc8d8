"""The two-coder fast path of agreement gives exactly the figures of the general path."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert
from sqlalchemy.orm import Session

from mutualscope.services import agreement as ag
from mutualscope.services.project import Project, init_project
from mutualscope.storage.models import Code, Coding, Document, Segment, User


def random_project(session: Session, seed: int) -> None:
    """Documents with and without turns (some with gaps), nested codes, overlapping and
    empty codings by three coders."""
    rng = random.Random(seed)
    session.execute(
        insert(User),
        [
            {"id": i, "guid": f"u{i}", "name": n, "role": "coder"}
            for i, n in enumerate(("ana", "ben", "cara"), 1)
        ],
    )
    codes = [{"id": 1, "guid": "c1", "name": "Root", "parent_id": None}]
    for i in range(2, rng.randint(3, 8)):
        codes.append(
            {"id": i, "guid": f"c{i}", "name": f"C{i}", "parent_id": rng.choice([None, 1, i - 1])}
        )
    session.execute(insert(Code), codes)
    docs: list[dict[str, Any]] = []
    turns: list[dict[str, Any]] = []
    codings: list[dict[str, Any]] = []
    for d in range(1, rng.randint(2, 12)):
        length = rng.randint(20, 200)
        doc = {"id": d * 3, "guid": f"d{d}", "name": f"doc{d}", "text": "x" * length}
        docs.append(doc | {"length": length, "word_count": 1, "attributes": {}})
        if rng.random() > 0.2:
            cuts = sorted(rng.sample(range(1, length), rng.randint(0, min(6, length - 1))))
            bounds = [0, *cuts, length]
            gaps = rng.random() < 0.3
            for k in range(len(bounds) - 1):
                a, b = bounds[k], bounds[k + 1]
                if gaps and b - a > 2:
                    a += 1
                turns.append(
                    {"document_id": d * 3, "position": k, "start": a, "end": b, "speaker": "S"}
                )
        for _ in range(rng.randint(0, 15)):
            a = rng.randint(0, length - 1)
            b = rng.randint(a, min(length, a + rng.randint(0, 60)))
            if rng.random() < 0.05:
                b = a
            coding = {
                "document_id": d * 3,
                "code_id": rng.randint(1, len(codes)),
                "start": a,
                "end": b,
            }
            coding |= {"coder_id": rng.choice([1, 2, 2, 1, 3]), "guid": f"k{len(codings)}"}
            codings.append(coding)
    session.execute(insert(Document), docs)
    if turns:
        session.execute(insert(Segment), turns)
    if codings:
        session.execute(insert(Coding), codings)
    session.commit()


def report(
    project: Project, monkeypatch: pytest.MonkeyPatch, *, general: bool, **kwargs: Any
) -> str:
    with monkeypatch.context() as patch:
        if general:
            patch.setattr(ag, "_two_coder_report", lambda *a, **k: None)
        try:
            with project.session() as session:
                return json.dumps(ag.compute_agreement(session, **kwargs).as_dict(), sort_keys=True)
        except Exception as error:  # both paths must refuse the same inputs the same way
            return repr(error)


@pytest.mark.parametrize("seed", range(0, 120, 6))
def test_agreement_two_coder_path_equals_general_path(
    seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, _ = init_project(tmp_path / f"p{seed}.db")
    fast_reports: list[object] = []
    real = ag._two_coder_report

    def counted(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        if result is not None:
            fast_reports.append(result)
        return result

    monkeypatch.setattr(ag, "_two_coder_report", counted)
    try:
        with project.session() as session:
            random_project(session, seed)
        for unit in ("character", "turn"):
            for code in (None, "Root"):
                for coders in (["ana", "ben"], ["ben", "cara"]):
                    kwargs = {"coders": coders, "unit": unit, "code": code}
                    fast = report(project, monkeypatch, general=False, **kwargs)
                    slow = report(project, monkeypatch, general=True, **kwargs)
                    assert fast == slow, (seed, unit, code, coders)
        assert fast_reports, "the two-coder path was never taken"
    finally:
        project.close()
