"""Aliases: the words a request may use for a field or a picklist value besides its names
(``data/aliases.toml``), applied to every catalog the store gives.

A field's ``synonyms`` are its names (shown wherever the field is listed, the LLM prompt
included); its ``aliases`` are further everyday words for it ("signups" for the created date,
"arr" for revenue), and ``value_synonyms`` map each spelling of a value to the value ("c-suite"
→ C-Level). Every consumer reads them here: the offline parser as the field's and the value's
words, validation when it maps a value to the catalog's spelling, the LLM when a request uses
one (:func:`aliases_in`), the editor as help. Adding a synonym touches the data file only.
"""

from __future__ import annotations

import tomllib
from dataclasses import replace
from functools import cache
from importlib import resources

from nlseg.catalog.model import Catalog, FieldDef

__all__ = ["AliasUse", "aliases_in", "field_aliases", "value_aliases", "with_aliases"]


@cache
def _data() -> dict:
    text = resources.files("nlseg.catalog").joinpath("data/aliases.toml").read_text("utf-8")
    return tomllib.loads(text)


def field_aliases() -> dict[str, tuple[str, ...]]:
    """Field key → its extra names, in file order."""
    return {key: tuple(words) for key, words in _data()["fields"].items()}


def value_aliases() -> dict[str, dict[str, tuple[str, ...]]]:
    """Field key → value → its extra spellings, in file order."""
    return {
        key: {value: tuple(words) for value, words in values.items()}
        for key, values in _data()["values"].items()
    }


def _with(
    spec: FieldDef, names: tuple[str, ...], spellings: dict[str, tuple[str, ...]]
) -> FieldDef:
    known = set(spec.values)
    synonyms = dict(spec.value_synonyms)  # the catalog's own first, as before
    for value, words in spellings.items():
        for word in words if value in known else ():
            synonyms.setdefault(word, value)
    aliases = (*spec.aliases, *(n for n in names if n not in spec.aliases))
    return replace(spec, aliases=aliases, value_synonyms=synonyms)


def with_aliases(catalog: Catalog) -> Catalog:
    """``catalog`` with the aliases of its fields (and of the values each field has)."""
    names, spellings = field_aliases(), value_aliases()
    changed = [
        _with(spec, names.get(key, ()), spellings.get(key, {}))
        for key, spec in catalog.fields.items()
        if key in names or key in spellings
    ]
    return catalog.with_fields(changed) if changed else catalog


AliasUse = tuple[str, tuple[tuple[str, str | None], ...]]  # words, ((field key, value), ...)


def _plain(word: str, value: str) -> bool:
    """A value's own spelling, a plural or a case variant: nothing to tell."""
    w, v = word.casefold(), value.casefold()
    return w in (v, v + "s", v + "es") or w.replace("-", " ") == v.replace("-", " ")


def _readings(catalog: Catalog) -> dict[str, list[tuple[str, str | None]]]:
    """Each alias (folded) → every field or value it names, names of other fields included."""
    out: dict[str, list[tuple[str, str | None]]] = {}
    for spec in catalog.fields.values():
        for word in spec.aliases:
            out.setdefault(word.casefold(), []).append((spec.key, None))
        for word, value in spec.value_synonyms.items():
            if not _plain(word, value):
                out.setdefault(word.casefold(), []).append((spec.key, value))
    for spec in catalog.fields.values():  # "created" is also the contact's created date
        for name in (spec.label, *spec.synonyms):
            if name.casefold() in out and (spec.key, None) not in out[name.casefold()]:
                out[name.casefold()].append((spec.key, None))
    return out


def aliases_in(text: str, catalog: Catalog) -> list[AliasUse]:
    """The aliases ``text`` uses, as whole words (case-insensitive; of two that overlap, the
    longer), in the order of the text, each with everything it can name: what a translator
    that reads only the catalog's names is told, so that "c-suite" reaches it as Seniority
    C-Level. A value's plain spellings (plurals, case) are left out."""
    folded = " " + " ".join(text.casefold().replace(",", " ").split()) + " "
    readings = _readings(catalog)
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, AliasUse]] = []
    for word in sorted(readings, key=len, reverse=True):
        at = folded.find(f" {word} ")
        if at < 0 or any(s < at + 1 + len(word) and at + 1 < e for s, e in taken):
            continue
        taken.append((at + 1, at + 1 + len(word)))
        found.append((at, (word, tuple(readings[word]))))
    return [use for _, use in sorted(found)]
