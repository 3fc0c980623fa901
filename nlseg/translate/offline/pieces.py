"""Pieces: the request as a sequence of recognised units — dates, numbers, comparatives,
negations, connectors, segment references and catalog phrases — each covering tokens.

Recognisers run at each position in a fixed order (segment references, "our last N
campaigns", dates, number ranges, numbers, then the longest of a grammar phrase and a
catalog phrase, then near-miss correction); what none recognises is ``unknown``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from nlseg.translate.offline import vocabulary as vocab
from nlseg.translate.offline.addresses import Address, address_at, provider_norms
from nlseg.translate.offline.dates import DateMatch, parse_date, parse_span
from nlseg.translate.offline.future import parse_future
from nlseg.translate.offline.kinds import PieceKind
from nlseg.translate.offline.lexicon import Lexicon, Sense
from nlseg.translate.offline.numbers import parse_number
from nlseg.translate.offline.spelling import correct, split_compounds
from nlseg.translate.offline.tokens import Token, tokenize

# Kinds of grammar phrases, longest match first.
_GRAMMAR: list[tuple[str, dict[str, Any]]] = [
    ("neg", vocab.NEGATIONS),
    ("excl", dict.fromkeys(vocab.EXCLUSIONS, True)),
    ("cmp", vocab.COMPARATORS),
    ("post", vocab.POSTFIX_COMPARATORS),
    ("conj", vocab.CONJUNCTIONS),
    ("mark", dict.fromkeys(vocab.MARKERS, True)),
    ("prep", vocab.PREPOSITIONS),
    ("outside", dict.fromkeys(vocab.OUTSIDE, True)),
    (
        "textop",
        {
            k: v
            for k, v in vocab.TEXT_OPERATORS.items()
            if k not in ("is", "with", "of", "has", "=", "equals", "like")
        },
    ),
    ("owner", dict.fromkeys(vocab.OWNER_TEXT, True)),
    ("owned", dict.fromkeys(vocab.OWNED_AFTER, True)),
    ("presence", vocab.PRESENCE_WORDS),
    ("bool", vocab.BOOLEAN_WORDS),
    ("all", dict.fromkeys(vocab.QUANTITY_ALL, True)),
    ("anyof", dict.fromkeys(vocab.QUANTITY_ANY, True)),
    ("has", dict.fromkeys(vocab.HAVE, True)),
    ("be", dict.fromkeys(vocab.BE, True)),
]
_GRAMMAR_KEYS: dict[tuple[str, ...], tuple[str, Any]] = {}
for _kind, _table in _GRAMMAR:
    for _phrase, _data in _table.items():
        _key = tuple(t.norm for t in tokenize(_phrase))
        _GRAMMAR_KEYS.setdefault(_key, (_kind, _data))
_GRAMMAR_MAX = max(len(k) for k in _GRAMMAR_KEYS)
_COMMAND_KEYS = {tuple(t.norm for t in tokenize(c)) for c in vocab.COMMANDS}
_METRIC_KEYS = {tuple(t.norm for t in tokenize(c)) for c in vocab.METRIC_WORDS}
_METRIC_MAX = max(len(k) for k in _METRIC_KEYS)
_FILLERS = frozenset(vocab.FILLERS)
_SEGMENT_MARKERS = (
    ("members", "of"),
    ("member", "of"),
    ("in", "segment"),
    ("in", "the", "segment"),
    ("segment",),
    ("part", "of"),
    ("part", "of", "segment"),
    ("belong", "to"),
    ("belonging", "to"),
    ("belongs", "to"),
    ("from", "segment"),
    ("in", "list"),
    ("in", "the", "list"),
    ("on", "the", "list"),
    ("in",),
    ("of",),
    ("from",),
    ("on",),
    ("members", "of", "segment"),
    ("members", "of", "the", "segment"),
)
_EXPLICIT_SEGMENT = {m for m in _SEGMENT_MARKERS if m not in (("in",), ("of",), ("from",), ("on",))}
_SEGMENT_NOUNS = ("segment", "list", "audience", "cohort", "group")
_DOMAIN = re.compile(r"^[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,}$")  # "gmail.com"
_BOUNDARY_KINDS = ("conj", "mark", "excl", "neg")
_BETWEEN_OR_EQUAL = (("or", "equal", "to"), ("or", "equals"), ("or", "equal"), ("inclusive",))
# After these a leading "email" is the field, not the verb ("email ends with .de").
_FIELD_NEXT = ("ends", "contains", "starts", "is", "address", "addresses", "domain", "not")


@dataclass
class Piece:
    """A recognised unit covering ``tokens[start:end]``."""

    kind: PieceKind
    start: int
    end: int
    data: Any = None
    senses: list[Sense] = field(default_factory=list)
    corrected: str | None = None  # a near-miss, as the catalog spells it
    uid: int = 0  # position in the sequence; names the piece for ambiguity overrides

    def __post_init__(self) -> None:
        self.kind = PieceKind(self.kind)  # a misspelt kind fails here


@dataclass
class Lexed:
    text: str
    tokens: list[Token]
    pieces: list[Piece]
    corrections: list[tuple[str, str]] = field(default_factory=list)  # (typed, read as)

    def span(self, start: int, end: int) -> str:
        """The exact text of tokens ``start``..``end`` (exclusive)."""
        if start >= end:
            return ""
        return self.text[self.tokens[start].start : self.tokens[end - 1].end]

    def piece_text(self, piece: Piece) -> str:
        return self.span(piece.start, piece.end)


def _split_non(tokens: list[Token]) -> list[Token]:
    """Split "non-customers" into "non" + "customers" and "untagged" into "no" + "tagged",
    so the negation is seen."""
    out = []
    for t in tokens:
        if t.kind == "word" and t.norm in vocab.NEGATED_WORDS:
            # "untagged" → "no" + "tagged"
            out.append(Token(t.text[:2], "no", t.start, t.start + 2, "word"))
            out.append(Token(t.text[2:], vocab.NEGATED_WORDS[t.norm], t.start + 2, t.end, "word"))
        elif t.kind == "word" and t.norm.startswith("non-") and len(t.norm) > 4:
            out.append(Token(t.text[:3], "non", t.start, t.start + 3, "word"))
            rest = t.text[4:]
            out.append(Token(rest, rest.casefold(), t.start + 4, t.end, "word"))
        else:
            out.append(t)
    return out


def _grammar(tokens: Sequence[Token], i: int) -> tuple[int, str, Any] | None:
    for length in range(min(_GRAMMAR_MAX, len(tokens) - i), 0, -1):
        key = tuple(t.norm for t in tokens[i : i + length])
        if key in _GRAMMAR_KEYS:
            kind, data = _GRAMMAR_KEYS[key]
            return length, kind, data
    return None


def _command(tokens: Sequence[Token], i: int) -> int:
    best = 0
    for length in range(1, min(6, len(tokens) - i) + 1):
        if tuple(t.norm for t in tokens[i : i + length]) in _COMMAND_KEYS:
            best = length
    return best


def _words_at(tokens: Sequence[Token], i: int, words: tuple[str, ...]) -> bool:
    return i + len(words) <= len(tokens) and all(
        tokens[i + k].norm == w for k, w in enumerate(words)
    )


def _segment(tokens: Sequence[Token], i: int, segments: Sequence[str]) -> Piece | None:
    """Segment references: "members of Webinar attendees", "in the VIP list segment"."""
    for marker in sorted(_SEGMENT_MARKERS, key=len, reverse=True):
        if not _words_at(tokens, i, marker):
            continue
        j = i + len(marker)
        while j < len(tokens) and tokens[j].norm in ("the", "my", "our", "saved"):
            j += 1
        found = _segment_name(tokens, j, segments)
        if found is not None:
            name, end, fuzzy = found
            if end < len(tokens) and tokens[end].norm in _SEGMENT_NOUNS:
                end += 1
            elif (
                marker not in _EXPLICIT_SEGMENT
                and not fuzzy
                and tokens[j].kind != "quoted"
                and len(name.split()) < 2
            ):
                continue  # "in <name>" without the word segment: only exact multi-word names
            return Piece("seg", i, end, data={"name": name, "fuzzy": fuzzy})
        if marker in _EXPLICIT_SEGMENT and not _counts_at(tokens, j):
            end = j
            while end < len(tokens) and tokens[end].norm not in (
                ",",
                "and",
                "or",
                "who",
                "that",
                "with",
                "but",
            ):
                end += 1
            if end > j:
                return Piece("seg_unknown", i, end, data={"name": _join(tokens, j, end)})
    return None


def _counts_at(tokens: Sequence[Token], j: int) -> bool:
    """A comparative or a number follows: "members of more than 3 campaigns" is a count."""
    if j >= len(tokens):
        return False
    grammar = _grammar(tokens, j)
    return (grammar is not None and grammar[1] == "cmp") or parse_number(tokens, j) is not None


def _bare_segment(tokens: Sequence[Token], i: int, segments: Sequence[str]) -> Piece | None:
    """A saved segment named without "in"/"members of": its exact name of two words or more,
    typed with its capital ("Trial requesters with no deal") or followed by "segment"
    ("exclude the Do not email segment")."""
    j = i + (tokens[i].norm == "the")
    found = _segment_name(tokens, j, segments)
    if found is None or found[2] or len(found[0].split()) < 2 or tokens[j].kind == "quoted":
        return None
    name, end, _ = found
    if end < len(tokens) and tokens[end].norm in _SEGMENT_NOUNS:
        return Piece("seg", i, end + 1, data={"name": name, "fuzzy": False})
    if tokens[j].is_capitalised:
        return Piece("seg", i, end, data={"name": name, "fuzzy": False})
    return None


def _join(tokens: Sequence[Token], start: int, end: int) -> str:
    return " ".join(t.text.strip("\"'“”") for t in tokens[start:end])


def _segment_name(tokens, j: int, segments: Sequence[str]) -> tuple[str, int, bool] | None:
    if j >= len(tokens):
        return None
    if tokens[j].kind == "quoted":
        for name in segments:
            if name.casefold() == tokens[j].norm:
                return name, j + 1, False
        close = [n for n in segments if fuzz.ratio(n.casefold(), tokens[j].norm) >= 85]
        return (close[0], j + 1, True) if len(close) == 1 else None
    best: tuple[str, int, bool] | None = None
    for name in segments:
        words = [t.norm for t in tokenize(name)]
        k = len(words)
        if k == 0 or j + k > len(tokens):
            continue
        typed = [t.norm for t in tokens[j : j + k]]
        if typed == words:
            if best is None or k > len(best[0].split()) or best[2]:
                best = (name, j + k, False)
        elif best is None and k >= 1 and fuzz.ratio(" ".join(typed), " ".join(words)) >= 88:
            best = (name, j + k, True)
    return best


def _last_campaigns(tokens: Sequence[Token], i: int) -> Piece | None:
    """The last N campaigns: "our last 3 campaigns", "at least one of the last 2 sends"."""
    j, quantity = i, "all"
    for words, kind in (
        *((tuple(p.split()), "any") for p in vocab.QUANTITY_ANY),
        *((tuple(p.split()), "all") for p in vocab.QUANTITY_ALL),
    ):
        if _words_at(tokens, j, words):
            j, quantity = j + len(words), kind
            break
    while j < len(tokens) and tokens[j].norm in ("our", "the", "my", "their", "of"):
        j += 1
    # the count before or after the word: "the three most recent", "the last 3"
    count = 1
    number = parse_number(tokens, j) if j < len(tokens) else None
    if number is not None and (number.times or not isinstance(number.value, int)):
        number = None
    if number is not None:
        j += number.length
    last = next((w for w in vocab.LAST_WORDS if _words_at(tokens, j, tuple(w.split()))), None)
    if last is None:
        return None
    j += len(last.split())
    if number is None:
        number = parse_number(tokens, j) if j < len(tokens) else None
        if number is not None and not number.times and isinstance(number.value, int):
            j += number.length
        else:
            number = None
    if number is not None:
        count = int(number.value)
    for noun in sorted(vocab.CAMPAIGN_NOUNS, key=lambda n: -len(n.split())):
        words = tuple(noun.split())
        if _words_at(tokens, j, words):
            plural = words[-1].endswith("s")
            if count > 1 and not plural and number is None:
                return None
            return Piece("lastn", i, j + len(words), data={"count": count, "quantity": quantity})
    return None


def _name_word(token: Token, lexicon: Lexicon) -> bool:
    """A capitalised word that is no catalog or grammar word: part of a person's name."""
    if token.kind != "word" or not token.is_capitalised or token.is_upper:
        return False
    single = [token]
    return lexicon.match(single, 0) is None and _grammar(single, 0) is None


