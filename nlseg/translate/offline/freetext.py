"""Free text after text fields ("job title contains Head of Growth", "owned by Jane Smith",
"'VP' in their title")."""

from __future__ import annotations

from nlseg.translate.offline.pieces import Piece
from nlseg.translate.offline.state import (
    TEXT_STOP,
    TEXTUAL,
    TOP_LEVEL,
    Pending,
    ReaderState,
)
from nlseg.translate.offline.units import Unit


class FreeText(ReaderState):
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
        for piece in pieces[k:end]:
            unit.cover(piece)
        if op == "eq" and unit.neg:
            op, unit.neg = "neq", None
        elif op == "contains" and unit.neg:
            op, unit.neg = "not_contains", None
        if unit.kind == "rel":
            unit.where.append([unit.subfield, op, text])
            unit.subfield = None
        else:
            unit.op, unit.value, unit.awaiting = op, text, False
        return end

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

    def _name_field(self, entities) -> str | None:
        for spec in self.catalog.fields_of(entities):
            if spec.key.endswith(".name") and spec.data_type in TEXTUAL:
                return spec.key
        return None

    def _on_owner(self, p: Piece, k: int) -> int:
        nxt = self._next(k)
        if nxt is not None and (nxt.kind in ("lex", "neg", "prep", "presence", "outside")):
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
            unit.kind = "none"
            unit.unknown.append(p.uid)
        elif isinstance(unit.value, str) and len(unit.value.split()) < 2:
            unit.op = "contains"  # a first name alone: any owner called so
        self._close()
        return end

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
        if j < len(pieces) and j > k + 1 and pieces[j].kind == "lex":
            text_fields = [
                s.field
                for s in pieces[j].senses
                if s.kind == "field"
                and self._is_text(s.field)
                and self.catalog.field(s.field).entity in TOP_LEVEL
            ]
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
