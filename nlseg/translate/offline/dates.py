"""Date phrases → date operators of :mod:`nlseg.clock` (in_last, more_than_ago, in_period, before,
after, on, between).

Relative phrases stay relative ("in the last 90 days" is ``in_last 90 day``), so a saved
segment keeps moving with the clock. Absolute phrases become days: a month or a year
without its year is the most recent one that has started by the as-of date ("since March"
in November 2026 is since 2026-03-01). "last month" alone is the calendar month; "in the
last month" is the rolling month — the first is reported as an assumption with the second
as its alternative.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from nlseg.catalog import Op
from nlseg.clock import period_range, shift_months
from nlseg.translate.offline.numbers import parse_number
from nlseg.translate.offline.tokens import Token
from nlseg.tree.models import Period, Range, RelativeSpan, Unit, Value

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
UNIT_WORDS = {
    "day": (Unit.DAY, 1), "days": (Unit.DAY, 1), "d": (Unit.DAY, 1),
    "week": (Unit.WEEK, 1), "weeks": (Unit.WEEK, 1), "wk": (Unit.WEEK, 1), "wks": (Unit.WEEK, 1),
    "month": (Unit.MONTH, 1), "months": (Unit.MONTH, 1), "mo": (Unit.MONTH, 1),
    "mos": (Unit.MONTH, 1), "mth": (Unit.MONTH, 1), "mths": (Unit.MONTH, 1),
    "quarter": (Unit.MONTH, 3), "quarters": (Unit.MONTH, 3),
    "year": (Unit.YEAR, 1), "years": (Unit.YEAR, 1), "yr": (Unit.YEAR, 1), "yrs": (Unit.YEAR, 1),
    "hours": (None, 1), "hrs": (None, 1),
}  # fmt: skip
PERIOD_UNITS = {"week": "week", "month": "month", "quarter": "quarter", "year": "year"}
RECENT = ("last", "past", "previous", "prior", "recent", "preceding")
OPENERS = ("in", "within", "over", "during", "for", "from", "of", "inside")
# "before March" is before its first day; "until March" includes it.
BEFORE = {
    "before": "start", "prior to": "start", "earlier than": "start", "until": "end",
    "till": "end", "through": "end", "up to": "end", "by": "end", "no later than": "end",
}  # fmt: skip
AFTER = ("after", "later than")
SINCE = ("since", "starting", "as of")
MORE_AGO = ("more than", "over", "at least", "longer than", "older than", "greater than")
LESS_AGO = ("less than", "under", "within", "fewer than", "no more than")
# Other words of date phrases (for spelling correction: "yesterdy", "betwen").
OTHER_WORDS = (
    "ago", "back", "today", "yesterday", "recently", "lately", "recent", "this", "current",
    "so far", "to date", "start", "beginning", "between", "during", "quarter", "year to date",
)  # fmt: skip


@dataclass(frozen=True)
class DateSense:
    """One reading of a date phrase: an operator of the date operator table and its value."""

    op: Op
    value: Value
    label: str


@dataclass(frozen=True)
class DateMatch:
    length: int
    senses: tuple[DateSense, ...]  # the first is the documented default


@dataclass(frozen=True)
class _Day:
    """An absolute date phrase: the first and last day it covers."""

    first: dt.date
    last: dt.date
    length: int
    has_year: bool


def _words(tokens: Sequence[Token], i: int, phrase: str) -> int:
    """How many tokens ``phrase`` takes at ``i`` (0 when it does not match)."""
    parts = phrase.split()
    if i + len(parts) > len(tokens):
        return 0
    return len(parts) if all(tokens[i + k].norm == p for k, p in enumerate(parts)) else 0


def _first_of(tokens: Sequence[Token], i: int, phrases) -> tuple[str, int] | None:
    for phrase in sorted(phrases, key=lambda p: -len(p.split())):
        n = _words(tokens, i, phrase)
        if n:
            return phrase, n
    return None


def _span_label(span: RelativeSpan) -> str:
    unit = Unit(span.unit).value
    return f"{span.amount} {unit}{'s' if span.amount != 1 else ''}"


def parse_span(tokens: Sequence[Token], i: int) -> tuple[RelativeSpan, int] | None:
    """An amount of time: "90 days", "6 months", "a week", "two quarters"."""
    if i >= len(tokens):
        return None
    amount, used = 1, 0
    if tokens[i].norm in ("a", "an", "one"):
        used = 1
    else:
        number = parse_number(tokens, i)
        if number is not None and not number.times and isinstance(number.value, int):
            amount, used = number.value, number.length
    j = i + used
    if j < len(tokens) and tokens[j].norm == "-" and used:
        j += 1  # "90-day"
    if j >= len(tokens) or tokens[j].norm not in UNIT_WORDS:
        return None
    unit, factor = UNIT_WORDS[tokens[j].norm]
    if unit is None:  # hours: whole days only ("in the last 48 hours")
        if amount % 24:
            return None
        unit, amount, factor = Unit.DAY, amount // 24, 1
    if amount < 1 or amount * factor > 3650:
        return None
    return RelativeSpan(amount=amount * factor, unit=unit), j + 1 - i


def _year(token: Token) -> int | None:
    if token.kind == "number" and token.text.isdigit() and len(token.text) == 4:
        year = int(token.text)
        return year if 1990 <= year <= 2100 else None
    return None


def _day_number(token: Token) -> int | None:
    text = token.norm
    if token.kind == "ordinal":
        text = text[:-2]
    if token.kind in ("number", "ordinal") and text.isdigit() and 1 <= int(text) <= 31:
        return int(text)
    return None


def _latest_year(month: int, day: int, today: dt.date) -> int:
    """The year of the most recent ``month``/``day`` that is not after ``today``."""
    return today.year if (month, day) <= (today.month, today.day) else today.year - 1


def _month_end(year: int, month: int) -> dt.date:
    return shift_months(dt.date(year, month, 1), 1) - dt.timedelta(days=1)


def _absolute(tokens: Sequence[Token], i: int, today: dt.date) -> _Day | None:
    """An absolute day, month, quarter or year at ``i``."""
    if i >= len(tokens):
        return None
    t = tokens[i]
    if t.kind == "isodate":
        try:
            day = dt.date.fromisoformat(t.text)
        except ValueError:
            return None
        return _Day(day, day, 1, True)
    year = _year(t)
    if year is not None:
        return _Day(dt.date(year, 1, 1), dt.date(year, 12, 31), 1, True)
    if t.norm in ("q1", "q2", "q3", "q4"):
        quarter = int(t.norm[1])
        j = i + 1
        has_year = j < len(tokens) and _year(tokens[j]) is not None
        q_year = _year(tokens[j]) if has_year else None
        if q_year is None:
            q_year = _latest_year(3 * quarter - 2, 1, today)
        first = dt.date(q_year, 3 * quarter - 2, 1)
        return _Day(first, shift_months(first, 3) - dt.timedelta(days=1), j + has_year - i, True)
    # "1 March", "1st of March"
    day_first = _day_number(t)
    if day_first is not None:
        j = i + 1 + (i + 1 < len(tokens) and tokens[i + 1].norm == "of")
        if j < len(tokens) and tokens[j].norm in MONTHS:
            return _with_year(tokens, j + 1, MONTHS[tokens[j].norm], day_first, i, today)
        return None
    if t.norm in MONTHS and t.kind == "word":
        month = MONTHS[t.norm]
        j = i + 1
        if j < len(tokens):
            day = _day_number(tokens[j])
            if day is not None and _year(tokens[j]) is None:
                return _with_year(tokens, j + 1, month, day, i, today)
        k = j + (j < len(tokens) and tokens[j].norm == "of")
        if k < len(tokens) and _year(tokens[k]) is not None:
            year = _year(tokens[k])
            return _Day(dt.date(year, month, 1), _month_end(year, month), k + 1 - i, True)
        year = _latest_year(month, 1, today)
        return _Day(dt.date(year, month, 1), _month_end(year, month), j - i, False)
    return None


def _with_year(tokens, j: int, month: int, day: int, i: int, today: dt.date) -> _Day | None:
    if j < len(tokens) and tokens[j].norm == ",":
        j += 1 if j + 1 < len(tokens) and _year(tokens[j + 1]) is not None else 0
    year = _year(tokens[j]) if j < len(tokens) else None
    has_year = year is not None
    if year is None:
        year = _latest_year(month, day, today)
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    return _Day(date, date, j + has_year - i, has_year)


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _between(first: _Day, last: _Day) -> DateSense:
    low, high = first.first, last.last
    if not first.has_year and last.has_year and low.year != high.year:
        low = low.replace(year=high.year)
    if low > high and not first.has_year:
        low = low.replace(year=high.year - 1)
    return DateSense(Op.BETWEEN, Range(low=low, high=high), f"between {_iso(low)} and {_iso(high)}")


def _covering(day: _Day) -> DateSense:
    if day.first == day.last:
        return DateSense(Op.ON, day.first, f"on {_iso(day.first)}")
    return DateSense(
        Op.BETWEEN,
        Range(low=day.first, high=day.last),
        f"between {_iso(day.first)} and {_iso(day.last)}",
    )


def _period(which: str, unit: str) -> DateSense:
    period = Period(f"{which}_{unit}")
    return DateSense(Op.IN_PERIOD, period, period.value.replace("_", " "))


def _rolling(span: RelativeSpan) -> DateSense:
    return DateSense(Op.IN_LAST, span, f"in the last {_span_label(span)}")


def _relative(tokens: Sequence[Token], i: int) -> DateMatch | None:
    """Windows counted back from today: "in the last 90 days", "past week", "last month"."""
    j = i
    opener = tokens[j].norm in OPENERS
    j += opener
    article = j < len(tokens) and tokens[j].norm == "the"
    j += article
    if j >= len(tokens):
        return None
    word = tokens[j].norm
    if word in RECENT:
        if j + 1 < len(tokens) and tokens[j + 1].norm in PERIOD_UNITS:
            unit = PERIOD_UNITS[tokens[j + 1].norm]
            amount, kind = (3, Unit.MONTH) if unit == "quarter" else (1, Unit(unit))
            rolling = _rolling(RelativeSpan(amount=amount, unit=kind))
            length = j + 2 - i
            if word == "last" and not article and tokens[i].norm not in ("within", "over"):
                return DateMatch(length, (_period("last", unit), rolling))
            if word in ("previous", "prior", "preceding") and not opener:
                return DateMatch(length, (_period("last", unit),))
            return DateMatch(length, (rolling,))
        span = parse_span(tokens, j + 1)
        if span is not None:
            return DateMatch(j + 1 + span[1] - i, (_rolling(span[0]),))
        return None
    if word in ("this", "current") and j + 1 < len(tokens) and tokens[j + 1].norm in PERIOD_UNITS:
        length = j + 2 - i
        length += _words(tokens, i + length, "so far") or _words(tokens, i + length, "to date")
        return DateMatch(length, (_period("this", PERIOD_UNITS[tokens[j + 1].norm]),))
    if opener and not article and tokens[i].norm in ("in", "within", "for", "inside", "over"):
        span = parse_span(tokens, j)
        if span is not None and not _words(tokens, j + span[1], "ago"):
            return DateMatch(j + span[1] - i, (_rolling(span[0]),))
    return None


def _ago(tokens: Sequence[Token], i: int) -> DateMatch | None:
    """Spans counted back: "more than 6 months ago", "older than 90 days", "2 years ago"."""
    more = _first_of(tokens, i, MORE_AGO)
    less = None if more else _first_of(tokens, i, LESS_AGO)
    j = i + (more[1] if more else less[1] if less else 0)
    span = parse_span(tokens, j)
    if span is None:
        return None
    k = j + span[1]
    ago = _words(tokens, k, "ago") or _words(tokens, k, "back")
    older = more is not None and more[0] in ("older than", "longer than")
    if not ago and not older:
        return None
    if less is not None:
        return DateMatch(k + ago - i, (_rolling(span[0]),))
    sense = DateSense(Op.MORE_THAN_AGO, span[0], f"more than {_span_label(span[0])} ago")
    return DateMatch(k + ago - i, (sense,))


def _period_day(tokens: Sequence[Token], i: int, today: dt.date, bare=False) -> _Day | None:
    """A calendar period named relatively, as days: "last year", "this month", "the start of
    the year" (its first day)."""
    j = i + (i < len(tokens) and tokens[i].norm == "the")
    for start_words in (("start", "of"), ("beginning", "of")):
        if _words(tokens, j, " ".join(start_words)):
            inner = _period_day(tokens, j + 2, today, bare=True)
            if inner is None:
                return None
            return _Day(inner.first, inner.first, j + 2 - i + inner.length, True)
    if bare and j < len(tokens) and tokens[j].norm in PERIOD_UNITS:
        start, end = period_range(today, Period(f"this_{PERIOD_UNITS[tokens[j].norm]}"))
        return _Day(start, end - dt.timedelta(days=1), j + 1 - i, True)
    if j + 1 < len(tokens) and tokens[j].norm in ("last", "this", "previous", "current"):
        unit = PERIOD_UNITS.get(tokens[j + 1].norm)
        if unit is not None:
            which = "this" if tokens[j].norm in ("this", "current") else "last"
            start, end = period_range(today, Period(f"{which}_{unit}"))
            return _Day(start, end - dt.timedelta(days=1), j + 2 - i, True)
    return None


