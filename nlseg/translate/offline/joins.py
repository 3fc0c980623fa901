"""Joins: a word that completes or refines the unit before it — a value for a named field,
the records of the same relation ("attended a webinar"), a more precise field word
("sales rep region"), a field word confirming a value ("healthcare industry")."""

from __future__ import annotations

from nlseg.catalog import DataType, FieldDef
from nlseg.translate.offline import vocabulary as vocab
from nlseg.translate.offline.lexicon import Sense
from nlseg.translate.offline.pieces import Piece
from nlseg.translate.offline.state import (
    TOP_LEVEL,
    Pending,
    ReaderState,
)
from nlseg.translate.offline.tokens import singular
from nlseg.translate.offline.units import Unit


class Joins(ReaderState):
    def _words(self, key: str) -> set[str]:
        spec: FieldDef = self.catalog.field(key)
        words = set(spec.label.casefold().split())
        for synonym in spec.synonyms:
            words |= set(synonym.casefold().split())
        return words

    def _label_words(self, p: Piece) -> set[str]:
        if not any(s.kind == "field" for s in p.senses):
            return set()
        return {t.norm for t in self.lexed.tokens[p.start : p.end]}

    def _join(self, cur: Unit, p: Piece, k: int) -> bool:
        if cur.kind == "rel":
            return self._join_related(cur, p, k)
        if cur.kind == "cond":
            return self._join_condition(cur, p)
        return False

    def _names_record_value(self, cur: Unit, k: int) -> bool:
        """True when a value of the record follows, not its name ("whose account is a partner")."""
        nxt = self._next(k)
        if nxt is None or nxt.kind != "lex" or not cur.field.endswith(".name"):
            return False
        entity = self.catalog.field(cur.field).entity
        return any(
            s.kind == "value" and self.catalog.field(s.field).entity == entity for s in nxt.senses
        )

    def _names_record(self, key: str, p: Piece) -> bool:
        """``p`` is a noun of the 1:1 record ``key`` belongs to ("reps" for the owner)."""
        entity = self.catalog.field(key).entity
        words = " ".join(t.norm for t in self.lexed.tokens[p.start : p.end])
        for relation in self.catalog.relations.values():
            if relation.cardinality == "1:many" or relation.entities[0] != entity:
                continue
            nouns = {relation.noun, relation.plural, *relation.synonyms}
            if words in {n.casefold() for n in nouns} or singular(words) in nouns:
                return True
        return False

    def _names_other_field(self, cur: Unit, k: int) -> bool:
        """True when the words after "is" name another field of the same record, not a
        value ("whose account was created …", "whose owner is active")."""
        nxt = self._next(k)
        if nxt is None or nxt.kind not in ("lex", "unknown"):
            return False
        return self._record_field(cur.field, nxt) is not None

    def _record_field(self, key: str, p: Piece, boolean: bool = False) -> str | None:
        """A non-text field of ``key``'s record whose name holds every word of ``p``."""
        entity = self.catalog.field(key).entity
        words = {t.norm for t in self.lexed.tokens[p.start : p.end]}
        for spec in self.catalog.fields_of([entity]):
            if spec.key == key or spec.data_type in (DataType.TEXT, DataType.EMAIL):
                continue
            if boolean and spec.data_type is not DataType.BOOLEAN:
                continue
            if words <= self._words(spec.key):
                return spec.key
        return None

    def _compound_field(self, cur: Unit, p: Piece) -> bool:
        """A second field word naming the field more precisely: the same field, or a field of
        the same record ("engagement score", "sales rep region")."""
        fields = [s.field for s in p.senses if s.kind == "field"]
        if not fields:
            # "whose owner is no longer active": the words of a yes/no field of that record
            key = self._record_field(cur.field, p, boolean=True)
            if key is None:
                return False
            cur.field, cur.op, cur.awaiting = key, "is_true", False
            cur.cover(p)
            return True
        if cur.field in fields:
            cur.cover(p)
            return True
        entity = self.catalog.field(cur.field).entity
        words = self._label_words(p)
        for spec in self.catalog.fields_of([entity]):
            if spec.key != cur.field and words and words <= self._words(spec.key):
                cur.field = spec.key
                cur.cover(p)
                if spec.data_type is DataType.BOOLEAN:
                    cur.op, cur.awaiting = "is_true", False
                return True
        return False

    def _join_condition(self, cur: Unit, p: Piece) -> bool:
        spec = self.catalog.field(cur.field) if cur.field else None
        if spec is None:
            return False
        if cur.awaiting and self._compound_field(cur, p):
            return True
        if cur.awaiting:
            for s in p.senses:
                if s.kind == "value" and s.field == cur.field:
                    self._set_value(cur, s, p)
                    return True
            # "stage is Negotiation": the value tells which field "stage" meant.
            named = {t.norm for t in self.lexed.tokens[cur.first : cur.last]}
            for s in p.senses:
                if (
                    s.kind == "value"
                    and named
                    and named
                    <= self._words(s.field) | {"is", "are", "the", "not", "whose", "their", "of"}
                ):
                    target = self.catalog.field(s.field)
                    if target.entity in TOP_LEVEL:
                        cur.field = s.field
                        self._set_value(cur, s, p)
                    else:
                        relation = self._relation_for(target.entity)
                        if relation is None:
                            return False
                        cur.kind, cur.relation, cur.implicit = "rel", relation, True
                        cur.where = [[s.field, "not_in" if cur.neg else "in", [s.value]]]
                        cur.neg, cur.awaiting, cur.field = None, False, None
                        cur.cover(p)
                    return True
            # "reps in EMEA": the word named the record; its value says which field.
            entity = spec.entity
            naming = spec.key.endswith(".name") and entity in ("account", "owner")
            for s in p.senses if naming else ():
                if s.kind == "value" and self.catalog.field(s.field).entity == entity:
                    cur.field = s.field
                    self._set_value(cur, s, p)
                    return True
            return False
        if cur.bare or cur.op in ("in", "contains_any"):
            fields = [s.field for s in p.senses if s.kind == "field"]
            if not fields:
                return False
            if cur.field in fields or self._label_words(p) <= self._words(cur.field):
                cur.cover(p)
                return True
            if self._names_record(cur.field, p) and not any(s.kind == "subject" for s in p.senses):
                cur.cover(p)  # "EMEA reps": the noun of the record the value belongs to
                return True
            for candidate in cur.candidates:
                if candidate.field in fields:
                    cur.field = candidate.field
                    cur.value = (
                        list(candidate.value)
                        if isinstance(candidate.value, tuple)
                        else [candidate.value]
                    )
                    cur.cover(p)
                    self.choices = [c for c in self.choices if c.uid not in cur.pieces]
                    return True
        return False

    def _set_value(self, cur: Unit, s: Sense, p: Piece) -> None:
        spec = self.catalog.field(s.field)
        values = list(s.value) if isinstance(s.value, tuple) else [s.value]
        cur.op = "contains_any" if spec.data_type is DataType.MULTI_TEXT else "in"
        cur.value, cur.awaiting = values, False
        cur.candidates = [x for x in p.senses if x.kind == "value" and x.field == s.field]
        cur.bare = True
        cur.cover(p)

    def _on_account(self, cur: Unit, p: Piece) -> bool:
        """ "deals on their account": the account's records, not the contact's own."""
        if self._pend.prep != "loc" or not any(
            s.kind == "subject" and s.entity == "account" for s in p.senses
        ):
            return False
        relation = self.catalog.relation(cur.relation)
        for other in self.catalog.relations.values():
            if (
                other.name != relation.name
                and other.cardinality == "1:many"
                and other.anchor_column == "account_id"
                and relation.entities[0] in other.entities
            ):
                cur.relation = other.name
                for w in self._pend.pieces:
                    cur.cover(w)
                self._pend = Pending()
                cur.cover(p)
                self.choices = [c for c in self.choices if c.uid not in cur.pieces]
                return True
        return False

    def _join_related(self, cur: Unit, p: Piece, k: int) -> bool:
        if self._on_account(cur, p):
            return True
        relation = self.catalog.relation(cur.relation)
        entities = set(relation.entities)
        if cur.subfield is not None:
            for s in p.senses:
                if s.kind == "value" and s.field == cur.subfield:
                    op = "not_in" if cur.subneg else "in"
                    cur.where.append([s.field, op, [s.value]])
                    cur.subfield, cur.subneg = None, False
                    cur.cover(p)
                    return True
            return False
        for s in p.senses:
            if s.kind == "value" and s.field and self.catalog.field(s.field).entity in entities:
                if s.weak and not self._supports_weak(s, p, k) and not self._in_relation_words(p):
                    continue
                self._add_where(cur, s.field, [s.value])
                cur.cover(p)
                cur.verb_only = False
                return True
        for s in p.senses:  # a name of the related records ("opened the monthly newsletter")
            if (
                s.kind == "condition"
                and s.field
                and self.catalog.field(s.field).entity in entities
                and s.relation in (None, cur.relation)
            ):
                self._add_where(cur, s.field, s.value, s.op or "in")
                cur.cover(p)
                cur.verb_only = False
                return True
        for s in p.senses:
            if s.kind == "relation" and s.relation == cur.relation:
                for f, op, v in s.where:
                    self._add_where(cur, f, list(v) if isinstance(v, tuple) else v, op)
                cur.cover(p)
                cur.verb_only = False
                self._take_topic(cur, p)
                return True
        for s in p.senses:
            if s.kind == "relation" and not s.where:
                other = self.catalog.relation(s.relation)
                if entities & set(other.entities):
                    cur.cover(p)  # "opened … campaigns": the campaign of the email event
                    return True
        for s in p.senses:
            if s.kind == "field" and s.field and self.catalog.field(s.field).entity in entities:
                spec = self.catalog.field(s.field)
                cur.cover(p)
                if spec.data_type is DataType.BOOLEAN:
                    cur.where.append([s.field, "is_false" if self._pend.neg else "is_true", None])
                else:
                    cur.subfield = s.field
                return True
        words = self._label_words(p)
        if words and any(words <= self._words(w[0]) for w in cur.where):
            cur.cover(p)  # "in the Negotiation stage"
            return True
        return False

    def _take_topic(self, cur: Unit, p: Piece) -> None:
        """Words not understood right before the noun of the records name what they were
        about ("the pricing page", "the request-a-demo form"): their subject contains them."""
        key = vocab.TOPIC_FIELDS.get(cur.relation)
        if key is None or key not in self.catalog.fields:
            return
        run: list[Piece] = []
        for uid in range(p.uid - 1, -1, -1):
            piece = self.lexed.pieces[uid]
            if piece.kind != "unknown" or uid not in cur.unknown:
                break
            run.insert(0, piece)
        if not run:
            return
        text = self.lexed.span(run[0].start, run[-1].end).replace("-", " ")
        cur.unknown = [u for u in cur.unknown if u not in {r.uid for r in run}]
        cur.where.append([key, "contains", text])

    def _in_relation_words(self, p: Piece) -> bool:
        return any(s.kind == "relation" for s in p.senses)

    def _add_where(self, cur: Unit, key: str, values, op: str = "in") -> None:
        if op != "in" or not isinstance(values, list):
            if [key, op, values] not in cur.where:
                cur.where.append([key, op, values])
            return
        for w in cur.where:
            if w[0] == key and w[1] == "in":
                w[2] = list(dict.fromkeys([*w[2], *values]))
                return
        cur.where.append([key, "in", list(values)])
