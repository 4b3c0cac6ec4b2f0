"""Configuration, read once from BAOCAO_* environment variables (documented in README.md)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

DEFAULT_SECRET = "change-me"  # noqa: S105 - the placeholder we refuse outside demo mode
DEFAULT_DATABASE_URL = "sqlite:///./var/baocao.db"


class ConfigError(RuntimeError):
    """Raised when the environment does not allow a safe start."""


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def _positive(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise ConfigError(f"{name}: '{raw}' is not a positive whole number")
    return value


def _dates(raw: str, name: str) -> tuple[date, ...]:
    days = []
    for part in raw.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            days.append(date.fromisoformat(part))
        except ValueError as exc:
            raise ConfigError(f"{name}: '{part}' is not a date YYYY-MM-DD") from exc
    return tuple(days)


def _sdmx_id(raw: str) -> str:
    """An SDMX agency id: letters, digits, '_', '-', '.'; starting with a letter."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_\-]*(\.[A-Za-z][A-Za-z0-9_\-]*)*", raw):
        raise ConfigError(f"BAOCAO_SDMX_AGENCY: '{raw}' is not an SDMX agency id (e.g. VN_NRIS)")
    return raw


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for plain postgresql:// URLs."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    secret_key: str = DEFAULT_SECRET
    demo: bool = False
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "info"
    # Extra days off decided each year by the Prime Minister (swapped working days, bridges).
    extra_holidays: tuple[date, ...] = field(default_factory=tuple)
    # Days that are working days although they fall on a weekend (make-up Saturdays).
    extra_working_days: tuple[date, ...] = field(default_factory=tuple)
    # Behind a reverse proxy that terminates TLS: trust X-Forwarded-Proto / X-Forwarded-For
    # (for HSTS, the Secure cookie flag and the client address in the audit log).
    trust_proxy: bool = False
    # Web sessions and API tokens from POST /api/v1/auth/token last this long.
    session_hours: int = 8
    token_hours: int = 8
    # After this many failed logins in a row an account is locked for lockout_minutes.
    lockout_attempts: int = 5
    lockout_minutes: int = 15
    # Largest file accepted by uploads (Excel templates), in megabytes; larger ones answer 413.
    upload_max_mb: int = 10
    # Agency id of our SDMX structures (dataflows, data structures, codelists): /sdmx/rest.
    sdmx_agency: str = "VN_NRIS"

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            database_url=normalise_database_url(os.environ.get("BAOCAO_DATABASE_URL", DEFAULT_DATABASE_URL)),
            secret_key=os.environ.get("BAOCAO_SECRET_KEY", DEFAULT_SECRET),
            demo=_flag("BAOCAO_DEMO"),
            host=os.environ.get("BAOCAO_HOST", "127.0.0.1"),
            port=int(os.environ.get("BAOCAO_PORT", "8000")),
            log_level=os.environ.get("BAOCAO_LOG_LEVEL", "info"),
            extra_holidays=_dates(os.environ.get("BAOCAO_EXTRA_HOLIDAYS", ""), "BAOCAO_EXTRA_HOLIDAYS"),
            extra_working_days=_dates(
                os.environ.get("BAOCAO_EXTRA_WORKING_DAYS", ""), "BAOCAO_EXTRA_WORKING_DAYS"
            ),
            trust_proxy=_flag("BAOCAO_TRUST_PROXY"),
            session_hours=_positive("BAOCAO_SESSION_HOURS", 8),
            token_hours=_positive("BAOCAO_TOKEN_HOURS", 8),
            lockout_attempts=_positive("BAOCAO_LOCKOUT_ATTEMPTS", 5),
            lockout_minutes=_positive("BAOCAO_LOCKOUT_MINUTES", 15),
            upload_max_mb=_positive("BAOCAO_UPLOAD_MAX_MB", 10),
            sdmx_agency=_sdmx_id(os.environ.get("BAOCAO_SDMX_AGENCY", "").strip() or "VN_NRIS"),
        )

    def check_can_serve(self) -> None:
        """Outside demo mode a real secret is mandatory: sessions and CSRF tokens depend on it."""
        if self.demo:
            return
        if not self.secret_key or self.secret_key == DEFAULT_SECRET or len(self.secret_key) < 32:
            raise ConfigError(
                "BAOCAO_SECRET_KEY is missing, the default, or shorter than 32 characters; "
                "set a long random value (python -c 'import secrets; print(secrets.token_urlsafe(48))') "
                "or set BAOCAO_DEMO=1 for a demonstration."
            )

    def sqlite_path(self) -> Path | None:
        prefix = "sqlite:///"
        if self.database_url.startswith(prefix) and ":memory:" not in self.database_url:
            return Path(self.database_url[len(prefix) :])
        return None
