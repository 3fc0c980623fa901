"""One condition → one two-valued SQL predicate.

Every predicate here is TRUE or FALSE, never NULL, so that NOT (negated groups, "not in
segment") means exactly "the condition does not hold". The rule for missing values
(NULL, a missing custom key, or for text an empty string):

- every comparison on a missing value is false — including ``neq``, ``not_in``,
  ``not_contains``: a contact with no country is *not* "not in Germany";
- ``is_not_set`` is the one operator that matches missing values.

Text and email comparisons ignore case; picklists match their canonical values exactly
(validation has already mapped "germany" to "Germany").
"""

from __future__ import annotations

import datetime as dt

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

TRUTHY = ("true", "1", "yes", "y", "t")
FALSY = ("false", "0", "no", "n", "f")
TEXTUAL = (DataType.TEXT, DataType.EMAIL)


def _present(expr: ColumnElement, field: FieldDef) -> ColumnElement:
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


def _text(expr: ColumnElement, field: FieldDef, op: Op, value, dialect: str) -> ColumnElement:
    folded = fold(expr)
    if op in (Op.IN, Op.NOT_IN):
        test = folded.in_([simple_lower(v) for v in value])
        return test if op is Op.IN else not_(test)
    needle = simple_lower(value)
    patterns = {
        Op.CONTAINS: lambda x: x.contains(needle, autoescape=True),
        Op.NOT_CONTAINS: lambda x: x.contains(needle, autoescape=True),
        Op.STARTS_WITH: lambda x: x.startswith(needle, autoescape=True),
        Op.ENDS_WITH: lambda x: x.endswith(needle, autoescape=True),
    }
    if op in patterns:
        test = _like(expr, field, dialect, patterns[op])
        return not_(test) if op is Op.NOT_CONTAINS else test
    return folded == needle if op is Op.EQ else folded != needle


def _number(expr: ColumnElement, op: Op, value) -> ColumnElement:
    if op is Op.BETWEEN:
        assert isinstance(value, Range)
        return and_(expr >= value.low, expr <= value.high)
    compare = {
        Op.EQ: expr.__eq__,
        Op.NEQ: expr.__ne__,
        Op.GT: expr.__gt__,
        Op.GTE: expr.__ge__,
        Op.LT: expr.__lt__,
        Op.LTE: expr.__le__,
    }
    return compare[op](value)


def _bound(day: dt.date, field: FieldDef):
    if field.is_custom:
        return day.isoformat()  # custom dates are compared as ISO text
    if field.data_type is DataType.DATETIME:
        return dt.datetime.combine(day, dt.time())
    return day


def _date(expr: ColumnElement, field: FieldDef, op: Op, value, clock: Clock) -> ColumnElement:
    start, end = clock.day_range(op, value)
    parts = []
    if start is not None:
        parts.append(expr >= _bound(start, field))
    if end is not None:
        parts.append(expr < _bound(end, field))
    return and_(*parts)


def _multi_text(table: Table, field: FieldDef, op: Op, value, dialect: str) -> ColumnElement:
    """Multi-text values match exactly (validation maps them to the catalog's spelling)."""
    elements, strings = multi_text_elements(table, field, dialect)
    if op in (Op.IS_SET, Op.IS_NOT_SET):
        found = exists(select(elements.c.value).where(strings))
        return found if op is Op.IS_SET else not_(found)
    wanted = sorted(set(value))
    if dialect == "postgresql":
        # jsonb ?| / ?& test string elements of an array (or a lone string) in one step.
        element = custom_json(table, field.custom_key)
        shaped = func.jsonb_typeof(element).in_(("array", "string"))
        test = element.op("?|" if op is Op.CONTAINS_ANY else "?&")(postgresql.array(wanted))
        # A missing key makes both NULL; IS TRUE keeps the predicate two-valued under NOT.
        return and_(shaped, test).is_(true())
    matching = and_(strings, elements.c.value.in_(wanted))
    if op is Op.CONTAINS_ANY:
        return exists(select(elements.c.value).where(matching))
    found = select(func.count(elements.c.value.distinct())).where(matching).scalar_subquery()
    return found == len(wanted)


def condition_predicate(
    table: Table, field: FieldDef, op: Op, value, clock: Clock, dialect: str
) -> ColumnElement:
    """The two-valued predicate for ``field op value`` on rows of ``table``."""
    if field.data_type is DataType.MULTI_TEXT:
        return _multi_text(table, field, op, value, dialect)
    expr = field_expression(field, table, dialect)
    if op is Op.IS_SET:
        return _present(expr, field)
    if op is Op.IS_NOT_SET:
        return not_(_present(expr, field))
    if field.data_type is DataType.BOOLEAN:
        if field.is_custom:
            return and_(expr.is_not(None), expr.in_(TRUTHY if op is Op.IS_TRUE else FALSY))
        return expr.is_(op is Op.IS_TRUE)
    if field.data_type in TEXTUAL:
        test = _text(expr, field, op, value, dialect)
    elif field.data_type is DataType.PICKLIST:
        test = expr.in_(value) if op is Op.IN else not_(expr.in_(value))
    elif field.data_type in (DataType.NUMBER, DataType.SCORE):
        test = _number(expr, op, value)
    elif field.data_type in (DataType.DATE, DataType.DATETIME):
        test = _date(expr, field, op, value, clock)
    else:  # pragma: no cover - the catalog's operator matrix prevents this
        return false()
    if field.is_custom and field.data_type not in (*TEXTUAL, DataType.PICKLIST):
        # A missing number or date makes the test NULL: IS TRUE reads the JSON once instead
        # of twice (BENCHMARKS.md custom_number_shapes: 153 -> 104 ms at 100k on SQLite).
        return test.is_(true())
    return and_(_present(expr, field), test)
