"""Trust: the hash-chained ledger of submission events and unit signatures over canonical content."""