def _owner_name(tokens: Sequence[Token], i: int, lexicon: Lexicon) -> Piece | None:
    """A rep's name said as the owner: "Audrey Vasseur's contacts", "the ones Sam Lee owns"."""
    j = i
    while j < len(tokens) and j - i < 4 and _name_word(tokens[j], lexicon):
        j += 1
        if tokens[j - 1].text.endswith(("'s", "\u2019s")):
            break
    if j == i or j >= len(tokens):
        return None
    possessive = tokens[j - 1].text.endswith(("'s", "\u2019s"))
    if possessive and tokens[j].kind == "word" and not _name_word(tokens[j], lexicon):
        if j - i < 2:
            return None  # one capitalised word could be anything ("Acme's contacts")
        name = _join(tokens, i, j)
        return Piece("owner_name", i, j, data=name[: -len("'s")])
    if not possessive and tokens[j].norm in vocab.OWNING_VERBS and j - i >= 2:
        return Piece("owner_name", i, j + 1, data=_join(tokens, i, j))
    return None


def _range(tokens: Sequence[Token], i: int) -> Piece | None:
    """Number ranges: "between 40 and 60", "from 40 to 60", "40-60", "40 to 60"."""
    j = i
    opener = tokens[i].norm in ("between", "from")
    j += opener
    for words in _BETWEEN_OR_EQUAL:  # "is between or equals 40 and 60": inclusive, as always
        if opener and _words_at(tokens, j, words):
            j += len(words)
            break
    if j >= len(tokens):
        return None
    low = parse_number(tokens, j)
    if low is None or low.times:
        return None
    k = j + low.length
    if k >= len(tokens) or tokens[k].norm not in ("and", "to", "-", "through", "until"):
        return None
    if tokens[k].norm == "and" and not opener:
        return None
    if tokens[k].norm == "-" and tokens[k].start != tokens[k - 1].end:
        return None
    high = parse_number(tokens, k + 1) if k + 1 < len(tokens) else None
    if high is None or high.times:
        return None
    low_value = low.value
    if low.scale == 1 and high.scale > 1 and low_value * high.scale <= high.value:
        low_value *= high.scale  # "20-100M", "between 5 and 20 million": the unit is shared
    end = k + 1 + high.length
    if opener and end < len(tokens) and tokens[end].norm in ("inclusive", "inclusively"):
        end += 1
    return Piece("range", i, end, data=(low_value, high.value))


