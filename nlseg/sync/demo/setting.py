"""The setting every demo table is generated in, and the seeded helpers they all use.

Determinism rests here: each table draws from its own ``random.Random`` seeded from
``(seed, table)``, so adding draws to one table never shifts another. Times are integer
seconds from the start of the three-year window (whole seconds, naive UTC) and only become
datetimes when a row is written.
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect_right
from collections.abc import Callable, Sequence
from decimal import Decimal
from itertools import accumulate

from nlseg.sync import vocab as v

DAY = 86_400
WINDOW_DAYS = 1095  # three years before the as-of date
RECENT_DAYS = 90


class Setting:
    """How many contacts, which seed, and the time window that ends on the as-of date."""

    def __init__(self, *, contacts: int, seed: int, as_of: dt.date) -> None:
        self.n_contacts = contacts
        self.seed = seed
        self.as_of = as_of
        self.start_date = as_of - dt.timedelta(days=WINDOW_DAYS)
        self.start_dt = dt.datetime.combine(self.start_date, dt.time())
        self.t_end = WINDOW_DAYS * DAY + DAY - 1  # as_of 23:59:59
        self.t_recent = self.t_end + 1 - RECENT_DAYS * DAY

    def rng(self, name: str) -> random.Random:
        """The random stream of one table (or one planning step)."""
        return random.Random(f"nlseg-demo:{self.seed}:{name}")

    def ts(self, seconds: int) -> dt.datetime:
        return self.start_dt + dt.timedelta(0, seconds)

    def clock(self) -> Callable[[int], dt.datetime]:
        """A fast ``ts`` for hot loops (no attribute look-ups, positional timedelta)."""
        start, delta = self.start_dt, dt.timedelta

        def ts(seconds: int) -> dt.datetime:
            return start + delta(0, seconds)

        return ts

    def day(self, seconds: int) -> dt.date:
        return self.start_date + dt.timedelta(days=seconds // DAY)

    def seconds(self, day: dt.date) -> int:
        """The start (00:00:00) of ``day`` in window seconds."""
        return (day - self.start_date).days * DAY


class Pick:
    """Weighted choice from a fixed list with a caller's Random (``items[bisect(cum, u)]``)."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, items: Sequence, weights: Sequence[float]) -> None:
        self.items = tuple(items)
        self.cum = list(accumulate(weights))
        self.total = self.cum[-1]

    def __call__(self, rng: random.Random):
        return self.items[bisect_right(self.cum, rng.random() * self.total)]


# Where a company, a person or an event is, by the weight of each market.
pick_country = Pick(v.COUNTRIES, v.COUNTRY_WEIGHTS)


def money(units: int) -> Decimal:
    """Whole currency units as a NUMERIC(14, 2) value."""
    return Decimal(units * 100).scaleb(-2)
