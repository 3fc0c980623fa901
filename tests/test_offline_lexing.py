"""The offline translator's building blocks: tokens, numbers, date phrases, the lexicon."""

from __future__ import annotations

import datetime as dt

import pytest

from nlseg.catalog import Op, build_catalog, standard_catalog
from nlseg.store import create_schema, make_engine, schema
from nlseg.translate.offline.dates import parse_date
from nlseg.translate.offline.lexicon import build_lexicon
from nlseg.translate.offline.numbers import parse_number
from nlseg.translate.offline.tokens import singular, tokenize
from nlseg.tree.models import Period, Range, RelativeSpan

TODAY = dt.date(2026, 11, 1)


@pytest.mark.parametrize(
    ("text", "norms"),
    [
        ("VPs in the U.S.", ["vps", "in", "the", "us"]),
        ("haven't opened", ["haven't", "opened"]),
        ("beta-tester, C-level", ["beta-tester", ",", "c-level"]),
        ("title contains 'Head of'", ["title", "contains", "head of"]),
        ("company's deals", ["company", "deals"]),
        ("score >= 50", ["score", ">=", "50"]),
    ],
)
def test_tokens(text, norms):
    tokens = tokenize(text)
    assert [t.norm for t in tokens] == norms
    assert all(text[t.start : t.end] == t.text for t in tokens)


@pytest.mark.parametrize(
    ("word", "one"),
    [("vps", "vp"), ("companies", "company"), ("mqls", "mql"), ("boxes", "box"), ("us", "us")],
)
def test_singular(word, one):
    assert singular(word) == one


@pytest.mark.parametrize(
    ("text", "value", "length"),
    [
        ("50k", 50_000, 1),
        ("1,000", 1000, 1),
        ("10 million", 10_000_000, 2),
        ("$2.5m", 2_500_000, 1),
        ("three", 3, 1),
        ("twenty five", 25, 2),
        ("a dozen", 12, 2),
        ("1.5 billion", 1_500_000_000, 2),
        ("100 dollars", 100, 2),
    ],
)
def test_numbers(text, value, length):
    number = parse_number(tokenize(text), 0)
    assert (number.value, number.length) == (value, length)


@pytest.mark.parametrize(
    ("text", "plus", "times"),
    [("500+", True, False), ("twice", False, True), ("3 times", False, True)],
)
def test_number_flags(text, plus, times):
    number = parse_number(tokenize(text), 0)
    assert (number.plus, number.times) == (plus, times)


def span(n: int, unit: str = "day") -> RelativeSpan:
    return RelativeSpan(amount=n, unit=unit)


@pytest.mark.parametrize(
    ("text", "op", "value"),
    [
        ("in the last 90 days", Op.IN_LAST, span(90)),
        ("past week", Op.IN_LAST, span(1, "week")),
        ("over the last 2 weeks", Op.IN_LAST, span(2, "week")),
        ("within 30 days", Op.IN_LAST, span(30)),
        ("in 60 days", Op.IN_LAST, span(60)),
        ("in the past 3 months", Op.IN_LAST, span(3, "month")),
        ("last quarter", Op.IN_PERIOD, Period.LAST_QUARTER),
        ("last month", Op.IN_PERIOD, Period.LAST_MONTH),
        ("this year", Op.IN_PERIOD, Period.THIS_YEAR),
        ("this quarter", Op.IN_PERIOD, Period.THIS_QUARTER),
        ("year to date", Op.IN_PERIOD, Period.THIS_YEAR),
        ("since March", Op.AFTER, dt.date(2026, 2, 28)),
        ("since 1 March 2025", Op.AFTER, dt.date(2025, 2, 28)),
        ("before 2025", Op.BEFORE, dt.date(2025, 1, 1)),
        ("until March", Op.BEFORE, dt.date(2026, 4, 1)),
        ("after 2025", Op.AFTER, dt.date(2025, 12, 31)),
        (
            "between March 1 and April 15 2026",
            Op.BETWEEN,
            Range(low=dt.date(2026, 3, 1), high=dt.date(2026, 4, 15)),
        ),
        (
            "from Jan 2025 to March 2025",
            Op.BETWEEN,
            Range(low=dt.date(2025, 1, 1), high=dt.date(2025, 3, 31)),
        ),
        ("in December", Op.BETWEEN, Range(low=dt.date(2025, 12, 1), high=dt.date(2025, 12, 31))),
        ("in Q3", Op.BETWEEN, Range(low=dt.date(2026, 7, 1), high=dt.date(2026, 9, 30))),
        # "from" a period is in it (since is the alternative); "from" a day is since it
        ("from Q2", Op.BETWEEN, Range(low=dt.date(2026, 4, 1), high=dt.date(2026, 6, 30))),
        ("from March 3 2025", Op.AFTER, dt.date(2025, 3, 2)),
        ("in 2025", Op.BETWEEN, Range(low=dt.date(2025, 1, 1), high=dt.date(2025, 12, 31))),
        ("on 2026-03-01", Op.ON, dt.date(2026, 3, 1)),
        ("yesterday", Op.ON, dt.date(2026, 10, 31)),
        ("more than 6 months ago", Op.MORE_THAN_AGO, span(6, "month")),
        ("over 90 days ago", Op.MORE_THAN_AGO, span(90)),
        ("older than a year", Op.MORE_THAN_AGO, span(1, "year")),
        ("less than a week ago", Op.IN_LAST, span(1, "week")),
    ],
)
def test_dates(text, op, value):
    tokens = tokenize(text)
    match = parse_date(tokens, 0, TODAY)
    assert match.length == len(tokens)
    assert (match.senses[0].op, match.senses[0].value) == (op, value)


