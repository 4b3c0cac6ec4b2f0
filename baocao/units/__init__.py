"""Administrative and agency units: effective-dated versions linked by successions."""
