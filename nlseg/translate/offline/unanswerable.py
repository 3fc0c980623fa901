"""Phrases the store cannot answer, reported whole instead of being re-attached elsewhere.

- A number or comparative belongs to the noun it counts. When that noun is not understood
  ("more than 1,000 LinkedIn followers", "over 500 visits to our booth"), the whole phrase,
  number included, is unparsed: it is never given to the field or relation before it or
  to a word that merely describes the noun ("LinkedIn").
- A prediction ("likely to buy", "will churn") takes the rest of its clause with it, and a
  window ahead of today ("in the next 30 days", "next quarter") takes the behaviour it
  dates: the store holds what happened, not forecasts. A window on a *planned* date — a
  deal's close date, a campaign's start date — is answerable and is applied.
"""

from __future__ import annotations

from nlseg.translate.offline import vocabulary as vocab
from nlseg.translate.offline.future import Future
from nlseg.translate.offline.honesty import spoken_span
from nlseg.translate.offline.pieces import Piece
from nlseg.translate.offline.state import Pending, ReaderState
from nlseg.translate.offline.units import Unit

_DONE = frozenset(vocab.DONE_STATES)
# Pieces a phrase about an unknown noun takes after a preposition ("… on LinkedIn").
_OBJECT_KINDS = ("lex", "unknown", "quoted", "domain")


