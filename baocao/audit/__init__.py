"""Audit log: who did what, when and from where (security and administration events).

Issue #3 adds value-change audit and a hash-chained ledger to this folder.
"""
