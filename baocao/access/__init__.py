"""Accounts, roles and hierarchical scopes ("theo phân cấp quản lý"). See docs/access.md.

Public API: ``guard.require``, ``rules.Permission``/``Role``/``RULES``, ``principal.Principal``,
``scope.Scope``. Nothing is re-exported here, so importing a submodule stays cheap and cycle-free.
"""
