"""Names of people, companies, web domains and e-mail addresses, each unique where it must be.

Faker (seeded per instance) is used only here, once per seed, to build pools of names that
the tables' seeded generators then sample from.
"""

from __future__ import annotations

import functools
import random
import re
import unicodedata

from faker import Faker

from nlseg.sync import vocab as v
from nlseg.sync.demo.setting import Pick

NAME_POOL_SIZE = 200

# (name, slug): the slug is the ASCII form used in e-mail addresses.
Name = tuple[str, str]

EMAIL_PATTERNS = Pick(
    ("{f}.{l}", "{f}{l}", "{fi}{l}", "{f}", "{f}_{l}", "{f}.{li}"), (55, 10, 20, 3, 7, 5)
)


def slug(text: str) -> str:
    """ASCII lower-case letters and digits only (for e-mail local parts and domains)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "", folded.lower())


def unique(taken: set[str], stem: str, tail: str = "", sep: str = "") -> str:
    """``stem + tail``, or else the first free ``stem + sep + k + tail`` (k = 2, 3, ...).

    The result is added to ``taken``.
    """
    candidate, k = stem + tail, 1
    while candidate in taken:
        k += 1
        candidate = f"{stem}{sep}{k}{tail}"
    taken.add(candidate)
    return candidate


@functools.lru_cache(maxsize=4)
def name_pools(seed: int) -> dict[str, tuple[tuple[Name, ...], tuple[Name, ...]]]:
    """Per country: (first names, last names), each as (name, slug) pairs, from Faker."""
    by_locale: dict[str, tuple[list[Name], list[Name]]] = {}
    for locale in sorted({loc for locs in v.NAME_LOCALES.values() for loc in locs}):
        fake = Faker(locale)
        fake.seed_instance(f"nlseg-demo:{seed}:names:{locale}")
        if locale in v.ROMANISED_LOCALES:
            first = [fake.first_romanized_name() for _ in range(NAME_POOL_SIZE)]
            last = [fake.last_romanized_name() for _ in range(NAME_POOL_SIZE)]
        else:
            first = [fake.first_name() for _ in range(NAME_POOL_SIZE)]
            last = [fake.last_name() for _ in range(NAME_POOL_SIZE)]
        by_locale[locale] = (
            [(n, slug(n)) for n in first if slug(n)],
            [(n, slug(n)) for n in last if slug(n)],
        )
    pools = {}
    for country in v.COUNTRIES:
        firsts: list[Name] = []
        lasts: list[Name] = []
        for locale in v.NAME_LOCALES[country]:
            firsts += by_locale[locale][0]
            lasts += by_locale[locale][1]
        pools[country] = (tuple(firsts), tuple(lasts))
    return pools


class Names:
    """Draws names and remembers the company names, domains and e-mails already given out."""

    def __init__(self, seed: int) -> None:
        self.pools = name_pools(seed)
        self.company_names: set[str] = set()
        self.domains: set[str] = set()
        self.emails: set[str] = set()

    def person(self, rng: random.Random, country: str) -> tuple[Name, Name]:
        """A (first, last) name that fits ``country``."""
        firsts, lasts = self.pools[country]
        return rng.choice(firsts), rng.choice(lasts)

    def company(self, rng: random.Random, country: str, industry: str) -> tuple[str, str]:
        """A unique company name and a unique domain for it."""
        lasts = self.pools[country][1]
        city = rng.choice(v.CITIES[country])[0]
        name = core = ""
        for attempt in range(12):
            r = rng.random()
            if industry == "Government":
                core = f"{rng.choice(v.CITIES[country])[0]} {rng.choice(v.GOVERNMENT_BODIES)}"
                suffix = ""
            else:
                word = rng.choice(v.INDUSTRY_WORDS[industry])
                brand = rng.choice(v.BRAND_HEADS) + rng.choice(v.BRAND_TAILS)
                if r < 0.35:
                    core = f"{rng.choice(lasts)[0]} {word}"
                elif r < 0.7:
                    core = f"{brand} {word}"
                elif r < 0.85:
                    core = brand
                else:
                    core = f"{rng.choice(lasts)[0]} & {rng.choice(lasts)[0]}"
                suffix = rng.choice(v.LEGAL_SUFFIX[country])
            if attempt >= 8:  # a crowded name space: the city makes it distinct
                core = f"{core} {city}"
            name = f"{core} {suffix}".strip()
            if name not in self.company_names:
                break
        name = unique(self.company_names, name, sep=" ")
        stem = slug(core)[:30] or "company"
        domain = unique(self.domains, stem, tail=f".{v.DOMAIN_TLD[country]}")
        return name, domain

    def email(self, fslug: str, lslug: str, domain: str, pattern: str) -> str:
        """A unique address at ``domain`` whose local part follows ``pattern``."""
        local = pattern.format(f=fslug, l=lslug, fi=fslug[:1], li=lslug[:1]) or "info"
        return unique(self.emails, local, tail=f"@{domain}")
