"""A compact rendering of the catalog for the prompt: what can be filtered, and how.

Operators are listed once per type, from the operator table (nlseg.catalog.operators); each
field is one line (key, label, synonyms, type and, for picklists, the first values of its
vocabulary — the catalog's own order, the standard vocabulary before values found only in
the data). The model gets names it can copy, and the validator catches anything else and
names the valid alternatives on a reask.
"""

from __future__ import annotations

from collections.abc import Collection

from nlseg.catalog import DATA_TYPE_ORDER, Catalog, DataType, FieldDef, operators_for

MAX_VALUES = 20


def _operators(types: set[DataType] | None = None) -> list[str]:
    by_ops: dict[tuple, list[str]] = {}
    for data_type in DATA_TYPE_ORDER:
        if types is None or data_type in types:
            by_ops.setdefault(operators_for(data_type), []).append(data_type.value)
    return [
        f"- {', '.join(types)}: {', '.join(op.value for op in ops)}"
        for ops, types in by_ops.items()
    ]


def field_line(field: FieldDef) -> str:
    line = f'- {field.key} "{field.label}"'
    if field.synonyms:
        line += f" (also: {', '.join(field.synonyms)})"
    line += f": {field.data_type.value}"
    if field.data_type in (DataType.PICKLIST, DataType.MULTI_TEXT) and field.values:
        shown = ", ".join(field.values[:MAX_VALUES])
        more = len(field.values) - MAX_VALUES
        line += f" [{shown}{f', … {more} more' if more > 0 else ''}]"
    return line


def render_catalog(catalog: Catalog, focus: Collection[str] | None = None) -> str:
    """The catalog as the prompt shows it; with ``focus`` (field keys and relation names the
    request mentions), only those fields and the operators of their types — every relation
    is still listed, in one line each."""
    top = catalog.top_level_entities
    many = [r for r in catalog.relations.values() if r.cardinality == "1:many"]
    wanted = set(focus) if focus else None
    shown_top = [f for f in catalog.fields_of(top) if wanted is None or f.key in wanted]
    related: list[FieldDef] = []
    seen: set[str] = set()
    for rel in many:
        for entity in rel.entities:
            if entity in seen or entity in top:
                continue
            seen.add(entity)
            related += [f for f in catalog.fields_of([entity]) if wanted is None or f.key in wanted]
    types = None if wanted is None else {f.data_type for f in (*shown_top, *related)}
    lines = ["Operators by field type:", *_operators(types), ""]
    lines.append("Fields of the contact, its account and its owner (use them at the top level):")
    lines.extend(field_line(f) for f in shown_top)
    lines += ["", 'Relations (the "relation" of a related node; each is 1:many):']
    for rel in many:
        line = f"- {rel.name}: {rel.label.lower()}; where-fields of: {', '.join(rel.entities)}"
        if rel.timestamp_field:
            line += f"; window on {rel.timestamp_field}"
        else:
            line += "; no window"
        if rel.supports_all_of_last:
            line += "; supports all_of_last / any_of_last"
        lines.append(line)
    lines += ["", "Fields of related records (only inside the where of a related node):"]
    lines.extend(field_line(f) for f in related)
    return "\n".join(lines)
