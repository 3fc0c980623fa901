"""Requests for a figure, not an audience: metric words left unparsed ("our email conversion
rate", "average deal size", "forecast next quarter's revenue") and questions ("how much …",
"how many emails …", "what is our pipeline …", "why …"). Either is answered with an error
that says why, never with a tree (see docs/offline-translator.md).
"""

from __future__ import annotations

from nlseg.translate.offline import vocabulary as vocab
from nlseg.translate.offline.pieces import Lexed, Piece
from nlseg.translate.offline.state import TOP_LEVEL
from nlseg.translate.offline.tokens import tokenize

_LEAD = ("so", "ok", "okay", "hey", "hi", "and", "please", "but", "then", "now", "um")
# Nouns that name people or accounts, even where the catalog reads them as records.
_PEOPLE = frozenset(
    (
        *vocab.PEOPLE_SUBJECTS,
        *vocab.ACCOUNT_SUBJECTS,
        "contacts", "contact", "attendees", "attendee", "registrants", "registrant",
        "buyers", "subscribers", "participants", "recipients", "responders", "members",
        "them", "those", "these", "they", "ones",
    )
)  # fmt: skip
_SKIPPED = ("filler", "be", "prep", "cmd", "has")
_PHRASE_KINDS = ("lex", "unknown")
_REACH = 2  # words either side of a metric word that name what is measured
_METRIC_FIRST = frozenset(w.split()[0] for w in vocab.METRIC_WORDS)


def may_ask_figure(text: str) -> bool:
    """A cheap look before reading a chat turn: a metric word or a question's first word."""
    words = [t.norm for t in tokenize(text)]
    lead = next((w for w in words if w not in _LEAD), "")
    return lead in vocab.QUESTION_OPENERS or any(w in _METRIC_FIRST for w in words)


def metric_phrase(lexed: Lexed, unparsed: set[int]) -> str | None:
    """The words around the first metric word left unparsed ("email conversion rate")."""
    pieces = lexed.pieces
    for k, p in enumerate(pieces):
        if p.kind == "unknown" and p.data == "metric" and p.uid in unparsed:
            word = lexed.piece_text(p).casefold()
            if word in vocab.REQUEST_ONLY_METRICS and any(q.kind == "mark" for q in pieces[:k]):
                continue  # "who downloaded the annual report": what they did
            first = last = k
            while first > 0 and k - first < _REACH and _adjacent(pieces[first - 1], pieces[first]):
                first -= 1
            while (
                last + 1 < len(pieces)
                and last - k < _REACH
                and _adjacent(pieces[last], pieces[last + 1])
            ):
                last += 1
            return lexed.span(pieces[first].start, pieces[last].end)
    return None


def _adjacent(a: Piece, b: Piece) -> bool:
    return a.end == b.start and a.kind in _PHRASE_KINDS and b.kind in _PHRASE_KINDS


def question_phrase(lexed: Lexed) -> str | None:
    """The opening words of a question about a figure or a fact ("how much", "what is"), or
    None when the request describes people ("how many VPs …", "what VPs …")."""
    tokens = lexed.tokens
    i = 0
    while i < len(tokens) and tokens[i].norm in _LEAD:
        i += 1
    if i >= len(tokens) or tokens[i].norm not in vocab.QUESTION_OPENERS:
        return None
    first = tokens[i]
    nxt = tokens[i + 1].norm if i + 1 < len(tokens) else ""
    follows = vocab.QUESTION_OPENERS[first.norm]
    if first.norm == "how" and nxt == "many":
        return None if _about_people(lexed, i + 2, counted=True) else _shown(lexed, i, i + 2)
    if first.norm == "what":
        contracted = first.text.casefold().replace("\u2019", "'") in ("what's", "whats")
        if not (contracted or nxt in follows):
            return None  # "what VPs opened …": which people
        start = i + 1 if contracted else i + 2
        return None if _about_people(lexed, start) else _shown(lexed, i, start)
    if follows and nxt not in follows:
        return None
    return _shown(lexed, i, i + 1 + bool(follows))


def _shown(lexed: Lexed, i: int, start: int) -> str:
    """The question's opening words and the first word of what it asks about."""
    end = start
    while end < len(lexed.tokens) and lexed.tokens[end].norm in ("the", "our", "my", "a", "an"):
        end += 1
    return lexed.span(i, min(end + 1, len(lexed.tokens)))


def _about_people(lexed: Lexed, start: int, counted: bool = False) -> bool:
    """Whether the words from token ``start`` name people (an audience) rather than records
    or a figure; ``counted`` after "how many", where only a plural noun of records (or
    "times") is counted ("how many emails"), and a verb still counts people ("how many
    opened …")."""
    pieces = lexed.pieces
    k = next((k for k, p in enumerate(pieces) if p.start >= start), len(pieces))
    while k < len(pieces) and pieces[k].kind in _SKIPPED and not _people_word(lexed, pieces[k]):
        k += 1
    if k == len(pieces):
        return counted
    run = [pieces[k]]
    if counted:  # the whole noun phrase: "how many webinar attendees", "… open deals"
        while k + 1 < len(pieces) and _adjacent(pieces[k], pieces[k + 1]):
            k += 1
            run.append(pieces[k])
    if any(_names_people(lexed, p, counted) for p in run):
        return True
    if counted and run[0].kind == "lex" and lexed.tokens[run[0].start].norm.endswith("ed"):
        return True  # "how many opened emails": a verb, so people are counted
    head = run[-1]
    word = lexed.tokens[head.end - 1].norm
    if head.kind == "unknown":
        return counted and head.data != "metric" and word not in vocab.TIMES_WORDS
    if head.kind != "lex":
        return head.kind in ("seg", "owner_name", "neg", "date")
    if all(s.kind == "relation" for s in head.senses):
        return counted and not lexed.tokens[head.end - 1].text.casefold().endswith("s")
    return False


def _names_people(lexed: Lexed, p: Piece, counted: bool) -> bool:
    """People or accounts: "VPs", "customers", "attendees", "accounts"; counted, a field of
    theirs that is no kind of record too ("how many signups": contacts by created date)."""
    if _people_word(lexed, p):
        return True
    if p.kind != "lex":
        return False
    records = any(s.kind == "relation" for s in p.senses)
    return any(
        s.kind in ("subject", "condition")
        or (s.kind == "value" and _entity(s.field) in TOP_LEVEL)
        or (counted and not records and s.kind == "field" and _entity(s.field) in TOP_LEVEL)
        for s in p.senses
    )


def _people_word(lexed: Lexed, p: Piece) -> bool:
    return lexed.tokens[p.end - 1].norm in _PEOPLE


def _entity(key: str | None) -> str:
    """The entity of a field key ("contact.country" → "contact")."""
    return (key or "").split(".", 1)[0]