@pytest.mark.parametrize("text", ["last 3 campaigns", "in Germany", "3 meetings", "May"])
def test_not_dates(text):
    assert parse_date(tokenize(text), 0, TODAY) is None


def test_calendar_last_month_offers_the_rolling_month():
    match = parse_date(tokenize("last month"), 0, TODAY)
    assert [s.op for s in match.senses] == [Op.IN_PERIOD, Op.IN_LAST]


def test_lexicon_reads_custom_fields_and_new_values_from_the_catalog(tmp_path):
    """A custom field and a picklist value found only in the data need no code changes."""
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    create_schema(engine)
    with engine.begin() as conn:
        conn.execute(
            schema.field_definitions.insert(),
            [
                {
                    "key": "favourite_colour",
                    "label": "Favourite Colour",
                    "entity": "contact",
                    "data_type": "picklist",
                    "allow_push": False,
                }
            ],
        )
        conn.execute(
            schema.contacts.insert(),
            [
                {
                    "id": 1,
                    "external_id": "c1",
                    "country": "Portugal",
                    "custom": {"favourite_colour": "Teal"},
                }
            ],
        )
    lexicon = build_lexicon(build_catalog(engine))
    match = lexicon.match(tokenize("favourite colour"), 0)
    assert [s.field for s in match.senses] == ["contact.custom.favourite_colour"]
    teal = lexicon.match(tokenize("teal"), 0)
    assert [(s.field, s.value) for s in teal.senses] == [
        ("contact.custom.favourite_colour", "Teal")
    ]
    portugal = lexicon.match(tokenize("Portugal"), 0)
    assert ("contact.country", "Portugal") in [(s.field, s.value) for s in portugal.senses]


def test_near_misses_need_one_clear_winner():
    lexicon = build_lexicon(standard_catalog())
    assert lexicon.near_miss(tokenize("Germnay")[0]).corrected == "germany"
    assert lexicon.near_miss(tokenize("xylophone")[0]) is None


@pytest.mark.parametrize(
    ("text", "norms"),
    [
        ("sales mgrs this qtr", ["sales", "managers", "this", "quarter"]),
        ("last 14d", ["last", "14", "days"]),
        ("over 3 yrs", ["over", "3", "years"]),
        ("d", ["d"]),  # a unit letter only right after a number
        ("HR dept", ["hr", "department"]),
    ],
)
def test_short_forms_are_looked_up_as_their_words(text, norms):
    tokens = tokenize(text)
    assert [t.norm for t in tokens] == norms
    assert "".join(t.text for t in tokens).replace(" ", "") == text.replace(" ", "")
