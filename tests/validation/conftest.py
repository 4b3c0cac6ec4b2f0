from tests.validation.world import db, world_url

__all__ = ["db", "world_url"]
