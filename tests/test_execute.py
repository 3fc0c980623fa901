"""Counts run read-only and stop at the statement timeout with a clear error, on both databases."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from nlseg.compiler.execute import QueryTimeout, read_only
from nlseg.store import create_schema, schema

SLOW = {
    "sqlite": "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
    "SELECT count(*) FROM n",
    "postgresql": "SELECT pg_sleep(5)",
}


def test_a_slow_query_times_out_quickly(engine):
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match=r"longer than 0\.2 s"), read_only(engine, 200) as conn:
        conn.execute(text(SLOW[engine.dialect.name])).all()
    assert time.monotonic() - started < 3
    with read_only(engine, 200) as conn:  # the connection is usable again afterwards
        assert conn.execute(text("SELECT 1")).scalar_one() == 1


def test_queries_cannot_write(engine):
    create_schema(engine)
    with pytest.raises(DBAPIError), read_only(engine) as conn:
        conn.execute(schema.owners.insert().values(id=1, external_id="o1"))
    with engine.connect() as conn:
        assert conn.execute(schema.owners.select()).all() == []
    with engine.begin() as conn:  # and writes work again outside read_only
        conn.execute(schema.owners.insert().values(id=1, external_id="o1"))


@pytest.mark.parametrize("with_ids", [False, True])
def test_every_query_of_an_evaluation_runs_under_its_time_limit(engine, monkeypatch, with_ids):
    # the preview query ran with the default limit, whatever the caller asked for
    from nlseg.catalog import load_catalog
    from nlseg.compiler import execute
    from nlseg.evaluate import evaluate, parse_tree

    create_schema(engine)
    limits: list[int] = []
    real = execute.read_only

    def spy(engine, timeout_ms=execute.DEFAULT_TIMEOUT_MS):
        limits.append(timeout_ms)
        return real(engine, timeout_ms)

    monkeypatch.setattr(execute, "read_only", spy)
    catalog = load_catalog(engine)
    tree = parse_tree(
        {"root": {"kind": "condition", "field": "contact.country", "op": "is_set"}}, catalog
    )
    evaluate(engine, tree, catalog=catalog, preview=5, with_ids=with_ids, timeout_ms=1234)
    assert len(limits) == 2 and set(limits) == {1234}, limits  # the count or ids, the preview


@pytest.mark.postgres
def test_counts_run_without_jit_on_postgresql(postgres_engine):
    # JIT compile time is not cancellable: it defeated the statement timeout
    with read_only(postgres_engine, 1000) as conn:
        assert conn.execute(text("SHOW jit")).scalar_one() == "off"
        assert conn.execute(text("SHOW statement_timeout")).scalar_one() == "1s"
