"""The one clock relative dates are resolved against.

nlseg works in whole days in UTC. "Today" is the as-of date: ``--as-of``, else
``NLSEG_AS_OF``, else the current UTC date. Every date operator resolves to a half-open
range of days ``[start, end)``; a missing bound is open. Timestamps in the store are
naive UTC, so a day starts at 00:00:00 UTC.

=====================  =========================================================
operator               days matched
=====================  =========================================================
on D                   [D, D+1)
before D               (…, D)
after D                [D+1, …)
between L and H        [L, H+1)              (both days included)
in_last N units        [today - N units, today+1)   (today and the N units before it)
more_than_ago N units  (…, today - N units)         (the exact complement of in_last,
                                                     for values up to today)
this/last week         ISO weeks, Monday first; this week = [Monday, Monday+7)
this/last month, quarter, year   calendar periods; "this" includes the days still ahead
=====================  =========================================================

Months and years are calendar steps: 31 March minus one month is 28 (or 29) February.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from nlseg.catalog import Op
from nlseg.tree.limits import FIRST_DAY, LAST_DAY, MAX_SPAN_YEARS
from nlseg.tree.models import Period, Range, RelativeSpan, Unit, Value

AS_OF_ENV = "NLSEG_AS_OF"

DayRange = tuple[dt.date | None, dt.date | None]


def parse_as_of(value: str | dt.date | None = None) -> dt.date:
    """The as-of date from an argument, ``NLSEG_AS_OF``, or the current UTC date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = value or os.environ.get(AS_OF_ENV)
    if text:
        try:
            day = dt.date.fromisoformat(text.strip()[:10])
        except ValueError:
            raise ValueError(f"As-of date '{text}' is not a date like 2026-11-01.") from None
        # a span reaches back at most MAX_SPAN_YEARS; periods and "on" reach a year ahead
        if not FIRST_DAY.year + MAX_SPAN_YEARS < day.year < LAST_DAY.year:
            raise ValueError(
                f"As-of date '{text}' is outside the years "
                f"{FIRST_DAY.year + MAX_SPAN_YEARS + 1} to {LAST_DAY.year - 1}."
            )
        return day
    return dt.datetime.now(dt.UTC).date()


def shift_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole calendar months, clamping to the month's last day."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    next_month = dt.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last_day))


def go_back(today: dt.date, span: RelativeSpan) -> dt.date:
    unit = Unit(span.unit)
    if unit is Unit.DAY:
        return today - dt.timedelta(days=span.amount)
    if unit is Unit.WEEK:
        return today - dt.timedelta(weeks=span.amount)
    if unit is Unit.MONTH:
        return shift_months(today, -span.amount)
    return shift_months(today, -12 * span.amount)


def period_range(today: dt.date, period: Period) -> tuple[dt.date, dt.date]:
    which, unit = Period(period).value.split("_")
    back = 1 if which == "last" else 0
    if unit == "week":
        start = today - dt.timedelta(days=today.weekday()) - dt.timedelta(weeks=back)
        return start, start + dt.timedelta(weeks=1)
    months = {"month": 1, "quarter": 3, "year": 12}[unit]
    if unit == "month":
        first = today.replace(day=1)
    elif unit == "quarter":
        first = dt.date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    else:
        first = dt.date(today.year, 1, 1)
    start = shift_months(first, -months * back)
    return start, shift_months(start, months)


def day_range(op: Op, value: Value, today: dt.date) -> DayRange:
    """The half-open range of days ``[start, end)`` a date operator selects."""
    one = dt.timedelta(days=1)
    if op is Op.ON:
        return value, value + one
    if op is Op.BEFORE:
        return None, value
    if op is Op.AFTER:
        return value + one, None
    if op is Op.BETWEEN:
        assert isinstance(value, Range)
        return value.low, value.high + one
    if op is Op.IN_LAST:
        return go_back(today, value), today + one
    if op is Op.MORE_THAN_AGO:
        return None, go_back(today, value)
    if op is Op.IN_PERIOD:
        return period_range(today, value)
    raise ValueError(f"'{op}' is not a date operator")


@dataclass(frozen=True)
class Clock:
    """A frozen "today" for resolving relative dates."""

    today: dt.date

    @classmethod
    def at(cls, as_of: str | dt.date | None = None) -> Clock:
        return cls(parse_as_of(as_of))

    def day_range(self, op: Op, value: Value) -> DayRange:
        return day_range(op, value, self.today)

    @property
    def end_of_today(self) -> dt.datetime:
        """The first instant after the as-of date: nothing at or after it has happened yet."""
        return dt.datetime.combine(self.today + dt.timedelta(days=1), dt.time())
