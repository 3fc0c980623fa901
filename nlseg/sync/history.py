"""The sync log as the app shows it: the most recent runs first."""

from __future__ import annotations

from sqlalchemy import Engine, inspect, select

from nlseg.store import schema


def recent_runs(engine: Engine, limit: int = 20) -> list[dict]:
    """The last ``limit`` runs (newest first), as plain rows; none in a store never synced."""
    if not inspect(engine).has_table(schema.sync_runs.name):
        return []
    runs = schema.sync_runs
    shown = (
        runs.c.id,
        runs.c.kind,
        runs.c.status,
        runs.c.started_at,
        runs.c.finished_at,
        runs.c.inserted,
        runs.c.updated,
        runs.c.deleted,
        runs.c.rejected,
        runs.c.duration_ms,
        runs.c.error,
    )
    with engine.connect() as conn:
        rows = conn.execute(select(*shown).order_by(runs.c.id.desc()).limit(limit))
        return [dict(row._mapping) for row in rows]
