"""A compact rendering of the catalog for the prompt: what can be filtered, and how.

Operators are listed once per type, from the operator table (nlseg.catalog.operators); each
field is one line (key, label, synonyms, type and, for picklists, the first values of its
vocabulary — the catalog's own order, the standard vocabulary before values found only in
the data). The model gets names it can copy, and the validator catches anything else and
names the valid alternatives on a reask.
"""

from __future__ import annotations

from collections.abc import Collection

from nlseg.catalog import DATA_TYPE_ORDER, Catalog, DataType, FieldDef, Relation, operators_for

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


def relation_line(rel: Relation) -> str:
    line = f"- {rel.name}: {rel.label.lower()}; where-fields of: {', '.join(rel.entities)}"
    line += f"; window on {rel.timestamp_field}" if rel.timestamp_field else "; no window"
    if rel.supports_all_of_last:
        line += "; all_of_last / any_of_last"
    return line


def render_catalog(catalog: Catalog, focus: Collection[str] | None = None) -> str:
    """The catalog as the prompt shows it; with ``focus`` (field keys and relation names the
    request mentions), only those fields, the operators of their types and the relations
    they name or whose records they belong to. An empty section is left out."""
    top = catalog.top_level_entities
    wanted = set(focus) if focus else None
    many = [r for r in catalog.relations.values() if r.cardinality == "1:many"]
    shown_top = [f for f in catalog.fields_of(top) if wanted is None or f.key in wanted]
    related: list[FieldDef] = []
    for entity in dict.fromkeys(e for r in many for e in r.entities if e not in top):
        related += [f for f in catalog.fields_of([entity]) if wanted is None or f.key in wanted]
    if wanted is not None:
        entities = {f.entity for f in related}
        many = [r for r in many if r.name in wanted or entities & set(r.entities)]
    types = None if wanted is None else {f.data_type for f in (*shown_top, *related)}
    sections = [
        ("Operators by field type:", _operators(types)),
        (
            "Fields of the contact, its account and its owner (use them at the top level):",
            [field_line(f) for f in shown_top],
        ),
        ('Relations (the "relation" of a related node; each is 1:many):', [
            relation_line(r) for r in many
        ]),
        (
            "Fields of related records (only inside the where of a related node):",
            [field_line(f) for f in related],
        ),
    ]  # fmt: skip
    return "\n\n".join("\n".join([title, *lines]) for title, lines in sections if lines)
