"""Relative and absolute dates resolve to half-open day ranges against a frozen clock."""

from __future__ import annotations

import datetime as dt

import pytest

from nlseg.catalog import Op
from nlseg.clock import Clock, parse_as_of, shift_months
from nlseg.tree import Period, Range, RelativeSpan, Unit

D = dt.date
TODAY = D(2026, 11, 22)  # a Sunday


@pytest.mark.parametrize(
    ("op", "value", "expected"),
    [
        (Op.ON, D(2026, 3, 1), (D(2026, 3, 1), D(2026, 3, 2))),
        (Op.BEFORE, D(2026, 3, 1), (None, D(2026, 3, 1))),
        (Op.AFTER, D(2026, 3, 1), (D(2026, 3, 2), None)),
        (
            Op.BETWEEN,
            Range(low=D(2026, 3, 1), high=D(2026, 4, 15)),
            (D(2026, 3, 1), D(2026, 4, 16)),
        ),
        (Op.IN_LAST, RelativeSpan(amount=90), (D(2026, 8, 24), D(2026, 11, 23))),
        (Op.IN_LAST, RelativeSpan(amount=2, unit=Unit.WEEK), (D(2026, 11, 8), D(2026, 11, 23))),
        (Op.IN_LAST, RelativeSpan(amount=6, unit=Unit.MONTH), (D(2026, 5, 22), D(2026, 11, 23))),
        (Op.MORE_THAN_AGO, RelativeSpan(amount=1, unit=Unit.YEAR), (None, D(2025, 11, 22))),
        (Op.IN_PERIOD, Period.THIS_WEEK, (D(2026, 11, 16), D(2026, 11, 23))),
        (Op.IN_PERIOD, Period.LAST_WEEK, (D(2026, 11, 9), D(2026, 11, 16))),
        (Op.IN_PERIOD, Period.THIS_MONTH, (D(2026, 11, 1), D(2026, 12, 1))),
        (Op.IN_PERIOD, Period.LAST_MONTH, (D(2026, 10, 1), D(2026, 11, 1))),
        (Op.IN_PERIOD, Period.THIS_QUARTER, (D(2026, 10, 1), D(2027, 1, 1))),
        (Op.IN_PERIOD, Period.LAST_QUARTER, (D(2026, 7, 1), D(2026, 10, 1))),
        (Op.IN_PERIOD, Period.THIS_YEAR, (D(2026, 1, 1), D(2027, 1, 1))),
        (Op.IN_PERIOD, Period.LAST_YEAR, (D(2025, 1, 1), D(2026, 1, 1))),
    ],
)
def test_day_ranges(op, value, expected):
    assert Clock(TODAY).day_range(op, value) == expected


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
        (D(2024, 3, 31), -1, D(2024, 2, 29)),
        (D(2026, 1, 15), -1, D(2025, 12, 15)),
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
        (D(2026, 12, 1), 0, D(2026, 12, 1)),
    ],
)
def test_shift_months(day, months, expected):
    assert shift_months(day, months) == expected


def test_in_last_and_more_than_ago_are_complements():
    clock = Clock(TODAY)
    span = RelativeSpan(amount=30)
    start, _ = clock.day_range(Op.IN_LAST, span)
    _, end = clock.day_range(Op.MORE_THAN_AGO, span)
    assert start == end


def test_as_of_from_environment(monkeypatch):
    monkeypatch.setenv("NLSEG_AS_OF", "2025-06-30")
    assert parse_as_of() == D(2025, 6, 30)
    assert parse_as_of("2026-01-02") == D(2026, 1, 2)
    with pytest.raises(ValueError, match="not a date"):
        parse_as_of("soon")
