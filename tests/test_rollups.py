"""The per-contact rollups: their contents, and that a rollup which may be stale is never used."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from sqlalchemy import Engine, func, insert, select, update
from trees import LAST, REL, C

from nlseg import Clock, evaluate, load_catalog, parse_tree
from nlseg.store import schema as s
from nlseg.store.rollups import ALL_KINDS, current_rollups, rebuild_rollups
from nlseg.sync.demo import build_demo

AS_OF = dt.date(2026, 11, 1)
SOURCES = {"email_events": "event_type", "activities": "activity_type"}
THREE_OPENS = REL(
    "email_events",
    "at_least",
    3,
    where=C("email_event.event_type", "in", ["open"]),
    window=LAST(90),
)


@pytest.fixture
def demo(engine: Engine) -> Engine:
    build_demo(engine, contacts=300, seed=7, as_of=AS_OF)
    return engine


def _current(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(current_rollups(conn).max_time)


def test_rollup_rows_are_the_newest_timestamps_of_each_kind(demo: Engine) -> None:
    expected: dict[tuple, list] = defaultdict(list)
    with demo.connect() as conn:
        for source, kind_column in SOURCES.items():
            table = s.metadata.tables[source]
            for contact, kind, at in conn.execute(
                select(table.c.contact_id, table.c[kind_column], table.c.occurred_at)
            ):
                for key in {kind or ALL_KINDS, ALL_KINDS}:
                    expected[(source, key, contact)].append(at)
        stored = {
            (r.source, r.kind, r.contact_id): r
            for r in conn.execute(select(s.contact_recent_events))
        }
    assert set(stored) == set(expected)
    for key, times in expected.items():
        newest = sorted((t for t in times if t is not None), reverse=True)
        newest += [None] * s.RECENT_RANKS
        row = stored[key]
        assert row.total == len(times), key
        assert [row._mapping[f"t{r}"] for r in range(1, s.RECENT_RANKS + 1)] == newest[
            : s.RECENT_RANKS
        ]


def _add_open(conn) -> None:
    conn.execute(
        insert(s.email_events).values(
            contact_id=1, event_type="open", occurred_at=dt.datetime(2026, 10, 30, 9)
        )
    )


def _retype_opens(conn) -> None:
    conn.execute(
        update(s.email_events).where(s.email_events.c.contact_id == 2).values(event_type="click")
    )


def _delete_events(conn) -> None:
    conn.execute(s.email_events.delete().where(s.email_events.c.contact_id <= 5))


@pytest.mark.parametrize("write", [_add_open, _retype_opens, _delete_events])
def test_any_write_retires_the_rollup_of_that_source_only(demo: Engine, write) -> None:
    assert _current(demo) == {"email_events", "activities"}
    with demo.begin() as conn:
        write(conn)
    assert _current(demo) == {"activities"}
    with demo.begin() as conn:
        rebuild_rollups(conn)
    assert _current(demo) == {"email_events", "activities"}


def test_a_write_that_rolls_back_keeps_the_rollup(demo: Engine) -> None:
    with demo.connect() as conn, conn.begin() as tx:
        _add_open(conn)
        tx.rollback()
    assert _current(demo) == {"email_events", "activities"}


@pytest.mark.postgres
def test_truncate_retires_the_rollup(postgres_engine: Engine) -> None:
    build_demo(postgres_engine, contacts=100, seed=1, as_of=AS_OF)
    with postgres_engine.begin() as conn:
        conn.exec_driver_sql("TRUNCATE activities")
    assert _current(postgres_engine) == {"email_events"}


def test_stale_rollup_is_not_used_and_counts_stay_exact(demo: Engine) -> None:
    catalog = load_catalog(demo, refresh=True)
    tree = parse_tree({"root": THREE_OPENS}, catalog)
    clock = Clock(AS_OF)
    fresh = evaluate(demo, tree, clock=clock, catalog=catalog, with_ids=True)
    assert s.contact_recent_events.name in fresh.sql
    with demo.begin() as conn:  # contact 1 gets three more opens: now a member
        for _ in range(3):
            _add_open(conn)
    stale = evaluate(demo, tree, clock=clock, catalog=catalog, with_ids=True)
    assert s.contact_recent_events.name not in stale.sql
    assert 1 in stale.contact_ids
    assert stale.count == len(set(fresh.contact_ids) | {1})
    with demo.begin() as conn:
        rebuild_rollups(conn)
    rebuilt = evaluate(demo, tree, clock=clock, catalog=catalog, with_ids=True)
    assert s.contact_recent_events.name in rebuilt.sql
    assert rebuilt.contact_ids == stale.contact_ids


def test_rollups_are_built_by_the_demo_and_match_the_raw_count(demo: Engine) -> None:
    catalog = load_catalog(demo, refresh=True)
    tree = parse_tree({"root": THREE_OPENS}, catalog)
    with demo.connect() as conn:
        events = conn.execute(select(func.count()).select_from(s.email_events)).scalar_one()
    assert events > 0
    result = evaluate(demo, tree, clock=Clock(AS_OF), catalog=catalog)
    with demo.begin() as conn:
        conn.execute(s.rollup_state.delete())
    raw = evaluate(demo, tree, clock=Clock(AS_OF), catalog=catalog)
    assert s.contact_recent_events.name not in raw.sql
    assert 0 < result.count == raw.count


@pytest.mark.postgres
def test_concurrent_rebuilds_wait_for_each_other(postgres_engine: Engine) -> None:
    import threading

    build_demo(postgres_engine, contacts=100, seed=1, as_of=AS_OF)
    errors: list[BaseException] = []

    def second() -> None:
        try:
            with postgres_engine.begin() as conn:
                rebuild_rollups(conn)
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    with postgres_engine.begin() as conn:
        rebuild_rollups(conn)
        other = threading.Thread(target=second)
        other.start()
        other.join(timeout=1)
        assert other.is_alive()  # waiting for this transaction's lock
    other.join(timeout=30)
    assert not other.is_alive() and not errors
    assert _current(postgres_engine) == {"email_events", "activities"}


def _rollup_snapshot(engine: Engine) -> tuple[list, list]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(s.contact_recent_events).order_by(*s.contact_recent_events.primary_key)
        ).all()
        state = conn.execute(
            select(
                s.rollup_state.c.source, s.rollup_state.c.source_rows, s.rollup_state.c.max_time
            ).order_by(s.rollup_state.c.source)
        ).all()
    return [tuple(r) for r in rows], [tuple(r) for r in state]


def test_rebuilding_the_changed_contacts_equals_a_full_rebuild(demo: Engine) -> None:
    with demo.begin() as conn:
        _add_open(conn)  # contact 1 gains an open
        _retype_opens(conn)  # contact 2's events change type
        _delete_events(conn)  # contacts 1-5 lose every email event
        conn.execute(
            insert(s.activities).values(
                contact_id=7, activity_type="meeting", occurred_at=dt.datetime(2026, 11, 1, 8)
            )
        )
        conn.execute(  # contact 9 gains its newest event of all: max_time moves
            insert(s.email_events).values(
                contact_id=9, event_type="click", occurred_at=dt.datetime(2026, 11, 2, 6)
            )
        )
        rebuild_rollups(conn, contact_ids=[1, 2, 3, 4, 5, 7, 9])
    incremental = _rollup_snapshot(demo)
    assert _current(demo) == {"email_events", "activities"}
    with demo.begin() as conn:
        rebuild_rollups(conn)
    assert incremental == _rollup_snapshot(demo)
    assert dict((src, t) for src, _n, t in incremental[1])["email_events"] == dt.datetime(
        2026, 11, 2, 6
    )
