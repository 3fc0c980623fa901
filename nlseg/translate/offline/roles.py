"""Roles as catalog phrases: "CTOs", "founders", "recruiters" are people by job title.

Each entry is a list of titles — the titles of the value index (``Catalog.names`` of
:data:`nlseg.catalog.titles.TITLE_FIELD`) that the word names — read like a picklist value
(so "founders and CFOs" is either, "not founders" none of them), shown as the titles it
stands for. Two kinds, for the catalog's title field:

- a **short form** of a title ("cto", "cfos"; :func:`nlseg.catalog.titles.acronyms`), and
  the title spelt out ("chief technology officers"): the titles that hold the short form as
  a word or the title spelt out ("CTO", "Chief Technology Officer"; "Founder & CEO" for
  "ceo"), or — without an index — the two spellings. It comes before the seniority the same
  word names, which stays its alternative ("CTOs" are not every C-level person);
- a **role word**: the head word of a title ("Founder & CEO" gives "founder" and "ceo",
  "Director of Marketing" "director", "Financial Analyst" "analyst"): the titles with that
  head. Only words the catalog and the grammar do not already use ("managers" stays the
  seniority), and after the names of the data; and a whole title that has such a word
  ("payroll specialists" is Payroll Specialist; "sales managers" stays two fields).

The titles are those the store held when the catalog was built: a title first synced later
joins when the catalog is next refreshed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from nlseg.catalog import Catalog
from nlseg.catalog.titles import TITLE_FIELD, acronyms
from nlseg.translate.offline import vocabulary as vocab
from nlseg.translate.offline.names import NAME_RANK
from nlseg.translate.offline.tokens import tokenize

__all__ = ["ROLE_RANK", "Role", "role_entries"]

ROLE_RANK = -1.0  # a short form of a title, before the seniority it also names
_WORD_RANK = NAME_RANK + 15.0  # a role word: after the names of the data
_PARTS = re.compile(r"\s*(?:,|&|/|\band\b|\bof\b|\bfor\b)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Role:
    """One entry: the titles it names, its lexicon rank and how it is described."""

    titles: tuple[str, ...]
    rank: float
    label: str


def _heads(title: str) -> list[str]:
    """The head word of each part of a title: "Founder & CEO" → founder, ceo."""
    out = []
    for part in _PARTS.split(title):
        words = [t.norm for t in tokenize(part) if t.kind == "word"]
        if words:
            out.append(words[-1])
    return out


def _role(label: str, titles, rank: float) -> Role:
    return Role(tuple(titles), rank, f"{label} is any of {', '.join(titles)}")


def role_entries(catalog: Catalog, known: set[str]) -> list[tuple[str, Role]]:
    """Phrases and readings for the catalog's title field; ``known`` are the words the
    catalog and grammar already use (a role word never takes one of them)."""
    spec = catalog.fields.get(TITLE_FIELD)
    if spec is None:
        return []
    titles = [v for v, _ in catalog.names.get(TITLE_FIELD, ())]
    out: list[tuple[str, Role]] = []
    short = acronyms()
    for word, spelt in short.items():
        held = [
            t
            for t in titles
            if word in {k.norm for k in tokenize(t)} or spelt.casefold() in t.casefold()
        ]
        role = _role(spec.label, held or (word.upper(), spelt), ROLE_RANK)
        out += [(word, role), (spelt, role)]
    fillers = frozenset(vocab.FILLERS)
    by_head: dict[str, list[str]] = defaultdict(list)
    for title in titles:
        for head in dict.fromkeys(_heads(title)):
            by_head[head].append(title)
    for title in titles:  # "payroll specialists": a whole title with a word of its own
        words = [t.norm for t in tokenize(title) if t.kind == "word"]
        if len(words) > 1 and not all(w in known or w in fillers for w in words):
            out.append((title, _role(spec.label, (title,), _WORD_RANK - 1)))
    for head, held in by_head.items():
        if head in known or head in short or head in fillers:
            continue
        if len(head) >= 4 and head.isalpha():
            out.append((head, _role(spec.label, held, _WORD_RANK)))
    return out
