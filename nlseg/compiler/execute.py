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

TIMEOUT_ENV = "NLSEG_QUERY_TIMEOUT_MS"
MAX_TIMEOUT_MS = 86_400_000  # a day


class TimeoutSettingError(ValueError):
    """NLSEG_QUERY_TIMEOUT_MS has a value that is not a time limit; the message says why."""


def parse_timeout_ms(raw: str | None, default: int = 30_000) -> int:
    """The query time limit in milliseconds from ``NLSEG_QUERY_TIMEOUT_MS``'s text: a whole
    number from 0 (no limit, on both databases) to a day."""
    if raw is None or not raw.strip():
        return default
    text = raw.strip()
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_TIMEOUT_MS:
        raise TimeoutSettingError(
            f"{TIMEOUT_ENV} must be a whole number of milliseconds from 0 (no limit) to "
            f"{MAX_TIMEOUT_MS}; got {raw!r}."
        )
    return int(text)


def configured_timeout_ms() -> int:
    """The configured limit; raises :class:`TimeoutSettingError` for an unusable setting."""
    return parse_timeout_ms(os.environ.get(TIMEOUT_ENV))


def _default_timeout_ms() -> int:
    try:
        return configured_timeout_ms()
    except TimeoutSettingError:
        return parse_timeout_ms(None)  # the CLI and the app refuse to start and say why


DEFAULT_TIMEOUT_MS = _default_timeout_ms()


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
    """Make ``conn``'s transaction read-only and time-limited (0: no limit); returns the
    undo."""
    if timeout_ms < 0:
        raise ValueError(f"a query time limit cannot be negative, got {timeout_ms} ms")
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SET TRANSACTION READ ONLY")
        conn.exec_driver_sql(f"SET LOCAL statement_timeout = {int(timeout_ms)}")
        # psycopg prepares a statement after 5 runs; PostgreSQL's generic plan then cannot
        # see the window dates and misestimates by 100x (a 0.6 s count timed out).
        conn.exec_driver_sql("SET LOCAL plan_cache_mode = force_custom_plan")
        # JIT compilation cannot be cancelled: with it a 300 ms limit stopped a heavy count
        # after 11.3 s, and a 36 ms tree took 6.2 s. Counts are short; they never need it.
        conn.exec_driver_sql("SET LOCAL jit = off")
        return lambda: None  # both end with the transaction
    raw = conn.connection.driver_connection
    deadline = time.monotonic() + timeout_ms / 1000
    if timeout_ms:  # 0 is no limit, as PostgreSQL's statement_timeout reads it
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