class Unanswerable(ReaderState):
    # --- predictions and future windows ---------------------------------------------------

    def _on_future(self, p: Piece) -> None:
        future: Future = p.data
        cur = self._cur
        if future.kind == "prediction":
            self._close()
            unit = self._new_unit("none", p)
            unit.dead = unit.forecast = True
            return
        if cur is not None and self._plan(cur, p):
            return
        if cur is not None and (
            cur.kind == "rel" or (cur.kind == "cond" and cur.awaiting and self._is_date(cur.field))
        ):
            self._kill(cur, [*self._pend.pieces, p], forecast=True)  # behaviour ahead of today
            self._pend = Pending()
            self._close()
            return
        self._close_if_complete()
        if self._cur is not None:  # a field still waiting for its value: it gets none
            self._close()
        unit = self._new_unit("none", p)
        unit.forecast = True
        self._close()

    def _plan(self, unit: Unit, p: Piece) -> bool:
        """A window on a planned day: "deals closing next month", "the upcoming webinar"."""
        future: Future = p.data
        if not future.senses:
            return False
        sense = future.senses[0]
        if unit.kind == "cond":
            if not (unit.awaiting and unit.field in vocab.PLANNED_DATE_FIELDS):
                return False
            unit.op, unit.value, unit.awaiting = sense.op.value, sense.value, False
            unit.cover(p)
            return True
        if unit.kind != "rel":
            return False
        relation = self.catalog.relation(unit.relation)
        key = unit.subfield or self._hinted_date_field(unit, relation)
        if key is None and not _done(unit):
            key = vocab.PLANNED_DATE_OF_RELATION.get(unit.relation)
        if (
            key not in vocab.PLANNED_DATE_FIELDS
            or key not in self.catalog.fields
            or self.catalog.field(key).entity not in relation.entities
        ):
            return False
        unit.where.append([key, sense.op.value, sense.value])
        if unit.subfield == key:
            unit.subfield = None
        unit.cover(p)
        unit.verb_only = False
        return True

    # --- numbers whose noun is not understood ---------------------------------------------

    def _counted_unknown(self, p: Piece) -> bool:
        """An unknown word right after a counted phrase is its noun ("1,000 LinkedIn
        followers", "3 webinar registrations"): the phrase is unparsed whole."""
        cur = self._cur
        if cur is None or not cur.counted or p.kind != "unknown" or p.start != cur.last:
            return False
        word = self.lexed.tokens[p.start].norm
        if word in vocab.NOT_NOUNS or word.endswith("ly"):
            return False  # "500 employees worldwide": about the number, not its noun
        self._kill(cur, [p])
        cur.notes.append(self._noun_note(p))
        return True

    def _counted_object(self, p: Piece, k: int) -> bool:
        """A counted noun followed by a preposition whose object is not understood ("over 500
        visits to our booth"): what is counted is not what the word usually means."""
        cur, pend = self._cur, self._pend
        if cur is None or not cur.counted or p.kind != "unknown" or pend.empty():
            return False
        if any(w.kind != "prep" for w in pend.pieces) or pend.pieces[0].start != cur.last:
            return False
        if not self._last_of_object(k):
            return False  # "to the pricing page": the object's noun is still to come
        self._kill(cur, [*pend.pieces, p])
        cur.pp_open = True
        cur.notes.append(self._noun_note(p))
        self._pend = Pending()
        return True

    def _counted_modifier(self, p: Piece) -> bool:
        """A counted value followed by a noun of other records: the value only described
        that noun ("over 100 LinkedIn ad clicks" counts clicks on ads, not campaigns)."""
        cur = self._cur
        if cur is None or not (cur.counted and cur.kind == "rel" and cur.implicit):
            return False
        if p.start != cur.last or not any(s.kind == "relation" for s in p.senses):
            return False
        self._kill(cur, [p])
        cur.notes.append(
            f"'{spoken_span(self.lexed, cur)}' mixes kinds of records nlseg cannot count "
            "together, so it is not applied."
        )
        return True

    def _same_records_object(self, p: Piece, k: int) -> bool:
        """A preposition's object naming the same records narrows them: "more than 20 visits
        to the pricing page" counts pricing-page visits (the words before the noun are its
        topic)."""
        cur, pend = self._cur, self._pend
        if cur is None or cur.kind != "rel" or pend.empty() or pend.pieces[0].kind != "prep":
            return False
        if pend.pieces[0].start != cur.last or any(w.kind != "unknown" for w in pend.pieces[1:]):
            return False
        if not any(s.kind == "relation" and s.relation == cur.relation for s in p.senses):
            return False
        for w in pend.pieces:
            cur.cover(w)
        cur.unknown.extend(w.uid for w in pend.unknown)
        self._pend = Pending()
        return self._join(cur, p, k)

    def _pending_number_noun(self, p: Piece) -> bool:
        """A number waiting for its noun got an unknown word, and a preposition follows ("more
        than 1,000 followers on LinkedIn"): the number is about that word, whatever follows."""
        pend = self._pend
        if pend.number is None and pend.rng is None:
            return False
        if not pend.pieces or pend.pieces[-1].kind != "unknown":
            return False
        noun = pend.pieces[-1]
        self._close_if_complete()
        if self._cur is not None:
            return False  # a field waits for its value: not this case
        unit = self._new_unit("none", p)
        unit.dead = unit.pp_open = True
        unit.notes.append(self._noun_note(noun))
        return True

    def _last_of_object(self, k: int) -> bool:
        nxt = self._next(k)
        return nxt is None or nxt.kind not in _OBJECT_KINDS

    def _noun_note(self, noun: Piece) -> str:
        return (
            f"'{self.lexed.piece_text(noun)}' is not a field or record nlseg knows, so the "
            "number said with it is not applied to anything else."
        )

    # --- the words a dead phrase takes ----------------------------------------------------

    def _kill(self, unit: Unit, pieces: list[Piece], forecast: bool = False) -> None:
        unit.kind, unit.dead, unit.forecast = "none", True, forecast
        for w in pieces:
            unit.cover(w)

    def _swallow(self, p: Piece, k: int) -> bool:
        """True when ``p`` belongs to the unanswerable phrase being read."""
        cur = self._cur
        if cur is None or not cur.dead:
            return False
        if p.kind in ("excl", "mark"):
            return False
        if cur.forecast:
            # "likely to open or click": a verb after and/or is predicted too
            if p.kind == "conj" and not self._verb_follows(k):
                return False
            if p.kind != "filler":
                cur.cover(p)
            return True
        if p.kind == "prep":
            cur.cover(p)
            cur.pp_open = True
            return True
        if p.kind == "filler":
            return True
        if cur.pp_open and p.kind in _OBJECT_KINDS:
            cur.cover(p)
            return True
        return False

    def _verb_follows(self, k: int) -> bool:
        nxt = self._next(k)
        return (
            nxt is not None
            and nxt.kind == "lex"
            and bool(nxt.senses)
            and nxt.senses[0].kind == "relation"
        )


def _done(unit: Unit) -> bool:
    """The records are ones where the behaviour already happened ("attended", "won")."""
    for key, op, value in unit.where:
        if op in ("is_true", "is_false") and (key, op) in _DONE:
            return True
        if op == "in" and value and all((key, v) in _DONE for v in value):
            return True
    return False
