"""Open data: public indicators as tidy CSV with CSVW metadata, listed in a DCAT-AP catalogue."""
