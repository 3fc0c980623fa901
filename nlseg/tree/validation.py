"""Checking a tree against the catalog: fields in scope, operators for the type, values, limits.

Problems are collected for the whole tree and reported together, each naming the place
and the valid alternatives, so a person (or a model being re-asked) can fix them all at once.
Values are rewritten in place to their canonical form (picklist casing, dates, ranges).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from nlseg.catalog import Catalog, CatalogError, DataType, Op, Relation, standard_catalog
from nlseg.tree.limits import MAX_CONDITIONS, MAX_DEPTH, MAX_LAST_CAMPAIGNS, MAX_TOTAL_VALUES
from nlseg.tree.models import (
    Condition,
    DateFilter,
    FilterTree,
    Group,
    InSegment,
    Quantifier,
    Related,
    register_catalog_check,
)
from nlseg.tree.values import ValueProblem, coerce_value

# Spellings models and people use for operators; the tree stores only the canonical names.
OP_ALIASES = {
    "=": Op.EQ, "==": Op.EQ, "equals": Op.EQ, "is": Op.EQ,
    "!=": Op.NEQ, "<>": Op.NEQ, "not_equals": Op.NEQ, "is_not": Op.NEQ,
    ">": Op.GT, ">=": Op.GTE, "<": Op.LT, "<=": Op.LTE,
    "is_any_of": Op.IN, "is_none_of": Op.NOT_IN,
}  # fmt: skip

LAST_N = (Quantifier.ALL_OF_LAST, Quantifier.ANY_OF_LAST)
COUNTED = (Quantifier.AT_LEAST, Quantifier.AT_MOST, Quantifier.EXACTLY, *LAST_N)


@dataclass
class _Walk:
    catalog: Catalog
    problems: list[str] = field(default_factory=list)
    conditions: int = 0
    values: int = 0  # in all lists

    def problem(self, path: str, message: str) -> None:
        self.problems.append(f"{message} (at {path})" if path else message)


def _resolve_op(walk: _Walk, path: str, cond: Condition | DateFilter, label: str, ops) -> Op | None:
    raw = cond.op.strip().lower().replace(" ", "_")
    op = OP_ALIASES.get(raw)
    if op is None:
        try:
            op = Op(raw)
        except ValueError:
            op = None
    if op is None or op not in ops:
        valid = ", ".join(f"'{o.value}'" for o in ops)
        walk.problem(path, f"Operator '{cond.op}' cannot be used on {label}; use one of {valid}.")
        return None
    return op


def _check_condition(walk: _Walk, cond: Condition, entities: tuple[str, ...], path: str) -> None:
    walk.conditions += 1
    if isinstance(cond.value, list):
        walk.values += len(cond.value)
    try:
        spec = walk.catalog.field(cond.field)
    except CatalogError as exc:
        walk.problem(path, str(exc))
        return
    if spec.entity not in entities:
        homes = [r.name for r in walk.catalog.relations.values() if spec.entity in r.entities]
        where = (
            f"inside a condition on {' or '.join(repr(h) for h in homes)}"
            if homes and spec.entity not in walk.catalog.top_level_entities
            else "at the top level, outside related conditions"
        )
        walk.problem(path, f"Field '{cond.field}' can only be used {where}.")
        return
    # Picklists and booleans accept the familiar equals/not-equals spellings.
    alias = OP_ALIASES.get(cond.op.strip().lower(), cond.op.strip().lower())
    if alias in (Op.EQ, Op.NEQ) and spec.data_type is DataType.PICKLIST:
        cond.op = Op.IN if alias == Op.EQ else Op.NOT_IN
    if (
        alias in (Op.EQ, Op.NEQ)
        and spec.data_type is DataType.BOOLEAN
        and isinstance(cond.value, bool)
    ):
        positive = cond.value == (alias == Op.EQ)
        cond.op, cond.value = (Op.IS_TRUE if positive else Op.IS_FALSE), None
    op = _resolve_op(walk, path, cond, f"{spec.label} ({spec.data_type.value})", spec.operators)
    if op is None:
        return
    cond.op = op
    try:
        cond.value = coerce_value(spec, op, cond.value)
    except ValueProblem as exc:
        walk.problem(path, str(exc))


def _check_related(walk: _Walk, node: Related, path: str, depth: int) -> None:
    try:
        relation: Relation = walk.catalog.relation(node.relation)
    except CatalogError as exc:
        walk.problem(path, str(exc))
        return
    if relation.cardinality != "1:many":
        walk.problem(
            path,
            f"'{node.relation}' is one record per contact; filter on its fields directly "
            f"(e.g. '{relation.entities[0]}.…') instead of a related condition.",
        )
        return
    q, n = node.quantifier, node.count
    if q in COUNTED and n is None:
        walk.problem(path, f"'{q.value}' needs a count (how many {relation.plural}).")
    if q not in COUNTED and n is not None:
        walk.problem(path, f"'{q.value}' takes no count; use 'at_least', 'at_most' or 'exactly'.")
    if q is Quantifier.AT_LEAST and n is not None and n < 1:
        walk.problem(path, "'at least 0' would match everyone; use a count of 1 or more.")
    if q in LAST_N:
        words = "all" if q is Quantifier.ALL_OF_LAST else "any"
        if not relation.supports_all_of_last:
            walk.problem(
                path, f"'{words} of the last N campaigns' does not apply to {relation.plural}."
            )
        elif n is not None and not 1 <= n <= MAX_LAST_CAMPAIGNS:
            walk.problem(
                path, f"'{words} of the last N campaigns' takes N from 1 to {MAX_LAST_CAMPAIGNS}."
            )
    if node.where is not None:
        _check_node(
            walk, node.where, relation.entities, f"{path}.where", depth + 1, in_related=True
        )
    if node.window is not None:
        _check_window(walk, node.window, relation, f"{path}.window")


def _check_window(walk: _Walk, window: DateFilter, relation: Relation, path: str) -> None:
    if relation.timestamp_field is None:
        walk.problem(path, f"{relation.label} have no date, so they cannot have a time window.")
        return
    spec = walk.catalog.field(relation.timestamp_field)
    ops = tuple(o for o in spec.operators if o not in (Op.IS_SET, Op.IS_NOT_SET))
    op = _resolve_op(walk, path, window, f"the time window of {relation.plural}", ops)
    if op is None:
        return
    window.op = op
    try:
        window.value = coerce_value(spec, op, window.value)
    except ValueProblem as exc:
        walk.problem(path, str(exc))


def _check_node(walk, node, entities, path: str, depth: int, in_related: bool = False) -> None:
    if depth > MAX_DEPTH:
        walk.problem(path, f"The conditions are nested more than {MAX_DEPTH} levels deep.")
        return
    if isinstance(node, Group):
        if not node.children:
            walk.problem(path, "A group has no conditions; an empty group would match everyone.")
        for i, child in enumerate(node.children):
            _check_node(walk, child, entities, f"{path}.children[{i}]", depth + 1, in_related)
    elif isinstance(node, Condition):
        _check_condition(walk, node, entities, path)
    elif in_related:
        walk.problem(path, "Conditions on related records cannot nest other relations or segments.")
    elif isinstance(node, Related):
        walk.conditions += 1
        _check_related(walk, node, path, depth)
    elif isinstance(node, InSegment):
        walk.conditions += 1
        if isinstance(node.segment, str) and not node.segment.strip():
            walk.problem(path, "A segment reference needs a segment name or id.")


def tree_problems(tree: FilterTree, catalog: Catalog | None = None) -> list[str]:
    """Every problem of ``tree`` against ``catalog`` (the standard catalog when None)."""
    walk = _Walk(catalog or standard_catalog())
    if isinstance(tree.root, Group) and not tree.root.children:
        return ["The segment has no conditions. Describe who should be in it."]
    _check_node(walk, tree.root, walk.catalog.top_level_entities, "root", 1)
    if walk.conditions > MAX_CONDITIONS:
        walk.problem("", f"The segment has {walk.conditions} conditions; at most {MAX_CONDITIONS}.")
    if walk.values > MAX_TOTAL_VALUES:
        walk.problem(
            "", f"The segment lists {walk.values:,} values in all; at most {MAX_TOTAL_VALUES:,}."
        )
    return walk.problems


def check_tree(tree: FilterTree, catalog: Catalog | None) -> None:
    problems = tree_problems(tree, catalog)
    if problems:
        raise PydanticCustomError(
            "invalid_tree", "{summary}", {"summary": " ".join(problems), "problems": problems}
        )


register_catalog_check(check_tree)  # FilterTree runs it on every validation


def error_messages(exc: ValidationError) -> list[str]:
    """Readable messages for a tree's :class:`ValidationError`, one per problem."""
    messages = []
    for err in exc.errors(include_url=False):
        if err["type"] == "invalid_tree":
            messages.extend(err["ctx"]["problems"])
            continue
        where = ".".join(str(p) for p in err["loc"] if p not in ("group", "condition"))
        messages.append(f"{err['msg']} (at {where})" if where else err["msg"])
    return messages
