"""People who sign in or code, and the audit trail of changes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from mutualscope.storage.base import Base, GuidMixin, TimestampMixin, utcnow


class User(GuidMixin, TimestampMixin, Base):
    """A person who signs in or codes. A coder named only on the command line has no
    password and cannot sign in."""

    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(300))
    # owner | coder | viewer
    role: Mapped[str] = mapped_column(String(20), default="coder")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class AuditEvent(Base):
    """Who changed what and when, with the values before and after."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str | None] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(50))
    entity_type: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class ProjectSetting(Base):
    """Project-wide key/value settings (title, created-by version ...)."""

    __tablename__ = "project_setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(String(2000))
