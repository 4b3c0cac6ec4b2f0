"""Catalogue: data elements and their disaggregations (categories with options)."""
