"""Fast loaders for generated rows: COPY on PostgreSQL, chunked executemany elsewhere.

Rows are plain tuples in the order of ``columns``; values are Python objects (int, str,
bool, Decimal, date, naive datetime, dict/list for JSON columns). Every function runs on
the caller's connection and inside its transaction, so a failed load rolls back whole.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from itertools import islice
from typing import Any

from sqlalchemy import JSON, Connection, Engine, Table
from sqlalchemy.schema import DropIndex

CHUNK_ROWS = 10_000


def is_postgres(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


def clear_tables(conn: Connection, tables: Sequence[Table]) -> None:
    """Remove every row of ``tables`` (given parents first).

    PostgreSQL: one ``TRUNCATE ... RESTART IDENTITY CASCADE`` (CASCADE also empties any
    other table whose foreign keys point at these). Elsewhere: ``DELETE`` children first.
    """
    if is_postgres(conn):
        quote = conn.dialect.identifier_preparer.quote
        names = ", ".join(quote(t.name) for t in tables)
        conn.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
        return
    for table in reversed(tables):
        conn.execute(table.delete())


def load_rows(
    conn: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Iterable[tuple],
    *,
    defer_indexes: bool = True,
) -> int:
    """Load ``rows`` into ``table``; the number of rows loaded (see :func:`copy_rows`)."""
    if is_postgres(conn):
        return copy_rows(conn, table, columns, rows, defer_indexes=defer_indexes)
    return insert_rows(conn, table, columns, rows)


def insert_rows(
    conn: Connection, table: Table, columns: Sequence[str], rows: Iterable[tuple]
) -> int:
    """Chunked DBAPI ``executemany``, values converted by each column's SQLAlchemy type.

    Going through the types' bind processors stores exactly what ``table.insert()`` would
    (SQLite datetime strings, JSON text, 0/1 booleans), without per-row Core overhead.
    """
    dialect = conn.dialect
    quote = dialect.identifier_preparer.quote
    cols = [table.c[name] for name in columns]
    processors: list[Callable[[Any], Any] | None] = [
        c.type.dialect_impl(dialect).bind_processor(dialect) for c in cols
    ]
    active = [(i, p) for i, p in enumerate(processors) if p is not None]
    marks = ", ".join(["?"] * len(cols)) if dialect.paramstyle == "qmark" else None
    if marks is None:  # pragma: no cover - only SQLite is loaded this way in practice
        return _insert_with_core(conn, table, columns, rows)
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(c.name) for c in cols)}) "
        f"VALUES ({marks})"
    )
    total = 0
    iterator = iter(rows)
    while chunk := list(islice(iterator, CHUNK_ROWS)):
        if active:
            converted = []
            for row in chunk:
                values = list(row)
                for i, proc in active:
                    if values[i] is not None:
                        values[i] = proc(values[i])
                converted.append(tuple(values))
            chunk = converted
        conn.exec_driver_sql(sql, chunk)
        total += len(chunk)
    return total


def _insert_with_core(
    conn: Connection, table: Table, columns: Sequence[str], rows: Iterable[tuple]
) -> int:
    total = 0
    iterator = iter(rows)
    while chunk := list(islice(iterator, CHUNK_ROWS)):
        conn.execute(table.insert(), [dict(zip(columns, row, strict=True)) for row in chunk])
        total += len(chunk)
    return total


@contextmanager
def deferred_indexes(conn: Connection, table: Table) -> Iterator[None]:
    """PostgreSQL: drop ``table``'s secondary indexes and foreign keys, rebuild them after.

    Building an index once over all rows is several times faster than maintaining it row by
    row, and re-adding a foreign key validates every row in one join instead of one lookup
    per row and key, which otherwise dominates loading the large event tables. The
    constraints come back under the same names and definitions. A no-op elsewhere.
    """
    if not is_postgres(conn):
        yield
        return
    quote = conn.dialect.identifier_preparer.quote
    foreign_keys = conn.exec_driver_sql(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = to_regclass(%(name)s) AND contype = 'f' ORDER BY conname",
        {"name": quote(table.name)},
    ).all()
    for name, _definition in foreign_keys:
        conn.exec_driver_sql(f"ALTER TABLE {quote(table.name)} DROP CONSTRAINT {quote(name)}")
    for index in table.indexes:
        conn.execute(DropIndex(index, if_exists=True))
    yield
    for index in sorted(table.indexes, key=lambda ix: ix.name or ""):
        index.create(conn)
    for name, definition in foreign_keys:
        conn.exec_driver_sql(
            f"ALTER TABLE {quote(table.name)} ADD CONSTRAINT {quote(name)} {definition}"
        )


def copy_rows(
    conn: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Iterable[tuple],
    *,
    defer_indexes: bool = True,
) -> int:
    """PostgreSQL ``COPY ... FROM STDIN`` through psycopg 3, on the connection's transaction.

    By default the table's indexes and foreign keys are rebuilt after the load
    (:func:`deferred_indexes`); a table with few rows already in it should keep them.
    """
    with deferred_indexes(conn, table) if defer_indexes else nullcontext():
        return _copy(conn, table, columns, rows)


def _copy(conn: Connection, table: Table, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    quote = conn.dialect.identifier_preparer.quote
    json_cols = [i for i, name in enumerate(columns) if isinstance(table.c[name].type, JSON)]
    driver = conn.connection.driver_connection
    statement = f"COPY {quote(table.name)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    total = 0
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        write = copy.write_row
        if json_cols:
            for row in rows:
                values = list(row)
                for i in json_cols:
                    if values[i] is not None:
                        values[i] = json.dumps(values[i])
                write(values)
                total += 1
        else:
            for row in rows:
                write(row)
                total += 1
    return total


def reset_sequences(conn: Connection, tables: Sequence[Table]) -> None:
    """PostgreSQL: point each ``id`` sequence past the explicitly loaded ids."""
    if not is_postgres(conn):
        return
    for table in tables:
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        name = table.name
        conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
            f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {name}"
        )


def analyze(conn: Connection, tables: Sequence[Table]) -> None:
    """PostgreSQL: refresh planner statistics after a bulk load (a no-op elsewhere)."""
    if not is_postgres(conn):
        return
    quote = conn.dialect.identifier_preparer.quote
    conn.exec_driver_sql(f"ANALYZE {', '.join(quote(t.name) for t in tables)}")


def vacuum(engine: Engine, tables: Sequence[Table]) -> None:
    """PostgreSQL: VACUUM freshly loaded tables (after their load has committed).

    A bulk-loaded table has no visibility map until vacuumed, so index-only scans still
    visit the heap and count(*) of contacts reads the whole table (BENCHMARKS.md).
    """
    if engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        quote = conn.dialect.identifier_preparer.quote
        conn.exec_driver_sql(f"VACUUM {', '.join(quote(t.name) for t in tables)}")


def set_bulk_session(conn: Connection) -> None:
    """PostgreSQL: more memory for index builds, for this transaction only."""
    if is_postgres(conn):
        conn.exec_driver_sql("SET LOCAL maintenance_work_mem = '256MB'")
