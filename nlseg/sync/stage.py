"""One object's export rows, coerced, in a temporary staging table beside the store.

Parsing stays in Python (the mapping's formats and a reason per bad row). Everything that
needs the store — resolving references to store ids, spotting duplicate records, telling new
records from existing ones — is set-based SQL against the staging table, so a run never
reads a whole store table into memory (:mod:`nlseg.sync.merge` then writes the changes).

A staging row is either *valid* (``_reason`` is NULL) or *rejected* (``_reason`` says why).
Rejected rows keep the record's external id when it could be read, so a full sync does not
mistake a record with a bad row for a deleted one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from sqlalchemy import (
    Boolean,
    Column,
    ColumnElement,
    Connection,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    and_,
    bindparam,
    exists,
    func,
    literal,
    not_,
    select,
)

from nlseg.catalog.standard import standard_catalog
from nlseg.store import schema
from nlseg.sync import bulk
from nlseg.sync.errors import BadValue
from nlseg.sync.mapping import DELETED, OBJECTS, REFERENCES, Mapping
from nlseg.sync.rows import RowParser
from nlseg.sync.sources import NUL, Rejected, Row, Source, has_nul

ROW, REASON, FLAGGED, NEW, NTH = "_row", "_reason", "_deleted", "_new", "_nth"
EXTERNAL_ID = "external_id"


def external(reference: str) -> str:
    """The staging column holding a reference's raw external id."""
    return f"{reference}__ext"


def key_columns(table: Table) -> list[str]:
    """What identifies a record of ``table`` across exports."""
    if EXTERNAL_ID in table.c:
        return [EXTERNAL_ID]
    if table.primary_key.columns.keys() != ["id"]:
        return list(table.primary_key.columns.keys())
    # Events have no id in the CRM: a row is what it says (who, what, when).
    return [c.name for c in table.c if c.name != "id"]


@dataclass
class Stage:
    """The staging table of one mapped object, and what the merge needs to know about it."""

    obj: str
    target: Table  # the store table
    table: Table  # the temporary staging table
    record_type: str | None
    written: list[str]  # store columns the sync writes (mapped, record_type, custom)
    keys: list[str]
    custom_keys: list[str]
    parser: RowParser
    key_index: Index
    skip: dict[str, set[str]] = field(default_factory=dict)  # source column -> folded values
    file: str | None = None  # the export's file name, once a row was read
    target_was_empty: bool = False  # every staged record is new: nothing to match or update
    skipped: int = 0
    latest: dt.datetime | None = None
    rejected: list[Rejected] = field(default_factory=list)

    @property
    def valid(self) -> ColumnElement[bool]:
        return self.table.c[REASON].is_(None)

    @property
    def events(self) -> bool:
        """Rows without an id in the CRM (email events, activities): a row is its values,
        and identical rows are separate occurrences (two opens in the same minute)."""
        return self.keys != [EXTERNAL_ID] and self.target.primary_key.columns.keys() == ["id"]

    def matches(self, store: Table | None = None) -> ColumnElement[bool]:
        """A staging row and a store row are the same record (NULL-safe for events)."""
        store = self.target if store is None else store
        s = self.table.c
        if not self.events:
            return and_(*(store.c[k] == s[k] for k in self.keys))
        return and_(
            store.c.contact_id == s.contact_id,
            *(store.c[k].is_not_distinct_from(s[k]) for k in self.keys if k != "contact_id"),
        )