def _absolute_or_period(tokens: Sequence[Token], i: int, today: dt.date) -> _Day | None:
    return _absolute(tokens, i, today) or _period_day(tokens, i, today)


def _anchored(tokens: Sequence[Token], i: int, today: dt.date) -> DateMatch | None:
    """Phrases around absolute dates: since, before, after, on, in, between … and …."""
    if _words(tokens, i, "between") or tokens[i].norm == "from":
        first = _absolute(tokens, i + 1, today)
        if first is not None:
            j = i + 1 + first.length
            link = _first_of(tokens, j, ("and", "to", "until", "through", "till", "-"))
            if link is not None:
                last = _absolute(tokens, j + link[1], today)
                if last is not None:
                    return DateMatch(j + link[1] + last.length - i, (_between(first, last),))
            if tokens[i].norm == "from" and first.has_year:
                sense = DateSense(
                    Op.AFTER, first.first - dt.timedelta(days=1), f"since {_iso(first.first)}"
                )
                if first.first != first.last:  # "webinar no-shows from q3": in that period
                    return DateMatch(j - i, (_covering(first), sense))
                return DateMatch(j - i, (sense,))
        return None
    since = _first_of(tokens, i, SINCE)
    if since is not None:
        day = _absolute_or_period(tokens, i + since[1], today)
        if day is None:
            return None
        start = day.first
        sense = DateSense(Op.AFTER, start - dt.timedelta(days=1), f"since {_iso(start)}")
        return DateMatch(since[1] + day.length, (sense,))
    before = _first_of(tokens, i, BEFORE)
    if before is not None:
        day = _absolute_or_period(tokens, i + before[1], today)
        if day is None:
            return None
        edge = day.first if BEFORE[before[0]] == "start" else day.last + dt.timedelta(days=1)
        sense = DateSense(Op.BEFORE, edge, f"before {_iso(edge)}")
        return DateMatch(before[1] + day.length, (sense,))
    after = _first_of(tokens, i, AFTER)
    if after is not None:
        day = _absolute_or_period(tokens, i + after[1], today)
        if day is None:
            return None
        return DateMatch(
            after[1] + day.length, (DateSense(Op.AFTER, day.last, f"after {_iso(day.last)}"),)
        )
    if tokens[i].norm in ("on", "in", "during"):
        day = _absolute(tokens, i + 1, today)
        if day is not None:
            return DateMatch(1 + day.length, (_covering(day),))
        return None
    day = _absolute(tokens, i, today)
    # A bare month name ("may") is too ambiguous; a bare day, month-and-year or ISO date is not.
    if day is not None and (day.has_year or day.first == day.last):
        if tokens[i].kind == "number" and day.length == 1:
            return None  # a bare year like "2025" could be any number
        return DateMatch(day.length, (_covering(day),))
    return None


