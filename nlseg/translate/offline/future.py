"""The future: predictions ("likely to buy", "will churn") and windows ahead of today ("in the
next 30 days", "next quarter", "upcoming", "tomorrow").

The store records what happened, so neither can select people by what they *do*: the
grammar reports such a phrase as unparsed, with the behaviour it is about (see
:mod:`nlseg.translate.offline.unanswerable`). A window can still select a *planned* day —
a deal's close date, a campaign's start date — so each window carries the days it covers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from nlseg.catalog import Op
from nlseg.clock import period_range, shift_months
from nlseg.translate.offline import vocabulary as vocab
from nlseg.translate.offline.dates import PERIOD_UNITS, UNIT_WORDS, DateSense, parse_span
from nlseg.translate.offline.kinds import FutureKind
from nlseg.translate.offline.numbers import TENS, UNITS
from nlseg.translate.offline.tokens import Token
from nlseg.tree.models import Period, Range, RelativeSpan, Unit

_VAGUE_AMOUNTS = ("few", "several", "couple", "couple of", "many")
_REST = ("the rest of the", "the rest of this", "the remainder of the", "rest of the")
_ALONE = ("next", "upcoming")  # before a noun: "our next webinar", "the upcoming event"


@dataclass(frozen=True)
class Future:
    """A prediction, or a window ahead of today with the days it covers (for planned dates)."""

    kind: FutureKind
    length: int  # tokens used
    senses: tuple[DateSense, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", FutureKind(self.kind))


class _Phrases:
    """Phrases looked up by their words (fast: this runs at every position of a request)."""

    def __init__(self, phrases: Sequence[str]):
        self.keys = {tuple(p.split()) for p in phrases}
        self.first = {k[0] for k in self.keys}
        self.lengths = sorted({len(k) for k in self.keys}, reverse=True)

    def longest(self, tokens: Sequence[Token], i: int) -> int:
        """Tokens taken by the longest phrase at ``tokens[i]`` (0: none)."""
        if i >= len(tokens) or tokens[i].norm not in self.first:
            return 0
        for length in self.lengths:
            if (
                i + length <= len(tokens)
                and tuple(t.norm for t in tokens[i : i + length]) in self.keys
            ):
                return length
        return 0


_PREDICTIONS = _Phrases(vocab.PREDICTIONS)
_NEXT = _Phrases(vocab.NEXT_WORDS)
_FUTURE_WORDS = _Phrases(vocab.FUTURE_WORDS)
_OPENERS = _Phrases(vocab.FUTURE_OPENERS)
_VAGUE = _Phrases(_VAGUE_AMOUNTS)
_LATER = _Phrases(("later this", *_REST))
_STARTS = frozenset(
    (
        *_PREDICTIONS.first,
        *_NEXT.first,
        *_FUTURE_WORDS.first,
        *_OPENERS.first,
        *_LATER.first,
        *(*UNITS, *TENS, "a", "an"),  # "two weeks from now", "a month from now"
    )
)


def _words(tokens: Sequence[Token], i: int, phrase: str) -> int:
    parts = phrase.split()
    if i + len(parts) > len(tokens):
        return 0
    return len(parts) if all(tokens[i + k].norm == p for k, p in enumerate(parts)) else 0


def _between(low: dt.date, high: dt.date) -> DateSense:
    return DateSense(Op.BETWEEN, Range(low=low, high=high), f"between {low} and {high}")


def _after(today: dt.date) -> DateSense:
    return DateSense(Op.AFTER, today, f"after {today}")


def _ahead(today: dt.date, span: RelativeSpan) -> dt.date:
    if span.unit is Unit.DAY:
        return today + dt.timedelta(days=span.amount)
    if span.unit is Unit.WEEK:
        return today + dt.timedelta(weeks=span.amount)
    months = span.amount * (12 if span.unit is Unit.YEAR else 1)
    return shift_months(today, months)


def next_period(today: dt.date, unit: str) -> DateSense:
    """The calendar period after the current one: "next quarter"."""
    _, start = period_range(today, Period(f"this_{unit}"))
    if unit == "week":
        end = start + dt.timedelta(days=7)
    else:
        end = shift_months(start, {"month": 1, "quarter": 3, "year": 12}[unit])
    return _between(start, end - dt.timedelta(days=1))


def _rest_of(today: dt.date, unit: str, skip: int) -> DateSense:
    """The days left in the current period ("later this year", "the rest of the quarter")."""
    _, end = period_range(today, Period(f"this_{unit}"))
    return _between(today + dt.timedelta(days=skip), end - dt.timedelta(days=1))


def _window(tokens: Sequence[Token], i: int, today: dt.date) -> Future | None:
    """ "(in) the next 30 days", "next quarter", "the coming weeks", "our next webinar"."""
    j = i + _OPENERS.longest(tokens, i)
    used = _NEXT.longest(tokens, j)
    if not used:
        return None
    word = tokens[j + used - 1].norm
    k = j + used
    vague = _VAGUE.longest(tokens, k)
    if vague and k + vague < len(tokens) and tokens[k + vague].norm in UNIT_WORDS:
        return Future("window", k + vague + 1 - i, (_after(today),))
    if k < len(tokens) and tokens[k].norm in UNIT_WORDS and tokens[k].norm.endswith("s"):
        return Future("window", k + 1 - i, (_after(today),))  # "the coming weeks": how long?
    if k < len(tokens) and tokens[k].norm in PERIOD_UNITS:
        sense = next_period(today, PERIOD_UNITS[tokens[k].norm])
        if tokens[i].norm == "by":  # "by next quarter": from today to its end
            sense = _between(today, sense.value.high)
        return Future("window", k + 1 - i, (sense,))
    span = parse_span(tokens, k)
    if span is not None:
        return Future("window", k + span[1] - i, (_between(today, _ahead(today, span[0])),))
    if j == i and word in _ALONE:
        return Future("window", k - i, (_after(today),))
    return None


def _other_window(tokens: Sequence[Token], i: int, today: dt.date) -> Future | None:
    """ "tomorrow", "upcoming", "30 days from now", "later this year", "the rest of the year"."""
    if _words(tokens, i, "the day after tomorrow"):
        return Future("window", 4, (_between(today, today + dt.timedelta(days=2)),))
    if _words(tokens, i, "tomorrow"):
        day = today + dt.timedelta(days=1)
        return Future("window", 1, (DateSense(Op.ON, day, f"on {day}"),))
    used = _FUTURE_WORDS.longest(tokens, i)
    if used:
        return Future("window", used, (_after(today),))
    span = parse_span(tokens, i)
    if span is not None and _words(tokens, i + span[1], "from now"):
        day = _ahead(today, span[0])
        return Future("window", span[1] + 2, (DateSense(Op.ON, day, f"on {day}"),))
    n = _LATER.longest(tokens, i)
    if n and i + n < len(tokens) and tokens[i + n].norm in PERIOD_UNITS:
        skip = 1 if tokens[i].norm == "later" else 0  # "later this year": from tomorrow
        return Future("window", n + 1, (_rest_of(today, PERIOD_UNITS[tokens[i + n].norm], skip),))
    return None


def _prediction(tokens: Sequence[Token], i: int) -> Future | None:
    used = _PREDICTIONS.longest(tokens, i)
    if not used:
        return None
    if tokens[i].norm == "will" and i > 0 and tokens[i].is_capitalised:
        return None  # "owned by Will Turner": a name
    return Future("prediction", used)


def parse_future(tokens: Sequence[Token], i: int, today: dt.date) -> Future | None:
    """The longest prediction or future window starting at ``tokens[i]``, or None."""
    if tokens[i].norm not in _STARTS and tokens[i].kind != "number":
        return None  # only "30 days from now" starts with something else
    found = [
        f
        for f in (
            _window(tokens, i, today),
            _other_window(tokens, i, today),
            _prediction(tokens, i),
        )
        if f is not None
    ]
    return max(found, key=lambda f: f.length) if found else None
