"""Submissions: one unit's report for one regime and period, versioned, through one write path."""
