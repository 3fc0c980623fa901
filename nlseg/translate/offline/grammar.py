"""Grammar: pieces → units, one clause at a time.

A request is split into clauses at relative markers ("who", "that", "with", "whose"),
"but", and exclusions ("except"). Within a clause the reader walks the pieces left to right:
prefix modifiers (a negation, "at least 3", a place preposition) wait for the next anchor
(a field, a value, a relation word, a segment); suffix modifiers (a date, "over 50k", "3
times", "our last 3 campaigns") attach to the anchor before them; values and nouns of the
same relation join one unit ("attended a webinar"). Which reading of an ambiguous word is
taken depends on context (the subject, a preposition, a field name next to it); where no
context decides, the documented default is taken and recorded as a :class:`Choice`.
"""

from collections.abc import Callable

from nlseg.catalog import Catalog, DataType
from nlseg.translate.offline import vocabulary as vocab
from nlseg.translate.offline.freetext import FreeText
from nlseg.translate.offline.joins import Joins
from nlseg.translate.offline.kinds import PieceKind, UnitKind
from nlseg.translate.offline.modifiers import Modifiers
from nlseg.translate.offline.pieces import Lexed, Piece
from nlseg.translate.offline.readings import Readings
from nlseg.translate.offline.state import Choice, ClauseUnits, Pending
from nlseg.translate.offline.unanswerable import Unanswerable
from nlseg.translate.offline.units import Unit

__all__ = ["STEPS", "Choice", "ClauseUnits", "Reader"]


# Fields that say how a contact came in: a date after one is when it came (created).
_ARRIVAL_FIELDS = ("contact.lead_source",)


