"""Migration 0005 (codebook integrity): a project at 0004 that already holds duplicate
codings and sibling codes differing only in case upgrades with all its work.

Run on SQLite, and on a PostgreSQL database of its own when MUTUALSCOPE_TEST_PG is set.
"""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import insert, inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mutualscope.storage.codebook import Code, Coding
from mutualscope.storage.memos import Memo
from mutualscope.storage.schema import downgrade_to, upgrade_to, upgrade_to_head
from mutualscope.storage.users import AuditEvent

PREVIOUS = "0004_web_sessions"
TEXT = 'Nurse 𝔑: "We said ""no"" to the tender."\r\nThen the surplus 🙂 paid for training.\n'
STAMP = "'2020-01-01 00:00:00'"
SAID = 'We said ""no"" to the'
S, E = TEXT.index(SAID), TEXT.index(SAID) + len(SAID)
P, Q = TEXT.index("surplus"), TEXT.index("surplus") + len("surplus")
#: id, name, parent: three top-level codes named "funding" apart from case and spaces, a
#: code already called what the first rename would pick, and clashing sub-codes.
CODES = [
    (1, "Funding", None),
    (2, " funding ", None),
    (3, "FUNDING", None),
    (4, "Surplus", 1),
    (5, "surplus", 1),
    (6, "Surplus", 2),
    (7, "funding (2)", None),
]
#: id, code, start, end, coder: 2 and 3 repeat 1; 5 repeats 4 (no coder); 6 and 7 differ.
CODINGS = [
    (1, 4, S, E, 1),
    (2, 4, S, E, 1),
    (3, 4, S, E, 1),
    (4, 4, S, E, None),
    (5, 4, S, E, None),
    (6, 5, S, E, 1),
    (7, 2, P, Q, None),
]


def fill_previous_revision(engine: Engine) -> None:
    upgrade_to(engine, PREVIOUS)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO app_user (id, name, role, active, guid, created_at, updated_at) "
                f"VALUES (1, 'ana', 'coder', true, 'u-1', {STAMP}, {STAMP})"
            )
        )
        conn.execute(
            text(
                "INSERT INTO document (id, name, kind, text, length, word_count, attributes, "
                f"guid, created_at, updated_at) VALUES (1, 'nurse.txt', 'interview', :text, "
                f":length, 14, '{{}}', 'd-1', {STAMP}, {STAMP})"
            ),
            {"text": TEXT, "length": len(TEXT)},
        )
        for code_id, name, parent in CODES:
            conn.execute(
                text(
                    "INSERT INTO code (id, name, parent_id, codable, position, guid, "
                    f"created_at, updated_at) VALUES (:id, :name, :parent, true, 0, :guid, "
                    f"{STAMP}, {STAMP})"
                ),
                {"id": code_id, "name": name, "parent": parent, "guid": f"c-{code_id}"},
            )
        for coding_id, code_id, start, end, coder in CODINGS:
            conn.execute(
                text(
                    'INSERT INTO coding (id, document_id, code_id, start, "end", coder_id, '
                    f"guid, created_at) VALUES (:id, 1, :code, :start, :end, :coder, :guid, "
                    f"{STAMP})"
                ),
                {
                    "id": coding_id, "code": code_id, "start": start, "end": end,
                    "coder": coder, "guid": f"k-{coding_id}",
                },
            )  # fmt: skip
        for memo_id, column, target, words in [
            (1, "coding_id", 2, "Said with a smile"),
            (2, "coding_id", 5, "Check the recording"),
            (3, "code_id", 2, "Lower-case theme from the second coder"),
            (4, "coding_id", 1, "On the kept one"),
        ]:
            conn.execute(
                text(
                    f"INSERT INTO memo (id, text, {column}, guid, created_at, updated_at) "
                    f"VALUES (:id, :text, :target, :guid, {STAMP}, {STAMP})"
                ),
                {"id": memo_id, "text": words, "target": target, "guid": f"m-{memo_id}"},
            )
        if engine.dialect.name == "postgresql":
            # Rows were written with their ids: move the id sequences past them.
            for table in ("app_user", "document", "code", "coding", "memo"):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT MAX(id) FROM {table}))"
                    )
                )


