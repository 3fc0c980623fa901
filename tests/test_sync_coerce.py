"""Value coercion for the sync: each column type and message, and the fast date parsers.

The date parsers replace ``strptime`` with a regex per format; the property tests check
them against a plain ``strptime`` loop (what ``to_datetime``/``to_date`` were) on random
format lists and on well-formed, mutated and garbage strings.
"""

from __future__ import annotations

import _strptime
import datetime as dt
import re
import warnings
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Column, Text

from nlseg.store import schema as s
from nlseg.sync.coerce import (
    BadValue,
    column_converter,
    column_value,
    custom_converter,
    custom_value,
)
from nlseg.sync.mapping import CustomType, Settings
from nlseg.sync.timeformats import (
    DIRECTIVES,
    date_parser,
    datetime_parser,
    format_regex,
    to_date,
    to_datetime,
)

SETTINGS = Settings(
    date_formats=["%Y-%m-%d", "%d/%m/%Y"],
    datetime_formats=["%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"],
    multi_separator=";",
)
SHOWN_DATETIMES = str(SETTINGS.datetime_formats)
SHOWN_DATES = str(SETTINGS.date_formats)
BOOL, INT, MONEY = (
    s.contacts.c.email_opt_out,
    s.contacts.c.behavior_score,
    s.accounts.c.annual_revenue,
)
DATETIME, DATE = s.contacts.c.updated_at, s.opportunities.c.close_date
NAME, EMAIL, NOTE = s.contacts.c.first_name, s.contacts.c.email, Column("note", Text)
YES_NO = "is not a yes/no value (use 0/1, TRUE/FALSE or yes/no)"


class Str(str):
    """A str subclass: values that are strings but not exactly ``str`` take the slow path."""


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        (BOOL, " yes ", True),
        (BOOL, "FALSE", False),
        (BOOL, "t", True),
        (BOOL, True, True),
        (BOOL, 0, False),
        (BOOL, Str(" No "), False),
        (INT, "1,234", 1234),
        (INT, " 7.0 ", 7),
        (INT, 12, 12),
        (INT, Decimal("3"), 3),
        (MONEY, "1,234.50", Decimal("1234.50")),
        (MONEY, 2.5, Decimal("2.5")),
        (MONEY, "-0.01", Decimal("-0.01")),
        (DATETIME, "2024-01-05T10:00:00.250+01:00", dt.datetime(2024, 1, 5, 9, 0, 0, 250000)),
        (DATETIME, "2024-01-05T10:00:00.5Z", dt.datetime(2024, 1, 5, 10, 0, 0, 500000)),
        (DATETIME, "2024-01-05T10:00:00.0-0130", dt.datetime(2024, 1, 5, 11, 30)),
        (DATETIME, "2024-01-05T23:00:00.0-01:00:30.5", dt.datetime(2024, 1, 6, 0, 0, 30, 500000)),
        (DATETIME, " 2024-1-5  3:4:5 ", dt.datetime(2024, 1, 5, 3, 4, 5)),
        (DATETIME, "2024-02-29", dt.datetime(2024, 2, 29)),
        (DATETIME, Str("2024-01-05"), dt.datetime(2024, 1, 5)),
        (DATE, "31/01/2024", dt.date(2024, 1, 31)),
        (DATE, "2024-01-31", dt.date(2024, 1, 31)),
        (NAME, "  Ann  ", "Ann"),
        (NAME, "x" * 100, "x" * 100),
        (NAME, 42, "42"),
        (NOTE, "y" * 5000, "y" * 5000),
        (EMAIL, " ann@acme.example ", "ann@acme.example"),
    ],
)
def test_column_values(column, value, expected):
    assert column_value(column, value, SETTINGS) == expected
    assert column_converter(column, SETTINGS)(value) == expected


