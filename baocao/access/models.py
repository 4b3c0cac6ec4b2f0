"""Accounts, memberships (a role at a unit, with its scopes), API tokens and web sessions.

Secrets are never stored: passwords as argon2 hashes, API tokens and session ids as SHA-256.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from baocao.audit.types import UtcDateTime, utc_now
from baocao.storage.base import Base


class AccountKind(StrEnum):
    PERSON = "person"
    SYSTEM = "system"  # a connected system: token only, one unit, named regimes


class ScopeMode(StrEnum):
    """How far a membership reaches from its unit."""

    NONE = "none"  # nowhere (e.g. a viewer captures nothing)
    UNIT = "unit"  # the unit itself
    SUBTREE = "subtree"  # the unit and everything below it (as of the date asked about)
    NATIONAL = "national"  # every unit (the Government and its Office, VPCP)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16), default=AccountKind.PERSON.value)
    # The organisation the account belongs to; administrators manage accounts by it.
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    # None: no password login (system accounts, or a future single sign-on account).
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="Membership.id"
    )


class Membership(Base):
    """A role held at a unit. ``capture_scope``/``view_scope`` say where it may enter and see data;
    ``sector_scope`` adds, nationwide, the regimes the unit owns or receives (ministries)."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "unit_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    capture_scope: Mapped[str] = mapped_column(String(8), default=ScopeMode.UNIT.value)
    view_scope: Mapped[str] = mapped_column(String(8), default=ScopeMode.SUBTREE.value)
    sector_scope: Mapped[bool] = mapped_column(Boolean, default=False)
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    granted_by: Mapped[str | None] = mapped_column(String(100))

    user: Mapped[User] = relationship(back_populates="memberships")


class ApiToken(Base):
    """A bearer token for a program. The secret is shown once; only its SHA-256 is kept."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    # Regime codes a system account's token may touch; None = no restriction beyond the roles.
    regimes: Mapped[list[Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    user: Mapped[User] = relationship()


class WebSession(Base):
    """A browser login. The cookie holds a random id; the table holds only its SHA-256."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    id_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    ip: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(300))

    user: Mapped[User] = relationship()
