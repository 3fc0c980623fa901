"""Normalisation: one canonical form per meaning, for comparing trees in tests and the eval.

Rules, applied until nothing changes (so ``normalize`` is idempotent):

- list values are sorted and deduplicated (they are sets);
- nested groups with the same logic and no negation are flattened into their parent;
- a group of one child is replaced by the child; a negated one pushes the negation in
  where an exact complement exists (group, segment, any↔none, at_least N↔at_most N-1,
  is_set↔is_not_set); "exactly 0" becomes "none";
- in an AND group, ``gte`` and ``lte`` (and ``between``) on the same number field merge
  into one ``between``; in an OR group, ``in`` (and text ``eq``) on the same field merge;
- children are deduplicated and sorted by their canonical JSON.

Never-equal complements are left alone: under the missing-value rule ``in`` and ``not_in``
are not each other's negation (a contact with no country satisfies neither).
"""

from __future__ import annotations

import json
from itertools import groupby

from nlseg.catalog import OPERATOR_TABLE, Op, ValueShape
from nlseg.tree.models import (
    Condition,
    FilterTree,
    Group,
    InSegment,
    Quantifier,
    Range,
    Related,
)

SET_OPS = {op for op, spec in OPERATOR_TABLE.items() if spec.shape is ValueShape.LIST}
# Exact negations, missing values included (the operator table's ``negation``).
COMPLEMENT_OPS = {
    op: negation for op, spec in OPERATOR_TABLE.items() if (negation := spec.negation) is not None
}


def canonical_json(node) -> str:
    return json.dumps(node.model_dump(mode="json", exclude_none=True), sort_keys=True)


def _sorted_values(values: list) -> list:
    return sorted(dict.fromkeys(values), key=lambda v: (str(type(v)), v))


def _condition(node: Condition) -> Condition:
    value = node.value
    if Op(node.op) in SET_OPS and isinstance(value, list):
        value = _sorted_values(value)
    return Condition(field=node.field, op=Op(node.op), value=value)


def _negated(node):
    """The exact complement of ``node`` as a node, or None when there is none."""
    if isinstance(node, Group):
        return node.model_copy(update={"negate": not node.negate})
    if isinstance(node, InSegment):
        return node.model_copy(update={"negate": not node.negate})
    if isinstance(node, Condition) and Op(node.op) in COMPLEMENT_OPS:
        return Condition(field=node.field, op=COMPLEMENT_OPS[Op(node.op)])
    if isinstance(node, Related):
        q, n = Quantifier(node.quantifier), node.count
        flips = {
            Quantifier.ANY: (Quantifier.NONE, None),
            Quantifier.NONE: (Quantifier.ANY, None),
            Quantifier.AT_LEAST: (
                (Quantifier.AT_MOST, n - 1) if n and n > 1 else (Quantifier.NONE, None)
            ),
            Quantifier.AT_MOST: (Quantifier.AT_LEAST, (n or 0) + 1),
        }
        if q in flips:
            quantifier, count = flips[q]
            return node.model_copy(update={"quantifier": quantifier, "count": count})
    return None


def _merge_ranges(children: list, logic: str) -> list:
    """Merge same-field bounds (AND) or same-field value lists (OR)."""

    def key(child):
        return child.field if isinstance(child, Condition) else ""

    conditions = [c for c in children if isinstance(c, Condition)]
    others = [c for c in children if not isinstance(c, Condition)]
    merged = []
    for field, group in groupby(sorted(conditions, key=key), key=key):
        group = list(group)
        ops = {Op(c.op) for c in group}
        if logic == "and" and len(group) > 1 and ops <= {Op.GTE, Op.LTE, Op.BETWEEN}:
            lows = [c.value.low if Op(c.op) is Op.BETWEEN else c.value for c in group
                    if Op(c.op) in (Op.GTE, Op.BETWEEN)]  # fmt: skip
            highs = [c.value.high if Op(c.op) is Op.BETWEEN else c.value for c in group
                     if Op(c.op) in (Op.LTE, Op.BETWEEN)]  # fmt: skip
            if lows and highs and max(lows) <= min(highs):
                rng = Range(low=max(lows), high=min(highs))
                merged.append(Condition(field=field, op=Op.BETWEEN, value=rng))
                continue
        if (
            logic == "or"
            and len(group) > 1
            and ops <= {Op.IN, Op.EQ}
            and (Op.IN in ops and all(isinstance(c.value, (list, str)) for c in group))
        ):
            values = []
            for c in group:
                values.extend(c.value if isinstance(c.value, list) else [c.value])
            merged.append(Condition(field=field, op=Op.IN, value=_sorted_values(values)))
            continue
        merged.extend(group)
    return merged + others


def _node(node):
    if isinstance(node, Condition):
        return _condition(node)
    if isinstance(node, Related):
        update = {"where": _node(node.where) if node.where is not None else None}
        if node.quantifier == Quantifier.EXACTLY and node.count == 0:
            update.update(quantifier=Quantifier.NONE, count=None)
        return node.model_copy(update=update)
    if isinstance(node, InSegment):
        return node
    children = []
    for child in (_node(c) for c in node.children):
        if isinstance(child, Group) and child.logic == node.logic and not child.negate:
            children.extend(child.children)
        else:
            children.append(child)
    children = _merge_ranges(children, node.logic)
    unique = {canonical_json(c): c for c in children}
    children = [unique[k] for k in sorted(unique)]
    if len(children) == 1:
        child = children[0]
        if not node.negate:
            return child
        flipped = _negated(child)
        if flipped is not None:
            return flipped
    return Group(logic=node.logic, negate=node.negate, children=children)


def normalize(tree: FilterTree) -> FilterTree:
    """The canonical form of a validated tree (same members, one spelling)."""
    root = tree.root
    for _ in range(10):
        new_root = _node(root)
        if canonical_json(new_root) == canonical_json(root):
            break
        root = new_root
    return FilterTree.model_construct(schema_version=tree.schema_version, root=root)
