"""Full and incremental sync of a :class:`~nlseg.sync.sources.Source` into the store.

Each run is one transaction: a bad export, a mapping error or a crash leaves the store as it
was (the failure is then logged in ``sync_runs`` on its own). One sync runs at a time per
store, enforced by the database (:func:`_hold_sync_lock`): a second one stops at once with
:class:`SyncBusy`, so two syncs of one export can never both insert its events. Objects are
applied parents first; a child whose parent is unknown is rejected, never linked to nothing.
Each export is staged in a temporary table and merged with set-based SQL
(:mod:`nlseg.sync.stage`, :mod:`nlseg.sync.merge`): COPY on PostgreSQL, and no store table
is read whole into memory.

- full: every record of every mapped object; store records missing from the export are
  deleted, with their related rows (see :mod:`nlseg.sync.deletes`).
- incremental: records whose ``updated_at`` is after the last successful run's watermark
  (all records when ``updated_at`` is not mapped) are upserted by external id; records
  flagged ``is_deleted`` are deleted.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, Table, func, select
from sqlalchemy.exc import OperationalError

from nlseg.store import create_schema, schema
from nlseg.store.rollups import rebuild_rollups
from nlseg.sync import bulk
from nlseg.sync.mapping import OBJECTS, Mapping
from nlseg.sync.merge import delete_gone, insert_new, update_changed
from nlseg.sync.saved import any_saved
from nlseg.sync.sources import Rejected, Source
from nlseg.sync.stage import Stage, create_stage, drop_stage, fill_stage

MAX_LOGGED_REJECTIONS = 1000
MIN_REJECTED_TO_JUDGE = 10  # fewer rejected rows are bad rows, not a bad file
ANALYZE_FROM = 10_000  # rows inserted into a table before its planner statistics are refreshed


class SyncError(RuntimeError):
    """A sync that could not run; nothing was changed."""


class DeletionsNeedConsent(SyncError):
    """A sync would delete more than the mapping's limits allow; nothing was changed. The
    message is the plan (what each table would gain, change and lose)."""

    def __init__(self, message: str, result: SyncResult) -> None:
        super().__init__(message)
        self.result = result


class _DryRun(Exception):
    """Raised inside the transaction of a dry run, to roll it back."""


class SyncBusy(SyncError):
    """Another sync holds the store; this one did not start."""


SYNC_LOCK = 0x6E6C736570  # the advisory lock id of "a sync is running" on PostgreSQL


def _hold_sync_lock(conn: Connection) -> None:
    """Make this transaction the store's only sync, in the database itself: a transaction
    advisory lock on PostgreSQL, the write lock (taken at once) on SQLite. Either is released
    when the transaction ends or its process dies (kill -9 included). Raises
    :class:`SyncBusy` when another sync holds it."""
    if conn.dialect.name == "postgresql":
        if conn.exec_driver_sql(f"SELECT pg_try_advisory_xact_lock({SYNC_LOCK})").scalar_one():
            return
        since = conn.exec_driver_sql(
            "SELECT min(a.xact_start) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted "
            f"AND ((l.classid::bigint << 32) | l.objid::bigint) = {SYNC_LOCK}"
        ).scalar()
        shown = f" since {since:%Y-%m-%d %H:%M:%S %Z}".rstrip() if since is not None else ""
        raise SyncBusy(
            f"another sync of this store is running{shown}; nothing was changed. "
            "Run this one when it has finished."
        )
    try:  # a write takes SQLite's write lock now, not at the sync's first real write
        conn.execute(schema.sync_runs.update().where(schema.sync_runs.c.id < 0).values(id=0))
    except OperationalError as exc:
        if "locked" not in str(exc):
            raise
        raise SyncBusy(
            "another sync (or another write) holds this store; nothing was changed. "
            "Run this one when it has finished."
        ) from None


@dataclass
class SyncResult:
    kind: str
    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    skipped: int = 0  # rows the mapping's skip rules leave out (not records to load)
    rejected: list[Rejected] = field(default_factory=list)
    duration_ms: int = 0
    watermark: dt.datetime | None = None
    first: bool = False  # the first successful sync of this store
    created_segments: list[str] = field(default_factory=list)
    # table -> {"before": rows, "inserted", "updated", "deleted"}: what the run did, or would
    # do (a dry run, or one stopped by the deletion guard)
    plan: dict[str, dict[str, int]] = field(default_factory=dict)
    dry_run: bool = False

    def plan_lines(self) -> list[str]:
        return [
            f"{table}: {p['before']:,} now; {p['inserted']:,} to insert, {p['updated']:,} to "
            f"update, {p['deleted']:,} to delete"
            for table, p in self.plan.items()
        ]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def _apply(conn: Connection, mapping: Mapping, obj: str, run: _Run) -> Stage:
    """Stage ``obj``'s export and write its new and changed records (deletes come later)."""
    stage = create_stage(conn, mapping, obj)
    fill_stage(conn, stage, mapping, run.source, run.watermark)
    run.result.rejected += stage.rejected
    run.result.skipped += stage.skipped
    entry = run.entry(conn, stage.target)  # the table's size before this run writes it
    inserted, touched = insert_new(conn, stage, track_contacts=not run.result.first)
    updated = update_changed(conn, stage)
    run.result.inserted += inserted
    run.result.updated += updated
    entry["inserted"] += inserted
    entry["updated"] += updated
    _check_rejections(conn, stage, mapping.settings.max_rejected_share)
    run.touched |= touched
    run.changed[stage.target.name] = run.changed.get(stage.target.name, 0) + inserted
    if stage.latest is not None:
        run.result.watermark = max(run.result.watermark or stage.latest, stage.latest)
    return stage