def create_stage(conn: Connection, mapping: Mapping, obj: str) -> Stage:
    """Create the (empty) staging table for ``obj`` on ``conn``, replacing a leftover one."""
    om = mapping.objects[obj]
    table_name, record_type = OBJECTS[obj]
    target = schema.metadata.tables[table_name]
    mapped = [c for c in om.fields if c != DELETED]
    references = [c for c in mapped if c in REFERENCES]
    columns = [
        Column(ROW, Integer, primary_key=True, autoincrement=False),
        Column(REASON, Text),
        Column(FLAGGED, Boolean, nullable=False),
        Column(NEW, Boolean),
        Column(NTH, Integer),  # events: which occurrence of identical rows this one is
        *(Column(c.name, c.type) for c in target.c if c.name != "id"),
        *(Column(external(r), Text) for r in references),
    ]
    keys = key_columns(target)
    stage_table = Table(f"nlseg_stage_{obj}", MetaData(), *columns, prefixes=["TEMPORARY"])
    stage_table.drop(conn, checkfirst=True)
    stage_table.create(conn)
    # Built once the rows are loaded and their references resolved (fill_stage): kept
    # up to date row by row, it made resolving 10M staged events several times slower.
    key_index = Index(f"nlseg_stage_{obj}_key", *(stage_table.c[k] for k in keys[:3]))
    written = [
        *mapped,
        *(["record_type"] if record_type else []),
        *(["custom"] if om.custom else []),
    ]
    return Stage(
        obj,
        target,
        stage_table,
        record_type,
        written,
        keys,
        [c.key for c in om.custom],
        RowParser(mapping, obj, target, record_type, _spellings(target, om.values)),
        key_index,
        skip={column: {v.casefold() for v in values} for column, values in om.skip.items()},
    )


