"""Request-scoped dependencies shared by every router."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from baocao.config import Settings


def _transaction(request: Request) -> Iterator[Session]:
    session: Session = request.app.state.session_factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def get_session(session: Session = Depends(_transaction, scope="function")) -> Session:
    """One transaction per request: committed when the route returns, rolled back on error.

    The commit runs *before* the response is sent (``scope="function"``): a generator dependency
    otherwise ends after the response, so a client could see 200 and then not find its write in the
    next request, or see 200 for a write whose commit failed. Routes keep ``Depends(get_session)``.
    """
    return session


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings
