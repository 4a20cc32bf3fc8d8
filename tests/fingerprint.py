"""What a project holds, as plain data two projects can be compared by: the rows of every
table and a checksum of every document's text."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import func, inspect, select, text
from sqlalchemy.engine import Engine

from mutualscope.storage.models import Base


@dataclass(frozen=True)
class Fingerprint:
    counts: dict[str, int]
    texts: dict[str, str]  # document name -> sha256 of its text
    codings: frozenset[tuple[str, str, int, int, str | None]]  # document, code, span, coder


def fingerprint(engine: Engine) -> Fingerprint:
    with engine.connect() as conn:
        present = set(inspect(conn).get_table_names())
        counts = {
            table.name: conn.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
            if table.name in present
        }
        texts = {
            name: hashlib.sha256(body.encode("utf-8")).hexdigest()
            for name, body in conn.execute(text("SELECT name, text FROM document"))
        }
        codings = frozenset(
            (row[0], row[1], row[2], row[3], row[4])
            for row in conn.execute(
                text(
                    'SELECT d.name, c.name, g.start, g."end", u.name FROM coding g '
                    "JOIN document d ON d.id = g.document_id JOIN code c ON c.id = g.code_id "
                    "LEFT JOIN app_user u ON u.id = g.coder_id"
                )
            )
        )
    return Fingerprint(counts, texts, codings)