def test_value_by_value_calls_follow_the_settings_they_are_given():
    day_first = Settings(date_formats=["%d/%m/%Y"], datetime_formats=["%d/%m/%Y"])
    month_first = Settings(date_formats=["%m/%d/%Y"], datetime_formats=["%m/%d/%Y"])
    assert column_value(DATE, "01/02/2024", day_first) == dt.date(2024, 2, 1)
    assert column_value(DATE, "01/02/2024", month_first) == dt.date(2024, 1, 2)
    assert column_value(DATETIME, "01/02/2024", month_first) == dt.datetime(2024, 1, 2)
    assert custom_value(CustomType.DATE, "01/02/2024", day_first) == "2024-02-01"
    assert custom_value(CustomType.DATE, "01/02/2024", month_first) == "2024-01-02"
    commas = Settings(multi_separator=",")
    assert custom_value(CustomType.MULTI_TEXT, "a,b;c", commas) == ["a", "b;c"]
    assert custom_value(CustomType.MULTI_TEXT, "a,b;c", SETTINGS) == ["a,b", "c"]


@pytest.mark.parametrize("column", [BOOL, INT, MONEY, DATETIME, DATE, NAME, EMAIL, NOTE])
@pytest.mark.parametrize("value", [None, "", "  \t ", Str(" ")])
def test_empty_values_are_none(column, value):
    assert column_converter(column, SETTINGS)(value) is None


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (BOOL, "maybe", f"'maybe' {YES_NO}"),
        (BOOL, " 2 ", f"' 2 ' {YES_NO}"),
        (BOOL, 2, f"'2' {YES_NO}"),
        (INT, "1.5", "'1.5' is not a whole number"),
        (INT, "ten", "'ten' is not a whole number"),
        (INT, True, "'True' is not a whole number"),
        (MONEY, "abc", "'abc' is not a number"),
        (MONEY, "NaN", "'NaN' is not a number"),
        (MONEY, False, "'False' is not a number"),
        (
            DATETIME,
            "2024-02-30",
            f"'2024-02-30' matches none of the datetime formats {SHOWN_DATETIMES}",
        ),
        (DATETIME, " soon ", f"' soon ' matches none of the datetime formats {SHOWN_DATETIMES}"),
        (DATETIME, "2024-01-05T10:00:00.0+24:00", "matches none of the datetime formats"),
        (DATETIME, "2024-01-05T10:00:00.0+01:0030", "matches none of the datetime formats"),
        (DATETIME, "2024-01-05T10:00:00.0z", "matches none of the datetime formats"),
        (DATE, "01/31/2024", f"'01/31/2024' matches none of the date formats {SHOWN_DATES}"),
        (NAME, "x" * 101, "is 101 characters long; first_name holds at most 100"),
        (EMAIL, "ann", "'ann' is not an email address"),
        (EMAIL, " ann@acme ", "'ann@acme' is not an email address"),
        (EMAIL, "a nn@acme.example", "'a nn@acme.example' is not an email address"),
    ],
)
def test_bad_column_values(column, value, message):
    with pytest.raises(BadValue, match=re.escape(message)):
        column_converter(column, SETTINGS)(value)
    with pytest.raises(BadValue, match=re.escape(message)):
        column_value(column, value, SETTINGS)


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        (CustomType.BOOLEAN, "Yes", True),
        ("boolean", "0", False),
        (CustomType.SCORE, "7", 7),
        (CustomType.NUMBER, "7.0", 7),
        (CustomType.NUMBER, "1,000.25", 1000.25),
        (CustomType.DATE, "31/01/2024", "2024-01-31"),
        (CustomType.DATETIME, "2024-01-05 10:00:00", "2024-01-05T10:00:00"),
        (CustomType.DATETIME, "2024-01-05T10:00:00.1+0100", "2024-01-05T09:00:00.100000"),
        (CustomType.EMAIL, " a@b.example ", "a@b.example"),
        (CustomType.MULTI_TEXT, "A; B;;", ["A", "B"]),
        (CustomType.MULTI_TEXT, " ; ", None),
        (CustomType.MULTI_TEXT, ["x", " ", 3], ["x", "3"]),
        (CustomType.TEXT, " hi ", "hi"),
        (CustomType.PICKLIST, 5, "5"),
        *((kind, empty, None) for kind in CustomType for empty in (None, " ")),
    ],
)
def test_custom_values(kind, value, expected):
    assert custom_value(kind, value, SETTINGS) == expected
    assert custom_converter(kind, SETTINGS)(value) == expected


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        (CustomType.BOOLEAN, "perhaps", f"'perhaps' {YES_NO}"),
        (CustomType.SCORE, "7.5", "'7.5' is not a whole number"),
        (CustomType.NUMBER, "Infinity", "'Infinity' is not a number"),
        (
            CustomType.DATE,
            "2024/01/31",
            f"'2024/01/31' matches none of the date formats {SHOWN_DATES}",
        ),
        (CustomType.DATETIME, "x", f"'x' matches none of the datetime formats {SHOWN_DATETIMES}"),
        (CustomType.EMAIL, " a@b ", "' a@b ' is not an email address"),
    ],
)
def test_bad_custom_values(kind, value, message):
    with pytest.raises(BadValue, match=re.escape(message)):
        custom_converter(kind, SETTINGS)(value)


