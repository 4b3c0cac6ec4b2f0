"""Analytics: facts fed by the one write path, rollups kept up to date in the same transaction, and the
query API over them (see docs/analytics.md)."""
