"""The kinds the offline reader works with, as enums: tokens, senses, pieces and units.

Every ``kind`` the lexer and the grammar produce or compare is a member of one of these
(``tests/test_offline_kinds.py`` checks the source), so a misspelt kind fails instead of
silently never matching. :class:`PieceKind` is what the grammar dispatches on, the way
sqlglot's parser dispatches on token types (see ``Reader._STEPS``).
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["FutureKind", "PieceKind", "SenseKind", "TokenKind", "UnitKind"]


class TokenKind(StrEnum):
    """What :func:`tokenize` found."""

    WORD = "word"
    QUOTED = "quoted"
    NUMBER = "number"
    PUNCT = "punct"
    SYMBOL = "symbol"
    ISODATE = "isodate"
    ORDINAL = "ordinal"


class FutureKind(StrEnum):
    """What a phrase about the future asks for."""

    PREDICTION = "prediction"  # "likely to buy": not answerable from the data
    WINDOW = "window"  # "closing next week": a date window ahead


class SenseKind(StrEnum):
    """What a word of the lexicon can mean."""

    VALUE = "value"
    FIELD = "field"
    RELATION = "relation"
    CONDITION = "condition"
    PREDICTION = "prediction"
    SUBJECT = "subject"


class PieceKind(StrEnum):
    """A recognised run of tokens (a :class:`~nlseg.translate.offline.pieces.Piece`)."""

    # grammar words (data/grammar.toml)
    NEG = "neg"  # "not", "never", "no"
    EXCL = "excl"  # "except", "excluding"
    CMP = "cmp"  # "more than", "at least"
    POST = "post"  # "or more", "and up"
    CONJ = "conj"  # "and", "or", ","
    MARK = "mark"  # "who", "that", "whose"
    PREP = "prep"  # "in", "at", "from"
    OUTSIDE = "outside"  # "outside", "not in"
    TEXTOP = "textop"  # "contains", "starts with"
    OWNER = "owner"  # "owned by"
    OWNED = "owned"  # "APAC-owned": the value before is the owner's
    PRESENCE = "presence"  # "missing", "blank"
    BOOL = "bool"  # "opted in", "yes"
    ALL = "all"  # "all of"
    ANYOF = "anyof"  # "any of"
    HAS = "has"  # "with", "has"
    BE = "be"  # "is", "are"
    FILLER = "filler"  # "the", "people", "please"
    CMD = "cmd"  # "show me", "find"
    INSTR = "instr"  # "sort by …": an instruction nlseg does not carry out
    # values the lexer parses
    NUM = "num"  # "50k", "$2M+"
    RANGE = "range"  # "20-100M", "between 5 and 20 million"
    DATE = "date"  # "last month", "since March"
    SPAN = "span"  # "30 days"
    FUTURE = "future"  # "next week"
    LASTN = "lastn"  # "our last 3 campaigns"
    LATEST = "latest"  # "last contacted"
    QUOTED = "quoted"  # "'Spring Launch'"
    DOMAIN = "domain"  # "@initech.com", ".fr"
    OWNER_NAME = "owner_name"  # an owner's name from the value index
    SEG = "seg"  # a saved segment
    SEG_UNKNOWN = "seg_unknown"  # "in segment X" where X does not exist
    LEX = "lex"  # a catalog word: field, value or relation (its senses)
    UNKNOWN = "unknown"  # a word nlseg does not know


class UnitKind(StrEnum):
    """What the grammar builds from pieces (a :class:`~nlseg.translate.offline.units.Unit`)."""

    COND = "cond"  # a condition on a field of the contact, its account or owner
    REL = "rel"  # a related-records node
    SUBJECT = "subject"  # the noun heading the request ("leads", "accounts")
    SEG = "seg"  # a saved segment reference
    NONE = "none"  # words that gave no condition (reported)
