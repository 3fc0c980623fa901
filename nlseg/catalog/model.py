"""What can be filtered: data types, operators, fields, relations and the catalog that holds them.

The translators, the validator, the editor and the compiler all read one :class:`Catalog`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum


class DataType(StrEnum):
    BOOLEAN = "boolean"
    DATE = "date"
    DATETIME = "datetime"
    TEXT = "text"
    NUMBER = "number"
    SCORE = "score"
    EMAIL = "email"
    MULTI_TEXT = "multi_text"
    PICKLIST = "picklist"


class Op(StrEnum):
    EQ = "eq"
    NEQ = "neq"
    GT = "gt"
    GTE = "gte"
    LT = "lt"
    LTE = "lte"
    BETWEEN = "between"
    CONTAINS = "contains"
    NOT_CONTAINS = "not_contains"
    STARTS_WITH = "starts_with"
    ENDS_WITH = "ends_with"
    IN = "in"
    NOT_IN = "not_in"
    IS_SET = "is_set"
    IS_NOT_SET = "is_not_set"
    IS_TRUE = "is_true"
    IS_FALSE = "is_false"
    ON = "on"
    BEFORE = "before"
    AFTER = "after"
    IN_LAST = "in_last"
    MORE_THAN_AGO = "more_than_ago"
    IN_PERIOD = "in_period"
    CONTAINS_ANY = "contains_any"
    CONTAINS_ALL = "contains_all"


_PRESENCE = (Op.IS_SET, Op.IS_NOT_SET)
_TEXT_OPS = (
    Op.EQ,
    Op.NEQ,
    Op.CONTAINS,
    Op.NOT_CONTAINS,
    Op.STARTS_WITH,
    Op.ENDS_WITH,
    Op.IN,
    Op.NOT_IN,
    *_PRESENCE,
)
_NUMBER_OPS = (Op.EQ, Op.NEQ, Op.GT, Op.GTE, Op.LT, Op.LTE, Op.BETWEEN, *_PRESENCE)
_DATE_OPS = (
    Op.ON,
    Op.BEFORE,
    Op.AFTER,
    Op.BETWEEN,
    Op.IN_LAST,
    Op.MORE_THAN_AGO,
    Op.IN_PERIOD,
    *_PRESENCE,
)

OPERATORS: Mapping[DataType, tuple[Op, ...]] = {
    DataType.TEXT: _TEXT_OPS,
    DataType.EMAIL: _TEXT_OPS,
    DataType.NUMBER: _NUMBER_OPS,
    DataType.SCORE: _NUMBER_OPS,
    DataType.DATE: _DATE_OPS,
    DataType.DATETIME: _DATE_OPS,
    DataType.BOOLEAN: (Op.IS_TRUE, Op.IS_FALSE, *_PRESENCE),
    DataType.PICKLIST: (Op.IN, Op.NOT_IN, *_PRESENCE),
    DataType.MULTI_TEXT: (Op.CONTAINS_ANY, Op.CONTAINS_ALL, *_PRESENCE),
}

OP_LABELS: Mapping[Op, str] = {
    Op.EQ: "is",
    Op.NEQ: "is not",
    Op.GT: "is more than",
    Op.GTE: "is at least",
    Op.LT: "is less than",
    Op.LTE: "is at most",
    Op.BETWEEN: "is between",
    Op.CONTAINS: "contains",
    Op.NOT_CONTAINS: "does not contain",
    Op.STARTS_WITH: "starts with",
    Op.ENDS_WITH: "ends with",
    Op.IN: "is any of",
    Op.NOT_IN: "is none of",
    Op.IS_SET: "is set",
    Op.IS_NOT_SET: "is not set",
    Op.IS_TRUE: "is true",
    Op.IS_FALSE: "is false",
    Op.ON: "is on",
    Op.BEFORE: "is before",
    Op.AFTER: "is after",
    Op.IN_LAST: "is in the last",
    Op.MORE_THAN_AGO: "is more than",
    Op.IN_PERIOD: "is in",
    Op.CONTAINS_ANY: "contains any of",
    Op.CONTAINS_ALL: "contains all of",
}


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
