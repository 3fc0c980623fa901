"""Email address phrases: a provider ("on yahoo", "gmail users"), a kind of address
("personal emails", "work emails only"), a domain ("anyone @initech.com", "at globex.io")
and a country ending (".fr addresses").

Recognised before the catalog's phrases, so a provider word is never read as the field
"email" ("yahoo" is not "Email is set"). The words come from the catalog's provider list
(:mod:`nlseg.catalog.email`). Each piece takes the address noun after it ("gmail
addresses", ".de emails"), and "on"/"using" before a provider.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from nlseg.catalog.email import Provider, provider_words
from nlseg.translate.offline.tokens import Token, tokenize

__all__ = ["Address", "address_at", "provider_norms"]

_BEFORE = frozenset({"on", "using", "uses", "use", "via"})
_NOUNS = (
    ("email", "addresses"), ("email", "address"), ("e-mail", "addresses"), ("e-mail", "address"),
    ("email",), ("emails",), ("e-mail",), ("e-mails",), ("mail",), ("address",),
    ("addresses",), ("user",), ("users",), ("inbox",), ("inboxes",), ("domain",), ("domains",),
    ("account", "holders"),
)  # fmt: skip
_DOMAIN = re.compile(r"^[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,}$")  # "gmail.com"
_ENDING = re.compile(r"^[a-z]{2,3}(?:\.[a-z]{2,3})?$")  # ".fr", ".co.uk"


class Address:
    """What an address phrase selects: ``ending`` (a domain "@acme.com" or ".fr") or a
    ``provider`` (its domains; for "work" addresses, none of them)."""

    def __init__(self, ending: str | None = None, provider: Provider | None = None):
        self.ending, self.provider = ending, provider

    @property
    def endings(self) -> tuple[str, ...]:
        if self.provider is not None:
            return tuple(f"@{d}" for d in self.provider.domains)
        return (self.ending or "",)

    @property
    def work(self) -> bool:
        return self.provider is not None and self.provider.work

    def __repr__(self) -> str:  # for debugging output only
        return f"Address({self.ending or self.provider.name if self.provider else ''})"


@cache
def _phrases() -> dict[tuple[str, ...], Provider]:
    return {tuple(t.norm for t in tokenize(w)): p for w, p in provider_words().items()}


@cache
def provider_norms() -> frozenset[str]:
    """Every word of a provider phrase: never "corrected" to a catalog word (gmail → email)."""
    return frozenset(w for key in _phrases() for w in key)


def _words_at(tokens: Sequence[Token], i: int, words: tuple[str, ...]) -> bool:
    return i + len(words) <= len(tokens) and all(
        tokens[i + k].norm == w for k, w in enumerate(words)
    )


def _noun_after(tokens: Sequence[Token], j: int) -> int:
    for noun in _NOUNS:
        if _words_at(tokens, j, noun):
            return j + len(noun)
    return j


def address_at(text: str, tokens: Sequence[Token], i: int) -> tuple[Address, int] | None:
    """The address phrase starting at ``tokens[i]`` and the index after it, or None."""
    t = tokens[i]
    if t.kind != "word":
        return None
    before = text[t.start - 1] if t.start > 0 else " "
    if before == "." and (t.start < 2 or text[t.start - 2].isspace()) and _ENDING.match(t.norm):
        return Address(ending="." + t.norm), _noun_after(tokens, i + 1)
    if before == "@" and _DOMAIN.match(t.norm):
        return Address(ending="@" + t.norm), _noun_after(tokens, i + 1)
    start = i + 1 if t.norm in _BEFORE else i
    phrases = _phrases()
    for length in (3, 2, 1):
        key = tuple(x.norm for x in tokens[start : start + length])
        if len(key) == length and key in phrases:
            return Address(provider=phrases[key]), _noun_after(tokens, start + length)
    return None
