"""Numbers as marketers write them: "50k", "1,000", "10 million", "$2.5m", "three", "twice"."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from nlseg.translate.offline.tokens import Token

UNITS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "dozen": 12,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "k": 1_000,
    "million": 1_000_000,
    "mn": 1_000_000,
    "m": 1_000_000,
    "mm": 1_000_000,
    "billion": 1_000_000_000,
    "bn": 1_000_000_000,
    "b": 1_000_000_000,
}
TIMES = {"once": 1, "twice": 2, "thrice": 3}
CURRENCY = {"dollars", "dollar", "usd", "eur", "euros", "euro", "gbp", "pounds", "bucks"}

_DIGITS = re.compile(r"^[$€£]?(\d+(?:,\d{3})*(?:\.\d+)?)(k|m|mm|bn|b)?(\+)?(%)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Number:
    value: int | float
    length: int  # tokens used
    plus: bool = False  # "100+": at least
    times: bool = False  # "twice", "3 times": a count of events
    scale: int = 1  # the multiplier written ("50k", "10 million"): 1 when none


def _clean(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _digits(token: Token) -> tuple[float, bool, int] | None:
    match = _DIGITS.match(token.text)
    if not match:
        return None
    value = float(match.group(1).replace(",", ""))
    scale = SCALES[match.group(2).lower()] if match.group(2) else 1
    return value * scale, bool(match.group(3)), scale


def _words(tokens: Sequence[Token], i: int) -> tuple[float, int] | None:
    """Spelled-out numbers: "three", "twenty five", "a dozen", "a hundred"."""
    j, total = i, 0.0
    if (
        tokens[j].norm in ("a", "an")
        and j + 1 < len(tokens)
        and tokens[j + 1].norm
        in (
            "dozen",
            "hundred",
            "thousand",
            "million",
        )
    ):
        total, j = (12.0 if tokens[j + 1].norm == "dozen" else SCALES[tokens[j + 1].norm]), j + 2
        return total, j - i
    word = tokens[j].norm
    if word in TENS:
        total = TENS[word]
        j += 1
        if j < len(tokens) and tokens[j].norm in UNITS and UNITS[tokens[j].norm] < 10:
            total += UNITS[tokens[j].norm]
            j += 1
    elif word in UNITS:
        total = UNITS[word]
        j += 1
    else:
        return None
    return total, j - i


def parse_number(tokens: Sequence[Token], i: int) -> Number | None:
    """The number starting at ``tokens[i]``, with any scale word and currency after it."""
    token = tokens[i]
    if token.norm in TIMES:
        return Number(TIMES[token.norm], 1, times=True)
    plus, scale = False, 1
    if token.kind == "number":
        parsed = _digits(token)
        if parsed is None:
            return None
        value, plus, scale = parsed
        j = i + 1
    elif token.kind == "word":
        parsed_words = _words(tokens, i)
        if parsed_words is None:
            return None
        value, used = parsed_words
        j = i + used
    else:
        return None
    while j < len(tokens) and tokens[j].norm in SCALES and tokens[j].kind == "word":
        value *= SCALES[tokens[j].norm]
        scale *= SCALES[tokens[j].norm]
        j += 1
    if j < len(tokens) and tokens[j].norm == "+" and tokens[j].start == tokens[j - 1].end:
        plus, j = True, j + 1
    if j < len(tokens) and tokens[j].norm in CURRENCY:
        j += 1
    times = False
    if j < len(tokens) and tokens[j].norm in ("times", "x", "time"):
        times, j = True, j + 1
    return Number(_clean(value), j - i, plus=plus, times=times, scale=scale)
