"""Measures of one answer against its gold, and of a run: tree match, component F1, latency.

Component F1 gives partial credit where execution accuracy is all-or-nothing. A tree's
components are a multiset of strings, taken from its normalised form:

- a condition: ``field op`` ("contact.country in");
- a related node: ``relation quantifier`` ("email_events all_of_last"), plus its ``where``
  conditions and its window as ``relation/field op`` and ``relation/window op``;
- a segment reference: ``segment <name>``;
- under an odd number of negated groups (or a negated segment) each gets a ``not `` prefix.

Values and counts are left out on purpose: F1 says whether the engine picked the right
fields and operators; execution accuracy and tree match judge the values.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from nlseg.tree import (
    Condition,
    FilterTree,
    Group,
    InSegment,
    Related,
    canonical_json,
    normalize,
)


def _value(x) -> str:
    return str(getattr(x, "value", x))


def components(tree: FilterTree) -> Counter[str]:
    out: Counter[str] = Counter()

    def walk(node, negated: bool, prefix: str = "") -> None:
        sign = "not " if negated else ""
        if isinstance(node, Group):
            for child in node.children:
                walk(child, negated != node.negate, prefix)
        elif isinstance(node, Condition):
            out[f"{sign}{prefix}{node.field} {_value(node.op)}"] += 1
        elif isinstance(node, Related):
            out[f"{sign}{node.relation} {_value(node.quantifier)}"] += 1
            if node.where is not None:
                walk(node.where, negated, f"{node.relation}/")
            if node.window is not None:
                out[f"{sign}{node.relation}/window {_value(node.window.op)}"] += 1
        elif isinstance(node, InSegment):
            flip = "not " if negated != node.negate else ""
            out[f"{flip}segment {str(node.segment).strip().casefold()}"] += 1

    walk(normalize(tree).root, False)
    return out


def f1(got: Counter[str], gold: Counter[str]) -> float:
    if not got and not gold:
        return 1.0
    common = sum((got & gold).values())
    if common == 0:
        return 0.0
    precision, recall = common / sum(got.values()), common / sum(gold.values())
    return 2 * precision * recall / (precision + recall)


def best_f1(got: FilterTree | None, golds: Sequence[FilterTree]) -> float | None:
    """The best component F1 against any gold tree; None without gold trees."""
    if not golds:
        return None
    if got is None:
        return 0.0
    mine = components(got)
    return max(f1(mine, components(g)) for g in golds)


def same_tree(got: FilterTree, golds: Sequence[FilterTree]) -> bool:
    """Normalised-tree match: canonical JSON equal to any gold's."""
    mine = canonical_json(normalize(got))
    return any(mine == canonical_json(normalize(g)) for g in golds)


def percentile(values: Sequence[float], p: float) -> float | None:
    """Nearest-rank percentile (p in 0..100); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def rate(hits: int, total: int) -> float | None:
    return hits / total if total else None