class Reader(Modifiers, FreeText, Readings, Joins, Unanswerable):
    """Reads one request; ``overrides`` force a reading of a piece (by uid) for alternatives."""

    def __init__(self, lexed: Lexed, catalog: Catalog, overrides: dict[int, int] | None = None):
        self.lexed = lexed
        self.catalog = catalog
        self.overrides = overrides or {}
        self.choices: list[Choice] = []
        self.corrections: list[tuple[str, str]] = list(lexed.corrections)
        self.notes: list[str] = []
        self.subject_entity = "contact"
        self.all_units: list[Unit] = []

    # --- top level ------------------------------------------------------------------------

    def clauses(self) -> tuple[list[ClauseUnits], str | None]:
        """The clauses of the request, and the instruction verb if it asks to *do* something."""
        pieces = list(self.lexed.pieces)
        while pieces and pieces[0].kind in ("cmd", "filler", "conj"):
            pieces.pop(0)
        if pieces and pieces[0].kind == "instr":
            return [], self.lexed.piece_text(pieces[0])
        self.subject_entity = self._subject(pieces)
        parts: list[tuple[bool, list[Piece]]] = [(False, [])]
        for p in pieces:
            if p.kind == "excl":
                parts.append((True, []))
            else:
                parts[-1][1].append(p)
        out: list[ClauseUnits] = []
        for excluded, part in parts:
            for link, clause in self._split_clauses(part):
                units = self.clause_units(clause)
                if units:
                    for _, unit in units:
                        unit.excluded = unit.excluded or excluded
                    out.append(ClauseUnits(link, units, excluded))
        return out, None

    def _subject(self, pieces: list[Piece]) -> str:
        seen = False
        for p in pieces:
            if p.kind == "mark" or (p.kind == "prep" and seen):
                break  # "leads created this year at enterprise accounts": about the leads
            seen = seen or p.kind == "lex"
            owned = p.start > 0 and self.lexed.tokens[p.start - 1].norm in ("their", "its")
            if p.kind == "lex" and p.senses and p.senses[0].kind == "subject" and not owned:
                return p.senses[0].entity or "contact"  # (not "deals on their account")
        return "contact"

    def _split_clauses(self, pieces: list[Piece]) -> list[tuple[str, list[Piece]]]:
        clauses: list[tuple[str, list[Piece]]] = []
        link, current = "and", []
        for k, p in enumerate(pieces):
            boundary = p.kind == "mark" or (p.kind == "conj" and p.data == "but")
            if boundary:
                # "… or who …": the connector before a marker joins the clauses.
                # "VIPs, or anyone with …": filler words may stand between.
                fillers = 0
                while fillers < len(current) and current[-1 - fillers].kind == "filler":
                    fillers += 1
                tail = current[-1 - fillers] if fillers < len(current) else None
                if tail is not None and tail.kind == "conj" and tail.data and p.kind == "mark":
                    del current[len(current) - 1 - fillers :]
                    next_link = "or" if tail.data in ("or", "plus") else "and"
                else:
                    next_link = "and"
                if current:
                    clauses.append((link, current))
                link, current = next_link, []
                if p.kind == "mark" and self.lexed.tokens[p.start].norm in vocab.PRESENCE:
                    current.append(Piece("has", p.start, p.end, uid=p.uid))
                continue
            current.append(p)
            del k
        if current:
            clauses.append((link, current))
        return clauses

    # --- one clause -----------------------------------------------------------------------

    def clause_units(self, pieces: list[Piece]) -> list[tuple[str | None, Unit]]:
        self._out: list[tuple[str | None, Unit]] = []
        self._conn: str | None = None
        self._cur: Unit | None = None
        self._pend = Pending()
        self._taken = Pending()
        self._carry_has = False
        self._pieces = pieces
        k = 0
        while k < len(pieces):
            k = self._step(k)
        self._close()
        self._flush_pending()
        return self._out

    def _step(self, k: int) -> int:
        """Read the piece at ``k``; returns where to go on. Dispatches on the piece's kind."""
        p = self._pieces[k]
        if self._cur is not None and self._cur.dead:
            if self._swallow(p, k):
                return k + 1
            self._close()
        if p.kind in (PieceKind.FILLER, PieceKind.LEX) and self._headcount(p):
            return k + 1
        return _STEPS[p.kind](self, p, k)

    # --- one handler per piece kind (see _STEPS) -------------------------------------------

    def _on_filler(self, p: Piece, k: int) -> int:
        """Fillers, commands, "is", markers: skipped, except "city is Paris" (a text value)."""
        cur = self._cur
        text_value = p.kind == PieceKind.BE and cur is not None and cur.awaiting
        if (
            text_value
            and self._is_text(cur.field)
            and not self._names_record_value(cur, k)
            and not self._names_other_field(cur, k)
        ):
            nxt = self._next(k)
            if nxt is not None and nxt.kind == PieceKind.NEG:
                # "city is not Paris" (but "owner is not active" names a field)
                at = self._pieces.index(nxt)
                if nxt.data != "not" or self._names_other_field(cur, at):
                    return k + 1
                cur.neg = "not"
                cur.cover(nxt)
                return self._take_text(at + 1, cur, "eq")
            return self._take_text(k + 1, cur, "eq")
        return k + 1

    def _on_conj(self, p: Piece, k: int) -> int:
        if not p.data:
            return k + 1  # "either", "both"
        cur = self._cur
        if cur is not None and cur.has and p.data in ("and", ","):
            self._carry_has = True  # "with a phone and a job title"
        self._close()
        self._flush_pending()
        self._conn = p.data
        if self._carry_has:
            self._pend.has = True
        return k + 1

    def _on_outside(self, p: Piece, k: int) -> int:
        self._close()
        self._wait(p)
        self._pend.neg, self._pend.prep = "not", "loc"
        return k + 1

    def _on_prep(self, p: Piece, k: int) -> int:
        if self._pending_number_noun(p):
            return k + 1
        cur = self._cur
        if not (cur is not None and cur.awaiting):
            if cur is not None and cur.kind != UnitKind.REL and not cur.awaiting:
                self._close()
            self._wait(p)
            self._pend.prep = p.data
        return k + 1

    def _on_has(self, p: Piece, k: int) -> int:
        if self._cur is not None and self._cur.kind != UnitKind.REL:
            self._close()
        self._wait(p)
        self._pend.has = True
        return k + 1

    def _on_quantity(self, p: Piece, k: int) -> int:
        self._wait(p)  # "all of", "any of": the quantifier of the relation that follows
        return k + 1

    def _on_latest(self, p: Piece, k: int) -> int:
        self._close_if_complete()
        self._wait(p)
        self._pend.latest = p
        return k + 1

    def _on_segment(self, p: Piece, k: int) -> int:
        self._close()
        unit = self._new_unit(UnitKind.SEG, p)
        unit.segment = p.data["name"]
        if p.data.get("fuzzy"):
            self.corrections.append((self.lexed.piece_text(p), f"segment '{unit.segment}'"))
        return k + 1

    def _on_unknown_segment(self, p: Piece, k: int) -> int:
        self._close()
        unit = self._new_unit(UnitKind.NONE, p)
        unit.unknown.append(p.uid)
        unit.notes.append(f"There is no saved segment named '{p.data['name']}'.")
        self._close()
        return k + 1

    def _on_word(self, p: Piece, k: int) -> int:
        """Unknown words (and kinds with no handler): inside free text, or reported."""
        if self._record_boolean(p):
            return k + 1
        cur = self._cur
        if cur is not None and cur.awaiting and self._is_text(cur.field):
            return self._take_text(k, cur, "contains")
        self._unknown(p)
        return k + 1

    def _record_boolean(self, p: Piece) -> bool:
        """A yes/no field of the record just named: "whose owner is not active" (the owner's
        name was named, or "owned by" is waiting for the owner's field)."""
        cur, pend = self._cur, self._pend
        if cur is not None and cur.kind == "cond" and cur.awaiting and cur.field:
            key = self._record_field(cur.field, p, boolean=True)
            if key is not None:
                cur.field, cur.op, cur.awaiting = key, "is_true", False
                cur.cover(p)
                return True
            return False
        name = f"{pend.prep}.name"
        if pend.prep not in ("owner", "account") or name not in self.catalog.fields:
            return False
        key = self._record_field(name, p, boolean=True)
        if key is None:
            return False
        self._close()
        unit = self._new_unit("cond", p)
        unit.field, unit.op = key, "is_true"
        return True

    # --- unit bookkeeping -----------------------------------------------------------------

    def _wait(self, p: Piece) -> None:
        self._pend.pieces.append(p)

    def _unknown(self, p: Piece) -> None:
        cur = self._cur
        if self._counted_unknown(p):
            return
        if p in self._pieces and self._counted_object(p, self._pieces.index(p)):
            return
        if cur is not None and self._pend.empty():
            cur.unknown.append(p.uid)
            cur.cover(p)
        else:
            self._pend.unknown.append(p)
            self._wait(p)

    def _new_unit(self, kind: str, p: Piece) -> Unit:
        pend = self._pend
        unit = Unit(kind=kind, first=p.start, last=p.end)
        for w in pend.pieces:
            unit.cover(w)
        unit.cover(p)
        unit.neg = pend.neg
        unit.has = pend.has
        unit.prep = pend.prep
        unit.unknown.extend(w.uid for w in pend.unknown)
        if pend.latest is not None:
            if kind == "rel":
                unit.latest = True
            else:
                unit.unknown.append(pend.latest.uid)
        self._cur = unit
        self._taken, self._pend = pend, Pending()
        return unit

    def _apply_pending(self, unit: Unit) -> None:
        """Apply the prefix modifiers the unit took when it was started."""
        pend = self._taken
        if pend.number is not None or pend.rng is not None:
            self._apply_number(unit, pend.cmp, pend.number, pend.rng, pend.number_uid)
        elif pend.cmp is not None and not self._rank(unit, pend.cmp):
            unit.unknown.extend(w.uid for w in pend.pieces if w.kind == "cmp")
        if pend.date is not None and not self._attach_date(unit, pend.date):
            # "contacts last month in Germany": the date is the record's own, before "Germany"
            if pend.neg is not None or not self._default_date_unit(pend.date, [pend.date], None):
                unit.unknown.append(pend.date.uid)
            elif pend.date.uid in unit.pieces:
                unit.pieces.remove(pend.date.uid)
        self._taken = Pending()

    def _rank(self, unit: Unit, cmp: str) -> bool:
        """ "VP or higher", "below Director", "at least manager": a ranked picklist's value
        with a comparative becomes the values ranked so (the catalog's ``ranks``)."""
        if unit.kind == "rel" and unit.where and unit.where[-1][1] == "in":
            key, _, current = unit.where[-1]  # "deals past qualification"
            if not isinstance(current, list) or len(current) != 1:
                return False
            values = self.catalog.field(key).ranked(current[0], cmp)
            if values is None:
                return False
            unit.where[-1] = [key, "in", values]
            return True
        if unit.kind != "cond" or unit.op != "in" or not unit.field:
            return False
        if not isinstance(unit.value, list) or len(unit.value) != 1:
            return False
        values = self.catalog.field(unit.field).ranked(unit.value[0], cmp)
        for sense in unit.candidates if values is None else ():
            # "lead or lower": the reading of the word that has a rank (the lifecycle stage)
            spec = self.catalog.fields.get(sense.field)
            if spec is not None and spec.ranks and isinstance(sense.value, str):
                values = spec.ranked(sense.value, cmp)
                if values is not None:
                    unit.field = spec.key
                    self.choices = [c for c in self.choices if c.uid not in unit.pieces]
                    break
        if values is None:
            return False
        unit.value, unit.bare = values, False
        return True

    def _close(self) -> None:
        unit = self._cur
        if unit is None:
            return
        self._cur = None
        if unit.kind == "cond" and unit.awaiting:
            self._settle_presence(unit)
        if unit.kind == "rel" and unit.subfield is not None:
            spec = self.catalog.field(unit.subfield)
            if unit.has or unit.subneg:
                unit.where.append([spec.key, "is_not_set" if unit.subneg else "is_set", None])
            else:
                unit.notes.append(f"No value was given for {spec.label}.")
                unit.unknown.append(unit.pieces[-1])
                unit.valueless = spec.key
            unit.subfield = None
        self._out.append((self._conn, unit))
        self.all_units.append(unit)
        self._conn = None

    def _settle_presence(self, unit: Unit) -> None:
        """A field named with nothing after it: "with a phone" is set, "no phone" is not."""
        spec = self.catalog.field(unit.field)
        unit.awaiting = False
        if spec.data_type is DataType.BOOLEAN:
            unit.op = "is_true"
            return
        if unit.neg in ("no", "never"):
            unit.op, unit.neg = "is_not_set", None
        elif unit.has:
            unit.op = "is_set"
        else:
            unit.kind = UnitKind.NONE
            known = f" (one of {', '.join(spec.values)})" if 0 < len(spec.values) <= 12 else ""
            unit.notes.append(f"'{spec.label}' is named but no value is given for it{known}.")
            unit.unknown.extend(unit.pieces)
            unit.valueless = spec.key

    def _flush_pending(self) -> None:
        """Modifiers that found nothing to modify: reported, never silently dropped."""
        pend = self._pend
        if pend.has and len(pend.pieces) == 1 and pend.pieces[0].kind == "has":
            self._pend = Pending()
            return
        dated = pend.date is not None and pend.number is None and not pend.unknown
        if dated and self._default_date_unit(pend.date, pend.pieces, pend.neg):
            self._pend = Pending()
            return
        if self._elided_field(pend):
            return
        if pend.meaningful():
            unit = Unit(kind="none", first=pend.pieces[0].start, last=pend.pieces[-1].end)
            for w in pend.pieces:
                unit.cover(w)
            unit.unknown.extend(w.uid for w in pend.pieces)
            if (pend.number is not None or pend.rng is not None) and pend.unknown:
                unit.notes.append(self._noun_note(pend.unknown[-1]))  # "500 Twitter followers"
            self._cur = unit
            self._close()
        self._pend = Pending()

    def _elided_field(self, pend: Pending) -> bool:
        """ "a score under 20 or over 85", "between 10 and 50 or above 500 employees": a
        comparison with no field of its own, right after one with a number field and a
        connector, is about that field."""
        if pend.number is None and pend.rng is None:
            return False
        if pend.unknown or pend.neg or not self._out or self._conn is None:
            return False
        prev = self._out[-1][1]
        if prev.kind != "cond" or not self._is_number(prev.field) or prev.awaiting:
            return False
        if pend.number is not None and (pend.cmp is None and not pend.number.plus):
            return False  # a bare number after "or" is not a comparison
        unit = self._new_unit("cond", pend.pieces[-1])
        unit.field, unit.awaiting = prev.field, True
        self._apply_pending(unit)
        self._close()
        return True

    def _default_date_field(self, at: int) -> str | None:
        """A date right after the noun heading the request ("leads from last month") or after
        how the contact came in ("came in from the website this year") is the record's
        created date (reported as an assumption), also when more follows ("contacts last
        month in Germany"); anywhere else it is unparsed."""
        if any(u.kind == "rel" for _, u in self._out):
            return None
        before = [u for _, u in self._out if u.last <= at]  # what the date follows
        previous = before or [u for u in self.all_units[-1:]]
        arrival = bool(previous) and previous[-1].field in _ARRIVAL_FIELDS
        if previous and not (previous[-1].kind == "subject" or previous[-1].head or arrival):
            return None
        account_subject = (
            bool(previous) and previous[-1].kind == "subject" and previous[-1].entity == "account"
        )
        if account_subject and "account.created_at" in self.catalog.fields:
            return "account.created_at"  # "at accounts older than 2 years"
        return "contact.created_at" if "contact.created_at" in self.catalog.fields else None

    def _default_date_unit(self, date: Piece, pieces: list[Piece], neg: str | None) -> bool:
        """Close a condition on the record's default date (see above) made of ``pieces``."""
        created = self._default_date_field(date.start)
        if created is None:
            return False
        current, self._cur = self._cur, None
        unit = Unit(kind="cond", first=date.start, last=date.end)
        for w in pieces:
            unit.cover(w)
        unit.field, unit.neg, unit.awaiting = created, neg, True
        self._cur = unit
        self._attach_date(unit, date)
        self._record_default_date(date, unit)
        self._close()
        self._cur = current
        return True

    def _record_default_date(self, date: Piece, unit: Unit) -> None:
        alternative = f"{self.catalog.field(unit.field).entity}.updated_at"  # the same record's
        if alternative in self.catalog.fields:
            self.choices.append(
                Choice(
                    uid=-1 - date.uid,
                    about=self.lexed.piece_text(date),
                    chosen=f"{self.catalog.field(unit.field).label} {self.lexed.piece_text(date)}",
                    options=[
                        (
                            1,
                            f"{self.catalog.field(alternative).label} "
                            f"{self.lexed.piece_text(date)}",
                        )
                    ],
                )
            )
            if self.overrides.get(-1 - date.uid) == 1:
                unit.field = alternative


