"""Writing the store out as the CRM export files a mapping reads: the sync's inverse.

Why it exists: round-trip tests (store -> export -> sync -> the same store) and the sync
benchmark, which needs Salesforce- and HubSpot-shaped exports of the 1M-contact demo store.
So the writer must (a) produce files the *same* mapping parses back to the same values and
(b) stream: rows are read through a server-side cursor (``yield_per``) and written with the
csv module one at a time, so memory does not grow with the store.

Format, per mapped object (one ``<file>.csv``):

- header: the mapping's source columns (standard fields in mapping order, then custom
  fields); ``is_deleted`` is written as ``false`` (the store holds no deleted records);
- reference columns hold the referenced record's ``external_id``, joined in SQL;
- datetimes use the first of the mapping's ``datetime_formats`` that keeps the store's
  precision (whole seconds, or microseconds when the value has them): HubSpot's first
  format ``%Y-%m-%d %H:%M`` would drop seconds, so ``%Y-%m-%d %H:%M:%S`` is used. A format
  with ``%z`` gets UTC attached (the store is naive UTC). Dates use the first date format;
- booleans ``true``/``false``, numbers as plain text, NULL as an empty cell;
- custom fields from ``contacts.custom``: multi-text joined with ``multi_separator``,
  custom dates/datetimes (ISO text in the store) in the mapping's formats.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Date,
    DateTime,
    Engine,
    FromClause,
    Integer,
    Numeric,
    Select,
    select,
)

from nlseg.store import schema
from nlseg.sync.mapping import (
    CUSTOM_PREFIX,
    DELETED,
    OBJECTS,
    REFERENCES,
    CustomType,
    Mapping,
    Settings,
)

YIELD_PER = 5000
"""Rows fetched per round trip from the server-side cursor (bounded memory)."""
ID_CHUNK = 10_000
"""Store ids per ``IN (...)`` when exporting a list of contacts (bound-parameter limits)."""
PERSON_OBJECTS = ("leads", "contacts")
DEFAULT_RECORD_TYPES: dict[str, tuple[str, ...]] = {"leads": ("lead",), "contacts": ("contact",)}

Cell = Callable[[Any], str]


def write_export(
    engine: Engine,
    mapping: Mapping,
    folder: str | Path,
    *,
    record_types: dict[str, Sequence[str]] | None = None,
    contact_ids: Sequence[int] | None = None,
) -> dict[str, int]:
    """Write every mapped object of the store as ``folder/<file>.csv``; rows written per file.

    ``record_types`` says which ``contacts.record_type`` values each person object exports
    (default: leads = 'lead', contacts = 'contact'; a person object it does not name exports
    no one). A mapping without leads, like HubSpot's, can pass
    ``{"contacts": ("lead", "contact")}`` to export everyone as a contact.
    ``contact_ids`` (store ids; a ``range`` becomes one BETWEEN) restricts the leads and
    contacts and the contact-keyed objects (roles, memberships, events, activities); the
    other objects are always written whole, so every reference resolves. Contact-keyed rows
    of people the export leaves out are left out too: the sync would reject them.
    """
    unknown = set(record_types or {}) - set(PERSON_OBJECTS)
    if unknown:
        raise ValueError(f"record_types: {sorted(unknown)} have no record types (leads, contacts)")
    chosen = DEFAULT_RECORD_TYPES if record_types is None else record_types
    types = {o: tuple(chosen.get(o, ())) for o in PERSON_OBJECTS if o in mapping.objects}
    # Contact-keyed rows are written for the people written; any person when none are mapped.
    people = tuple(sorted({t for ts in types.values() for t in ts})) if types else None
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for obj in mapping.ordered():
        header, cells, query = _plan(obj, mapping, types.get(obj), people)
        path = folder / f"{mapping.file_of(obj)}.csv"
        with engine.connect() as conn, path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            count = 0
            for statement in _restricted(query, obj, contact_ids):
                result = conn.execute(statement.execution_options(yield_per=YIELD_PER))
                for row in result:
                    writer.writerow([cell(row) for cell in cells])
                    count += 1
        written[path.name] = count
    return written


def _plan(
    obj: str, mapping: Mapping, types: tuple[str, ...] | None, people: tuple[str, ...] | None
) -> tuple[list[str], list[Callable[[Sequence[Any]], str]], Select]:
    """The header, one cell writer per column, and the query whose rows they read."""
    om, settings = mapping.objects[obj], mapping.settings
    table = schema.metadata.tables[OBJECTS[obj][0]]
    columns: list[ColumnElement] = []
    source: FromClause = table
    header: list[str] = []
    cells: list[Callable[[Sequence[Any]], str]] = []

    def add(name: str, cell: Callable[[Sequence[Any]], str]) -> None:
        if name not in header:  # two store columns read from one source column: write it once
            header.append(name)
            cells.append(cell)

    for column, name in om.fields.items():
        if column == DELETED:
            add(name, lambda _row: "false")
            continue
        if column in REFERENCES:
            target = schema.metadata.tables[REFERENCES[column]].alias(f"ref_{column}")
            on = target.c.id == table.c[column]
            if column == "contact_id" and people is not None:
                on &= target.c.record_type.in_(people)  # only people this export writes
            source = source.join(target, on, isouter=column != "contact_id")
            columns.append(target.c.external_id)
            add(name, _at(len(columns) - 1, str))
            continue
        columns.append(table.c[column])
        fmt = _formatter(table.c[column].type, settings)
        if column in om.values:
            fmt = _crm_spelling(om.values[column], fmt)
        add(name, _at(len(columns) - 1, fmt))
    if om.custom:
        columns.append(table.c.custom)
        index = len(columns) - 1
        for field in om.custom:
            fmt = _custom_formatter(field.type, settings)
            translated = om.values.get(CUSTOM_PREFIX + field.key)
            if translated:
                fmt = _crm_spelling(translated, fmt)
            add(field.column, _custom_cell(index, field.key, fmt))
    for name in om.skip:
        add(name, lambda _row: "")  # every stored record is one to load
    query = select(*columns).select_from(source).order_by(*table.primary_key.columns)
    if types is not None:
        query = query.where(table.c.record_type.in_(types))
    return header, cells, query


def _restricted(query: Select, obj: str, contact_ids: Sequence[int] | None) -> Iterator[Select]:
    """``query`` limited to ``contact_ids`` where the object is keyed by contact, in chunks."""
    table = schema.metadata.tables[OBJECTS[obj][0]]
    key = table.c.id if obj in PERSON_OBJECTS else table.c.get("contact_id")
    if contact_ids is None or key is None:
        yield query
        return
    if isinstance(contact_ids, range) and contact_ids.step == 1:
        if len(contact_ids):
            yield query.where(key.between(contact_ids.start, contact_ids.stop - 1))
        return
    ids = sorted(set(contact_ids))
    for start in range(0, len(ids), ID_CHUNK):
        yield query.where(key.in_(ids[start : start + ID_CHUNK]))


def _at(index: int, fmt: Cell) -> Callable[[Sequence[Any]], str]:
    def cell(row: Sequence[Any]) -> str:
        value = row[index]
        return "" if value is None else fmt(value)

    return cell


def _custom_cell(index: int, key: str, fmt: Cell) -> Callable[[Sequence[Any]], str]:
    def cell(row: Sequence[Any]) -> str:
        value = (row[index] or {}).get(key)
        return "" if value is None else fmt(value)

    return cell


def _crm_spelling(values: dict[str, str], fmt: Cell) -> Cell:
    """Stored values back in the CRM's spelling (the mapping's ``values``, first one wins)."""
    back: dict[str, str] = {}
    for crm, stored in values.items():
        back.setdefault(stored, crm)

    def write(value: Any) -> str:
        if isinstance(value, list):  # a custom multi-text field: each item
            return fmt([back.get(item, item) for item in value])
        return back[value] if value in back else fmt(value)

    return write


def _bool(value: Any) -> str:
    return "true" if value else "false"


def _number(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")  # never "1E+3"
    return str(value)


def _formatter(kind: Any, settings: Settings) -> Cell:
    if isinstance(kind, Boolean):
        return _bool
    if isinstance(kind, (Integer, Numeric)):
        return _number
    if isinstance(kind, DateTime):
        return datetime_writer(settings.datetime_formats)
    if isinstance(kind, Date):
        date_format = settings.date_formats[0]
        return lambda value: value.strftime(date_format)
    return str


def datetime_writer(formats: Sequence[str]) -> Cell:
    """Naive-UTC datetimes as text the mapping parses back to the same value.

    The first format with seconds is used (with microseconds, the first that has ``%f``,
    when the value has any); without one, the first format, which loses precision.
    """
    with_seconds = [f for f in formats if "%S" in f]
    whole = with_seconds[0] if with_seconds else formats[0]
    fine = next((f for f in with_seconds if "%f" in f), whole)

    def write(value: dt.datetime) -> str:
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        fmt = fine if value.microsecond else whole
        if "%z" in fmt:
            value = value.replace(tzinfo=dt.UTC)
        return value.strftime(fmt)

    return write


def _custom_formatter(kind: CustomType, settings: Settings) -> Cell:
    """Custom values as kept in ``contacts.custom`` (coerce.custom_value) back to source text."""
    match kind:
        case CustomType.BOOLEAN:
            return _bool
        case CustomType.DATE:
            date_format = settings.date_formats[0]
            return lambda value: dt.date.fromisoformat(str(value)).strftime(date_format)
        case CustomType.DATETIME:
            write = datetime_writer(settings.datetime_formats)
            return lambda value: write(dt.datetime.fromisoformat(str(value)))
        case CustomType.MULTI_TEXT:
            separator = settings.multi_separator
            return lambda value: (
                separator.join(str(v) for v in value) if isinstance(value, list) else str(value)
            )
        case CustomType.NUMBER | CustomType.SCORE:
            return _number
        case _:
            return str