def _single_word(tokens: Sequence[Token], i: int, today: dt.date) -> DateMatch | None:
    word = tokens[i].norm
    if word == "today":
        return DateMatch(1, (DateSense(Op.ON, today, f"on {_iso(today)}"),))
    if word == "yesterday":
        day = today - dt.timedelta(days=1)
        return DateMatch(1, (DateSense(Op.ON, day, f"on {_iso(day)}"),))
    if word in ("recently", "lately") or (word == "recent" and _plain_recent(tokens, i)):
        return recently()
    if word in ("ytd",):
        return DateMatch(1, (_period("this", "year"),))
    if _words(tokens, i, "year to date"):
        return DateMatch(3, (_period("this", "year"),))
    if _words(tokens, i, "month to date") or word == "mtd":
        return DateMatch(3 if word != "mtd" else 1, (_period("this", "month"),))
    return None


def recently() -> DateMatch:
    """ "recently": the last 30 days by default; the last 7 or 90 days are alternatives."""
    spans = [RelativeSpan(amount=n, unit=Unit.DAY) for n in (30, 7, 90)]
    return DateMatch(1, tuple(_rolling(s) for s in spans))


def _plain_recent(tokens: Sequence[Token], i: int) -> bool:
    """ "recent" alone ("recent signups"), not "most recent" nor "recent 3 campaigns"."""
    before = tokens[i - 1].norm if i > 0 else ""
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    return before != "most" and (after is None or after.kind == "word")


def parse_date(tokens: Sequence[Token], i: int, today: dt.date) -> DateMatch | None:
    """The longest date phrase starting at ``tokens[i]``, or None."""
    found = [
        m
        for m in (
            _single_word(tokens, i, today),
            _relative(tokens, i),
            _ago(tokens, i),
            _anchored(tokens, i, today),
        )
        if m is not None
    ]
    return max(found, key=lambda m: m.length) if found else None


def resolved_label(sense: DateSense, today: dt.date) -> str:
    """A sense's label with the days it covers, for assumptions: "last month (2026-10-01 …)"."""
    if sense.op is Op.IN_PERIOD:
        start, end = period_range(today, sense.value)
        return f"{sense.label} ({_iso(start)} to {_iso(end - dt.timedelta(days=1))})"
    return sense.label
