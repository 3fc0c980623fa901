"""Contradictions: two conditions of one AND that no contact (or related record) can meet
together, found on the normalised tree and named, both of them, in plain English.

Within each AND group — the root, a nested group, a related node's ``where`` (one deal, one
tag, one event must meet all its conditions at once) — conditions on the same field
contradict when:

- a single-valued field must equal two different values (``in`` lists that do not
  overlap, text ``eq`` of two values): "Country is Germany and Country is France";
- one requires values the other excludes (``in [A]`` and ``not_in [A, B]``, ``eq`` and
  ``neq`` of the same text);
- one requires a value and the other its absence (anything and ``is_not_set``), or a
  boolean is both true and false;
- their ranges do not meet (numbers and absolute dates): "Employees over 500 and under 100";

and a child contradicts another when it is its exact complement ("VIP" and "not VIP").
Multi-valued fields (multi-text options) are left alone: "owns CRM and owns Analytics" is
satisfiable. Like :mod:`nlseg.tree.breadth` the rules are sound, not complete: what they
report is a contradiction whatever the data; a tree that is empty only because of the data
is caught by counting it (nlseg.review).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from nlseg.catalog import OPERATOR_TABLE, Catalog, CatalogError, DataType, Op, ValueShape
from nlseg.tree.breadth import _comparable, _complement_pairs, _interval
from nlseg.tree.models import Condition, FilterTree, Group, Related
from nlseg.tree.normalize import normalize
from nlseg.tree.render import Renderer

if TYPE_CHECKING:  # the clock reads tree models; import it for types only
    from nlseg.clock import Clock

__all__ = ["Contradiction", "contradictions"]

EQUALS = {Op.IN, Op.EQ}
EXCLUDES = {Op.NOT_IN, Op.NEQ}
RANGED = {Op.GT, Op.GTE, Op.LT, Op.LTE, Op.BETWEEN, Op.EQ, Op.ON, Op.BEFORE, Op.AFTER}


@dataclass(frozen=True)
class Contradiction:
    first: str  # each condition in plain English
    second: str
    where: str = ""  # "" at contact level, else the related record: "the same deal"

    def message(self) -> str:
        scope = f" on {self.where}" if self.where else ""
        return (
            f"“{self.first}” and “{self.second}” cannot both be true{scope}, so no contact "
            "can match. Change or remove one of them."
        )


def _values(cond: Condition) -> frozenset[str] | None:
    v = cond.value
    if isinstance(v, list):
        return frozenset(str(x).casefold() for x in v)
    if isinstance(v, str):
        return frozenset({v.casefold()})
    return None


def _single_valued(catalog: Catalog, field: str) -> bool:
    try:
        return catalog.field(field).data_type is not DataType.MULTI_TEXT
    except CatalogError:
        return False


def _ranges_meet(a: tuple, b: tuple) -> bool:
    low, low_closed = a[0], a[1]
    if b[0] is not None and (low is None or b[0] > low or (b[0] == low and not b[1])):
        low, low_closed = b[0], b[1]
    high, high_closed = a[2], a[3]
    if b[2] is not None and (high is None or b[2] < high or (b[2] == high and not b[3])):
        high, high_closed = b[2], b[3]
    if low is None or high is None:
        return True
    return low < high or (low == high and low_closed and high_closed)


def _clash(a: Condition, b: Condition) -> bool:
    oa, ob = Op(a.op), Op(b.op)
    if Op.IS_NOT_SET in (oa, ob):
        return oa != ob
    opposite = OPERATOR_TABLE[oa].opposite is ob  # is_true and is_false, contains and not
    if opposite and OPERATOR_TABLE[oa].shape is ValueShape.NONE:
        return True
    va, vb = _values(a), _values(b)
    if va is not None and vb is not None:
        if oa in EQUALS and ob in EQUALS:
            return not (va & vb)
        if oa in EQUALS and ob in EXCLUDES:
            return va <= vb
        if ob in EQUALS and oa in EXCLUDES:
            return vb <= va
        if opposite:
            return va == vb
        return False
    if oa in RANGED and ob in RANGED:
        ia, ib = _interval(a), _interval(b)
        if ia is None or ib is None:
            return False
        points = [p for p in (ia[0], ia[2], ib[0], ib[2]) if p is not None]
        if not all(_comparable(points[0], p) for p in points):
            return False
        return not _ranges_meet(ia, ib)
    return False


def _groups(node, where: str = "") -> Iterator[tuple[Group, str]]:
    """Every un-negated AND group, with the related record it is about ("" = the contact)."""
    if isinstance(node, Group):
        if node.logic == "and" and not node.negate:
            yield node, where
        for child in node.children:
            yield from _groups(child, where)
    elif isinstance(node, Related) and node.where is not None:
        yield from _groups(Group(logic="and", children=[node.where]), node.relation)


def contradictions(
    tree: FilterTree, catalog: Catalog, clock: Clock | None = None
) -> list[Contradiction]:
    """The contradictory pairs of conditions in ``tree`` (normalised first), in order."""
    renderer = Renderer(catalog, clock)
    found: list[Contradiction] = []
    for group, relation in _groups(normalize(tree).root):
        rel = catalog.relations.get(relation) if relation else None
        where = f"the same {rel.noun}" if rel is not None else ""
        by_field: dict[str, list[Condition]] = defaultdict(list)
        for child in group.children:
            if isinstance(child, Condition) and _single_valued(catalog, child.field):
                by_field[child.field].append(child)
        for conds in by_field.values():
            for i, a in enumerate(conds):
                for b in conds[i + 1 :]:
                    if _clash(a, b):
                        found.append(
                            Contradiction(renderer.sentence_of(a), renderer.sentence_of(b), where)
                        )
        for i, a in enumerate(group.children):
            for b in group.children[i + 1 :]:
                if not isinstance(a, Condition) and _complement_pairs([a, b]):
                    found.append(
                        Contradiction(renderer.sentence_of(a), renderer.sentence_of(b), where)
                    )
    return found
