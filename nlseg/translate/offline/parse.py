"""One reading of a request: lex, read clauses, build the node; what was not understood."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from nlseg.catalog import Catalog
from nlseg.translate.offline.grammar import Choice, Reader
from nlseg.translate.offline.honesty import unparsed_spans
from nlseg.translate.offline.lexicon import Lexicon
from nlseg.translate.offline.logic import build
from nlseg.translate.offline.pieces import Lexed, lex


@dataclass
class Reading:
    lexed: Lexed
    node: Any = None  # a tree node (not yet normalised), or None
    unparsed: list[str] = field(default_factory=list)
    choices: list[Choice] = field(default_factory=list)
    corrections: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    instruction: str | None = None
    subjects_only: bool = False  # only "contacts"/"accounts": everyone, which is no segment


def read_lexed(lexed: Lexed, catalog: Catalog, overrides: dict[int, int] | None = None) -> Reading:
    reader = Reader(lexed, catalog, overrides)
    clauses, instruction = reader.clauses()
    reading = Reading(lexed, instruction=instruction)
    if instruction is not None:
        return reading
    part = build(clauses, reader)
    reading.node = part.node
    reading.unparsed = unparsed_spans(lexed, part.units, part.dropped)
    reading.choices = reader.choices
    reading.corrections = reader.corrections
    notes = [n for u in part.units for n in u.notes]
    reading.notes = list(dict.fromkeys(notes))
    reading.subjects_only = (
        part.node is None and bool(part.units) and all(u.kind == "subject" for u in part.units)
    )
    return reading


def read(
    text: str,
    lexicon: Lexicon,
    today: dt.date,
    segments: Sequence[str] = (),
    overrides: dict[int, int] | None = None,
    instructions: bool = True,
) -> Reading:
    lexed = lex(text, lexicon, today, segments, instructions)
    return read_lexed(lexed, lexicon.catalog, overrides)
