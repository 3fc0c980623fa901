"""Turning source values (CSV text or JSON values) into store values; a bad value raises.

:class:`BadValue` carries a reason a person can act on; the sync rejects the row with it.

A sync coerces millions of values, so the per-value work is chosen once per column:
:func:`column_converter` and :func:`custom_converter` return a function for one column.
Dates and times are parsed by :mod:`nlseg.sync.timeformats`.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Boolean, Column, Date, DateTime, Integer, Numeric, String

from nlseg.sync.errors import BadValue
from nlseg.sync.mapping import CustomType, Settings
from nlseg.sync.timeformats import date_parser, datetime_parser

TRUE = {"1", "true", "yes", "y", "t"}
FALSE = {"0", "false", "no", "n", "f"}

Converter = Callable[[Any], Any]


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise BadValue(f"'{value}' is not a yes/no value (use 0/1, TRUE/FALSE or yes/no)")


def _finite(value: Any, what: str) -> Decimal:
    if isinstance(value, bool):
        raise BadValue(f"'{value}' is not {what}")
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise BadValue(f"'{value}' is not {what}") from None
    if not number.is_finite():
        raise BadValue(f"'{value}' is not {what}")
    return number


def to_int(value: Any) -> int:
    number = _finite(value, "a whole number")
    if number != number.to_integral_value():
        raise BadValue(f"'{value}' is not a whole number")
    return int(number)


def to_decimal(value: Any) -> Decimal:
    return _finite(value, "a number")


def to_email(value: Any) -> str:
    text = str(value).strip()
    local, _, domain = text.partition("@")
    if not local or "." not in domain or " " in text:
        raise BadValue(f"'{value}' is not an email address")
    return text


# --- converters per column ---------------------------------------------------------------


def _skipping_empty(convert: Converter, convert_text: Converter | None = None) -> Converter:
    """``convert`` with None for empty values; plain strings go to ``convert_text`` stripped.

    ``convert_text(text, value)`` gets the stripped text and the original value (for the
    message), so the common case (CSV text) skips ``is_empty`` and a second ``str().strip()``.
    """

    def converter(value: Any) -> Any:
        if value is None:
            return None
        if type(value) is str:
            text = value.strip()
            if not text:
                return None
            return convert(value) if convert_text is None else convert_text(text, value)
        if isinstance(value, str) and value.strip() == "":
            return None
        return convert(value)

    return converter


def _bool_text(text: str, value: Any) -> bool:
    lowered = text.lower()
    if lowered in TRUE:
        return True
    if lowered in FALSE:
        return False
    return to_bool(value)  # raises with the message


def _text_converter(column: Column) -> Converter:
    # Most columns are text: one function per value, not _skipping_empty's two.
    email = column.name == "email"
    kind = column.type
    length = kind.length if isinstance(kind, String) else None

    def convert(value: Any) -> str | None:
        if value is None:
            return None
        if type(value) is str:
            text = value.strip()
            if not text:
                return None
        elif isinstance(value, str) and value.strip() == "":
            return None
        else:
            text = str(value).strip()
        if email:
            text = to_email(text)
        if length and len(text) > length:
            raise BadValue(f"is {len(text)} characters long; {column.name} holds at most {length}")
        return text

    return convert


# PostgreSQL's integer is 32 bits and numeric(p, s) holds p - s whole digits; a value beyond
# them would abort the whole run there (and be stored on SQLite), so it rejects its row.
INT_LIMIT = 2**31


def _bounded(convert: Converter, limit: int, name: str) -> Converter:
    def bounded(value: Any) -> Any:
        number = convert(value)
        if not -limit < number < limit:
            raise BadValue(f"'{value}' is too large for {name}")
        return number

    return bounded


def column_converter(column: Column, settings: Settings) -> Converter:
    """The conversion of ``column_value`` for one store column, chosen once (None when empty)."""
    kind = column.type
    if isinstance(kind, Boolean):
        return _skipping_empty(to_bool, _bool_text)
    if isinstance(kind, Integer):
        return _skipping_empty(_bounded(to_int, INT_LIMIT, column.name))
    if isinstance(kind, Numeric):
        limit = 10 ** ((kind.precision or 38) - (kind.scale or 0))
        return _skipping_empty(_bounded(to_decimal, limit, column.name))
    if isinstance(kind, DateTime):
        return _skipping_empty(datetime_parser(settings.datetime_formats))
    if isinstance(kind, Date):
        return _skipping_empty(date_parser(settings.date_formats))
    return _text_converter(column)


def column_value(column: Column, value: Any, settings: Settings) -> Any:
    """``value`` converted for a store column (None when empty); in a loop, use
    :func:`column_converter` once per column instead."""
    return column_converter(column, settings)(value)


def _custom_number(value: Any) -> int | float:
    number = to_decimal(value)
    return int(number) if number == number.to_integral_value() else float(number)


def custom_converter(kind: CustomType, settings: Settings) -> Converter:
    """The conversion of ``custom_value`` for one custom field type, chosen once."""
    match kind:
        case CustomType.BOOLEAN:
            return _skipping_empty(to_bool, _bool_text)
        case CustomType.SCORE:
            return _skipping_empty(to_int)
        case CustomType.NUMBER:
            return _skipping_empty(_custom_number)
        case CustomType.DATE:
            parse_date = date_parser(settings.date_formats)
            return _skipping_empty(lambda value: parse_date(value).isoformat())
        case CustomType.DATETIME:
            parse_datetime = datetime_parser(settings.datetime_formats)
            return _skipping_empty(lambda value: parse_datetime(value).isoformat())
        case CustomType.EMAIL:
            return _skipping_empty(to_email)
        case CustomType.MULTI_TEXT:
            separator = settings.multi_separator

            def multi(value: Any) -> list[str] | None:
                items = value if isinstance(value, list) else str(value).split(separator)
                return [str(i).strip() for i in items if str(i).strip()] or None

            return _skipping_empty(multi)
        case _:
            return _skipping_empty(lambda value: str(value).strip())


def custom_value(kind: CustomType, value: Any, settings: Settings) -> Any:
    """``value`` as kept in ``contacts.custom``: dates as ISO text, lists for multi-text.

    In a loop, use :func:`custom_converter` once per field instead.
    """
    return custom_converter(kind, settings)(value)