@pytest.mark.parametrize(
    ("formats", "text", "expected"),
    [
        # The regex matches but the date is impossible: the next format is tried, as strptime.
        (["%Y-%m-%d", "%Y-%H-%M"], "2024-02-30", dt.datetime(2024, 1, 1, 2, 30)),
        (["%m/%d/%Y", "%d/%m/%Y"], "01/02/2024", dt.datetime(2024, 1, 2)),
        (["%d.%m.%Y %%"], "5.1.2024 %", dt.datetime(2024, 1, 5)),
        (["%Y%m%d"], "2024131", dt.datetime(2024, 1, 31)),
        (["%d %m %Y"], "5\t 1  2024", dt.datetime(2024, 1, 5)),
        (["%YT%m"], "2024t3", dt.datetime(2024, 3, 1)),  # literals ignore case, like strptime
        (
            ["%Y-%m-%d"],
            "\u0662\u0660\u0662\u0664-01-05",
            dt.datetime(2024, 1, 5),
        ),  # %Y takes any Unicode digit, like strptime
        (["%H:%M"], "7:05", dt.datetime(1900, 1, 1, 7, 5)),
        (["%b %d %Y", "%Y"], "Mar 5 2024", dt.datetime(2024, 3, 5)),  # strptime's turn
        (["%I:%M %p"], "7:05 PM", dt.datetime(1900, 1, 1, 19, 5)),
    ],
)
def test_datetime_formats(formats, text, expected):
    assert datetime_parser(formats)(text) == expected
    assert to_datetime(text, formats) == expected == reference_datetime(text, formats)


def test_the_first_format_wins_whatever_the_previous_value_used():
    # Trying the last format that worked first would read 01/02 as 1 February here.
    parse = datetime_parser(["%m/%d/%Y", "%d/%m/%Y"])
    assert parse("13/02/2024") == dt.datetime(2024, 2, 13)
    assert parse("01/02/2024") == dt.datetime(2024, 1, 2)


@pytest.mark.parametrize(
    ("formats", "text"),
    [
        (["%m-%d"], "02-29"),  # no year: 1900, not a leap year (strptime agrees)
        (["%Y-%m-%d"], "2024-13-01"),
        (["%Y-%m-%d"], "2024-01-01x"),
        (["%H:%M:%S"], "12:00:60"),
        (["%Y%"], "2024"),  # a stray % fails in strptime, every time
        (["%Y %Q"], "2024 1"),  # so does an unknown directive
        (["%Y-%m-%dT%H:%M%z"], "2024-01-01T00:00+0100:30"),
    ],
)
def test_datetimes_no_format_reads(formats, text):
    with pytest.raises(BadValue, match="matches none of the datetime formats"):
        datetime_parser(formats)(text)
    with pytest.raises(BadValue):
        reference_datetime(text, formats)


def test_a_format_strptime_cannot_compile_raises_as_before():
    with pytest.raises(re.error):
        datetime_parser(["%Y %Y"])("2024 2024")
    with pytest.raises(re.error):
        reference_datetime("2024 2024", ["%Y %Y"])


