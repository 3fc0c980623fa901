"""Field mappings saved in the store by name, so a mapping edited in the app outlives the session.

The Sync page saves the mapping in its editor here, and ``nlseg sync --mapping NAME`` falls
back to a saved mapping when there is no file of that name: the app and the command line use
the same mapping. Only valid mappings are saved, and the text is kept as typed (comments
and all), so the editor shows it exactly as it was saved.

Saving the first mapping of a store also creates the default segments (issue 7: they should
exist as soon as the CRM is described, not only after the first sync) — unless a sync has
already succeeded: that sync created them, and one the user has deleted since stays deleted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, func, inspect, select

from nlseg.store import create_schema, schema
from nlseg.sync.mapping import Mapping, MappingError, parse_mapping

MAX_NAME = 200  # the width of sync_mappings.name
SAVED_PREFIX = "saved: "  # a saved mapping's label on the Sync page and in sync_runs.mapping


@dataclass(frozen=True)
class SavedMapping:
    """What :func:`save_mapping` did."""

    name: str  # as stored (stripped)
    mapping: Mapping
    replaced: bool  # a mapping of this name was saved before and is now overwritten
    created_segments: list[str] = field(default_factory=list)  # the defaults, on a first save


def clean_name(name: str) -> str:
    """``name`` stripped; :class:`MappingError` when it is empty or too long for the store."""
    cleaned = (name or "").strip()
    if not cleaned:
        raise MappingError("A saved mapping needs a name.")
    if len(cleaned) > MAX_NAME:
        raise MappingError(
            f"A mapping name has at most {MAX_NAME} characters (this one has {len(cleaned)})."
        )
    return cleaned


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def _write(conn: Connection, name: str, text: str, by: str | None) -> bool:
    """Insert or replace mapping ``name``; True when it replaced one."""
    t = schema.sync_mappings
    values = {"text": text, "saved_at": _now(), "saved_by": by}
    # The first statement writes, so on SQLite this transaction holds the write lock from here
    # on and the "first mapping?" count below cannot race another save.
    replaced = conn.execute(t.update().where(t.c.name == name).values(**values)).rowcount > 0
    if not replaced:
        conn.execute(t.insert().values(name=name, **values))
    return replaced


def _first_for_store(conn: Connection) -> bool:
    """True when the mapping just written is the store's only one and no sync has succeeded."""
    mappings = conn.execute(select(func.count()).select_from(schema.sync_mappings)).scalar_one()
    if mappings != 1:
        return False
    runs = schema.sync_runs
    synced = conn.execute(select(runs.c.id).where(runs.c.status == "succeeded").limit(1)).first()
    return synced is None


def save_mapping(engine: Engine, name: str, text: str, *, by: str | None = None) -> SavedMapping:
    """Validate ``text`` and save it as mapping ``name`` (replacing one of that name).

    Nothing is saved when the name or the mapping is invalid: :class:`MappingError` says
    what is wrong. The first mapping saved in a store that has never synced also creates
    the default segments; their names are in the result.
    """
    name = clean_name(name)
    mapping = parse_mapping(text, f"mapping '{name}'")
    if not _has_table(engine):  # a store from before saved mappings
        create_schema(engine)
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # Two first saves at once must not both see themselves as the first.
            conn.exec_driver_sql("LOCK TABLE sync_mappings IN SHARE ROW EXCLUSIVE MODE")
        replaced = _write(conn, name, text, by)
        first = not replaced and _first_for_store(conn)
    created: list[str] = []
    if first:
        from nlseg.sync.defaults import create_default_segments  # segments import the compiler

        created = create_default_segments(engine, occasion="the first saved mapping")
    return SavedMapping(name=name, mapping=mapping, replaced=replaced, created_segments=created)


def _has_table(engine: Engine) -> bool:
    # Reading never creates the schema: a store from before saved mappings simply has none.
    return inspect(engine).has_table(schema.sync_mappings.name)


def any_saved(conn: Connection) -> bool:
    """Whether a mapping was ever saved in this store (its first save made the defaults)."""
    t = schema.sync_mappings
    return conn.execute(select(t.c.name).limit(1)).first() is not None


def saved_mappings(engine: Engine) -> dict[str, str]:
    """Every saved mapping's text by name, in name order."""
    if not _has_table(engine):
        return {}
    t = schema.sync_mappings
    with engine.connect() as conn:
        return dict(conn.execute(select(t.c.name, t.c.text).order_by(t.c.name)).all())


def load_saved(engine: Engine, name: str) -> Mapping | None:
    """The saved mapping ``name`` (stripped), parsed; None when there is none of that name.

    A saved text that no longer validates (a later nlseg checks more) raises
    :class:`MappingError` naming the saved mapping and the problems.
    """
    name = (name or "").strip()
    if not name or len(name) > MAX_NAME or not _has_table(engine):
        return None
    t = schema.sync_mappings
    with engine.connect() as conn:
        text = conn.execute(select(t.c.text).where(t.c.name == name)).scalar()
    return None if text is None else parse_mapping(text, f"saved mapping '{name}'")