Step = Callable[[Reader, Piece, int], int]


def _then_next(method: Callable[..., None], *, with_k: bool = False) -> Step:
    """A handler that only records its piece: reading goes on with the next one."""

    def step(reader: Reader, p: Piece, k: int) -> int:
        method(reader, p, k) if with_k else method(reader, p)
        return k + 1

    return step


# The reader's dispatch table: what each kind of piece does (tests/test_offline_kinds.py
# checks that every PieceKind has an entry).
_STEPS: dict[PieceKind, Step] = {
    PieceKind.FILLER: Reader._on_filler,
    PieceKind.CMD: Reader._on_filler,
    PieceKind.BE: Reader._on_filler,
    PieceKind.MARK: Reader._on_filler,
    PieceKind.CONJ: Reader._on_conj,
    PieceKind.NEG: Reader._on_neg,
    PieceKind.OUTSIDE: Reader._on_outside,
    PieceKind.PREP: Reader._on_prep,
    PieceKind.HAS: Reader._on_has,
    PieceKind.CMP: _then_next(Reader._on_cmp),
    PieceKind.POST: _then_next(Reader._on_postfix),
    PieceKind.NUM: _then_next(Reader._on_number, with_k=True),
    PieceKind.RANGE: _then_next(Reader._on_range),
    PieceKind.DATE: _then_next(Reader._on_date),
    PieceKind.FUTURE: _then_next(Reader._on_future),
    PieceKind.LASTN: _then_next(Reader._on_last),
    PieceKind.ALL: Reader._on_quantity,
    PieceKind.ANYOF: Reader._on_quantity,
    PieceKind.LATEST: Reader._on_latest,
    PieceKind.PRESENCE: Reader._on_presence,
    PieceKind.BOOL: Reader._on_bool,
    PieceKind.TEXTOP: Reader._on_textop,
    PieceKind.OWNER: Reader._on_owner,
    PieceKind.OWNED: Reader._on_owned,
    PieceKind.OWNER_NAME: Reader._on_owner_name,
    PieceKind.QUOTED: Reader._on_quoted,
    PieceKind.DOMAIN: Reader._on_domain,
    PieceKind.SEG: Reader._on_segment,
    PieceKind.SEG_UNKNOWN: Reader._on_unknown_segment,
    PieceKind.LEX: Reader._on_lex,
    # words with no grammar of their own
    PieceKind.UNKNOWN: Reader._on_word,
    PieceKind.EXCL: Reader._on_word,
    PieceKind.INSTR: Reader._on_word,
    PieceKind.SPAN: Reader._on_word,
}
STEPS = _STEPS