def _delete(conn: Connection, stages: list[Stage], run: _Run) -> None:
    for stage in stages:
        deleted, touched = delete_gone(conn, stage, full=run.full)
        run.result.deleted += deleted
        run.entry(conn, stage.target)["deleted"] += deleted
        run.touched |= touched


@dataclass
class _Run:
    source: Source
    full: bool
    watermark: dt.datetime | None
    result: SyncResult
    touched: set[int] = field(default_factory=set)  # contacts whose rollups change
    changed: dict[str, int] = field(default_factory=dict)  # rows inserted per table

    def entry(self, conn: Connection, table: Table) -> dict[str, int]:
        """The plan's line for ``table``; its size is read before the run first writes it."""
        if table.name not in self.result.plan:
            before = conn.execute(select(func.count()).select_from(table)).scalar_one()
            self.result.plan[table.name] = {"before": before, "inserted": 0, "updated": 0,
                                            "deleted": 0}  # fmt: skip
        return self.result.plan[table.name]


def _check_rejections(conn: Connection, stage: Stage, max_share: float) -> None:
    """A file whose rows are mostly rejected (cut, wrong columns, wrong export) fails the run."""
    rejected = len(stage.rejected)
    if not rejected:
        return
    loaded = conn.execute(select(func.count()).where(stage.valid)).scalar_one()
    # every row rejected, or most of them once there are enough to tell a bad file
    mostly = rejected >= MIN_REJECTED_TO_JUDGE and rejected > max_share * (loaded + rejected)
    if loaded == 0 or mostly:
        raise SyncError(
            f"{stage.file or stage.obj}: {rejected:,} of {loaded + rejected:,} rows were "
            f"rejected (more than {max_share:.0%}); nothing was changed. First: "
            f"{stage.rejected[0]}"
        )


def _guard_deletions(mapping: Mapping, result: SyncResult, allow_deletes: int | None) -> None:
    """Deletions are deliberate: beyond the mapping's limits they need the caller's consent
    (``allow_deletes``: how many in all; None: none beyond the limits)."""
    limits = mapping.settings
    over = [
        table
        for table, p in result.plan.items()
        if p["deleted"] > limits.max_delete_records
        or p["deleted"] > limits.max_delete_share * p["before"]
    ]
    if not over or (allow_deletes is not None and result.deleted <= allow_deletes):
        return
    raise DeletionsNeedConsent(
        f"this sync would delete {result.deleted:,} records, more than the mapping allows "
        f"without consent in {', '.join(over)} (over {limits.max_delete_share:.0%} of a table "
        f"or over {limits.max_delete_records:,} records); nothing was changed. The plan:\n  "
        + "\n  ".join(result.plan_lines()),
        result,
    )


def _sync_objects(conn: Connection, mapping: Mapping, objects: list[str], run: _Run) -> None:
    """Upsert each object, parents first. A table's deletes wait until every object kept in
    it is upserted (a lead converted to a contact is not a deleted lead), and come before its
    children are read (a child of a deleted record is rejected, not linked to nothing)."""
    stages: list[Stage] = []
    for position, obj in enumerate(objects):
        stage = _apply(conn, mapping, obj, run)
        stages.append(stage)
        following = objects[position + 1] if position + 1 < len(objects) else None
        if following is None or OBJECTS[following][0] != stage.target.name:
            _delete(conn, [s for s in stages if s.target is stage.target], run)
    # On failure the rollback removes the staging tables (create_stage replaces leftovers).
    for stage in stages:
        drop_stage(conn, stage)


def _register_custom_fields(conn: Connection, mapping: Mapping) -> None:
    fd = schema.field_definitions
    defs: dict[str, dict[str, Any]] = {}
    for obj, side in (("leads", "source_lead_field"), ("contacts", "source_contact_field")):
        for c in mapping.objects[obj].custom if obj in mapping.objects else []:
            entry = defs.setdefault(
                c.key,
                {
                    "key": c.key,
                    "label": c.label,
                    "entity": "contact",
                    "data_type": str(c.type),
                    "source_lead_field": None,
                    "source_contact_field": None,
                    "allow_push": False,
                },
            )
            entry[side] = c.column
            entry["allow_push"] = entry["allow_push"] or c.allow_push
    for key, entry in defs.items():
        conn.execute(fd.delete().where(fd.c.key == key))
        conn.execute(fd.insert().values(**entry))


