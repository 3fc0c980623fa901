"""Names from the data as catalog phrases: the value index (``Catalog.names``) turned into
lexicon entries (added by :func:`nlseg.translate.offline.lexicon.build_lexicon`), so
"contacts at dobes machinery" is Account name is "Dobes Machinery AG"
and "the growth summit boston attendees" are members of campaigns whose name contains it.

Three kinds of entry, all below the catalog's own words (a name never displaces a field,
a picklist value or a grammar word; "Singapore" stays the country, "city is Singapore"
still reaches the city):

- a **whole value** ("San Francisco", "Audrey Vasseur"): that value;
- a **run of two or more words** inside values ("growth summit boston", "dobes
  machinery"): the one value holding it, or — held by several — "name contains" the run;
  runs that begin or end with a small word ("of", "the", "&") or hold no letters are not
  entries;
- the **first word** of an account or owner name ("summitworks", "audrey's contacts"),
  when it is not an ordinary word of the catalog or the grammar: the one name it starts,
  or "name starts with" it (more than two such names ask which one is meant, see
  :mod:`nlseg.translate.offline.clarify`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from nlseg.catalog import Catalog, FieldDef
from nlseg.catalog.values import WORD_FIELDS
from nlseg.translate.offline import vocabulary as vocab
from nlseg.translate.offline.tokens import tokenize

__all__ = ["NAME_RANK", "NameSense", "is_name", "name_entries", "only_names", "shared_first_word"]

NAME_RANK = 60.0  # after every catalog value (contact 0, account 10, owner 20 …)
_NAME_CEILING = NAME_RANK + 20.0  # below the lexicon's quiet senses (100)
# A whole value of any field before a run of words, before a first word ("berlin": the
# city, not "Berlin City Council"); within a kind, fields in NAME_FIELDS order.
_WHOLE, _RUN, _SHARED_RUN, _FIRST = 0.0, 4.0, 8.0, 12.0
_MAX_RUN = 6
_SMALL = frozenset(
    {"of", "the", "a", "an", "and", "&", "-", "for", "in", "on", "at", "to", "by", "with", "de"}
)
_FIRST_WORD_FIELDS = ("account.name", "owner.name")  # "summitworks", "audrey's contacts"
_WORD = re.compile(r"[^\W\d_][\w'.-]*", re.UNICODE)


def _runs(value: str) -> list[tuple[tuple[str, ...], str]]:
    """Every run of 2..6 consecutive words of ``value`` separated by single spaces, with its
    text as written ("Webinar: Scaling Customer Success" gives "scaling customer success",
    not "webinar scaling")."""
    tokens = tokenize(value)
    out = []
    for i in range(len(tokens)):
        for j in range(i + 2, min(len(tokens), i + _MAX_RUN) + 1):
            part = tokens[i:j]
            if any(t.kind not in ("word", "number") for t in part) or any(
                b.start - a.end != 1 or value[a.end] != " " for a, b in pairwise(part)
            ):
                break
            norms = tuple(t.norm for t in part)
            if norms[0] in _SMALL or norms[-1] in _SMALL:
                continue
            if not any(_WORD.fullmatch(t.text) for t in part):
                continue
            out.append((norms, value[part[0].start : part[-1].end]))
    return out


@dataclass(frozen=True)
class NameSense:
    """A reading of a name: ``kind`` "value" (a field of the contact, account or owner) or
    "condition" (``op`` on a field of related records, through ``relation`` when known)."""

    kind: str
    field: str
    value: Any
    rank: float
    label: str
    op: str | None = None
    relation: str | None = None


def name_entries(
    catalog: Catalog, taken: set[tuple[str, ...]], known: set[str]
) -> list[tuple[tuple[str, ...], NameSense]]:
    """The value index as phrases and readings, leaving out phrases in ``taken`` (the
    catalog's and grammar's own) and first words in ``known`` (words the catalog uses)."""
    fillers = frozenset(vocab.FILLERS)
    out = []
    for index, key in enumerate(catalog.names):
        spec = catalog.fields.get(key)
        if spec is None or key in WORD_FIELDS:
            continue  # words of titles are roles (nlseg.translate.offline.roles), not names
        field = _Field(spec, catalog.name_relations.get(key, {}), catalog, NAME_RANK + index / 10)
        for phrase, sense in field.entries([v for v, _ in catalog.names[key]], known):
            if phrase not in taken and not (len(phrase) == 1 and phrase[0] in fillers):
                out.append((phrase, sense))
    return out


def is_name(rank: float) -> bool:
    return NAME_RANK <= rank < _NAME_CEILING


class _Field:
    """The lexicon entries of one name field."""

    def __init__(self, spec: FieldDef, used: Mapping[str, str], catalog: Catalog, rank: float):
        self.spec, self.used, self.rank = spec, used, rank
        self.related = spec.entity not in catalog.top_level_entities

    def entries(
        self, values: list[str], known: set[str]
    ) -> list[tuple[tuple[str, ...], NameSense]]:
        whole: dict[tuple[str, ...], str] = {}
        runs: dict[tuple[str, ...], dict[str, str]] = defaultdict(dict)  # run -> value -> text
        firsts: dict[str, list[str]] = defaultdict(list)
        for value in values:
            norms = tuple(t.norm for t in tokenize(value))
            if not norms:
                continue
            whole.setdefault(norms, value)
            for run, text in _runs(value):
                runs[run].setdefault(value, text)
            first = norms[0]
            if self.spec.key in _FIRST_WORD_FIELDS and len(norms) > 1 and _distinct(first):
                firsts[first].append(value)
        out = [(norms, self.equal(value, _WHOLE)) for norms, value in whole.items()]
        for run, held in runs.items():
            if run in whole:
                continue
            if len(held) == 1:
                out.append((run, self.equal(next(iter(held)), _RUN)))
            else:
                out.append((run, self.contains(next(iter(held.values())), list(held), _SHARED_RUN)))
        for first, held in firsts.items():
            if (first,) not in whole and first not in known:
                # one name: that name; several: the names it starts (a question when more
                # than two, see clarify.py: "everyone at stargate" — which Stargate?)
                sense = self.equal(held[0], _FIRST) if len(held) == 1 else None
                out.append(((first,), sense or self.starts(first, held, _FIRST)))
        return out

    def starts(self, word: str, held: list[str], extra: float) -> NameSense:
        relations = {self.used[v] for v in held if v in self.used}
        relation = relations.pop() if len(relations) == 1 else None
        text = held[0][: len(word)] if held[0].casefold().startswith(word) else word
        return _sense(self.spec, "starts_with", text, self.rank + extra, relation)

    def equal(self, value: str, extra: float) -> NameSense:
        spec, rank = self.spec, self.rank + extra
        if self.related:  # a condition on the related records it is used through
            return _sense(spec, "in", [value], rank, self.used.get(value))
        return NameSense("value", spec.key, value, rank, f"{spec.label} is {value}")

    def contains(self, text: str, held: list[str], extra: float) -> NameSense:
        relations = {self.used[v] for v in held if v in self.used}
        relation = relations.pop() if len(relations) == 1 else None
        return _sense(self.spec, "contains", text, self.rank + extra, relation)


def _distinct(word: str) -> bool:
    return len(word) >= 4 and word.isalpha()


def _sense(spec: FieldDef, op: str, value, rank: float, relation: str | None) -> NameSense:
    shown = value[0] if isinstance(value, list) else f"'{value}'"
    verb = {"in": "is", "starts_with": "starts with"}.get(op, "contains")
    label = f"{spec.label} {verb} {shown}"
    return NameSense("condition", spec.key, value, rank, label, op=op, relation=relation)


def only_names(piece) -> bool:
    """Whether a catalog piece is read only as names from the data (so grammar that takes
    free text, "owned by …", may take it as text)."""
    return piece.kind == "lex" and bool(piece.senses) and all(is_name(s.rank) for s in piece.senses)


def shared_first_word(catalog: Catalog, key: str, word: str) -> list[str]:
    """The names of ``key`` in the value index whose first word is ``word`` (look-up form)."""
    out = []
    for value, _ in catalog.names.get(key, ()):
        tokens = tokenize(value)
        if tokens and tokens[0].norm == word:
            out.append(value)
    return out
