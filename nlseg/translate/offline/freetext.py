"""Free text after text fields ("job title contains Head of Growth", "owned by Jane Smith",
"'VP' in their title")."""

from __future__ import annotations

from nlseg.catalog import DataType
from nlseg.translate.offline.addresses import Address
from nlseg.translate.offline.kinds import UnitKind
from nlseg.translate.offline.names import only_names
from nlseg.translate.offline.pieces import Piece
from nlseg.translate.offline.state import (
    TEXT_STOP,
    TEXTUAL,
    TOP_LEVEL,
    Pending,
    ReaderState,
)
from nlseg.translate.offline.units import Unit

_LIST_LINKS = {("conj", "or"), ("conj", "and"), ("conj", ",")}


class FreeText(ReaderState):
    def _indexed_name(self, j: int, unit: Unit) -> str | None:
        """The value-index name that piece ``j`` is, when it is a whole name of the field the
        text is for (so the text stops after it: "owned by Carl Humphries scoring 50+")."""
        key = unit.subfield if unit.kind == "rel" else unit.field
        if j >= len(self._pieces) or self._pieces[j].kind != "lex" or key is None:
            return None
        names = {v for v, _ in self.catalog.names.get(key, ())}
        for sense in self._pieces[j].senses:
            value = sense.value[0] if isinstance(sense.value, list) else sense.value
            if sense.field == key and sense.op in (None, "in") and value in names:
                return value
        return None

    def _take_text(self, k: int, unit: Unit, op: str) -> int:
        """Free text after a text field: "job title contains Head of Growth"."""
        pieces = self._pieces
        j = k
        while (
            j < len(pieces)
            and pieces[j].kind in ("filler",)
            and (self.lexed.tokens[pieces[j].start].norm in ("the", "a", "an"))
        ):
            j += 1
        if j < len(pieces) and pieces[j].kind == "quoted":
            text, end = pieces[j].data, j + 1
        elif j < len(pieces) and pieces[j].kind == "domain" and pieces[j].data.ending:
            start = self.lexed.tokens[pieces[j].start].start  # as typed, with its "." or "@"
            start -= start > 0 and self.lexed.text[start - 1] in ".@"
            text = self.lexed.text[start : self.lexed.tokens[pieces[j].start].end]
            end = j + 1
            if op == "eq" and text[:1] in ".@":
                op = "ends_with"  # "address is @acme.com": an address at that domain
        elif (name := self._indexed_name(j, unit)) is not None:
            text, end = name, j + 1  # "owned by stephane guillou": the index's Stéphane Guillou
        else:
            end = j
            while (
                end < len(pieces)
                and pieces[end].kind not in TEXT_STOP
                and not (
                    pieces[end].kind == "prep" and pieces[end].data in ("loc", "from", "account")
                )
            ):
                end += 1
            if end == j:
                return k
            text = self.lexed.span(pieces[j].start, pieces[end - 1].end)
        texts = [text]
        if op == "eq":
            end = self._more_names(end, texts)  # "city is Frankfurt or Munich"
        for piece in pieces[k:end]:
            unit.cover(piece)
        if op == "eq" and unit.neg:
            op, unit.neg = "neq", None
        elif op == "contains" and unit.neg:
            op, unit.neg = "not_contains", None
        value: str | list[str] = text
        if len(texts) > 1:
            op, value = ("not_in" if op == "neq" else "in"), texts
        if unit.kind == "rel":
            unit.where.append([unit.subfield, op, value])
            unit.subfield = None
        else:
            unit.op, unit.value, unit.awaiting = op, value, False
        return end

    def _more_names(self, end: int, texts: list[str]) -> int:
        """Further names after "or"/"and"/",", each in capitals ("Raymond Frank or Matthew
        Jones"): one field, so any of them."""
        pieces = self._pieces
        while end + 1 < len(pieces) and (pieces[end].kind, pieces[end].data) in _LIST_LINKS:
            stop = end + 1
            while stop < len(pieces) and self._capitalised(pieces[stop]):
                stop += 1
            after = pieces[stop] if stop < len(pieces) else None
            ends = after is None or after.kind in TEXT_STOP or after.kind == "prep"
            if stop == end + 1 or not ends:
                break
            texts.append(self.lexed.span(pieces[end + 1].start, pieces[stop - 1].end))
            end = stop
        return end

    def _capitalised(self, p: Piece) -> bool:
        tokens = self.lexed.tokens[p.start : p.end]
        return all(t.kind == "word" and t.is_capitalised for t in tokens)

    def _on_textop(self, p: Piece, k: int) -> int:
        cur = self._cur
        op = p.data
        if cur is not None and cur.kind == "cond" and self._is_text(cur.field):
            cur.cover(p)
            return self._take_text(k + 1, cur, op)
        if cur is not None and cur.kind == "rel" and cur.subfield and self._is_text(cur.subfield):
            cur.cover(p)
            return self._take_text(k + 1, cur, op)
        if cur is not None and cur.kind == "rel" and op == "eq":
            name = self._name_field(self.catalog.relation(cur.relation).entities)
            if name is not None:
                cur.cover(p)
                cur.subfield = name
                return self._take_text(k + 1, cur, op)
        if (
            op == "eq"
            and self.subject_entity == "account"
            and "account.name" in self.catalog.fields
        ):
            self._close()
            unit = self._new_unit("cond", p)
            unit.field, unit.awaiting = "account.name", True
            return self._take_text(k + 1, unit, op)
        self._unknown(p)
        return k + 1

    def _own_name_field(self) -> list[str]:
        """The name field of the record the request is about ("an account … its name")."""
        subjects = [u.entity for u in self.all_units if u.kind == "subject"]
        subjects += [u.entity for _, u in self._out if u.kind == "subject"]
        entity = subjects[-1] if subjects else self.subject_entity
        key = f"{entity}.name"
        return [key] if entity != "contact" and self._is_text_key(key) else []

    def _is_text_key(self, key: str) -> bool:
        return key in self.catalog.fields and self._is_text(key)

    def _name_field(self, entities) -> str | None:
        for spec in self.catalog.fields_of(entities):
            if spec.key.endswith(".name") and spec.data_type in TEXTUAL:
                return spec.key
        return None

    def _on_owner(self, p: Piece, k: int) -> int:
        nxt = self._next(k)
        names_field = (
            nxt is not None
            and nxt.kind == "unknown"
            and "owner.name" in self.catalog.fields
            and self._record_field("owner.name", nxt, boolean=True) is not None
        )
        if (
            nxt is not None
            and not only_names(nxt)
            and (nxt.kind in ("lex", "neg", "prep", "presence", "outside") or names_field)
        ):
            # "owned by an inactive rep", "whose owner is in EMEA": the words after say it.
            self._wait(p)
            self._pend.prep = "owner"
            return k + 1
        self._close()
        if "owner.name" not in self.catalog.fields:
            self._unknown(p)
            return k + 1
        unit = self._new_unit("cond", p)
        unit.field, unit.awaiting = "owner.name", True
        self._pend = Pending()
        end = self._take_text(k + 1, unit, "eq")
        if unit.awaiting:
            unit.kind = UnitKind.NONE
            unit.unknown.append(p.uid)
        elif isinstance(unit.value, str) and len(unit.value.split()) < 2:
            unit.op = "contains"  # a first name alone: any owner called so
        elif isinstance(unit.value, list) and any(len(v.split()) < 2 for v in unit.value):
            unit.kind = UnitKind.NONE  # first names among full names: not one condition
            unit.unknown.append(p.uid)
        self._close()
        return end

    def _on_owned(self, p: Piece, k: int) -> int:
        """ "APAC-owned contacts": the value just before is the owner's (its owner reading is
        taken, and the word settles the choice); with nothing of the owner's before, the word
        is reported."""
        unit = self._cur if self._cur is not None else (self._out[-1][1] if self._out else None)
        between = self.lexed.tokens[unit.last : p.start] if unit is not None else ()
        if unit is None or unit.kind != UnitKind.COND or any(t.norm != "-" for t in between):
            self._unknown(p)
            return k + 1
        if not str(unit.field).startswith("owner."):
            sense = next(
                (s for s in unit.candidates if s.field and s.field.startswith("owner.")), None
            )
            if sense is None:
                self._unknown(p)
                return k + 1
            unit.field = sense.field
            unit.value = list(sense.value) if isinstance(sense.value, tuple) else [sense.value]
        self.choices = [c for c in self.choices if c.uid not in unit.pieces]
        unit.cover(p)
        return k + 1

    def _on_domain(self, p: Piece, k: int) -> int:
        """An address phrase (:mod:`nlseg.translate.offline.addresses`): "a gmail.com email
        address", "email at acme.com", "on yahoo", ".fr addresses", "work emails only"."""
        cur = self._cur
        address: Address = p.data
        if cur is not None and cur.kind == "cond" and cur.awaiting and self._is_email(cur.field):
            cur.cover(p)
            _set_address(cur, address)
            return k + 1
        nxt = self._next(k)
        emails = [
            s.field
            for s in (nxt.senses if nxt is not None and nxt.kind == "lex" else ())
            if s.kind == "field" and self._is_email(s.field)
        ]
        if nxt is None or not emails:  # the address alone: the contact's email
            nxt = None
            emails = [key for key in self.catalog.fields if key.startswith("contact.")]
            emails = [key for key in emails if self._is_email(key)]
            if not emails:
                self._unknown(p)
                return k + 1
        emails.sort(key=lambda key: list(self.catalog.fields).index(key))
        self._close()
        unit = self._new_unit("cond", p)
        unit.field = emails[0]
        _set_address(unit, address)
        if nxt is None:
            self._apply_pending(unit)
            return k + 1
        unit.cover(nxt)
        self._pend = Pending()
        return self._pieces.index(nxt) + 1

    def _is_email(self, key: str | None) -> bool:
        return key is not None and self.catalog.field(key).data_type is DataType.EMAIL

    def _on_owner_name(self, p: Piece, k: int) -> int:
        """ "Audrey Vasseur's contacts": the owner's full name (a first name alone: contains)."""
        self._close()
        if "owner.name" not in self.catalog.fields:
            self._unknown(p)
            return k + 1
        unit = self._new_unit("cond", p)
        unit.field, unit.value = "owner.name", p.data
        unit.op = "eq" if len(p.data.split()) > 1 else "contains"
        self._close()
        return k + 1

    def _on_quoted(self, p: Piece, k: int) -> int:
        cur = self._cur
        if cur is not None and (cur.awaiting and self._is_text(cur.field)):
            return self._take_text(k, cur, "contains")
        if cur is not None and cur.kind == "rel" and cur.subfield and self._is_text(cur.subfield):
            return self._take_text(k, cur, "contains")
        # "'VP' in their title"
        j = k + 1
        pieces = self._pieces
        while j < len(pieces) and pieces[j].kind in ("prep", "filler"):
            j += 1
        if j < len(pieces) and j > k + 1 and pieces[j].kind in ("lex", "unknown"):
            text_fields = [
                s.field
                for s in pieces[j].senses
                if s.kind == "field"
                and self._is_text(s.field)
                and self.catalog.field(s.field).entity in TOP_LEVEL
            ]
            if not text_fields and self.lexed.tokens[pieces[j].start].norm in ("name", "names"):
                text_fields = self._own_name_field()  # "with 'health' in its name"
            if text_fields:
                self._close()
                unit = self._new_unit("cond", p)
                unit.field, unit.op, unit.value = text_fields[0], "contains", p.data
                if unit.neg:
                    unit.op, unit.neg = "not_contains", None
                for piece in pieces[k + 1 : j + 1]:
                    unit.cover(piece)
                self._pend = Pending()
                return j + 1
        self._unknown(p)
        return k + 1


def _set_address(unit: Unit, address: Address) -> None:
    """The unit's condition for an address phrase: one ending, or any / none of several."""
    endings = list(address.endings)
    if address.work:
        unit.op, unit.value = "ends_with_none", endings
    elif len(endings) == 1:
        unit.op, unit.value = "ends_with", endings[0]
    else:
        unit.op, unit.value = "ends_with_any", endings
    unit.awaiting = False
