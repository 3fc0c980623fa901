"""Modifiers: negations, comparatives, numbers, counts, date phrases, "our last N campaigns",
presence ("is set") and yes/no words — each attached to the unit it modifies."""

from __future__ import annotations

from nlseg.catalog import DataType
from nlseg.translate.offline import vocabulary as vocab
from nlseg.translate.offline.dates import DateMatch
from nlseg.translate.offline.numbers import Number
from nlseg.translate.offline.pieces import Piece
from nlseg.translate.offline.state import (
    Choice,
    Pending,
    ReaderState,
)
from nlseg.translate.offline.units import Unit, number_field_of, quantity
from nlseg.tree.models import Range


class Modifiers(ReaderState):
    def _on_neg(self, p: Piece, k: int) -> int:
        cur = self._cur
        zero = self.lexed.tokens[p.start].norm == "zero"
        # "a score of zero" is a number, not "no score"
        if zero and cur is not None and cur.awaiting and self._is_number(cur.field):
            cur.cover(p)
            cur.op, cur.value, cur.awaiting = self._pend.cmp or "eq", 0, False
            for w in self._pend.pieces:
                cur.cover(w)
            self._pend = Pending()
            return k + 1
        if cur is not None and p.data == "not":
            if cur.kind == "cond" and cur.awaiting:
                cur.neg = "not"
                cur.cover(p)
                return k + 1
            if cur.kind == "rel" and cur.subfield is not None:
                cur.subneg = True
                cur.cover(p)
                return k + 1
        self._close()
        self._wait(p)
        self._pend.neg = p.data
        return k + 1

    def _on_cmp(self, p: Piece) -> None:
        cur = self._cur
        equality = p.data in ("eq", "neq")
        if equality and cur is not None and cur.awaiting and not self._is_number(cur.field):
            cur.cover(p)  # "country = Germany", "stage != Closed Lost"
            if p.data == "neq":
                cur.neg = "not"
            return
        self._wait(p)
        self._pend.cmp = p.data

    def _on_postfix(self, p: Piece) -> None:
        pend, cur = self._pend, self._cur
        if pend.number is not None:
            self._wait(p)
            pend.cmp = p.data
            return
        if cur is not None and cur.last_number is not None:
            n, target = cur.last_number
            cur.cover(p)
            if target == "count":
                cur.quantifier, cur.count = quantity(p.data, n)
                self._drop_count_choice(cur)
            elif target == "cond":
                cur.op = p.data
            elif target == "measure" and cur.where:
                cur.where[-1][1] = p.data
            return
        if cur is not None and not pend.meaningful() and self._rank(cur, p.data):
            cur.cover(p)  # "VP or higher", "director+"
            return
        self._unknown(p)

    def _on_number(self, p: Piece, k: int) -> None:
        number: Number = p.data
        cur, pend = self._cur, self._pend
        if self._another_number(p, number):
            return
        if number.times:
            if (cur is not None and cur.kind == "rel" and pend.empty()) or (
                cur is not None and cur.kind == "rel" and pend.cmp and not pend.number
            ):
                cmp = pend.cmp
                for w in pend.pieces:
                    cur.cover(w)
                self._pend = Pending()
                cur.cover(p)
                self._set_count(cur, cmp, int(number.value), p.uid, plus=number.plus)
                return
            self._wait(p)
            pend.number, pend.number_uid = number, p.uid
            return
        if cur is not None and pend.neg is None:
            if cur.kind == "cond" and cur.awaiting and self._is_number(cur.field):
                for w in pend.pieces:
                    cur.cover(w)
                cur.cover(p)
                cur.op = "gte" if number.plus else (pend.cmp or "eq")
                cur.value, cur.awaiting = number.value, False
                cur.last_number = (number.value, "cond")
                self._pend = Pending()
                return
            if cur.kind == "rel" and cur.subfield and self._is_number(cur.subfield):
                for w in pend.pieces:
                    cur.cover(w)
                cur.cover(p)
                cur.where.append(
                    [cur.subfield, "gte" if number.plus else (pend.cmp or "eq"), number.value]
                )
                cur.subfield = None
                cur.last_number = (number.value, "measure")
                self._pend = Pending()
                return
            if cur.kind == "rel" and self._count_follows(k):
                self._wait(p)  # "opened at least 3 emails": the count of this unit, if it joins
                self._pend.number, self._pend.number_uid = number, p.uid
                if number.plus:
                    self._pend.cmp = "gte"
                return
            measure = number_field_of(self.catalog, cur.relation) if cur.kind == "rel" else None
            if measure and (pend.cmp or number.plus) and not self._count_follows(k):
                for w in pend.pieces:
                    cur.cover(w)
                cur.cover(p)
                cur.where.append([measure, "gte" if number.plus else pend.cmp, number.value])
                cur.last_number = (number.value, "measure")
                self._pend = Pending()
                return
        self._close_if_complete()
        self._wait(p)
        pend = self._pend
        pend.number, pend.number_uid = number, p.uid
        if number.plus:
            pend.cmp = "gte"

    def _another_number(self, p: Piece, number: Number) -> bool:
        """ "an NPS of 9 or 10": the number after "or" is another value of the same field."""
        if self._cur is not None or not self._pend.empty() or self._conn not in ("or", ","):
            return False
        if not self._out or number.times:
            return False
        before = self._out[-1][1]
        if before.kind != "cond" or before.op != "eq" or not self._is_number(before.field):
            return False
        unit = self._new_unit("cond", p)
        unit.field, unit.op, unit.value = before.field, "eq", number.value
        self._conn = "or"
        return True

    def _count_follows(self, k: int) -> bool:
        """A relation word right after a number makes it a count ("over 3 deals")."""
        for p in self._pieces[k + 1 :]:
            if p.kind in ("filler", "post", "cmp") or (p.kind == "prep" and p.data == "of"):
                continue  # "at least 3 of our emails", "5 or more emails"
            if p.kind == "lex" and any(s.kind == "relation" for s in p.senses):
                return True
            if p.kind == "lex" and p.senses and all(self._of_records(s) for s in p.senses):
                continue  # "2 or more paid social campaigns": a value of the records counted
            return False
        return False

    def _of_records(self, sense) -> bool:
        """A value of a related record's field (not the contact's own, nor its account's)."""
        if sense.kind != "value" or sense.field is None:
            return False
        return self.catalog.field(sense.field).entity not in ("contact", "account", "owner")

    def _close_if_complete(self) -> None:
        cur = self._cur
        if cur is not None and not (cur.kind == "cond" and cur.awaiting):
            self._close()

    def _on_range(self, p: Piece) -> None:
        low, high = p.data
        cur = self._cur
        if cur is not None and cur.kind == "cond" and cur.awaiting and self._is_number(cur.field):
            cur.cover(p)
            cur.op, cur.value, cur.awaiting = "between", Range(low=low, high=high), False
            return
        if cur is not None and cur.kind == "rel" and cur.subfield and self._is_number(cur.subfield):
            cur.cover(p)
            cur.where.append([cur.subfield, "between", Range(low=low, high=high)])
            cur.subfield = None
            return
        measure = number_field_of(self.catalog, cur.relation) if cur and cur.kind == "rel" else None
        if measure and cur is not None:
            cur.cover(p)
            cur.where.append([measure, "between", Range(low=low, high=high)])
            return
        self._close_if_complete()
        self._wait(p)
        self._pend.rng = (low, high)

    def _apply_number(self, unit: Unit, cmp, number: Number | None, rng, uid) -> None:
        """A number said before its noun (see :mod:`unanswerable` for an unknown noun)."""
        unit.counted = True
        if unit.kind == "rel":
            if number is not None and isinstance(number.value, int):
                self._set_count(unit, cmp, number.value, uid, plus=number.plus)
            elif rng is not None and all(isinstance(v, int) and v >= 0 for v in rng):
                low, high = sorted(rng)  # "2 to 5 meetings": at least 2 and at most 5
                unit.quantifier, unit.count, unit.count_max = "at_least", low, high
            else:
                unit.unknown.append(uid if uid is not None else unit.pieces[0])
            return
        if unit.kind == "cond" and unit.awaiting and self._is_number(unit.field):
            if rng is not None:
                unit.op, unit.value = "between", Range(low=rng[0], high=rng[1])
            else:
                unit.op = "gte" if number.plus else (cmp or "eq")
                unit.value = number.value
                unit.last_number = (number.value, "cond")
            unit.awaiting = False
            return
        if uid is not None:
            unit.unknown.append(uid)
        unit.notes.append("A number could not be attached to anything.")

    def _set_count(self, unit: Unit, cmp: str | None, n: int, uid, plus=False) -> None:
        if plus:
            cmp = "gte"
        unit.last_number = (n, "count")
        if cmp is None and n > 0:
            # "3 meetings": at least 3 by default; exactly 3 is the alternative.
            option = self.overrides.get(uid, 0) if uid is not None else 0
            if uid is not None:
                self.choices.append(
                    Choice(uid, self._about_uid(uid), f"at least {n}", [(1, f"exactly {n}")])
                )
            cmp = "eq" if option == 1 else "gte"
        unit.quantifier, unit.count = quantity(cmp, n)
        unit.verb_only = False

    def _drop_count_choice(self, unit: Unit) -> None:
        self.choices = [
            c
            for c in self.choices
            if not (c.chosen.startswith("at least") and any(c.uid == u for u in unit.pieces))
        ]

    def _on_date(self, p: Piece) -> None:
        cur = self._cur
        if cur is not None and self._attach_date(cur, p):
            return
        for _, unit in reversed(self._out):
            if self._date_capable(unit) and self._attach_date(unit, p):
                return
        stranded = [w.kind for w in self._pend.pieces] == ["has"] and not self._out
        if cur is None and stranded and self.all_units:
            # "a meeting with in the last 30 days": "with" ends the clause before, not a new one
            before = self.all_units[-1]
            if self._date_capable(before) and self._attach_date(before, p):
                self._pend = Pending()
                return
        if cur is not None and cur.kind != "rel" and not cur.awaiting:
            self._close()
        self._wait(p)
        self._pend.date = p

    def _date_sense(self, p: Piece):
        match: DateMatch = p.data
        option = self.overrides.get(p.uid, 0)
        if len(match.senses) > 1:
            self.choices.append(
                Choice(
                    p.uid,
                    self._about(p),
                    match.senses[0].label,
                    [(i, s.label) for i, s in enumerate(match.senses) if i > 0],
                )
            )
        return match.senses[min(option, len(match.senses) - 1)]

    def _date_capable(self, unit: Unit) -> bool:
        if unit.kind == "rel":
            relation = self.catalog.relation(unit.relation)
            return relation.timestamp_field is not None and unit.window is None
        return unit.kind == "cond" and unit.awaiting and self._is_date(unit.field)

    def _attach_date(self, unit: Unit, p: Piece) -> bool:
        if unit.kind == "rel":
            relation = self.catalog.relation(unit.relation)
            sub = unit.subfield or self._hinted_date_field(unit, relation)
            if sub is not None and self._is_date(sub) and sub != relation.timestamp_field:
                sense = self._date_sense(p)
                unit.where.append([sub, sense.op.value, sense.value])
                unit.subfield = None
            elif relation.timestamp_field is not None and unit.window is None:
                sense = self._date_sense(p)
                unit.window = (sense.op.value, sense.value)
                if sub == relation.timestamp_field:
                    unit.subfield = None
            else:
                return False
            unit.cover(p)
            unit.verb_only = False
            return True
        if unit.kind == "cond" and unit.awaiting and self._is_date(unit.field):
            sense = self._date_sense(p)
            unit.op, unit.value, unit.awaiting = sense.op.value, sense.value, False
            unit.cover(p)
            return True
        return False

    def _hinted_date_field(self, unit: Unit, relation) -> str | None:
        """A word of the unit naming another date of the records ("deals closed won this year")."""
        words = {t.norm for t in self.lexed.tokens[unit.first : unit.last]}
        for key, hints in vocab.DATE_FIELD_WORDS.items():
            known = key in self.catalog.fields
            if known and self.catalog.field(key).entity in relation.entities and words & set(hints):
                return key
        return None

    def _on_last(self, p: Piece) -> None:
        cur = self._cur
        if cur is None or cur.kind != "rel":
            self._close()
            relation = self._campaign_relation()
            if relation is None:
                self._unknown(p)
                return
            cur = self._new_unit("rel", p)
            cur.relation = relation
            self._apply_pending(cur)
        else:
            cur.cover(p)
        relation = self.catalog.relation(cur.relation)
        if not relation.supports_all_of_last:
            cur.unknown.append(p.uid)
            cur.notes.append(f"'the last N campaigns' does not apply to {relation.plural}.")
            return
        cur.last_campaigns = p.data
        if cur.quantifier in (None, "any"):
            # "opened our last 3 campaigns": each of them; "at least one of the last 2": any
            quantifier = "any_of_last" if p.data["quantity"] == "any" else "all_of_last"
            cur.quantifier, cur.count = quantifier, p.data["count"]
        cur.verb_only = False

    def _campaign_relation(self) -> str | None:
        for relation in self.catalog.relations.values():
            if relation.supports_all_of_last and relation.name == "email_events":
                return relation.name
        names = [r.name for r in self.catalog.relations.values() if r.supports_all_of_last]
        return names[0] if names else None

    def _on_presence(self, p: Piece, k: int) -> int:
        cur = self._cur
        if cur is not None and cur.kind == "cond" and cur.field and (cur.awaiting or cur.bare):
            cur.cover(p)
            cur.op, cur.value, cur.awaiting = p.data, None, False
            if cur.neg:
                cur.op = "is_set" if p.data == "is_not_set" else "is_not_set"
                cur.neg = None
            return k + 1
        if cur is not None and cur.kind == "rel" and cur.subfield:
            cur.cover(p)
            cur.where.append([cur.subfield, p.data, None])
            cur.subfield = None
            return k + 1
        self._unknown(p)
        return k + 1

    def _on_bool(self, p: Piece, k: int) -> int:
        cur = self._cur
        if cur is not None and cur.kind == "cond" and cur.field:
            spec = self.catalog.field(cur.field)
            if spec.data_type is DataType.BOOLEAN:
                cur.cover(p)
                cur.op = "is_true" if p.data else "is_false"
                cur.awaiting = False
                return k + 1
        self._unknown(p)
        return k + 1
