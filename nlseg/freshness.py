"""How fresh the CRM data is: shown beside every count, so a stale count never looks current.

The store records when its derived rollups were last rebuilt (``rollup_state.built_at``: the
end of the last full load — the demo build, or a sync); any later write to the event tables
clears that record. The newest ``updated_at`` of contacts and accounts says how recent the
newest change in the data is, and ``sync_runs`` when the last sync succeeded (a sync that
changed only contacts rebuilds no rollups). The app also keys its cached catalog on these,
so fields and values a sync from the command line added show up in a running app.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, func, inspect, select

from nlseg.store import schema


@dataclass(frozen=True)
class Freshness:
    contacts: int
    loaded_at: dt.datetime | None  # the last full load (None: never, or changed since)
    newest_change: dt.datetime | None  # the newest updated_at of a contact or account
    synced_at: dt.datetime | None = None  # when the last successful sync finished
    sync_run: int | None = None  # its id in sync_runs (two runs may finish in one second)

    def describe(self) -> str:
        if not self.contacts:
            return "No CRM data yet."
        parts = [f"{self.contacts:,} contacts"]
        if self.loaded_at is not None:
            parts.append(f"data loaded {self.loaded_at:%Y-%m-%d %H:%M} UTC")
        if self.newest_change is not None:
            parts.append(f"newest change {self.newest_change:%Y-%m-%d %H:%M} UTC")
        if self.synced_at is not None:
            parts.append(f"last sync {self.synced_at:%Y-%m-%d %H:%M} UTC")
        return " · ".join(parts)


def data_freshness(engine: Engine) -> Freshness:
    if not inspect(engine).has_table("contacts"):
        return Freshness(0, None, None)
    c, a, r = schema.contacts, schema.accounts, schema.rollup_state
    with engine.connect() as conn:
        contacts = conn.execute(select(func.count()).select_from(c)).scalar_one()
        newest = [
            conn.execute(select(func.max(c.c.updated_at))).scalar(),
            conn.execute(select(func.max(a.c.updated_at))).scalar(),
        ]
        loaded = synced = run = None
        tables = set(inspect(conn).get_table_names())
        if "rollup_state" in tables:
            loaded = conn.execute(select(func.max(r.c.built_at))).scalar()
        if "sync_runs" in tables:
            runs = schema.sync_runs
            succeeded = runs.c.status == "succeeded"
            last = select(func.max(runs.c.finished_at), func.max(runs.c.id)).where(succeeded)
            synced, run = conn.execute(last).one()
    known = [t for t in newest if t is not None]
    return Freshness(contacts, loaded, max(known) if known else None, synced, run)
