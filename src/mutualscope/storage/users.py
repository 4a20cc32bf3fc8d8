"""People who sign in or code, their signed-in browsers, and the audit trail of changes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from mutualscope.storage.base import NEVER_REUSED_IDS, Base, GuidMixin, TimestampMixin, utcnow


class User(GuidMixin, TimestampMixin, Base):
    """A person who signs in or codes. A coder named only on the command line has no
    password and cannot sign in."""

    __tablename__ = "app_user"
    __table_args__ = NEVER_REUSED_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(300))
    # owner | coder | viewer
    role: Mapped[str] = mapped_column(String(20), default="coder")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class BrowserSession(Base):
    """A signed-in browser. Its cookie holds a random token; only the token's SHA-256
    is stored, so reading the database does not give anyone a way in. Deleting the row
    ends the session in every server process at once."""

    __tablename__ = "web_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class SignInFailures(Base):
    """Recent failed sign-ins for one throttle key (an address, or a name from an
    address), shared by every server process. The key is stored as its SHA-256, so
    names typed at the sign-in form are not kept."""

    __tablename__ = "sign_in_throttle"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure: Mapped[datetime] = mapped_column(index=True)
    locked_until: Mapped[datetime | None] = mapped_column()


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
