"""Declarative base with a constraint naming convention (stable names for Alembic)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, DateTime, Index, MetaData, String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


#: Table options of the tables whose rows are addressed by id from outside the database
#: (pages, the API, the audit trail): on SQLite an id, once given, is never given again,
#: even after its row is deleted (migration 0006). PostgreSQL's sequences do this anyway.
NEVER_REUSED_IDS: dict[str, Any] = {"sqlite_autoincrement": True}


#: The partial indexes, each with its WHERE for PostgreSQL (see partial_unique_index).
_POSTGRESQL_WHERE: list[tuple[Index, str]] = []


def partial_unique_index(name: str, *columns: str, where: str) -> Index:
    """A unique index over the rows matching ``where`` (the same SQL on both backends).

    SQLite's option is given here; PostgreSQL's when a PostgreSQL engine is first made
    (:func:`declare_postgresql_where`): naming ``postgresql_where`` in a class would load
    PostgreSQL's dialect, about 40 ms, into every command, SQLite ones too."""
    index = Index(name, *columns, unique=True, sqlite_where=text(where))
    _POSTGRESQL_WHERE.append((index, where))
    return index


def declare_postgresql_where() -> None:
    """Give every partial index its PostgreSQL WHERE (once; later calls do nothing)."""
    for index, where in _POSTGRESQL_WHERE:
        if index.dialect_kwargs.get("postgresql_where") is None:
            index.dialect_kwargs["postgresql_where"] = text(where)


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_guid() -> str:
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JSON,
        datetime: DateTime(timezone=True),
    }


class GuidMixin:
    """A stable identifier used for interchange (REFI-QDA) and URLs."""

    guid: Mapped[str] = mapped_column(String(36), default=new_guid, unique=True)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
