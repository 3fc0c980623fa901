"""The catalog of a store: custom fields from field_definitions, picklist values and the
value index (:mod:`nlseg.catalog.values`) from data.

Values are read once per engine and cached; :func:`load_catalog` with ``refresh=True``
re-reads them (after a sync, say).
"""

from __future__ import annotations

import threading
from dataclasses import replace

from sqlalchemy import Engine, inspect, select

from nlseg.catalog.aliases import with_aliases
from nlseg.catalog.columns import field_expression, multi_text_elements
from nlseg.catalog.model import Catalog, DataType, FieldDef
from nlseg.catalog.standard import standard_catalog
from nlseg.catalog.values import read_name_relations, read_names
from nlseg.store import schema

MAX_PICKLIST_VALUES = 500

_cache: dict[str, Catalog] = {}
_lock = threading.Lock()


def custom_field_key(key: str) -> str:
    return f"contact.custom.{key}"


def _custom_fields(conn) -> list[FieldDef]:
    fd = schema.field_definitions
    rows = conn.execute(select(fd).where(fd.c.entity == "contact").order_by(fd.c.key)).all()
    fields = []
    for row in rows:
        try:
            data_type = DataType(row.data_type)
        except ValueError:
            continue  # a type this version does not know is not filterable, rather than wrong
        fields.append(
            FieldDef(
                key=custom_field_key(row.key),
                entity="contact",
                label=row.label,
                data_type=data_type,
                custom_key=row.key,
            )
        )
    return fields


def _distinct_values(conn, field: FieldDef, catalog: Catalog) -> list[str]:
    table = schema.metadata.tables[catalog.entities[field.entity].table]
    if field.data_type is DataType.MULTI_TEXT:
        elements, strings = multi_text_elements(table, field, conn.dialect.name)
        expr = elements.c.value
        source = table.join(elements, strings)
    else:
        expr = field_expression(field, table, conn.dialect.name)
        source = table
    query = (
        select(expr)
        .select_from(source)
        .where(expr.is_not(None))
        .distinct()
        .order_by(expr)
        .limit(MAX_PICKLIST_VALUES)
    )
    return [str(v) for (v,) in conn.execute(query) if str(v) != ""]


def build_catalog(engine: Engine) -> Catalog:
    """Read custom fields and picklist values from the store (uncached)."""
    base = standard_catalog()
    if not inspect(engine).has_table("field_definitions"):
        return base
    with engine.connect() as conn:
        catalog = base.with_fields(_custom_fields(conn))
        enriched = []
        for field in catalog.fields.values():
            if field.data_type not in (DataType.PICKLIST, DataType.MULTI_TEXT):
                continue
            known = list(field.values)
            seen = {v.casefold() for v in known}
            extra = [v for v in _distinct_values(conn, field, catalog) if v.casefold() not in seen]
            enriched.append(replace(field, values=(*known, *extra)))
        names, used = read_names(conn, catalog), read_name_relations(conn, catalog)
    # aliases again: those of custom fields, and of values only the data has
    return with_aliases(catalog.with_fields(enriched)).with_names(names, used)


def load_catalog(engine: Engine, *, refresh: bool = False) -> Catalog:
    """The catalog for ``engine``, cached per database URL."""
    key = engine.url.render_as_string(hide_password=True)
    with _lock:
        if refresh or key not in _cache:
            _cache[key] = build_catalog(engine)
        return _cache[key]
