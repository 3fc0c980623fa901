"""Numbers in ranges and OR-ranges: a unit written once applies to both ends, a second
comparison after "or" keeps the field, counts may be a range, "between or equals"."""

from __future__ import annotations

import pytest
from trees import AND, OR, REL, C, assert_reads_as

from nlseg.catalog import standard_catalog
from nlseg.clock import Clock
from nlseg.translate.offline import OfflineTranslator

CATALOG = standard_catalog()
CLOCK = Clock.at("2026-11-01")
TRANSLATOR = OfflineTranslator()
REV, EMP, SCORE = "account.annual_revenue", "account.employee_count", "contact.behavior_score"
MEETING = C("activity.activity_type", "in", ["meeting"])


def between(field, low, high):
    return C(field, "between", {"low": low, "high": high})


def meetings(q, n):
    return REL("activities", q, n, where=MEETING)


CASES = [
    ("20-100M revenue", between(REV, 20_000_000, 100_000_000)),
    ("revenue between 5 and 20 million", between(REV, 5_000_000, 20_000_000)),
    ("1.5-3k employees", between(EMP, 1_500, 3_000)),
    ("revenue between 500k and 2M", between(REV, 500_000, 2_000_000)),  # each end its own
    ("between 10 and 50 employees", between(EMP, 10, 50)),  # no unit: as written
    ("a score under 15 or over 90", OR(C(SCORE, "lt", 15), C(SCORE, "gt", 90))),
    ("score over 90 or under 15", OR(C(SCORE, "lt", 15), C(SCORE, "gt", 90))),
    ("under 50 employees or over 5000 employees", OR(C(EMP, "lt", 50), C(EMP, "gt", 5000))),
    ("a score of 40 or over", C(SCORE, "gte", 40)),  # "or over" after the number: at least
    ("score is between or equals 40 and 60", between(SCORE, 40, 60)),
    ("score between 40 and 60 inclusive", between(SCORE, 40, 60)),
    ("2 to 5 meetings", AND(meetings("at_least", 2), meetings("at_most", 5))),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_ranges(text, expected):
    assert_reads_as(text, expected)
