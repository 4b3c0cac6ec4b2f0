"""The dates that shape the reference history of units (half-open validity ``[valid_from, valid_to)``)."""

from __future__ import annotations

from datetime import date

# The 63-province map (Hà Tây joined Hà Nội on 1 August 2008). The reference files hold the
# statistics-office snapshot of 1 March 2025, which is taken as valid since this date: district and
# commune boundary changes between 2008 and 2025 are not in the reference data.
HISTORY_START = date(2008, 8, 1)
# Resolution 176/2025/QH15: the Government's new structure (14 ministries, 3 ministerial-level agencies).
MINISTRIES_RESTRUCTURED = date(2025, 3, 1)
# Provinces merged (63 → 34), districts abolished, communes merged (10,047 → 3,321).
MERGER = date(2025, 7, 1)
