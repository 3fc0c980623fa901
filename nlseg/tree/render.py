"""Plain English for a tree: one sentence, and an indented outline.

Both are produced from the same structure the compiler reads, with groups made explicit
(parentheses in the sentence, indentation in the outline), so what a marketer reads is
what the SQL does. With a clock, relative dates also show the absolute days they resolve to.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from nlseg.catalog import (
    OPERATOR_TABLE,
    Catalog,
    CatalogError,
    Op,
    ValueShape,
    standard_catalog,
)
from nlseg.tree.models import (
    Condition,
    DateFilter,
    FilterTree,
    Group,
    InSegment,
    Period,
    Quantifier,
    Range,
    Related,
    RelativeSpan,
)

if TYPE_CHECKING:  # the clock reads tree models; import it for types only
    from nlseg.clock import Clock

PERIOD_WORDS = {p: p.value.replace("_", " ") for p in Period}
# Value shapes of relative dates: with a clock, the sentence also shows their days.
RELATIVE = (ValueShape.SPAN, ValueShape.PERIOD)


def _join(items: list[str], word: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def _a(noun: str) -> str:
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


def _shape(op: Op) -> ValueShape | None:
    # An operator still held as text (a tree not yet validated) has no shape here.
    return OPERATOR_TABLE[op].shape if isinstance(op, Op) else None


def _value(op: Op, value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        shown = [str(v) for v in value]
        return _join(shown, OPERATOR_TABLE[op].list_word if isinstance(op, Op) else "or")
    if isinstance(value, Range):
        return f"{value.low} and {value.high}"
    if isinstance(value, RelativeSpan):
        unit = value.unit.value if hasattr(value.unit, "value") else str(value.unit)
        return f"{value.amount} {unit}{'s' if value.amount != 1 else ''}"
    if isinstance(value, Period) or (_shape(op) is ValueShape.PERIOD and value in PERIOD_WORDS):
        return PERIOD_WORDS[Period(value)]  # (a tree not yet validated holds the text)
    if isinstance(value, str):
        return f"'{value}'"
    return str(value)


def _resolved(op: Op, value, clock: Clock | None) -> str:
    """The absolute days a relative date resolves to; absolute dates speak for themselves."""
    if clock is None or _shape(op) not in RELATIVE:
        return ""
    start, end = clock.day_range(op, value)
    if start and end:
        return f" ({start.isoformat()} to {(end - dt.timedelta(days=1)).isoformat()})"
    if start:
        return f" (from {start.isoformat()})"
    return f" (before {end.isoformat()})" if end else ""


def _predicate(op: Op, value, clock: Clock | None) -> str:
    spec = OPERATOR_TABLE[op]
    if spec.singular is not None and isinstance(value, list) and len(value) == 1:
        words = f"{spec.singular} {_value(op, value)}".rstrip()
    else:
        words = spec.words(_value(op, value))
    return words + _resolved(op, value, clock)


class Renderer:
    def __init__(self, catalog: Catalog | None = None, clock: Clock | None = None):
        self.catalog = catalog or standard_catalog()
        self.clock = clock

    def _label(self, field: str) -> str:
        try:
            return self.catalog.field(field).label
        except CatalogError:
            return field

    def condition(self, node: Condition | DateFilter, field: str) -> str:
        return f"{self._label(field)} {_predicate(Op(node.op), node.value, self.clock)}"

    def related_head(self, node: Related) -> str:
        rel = self.catalog.relations.get(node.relation)
        noun, plural = (rel.noun, rel.plural) if rel else (node.relation, node.relation)
        n, q = node.count, Quantifier(node.quantifier)
        heads = {
            Quantifier.ANY: f"has at least one {noun}",
            Quantifier.NONE: f"has no {noun}",
            Quantifier.AT_LEAST: f"has at least {n} {plural if n != 1 else noun}",
            Quantifier.AT_MOST: f"has at most {n} {plural if n != 1 else noun}",
            Quantifier.EXACTLY: f"has exactly {n} {plural if n != 1 else noun}",
            Quantifier.ALL_OF_LAST: f"in each of the last {n} email campaigns, has {_a(noun)}",
            Quantifier.ANY_OF_LAST: (
                f"in at least one of the last {n} email campaigns, has {_a(noun)}"
            ),
        }
        return heads[q]

    def window_of(self, node: Related) -> str:
        rel = self.catalog.relations.get(node.relation)
        if node.window is None or rel is None or rel.timestamp_field is None:
            return ""
        window = self.condition(node.window, rel.timestamp_field)
        return "with " + window.replace(" is ", " ", 1)

    def sentence_of(self, node, top: bool = False) -> str:
        if isinstance(node, Condition):
            return self.condition(node, node.field)
        if isinstance(node, InSegment):
            return f"is {'not ' if node.negate else ''}in segment '{node.segment}'"
        if isinstance(node, Related):
            text = self.related_head(node)
            if node.where is not None:
                text += f" where {self.sentence_of(node.where)}"
            if node.window is not None:
                text += ("," if node.where is not None else "") + " " + self.window_of(node)
            return text
        same = self._one_field_any(node)
        if same is not None:
            return same
        parts = [self.sentence_of(child) for child in node.children]
        body = f" {node.logic} ".join(
            f"({p})" if isinstance(c, Group) and len(c.children) > 1 else p
            for p, c in zip(parts, node.children, strict=True)
        )
        if node.negate:
            return f"not ({body})"
        return body

    def _one_field_any(self, node: Group) -> str | None:
        """ "Email ends with any of '@gmail.com', '@googlemail.com'": an OR of three or more
        conditions with one field and one operator, said once."""
        kids = node.children
        if node.logic != "or" or len(kids) < 3 or not all(isinstance(c, Condition) for c in kids):
            return None
        first = kids[0]
        if any(c.field != first.field or c.op != first.op for c in kids) or isinstance(
            first.value, list
        ):
            return None
        head = self.condition(first, first.field)
        shown = _value(first.op, first.value)
        if not head.endswith(shown):
            return None
        values = ", ".join(_value(c.op, c.value) for c in kids)
        return f"{head[: len(head) - len(shown)]}{'none' if node.negate else 'any'} of {values}"

    def outline_of(self, node, depth: int = 0) -> list[str]:
        pad = "  " * depth
        if isinstance(node, Group):
            head = {"and": "ALL of", "or": "ANY of"}[node.logic]
            if node.negate:
                head = {"and": "NOT ALL of", "or": "NONE of"}[node.logic]
            lines = [f"{pad}{head}:"]
            for child in node.children:
                lines.extend(self.outline_of(child, depth + 1))
            return lines
        if isinstance(node, Related):
            head = " ".join(p for p in (self.related_head(node), self.window_of(node)) if p)
            lines = [f"{pad}{head}" + (" where:" if node.where else "")]
            if node.where is not None:
                lines.extend(self.outline_of(node.where, depth + 1))
            return lines
        return [pad + self.sentence_of(node)]


def sentence(tree: FilterTree, catalog: Catalog | None = None, clock: Clock | None = None) -> str:
    """One plain-English sentence: "Contacts where Country is 'Germany' and …"."""
    return f"Contacts where {Renderer(catalog, clock).sentence_of(tree.root, top=True)}."


def outline(tree: FilterTree, catalog: Catalog | None = None, clock: Clock | None = None) -> str:
    """An indented outline, one condition per line, groups as ALL of / ANY of / NONE of."""
    return "\n".join(Renderer(catalog, clock).outline_of(tree.root))
