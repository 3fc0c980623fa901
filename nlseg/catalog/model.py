"""What can be filtered: data types, operators, fields, relations and the catalog that holds them.

The translators, the validator, the editor and the compiler all read one :class:`Catalog`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from nlseg.catalog.operators import DATA_TYPE_ORDER, OPERATOR_TABLE, DataType, Op, operators_for

# The data types and operators live in the operator table (nlseg.catalog.operators);
# OPERATORS and OP_LABELS are its views by data type and by operator.
OPERATORS: Mapping[DataType, tuple[Op, ...]] = {t: operators_for(t) for t in DATA_TYPE_ORDER}

OP_LABELS: Mapping[Op, str] = {op: OPERATOR_TABLE[op].label for op in Op if op in OPERATOR_TABLE}


@dataclass(frozen=True)
class Entity:
    """A kind of record: its table, and how one record of it is named in sentences."""

    name: str
    table: str
    label: str


@dataclass(frozen=True)
class FieldDef:
    """A filterable field: a ``column`` of its table, or a ``custom_key`` in contacts.custom."""

    key: str
    entity: str
    label: str
    data_type: DataType
    column: str | None = None
    custom_key: str | None = None
    synonyms: tuple[str, ...] = ()  # its names, shown wherever the field is listed
    values: tuple[str, ...] = ()  # picklist values: the standard vocabulary plus the data's
    value_synonyms: Mapping[str, str] = field(default_factory=dict)  # spelling -> value
    aliases: tuple[str, ...] = ()  # everyday words for it (nlseg.catalog.aliases)
    # Values in rank order, highest first, on a ranked picklist (Seniority: "C-Level" above
    # "VP"): "VP or higher", "below Director" select by rank (:meth:`ranked`).
    ranks: tuple[str, ...] = ()

    @property
    def operators(self) -> tuple[Op, ...]:
        return OPERATORS[self.data_type]

    @property
    def is_custom(self) -> bool:
        return self.custom_key is not None

    def ranked(self, value: str, cmp: str) -> list[str] | None:
        """The values ranked ``cmp`` (gt, gte, lt, lte) ``value``, highest first; None when
        the field has no ranks, ``value`` has none, or nothing is ranked so."""
        folded = [v.casefold() for v in self.ranks]
        if cmp not in ("gt", "gte", "lt", "lte") or value.casefold() not in folded:
            return None
        i = folded.index(value.casefold())
        picked = {"gt": self.ranks[:i], "gte": self.ranks[: i + 1]}
        picked |= {"lt": self.ranks[i + 1 :], "lte": self.ranks[i:]}
        return list(picked[cmp]) or None


@dataclass(frozen=True)
class JoinStep:
    """``left`` = ``right`` as "table.column" names; ``optional`` when the left side may be NULL."""

    left: str
    right: str
    optional: bool = False


@dataclass(frozen=True)
class Relation:
    """How records of other entities relate to a contact.

    ``path[0]`` correlates the contact (its left side is a contacts column) with the
    relation's root table; later steps join further entities that conditions may use.
    """

    name: str
    label: str
    noun: str  # singular, for sentences: "deal", "email event"
    plural: str
    cardinality: str  # "1:1" or "1:many"
    path: tuple[JoinStep, ...]
    entities: tuple[str, ...]  # entities whose fields conditions on this relation may use
    timestamp_field: str | None = None
    synonyms: tuple[str, ...] = ()
    supports_all_of_last: bool = False

    @property
    def anchor_column(self) -> str:
        return self.path[0].left.split(".", 1)[1]


class CatalogError(LookupError):
    """A name the catalog does not know; the message lists what it does know."""


def _suggest(name: str, options: Iterable[str]) -> str:
    options = list(options)
    close = difflib.get_close_matches(name, options, n=3, cutoff=0.6)
    if close:
        return "Did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    return "Known: " + ", ".join(f"'{o}'" for o in sorted(options)) + "."


@dataclass(frozen=True)
class Catalog:
    """Entities, fields and relations; the one source of truth for every layer."""

    entities: Mapping[str, Entity]
    fields: Mapping[str, FieldDef]
    relations: Mapping[str, Relation]
    top_level_entities: tuple[str, ...] = ("contact", "account", "owner")
    # The value index (nlseg.catalog.values): names in free-text fields with their counts,
    # most frequent first; empty for the standard catalog (it has no data).
    names: Mapping[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)
    # For names of related records: value -> the relation it is used through most.
    name_relations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def field(self, key: str) -> FieldDef:
        try:
            return self.fields[key]
        except KeyError:
            raise CatalogError(f"Unknown field '{key}'. {_suggest(key, self.fields)}") from None

    def relation(self, name: str) -> Relation:
        try:
            return self.relations[name]
        except KeyError:
            raise CatalogError(
                f"Unknown relation '{name}'. {_suggest(name, self.relations)}"
            ) from None

    def fields_of(self, entities: Iterable[str]) -> list[FieldDef]:
        wanted = set(entities)
        return [f for f in self.fields.values() if f.entity in wanted]

    def describe_fields(self, entities: Iterable[str]) -> str:
        return ", ".join(f"'{f.key}'" for f in self.fields_of(entities))

    def with_fields(self, extra: Iterable[FieldDef]) -> Catalog:
        merged = dict(self.fields)
        merged.update({f.key: f for f in extra})
        return replace(self, fields=merged)

    def with_names(
        self,
        names: Mapping[str, tuple[tuple[str, int], ...]],
        relations: Mapping[str, Mapping[str, str]],
    ) -> Catalog:
        return replace(self, names=names, name_relations=relations)
