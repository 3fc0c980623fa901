"""Engine set-up: which database, how to connect, and idempotent schema creation."""

from __future__ import annotations

import os
import sqlite3

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url

from nlseg.store.rollups import install_staleness_triggers
from nlseg.store.schema import metadata
from nlseg.text import simple_lower

DEFAULT_DATABASE_URL = "sqlite:///nlseg.db"
DATABASE_URL_ENV = "NLSEG_DATABASE_URL"


def database_url(url: str | None = None) -> str:
    """The URL to use: the argument, else ``NLSEG_DATABASE_URL``, else the SQLite default.

    Plain ``postgresql://`` URLs are pointed at psycopg 3, the only PostgreSQL driver
    nlseg installs.
    """
    raw = url or os.environ.get(DATABASE_URL_ENV) or DEFAULT_DATABASE_URL
    parsed = make_url(raw)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _fold_case(value: object) -> object:
    return simple_lower(value) if isinstance(value, str) else value


def _configure_sqlite(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # SQLite's own lower() folds ASCII only; PostgreSQL's folds Unicode one character at a
    # time. Registering the same per-character folding keeps matching identical on both.
    dbapi_connection.create_function("nlseg_lower", 1, _fold_case, deterministic=True)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def make_engine(url: str | None = None, **kwargs: object) -> Engine:
    """An engine for ``url`` (see :func:`database_url`) with nlseg's per-connection set-up."""
    engine = create_engine(database_url(url), **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
    return engine


SCHEMA_LOCK = 0x6E6C736567  # "nlseg": one advisory lock id for schema changes


def create_schema(engine: Engine) -> None:
    """Create every table, index and trigger that is missing; safe to run any number of times.

    On PostgreSQL two processes doing this at once (two app sessions, the app and a sync)
    would collide on CREATE TABLE or on replacing a trigger function ("tuple concurrently
    updated"); a transaction-scoped advisory lock makes them take turns.
    """
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({SCHEMA_LOCK})")
        metadata.create_all(conn, checkfirst=True)
        install_staleness_triggers(conn)


def has_crm_data(engine: Engine) -> bool:
    """True when the store already holds contacts (the demo loader refuses to overwrite)."""
    if not inspect(engine).has_table("contacts"):
        return False
    with engine.connect() as conn:
        return conn.exec_driver_sql("SELECT 1 FROM contacts LIMIT 1").first() is not None