def lex(
    text: str,
    lexicon: Lexicon,
    today: dt.date,
    segments: Sequence[str] = (),
    instructions: bool = True,
) -> Lexed:
    """The pieces of ``text``; ``instructions`` off reads a leading verb as a word (chat turns)."""
    tokens = split_compounds(_split_non(tokenize(text)), lexicon)
    names = {t.norm for name in segments for t in tokenize(name)} | provider_norms()
    tokens, corrections = correct(tokens, lexicon, names)
    pieces: list[Piece] = []
    i = 0
    n = len(tokens)
    while i < n:
        piece = _piece_at(text, tokens, i, lexicon, today, segments, pieces, instructions)
        piece.uid = len(pieces)
        pieces.append(piece)
        i = piece.end
    return Lexed(text, tokens, pieces, corrections)


def _piece_at(
    text: str,
    tokens,
    i,
    lexicon: Lexicon,
    today,
    segments,
    before: list[Piece],
    instructions: bool,
) -> Piece:
    t = tokens[i]
    leading = all(p.kind == "cmd" for p in before)
    if leading:
        used = _command(tokens, i)
        grammar = _grammar(tokens, i)
        if used and not (grammar is not None and grammar[0] > used):  # "anyone but VPs"
            return Piece("cmd", i, i + used)
        if instructions and t.norm in vocab.INSTRUCTIONS and not _next_is(tokens, i, _FIELD_NEXT):
            return Piece("instr", i, i + 1, data=t.norm)
    if segments:
        seg = _segment(tokens, i, segments)
        if seg is not None:
            return seg
    elif any(_words_at(tokens, i, m) for m in _EXPLICIT_SEGMENT):
        seg = _segment(tokens, i, ())
        if seg is not None:
            return seg
    if segments:
        seg = _bare_segment(tokens, i, segments)
        if seg is not None:
            return seg
    address = address_at(text, tokens, i)
    if address is not None:
        return Piece("domain", i, address[1], data=address[0])
    owner = _owner_name(tokens, i, lexicon)
    if owner is not None:
        return owner
    last = _last_campaigns(tokens, i)
    if last is not None:
        return last
    future = parse_future(tokens, i, today)
    if future is not None and not _catalog_longer(tokens, i, lexicon, future.length):
        return Piece("future", i, i + future.length, data=future)
    date: DateMatch | None = parse_date(tokens, i, today)
    if date is not None:
        return Piece("date", i, i + date.length, data=date)
    rng = _range(tokens, i)
    if rng is not None:
        return rng
    span = parse_span(tokens, i)
    if span is not None and t.kind == "number":
        return Piece("span", i, i + span[1], data=span[0])
    number = parse_number(tokens, i)
    if number is not None and not (t.norm == "one" and _next_is(tokens, i, ("of",))):
        return Piece("num", i, i + number.length, data=number)
    if t.kind == "quoted":
        return Piece("quoted", i, i + 1, data=t.text[1:-1].strip())
    if t.kind == "word" and _DOMAIN.match(t.norm):
        return Piece("domain", i, i + 1, data=Address(ending="@" + t.norm))
    latest = next((w for w in vocab.LATEST_WORDS if _words_at(tokens, i, tuple(w.split()))), None)
    if latest is not None:
        return Piece("latest", i, i + len(latest.split()))
    if t.norm == "plus" and before and before[-1].kind == "num":
        return Piece("post", i, i + 1, data="gte")
    if t.norm == "+" and before and before[-1].kind == "lex" and tokens[i - 1].end == t.start:
        return Piece("post", i, i + 1, data="gte")  # "director+"
    spaced_plus = t.norm == "+" and before and tokens[i - 1].end < t.start
    if (t.norm == "plus" or spaced_plus) and before:
        # "directors in finance, plus every VP", "IT directors + all VPs": them as well, an
        # "or" between whole audiences that never joins a list of values
        return Piece("conj", i, i + 1, data="plus")
    grammar = _grammar(tokens, i)
    if grammar is not None and grammar[1] == "post" and t.norm in ("or", "and"):
        after = i + grammar[0]
        longer = _grammar(tokens, i + 1)  # "or more than 5000": a comparative after "or"
        if (after < len(tokens) and tokens[after].kind == "number") or (
            longer is not None and longer[1] == "cmp" and longer[0] >= grammar[0]
        ):
            # "under 20 or over 85": "or" joins a second comparison (not "20 or over")
            kind, data = _GRAMMAR_KEYS[(t.norm,)]
            return Piece(kind, i, i + 1, data=data)
    match = lexicon.match(tokens, i)
    metric = _metric(tokens, i)
    if metric and (match is None or match.length < metric) and (not grammar or grammar[0] < metric):
        return Piece("unknown", i, i + metric, data="metric")  # not understood, and asks a figure
    if match is not None and (grammar is None or match.length > grammar[0]):
        senses, strong = _usable(match.senses, tokens, i, before)
        if senses:
            return Piece(
                "lex", i, i + match.length, data="strong" if strong else None, senses=senses
            )
    if grammar is not None:
        length, kind, data = grammar
        return Piece(kind, i, i + length, data=data)
    if t.norm in _FILLERS or t.kind == "punct":
        return Piece("filler", i, i + 1)
    if t.kind == "symbol":
        return Piece("unknown", i, i + 1)
    if match is None and t.kind == "word":
        near = lexicon.near_miss(t)
        if near is not None:
            return Piece("lex", i, i + 1, senses=near.senses, corrected=near.corrected)
    return Piece("unknown", i, i + 1)


