"""The reader's shared state: choices made by default, modifiers waiting for an anchor,
clauses, and the attributes every part of the grammar reads."""

from __future__ import annotations

from dataclasses import dataclass, field

from nlseg.catalog import Catalog, DataType
from nlseg.translate.offline.numbers import Number
from nlseg.translate.offline.pieces import Lexed, Piece
from nlseg.translate.offline.units import Unit

TOP_LEVEL = ("contact", "account", "owner")
NUMERIC = (DataType.NUMBER, DataType.SCORE)
DATES = (DataType.DATE, DataType.DATETIME)
TEXTUAL = (DataType.TEXT, DataType.EMAIL)
# Pieces that end a run of free text ("job title contains marketing manager, in Germany").
TEXT_STOP = ("conj", "mark", "excl", "date", "neg", "outside", "seg", "lastn", "owner")


@dataclass
class Choice:
    """An ambiguous piece read by the documented default; ``options`` are the other readings."""

    uid: int
    about: str
    chosen: str
    options: list[tuple[int, str]]


@dataclass
class Pending:
    """Prefix modifiers waiting for the next anchor."""

    neg: str | None = None
    cmp: str | None = None
    number: Number | None = None
    number_uid: int | None = None
    rng: tuple | None = None
    prep: str | None = None
    has: bool = False
    date: Piece | None = None
    latest: Piece | None = None  # "last" before a relation: its most recent record
    pieces: list[Piece] = field(default_factory=list)  # every piece waiting (for spans)
    unknown: list[Piece] = field(default_factory=list)

    def empty(self) -> bool:
        return not self.pieces

    def meaningful(self) -> bool:
        """Something that looks like a constraint is waiting (not just a preposition)."""
        return bool(self.neg or self.cmp or self.number or self.rng or self.date or self.unknown)


@dataclass
class ClauseUnits:
    link: str  # how the clause joins the one before: and | or
    units: list[tuple[str | None, Unit]]  # (connector before it, unit)
    excluded: bool = False


class ReaderState:
    """What the parts of the reader share (see :class:`nlseg.translate.offline.grammar.Reader`)."""

    lexed: Lexed
    catalog: Catalog
    overrides: dict[int, int]
    choices: list[Choice]
    corrections: list[tuple[str, str]]
    notes: list[str]
    subject_entity: str
    all_units: list[Unit]
    _out: list[tuple[str | None, Unit]]
    _conn: str | None
    _cur: Unit | None
    _pend: Pending
    _taken: Pending
    _carry_has: bool
    _pieces: list[Piece]

    def _is_text(self, key: str | None) -> bool:
        return key is not None and self.catalog.field(key).data_type in TEXTUAL

    def _is_number(self, key: str | None) -> bool:
        return key is not None and self.catalog.field(key).data_type in NUMERIC

    def _is_date(self, key: str | None) -> bool:
        return key is not None and self.catalog.field(key).data_type in DATES

    def _is_boolean(self, key: str | None) -> bool:
        return key is not None and self.catalog.field(key).data_type is DataType.BOOLEAN

    def _next(self, k: int) -> Piece | None:
        for p in self._pieces[k + 1 :]:
            if p.kind != "filler":
                return p
        return None

    def _previous(self, k: int) -> Piece | None:
        for p in reversed(self._pieces[:k]):
            if p.kind not in ("filler", "be"):
                return p
        return None
