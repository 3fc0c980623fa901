"""Static lists: a segment frozen into a dated snapshot of its members.

A segment is live (re-evaluated whenever used); a static list is not: it keeps the contacts
that matched on the day it was frozen, with the tree and version that selected them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, Select, func, select

from nlseg.catalog import Catalog
from nlseg.clock import Clock
from nlseg.compiler.execute import DEFAULT_TIMEOUT_MS, rows
from nlseg.evaluate import compile_for, parse_tree
from nlseg.export import contacts_csv
from nlseg.segments import SegmentError, get_segment, version_tree
from nlseg.store import schema

INSERT_CHUNK = 5000


@dataclass(frozen=True)
class StaticListInfo:
    id: int
    name: str
    segment_id: int | None
    segment_name: str | None
    segment_version: int | None
    as_of: dt.date
    member_count: int
    created_by: str | None
    created_at: dt.datetime


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def freeze_segment(
    engine: Engine,
    segment_id: int,
    catalog: Catalog,
    clock: Clock,
    *,
    author: str | None = None,
    name: str | None = None,
    timeout_ms: int = DEFAULT_TIMEOUT_MS,
) -> StaticListInfo:
    """Snapshot the current members of a segment into a new static list (one transaction)."""
    info = get_segment(engine, segment_id)
    stored = version_tree(engine, segment_id, info.current_version)
    tree = parse_tree(stored, catalog)
    compiled = compile_for(engine, tree, catalog, clock)
    c = schema.contacts
    members = rows(
        engine,
        select(c.c.id, c.c.email).where(c.c.id.in_(compiled.ids().order_by(None))),
        timeout_ms,
    )
    name = " ".join((name or "").split()) or f"{info.name} — {clock.today.isoformat()}"
    stamp = _now()
    sl, slm = schema.static_lists, schema.static_list_members
    with engine.begin() as conn:
        list_id = conn.execute(
            sl.insert().values(
                name=name,
                segment_id=segment_id,
                segment_name=info.name,
                segment_version=info.current_version,
                as_of=clock.today,
                tree=stored,
                member_count=len(members),
                created_by=author,
                created_at=stamp,
            )
        ).inserted_primary_key[0]
        for start in range(0, len(members), INSERT_CHUNK):
            chunk = members[start : start + INSERT_CHUNK]
            conn.execute(
                slm.insert(),
                [{"static_list_id": list_id, "contact_id": i, "email": e} for i, e in chunk],
            )
    return get_static_list(engine, list_id)


def _info(row) -> StaticListInfo:
    return StaticListInfo(**{k: row._mapping[k] for k in StaticListInfo.__dataclass_fields__})


def get_static_list(engine: Engine, list_id: int) -> StaticListInfo:
    sl = schema.static_lists
    with engine.connect() as conn:
        row = conn.execute(select(sl).where(sl.c.id == list_id)).first()
    if row is None:
        raise SegmentError(f"There is no static list with id {list_id}.")
    return _info(row)


def list_static_lists(engine: Engine, segment_id: int | None = None) -> list[StaticListInfo]:
    """Static lists, newest first (only those frozen from ``segment_id`` when given)."""
    sl = schema.static_lists
    query = select(sl).order_by(sl.c.created_at.desc(), sl.c.id.desc())
    if segment_id is not None:
        query = query.where(sl.c.segment_id == segment_id)
    with engine.connect() as conn:
        return [_info(row) for row in conn.execute(query)]


def member_ids(list_id: int) -> Select:
    slm = schema.static_list_members
    return select(slm.c.contact_id).where(slm.c.static_list_id == list_id)


def member_count(engine: Engine, list_id: int) -> int:
    slm = schema.static_list_members
    query = select(func.count()).where(slm.c.static_list_id == list_id)
    with engine.connect() as conn:
        return conn.execute(query).scalar_one()


def static_list_csv(engine: Engine, list_id: int) -> str:
    """The frozen members that still exist in the CRM, with their current details."""
    return contacts_csv(engine, member_ids(list_id))


def delete_static_list(engine: Engine, list_id: int) -> None:
    sl, slm = schema.static_lists, schema.static_list_members
    with engine.begin() as conn:
        conn.execute(slm.delete().where(slm.c.static_list_id == list_id))
        if conn.execute(sl.delete().where(sl.c.id == list_id)).rowcount != 1:
            raise SegmentError(f"There is no static list with id {list_id}.")
