"""One condition → one two-valued SQL predicate.

Every predicate here is TRUE or FALSE, never NULL, so that NOT (negated groups, "not in
segment") means exactly "the condition does not hold". The rule for missing values
(NULL, a missing custom key, or for text an empty string):

- every comparison on a missing value is false — including ``neq``, ``not_in``,
  ``not_contains``: a contact with no country is *not* "not in Germany";
- ``is_not_set`` is the one operator that matches missing values.

Text and email comparisons ignore case; picklists match their canonical values exactly
(validation has already mapped "germany" to "Germany").

Each operator has its builder in :data:`SQL_BUILDERS` (keyed on the operator table's
:class:`~nlseg.catalog.Op`); a builder dispatches on the field's data type where the
operator applies to several.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sqlalchemy import (
    LargeBinary,
    Table,
    and_,
    case,
    cast,
    exists,
    false,
    func,
    not_,
    select,
    true,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.sql.elements import ColumnElement

from nlseg.catalog import DataType, FieldDef, Op
from nlseg.catalog.columns import custom_json, field_expression, fold, multi_text_elements
from nlseg.clock import Clock
from nlseg.text import simple_lower
from nlseg.tree.models import Range

__all__ = ["SQL_BUILDERS", "Builder", "Target", "condition_predicate"]

TRUTHY = ("true", "1", "yes", "y", "t")
FALSY = ("false", "0", "no", "n", "f")
TEXTUAL = (DataType.TEXT, DataType.EMAIL)
NUMERIC = (DataType.NUMBER, DataType.SCORE)


def _present(expr: ColumnElement, field: FieldDef) -> ColumnElement:
    if field.is_custom and field.data_type is DataType.BOOLEAN:
        # "maybe" in a custom boolean is neither true nor false: it is missing
        return and_(expr.is_not(None), expr.in_((*TRUTHY, *FALSY)))  # two-valued
    if field.data_type in (*TEXTUAL, DataType.PICKLIST):
        return and_(expr.is_not(None), expr != "")
    return expr.is_not(None)


def _like(expr: ColumnElement, field: FieldDef, dialect: str, pattern) -> ColumnElement:
    """``pattern(column)`` on the folded value; on SQLite, folded only where that matters.

    SQLite's LIKE ignores ASCII case by itself, so an ASCII-only value (as many bytes as
    characters) needs no call into Python's folding: 150 -> 58 ms at 100k contacts.
    """
    if dialect != "sqlite" or field.is_custom:
        return pattern(fold(expr))
    ascii_only = func.length(cast(expr, LargeBinary)) == func.length(expr)
    return case((ascii_only, pattern(expr)), else_=pattern(fold(expr)))


def _bound(day: dt.date, field: FieldDef):
    if field.is_custom:
        return day.isoformat()  # custom dates are compared as ISO text
    if field.data_type is DataType.DATETIME:
        return dt.datetime.combine(day, dt.time())
    return day


@dataclass(frozen=True)
class Target:
    """What a builder writes a predicate about: a field of the rows of ``table``."""

    table: Table
    field: FieldDef
    clock: Clock
    dialect: str

    @cached_property
    def expr(self) -> ColumnElement:
        return field_expression(self.field, self.table, self.dialect)


Builder = Callable[[Target, Op, Any], ColumnElement]


def _guarded(test: Callable[[Target, Op, Any], ColumnElement]) -> Builder:
    """A comparison made two-valued: false on a missing value (the rule above)."""

    def build(t: Target, op: Op, value: Any) -> ColumnElement:
        predicate = test(t, op, value)
        if t.field.is_custom and t.field.data_type not in (*TEXTUAL, DataType.PICKLIST):
            # A missing number or date makes the test NULL: IS TRUE reads the JSON once
            # instead of twice (BENCHMARKS.md custom_number_shapes: 153 -> 104 ms at 100k
            # on SQLite).
            return predicate.is_(true())
        return and_(_present(t.expr, t.field), predicate)

    return build


def _presence(t: Target, op: Op, value: Any) -> ColumnElement:
    if t.field.data_type is DataType.MULTI_TEXT:
        elements, strings = multi_text_elements(t.table, t.field, t.dialect)
        found: ColumnElement = exists(select(elements.c.value).where(strings))
    else:
        found = _present(t.expr, t.field)
    return found if op is Op.IS_SET else not_(found)


def _boolean(t: Target, op: Op, value: Any) -> ColumnElement:
    if t.field.is_custom:
        return and_(t.expr.is_not(None), t.expr.in_(TRUTHY if op is Op.IS_TRUE else FALSY))
    return t.expr.is_(op is Op.IS_TRUE)


_COMPARE: Mapping[Op, Callable[[ColumnElement, Any], ColumnElement]] = {
    Op.EQ: operator.eq,
    Op.NEQ: operator.ne,
    Op.GT: operator.gt,
    Op.GTE: operator.ge,
    Op.LT: operator.lt,
    Op.LTE: operator.le,
}


def _comparison(t: Target, op: Op, value: Any) -> ColumnElement:
    """eq, neq (text ignores case), gt, gte, lt, lte."""
    if t.field.data_type in TEXTUAL:
        return _COMPARE[op](fold(t.expr), simple_lower(value))
    if t.field.data_type in NUMERIC:
        return _COMPARE[op](t.expr, value)
    return false()  # pragma: no cover - the operator table's types prevent this


_PATTERNS: Mapping[Op, Callable[[ColumnElement, str], ColumnElement]] = {
    Op.CONTAINS: lambda x, needle: x.contains(needle, autoescape=True),
    Op.NOT_CONTAINS: lambda x, needle: x.contains(needle, autoescape=True),
    Op.STARTS_WITH: lambda x, needle: x.startswith(needle, autoescape=True),
    Op.ENDS_WITH: lambda x, needle: x.endswith(needle, autoescape=True),
}


def _pattern(t: Target, op: Op, value: Any) -> ColumnElement:
    needle = simple_lower(value)
    test = _like(t.expr, t.field, t.dialect, lambda x: _PATTERNS[op](x, needle))
    return not_(test) if op is Op.NOT_CONTAINS else test


def _membership(t: Target, op: Op, value: Any) -> ColumnElement:
    """in, not_in: text ignores case, picklists match their canonical values exactly."""
    if t.field.data_type is DataType.PICKLIST:
        test = t.expr.in_(value)
    else:
        test = fold(t.expr).in_([simple_lower(v) for v in value])
    return test if op is Op.IN else not_(test)


def _days(t: Target, op: Op, value: Any) -> ColumnElement:
    """Date operators: the half-open range of days nlseg.clock resolves them to."""
    start, end = t.clock.day_range(op, value)
    parts = []
    if start is not None:
        parts.append(t.expr >= _bound(start, t.field))
    if end is not None:
        parts.append(t.expr < _bound(end, t.field))
    return and_(*parts)


def _between(t: Target, op: Op, value: Any) -> ColumnElement:
    if t.field.data_type in NUMERIC:
        assert isinstance(value, Range)
        return and_(t.expr >= value.low, t.expr <= value.high)
    return _days(t, op, value)


def _multi_text(t: Target, op: Op, value: Any) -> ColumnElement:
    """Multi-text values match exactly (validation maps them to the catalog's spelling)."""
    elements, strings = multi_text_elements(t.table, t.field, t.dialect)
    wanted = sorted(set(value))
    if t.dialect == "postgresql":
        # jsonb ?| / ?& test string elements of an array (or a lone string) in one step.
        element = custom_json(t.table, t.field.custom_key)
        shaped = func.jsonb_typeof(element).in_(("array", "string"))
        test = element.op("?|" if op is Op.CONTAINS_ANY else "?&")(postgresql.array(wanted))
        # A missing key makes both NULL; IS TRUE keeps the predicate two-valued under NOT.
        return and_(shaped, test).is_(true())
    matching = and_(strings, elements.c.value.in_(wanted))
    if op is Op.CONTAINS_ANY:
        return exists(select(elements.c.value).where(matching))
    found = select(func.count(elements.c.value.distinct())).where(matching).scalar_subquery()
    return found == len(wanted)


# One builder per operator family, keyed on the operator (tests/test_operators.py checks that
# every operator of the catalog's table has one). Comparisons are guarded by the missing-value
# rule; presence, booleans and multi-text sets are two-valued by themselves.
SQL_BUILDERS: Mapping[Op, Builder] = {
    Op.IS_SET: _presence,
    Op.IS_NOT_SET: _presence,
    Op.IS_TRUE: _boolean,
    Op.IS_FALSE: _boolean,
    **dict.fromkeys((Op.EQ, Op.NEQ, Op.GT, Op.GTE, Op.LT, Op.LTE), _guarded(_comparison)),
    Op.BETWEEN: _guarded(_between),
    **dict.fromkeys(_PATTERNS, _guarded(_pattern)),
    Op.IN: _guarded(_membership),
    Op.NOT_IN: _guarded(_membership),
    **dict.fromkeys(
        (Op.ON, Op.BEFORE, Op.AFTER, Op.IN_LAST, Op.MORE_THAN_AGO, Op.IN_PERIOD),
        _guarded(_days),
    ),
    Op.CONTAINS_ANY: _multi_text,
    Op.CONTAINS_ALL: _multi_text,
}


def condition_predicate(
    table: Table, field: FieldDef, op: Op, value, clock: Clock, dialect: str
) -> ColumnElement:
    """The two-valued predicate for ``field op value`` on rows of ``table``."""
    return SQL_BUILDERS[op](Target(table, field, clock, dialect), op, value)
