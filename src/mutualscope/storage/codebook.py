"""The hierarchical codebook and the codings that apply codes to spans of text.

Two rules hold in the database itself, on both backends:

- Sibling codes have different names as compared trimmed and case-folded
  (:func:`mutualscope.domain.codepaths.name_key`, stored in ``code.name_key``).
- A coder codes a span of a document with a code at most once; codings without a coder
  count as one coder. NULLs are distinct in a unique index, so the rows whose parent or
  coder is NULL have a partial unique index of their own.

Codebook edits take :func:`lock_codebook` first, which queues them one after another.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship, validates

from mutualscope.domain.codepaths import name_key
from mutualscope.storage.base import (
    NEVER_REUSED_IDS,
    Base,
    GuidMixin,
    TimestampMixin,
    partial_unique_index,
    utcnow,
)
from mutualscope.storage.bulk import upsert_insert

if TYPE_CHECKING:
    from mutualscope.storage.documents import Document
    from mutualscope.storage.users import User

#: Case folding can lengthen a name ("ß" -> "ss"), at most threefold.
NAME_KEY_LENGTH = 600


def _name_key_default(context: DefaultExecutionContext) -> str:
    """The key of the name being inserted, for inserts that do not give one (bulk)."""
    # SQLAlchemy leaves this method unannotated.
    parameters: dict[str, Any] = context.get_current_parameters()  # type: ignore[no-untyped-call]
    return name_key(str(parameters["name"]))


class Code(GuidMixin, TimestampMixin, Base):
    """A node of the codebook, addressed by its path ("Innovation/Organisational")."""

    __tablename__ = "code"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(
        String(NAME_KEY_LENGTH), default=_name_key_default, server_default=""
    )
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("code.id", ondelete="CASCADE"), index=True
    )
    definition: Mapped[str | None] = mapped_column(Text)
    colour: Mapped[str | None] = mapped_column(String(9))
    codable: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    parent: Mapped[Code | None] = relationship(remote_side="Code.id", back_populates="children")
    children: Mapped[list[Code]] = relationship(back_populates="parent")

    __table_args__ = (
        Index("uq_code_parent_id_name_key", "parent_id", "name_key", unique=True),
        partial_unique_index("uq_code_top_level_name_key", "name_key", where="parent_id IS NULL"),
        NEVER_REUSED_IDS,
    )

    @validates("name")
    def _keep_name_key(self, _field: str, value: str) -> str:
        self.name_key = name_key(value)
        return value


class Coding(GuidMixin, Base):
    """A code applied by a coder to ``document.text[start:end]`` (code points, end exclusive)."""

    __tablename__ = "coding"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    code_id: Mapped[int] = mapped_column(ForeignKey("code.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    coder_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    document: Mapped[Document] = relationship()
    code: Mapped[Code] = relationship()
    coder: Mapped[User | None] = relationship()

    __table_args__ = (
        Index("ix_coding_document_start", "document_id", "start"),
        Index(
            "uq_coding_document_id_code_id_start_end_coder_id",
            "document_id",
            "code_id",
            "start",
            "end",
            "coder_id",
            unique=True,
        ),
        partial_unique_index(
            "uq_coding_span_without_coder",
            "document_id",
            "code_id",
            "start",
            "end",
            where="coder_id IS NULL",
        ),
        NEVER_REUSED_IDS,
    )


class CodebookRevision(Base):
    """One row counting the codebook's changes. Every codebook edit updates it first, so
    edits wait for each other: on PostgreSQL on the row's lock, on SQLite on the write
    lock that the update takes. Each edit then reads the codebook as the last one left it."""

    __tablename__ = "codebook_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


def lock_codebook(session: Session) -> int:
    """Take the codebook for this transaction (until commit or rollback) and return its
    new revision number. Call it before reading the codebook for an edit."""
    insert = upsert_insert(session)
    table = CodebookRevision.__table__
    now = utcnow()
    statement = (
        insert(table)
        .values(id=1, number=1, changed_at=now)
        .on_conflict_do_update(
            index_elements=[table.c.id],
            set_={"number": table.c.number + 1, "changed_at": now},
        )
        .returning(table.c.number)
    )
    return int(session.execute(statement).scalar_one())


def insert_new_codings(session: Session, rows: list[dict[str, Any]]) -> list[Any]:
    """Insert codings, skipping any the table already holds (the unique indexes decide,
    so a coding saved by someone else a moment ago is skipped too). Returns the inserted
    rows as (id, document_id, code_id, start, end, coder_id)."""
    if not rows:
        return []
    insert = upsert_insert(session)
    table = Coding.__table__
    statement = (
        insert(table)
        .on_conflict_do_nothing()
        .returning(
            table.c.id,
            table.c.document_id,
            table.c.code_id,
            table.c.start,
            table.c.end,
            table.c.coder_id,
        )
    )
    return list(session.execute(statement, rows).all())


def insert_coding_if_new(
    session: Session,
    *,
    document_id: int,
    code_id: int,
    span: tuple[int, int],
    coder_id: int | None,
    created_at: datetime,
) -> int | None:
    """Insert one coding in a single statement and give its id, or None when the table
    holds that coding already (the unique indexes decide). A code or document deleted
    meanwhile raises IntegrityError."""
    table = Coding.__table__
    statement = upsert_insert(session)(table).on_conflict_do_nothing().returning(table.c.id)
    row = {
        "document_id": document_id, "code_id": code_id, "start": span[0], "end": span[1],
        "coder_id": coder_id, "created_at": created_at,
    }  # fmt: skip
    found = session.connection().execute(statement, row).scalar_one_or_none()
    return None if found is None else int(found)
