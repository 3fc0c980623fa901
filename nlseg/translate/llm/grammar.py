"""The answer's shape as a catalog-specific JSON schema, for grammar-constrained decoding.

A server that compiles a schema into a grammar (llama.cpp's ``response_format``
``{"type": "json_object", "schema": …}``) then cannot let the model write a field the
catalog does not have, an operator its type does not take, a value of the wrong shape, a
picklist value outside the vocabulary, a related-record field outside its relation, or a
list of notes that never ends. The schema is never shown to the model (it costs no prompt
tokens); the validator still checks every answer.

Everything comes from the catalog and the operator table: one condition shape per set of
operators and value (the fields sharing them: a picklist's lists are its own, with its
values; "is set" is one shape for all), one related shape per relation (its quantifiers,
its where-fields, a window only where it has a timestamp). Groups nest through ``$ref``,
which a grammar expresses as a recursive rule.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from nlseg.catalog import Catalog, DataType, FieldDef
from nlseg.catalog.operators import OPERATOR_TABLE, Op, ValueShape
from nlseg.tree.models import Period, Quantifier, Unit

__all__ = ["MAX_NOTES", "grammar_schema", "value_schema"]

# Assumptions, or unsupported phrases: a runaway answer once repeated `" ","` in a list
# for 2,000 tokens. Other lists and strings are unbounded in the grammar, because
# llama-cpp-python spells {0,N} out as N nested optionals (a 150 KB grammar for strings of
# at most 200 characters); the completion-token cap bounds them instead.
MAX_NOTES = 6
_NUMBERS = (DataType.NUMBER, DataType.SCORE)
_DATES = (DataType.DATE, DataType.DATETIME)
_DAY = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
_NULL = {"type": "null"}
_VOCABULARY = (DataType.PICKLIST, DataType.MULTI_TEXT)  # their values are the choices


def _enum(*values: str) -> dict[str, Any]:
    return {"type": "string", "enum": list(values)}


def _obj(properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _text() -> dict[str, Any]:
    return {"type": "string", "minLength": 1}


def _scalar(data_type: DataType) -> dict[str, Any]:
    if data_type in _NUMBERS:
        return {"type": "number"}
    if data_type in _DATES:
        return _DAY
    if data_type is DataType.BOOLEAN:
        return {"type": "boolean"}
    return _text()


def value_schema(shape: ValueShape, data_type: DataType, values: Sequence[str] = ()) -> Any:
    """The value of an operator of ``shape`` on a field of ``data_type`` (``values``: its
    vocabulary, when it has one)."""
    if shape is ValueShape.NONE:
        return _NULL
    if shape is ValueShape.SCALAR:
        return _scalar(data_type)
    if shape is ValueShape.LIST:
        item = _enum(*values) if values else _text()
        return {"type": "array", "items": item, "minItems": 1}
    if shape is ValueShape.RANGE:
        return _obj({"low": _scalar(data_type), "high": _scalar(data_type)})
    if shape is ValueShape.SPAN:
        amount = {"type": "integer", "minimum": 0, "maximum": 3650}
        return _obj({"amount": amount, "unit": _enum(*(u.value for u in Unit))})
    if shape is ValueShape.PERIOD:
        return _enum(*(p.value for p in Period))
    raise ValueError(f"no value schema for {shape}")  # pragma: no cover - table complete


def _by_shape(ops: Iterable[Op]) -> dict[ValueShape, list[str]]:
    shapes: dict[ValueShape, list[str]] = {}
    for op in ops:
        shapes.setdefault(OPERATOR_TABLE[op].shape, []).append(op.value)
    return shapes


def _conditions(fields: Sequence[FieldDef]) -> list[dict[str, Any]]:
    """One shape per (operators, value): the fields that take the same operators with the
    same value share it (a picklist's values make its lists its own; "is set" is shared)."""
    buckets: dict[str, tuple[list[str], list[str], Any]] = {}
    for field in fields:
        vocabulary = field.values if field.data_type in _VOCABULARY else ()
        for shape, ops in _by_shape(field.operators).items():
            value = value_schema(shape, field.data_type, vocabulary)
            bucket = json.dumps([ops, value])
            buckets.setdefault(bucket, ([], ops, value))[0].append(field.key)
    return [
        _obj({"kind": _enum("condition"), "field": _enum(*keys), "op": _enum(*ops), "value": value})
        for keys, ops, value in buckets.values()
    ]


def _window() -> dict[str, Any]:
    ops = (op for op, spec in OPERATOR_TABLE.items() if DataType.DATETIME in spec.types)
    return {
        "anyOf": [
            _obj({"op": _enum(*names), "value": value_schema(shape, DataType.DATETIME)})
            for shape, names in _by_shape(ops).items()
            if shape is not ValueShape.NONE
        ]
    }


def _group(children: dict[str, Any]) -> dict[str, Any]:
    return _obj(
        {
            "kind": _enum("group"),
            "logic": _enum("and", "or"),
            "negate": {"type": "boolean"},
            "children": {"type": "array", "items": children, "minItems": 1},
        }
    )


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, _NULL]}


