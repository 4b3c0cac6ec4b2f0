"""``baocao bench``: the national-scale benchmark (import, dashboard queries, freshness, memory)."""
