"""Parsing dates and times with a mapping's strptime formats, without strptime's cost.

``strptime`` is pure Python and was the biggest cost of a sync. :func:`datetime_parser` /
:func:`date_parser` match a regex built once per format instead, and accept and reject
exactly what the ``strptime`` loop they replace does (tests/test_sync_coerce.py checks that
against ``strptime`` on random formats and strings); formats they cannot reproduce (locale
names, 12-hour clocks, ...) use ``strptime``. The first format that parses wins.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from nlseg.sync.errors import BadValue

# The sub-patterns of CPython's _strptime.TimeRE for the numeric directives (the same from
# 3.9 to 3.13; a test compares them with the running Python's). Other directives depend on
# the locale or need calendar arithmetic: formats using them go to strptime.
DIRECTIVES = {
    "d": r"(?P<d>3[0-1]|[1-2]\d|0[1-9]|[1-9]| [1-9])",
    "f": r"(?P<f>[0-9]{1,6})",
    "H": r"(?P<H>2[0-3]|[0-1]\d|\d)",
    "m": r"(?P<m>1[0-2]|0[1-9]|[1-9])",
    "M": r"(?P<M>[0-5]\d|\d)",
    "S": r"(?P<S>6[0-1]|[0-5]\d|\d)",
    "Y": r"(?P<Y>\d\d\d\d)",
    "z": r"(?P<z>[+-]\d\d:?[0-5]\d(:?[0-5]\d(\.\d{1,6})?)?|(?-i:Z))",
    "%": "%",
}
# Position of each directive's value in datetime(year, month, day, hour, minute, second, us).
_SLOTS = {"Y": 0, "m": 1, "d": 2, "H": 3, "M": 4, "S": 5}
_DEFAULTS = (1900, 1, 1, 0, 0, 0, 0)  # strptime's values for absent directives
_REGEX_CHARS = re.compile(r"([\\.^$*+?\(\){}\[\]|])")
_WHITESPACE = re.compile(r"\s+")

# Parses stripped text with one format: (naive datetime as written, its UTC offset or None);
# None when the text does not have the format's shape; ValueError when it has the shape but
# is no date (Feb 30, an offset of 24 h), which makes the loop try the next format.
Parsed = tuple[dt.datetime, dt.timedelta | None]
FormatParser = Callable[[str], Parsed | None]
_OFFSETS: dict[str, dt.timedelta | None] = {}  # %z text -> offset (None: strptime refuses it)
_OFFSETS_MAX = 4096


def format_regex(fmt: str) -> re.Pattern[str] | None:
    """``fmt`` as strptime's regex when it uses only :data:`DIRECTIVES`, else None.

    Built the way ``_strptime.TimeRE.pattern`` builds it (escaping, whitespace as ``\\s+``,
    IGNORECASE) so the same strings match; a format strptime refuses (a stray ``%``, a
    directive used twice) also gives None, and strptime then raises as before.
    """
    fmt = _WHITESPACE.sub(r"\\s+", _REGEX_CHARS.sub(r"\\\1", fmt))
    processed = ""
    while "%" in fmt:
        index = fmt.index("%") + 1
        if index == len(fmt) or fmt[index] not in DIRECTIVES:
            return None
        processed += fmt[: index - 1] + DIRECTIVES[fmt[index]]
        fmt = fmt[index + 1 :]
    try:
        return re.compile(processed + fmt, re.IGNORECASE)
    except re.error:
        return None


def utc_offset(z: str) -> dt.timedelta:
    """A ``%z`` match as an offset, with _strptime's checks (ValueError where it raises)."""
    if z == "Z":
        return dt.timedelta(0)
    written = z
    if z[3] == ":":
        z = z[:3] + z[4:]
        if len(z) > 5:
            if z[5] != ":":
                raise ValueError(f"Inconsistent use of : in {written}")
            z = z[:5] + z[6:]
    seconds = int(z[1:3]) * 3600 + int(z[3:5]) * 60 + int(z[5:7] or 0)
    fraction = z[8:]
    micro = int(fraction + "0" * (6 - len(fraction)))
    if z.startswith("-"):
        seconds, micro = -seconds, -micro
    offset = dt.timedelta(seconds=seconds, microseconds=micro)
    dt.timezone(offset)  # strptime builds one: ValueError from 24 h on
    return offset


