"""Readings: which sense of a catalog phrase a word takes, and the unit it starts.

Context decides where it can (the subject, a preposition, a field named next to it, a
number before it, a date after it); otherwise the lowest-ranked reading — the documented
default — is taken and recorded as a :class:`Choice` with the equally supported others.
"""

from __future__ import annotations

from nlseg.catalog import DataType
from nlseg.translate.offline import vocabulary as vocab
from nlseg.translate.offline.dates import recently
from nlseg.translate.offline.kinds import UnitKind
from nlseg.translate.offline.lexicon import Sense
from nlseg.translate.offline.pieces import Piece
from nlseg.translate.offline.state import (
    DATES,
    NUMERIC,
    TEXTUAL,
    TOP_LEVEL,
    Choice,
    Pending,
    ReaderState,
)
from nlseg.translate.offline.units import Unit

_RECENT_UID = -100_000  # overrides of an implied "recently" window, apart from the word's own


class Readings(ReaderState):
    def _on_lex(self, p: Piece, k: int) -> int:
        if p.corrected:
            shown = next((s.value for s in p.senses if isinstance(s.value, str)), p.corrected)
            self.corrections.append((self.lexed.piece_text(p), shown))
        if self._record_boolean(p):
            return k + 1
        if self._same_records_object(p, k):
            return k + 1
        cur = self._cur
        counted = self._pend.number is not None
        if cur is not None and (not self._pend.meaningful() or counted) and self._join(cur, p, k):
            if counted:
                pend = self._pend
                for w in pend.pieces:
                    cur.cover(w)
                self._pend = Pending()
                self._apply_number(cur, pend.cmp, pend.number, pend.rng, pend.number_uid)
            return k + 1
        if self._counted_modifier(p):
            return k + 1
        if counted and cur is not None and cur.kind == "rel":
            self._close()
        if (
            cur is not None
            and cur.kind == "cond"
            and cur.awaiting
            and self._is_text(cur.field)
            and self._previous(k) is not None
            and self._previous(k).uid == cur.pieces[-1]
        ):
            return self._take_text(k, cur, "contains")  # "job title VP of sales"
        reading = self._field_reading(p, k)
        if reading is not None:
            self._close()
            self._start_field(p, reading)
            return k + 1
        sense = self._reach_sense(p) or self._choose(p, k)
        if sense is None:
            self._unknown(p)
            return k + 1
        self._close()
        self._start(p, sense)
        return k + 1

    def _field_reading(self, p: Piece, k: int) -> str | None:
        """The field a word names when what follows (or precedes) is about a field's value."""
        fields = [s.field for s in p.senses if s.kind == "field"]
        if not fields:
            return None
        nxt = self._next(k)
        pend = self._pend
        if any(s.kind == "subject" for s in p.senses) and not (
            nxt is not None and nxt.kind in ("be", "textop", "quoted", "presence")
        ):
            return None  # "accounts with no deals": who, not a field
        wanted: tuple = ()
        if nxt is not None:
            if nxt.kind == "cmp" and nxt.data in ("eq", "neq"):
                wanted = tuple(DataType)  # "country = Germany"
            elif nxt.kind in ("cmp", "num", "range"):
                wanted = NUMERIC
            elif nxt.kind == "date":
                wanted = DATES
            elif nxt.kind in ("textop", "quoted"):
                wanted = TEXTUAL
            elif nxt.kind in ("be", "presence", "bool", "neg") or (
                nxt.kind == "lex"
                and any(s.kind == "value" for s in nxt.senses)
                and not any(s.kind == "relation" for s in nxt.senses)
            ):
                wanted = tuple(DataType)
        if pend.cmp or pend.number or pend.rng:
            wanted = NUMERIC
        generic = False
        if not wanted and (pend.has or pend.neg in ("no", "never")):
            # "with a phone", "no company name": presence, unless the word is a relation.
            if any(s.kind in ("relation", "condition") for s in p.senses):
                return None
            wanted = tuple(DataType)
        if not wanted:
            if any(s.kind != "field" for s in p.senses):
                return None
            wanted, generic = tuple(DataType), True
        elif wanted == tuple(DataType):
            generic = True
        ranked = [f for f in fields if self.catalog.field(f).data_type in wanted]
        if not ranked:
            return None
        if generic and any(s.kind == "relation" for s in p.senses):
            return None
        ranked.sort(key=self._field_order)
        ranked = self._near_record_first(ranked, k)
        top = [f for f in ranked if self.catalog.field(f).entity in TOP_LEVEL]
        if len({self.catalog.field(f).entity for f in top}) > 1 and ranked[0] in top:
            # "company name": the contact's own field or the account's; the first by default.
            self.choices.append(
                Choice(
                    p.uid,
                    self._about(p),
                    self.catalog.field(ranked[0]).label,
                    [
                        (i, self.catalog.field(f).label)
                        for i, f in enumerate(ranked)
                        if i and f in top
                    ],
                )
            )
        option = self.overrides.get(p.uid, 0)
        return ranked[option] if option < len(ranked) else ranked[0]

    def _near_record_first(self, ranked: list[str], k: int) -> list[str]:
        """A field word right after a record's noun is that record's field: "accounts
        created before 2024", "whose account was added last month", "companies not updated
        in a year" (the account's created or updated date, not the contact's)."""
        if not any(self.catalog.field(f).entity in TOP_LEVEL for f in ranked):
            return ranked  # "deal created": the words name their own records
        entity = self._noun_before(k)
        if entity is None or entity == "contact":
            return ranked
        if not any(self.catalog.field(f).entity == entity for f in ranked):
            twins = [f"{entity}.{f.split('.', 1)[1]}" for f in ranked]
            ranked = [t for t in twins if t in self.catalog.fields][:1] + ranked
        return sorted(ranked, key=lambda f: self.catalog.field(f).entity != entity)

    def _noun_before(self, k: int) -> str | None:
        """The top-level record (contact or account) named right before piece ``k``, across
        "that", "who", "whose", "was", "haven't been" …; None when something else stands
        between."""
        tokens = self.lexed.tokens
        j = k - 1
        while j >= 0 and self._pieces[j].kind in ("filler", "be", "neg", "mark"):
            j -= 1
        if j < 0 and not self._out and self.all_units:  # "accounts that haven't been updated"
            last = self.all_units[-1]
            return last.entity if last.kind == "subject" else None
        if j < 0:
            return None
        q = self._pieces[j]
        if q.kind != "lex" or tokens[q.end - 1].norm in ("their", "its"):
            return None
        if tokens[q.end - 1].norm in vocab.ACCOUNT_SUBJECTS:
            return "account"  # "accounts", "companies", "whose account"
        if any(s.kind == "subject" for s in q.senses):
            return q.senses[0].entity if q.senses[0].kind == "subject" else None
        return None

    def _field_order(self, key: str) -> tuple:
        """Fields a word names: the contact's first, or the account's when accounts are meant."""
        entity = self.catalog.field(key).entity
        order = {"contact": 0, "account": 1, "owner": 2}.get(entity, 3)
        if self.subject_entity == "account" and entity == "account":
            order = -1
        return (order, list(self.catalog.fields).index(key))

    def _headcount(self, p: Piece) -> bool:
        """ "over 100 people", "100+ person companies": a number of people right before
        their noun, with nothing else to count, is the company's headcount."""
        pend = self._pend
        if (pend.number is None and pend.rng is None) or pend.unknown or pend.date is not None:
            return False
        if not pend.pieces:
            return False
        between = self.lexed.tokens[pend.pieces[-1].end : p.start]
        if any(t.norm != "-" for t in between):  # "100 people", "a 10-person company"
            return False
        words = {t.norm for t in self.lexed.tokens[p.start : p.end]}
        key = vocab.HEADCOUNT_FIELD
        if not words or not words <= vocab.HEADCOUNT_NOUNS or key not in self.catalog.fields:
            return False
        self._close()
        self._start_field(p, key)
        self._close()
        return True

    def _start_field(self, p: Piece, key: str) -> None:
        spec = self.catalog.field(key)
        if spec.entity in TOP_LEVEL:
            unit = self._new_unit("cond", p)
            unit.field, unit.awaiting = key, True
            if spec.data_type is DataType.BOOLEAN:
                unit.op, unit.awaiting = "is_true", False
            self._apply_pending(unit)
            return
        relation = self._relation_for(spec.entity)
        if relation is None:
            self._unknown(p)
            return
        unit = self._new_unit("rel", p)
        unit.relation, unit.implicit = relation, True
        if spec.data_type is DataType.BOOLEAN:
            unit.where.append([key, "is_true", None])
        else:
            unit.subfield = key
        self._apply_pending(unit)

    def _relation_for(self, entity: str) -> str | None:
        """The 1:many relation whose records carry ``entity`` (the account's deals when the
        request is about accounts)."""
        options = [
            r
            for r in self.catalog.relations.values()
            if r.cardinality == "1:many" and entity in r.entities
        ]
        if not options:
            return None
        if self.subject_entity == "account" or self._account_hint():
            on_account = [r for r in options if r.anchor_column == "account_id"]
            if on_account:
                return on_account[0].name
        return options[0].name

    def _account_hint(self) -> bool:
        """The last record named before is an account ("contacts at companies with three
        open deals": the companies' deals)."""
        if any(u.kind == "subject" and u.entity == "account" for _, u in self._out):
            return True
        tokens = self.lexed.tokens
        if any(tokens[u.last - 1].norm in vocab.ACCOUNT_SUBJECTS for _, u in self._out):
            return True  # "software companies", "large accounts": a value naming companies
        subjects = [u for u in self.all_units if u.kind == "subject"]
        return (
            bool(subjects)
            and subjects[-1].entity == "account"
            and any(u.kind == "subject" for u in self.all_units[-1:])
        )

    def _score(self, sense: Sense, p: Piece, k: int) -> float:
        score = 0.0
        pend = self._pend
        spec = self.catalog.fields.get(sense.field) if sense.field else None
        if sense.weak and not self._supports_weak(sense, p, k):
            return -1000.0
        account = self.subject_entity == "account" or self._account_hint() or self._account_next(k)
        if spec is not None:
            if account and spec.entity == "account":
                score += 20
            if pend.prep == "from" and spec.key == "contact.lead_source":
                score += 50
            if pend.prep == "account" and spec.entity == "account":
                score += 50
            if pend.prep == "owner" and spec.entity == "owner":
                score += 50
            context = vocab.FIELD_CONTEXT_WORDS.get(spec.key, ())
            if self._token_before(p) in context or self._token_after(p) in context:
                score += 30
        if sense.kind == "relation":
            relation = self.catalog.relation(sense.relation)
            if account and relation.anchor_column == "account_id":
                score += 20
            if pend.number is not None or pend.cmp:
                score += 30
            if pend.prep == "from" and any(s.field == "contact.lead_source" for s in p.senses):
                score -= 5
        return score

    def _token_before(self, p: Piece) -> str | None:
        k = p.start - 1
        tokens = self.lexed.tokens
        while k >= 0 and tokens[k].norm in ("the", "a", "an", "only", "fluent"):
            k -= 1
        return tokens[k].norm if k >= 0 else None

    def _token_after(self, p: Piece) -> str | None:
        tokens = self.lexed.tokens
        return tokens[p.end].norm if p.end < len(tokens) else None

    def _dated(self, sense: Sense) -> bool:
        """Can a date that follows apply to this reading ("unsubscribed last month")?"""
        if sense.kind == "relation":
            return self.catalog.relation(sense.relation).timestamp_field is not None
        return sense.field is not None and self._is_date(sense.field)

    def _account_next(self, k: int) -> bool:
        """An account noun follows, maybe after values of account fields ("German software
        companies": German companies)."""
        j = k + 1
        while j < len(self._pieces):
            nxt = self._pieces[j]
            if nxt.kind != "lex" or not nxt.senses:
                return False
            first = nxt.senses[0]
            if first.kind == "subject":
                return first.entity == "account"
            if self.lexed.tokens[nxt.end - 1].norm in vocab.ACCOUNT_SUBJECTS:
                return True  # a value naming companies: "software companies"
            fields = [self.catalog.fields.get(s.field) for s in nxt.senses if s.kind == "value"]
            if not fields or any(f is None or f.entity != "account" for f in fields):
                return False
            j += 1
        return False

    def _supports_weak(self, sense: Sense, p: Piece, k: int) -> bool:
        """A weak reading needs capitals, its field named next to it, or a fitting preposition."""
        if p.data == "strong":
            return True
        if self._pend.prep == "from" and sense.field == "contact.lead_source":
            return True
        for q in (self._next(k), self._previous(k)):
            if q is not None and q.kind == "lex":
                if any(s.kind == "field" and s.field == sense.field for s in q.senses):
                    return True
                if sense.field and any(self._holds(s, sense.field) for s in q.senses):
                    return True  # "content campaigns": the records the value is of
                if (
                    self._label_words(q)
                    and sense.field
                    and self._label_words(q) <= self._words(sense.field)
                ):
                    return True
        return False

    def _holds(self, sense: Sense, key: str) -> bool:
        """Does ``sense`` name records of a relation whose records have the field ``key``?"""
        if sense.kind != "relation" or sense.relation is None:
            return False
        entity = self.catalog.field(key).entity
        return entity != "contact" and entity in self.catalog.relation(sense.relation).entities

    def _choose(self, p: Piece, k: int) -> Sense | None:
        # A yes/no field is a condition in itself ("unsubscribed", "opted out").
        options = [s for s in p.senses if s.kind != "field" or self._is_boolean(s.field)]
        if not options:
            return None
        if p.uid in self.overrides and self.overrides[p.uid] < len(options):
            return options[self.overrides[p.uid]]
        nxt = self._next(k)
        dated = nxt is not None and nxt.kind == "date"
        scored = [
            (self._score(s, p, k) + (10 if dated and self._dated(s) else 0), -s.rank, -i, s)
            for i, s in enumerate(options)
        ]
        best = max(scored, key=lambda t: t[:3])
        if best[0] <= -1000:
            return None
        sense = best[3]
        # Readings as well supported by the context as the chosen one are its alternatives.
        tied = [s for score, _, _, s in scored if score == best[0]]
        others = self._alternatives(options, tied, sense, p, k)
        if others:
            label = f"{sense.label} is true" if sense.kind == "field" else sense.label
            self.choices.append(Choice(p.uid, self._about(p), label, others))
        return sense

    def _alternatives(self, options: list[Sense], tied, chosen: Sense, p: Piece, k: int):
        out = []
        for i, s in enumerate(options):
            if (
                s is chosen
                or all(s is not t for t in tied)
                or s.quiet
                or (s.weak and not self._supports_weak(s, p, k))
            ):
                continue
            if (
                s.kind == chosen.kind
                and s.field == chosen.field
                and s.value == chosen.value
                and (s.relation == chosen.relation and s.where == chosen.where)
            ):
                continue
            if (
                chosen.kind == "relation"
                and s.kind == "value"
                and s.field
                and (any(w[0] == s.field for w in chosen.where))
            ):
                continue  # the same records named twice ("webinar" the relation and the value)
            out.append((i, s.label))
        return out

    def _about(self, p: Piece) -> str:
        """The words of a piece, with the preposition and article before it ("in the UK")."""
        start = p.start
        tokens = self.lexed.tokens
        back = start
        while back > 0 and tokens[back - 1].norm in ("the", "a", "an", "our"):
            back -= 1
        if back > 0 and tokens[back - 1].norm in ("in", "from", "at", "outside"):
            back -= 1
        if back < start and tokens[back].norm in ("in", "from", "at", "outside"):
            start = back
        return self.lexed.span(start, p.end)

    def _about_uid(self, uid: int) -> str:
        piece = self.lexed.pieces[uid]
        nxt = self.lexed.pieces[uid + 1] if uid + 1 < len(self.lexed.pieces) else None
        end = nxt.end if nxt is not None and nxt.kind == "lex" else piece.end
        return self.lexed.span(piece.start, end)

    def _start(self, p: Piece, sense: Sense) -> None:
        kind = sense.kind
        if kind == "field":
            self._start_field(p, sense.field)
            return
        if kind == "subject":
            unit = self._new_unit("subject", p)
            unit.entity, unit.head = sense.entity, True
            self._apply_pending(unit)
            name = f"{sense.entity}.name"
            if unit.neg and sense.entity != "contact" and name in self.catalog.fields:
                # "not linked to any account": no account at all (its name is not set)
                unit.kind, unit.field, unit.op, unit.neg = "cond", name, "is_not_set", None
                unit.head = False
            elif unit.neg:
                unit.kind = UnitKind.NONE
                unit.unknown.append(p.uid)
            return
        if kind == "condition":
            spec = self.catalog.field(sense.field)
            relation = None
            if spec.entity not in TOP_LEVEL:  # the relation the value is used through, if known
                relation = sense.relation or self._relation_for(spec.entity)
            if relation is None:
                unit = self._new_unit("cond", p)
                unit.field, unit.op, unit.value = sense.field, sense.op, sense.value
            else:  # "the growth summit": a condition on related records' field
                unit = self._new_unit("rel", p)
                unit.relation, unit.implicit, unit.bare = relation, True, True
                unit.where = [[sense.field, sense.op, sense.value]]
            self._apply_pending(unit)
            return
        if kind == "relation":
            unit = self._new_unit("rel", p)
            unit.relation = sense.relation
            unit.where = [[f, op, v] for f, op, v in sense.where]
            unit.verb_only = True
            self._apply_pending(unit)
            self._take_topic(unit, p)
            if sense.recent and unit.window is None:
                # "active": records in the "recently" window; its own uid for the choice
                recent = Piece("date", p.start, p.end, data=recently(), uid=_RECENT_UID - p.uid)
                self._attach_date(unit, recent)
            return
        # a picklist value
        if self._reached(p, sense):
            return
        if sense.vague and p in self._pieces and self._names_same_field(sense.field, p):
            self._unknown(p)  # "senior managers": a job title's word, not a seniority of its own
            return
        spec = self.catalog.field(sense.field)
        values = list(sense.value) if isinstance(sense.value, tuple) else [sense.value]
        if spec.entity in TOP_LEVEL:
            unit = self._new_unit("cond", p)
            unit.field = spec.key
            unit.op = "contains_any" if spec.data_type is DataType.MULTI_TEXT else "in"
            unit.value = values
            unit.bare = not self._pend.neg and not self._pend.number and not self._pend.cmp
            unit.head = unit.prep is None and not self._out_has_modifier()
            unit.candidates = [s for s in p.senses if s.kind == "value"]
            self._apply_pending(unit)
            return
        relation = self._relation_for(spec.entity)
        if relation is None:
            self._unknown(p)
            return
        unit = self._new_unit("rel", p)
        unit.relation, unit.implicit = relation, True
        unit.where = [[spec.key, "in", values]]
        unit.bare = True
        unit.candidates = [s for s in p.senses if s.kind == "value"]
        self._apply_pending(unit)

    def _reached(self, p: Piece, sense: Sense) -> bool:
        """ "contacts that reached SQL", "haven't reached MQL yet": a verb of progress right
        before a value of a ranked field (REACH_VERBS) is that value or further along, not
        the records the verb names elsewhere ("reached" is also contacting someone)."""
        spec = self.catalog.field(sense.field)
        if not self._out or not spec.ranks or not isinstance(sense.value, str):
            return False
        conn, verb = self._out[-1]
        if not self._reach_verb(verb, p):
            return False
        values = spec.ranked(sense.value, "gte")
        if values is None:
            return False
        self._out.pop()
        self.all_units.remove(verb)
        self._conn = conn
        unit = self._new_unit(UnitKind.COND, p)
        for uid in verb.pieces:
            unit.pieces.append(uid)
        unit.first, unit.neg = verb.first, verb.neg
        unit.field, unit.op, unit.value = spec.key, "in", values
        self._apply_pending(unit)
        return True

    def _reach_verb(self, verb: Unit | None, p: Piece) -> bool:
        if verb is None or verb.kind != UnitKind.REL or not verb.verb_only or verb.window:
            return False
        if verb.last != p.start:
            return False
        words = " ".join(t.norm for t in self.lexed.tokens[verb.first : verb.last])
        return any(f" {w} " in f" {words} " for w in vocab.REACH_VERBS)

    def _reach_sense(self, p: Piece) -> Sense | None:
        """After a verb of progress or a comparison with no number, the reading of a word as
        a ranked field's value wins ("made it to opportunity", "got to opportunity" are the
        lifecycle stage, not a deal)."""
        pend = self._pend
        compared = pend.cmp is not None and pend.number is None and pend.rng is None
        if not compared and not self._reach_verb(self._cur, p):
            return None
        ranked = (s for s in p.senses if s.kind == "value" and s.field and isinstance(s.value, str))
        return next((s for s in ranked if self.catalog.field(s.field).ranks), None)

    def _names_same_field(self, key: str, p: Piece) -> bool:
        nxt = self._next(self._pieces.index(p))
        return nxt is not None and any(s.field == key for s in nxt.senses)

    def _out_has_modifier(self) -> bool:
        return any(not u.head for _, u in self._out)
