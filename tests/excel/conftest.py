"""Fixtures of the Excel tests: the access tests' world (its seed loads data/x_*.yaml through
authz_rows.py) and a live server on it; tests log in as real accounts and use their own periods."""

from __future__ import annotations

from tests.access.conftest import world, world_server

__all__ = ["world", "world_server"]
