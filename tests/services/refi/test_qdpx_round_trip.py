"""A .qdpx made by mutualscope, imported, exported and imported again, keeps every
count, GUID and span."""

from __future__ import annotations

import random
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.factories import make_case, make_code, make_coding, make_document, make_user
from tests.services.refi.snapshot import snapshot, wipe

from mutualscope.services.refi import export_qdpx, import_refi
from mutualscope.storage.models import Case, Code, Coding, Document, Memo, User

TEXT = "Nurse 👩‍⚕️: we run 𝔘s now.\nCEO: “Right to Request” — 2011 😀, then growth.\n"
MODELS = (User, Code, Document, Coding, Case, Memo)


def _counts(session: Session) -> dict[str, int]:
    return {m.__name__: session.scalar(select(func.count()).select_from(m)) or 0 for m in MODELS}


def _made_by_mutualscope(session: Session, path: Path) -> None:
    rng = random.Random(7)
    coders = [make_user(session, name) for name in ("ana", "ben ✓")]
    root = make_code(session, "Enablers", colour="#336699")
    codes = [root, make_code(session, "Staff voice", parent=root), make_code(session, "Trust")]
    case = make_case(session, "Case 1")
    for n in range(3):
        doc = make_document(session, text=TEXT * (n + 1), name=f"Interview {n}", case_id=case.id)
        for _ in range(6):
            start = rng.randrange(0, doc.length - 1)
            make_coding(session, doc, rng.choice(codes), start, rng.randint(start + 1, doc.length),
                        rng.choice(coders))  # fmt: skip
        session.add(Memo(title="On the interview", text="Candid.", document_id=doc.id))
    session.commit()
    export_qdpx(session, path=path)
    wipe(session)


def test_qdpx_made_by_mutualscope_in_out_and_in_again(session: Session, tmp_path: Path) -> None:
    made = tmp_path / "made.qdpx"
    _made_by_mutualscope(session, made)
    first = import_refi(session, path=made)
    assert first.doubtful_codings == [] and first.dropped == []
    state, counts = snapshot(session), _counts(session)
    assert counts["Coding"] == 18
    again = tmp_path / "again.qdpx"
    export_qdpx(session, path=again)
    wipe(session)
    second = import_refi(session, path=again)
    assert second.doubtful_codings == [] and second.dropped == []
    assert snapshot(session) == state
    counts["Memo"] += 1  # the second import's report memo; the first one came along too
    assert _counts(session) == counts
