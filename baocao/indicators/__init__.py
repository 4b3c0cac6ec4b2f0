"""Indicators (chỉ tiêu tổng hợp: expressions over data elements) and plan targets (chỉ tiêu kế hoạch)."""