def _last_success(conn: Connection):
    runs = schema.sync_runs
    return conn.execute(
        select(runs.c.id, runs.c.watermark)
        .where(runs.c.status == "succeeded")
        .order_by(runs.c.id.desc())
        .limit(1)
    ).first()


FULL_REBUILD_CONTACTS = 50_000  # beyond this, recomputing everything is faster


def _rebuild(conn: Connection, touched: set[int], *, everything: bool) -> None:
    # Only the touched contacts' rollup rows change (10k contacts at 1M: 7.2 s, against
    # about 115 s for everything); a first load recomputes everything.
    if everything or len(touched) > FULL_REBUILD_CONTACTS:
        rebuild_rollups(conn)
    else:
        rebuild_rollups(conn, contact_ids=touched)


def _log(conn: Connection, result: SyncResult, started: dt.datetime, names, error=None) -> None:
    conn.execute(
        schema.sync_runs.insert().values(
            kind=result.kind,
            mapping=names[0],
            source=names[1],
            started_at=started,
            finished_at=_now(),
            status="failed" if error else "succeeded",
            inserted=0 if error else result.inserted,
            updated=0 if error else result.updated,
            deleted=0 if error else result.deleted,
            rejected=len(result.rejected),
            duration_ms=result.duration_ms,
            error=error,
            watermark=result.watermark,
            rejections=[
                {"file": r.file, "row": r.row, "reason": r.reason}
                for r in result.rejected[:MAX_LOGGED_REJECTIONS]
            ],
        )
    )


def sync(
    engine: Engine,
    mapping: Mapping,
    source: Source,
    *,
    full: bool,
    mapping_name: str | None = None,
    source_name: str | None = None,
    allow_deletes: int | None = None,
    dry_run: bool = False,
) -> SyncResult:
    """Run one sync in one transaction; raises (store unchanged, failure logged) on error.

    Deletions beyond the mapping's limits stop the run with :class:`DeletionsNeedConsent`
    (its ``result.plan`` says what would have happened) unless ``allow_deletes`` covers them.
    ``dry_run`` computes the whole run and rolls it back: the result is the plan."""
    create_schema(engine)
    result = SyncResult(kind="full" if full else "incremental")
    started, clock = _now(), time.perf_counter()
    names = (mapping_name or mapping.name, source_name)
    try:
        with engine.begin() as conn:
            _hold_sync_lock(conn)
            last = _last_success(conn)
            result.first = last is None
            mapping_saved = any_saved(conn)
            watermark = None if full or last is None else last.watermark
            result.watermark = watermark
            missing = [o for o in mapping.ordered() if not source.has(mapping.file_of(o))]
            if full and missing:
                raise SyncError(
                    "a full sync needs every mapped export; missing: "
                    + ", ".join(mapping.file_of(o) for o in missing)
                )
            _register_custom_fields(conn, mapping)
            run = _Run(source, full, watermark, result)
            _sync_objects(conn, mapping, [o for o in mapping.ordered() if o not in missing], run)
            if dry_run:
                result.dry_run = True
                raise _DryRun
            if full:  # incremental deletes are the records the CRM itself flags deleted
                _guard_deletions(mapping, result, allow_deletes)
            if run.touched or result.first:
                _rebuild(conn, run.touched, everything=result.first)
            grown = [schema.metadata.tables[t] for t, n in run.changed.items() if n >= ANALYZE_FROM]
            if grown:
                bulk.analyze(conn, grown)
            result.duration_ms = round((time.perf_counter() - clock) * 1000)
            _log(conn, result, started, names)
    except SyncBusy:
        raise  # the running sync's log is the one that matters; this one changed nothing
    except _DryRun:
        result.duration_ms = round((time.perf_counter() - clock) * 1000)
        return result  # rolled back, not logged: it changed nothing
    except Exception as exc:
        result.duration_ms = round((time.perf_counter() - clock) * 1000)
        with engine.begin() as conn:
            _log(conn, result, started, names, error=f"{type(exc).__name__}: {exc}")
        raise
    if result.first and grown:
        bulk.vacuum(engine, grown)  # index-only scans need the visibility map (bulk.vacuum)
    if result.first and not mapping_saved:
        # Defaults are made once per store: by the first saved mapping or the first sync.
        from nlseg.sync.defaults import create_default_segments  # segments import the compiler

        result.created_segments = create_default_segments(engine, occasion="the first sync")
    return result
