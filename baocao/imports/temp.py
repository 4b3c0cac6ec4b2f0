"""Temporary work tables of a bulk import, on the caller's connection: created on first use
(PostgreSQL: dropped at commit; SQLite: kept for the connection, in memory) and emptied per batch."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import text

from baocao.imports.writer import BulkWriter

CACHE_KIB = 256 * 1024  # SQLite page cache while importing
WORK_MEM_MB = 256  # PostgreSQL sort and hash memory of the import's statements


class TempTables:
    def __init__(self, writer: BulkWriter, tables: dict[str, str]) -> None:
        self.writer, self.tables = writer, tables
        session = writer.session
        if not writer.postgres and session.execute(text("PRAGMA temp_store")).scalar() != 2:
            # Work tables and sorts in memory (changing this drops the connection's temp tables,
            # which are created just below). A bigger page cache for the indexes being filled.
            session.execute(text("PRAGMA temp_store = MEMORY"))
            session.execute(text(f"PRAGMA cache_size = -{CACHE_KIB}"))
        if writer.postgres:  # group and join the work tables in memory, for this transaction only
            session.execute(text(f"SET LOCAL work_mem = '{WORK_MEM_MB}MB'"))
        for name, columns in tables.items():
            tail = " ON COMMIT DROP" if writer.postgres else ""
            session.execute(text(f"CREATE TEMP TABLE IF NOT EXISTS {name} ({columns}){tail}"))
            # PostgreSQL: TRUNCATE, as a DELETE leaves the dead rows of every earlier batch to be scanned
            # again (temporary tables are never vacuumed). SQLite: a DELETE without WHERE truncates.
            empty = "TRUNCATE" if writer.postgres else "DELETE FROM"
            session.execute(text(f"{empty} {name}"))

    def fill(self, name: str, rows: Iterable[Sequence[object]], columns: Sequence[str] = ()) -> int:
        """Insert ``rows`` (all the table's columns in order, or ``columns``)."""
        if not columns:
            ddl = self.tables[name].split(", PRIMARY KEY")[0]
            columns = [c.strip().split()[0] for c in ddl.split(",")]
        return self.writer.insert_into(name, columns, rows)

    def analyze(self, *names: str) -> None:
        """PostgreSQL plans with row counts: tell it what these tables now hold. (Tables filled while
        the statements run are left alone: never analysed, they are estimated from their size.)"""
        if self.writer.postgres:
            for name in names:
                self.writer.session.execute(text(f"ANALYZE {name}"))
