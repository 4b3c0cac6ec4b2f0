"""The demonstration data set: real units, a realistic catalogue, demo history."""
