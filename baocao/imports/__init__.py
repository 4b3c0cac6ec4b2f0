"""Bulk import of values: the public path for large loads (CSV, demo history, benchmark)."""