def test_an_aware_datetime_out_of_range_is_a_bad_value():
    # strptime parses it and the conversion to UTC overflows: the row is rejected, the sync
    # goes on.
    with pytest.raises(OverflowError):
        reference_datetime("0001-01-01T00:30+0100", ["%Y-%m-%dT%H:%M%z"])
    with pytest.raises(BadValue, match="out of range once converted to UTC"):
        datetime_parser(["%Y-%m-%dT%H:%M%z"])("0001-01-01T00:30+0100")


def test_dates_ignore_the_offset():
    assert to_date("2024-01-05T23:30+0100", ["%Y-%m-%dT%H:%M%z"]) == dt.date(2024, 1, 5)
    with pytest.raises(
        BadValue, match=re.escape("'2024-01-05T23:30+9900' matches none of the date formats")
    ):
        date_parser(["%Y-%m-%dT%H:%M%z"])("2024-01-05T23:30+9900")


def test_directives_are_the_running_pythons():
    patterns = _strptime.TimeRE()
    assert {d: patterns[d] for d in DIRECTIVES} == DIRECTIVES


@pytest.mark.parametrize(
    ("fmt", "fast"),
    [
        ("%Y-%m-%dT%H:%M:%S.%f%z", True),
        ("%d/%m/%Y %% (x)", True),
        ("%b %d %Y", False),
        ("%I:%M %p", False),
        ("%y%m%d", False),
        ("%Y-%j", False),
        ("%Y%", False),
        ("%Y %Y", False),
    ],
)
def test_which_formats_are_fast(fmt, fast):
    assert (format_regex(fmt) is not None) == fast


# --- the parsers against strptime ---------------------------------------------------------


def _strptime_quietly(text: str, fmt: str) -> dt.datetime:
    with warnings.catch_warnings():  # 3.13 warns about %d without %Y
        warnings.simplefilter("ignore", DeprecationWarning)
        return dt.datetime.strptime(text, fmt)


def reference_datetime(value, formats: list[str]) -> dt.datetime:
    """``to_datetime`` as it was: a strptime loop."""
    text = str(value).strip()
    for fmt in formats:
        try:
            parsed = _strptime_quietly(text, fmt)
        except ValueError:
            continue
        if parsed.tzinfo is not None:
            parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
        return parsed
    raise BadValue(f"'{value}' matches none of the datetime formats {formats}")


def reference_date(value, formats: list[str]) -> dt.date:
    """``to_date`` as it was: a strptime loop."""
    text = str(value).strip()
    for fmt in formats:
        try:
            return _strptime_quietly(text, fmt).date()
        except ValueError:
            continue
    raise BadValue(f"'{value}' matches none of the date formats {formats}")


def outcome(parse, *args):
    """What a call returns, or the exception it raises (with the message of a BadValue)."""
    try:
        return ("value", parse(*args))
    except BadValue as exc:
        return ("bad", str(exc))
    except Exception as exc:
        return ("raised", type(exc))


SUPPORTED = ["%Y", "%m", "%d", "%H", "%M", "%S", "%f", "%z"]
UNSUPPORTED = ["%b", "%I", "%p", "%y", "%j", "%a"]
SEPARATORS = ["-", "/", ":", ".", "T", "t", " ", "  ", "\t", "%%", ",", "(", "+", "Z", "\\"]
NOISE = "0123456789 +-:.TtZz/%\t\\(٣"


@st.composite
def format_tokens(draw, unsupported: bool) -> list[str]:
    pool = SUPPORTED + (UNSUPPORTED if unsupported else [])
    directives = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=6, unique=True))
    tokens = []
    for directive in directives:
        tokens += draw(st.lists(st.sampled_from(SEPARATORS), max_size=2))
        tokens.append(directive)
    return tokens + draw(st.lists(st.sampled_from(SEPARATORS), max_size=1))


