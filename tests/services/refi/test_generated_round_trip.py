"""Seeded random projects survive a round trip through REFI-QDA exactly."""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from tests.factories import make_case, make_code, make_coding, make_document, make_user
from tests.services.refi.snapshot import snapshot, wipe

from mutualscope.services.refi import export_qdpx, import_refi
from mutualscope.storage.models import Memo

ALPHABET = (
    "abcdefghijklmnopqrstuvwxyz     \n\t.,;:'\"&<>éèçñøßÆŒ£€–—“”‘’…日本語ελληνικάעברית🙂🤔👩‍⚕️🏳️‍🌈"
)


def _text(rng: random.Random) -> str:
    raw = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(50, 400)))
    return unicodedata.normalize("NFC", f"Speaker {rng.randint(1, 9)}: {raw}\n")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_project_round_trips_exactly(session: Session, tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    coders = [make_user(session, f"coder {n} ✓") for n in range(3)]
    roots = [
        make_code(session, f"Theme {n} & <more>", colour=f"#{rng.getrandbits(24):06x}")
        for n in range(3)
    ]
    codes = roots + [make_code(session, f"Sub {n} “x”", parent=rng.choice(roots)) for n in range(5)]
    cases = [make_case(session, f"Case {n}") for n in range(2)]
    for n in range(6):
        text = _text(rng)
        doc = make_document(session, text=text, name=f"Doc {n} – ünï", case_id=rng.choice(cases).id)
        for _ in range(rng.randint(0, 15)):
            start = rng.randrange(0, len(text) - 1)
            end = rng.randint(start + 1, len(text))
            coding = make_coding(session, doc, rng.choice(codes), start, end, rng.choice(coders))
            if rng.random() < 0.2:
                session.add(Memo(title="On coding", text=_text(rng), coding_id=coding.id))
        if rng.random() < 0.5:
            session.add(Memo(title=None, text=_text(rng), document_id=doc.id))
    session.add(Memo(title="Project", text=_text(rng)))
    session.commit()
    before = snapshot(session)
    path = tmp_path / "generated.qdpx"
    export_qdpx(session, path=path)
    wipe(session)
    report = import_refi(session, path=path)
    assert report.dropped == [] and report.doubtful == []
    assert snapshot(session) == before
