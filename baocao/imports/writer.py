"""Set-based writes on the caller's connection and transaction: ``COPY`` on PostgreSQL (psycopg 3),
``executemany`` of one prepared statement on SQLite. Values are converted once by the column's own
SQLAlchemy type (dates and instants are stored exactly as the ORM stores them)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Table, func, select, text
from sqlalchemy.orm import Session


class BulkWriter:
    def __init__(self, session: Session) -> None:
        self.session = session
        connection = session.connection()
        self.dialect = connection.dialect
        self.postgres = self.dialect.name == "postgresql"
        self.raw: Any = connection.connection.driver_connection

    def bind(self, table: Table, column: str, value: object) -> object:
        """``value`` as the driver receives it for ``table.column`` (call once per constant)."""
        processor = table.c[column].type._cached_bind_processor(self.dialect)
        return processor(value) if processor else value

    def insert(self, table: Table, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
        """Insert plain rows (no ids come back); returns how many."""
        return self.insert_into(table.name, columns, rows)

    def insert_into(self, name: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
        count = 0
        names = ", ".join(columns)
        if self.postgres:
            with self.raw.cursor() as cursor, cursor.copy(f"COPY {name} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        marks = ", ".join("?" for _ in columns)
        counted = [0]

        def streamed() -> Iterator[Sequence[object]]:  # rows are not held in memory all at once
            for row in rows:
                counted[0] += 1
                yield row

        cursor = self.raw.cursor()
        try:
            cursor.executemany(f"INSERT INTO {name} ({names}) VALUES ({marks})", streamed())  # noqa: S608
        finally:
            cursor.close()
        return counted[0]

    def reserve_ids(self, table: Table, count: int) -> list[int]:
        """``count`` new ids for ``table``: from its sequence on PostgreSQL; on SQLite after the
        highest one (the caller holds SQLite's single write lock, so no one else is inserting)."""
        if count == 0:
            return []
        if self.postgres:
            stmt = text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)")
            return [int(i) for i in self.session.execute(stmt, {"t": table.name, "n": count}).scalars()]
        highest = self.session.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()
        return list(range(highest + 1, highest + 1 + count))

    def insert_ids(self, table: Table, columns: Sequence[str], rows: list[tuple[object, ...]]) -> list[int]:
        """Insert rows (values as the driver takes them) whose ids are needed: given out here, in the
        order of ``rows``."""
        ids = self.reserve_ids(table, len(rows))
        if rows:
            self.insert(table, ["id", *columns], [(i, *row) for i, row in zip(ids, rows, strict=True)])
        return ids

    def day_converter(self, table: Table, column: str = "period_start") -> Callable[[object], object]:
        """A date as the driver takes it for a ``Date`` column (each distinct day converted once)."""
        cache: dict[object, object] = {}

        def convert(value: object) -> object:
            found = cache.get(value)
            if found is None:
                found = cache[value] = self.bind(table, column, value)
            return found

        return convert
