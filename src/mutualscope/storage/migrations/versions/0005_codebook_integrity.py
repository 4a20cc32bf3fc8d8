"""codebook integrity: unique sibling names, unique codings, one codebook edit at a time

- ``code.name_key``: the name trimmed and case-folded, as paths are compared. Sibling
  codes must differ in it (a unique index, and a partial one for top-level codes, whose
  parent is NULL).
- ``coding``: one coding per document, code, span and coder (a unique index, and a
  partial one for codings without a coder).
- ``codebook_revision``: one row that every codebook edit updates first, so that edits
  wait for each other instead of racing.

A project may already hold what the new indexes forbid, and nothing in it is lost:

- Sibling codes whose names differ only in case or spaces ("Funding" and "funding "):
  the oldest keeps its name, each other one is renamed "funding (2)", "funding (3)" ...
  with its codings, sub-codes and memos. Merge them afterwards with `codes merge` if they
  are the same theme.
- Exact duplicate codings (same document, code, span and coder): the oldest is kept, the
  others are removed and their memos moved onto the kept one.

What was changed is written to a project memo titled "Upgrade: codebook integrity", to
the audit trail and to the log. Downgrading drops the indexes, the column and the table;
renamed codes keep their new names and folded codings stay folded.

Revision ID: 0005_codebook_integrity
Revises: 0004_web_sessions
Create Date: 2026-12-02
"""

import logging
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from mutualscope.domain.codepaths import MAX_NAME_LENGTH, name_key

revision: str = "0005_codebook_integrity"
down_revision: str | None = "0004_web_sessions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MEMO_TITLE = "Upgrade: codebook integrity"
SPAN = ("document_id", "code_id", "start", "end")
log = logging.getLogger("mutualscope.migrations")

_memo = sa.table(
    "memo",
    sa.column("title", sa.String),
    sa.column("text", sa.Text),
    sa.column("coding_id", sa.Integer),
    sa.column("guid", sa.String),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)
_audit = sa.table(
    "audit_event",
    sa.column("at", sa.DateTime(timezone=True)),
    sa.column("actor", sa.String),
    sa.column("action", sa.String),
    sa.column("entity_type", sa.String),
    sa.column("after", sa.JSON),
)


def _free_name(name: str, taken: set[str]) -> str:
    """``name (2)``, ``name (3)`` ... the first whose key no sibling has; taken then."""
    base, number = name.strip(), 2
    while True:
        suffix = f" ({number})"
        candidate = base[: MAX_NAME_LENGTH - len(suffix)].rstrip() + suffix
        if name_key(candidate) not in taken:
            taken.add(name_key(candidate))
            return candidate
        number += 1


def _key_code_names(bind: sa.Connection) -> list[dict[str, Any]]:
    """Fill ``name_key``; rename the younger of siblings whose keys clash. Returns the
    renames as {id, before, after, parent_id}."""
    rows = bind.execute(sa.text("SELECT id, name, parent_id FROM code ORDER BY id")).all()
    keys_by_parent: dict[int | None, set[str]] = {}
    for _id, name, parent_id in rows:
        keys_by_parent.setdefault(parent_id, set()).add(name_key(name))
    kept: set[tuple[int | None, str]] = set()
    renames: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for code_id, name, parent_id in rows:
        key = name_key(name)
        if (parent_id, key) in kept:
            new_name = _free_name(name, keys_by_parent[parent_id])
            renames.append(
                {"id": code_id, "before": name, "after": new_name, "parent_id": parent_id}
            )
            name, key = new_name, name_key(new_name)
        kept.add((parent_id, key))
        updates.append({"code_id": code_id, "new_name": name, "new_key": key})
    if updates:
        bind.execute(
            sa.text("UPDATE code SET name = :new_name, name_key = :new_key WHERE id = :code_id"),
            updates,
        )
    return renames


def _code_paths(bind: sa.Connection) -> dict[int, str]:
    rows = {i: (n, p) for i, n, p in bind.execute(sa.text("SELECT id, name, parent_id FROM code"))}
    paths: dict[int, str] = {}
    for code_id in rows:
        parts: list[str] = []
        current: int | None = code_id
        while current is not None and len(parts) <= len(rows):
            name, parent = rows[current]
            parts.append(name)
            current = parent
        paths[code_id] = "/".join(reversed(parts))
    return paths


