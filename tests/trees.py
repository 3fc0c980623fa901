"""Compact builders for trees in tests: C("contact.country", "in", ["Germany"]), AND(...), …"""

from __future__ import annotations

from typing import Any


def C(field: str, op: str, value: Any = None) -> dict:
    node = {"kind": "condition", "field": field, "op": op}
    if value is not None:
        node["value"] = value
    return node


def AND(*children: dict, negate: bool = False) -> dict:
    return {"kind": "group", "logic": "and", "negate": negate, "children": list(children)}


def OR(*children: dict, negate: bool = False) -> dict:
    return {"kind": "group", "logic": "or", "negate": negate, "children": list(children)}


def REL(relation: str, quantifier: str = "any", count: int | None = None, where=None, window=None):
    node: dict[str, Any] = {"kind": "related", "relation": relation, "quantifier": quantifier}
    if count is not None:
        node["count"] = count
    if where is not None:
        node["where"] = where
    if window is not None:
        node["window"] = window
    return node


def SEG(segment: int | str, negate: bool = False) -> dict:
    return {"kind": "segment", "segment": segment, "negate": negate}


def DAYS(n: int, unit: str = "day") -> dict:
    return {"amount": n, "unit": unit}