def _spellings(target: Table, values: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """Per picklist column: a folded CRM value -> the value to store.

    The catalog's vocabulary comes first, so "Call" is stored as "call" (the compiler
    compares picklists exactly); the mapping's own ``values`` override it.
    """
    spellings: dict[str, dict[str, str]] = {}
    catalog = standard_catalog()
    for f in catalog.fields.values():
        if f.values and f.column and catalog.entities[f.entity].table == target.name:
            spellings.setdefault(f.column, {}).update({v.casefold(): v for v in f.values})
    for column, mapped in values.items():
        spellings.setdefault(column, {}).update({k.casefold(): v for k, v in mapped.items()})
    return spellings


def fill_stage(
    conn: Connection, stage: Stage, mapping: Mapping, source: Source, watermark: dt.datetime | None
) -> None:
    """Parse the export into the staging table, then resolve and check it in SQL."""
    om = mapping.objects[stage.obj]
    references = [c for c in stage.written if c in REFERENCES]
    loaded = [ROW, REASON, FLAGGED, *(c for c in stage.written if c not in references)]
    loaded += [external(r) for r in references]
    source_columns = [*om.fields.values(), *(c.column for c in om.custom), *om.skip]
    rows = _staged_rows(stage, source.rows(mapping.file_of(stage.obj), source_columns))
    bulk.load_rows(conn, stage.table, loaded, rows, defer_indexes=False)
    if references:
        _resolve(conn, stage, {r: om.fields[r] for r in references})
    stage.key_index.create(conn)
    if bulk.is_postgres(conn):
        conn.exec_driver_sql(f"ANALYZE {stage.table.name}")  # temp tables get no autovacuum
    if not stage.events:
        _reject_duplicates(conn, stage)
    t = stage.table.c
    if "updated_at" in stage.written:
        stage.latest = conn.execute(select(func.max(t.updated_at)).where(stage.valid)).scalar()
    if watermark is not None and "updated_at" in stage.written:
        # Unchanged since the last run: nothing to write (flagged deletes still apply).
        unchanged = and_(stage.valid, not_(t[FLAGGED]), t.updated_at <= watermark)
        conn.execute(stage.table.delete().where(unchanged))
    stage.target_was_empty = (
        conn.execute(select(literal(1)).select_from(stage.target).limit(1)).first() is None
    )
    if stage.target_was_empty:
        pass  # a first load skips rewriting every staged row: all of them are new
    elif stage.events:
        _match_occurrences(conn, stage)
    else:
        existing = exists().where(stage.matches())
        conn.execute(
            stage.table.update().where(stage.valid, not_(t[FLAGGED])).values({NEW: not_(existing)})
        )
    stage.rejected = [
        Rejected(stage.file or stage.obj, row, reason)
        for row, reason in conn.execute(
            select(t[ROW], t[REASON]).where(t[REASON].is_not(None)).order_by(t[ROW])
        )
    ]


def _staged_rows(stage: Stage, items) -> Iterator[tuple]:
    parser = stage.parser
    for item in items:
        stage.file = stage.file or item.file
        if isinstance(item, Rejected):
            yield (item.row, item.reason, False, *([None] * parser.width))
            continue
        if _skipped(stage, item):
            stage.skipped += 1
            continue
        if has_nul(item.values):  # rejected with its id, so a full sync keeps the record
            clean = {k: v.replace(NUL, "") if isinstance(v, str) else v
                     for k, v in item.values.items()}  # fmt: skip
            reason = "contains a NUL character"
            yield (item.row, reason, False, *parser.rejected(replace(item, values=clean), reason))
            continue
        try:
            values, flagged = parser.parse(item)
        except BadValue as exc:
            yield (item.row, str(exc), False, *parser.rejected(item, str(exc)))
            continue
        yield (item.row, None, flagged, *values)


def _skipped(stage: Stage, row: Row) -> bool:
    return any(
        str(row.values.get(column) or "").strip().casefold() in values
        for column, values in stage.skip.items()
    )


def _resolve(conn: Connection, stage: Stage, references: dict[str, str]) -> None:
    """Turn references' external ids into store ids; reject rows naming unknown ones.

    One statement for all references: every staged row is rewritten once, not once per
    reference (on a first load of 3M activities that halves the cost).
    """
    t = stage.table.c
    source = stage.table
    ids = []
    for reference in references:
        parent = schema.metadata.tables[REFERENCES[reference]].alias(f"parent_{reference}")
        source = source.outerjoin(parent, parent.c.external_id == t[external(reference)])
        ids.append(parent.c.id.label(reference))
    resolved = select(t[ROW], *ids).select_from(source).where(stage.valid).subquery()
    conn.execute(
        stage.table.update()
        .where(t[ROW] == resolved.c[ROW])
        .values({reference: resolved.c[reference] for reference in references})
    )
    for reference, source_column in references.items():
        unknown = and_(stage.valid, t[external(reference)].is_not(None), t[reference].is_(None))
        reason = (
            literal(f"{reference} ({source_column}): '")
            + t[external(reference)]
            + literal(f"' is not in {REFERENCES[reference]}")
        )
        conn.execute(stage.table.update().where(unknown).values({REASON: reason}))


def _match_occurrences(conn: Connection, stage: Stage) -> None:
    """Number identical staged events 1..n and mark the ones the store does not hold yet.

    The store holding k copies of an event the export lists n times gets n - k more (a
    re-run adds nothing); a full sync deletes its copies beyond n (merge.delete_gone).
    """
    t = stage.table.c
    wanted = and_(stage.valid, not_(t[FLAGGED]))
    nth = func.row_number().over(partition_by=[t[k] for k in stage.keys], order_by=t[ROW])
    numbered = select(t[ROW], nth.label("nth")).where(wanted).subquery()
    stored = select(func.count()).select_from(stage.target).where(stage.matches())
    conn.execute(
        stage.table.update()
        .where(t[ROW] == numbered.c[ROW])
        .values({NTH: numbered.c.nth, NEW: stored.scalar_subquery() < numbered.c.nth})
    )


def _reject_duplicates(conn: Connection, stage: Stage) -> None:
    """A record that appears twice in one export keeps its first row; later ones are rejected."""
    t = stage.table.c
    keys = [t[k] for k in stage.keys]
    first = func.min(t[ROW]).over(partition_by=keys).label("first")
    ranked = select(t[ROW], first, *keys).where(stage.valid).subquery()
    duplicates = conn.execute(
        select(ranked.c[ROW], ranked.c.first, ranked.c[stage.keys[0]]).where(
            ranked.c[ROW] != ranked.c.first
        )
    ).all()
    if not duplicates:
        return

    def reason(first: int, key: object) -> str:
        if stage.keys == [EXTERNAL_ID]:
            return f"duplicate of row {first} (external_id {key})"
        return f"duplicate of row {first} (the same {', '.join(stage.keys)})"

    reasons = [{"row": row, "reason": reason(first, key)} for row, first, key in duplicates]
    conn.execute(
        stage.table.update()
        .where(t[ROW] == bindparam("row"))
        .values({REASON: bindparam("reason")}),
        reasons,
    )


def drop_stage(conn: Connection, stage: Stage) -> None:
    stage.table.drop(conn, checkfirst=True)