def test_upgrade_from_0004_keeps_every_piece_of_work(
    empty_engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    fill_previous_revision(empty_engine)

    with caplog.at_level(logging.WARNING, logger="mutualscope.migrations"):
        upgrade_to_head(empty_engine)

    with Session(empty_engine) as session:
        names = {c.id: (c.name, c.name_key) for c in session.scalars(select(Code))}
        assert names == {
            1: ("Funding", "funding"),
            2: ("funding (3)", "funding (3)"),
            3: ("FUNDING (4)", "funding (4)"),
            4: ("Surplus", "surplus"),
            5: ("surplus (2)", "surplus (2)"),
            6: ("Surplus", "surplus"),
            7: ("funding (2)", "funding (2)"),
        }
        codings = {c.id: c for c in session.scalars(select(Coding))}
        assert sorted(codings) == [1, 4, 6, 7]
        words = {i: TEXT[c.start : c.end] for i, c in codings.items()}
        assert words == {1: SAID, 4: SAID, 6: SAID, 7: "surplus"}
        assert (codings[1].coder_id, codings[4].coder_id) == (1, None)
        memos = {m.text: (m.coding_id, m.code_id) for m in session.scalars(select(Memo))}
        report = next(t for t in memos if t.startswith("Upgrading the project"))
        assert {t: v for t, v in memos.items() if t != report} == {
            "Said with a smile": (1, None),
            "Check the recording": (4, None),
            "Lower-case theme from the second coder": (None, 2),
            "On the kept one": (1, None),
        }
        assert "- ' funding ' -> 'funding (3)'" in report
        assert "- 'FUNDING' -> 'FUNDING (4)'" in report
        assert "- 'Funding/surplus' -> 'Funding/surplus (2)'" in report
        assert "3 duplicate coding(s) folded" in report and "2 memo(s)" in report
        title = session.scalars(select(Memo.title).where(Memo.title.is_not(None))).one()
        assert title == "Upgrade: codebook integrity"
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "upgrade")).one()
        assert event.after == {
            "revision": "0005_codebook_integrity",
            "renamed": [
                {"from": " funding ", "to": "funding (3)"},
                {"from": "FUNDING", "to": "FUNDING (4)"},
                {"from": "surplus", "to": "Funding/surplus (2)"},
            ],
            "codings_folded": 3,
            "memos_moved": 2,
        }
    assert any("' funding ' -> 'funding (3)'" in r.getMessage() for r in caplog.records)

    # The upgraded project now holds to the rules, for codings without a coder too.
    for row in (
        {"document_id": 1, "code_id": 4, "start": S, "end": E, "coder_id": None},
        {"document_id": 1, "code_id": 4, "start": S, "end": E, "coder_id": 1},
    ):
        with empty_engine.connect() as conn, pytest.raises(IntegrityError, match="code_id"):
            conn.execute(insert(Coding), [row])
    with Session(empty_engine) as session:
        session.add(Code(name="fUnDiNg"))
        with pytest.raises(IntegrityError, match="name_key"):
            session.commit()
        session.rollback()
        session.add(Code(name="fUnDiNg", parent_id=2))
        session.commit()


def test_upgrade_of_a_clean_project_writes_no_report(empty_engine: Engine) -> None:
    upgrade_to(empty_engine, PREVIOUS)
    upgrade_to_head(empty_engine)
    with Session(empty_engine) as session:
        assert session.scalars(select(Memo)).all() == []
        assert session.scalars(select(AuditEvent)).all() == []


def test_downgrade_to_0004_keeps_codes_and_codings(empty_engine: Engine) -> None:
    fill_previous_revision(empty_engine)
    upgrade_to_head(empty_engine)
    downgrade_to(empty_engine, PREVIOUS)
    with empty_engine.connect() as conn:
        assert "codebook_revision" not in inspect(conn).get_table_names()
        assert "name_key" not in {c["name"] for c in inspect(conn).get_columns("code")}
        assert conn.scalar(text("SELECT COUNT(*) FROM code")) == len(CODES)
        assert conn.scalar(text("SELECT COUNT(*) FROM coding")) == 4
        assert conn.scalar(text("SELECT COUNT(*) FROM memo WHERE coding_id IS NOT NULL")) == 3
    upgrade_to_head(empty_engine)
