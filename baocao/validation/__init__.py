"""Validation rules over cells and data elements: in-form, cross-period, cross-unit, outliers."""
