"""The ledger tests use the submissions tests' world (tests/submissions/env.py)."""

from __future__ import annotations

from tests.submissions.conftest import env, fresh_env, server

__all__ = ["env", "fresh_env", "server"]
