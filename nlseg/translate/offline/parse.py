"""One reading of a request: lex, read clauses, build the node; what was not understood."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from nlseg.catalog import Catalog
from nlseg.translate.offline.grammar import Choice, Reader
from nlseg.translate.offline.honesty import spoken_span, unparsed_spans, unparsed_uids
from nlseg.translate.offline.lexicon import Lexicon
from nlseg.translate.offline.logic import build
from nlseg.translate.offline.metrics import metric_phrase, question_phrase
from nlseg.translate.offline.pieces import Lexed, lex
from nlseg.translate.offline.references import vague_references


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
    # not an audience the store can describe (see docs/offline-translator.md)
    question: str | None = None  # "how much", "what is": a question about a figure or fact
    metric: str | None = None  # "email conversion rate": asks for a figure
    forecasts: list[str] = field(default_factory=list)  # "likely to buy", "next quarter"
    vague: list[str] = field(default_factory=list)  # "the event": which one is not said
    valueless: list[str] = field(default_factory=list)  # keys of fields named with no value


def read_lexed(lexed: Lexed, catalog: Catalog, overrides: dict[int, int] | None = None) -> Reading:
    reader = Reader(lexed, catalog, overrides)
    clauses, instruction = reader.clauses()
    reading = Reading(lexed, instruction=instruction, question=question_phrase(lexed))
    if instruction is not None:
        return reading
    part = build(clauses, reader)
    reading.node = part.node
    reading.unparsed = unparsed_spans(lexed, part.units, part.dropped)
    reading.metric = metric_phrase(lexed, unparsed_uids(part.units, part.dropped))
    reading.forecasts = [spoken_span(lexed, u) for u in part.units if u.forecast]
    dropped = {id(u) for u in part.dropped}
    kept = [u for u in part.units if id(u) not in dropped]
    reading.vague = vague_references(lexed, kept, catalog)
    reading.valueless = list(dict.fromkeys(u.valueless for u in part.units if u.valueless))
    reading.choices = reader.choices
    # A correction inside words not applied changed nothing: not an assumption of the tree.
    reading.corrections = [
        c for c in reader.corrections if not any(c[0] in span for span in reading.unparsed)
    ]
    notes = [n for u in part.units for n in u.notes]
    notes += [
        f"'{t}' is about the future: the store holds what happened, not forecasts."
        for t in reading.forecasts
    ]
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