def _catalog_longer(tokens, i: int, lexicon: Lexicon, length: int) -> bool:
    """The catalog knows a phrase here at least as long ("likely to churn" is a tag)."""
    match = lexicon.match(tokens, i)
    return match is not None and match.length >= length


def _metric(tokens, i: int) -> int:
    """Tokens of a word asking for a figure ("rate", "average", "total revenue") at ``i``."""
    for length in range(min(_METRIC_MAX, len(tokens) - i), 0, -1):
        if tuple(t.norm for t in tokens[i : i + length]) in _METRIC_KEYS:
            return length
    return 0


def _next_is(tokens, i: int, words: tuple[str, ...]) -> bool:
    return i + 1 < len(tokens) and tokens[i + 1].norm in words


def _usable(senses: list[Sense], tokens, i: int, before: list[Piece]) -> tuple[list[Sense], bool]:
    """Drop weak readings of ordinary words ("it", "us", "new") unless typed in capitals or
    right after a place preposition ("in the US"); True when such a form made them strong."""
    t = tokens[i]
    after_place = (bool(before) and before[-1].kind in ("prep", "outside")) or (
        len(before) > 1
        and tokens[before[-1].start].norm == "the"
        and before[-2].kind in ("prep", "outside")
    )
    strong = t.is_upper or (t.is_capitalised and i > 0) or after_place
    kept = [s for s in senses if not s.weak or strong]
    if kept:
        return kept, strong
    # Weak readings stay for the grammar, which takes them only next to their field's name.
    return [s for s in senses if s.weak and len(t.norm) > 2 and t.norm not in _FILLERS], False
