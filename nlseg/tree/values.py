"""Coercion of condition values to the canonical type for a field's data type and operator.

Every function returns the canonical value or raises :class:`ValueProblem` with a message
that names the field and says what was expected.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import json
import math
from collections.abc import Callable, Mapping

from nlseg.catalog import OPERATOR_TABLE, DataType, FieldDef, Op, ValueShape
from nlseg.tree.limits import (
    FIRST_DAY,
    LAST_DAY,
    MAX_LIST_VALUES,
    MAX_SPAN_YEARS,
    MAX_TEXT_LENGTH,
)
from nlseg.tree.models import Period, Range, RelativeSpan, Unit, Value

NUMERIC = (DataType.NUMBER, DataType.SCORE)
DATES = (DataType.DATE, DataType.DATETIME)
TEXTUAL = (DataType.TEXT, DataType.EMAIL)
VALUELESS = tuple(op for op, spec in OPERATOR_TABLE.items() if spec.shape is ValueShape.NONE)


class ValueProblem(ValueError):
    pass


def _shown(raw: object) -> str:
    """A value as the JSON it was given in (a model's answer), never a Python repr."""
    dump = getattr(raw, "model_dump", None)
    data = dump(mode="json") if callable(dump) else raw
    try:
        return json.dumps(data, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return str(data)


def _text(field: FieldDef, raw: Value) -> str:
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
        raise ValueProblem(f"{field.label} needs a text value, got {_shown(raw)}.")
    text = str(raw)
    if not text:
        raise ValueProblem(f"{field.label} needs a non-empty text value.")
    if len(text) > MAX_TEXT_LENGTH:
        raise ValueProblem(
            f"A value for {field.label} is longer than {MAX_TEXT_LENGTH} characters."
        )
    if "\x00" in text:
        raise ValueProblem(f"A value for {field.label} contains a NUL character.")
    return text


def _text_list(field: FieldDef, raw: Value) -> list[str]:
    items = raw if isinstance(raw, list) else [raw]
    if not items:
        raise ValueProblem(f"{field.label} needs at least one value.")
    if len(items) > MAX_LIST_VALUES:
        raise ValueProblem(f"{field.label} has {len(items)} values; at most {MAX_LIST_VALUES}.")
    return list(dict.fromkeys(_text(field, item) for item in items))


def _picklist_value(field: FieldDef, text: str) -> str:
    if not field.values or text in field.values:
        return text  # an exact spelling wins over a case-insensitive look-alike
    by_fold = {v.casefold(): v for v in field.values}
    by_fold.update({k.casefold(): v for k, v in field.value_synonyms.items()})
    found = by_fold.get(text.casefold())
    if found is not None:
        return found
    close = difflib.get_close_matches(text, field.values, n=3, cutoff=0.6)
    hint = ("Did you mean " + " or ".join(f"'{c}'" for c in close) + "? ") if close else ""
    shown = ", ".join(f"'{v}'" for v in field.values[:40])
    more = " …" if len(field.values) > 40 else ""
    raise ValueProblem(f"'{text}' is not a known {field.label}. {hint}Known values: {shown}{more}.")


def _number(field: FieldDef, raw: Value) -> int | float:
    if isinstance(raw, str):
        try:
            raw = float(raw.replace(",", ""))
        except ValueError:
            raise ValueProblem(f"{field.label} needs a number, got '{raw}'.") from None
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise ValueProblem(f"{field.label} needs a number, got {_shown(raw)}.")
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise ValueProblem(f"{field.label} needs a finite number.")
        if raw.is_integer() and abs(raw) < 2**53:
            return int(raw)
    if abs(raw) > 1e15:
        raise ValueProblem(f"{raw} is out of range for {field.label}.")
    return raw


def _date(field: FieldDef, raw: Value) -> dt.date:
    day: dt.date | None = None
    if isinstance(raw, dt.datetime):
        day = raw.date()
    elif isinstance(raw, dt.date):
        day = raw
    elif isinstance(raw, str):
        with contextlib.suppress(ValueError):
            day = dt.date.fromisoformat(raw[:10])
    if day is None:
        raise ValueProblem(f"{field.label} needs a date like 2026-03-01, got {_shown(raw)}.")
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueProblem(
            f"{field.label}: {day.isoformat()} is outside the dates a segment can use "
            f"({FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()})."
        )
    return day


def _range(field: FieldDef, raw: Value, convert) -> Range:
    if isinstance(raw, list) and len(raw) == 2:
        raw = Range(low=raw[0], high=raw[1])
    if not isinstance(raw, Range):
        raise ValueProblem(f"'between' on {field.label} needs a low and a high value.")
    low, high = convert(field, raw.low), convert(field, raw.high)
    if low > high:
        raise ValueProblem(f"'between' on {field.label}: {low} is after {high}.")
    return Range(low=low, high=high)


def _span(field: FieldDef, raw: Value) -> RelativeSpan:
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = RelativeSpan(amount=raw, unit=Unit.DAY)
    if not isinstance(raw, RelativeSpan):
        raise ValueProblem(
            f"{field.label} needs an amount of time like {{'amount': 90, 'unit': 'day'}}."
        )
    if raw.amount < 1:
        raise ValueProblem(f"{field.label}: the amount of time must be at least 1.")
    unit = Unit(raw.unit)
    per_year = {Unit.DAY: 366, Unit.WEEK: 53, Unit.MONTH: 12, Unit.YEAR: 1}[unit]
    if raw.amount > MAX_SPAN_YEARS * per_year:
        raise ValueProblem(
            f"{field.label}: {raw.amount} {unit.value}s reaches back more than "
            f"{MAX_SPAN_YEARS} years."
        )
    return raw


def _period(field: FieldDef, raw: Value) -> Period:
    try:
        return Period(str(raw))
    except ValueError:
        options = ", ".join(f"'{p.value}'" for p in Period)
        raise ValueProblem(
            f"{field.label}: '{raw}' is not a period; use one of {options}."
        ) from None


def coerce_value(field: FieldDef, op: Op, raw: Value) -> Value:
    """The canonical value of ``field op raw``, or :class:`ValueProblem`."""
    return _COERCE[OPERATOR_TABLE[op].shape](field, op, raw)


def _none(field: FieldDef, op: Op, raw: Value) -> None:
    if raw not in (None, True, []):
        raise ValueProblem(f"'{op.value}' on {field.label} takes no value.")
    return None


def _scalar(field: FieldDef, op: Op, raw: Value) -> Value:
    if field.data_type in NUMERIC:
        return _number(field, raw)
    if field.data_type in DATES:
        return _date(field, raw)
    return _text(field, raw)


def _list(field: FieldDef, op: Op, raw: Value) -> list[str]:
    if field.data_type in (DataType.PICKLIST, DataType.MULTI_TEXT):
        return list(dict.fromkeys(_picklist_value(field, v) for v in _text_list(field, raw)))
    return _text_list(field, raw)


def _between(field: FieldDef, op: Op, raw: Value) -> Range:
    return _range(field, raw, _number if field.data_type in NUMERIC else _date)


# How a value of each shape is coerced, by the field's type. Validation asks only for the
# operators of the field's type (OPERATOR_TABLE[op].types), so e.g. a span is a date's.
_COERCE: Mapping[ValueShape, Callable[[FieldDef, Op, Value], Value]] = {
    ValueShape.NONE: _none,
    ValueShape.SCALAR: _scalar,
    ValueShape.LIST: _list,
    ValueShape.RANGE: _between,
    ValueShape.SPAN: lambda field, op, raw: _span(field, raw),
    ValueShape.PERIOD: lambda field, op, raw: _period(field, raw),
}
