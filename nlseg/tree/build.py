"""Compact builders for trees as JSON-ready dicts: ``AND(C("contact.country", "in", ["Germany"]))``.

For tests, benchmarks, the eval cases and scripts; validate the result with
``nlseg.parse_tree`` before use.
"""

from __future__ import annotations

from typing import Any


def C(field: str, op: str, value: Any = None) -> dict:
    """A condition."""
    node: dict[str, Any] = {"kind": "condition", "field": field, "op": op}
    if value is not None:
        node["value"] = value
    return node


def AND(*children: dict, negate: bool = False) -> dict:
    return {"kind": "group", "logic": "and", "negate": negate, "children": list(children)}


def OR(*children: dict, negate: bool = False) -> dict:
    return {"kind": "group", "logic": "or", "negate": negate, "children": list(children)}


def REL(
    relation: str,
    quantifier: str = "any",
    count: int | None = None,
    where: dict | None = None,
    window: dict | None = None,
) -> dict:
    """A condition over a 1:many relation, with its quantifier."""
    node: dict[str, Any] = {"kind": "related", "relation": relation, "quantifier": quantifier}
    for key, value in (("count", count), ("where", where), ("window", window)):
        if value is not None:
            node[key] = value
    return node


def SEG(segment: int | str, negate: bool = False) -> dict:
    """Membership of a saved segment."""
    return {"kind": "segment", "segment": segment, "negate": negate}


def DAYS(n: int, unit: str = "day") -> dict:
    """An amount of time for in_last / more_than_ago."""
    return {"amount": n, "unit": unit}


def LAST(n: int, unit: str = "day") -> dict:
    """A relation's time window: "in the last ``n`` days"."""
    return {"op": "in_last", "value": DAYS(n, unit)}