def render(draw, tokens: list[str], moment: dt.datetime) -> str:
    """``moment`` written in the format, with the variations strptime accepts (or nearly)."""
    out = []
    for token in tokens:
        match token:
            case "%Y":
                out.append(f"{moment.year:04d}")
            case "%m" | "%d" | "%H" | "%M" | "%S":
                number = {"%m": moment.month, "%d": moment.day, "%H": moment.hour}.get(
                    token, moment.minute if token == "%M" else moment.second
                )
                spaced = [f" {number}"] if token == "%d" else []  # %d's " [1-9]"
                out.append(draw(st.sampled_from([f"{number:02d}", str(number), *spaced])))
            case "%f":
                out.append(draw(st.text("0123456789", min_size=1, max_size=6)))
            case "%z":
                out.append(render_offset(draw))
            case "%%":
                out.append("%")
            case _ if token in UNSUPPORTED:
                out.append(moment.strftime(token))
            case _ if token.isspace():  # any run of whitespace matches it
                out.append(draw(st.sampled_from([" ", "\t", "  ", " \n\t", ""])))
            case _:
                out.append(draw(st.sampled_from([token, token.swapcase()])))
    return "".join(out)


def render_offset(draw) -> str:
    """A %z value in each form strptime reads, and some it refuses (24 h, mixed colons)."""
    sign, hours = draw(st.sampled_from("+-")), draw(st.integers(0, 25))
    minutes, seconds = draw(st.integers(0, 59)), draw(st.integers(0, 59))
    hh, mm, ss = f"{hours:02d}", f"{minutes:02d}", f"{seconds:02d}"
    fraction = "." + draw(st.text("0123456789", min_size=1, max_size=6))
    forms = [
        "Z",
        f"{sign}{hh}{mm}",
        f"{sign}{hh}:{mm}",
        f"{sign}{hh}{mm}{ss}",
        f"{sign}{hh}:{mm}:{ss}",
        f"{sign}{hh}{mm}{ss}{fraction}",
        f"{sign}{hh}:{mm}:{ss}{fraction}",
        f"{sign}{hh}:{mm}{ss}",  # inconsistent colons
        f"{sign}{hh}{mm}:{ss}",
    ]
    return draw(st.sampled_from(forms))


def mutate(draw, text: str) -> str:
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        char = draw(st.sampled_from(NOISE))
        text = draw(
            st.sampled_from(
                [
                    text[:at] + char + text[at:],
                    text[:at] + text[at + 1 :],
                    text[:at] + char + text[at + 1 :],
                ]
            )
        )
    return text


@st.composite
def formats_and_text(draw, unsupported: bool = False) -> tuple[list[str], str]:
    formats = draw(st.lists(format_tokens(unsupported), min_size=1, max_size=3))
    moment = draw(
        st.datetimes(
            min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31, 23, 59, 59)
        )
    )
    text = render(draw, draw(st.sampled_from(formats)), moment)
    kind = draw(st.sampled_from(["well-formed", "well-formed", "mutated", "garbage"]))
    if kind == "mutated":
        text = mutate(draw, text)
    elif kind == "garbage":
        text = draw(st.text(alphabet=NOISE, max_size=30))
    return ["".join(tokens) for tokens in formats], text


PROPERTY = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(formats_and_text())
def test_datetime_parser_agrees_with_strptime(case):
    formats, text = case
    expected = outcome(reference_datetime, text, formats)
    assert outcome(datetime_parser(formats), text) == expected
    assert outcome(date_parser(formats), text) == outcome(reference_date, text, formats)


@settings(PROPERTY, max_examples=150)
@given(formats_and_text(unsupported=True))
def test_formats_strptime_reads_alone_agree_too(case):
    formats, text = case
    assert outcome(datetime_parser(formats), text) == outcome(reference_datetime, text, formats)


@pytest.mark.parametrize(
    ("column", "value", "ok"),
    [
        (INT, "2147483647", True),
        (INT, "-2147483647", True),
        (INT, "2147483648", False),
        (INT, "1e400", False),
        (MONEY, "999999999999.99", True),
        (MONEY, "1000000000000", False),
    ],
)
def test_numbers_beyond_the_column_are_bad_values(column, value, ok):
    convert = column_converter(column, SETTINGS)
    if ok:
        assert convert(value) is not None
    else:
        with pytest.raises(BadValue, match="too large"):
            convert(value)
