"""Units: one constraint each ("in Germany", "no deal created in the last 90 days"), as the
grammar assembles them, and their conversion to filter-tree nodes.

A unit remembers the tokens and pieces it was built from, so that anything it could not
use is reported, and whether it reads upward (an extra unknown word could only narrow it
further) — the basis of the rule for returning a tree with unparsed words (see
:mod:`nlseg.translate.offline.honesty`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from dataclasses import field as dc_field
from typing import Any

from nlseg.catalog import Catalog, Op
from nlseg.translate.offline.kinds import UnitKind
from nlseg.tree.models import (
    Condition,
    DateFilter,
    Group,
    InSegment,
    Quantifier,
    Related,
)

NOT_OPS = {
    "in": "not_in",
    "not_in": "in",
    "eq": "neq",
    "neq": "eq",
    "contains": "not_contains",
    "not_contains": "contains",
    "is_set": "is_not_set",
    "is_not_set": "is_set",
    "is_true": "is_false",
    "is_false": "is_true",
    "gt": "lte",
    "gte": "lt",
    "lt": "gte",
    "lte": "gt",
    "in_last": "more_than_ago",
    "more_than_ago": "in_last",
}
NEGATIVE_OPS = {"not_in", "neq", "not_contains", "is_not_set", "is_false"}
CMP_QUANTIFIER = {
    "gte": ("at_least", 0),
    "gt": ("at_least", 1),
    "lte": ("at_most", 0),
    "lt": ("at_most", -1),
    "eq": ("exactly", 0),
}


@dataclass
class Unit:
    kind: UnitKind
    first: int  # first token
    last: int  # one past the last token
    pieces: list[int] = dc_field(default_factory=list)
    neg: str | None = None  # not | no | never
    excluded: bool = False  # in an "except …" part: the whole part is negated
    # a condition
    field: str | None = None
    op: str | None = None
    value: Any = None
    awaiting: bool = False  # a field was named; its value has not come yet
    # a related condition
    relation: str | None = None
    where: list[list[Any]] = dc_field(default_factory=list)  # [field, op, value]
    subfield: str | None = None  # a field of the related records awaiting its value
    subneg: bool = False
    quantifier: str | None = None
    count: int | None = None
    count_max: int | None = None  # "2 to 5 meetings": at most this many as well
    window: tuple[str, Any] | None = None
    last_campaigns: dict | None = None
    verb_only: bool = False  # "opened" with nothing else yet: may share a later window
    latest: bool = False  # "last contacted …": the most recent record is in the window
    implicit: bool = False  # opened by a field or value of related records, not a noun
    # a segment
    segment: str | None = None
    # bookkeeping
    unknown: list[int] = dc_field(default_factory=list)  # pieces not understood, attached here
    notes: list[str] = dc_field(default_factory=list)  # why something was not understood
    valueless: str | None = None  # a field named with no value for it ("in the region")
    head: bool = False  # a noun heading the request ("VPs", "leads")
    bare: bool = False  # a picklist value alone: may join the list of the unit before it
    candidates: list = dc_field(default_factory=list)  # value senses it could have been
    has: bool = False  # introduced by with/has: a field alone means "is set"
    prep: str | None = None
    entity: str | None = None  # subject units: "contact" or "account"
    last_number: tuple[Any, str] | None = None  # (n, what it set): for "or more" after it
    counted: bool = False  # took a number said before its noun ("more than 3 meetings")
    # not answerable (see :mod:`nlseg.translate.offline.unanswerable`): reported whole
    dead: bool = False  # a phrase the store cannot answer, still taking the words about it
    forecast: bool = False  # about the future: a prediction or a window ahead of today
    pp_open: bool = False  # a dead phrase took a preposition: its object follows

    def __post_init__(self) -> None:
        self.kind = UnitKind(self.kind)

    def cover(self, piece) -> None:
        self.pieces.append(piece.uid)
        self.first = min(self.first, piece.start)
        self.last = max(self.last, piece.end)

    @property
    def upward(self) -> bool:
        """True when an unknown word inside could only make it select fewer contacts."""
        if self.excluded:
            return False
        if self.kind == "cond":
            return self.op not in NEGATIVE_OPS and not self.neg
        if self.kind == "rel":
            q = self.final_quantifier()[0]
            return q in ("any", "at_least", "all_of_last", "any_of_last")
        if self.kind == "seg":
            return not self.neg
        return True

    def final_quantifier(self) -> tuple[str, int | None, bool]:
        """(quantifier, count, negate-as-group) after applying the negation."""
        q = self.quantifier or ("all_of_last" if self.last_campaigns else "any")
        n = self.count
        if q in ("all_of_last", "any_of_last") and n is None and self.last_campaigns:
            n = self.last_campaigns["count"]
        if not self.neg:
            return q, n, False
        if q == "any":
            return "none", None, False
        if q == "none":
            return "any", None, False
        if q == "at_least" and n is not None:
            return ("at_most", n - 1, False) if n > 1 else ("none", None, False)
        if q == "at_most" and n is not None:
            return "at_least", n + 1, False
        return q, n, True


def _endings(unit: Unit, negate: bool) -> Condition | Group:
    """An address at any of several endings ("on yahoo"), or — negated, "work emails" — an
    address at none of them (an address is set: a contact with none is not one)."""
    parts = [Condition(field=unit.field, op="ends_with", value=v) for v in unit.value]
    any_of = parts[0] if len(parts) == 1 else Group(logic="or", children=parts)
    if not negate:
        return any_of
    return Group(
        logic="and",
        children=[
            Condition(field=unit.field, op="is_set"),
            Group(negate=True, children=[any_of]),
        ],
    )


def _condition(unit: Unit) -> Condition | Group:
    if unit.op in ("ends_with_any", "ends_with_none"):
        return _endings(unit, (unit.op == "ends_with_none") != bool(unit.neg))
    if unit.op == "ends_with" and unit.neg:
        return _endings(replace(unit, value=[unit.value]), True)
    op, value, negate = unit.op, unit.value, False
    if unit.neg:
        if op in NOT_OPS:
            op = NOT_OPS[op]
        else:
            negate = True
    node = Condition(field=unit.field, op=op, value=value)
    return Group(negate=True, children=[node]) if negate else node


def _where(unit: Unit) -> Condition | Group | None:
    parts = [
        Condition(field=f, op=op, value=list(v) if isinstance(v, tuple) else v)
        for f, op, v in unit.where
    ]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else Group(logic="and", children=parts)


def to_node(unit: Unit) -> Any:
    """The tree node of a complete unit (None for subjects and units not understood)."""
    if unit.kind == "cond":
        node = _condition(unit)
    elif unit.kind == "rel":
        q, n, negate = unit.final_quantifier()
        window = None
        if unit.window is not None:
            window = DateFilter(op=unit.window[0], value=unit.window[1])
        after = _after_window(unit) if unit.latest and not unit.neg and q == "any" else None
        if after is not None:
            # The most recent record in the window: one in it, and none after it.
            where = _where(unit)
            return Group(
                logic="and",
                children=[
                    Related(relation=unit.relation, where=where, window=window),
                    Related(
                        relation=unit.relation,
                        quantifier=Quantifier.NONE,
                        where=where,
                        window=after,
                    ),
                ],
            )
        node = Related(
            relation=unit.relation,
            quantifier=Quantifier(q),
            count=n,
            where=_where(unit),
            window=window,
        )
        if unit.count_max is not None and unit.quantifier == "at_least":
            most = node.model_copy(
                update={"quantifier": Quantifier.AT_MOST, "count": unit.count_max}
            )
            low = node.model_copy(update={"quantifier": Quantifier.AT_LEAST, "count": unit.count})
            node = Group(logic="and", children=[low, most], negate=bool(unit.neg))
            return node
        if negate:
            node = Group(negate=True, children=[node])
    elif unit.kind == "seg":
        node = InSegment(segment=unit.segment, negate=bool(unit.neg))
    else:
        return None
    return node


def _after_window(unit: Unit) -> DateFilter | None:
    """The days after a window, for "last … more than 6 months ago" (None: nothing after)."""
    op, value = unit.window or (None, None)
    if op == "more_than_ago":
        return DateFilter(op="in_last", value=value)
    if op == "before":
        return DateFilter(op="after", value=value - dt.timedelta(days=1))
    if op == "on":
        return DateFilter(op="after", value=value)
    if op == "between":
        return DateFilter(op="after", value=value.high)
    return None


def quantity(op: str | None, n: int) -> tuple[str, int | None]:
    """A count of related records from a comparative: "more than 2" → at least 3."""
    quantifier, shift = CMP_QUANTIFIER.get(op or "gte", ("at_least", 0))
    count = n + shift
    if quantifier == "at_least" and count < 1:
        return "any", None
    if quantifier == "at_most" and count < 0:
        return "none", None
    if quantifier == "exactly" and count == 0:
        return "none", None
    return quantifier, count


def number_field_of(catalog: Catalog, relation_name: str) -> str | None:
    """The one number field of a relation's records (deal amount), if there is exactly one."""
    from nlseg.catalog import DataType

    relation = catalog.relations[relation_name]
    numbers = [
        f.key
        for f in catalog.fields_of(relation.entities)
        if f.data_type in (DataType.NUMBER, DataType.SCORE)
    ]
    return numbers[0] if len(numbers) == 1 else None


def valueless(op: str) -> bool:
    return Op(op) in (Op.IS_SET, Op.IS_NOT_SET, Op.IS_TRUE, Op.IS_FALSE)
