"""SDMX 2.1 REST: our regimes' forms (and indicator sets) as dataflows with data structure
definitions and codelists, their figures as SDMX data (the same figures as the analytics API), and
SDMX-CSV 2.0 uploads into submissions through the one write path. See docs/sdmx.md."""