def _counts(all_of_last: bool) -> list[tuple[list[str], dict[str, Any]]]:
    """The quantifiers without a count (any, none), and those that need one."""
    counted = [Quantifier.AT_LEAST, Quantifier.AT_MOST, Quantifier.EXACTLY]
    if all_of_last:
        counted += [Quantifier.ALL_OF_LAST, Quantifier.ANY_OF_LAST]
    return [
        ([Quantifier.ANY.value, Quantifier.NONE.value], _NULL),
        ([q.value for q in counted], {"type": "integer", "minimum": 0, "maximum": 100_000}),
    ]


def grammar_schema(catalog: Catalog, segments: Sequence[str] = ()) -> dict[str, Any]:
    """The answer schema for ``catalog``: the tree (or null) and the honesty notes."""
    defs: dict[str, Any] = {
        "condition": {"anyOf": _conditions(catalog.fields_of(catalog.top_level_entities))},
        "window": _window(),
    }
    node: list[dict[str, Any]] = [{"$ref": "#/$defs/condition"}]
    related: list[dict[str, Any]] = []
    for rel in catalog.relations.values():
        if rel.cardinality != "1:many":
            continue
        name = f"where_{rel.name}"
        defs[name] = {"anyOf": _conditions(catalog.fields_of(rel.entities))}
        where = {"$ref": f"#/$defs/{name}"}
        body = {
            "where": _nullable({"anyOf": [where, _group(where)]}),
            "window": _nullable({"$ref": "#/$defs/window"}) if rel.timestamp_field else _NULL,
        }
        for quantifiers, count in _counts(rel.supports_all_of_last):
            related.append(
                _obj(
                    {
                        "kind": _enum("related"),
                        "relation": _enum(rel.name),
                        "quantifier": _enum(*quantifiers),
                        "count": count,
                        **body,
                    }
                )
            )
    if related:
        defs["related"] = {"anyOf": related}
        node.append({"$ref": "#/$defs/related"})
    if segments:
        node.append(
            _obj(
                {
                    "kind": _enum("segment"),
                    "segment": _enum(*segments),
                    "negate": {"type": "boolean"},
                }
            )
        )
    node.append(_group({"$ref": "#/$defs/node"}))
    defs["node"] = {"anyOf": node}
    notes = {"type": "array", "maxItems": MAX_NOTES}
    return {
        **_obj(
            {
                "tree": _nullable({"$ref": "#/$defs/node"}),
                "assumptions": {
                    **notes,
                    "items": _obj({"about": _text(), "chosen": _text()}),
                },
                "unsupported": {**notes, "items": _text()},
                "question": _nullable(_text()),
                "refusal": _nullable(_text()),
            }
        ),
        "$defs": defs,
    }
