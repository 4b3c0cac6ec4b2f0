"""DHIS2 interoperability: dataValueSets (JSON, CSV, ADX) in and out, through a mapping table."""
