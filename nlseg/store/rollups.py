"""Per-contact rollups of email events and activities, and how they are kept honest.

``contact_recent_events`` holds, per contact and source (email_events, activities) and per
kind (each event or activity type, and '' for every type), the number of rows and the
:data:`~nlseg.store.schema.RECENT_RANKS` most recent timestamps. "At least 3 opens in the
last 90 days" is then "the 3rd most recent open is on or after the window's start" — one
row per contact instead of counting millions of events (BENCHMARKS.md, rollup section).

That reading is exact only while the rollup matches its source, and only for windows that
end after the source's latest timestamp. So:

- writers that change a source rebuild its rollup in the same transaction
  (:func:`rebuild_rollups`; the demo loader and sync do);
- a trigger on each source deletes its ``rollup_state`` row on any other write, in the
  writer's transaction, so a rollup that may be stale is never used;
- the compiler uses a rollup only when :func:`current_rollups` lists its source, and only
  for windows ending after the recorded ``max_time``; otherwise it counts the raw rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Column, Connection, Table, and_, case, func, insert, literal, select

from nlseg.store import schema

SOURCES: dict[str, tuple[Table, Column]] = {
    "email_events": (schema.email_events, schema.email_events.c.event_type),
    "activities": (schema.activities, schema.activities.c.activity_type),
}
ALL_KINDS = ""


@dataclass(frozen=True)
class Rollups:
    """The sources whose rollup is current, each with its latest timestamp (or None)."""

    max_time: dict[str, dt.datetime | None]

    def usable(self, source: str) -> bool:
        return source in self.max_time


NO_ROLLUPS = Rollups({})


def current_rollups(conn: Connection) -> Rollups:
    """The rollups that match their sources right now (one read of a tiny table)."""
    state = schema.rollup_state
    rows = conn.execute(select(state.c.source, state.c.max_time)).all()
    return Rollups({source: max_time for source, max_time in rows if source in SOURCES})


def _recent(source: str, by_kind: bool, contact_ids: Sequence[int] | None = None):
    table, kind_column = SOURCES[source]
    ranks = range(1, schema.RECENT_RANKS + 1)
    partition = [table.c.contact_id, kind_column] if by_kind else [table.c.contact_id]
    newest_first = table.c.occurred_at.desc().nulls_last()
    rank = func.row_number().over(partition_by=partition, order_by=newest_first)
    kind = kind_column if by_kind else literal(ALL_KINDS)
    rows = select(table.c.contact_id, kind.label("kind"), table.c.occurred_at, rank.label("rank"))
    if by_kind:  # rows without a type only count towards "every type"
        rows = rows.where(kind_column.is_not(None), kind_column != "")
    if contact_ids is not None:
        rows = rows.where(table.c.contact_id.in_(contact_ids))
    ranked = rows.subquery()
    return select(
        literal(source).label("source"),
        ranked.c.kind,
        ranked.c.contact_id,
        func.count().label("total"),
        *(func.max(case((ranked.c.rank == r, ranked.c.occurred_at))).label(f"t{r}") for r in ranks),
    ).group_by(ranked.c.contact_id, ranked.c.kind)


def _clustered(query):
    # Stored in (kind, contact) order, a kind's rows share pages: "3 opens" then reads
    # the opens only, not a page of every kind for each contact.
    return query.order_by(query.selected_columns.kind, query.selected_columns.contact_id)


CHUNK = 5_000  # contacts per statement: well under SQLite's limit of bound parameters


def rebuild_rollups(
    conn: Connection,
    now: dt.datetime | None = None,
    *,
    contact_ids: Iterable[int] | None = None,
) -> None:
    """Recompute the rollups from their sources, on ``conn``'s transaction; mark them current.

    With ``contact_ids`` only those contacts' rows are recomputed: what a sync that changed
    a few contacts' events and activities needs (the caller names every contact whose
    rows it inserted, updated or deleted). Without, everything is rebuilt.
    """
    recent, state = schema.contact_recent_events, schema.rollup_state
    names = [c.name for c in recent.columns]
    if conn.dialect.name == "postgresql":
        # Two rebuilds at once would collide on the key; the second waits for the first.
        # Readers are not blocked (this mode conflicts with writers only).
        conn.exec_driver_sql(f"LOCK TABLE {recent.name} IN SHARE ROW EXCLUSIVE MODE")
    built_at = (now or dt.datetime.now(dt.UTC)).replace(tzinfo=None, microsecond=0)
    conn.execute(state.delete())
    if contact_ids is None:
        conn.execute(recent.delete())
        chunks: list[Sequence[int] | None] = [None]
    else:
        ids = sorted(set(contact_ids))
        chunks = [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]
    for source in SOURCES:
        for chunk in chunks:
            if chunk is not None:
                mine = recent.c.contact_id.in_(chunk)
                conn.execute(recent.delete().where(recent.c.source == source, mine))
            for by_kind in (True, False):
                rows = _clustered(_recent(source, by_kind, chunk))
                conn.execute(insert(recent).from_select(names, rows))
        # Every contact's newest timestamp and row count are on its all-kinds row, so the
        # state is read from the rollup (one source's rows) rather than the whole source.
        every = and_(recent.c.source == source, recent.c.kind == ALL_KINDS)
        rows, max_time = conn.execute(
            select(func.coalesce(func.sum(recent.c.total), 0), func.max(recent.c.t1)).where(every)
        ).one()
        conn.execute(
            insert(state).values(
                source=source, built_at=built_at, source_rows=rows, max_time=max_time
            )
        )


def install_staleness_triggers(conn: Connection) -> None:
    """Triggers that retire a source's rollup on any write to it (idempotent)."""
    state = schema.rollup_state.name
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            "CREATE OR REPLACE FUNCTION nlseg_rollup_stale() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN "
            f"DELETE FROM {state} WHERE source = TG_TABLE_NAME; RETURN NULL; END $$"
        )
        for source in SOURCES:
            conn.exec_driver_sql(
                f"CREATE OR REPLACE TRIGGER nlseg_{source}_rollup_stale "
                f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {source} "
                "FOR EACH STATEMENT EXECUTE FUNCTION nlseg_rollup_stale()"
            )
        return
    # SQLite has row triggers only; the WHEN test keeps them to a lookup once retired.
    for source in SOURCES:
        for event in ("INSERT", "UPDATE", "DELETE"):
            conn.exec_driver_sql(
                f"CREATE TRIGGER IF NOT EXISTS nlseg_{source}_{event.lower()}_rollup_stale "
                f"AFTER {event} ON {source} "
                f"WHEN EXISTS (SELECT 1 FROM {state} WHERE source = '{source}') "
                f"BEGIN DELETE FROM {state} WHERE source = '{source}'; END"
            )
