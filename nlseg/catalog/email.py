"""Email providers: which words name which free-mail domains (``data/email_providers.toml``).

The vocabulary every translator uses for address conditions: "on yahoo or aol" (an
address at any of those providers' domains), "personal emails" (at any free provider),
"work emails only" (an address at none of them).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["Provider", "free_domains", "provider_words"]


@dataclass(frozen=True)
class Provider:
    name: str  # "yahoo"; "free" (any provider) or "work" (none) for the kinds
    label: str  # as shown: "Yahoo"
    domains: tuple[str, ...]
    work: bool = False  # an address at none of ``domains``


@cache
def _data() -> dict:
    text = resources.files("nlseg.catalog").joinpath("data/email_providers.toml").read_text()
    return tomllib.loads(text)


@cache
def free_domains() -> tuple[str, ...]:
    """Every free provider's domains, in file order."""
    data = _data()
    return tuple(d for name, p in data.items() if name != "kinds" for d in p["domains"])


@cache
def provider_words() -> dict[str, Provider]:
    """Each provider word or kind phrase (lower case) → what it names."""
    data = _data()
    out: dict[str, Provider] = {}
    for name, entry in data.items():
        if name == "kinds":
            continue
        provider = Provider(name, entry["words"][0].capitalize(), tuple(entry["domains"]))
        for word in entry["words"]:
            out[word.casefold()] = provider
    free = Provider("free", "a free email provider", free_domains())
    work = Provider("work", "a work address", free_domains(), work=True)
    for phrase in data["kinds"]["free"]:
        out[phrase.casefold()] = free
    for phrase in data["kinds"]["work"]:
        out[phrase.casefold()] = work
    return out
