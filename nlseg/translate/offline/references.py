"""Vague references: "the event", "the campaign" — one record the request does not name.

The offline engine asks which one (:mod:`nlseg.translate.offline.clarify`);
:func:`reference_assumption` is the reading it would otherwise give — any such record —
for answers where a question is not asked.
"""

from __future__ import annotations

from nlseg.catalog import Catalog
from nlseg.translate.offline.pieces import Lexed, Piece
from nlseg.translate.offline.state import TEXTUAL
from nlseg.translate.offline.tokens import singular
from nlseg.translate.offline.units import Unit
from nlseg.translate.result import Alternative, Assumption

_DEFINITE = ("the", "this", "that")
# "that" is a demonstrative only after these ("from that campaign"); elsewhere it opens a
# relative clause ("people that attended").
_BEFORE_THAT = ("from", "in", "at", "to", "for", "of", "on", "with", "by", "into", "about")


def vague_references(lexed: Lexed, units: list[Unit], catalog: Catalog) -> list[str]:
    """The words of each singular definite noun of related records that nothing identifies
    ("the event"), for units kept in the tree."""
    out: list[str] = []
    for unit in units:
        if unit.kind != "rel" or unit.window is not None or unit.last_campaigns:
            continue
        if unit.count is not None or _named(unit, catalog):
            continue
        for uid in unit.pieces:
            piece = lexed.pieces[uid]
            if _definite_noun(lexed, piece):
                out.append(lexed.span(piece.start - 1, piece.end))
    return list(dict.fromkeys(out))


def _named(unit: Unit, catalog: Catalog) -> bool:
    """A name or any other free text says which record ("the 'Q3 launch' webinar")."""
    return any(catalog.field(key).data_type in TEXTUAL for key, _, _ in unit.where)


def _definite_noun(lexed: Lexed, piece: Piece) -> bool:
    """ "the event": a singular noun of related records right after "the"/"this" (a value
    such as "the whitepaper", a campaign type, reads as any record of that type)."""
    if piece.kind != "lex" or piece.end - piece.start != 1 or piece.start == 0:
        return False
    token = lexed.tokens[piece.start]
    article = lexed.tokens[piece.start - 1].norm
    if article not in _DEFINITE or singular(token.norm) != token.norm:
        return False
    if article == "that" and (
        piece.start < 2 or lexed.tokens[piece.start - 2].norm not in _BEFORE_THAT
    ):
        return False
    return any(s.kind == "relation" for s in piece.senses)


def reference_assumption(about: str) -> Assumption:
    noun = about.split(maxsplit=1)[-1]
    return Assumption(
        about=about,
        chosen=f"any {noun}: the request does not say which one",
        alternatives=[Alternative(label=f"one particular {noun}: say which (its name)")],
    )