def _fold_duplicate_codings(bind: sa.Connection) -> tuple[int, int]:
    """Keep the oldest of each group of identical codings, moving the others' memos onto
    it. Returns (codings removed, memos moved)."""
    columns = ", ".join(f'"{c}"' for c in (*SPAN, "coder_id"))
    groups = bind.execute(
        sa.text(f"SELECT {columns} FROM coding GROUP BY {columns} HAVING COUNT(*) > 1")
    ).all()
    removed = moved = 0
    for *span, coder_id in groups:
        same_span = " AND ".join(f'"{c}" = :{c}' for c in SPAN)
        coder = "coder_id = :coder_id" if coder_id is not None else "coder_id IS NULL"
        params = dict(zip(SPAN, span, strict=True))
        if coder_id is not None:
            params["coder_id"] = coder_id
        ids = list(
            bind.execute(
                sa.text(f"SELECT id FROM coding WHERE {same_span} AND {coder} ORDER BY id"),
                params,
            ).scalars()
        )
        keep, others = ids[0], ids[1:]
        moved += bind.execute(
            sa.text("UPDATE memo SET coding_id = :keep WHERE coding_id IN :others").bindparams(
                sa.bindparam("others", expanding=True)
            ),
            {"keep": keep, "others": others},
        ).rowcount
        bind.execute(
            sa.text("DELETE FROM coding WHERE id IN :others").bindparams(
                sa.bindparam("others", expanding=True)
            ),
            {"others": others},
        )
        removed += len(others)
    return removed, moved


def _report(bind: sa.Connection, renames: list[dict[str, Any]], folded: tuple[int, int]) -> None:
    removed, memos = folded
    if not renames and not removed:
        return
    paths = _code_paths(bind)
    lines = [
        "Upgrading the project to revision 0005 (unique sibling code names, unique codings) "
        "changed what follows; nothing was deleted that held work of its own."
    ]
    if renames:
        lines.append(
            f"{len(renames)} code(s) renamed because a sibling had the same name apart from "
            "capitals or spaces (codings, sub-codes and memos stay with them; merge them "
            "with `codes merge` if they are the same theme):"
        )
        for rename in renames:
            parent = paths.get(rename["parent_id"], "") + "/" if rename["parent_id"] else ""
            lines.append(f"- {parent + rename['before']!r} -> {paths[rename['id']]!r}")
    if removed:
        lines.append(
            f"{removed} duplicate coding(s) folded into an identical coding (same document, "
            f"code, span and coder) made earlier; {memos} memo(s) on them moved to it."
        )
    text = "\n".join(lines)
    now = datetime.now(UTC)
    bind.execute(
        _memo.insert().values(
            title=MEMO_TITLE, text=text, guid=str(uuid.uuid4()), created_at=now, updated_at=now
        )
    )
    bind.execute(
        _audit.insert().values(
            at=now,
            actor=None,
            action="upgrade",
            entity_type="codebook",
            after={
                "revision": revision,
                "renamed": [{"from": r["before"], "to": paths[r["id"]]} for r in renames],
                "codings_folded": removed,
                "memos_moved": memos,
            },
        )
    )
    log.warning(text)


def upgrade() -> None:
    op.create_table(
        "codebook_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_codebook_revision")),
    )
    # A plain ADD COLUMN: on SQLite, rebuilding `code` would drop the table, and with
    # foreign keys on that deletes every coding and memo on it.
    op.add_column(
        "code", sa.Column("name_key", sa.String(length=600), nullable=False, server_default="")
    )
    bind = op.get_bind()
    renames = _key_code_names(bind)
    folded = _fold_duplicate_codings(bind)
    _report(bind, renames, folded)
    op.create_index("uq_code_parent_id_name_key", "code", ["parent_id", "name_key"], unique=True)
    op.create_index(
        "uq_code_top_level_name_key",
        "code",
        ["name_key"],
        unique=True,
        sqlite_where=sa.text("parent_id IS NULL"),
        postgresql_where=sa.text("parent_id IS NULL"),
    )
    op.create_index(
        "uq_coding_document_id_code_id_start_end_coder_id",
        "coding",
        [*SPAN, "coder_id"],
        unique=True,
    )
    op.create_index(
        "uq_coding_span_without_coder",
        "coding",
        list(SPAN),
        unique=True,
        sqlite_where=sa.text("coder_id IS NULL"),
        postgresql_where=sa.text("coder_id IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("uq_coding_span_without_coder", table_name="coding")
    op.drop_index("uq_coding_document_id_code_id_start_end_coder_id", table_name="coding")
    op.drop_index("uq_code_top_level_name_key", table_name="code")
    op.drop_index("uq_code_parent_id_name_key", table_name="code")
    op.drop_column("code", "name_key")
    op.drop_table("codebook_revision")
