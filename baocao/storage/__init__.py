"""Storage: the declarative base, engines and sessions. Imports nothing from the layers above."""
