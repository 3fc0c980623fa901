"""Running compiled queries: read-only, with a statement timeout, failing with a clear message.

PostgreSQL gets ``SET TRANSACTION READ ONLY`` and ``SET LOCAL statement_timeout``; SQLite
gets ``PRAGMA query_only`` and a progress handler that interrupts the statement when the
deadline passes. Either way a slow count ends as :class:`QueryTimeout`, never as a hang.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator

from sqlalchemy import Connection, Engine, Select
from sqlalchemy.exc import OperationalError

DEFAULT_TIMEOUT_MS = int(os.environ.get("NLSEG_QUERY_TIMEOUT_MS", "30000"))


class QueryTimeout(TimeoutError):
    def __init__(self, timeout_ms: int):
        super().__init__(
            f"The query took longer than {timeout_ms / 1000:g} s and was stopped. "
            "Narrow the segment or raise NLSEG_QUERY_TIMEOUT_MS."
        )
        self.timeout_ms = timeout_ms


# How each database reports a statement stopped by its time limit.
TIMEOUT_MESSAGES = ("canceling statement due to statement timeout", "interrupted")


def _limit(conn: Connection, timeout_ms: int) -> Callable[[], None]:
    """Make ``conn``'s transaction read-only and time-limited; returns the undo."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SET TRANSACTION READ ONLY")
        conn.exec_driver_sql(f"SET LOCAL statement_timeout = {int(timeout_ms)}")
        # psycopg prepares a statement after 5 runs; PostgreSQL's generic plan then cannot
        # see the window dates and misestimates by 100x (a 0.6 s count timed out).
        conn.exec_driver_sql("SET LOCAL plan_cache_mode = force_custom_plan")
        return lambda: None  # both end with the transaction
    raw = conn.connection.driver_connection
    deadline = time.monotonic() + timeout_ms / 1000
    raw.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
    conn.exec_driver_sql("PRAGMA query_only = ON")

    def undo() -> None:
        raw.set_progress_handler(None, 0)
        conn.exec_driver_sql("PRAGMA query_only = OFF")

    return undo


@contextlib.contextmanager
def read_only(engine: Engine, timeout_ms: int = DEFAULT_TIMEOUT_MS) -> Iterator[Connection]:
    """A connection in a read-only transaction whose statements stop after ``timeout_ms``."""
    with engine.connect() as conn:
        undo = _limit(conn, timeout_ms)
        try:
            yield conn
        except OperationalError as exc:
            if any(message in str(exc) for message in TIMEOUT_MESSAGES):
                raise QueryTimeout(timeout_ms) from None
            raise
        finally:
            conn.rollback()
            undo()


def scalar(engine: Engine, query: Select, timeout_ms: int = DEFAULT_TIMEOUT_MS):
    with read_only(engine, timeout_ms) as conn:
        return conn.execute(query).scalar_one()


def rows(engine: Engine, query: Select, timeout_ms: int = DEFAULT_TIMEOUT_MS) -> list:
    with read_only(engine, timeout_ms) as conn:
        return list(conn.execute(query).all())
