"""Tokens: the words, numbers, quotes and symbols of a request, each with its place in the text.

Every token keeps its character span, so anything the parser does not understand can be
reported as an exact substring of what the user typed.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from nlseg.translate.offline.kinds import TokenKind

_PATTERN = re.compile(
    r"""
    (?P<quoted>"[^"]+"|“[^”]+”|(?<![\w'])'[^']+'(?![\w']))
  | (?P<isodate>\d{4}-\d{2}-\d{2})
  | (?P<ordinal>\d{1,2}(?:st|nd|rd|th)\b)
  | (?P<number>[$€£]?\d+(?:,\d{3})*(?:\.\d+)?(?:(?:k|m|mm|bn|b)\b)?\+?%?)
  | (?P<word>[^\W\d_](?:[\w&]|['\u2019.\-](?=\w))*)
  | (?P<symbol>>=|<=|≥|≤|!=|[<>=])
  | (?P<punct>[,;:()/&+\-])
    """,
    re.VERBOSE | re.IGNORECASE,
)
_ABBREVIATION = re.compile(r"^(?:[a-z]\.)+[a-z]?$")


@dataclass(frozen=True)
class Token:
    """One token: ``text`` as typed, ``norm`` for look-ups, ``start``/``end`` in the text."""

    text: str
    norm: str
    start: int
    end: int
    kind: TokenKind

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", TokenKind(self.kind))

    @property
    def is_upper(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters)

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()


def normalise(text: str) -> str:
    """The look-up form of one word: case-folded, curly apostrophes straightened,
    accents dropped, abbreviation dots and a possessive 's dropped ("U.S." → "us",
    "company's" → "company", "Bärer" → "barer")."""
    norm = text.casefold().replace("\u2019", "'")  # a typographic apostrophe
    if not norm.isascii():  # "Bärer", "Ríos": looked up as "barer", "rios" (typed either way)
        norm = _unaccented(norm)
    if _ABBREVIATION.match(norm) or _ABBREVIATION.match(norm + "."):
        norm = norm.replace(".", "")
    if norm.endswith("'s") and len(norm) > 3:
        norm = norm[:-2]
    return norm


# Letters that are not a letter plus an accent, as they are typed on an English keyboard.
_PLAIN = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe",
                        "þ": "th", "ð": "d", "\u0131": "i"})  # fmt: skip


def _unaccented(word: str) -> str:
    """Letters without their accents ("ä" → "a", "ł" → "l"): the look-up form only."""
    decomposed = unicodedata.normalize("NFKD", word.translate(_PLAIN))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def _abbreviations() -> tuple[dict[str, str], dict[str, str]]:
    """(words, units after a number) from ``data/abbreviations.toml``."""
    text = resources.files("nlseg.translate.offline").joinpath("data/abbreviations.toml")
    data = tomllib.loads(text.read_text())
    return dict(data["words"]), dict(data["units"])


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``; a short form ("qtr", "dept", the "d" of "30d") is looked up
    as the word it stands for (``data/abbreviations.toml``) and shown as typed."""
    words, units = _abbreviations()
    tokens: list[Token] = []
    for match in _PATTERN.finditer(text):
        kind = match.lastgroup or "word"
        raw = match.group()
        if kind == "quoted":
            norm = raw[1:-1].strip().casefold()
        elif kind == "word":
            norm = normalise(raw)
            after_number = bool(tokens) and tokens[-1].kind == "number"
            if after_number and tokens[-1].end == match.start() and norm in units:
                norm = units[norm]  # "30d": days
            else:
                norm = words.get(norm, norm)
        else:
            norm = raw.casefold()
        tokens.append(Token(raw, norm, match.start(), match.end(), kind))
    return tokens


def singular(word: str) -> str:
    """A light English singular for matching plurals: "VPs" → "vp", "companies" → "company"."""
    if len(word) <= 3 or not word.isascii():
        return word[:-1] if len(word) == 3 and word.endswith("s") and word[:2].isalpha() else word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def lemmas(word: str) -> list[str]:
    """Base forms of a verb-like word, for look-ups that failed as typed: "scoring" → "score"."""
    out: list[str] = []
    if word.endswith("ing") and len(word) > 5:
        stem = word[:-3]
        out += [stem, stem + "e"]
        if len(stem) > 2 and stem[-1] == stem[-2]:
            out.append(stem[:-1])
    if word.endswith("ed") and len(word) > 4:
        stem = word[:-2]
        out += [stem, word[:-1]]
        if len(stem) > 2 and stem[-1] == stem[-2]:
            out.append(stem[:-1])
    return out


def phrase_keys(text: str) -> list[tuple[str, ...]]:
    """The look-up keys of a catalog phrase: as tokenised, with hyphens split and joined,
    and underscores read as spaces ("form_submission" → "form submission")."""
    base = [t.norm for t in tokenize(text.replace("_", " ")) if t.kind != "punct"]
    if not base:
        return []
    keys = [tuple(base)]
    split: list[str] = []
    for word in base:
        split.extend(p for p in word.split("-") if p)
    if tuple(split) not in keys:
        keys.append(tuple(split))
    joined = tuple(w.replace("-", "") for w in base)
    if joined not in keys:
        keys.append(joined)
    if len(split) > 1 and ("".join(split),) not in keys:
        keys.append(("".join(split),))
    return keys
