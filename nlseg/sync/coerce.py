"""Turning source values (CSV text or JSON values) into store values; a bad value raises.

:class:`BadValue` carries a reason a person can act on; the sync rejects the row with it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Boolean, Column, Date, DateTime, Integer, Numeric, String

from nlseg.sync.mapping import CustomType, Settings

TRUE = {"1", "true", "yes", "y", "t"}
FALSE = {"0", "false", "no", "n", "f"}


class BadValue(ValueError):
    pass


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


def to_int(value: Any) -> int:
    if isinstance(value, bool):
        raise BadValue(f"'{value}' is not a whole number")
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise BadValue(f"'{value}' is not a whole number") from None
    if number != number.to_integral_value():
        raise BadValue(f"'{value}' is not a whole number")
    return int(number)


def to_decimal(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise BadValue(f"'{value}' is not a number")
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise BadValue(f"'{value}' is not a number") from None
    if not number.is_finite():
        raise BadValue(f"'{value}' is not a number")
    return number


def to_datetime(value: Any, formats: list[str]) -> dt.datetime:
    text = str(value).strip()
    for fmt in formats:
        try:
            parsed = dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
        # Timestamps are stored as naive UTC (schema.py); aware inputs are converted.
        if parsed.tzinfo is not None:
            parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
        return parsed
    raise BadValue(f"'{value}' matches none of the datetime formats {formats}")


def to_date(value: Any, formats: list[str]) -> dt.date:
    text = str(value).strip()
    for fmt in formats:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise BadValue(f"'{value}' matches none of the date formats {formats}")


def to_email(value: Any) -> str:
    text = str(value).strip()
    local, _, domain = text.partition("@")
    if not local or "." not in domain or " " in text:
        raise BadValue(f"'{value}' is not an email address")
    return text


def column_value(column: Column, value: Any, settings: Settings) -> Any:
    """``value`` converted for a store column (None when empty)."""
    if is_empty(value):
        return None
    kind = column.type
    if isinstance(kind, Boolean):
        return to_bool(value)
    if isinstance(kind, Integer):
        return to_int(value)
    if isinstance(kind, Numeric):
        return to_decimal(value)
    if isinstance(kind, DateTime):
        return to_datetime(value, settings.datetime_formats)
    if isinstance(kind, Date):
        return to_date(value, settings.date_formats)
    text = str(value).strip()
    if column.name == "email":
        text = to_email(text)
    if isinstance(kind, String) and kind.length and len(text) > kind.length:
        raise BadValue(f"is {len(text)} characters long; {column.name} holds at most {kind.length}")
    return text


def custom_value(kind: CustomType, value: Any, settings: Settings) -> Any:
    """``value`` as kept in ``contacts.custom``: dates as ISO text, lists for multi-text."""
    if is_empty(value):
        return None
    match kind:
        case CustomType.BOOLEAN:
            return to_bool(value)
        case CustomType.SCORE:
            return to_int(value)
        case CustomType.NUMBER:
            number = to_decimal(value)
            return int(number) if number == number.to_integral_value() else float(number)
        case CustomType.DATE:
            return to_date(value, settings.date_formats).isoformat()
        case CustomType.DATETIME:
            return to_datetime(value, settings.datetime_formats).isoformat()
        case CustomType.EMAIL:
            return to_email(value)
        case CustomType.MULTI_TEXT:
            items = value if isinstance(value, list) else str(value).split(settings.multi_separator)
            return [str(i).strip() for i in items if str(i).strip()] or None
        case _:
            return str(value).strip()