def _cached_offset(z: str) -> dt.timedelta:
    # An export repeats a handful of offsets ("+0000"); parsing one costs more than the date.
    offset = _OFFSETS.get(z, False)
    if offset is False:
        try:
            offset = utc_offset(z)
        except ValueError:
            offset = None
        if len(_OFFSETS) >= _OFFSETS_MAX:
            _OFFSETS.clear()
        _OFFSETS[z] = offset
    if offset is None:
        raise ValueError(f"bad UTC offset {z}")
    return offset


def _regex_parser(regex: re.Pattern[str]) -> FormatParser:
    index = regex.groupindex  # only the directives' groups are named
    slots = sorted((_SLOTS[g], i) for g, i in index.items() if g in _SLOTS)
    groups = [i for _, i in slots]
    # Y m d H M S all present: the ints go straight into datetime() in their order.
    complete = [slot for slot, _ in slots] == list(range(6))
    fraction, zone, match = index.get("f"), index.get("z"), regex.match

    def parse(text: str) -> Parsed | None:
        found = match(text)
        # strptime takes the regex's first match and wants it to reach the end (no fullmatch:
        # that could backtrack into a match strptime never sees).
        if found is None or found.end() != len(text):
            return None
        micro = 0 if fraction is None else int(found.group(fraction).ljust(6, "0"))
        if complete:
            moment = dt.datetime(*map(int, found.group(*groups)), micro)
        else:
            args = list(_DEFAULTS)
            for slot, group in slots:
                args[slot] = int(found.group(group))
            args[6] = micro
            moment = dt.datetime(*args)
        return moment, None if zone is None else _cached_offset(found.group(zone))

    return parse


def _strptime_parser(fmt: str) -> FormatParser:
    def parse(text: str) -> Parsed | None:
        try:
            parsed = dt.datetime.strptime(text, fmt)
        except ValueError:
            return None
        if parsed.tzinfo is None:
            return parsed, None
        return parsed.replace(tzinfo=None), parsed.utcoffset()

    return parse


def format_parser(fmt: str) -> FormatParser:
    """One format's parser: the regex one when it can reproduce strptime, else strptime."""
    regex = format_regex(fmt)
    return _strptime_parser(fmt) if regex is None else _regex_parser(regex)


def _first_parse(parsers: Sequence[FormatParser], text: str) -> Parsed | None:
    # In the mapping's order: the first format that parses wins, as it always did. (Trying
    # the last successful format first would change results when formats overlap, such as
    # %m/%d/%Y and %d/%m/%Y; a regex that fails costs well under a microsecond anyway.)
    for parse in parsers:
        try:
            parsed = parse(text)
        except ValueError:
            continue
        if parsed is not None:
            return parsed
    return None


def _parser(formats: Sequence[str], what: str, finish: Callable[[Any, Parsed], Any]):
    parsers = [format_parser(f) for f in formats]
    shown = list(formats)

    def parse(value: Any) -> Any:
        text = value.strip() if type(value) is str else str(value).strip()
        parsed = _first_parse(parsers, text)
        if parsed is None:
            raise BadValue(f"'{value}' matches none of the {what} formats {shown}")
        return finish(value, parsed)

    return parse


def _as_utc(value: Any, parsed: Parsed) -> dt.datetime:
    # Timestamps are stored as naive UTC (schema.py); aware inputs are converted (the same
    # as astimezone(UTC), without building a timezone).
    moment, offset = parsed
    try:
        return moment - offset if offset else moment
    except OverflowError:  # 0001-01-01T00:30+0100 is before year 1 in UTC
        raise BadValue(f"'{value}' is out of range once converted to UTC") from None


def datetime_parser(formats: Sequence[str]) -> Callable[[Any], dt.datetime]:
    """A function like ``to_datetime(value, formats)``, with the formats compiled once."""
    return _parser(formats, "datetime", _as_utc)


def date_parser(formats: Sequence[str]) -> Callable[[Any], dt.date]:
    """A function like ``to_date(value, formats)``, with the formats compiled once."""
    return _parser(formats, "date", lambda _value, parsed: parsed[0].date())  # offset ignored


@lru_cache(maxsize=32)
def _cached_datetime_parser(formats: tuple[str, ...]) -> Callable[[Any], dt.datetime]:
    return datetime_parser(formats)


@lru_cache(maxsize=32)
def _cached_date_parser(formats: tuple[str, ...]) -> Callable[[Any], dt.date]:
    return date_parser(formats)


def to_datetime(value: Any, formats: list[str]) -> dt.datetime:
    return _cached_datetime_parser(tuple(formats))(value)


def to_date(value: Any, formats: list[str]) -> dt.date:
    return _cached_date_parser(tuple(formats))(value)
