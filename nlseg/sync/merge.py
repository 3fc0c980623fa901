"""Writing a staged object into the store: inserts, updates and deletes, each one statement.

Every statement joins the staging table (:mod:`nlseg.sync.stage`) to the store table on the
record's key, so the work grows with the export, not with the store: an incremental run of
10,000 changed contacts touches those rows through the key's index and nothing else.
"""

from __future__ import annotations

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Connection,
    Text,
    and_,
    bindparam,
    case,
    cast,
    exists,
    func,
    literal,
    not_,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import JSONB

from nlseg.sync import bulk
from nlseg.sync.deletes import delete_records
from nlseg.sync.stage import FLAGGED, NEW, NTH, Stage

EVENT_TABLES = ("email_events", "activities")
# Below this many new rows, maintaining the indexes row by row beats rebuilding them.
REBUILD_INDEXES_FROM = 10_000


def insert_new(conn: Connection, stage: Stage, *, track_contacts: bool) -> tuple[int, set[int]]:
    """Insert the staged records the store does not hold; (rows, contacts whose events grew)."""
    t = stage.table.c
    new = and_(stage.valid, not_(t[FLAGGED]))
    if not stage.target_was_empty:
        new = and_(new, t[NEW])
    touched: set[int] = set()
    if track_contacts and stage.target.name in EVENT_TABLES:
        touched = set(conn.execute(select(t.contact_id).where(new).distinct()).scalars())
    # Counted first: INSERT ... SELECT reports no row count on SQLite (-1).
    count = conn.execute(select(func.count()).where(new)).scalar_one()
    if not count:
        return 0, touched
    columns = stage.written
    insert = stage.target.insert().from_select(columns, select(*(t[c] for c in columns)).where(new))
    if stage.target_was_empty and count >= REBUILD_INDEXES_FROM:
        with bulk.deferred_indexes(conn, stage.target):
            conn.execute(insert)
    else:
        conn.execute(insert)
    return count, touched


def update_changed(conn: Connection, stage: Stage) -> int:
    """Update the stored records whose mapped values differ from the export; rows updated."""
    compared = [c for c in stage.written if c not in stage.keys]
    if not compared or stage.target_was_empty:
        return 0  # events: a row is its values, a change is an insert and a delete
    target, t = stage.target, stage.table.c
    values: dict[str, ColumnElement] = {c: t[c] for c in compared}
    if "custom" in values:
        values["custom"] = _merged_custom(conn, stage)
    changed = or_(*(_differs(conn, target.c[c], values[c]) for c in compared))
    query = (
        target.update()
        .where(stage.matches(), stage.valid, not_(t[FLAGGED]), not_(t[NEW]), changed)
        .values(values)
    )
    return conn.execute(query).rowcount


def _differs(conn: Connection, stored, staged) -> ColumnElement[bool]:
    if conn.dialect.name == "sqlite" and stored.name == "custom":
        # JSON is text on SQLite: compare the minified forms, not the spacing.
        return type_coerce(func.json(stored), Text).is_distinct_from(type_coerce(staged, Text))
    return stored.is_distinct_from(staged)


def _merged_custom(conn: Connection, stage: Stage) -> ColumnElement:
    """The stored custom values with the mapped keys replaced by the export's.

    A mapped key the export leaves empty is cleared; keys another mapping wrote are kept.
    """
    stored, staged = stage.target.c.custom, stage.table.c.custom
    if conn.dialect.name == "postgresql":
        as_object = case(
            (func.jsonb_typeof(stored) == "object", stored), else_=cast(literal("{}"), JSONB)
        )
        keys = bindparam(None, stage.custom_keys, type_=ARRAY(Text))
        return type_coerce(as_object.op("-")(keys).op("||")(staged), JSONB)
    paths = [f'$."{key}"' for key in stage.custom_keys]
    base = func.json_remove(func.coalesce(stored, "{}"), *paths)
    return type_coerce(func.json_patch(base, staged), Text)


def delete_gone(conn: Connection, stage: Stage, *, full: bool) -> tuple[int, set[int]]:
    """Delete what the export says is gone; (records deleted, contacts whose rollups change).

    Full: every stored record (of this record type) the export does not list. Incremental:
    the records the export flags as deleted. Related rows go too (:mod:`nlseg.sync.deletes`).
    """
    if stage.target_was_empty:  # all it holds of this object, this run inserted
        return 0, set()
    target, t = stage.target, stage.table.c
    if full and stage.events:
        return _delete_extra_occurrences(conn, stage)
    if full:
        gone = not_(exists().where(stage.matches(), not_(t[FLAGGED])))
    else:
        gone = exists().where(stage.matches(), stage.valid, t[FLAGGED])
    if stage.record_type is not None:
        gone = and_(target.c.record_type == stage.record_type, gone)
    if "id" not in target.c:  # a link table: nothing depends on its rows
        return conn.execute(target.delete().where(gone)).rowcount, set()
    rows = conn.execute(select(target.c.id, _rollup_contact(stage)).where(gone)).all()
    if not rows:
        return 0, set()
    deleted = delete_records(conn, target, [row[0] for row in rows])
    return deleted, {row[1] for row in rows if row[1] is not None}


def _rollup_contact(stage: Stage) -> ColumnElement:
    """Whose rollups a deleted row changes: a contact's own, or an event's contact's."""
    if stage.target.name == "contacts":
        return stage.target.c.id
    if stage.target.name in EVENT_TABLES:
        return stage.target.c.contact_id
    return literal(None)


def _delete_extra_occurrences(conn: Connection, stage: Stage) -> tuple[int, set[int]]:
    """Full sync of events: the store's k-th copy of an event stays if the export has a k-th."""
    target, t = stage.target, stage.table.c
    copies = [target.c[k] for k in stage.keys]
    nth = func.row_number().over(partition_by=copies, order_by=target.c.id).label("nth")
    numbered = select(target.c.id, *copies, nth).subquery()
    kept = exists().where(
        stage.matches(numbered), stage.valid, not_(t[FLAGGED]), t[NTH] == numbered.c.nth
    )
    rows = conn.execute(select(numbered.c.id, numbered.c.contact_id).where(not_(kept))).all()
    if not rows:
        return 0, set()
    deleted = delete_records(conn, target, [row[0] for row in rows])
    return deleted, {row[1] for row in rows}
