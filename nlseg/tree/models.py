"""The filter tree: the one structure that crosses every layer.

A tree is JSON-serialisable and carries ``schema_version``. Structure is checked by the
models here; meaning (fields, operators, values, scopes) is checked against a catalog by
:mod:`nlseg.tree.validation`, which :class:`FilterTree` runs on every validation. Pass
the catalog as validation context: ``FilterTree.model_validate(data, context={"catalog": c})``.

Validation reads these models, so this module does not import it: validation registers its
check here (:func:`register_catalog_check`) when it is imported, and ``nlseg/tree/__init__.py``
imports it, so the check is in place wherever a tree can be built.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationInfo, model_validator

SCHEMA_VERSION = 1


class Unit(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


class Period(StrEnum):
    THIS_WEEK = "this_week"
    LAST_WEEK = "last_week"
    THIS_MONTH = "this_month"
    LAST_MONTH = "last_month"
    THIS_QUARTER = "this_quarter"
    LAST_QUARTER = "last_quarter"
    THIS_YEAR = "this_year"
    LAST_YEAR = "last_year"


class Quantifier(StrEnum):
    ANY = "any"
    NONE = "none"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    EXACTLY = "exactly"
    ALL_OF_LAST = "all_of_last"
    ANY_OF_LAST = "any_of_last"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=False)


class Range(_Model):
    """Inclusive bounds: numbers, or dates (ISO strings are read as dates)."""

    low: float | int | dt.date | str
    high: float | int | dt.date | str


class RelativeSpan(_Model):
    """An amount of time counted back from the as-of date: "90 days", "6 months"."""

    amount: int = Field(ge=0, le=3650)
    unit: Unit = Unit.DAY


Scalar = str | int | float | bool | dt.date
Value = Scalar | list[str | int | float] | Range | RelativeSpan | None


class Condition(_Model):
    """``field`` ``op`` ``value``: "contact.country in [Germany]"."""

    kind: Literal["condition"] = "condition"
    field: str = Field(min_length=1, max_length=200)
    op: str = Field(min_length=1, max_length=40)
    value: Value = None


class DateFilter(_Model):
    """A date condition without a field: the time window of a related condition."""

    op: str
    value: Value = None


class Group(_Model):
    kind: Literal["group"] = "group"
    logic: Literal["and", "or"] = "and"
    negate: bool = False
    children: list[Node] = Field(default_factory=list)


class Related(_Model):
    """A condition over a 1:many relation, always with an explicit quantifier.

    ``where`` filters the related rows (fields of the relation's entities only); ``window``
    restricts them to a time range on the relation's timestamp; ``count`` is N for
    at_least / at_most / exactly, and for all_of_last / any_of_last (the last N email
    campaigns: a matching record for each of them, or for at least one).
    """

    kind: Literal["related"] = "related"
    relation: str
    quantifier: Quantifier = Quantifier.ANY
    count: int | None = Field(default=None, ge=0, le=100_000)
    where: Annotated[Group | Condition, Field(discriminator="kind")] | None = None
    window: DateFilter | None = None


class InSegment(_Model):
    """Membership of another saved segment, evaluated live (by id or by name)."""

    kind: Literal["segment"] = "segment"
    segment: int | str
    negate: bool = False


Node = Annotated[Group | Condition | Related | InSegment, Field(discriminator="kind")]
Group.model_rebuild()
Related.model_rebuild()

# The catalog check every FilterTree validation runs: nlseg.tree.validation.check_tree, which
# raises for a tree the catalog (the standard one when None) does not accept.
CatalogCheck = Callable[["FilterTree", Any], None]
_catalog_check: CatalogCheck | None = None


def register_catalog_check(check: CatalogCheck) -> None:
    """Make ``check`` the catalog check of :class:`FilterTree` (nlseg.tree.validation does)."""
    global _catalog_check
    _catalog_check = check


class FilterTree(_Model):
    schema_version: Literal[1] = SCHEMA_VERSION
    root: Node

    @model_validator(mode="before")
    @classmethod
    def _wrap_bare_node(cls, data: Any) -> Any:
        # A bare node ({"kind": "condition", ...}) is accepted as the root of a tree.
        if isinstance(data, dict) and "root" not in data and "kind" in data:
            return {"root": data}
        return data

    # Set once the tree has passed the catalog check. Pydantic runs "after" validators again
    # when a tree instance is a field of another model (a Translation); without a catalog in
    # that context the check would fall back to the standard catalog and reject custom fields.
    _checked: bool = PrivateAttr(default=False)

    @model_validator(mode="after")
    def _check_against_catalog(self, info: ValidationInfo) -> FilterTree:
        catalog = (info.context or {}).get("catalog")
        if catalog is None and self._checked:
            return self
        if _catalog_check is None:  # importing nlseg.tree registers it: never unchecked
            raise RuntimeError("nlseg.tree.validation has not registered the catalog check")
        _catalog_check(self, catalog)
        self._checked = True
        return self

    def to_json(self, **kwargs: Any) -> str:
        return self.model_dump_json(exclude_none=True, **kwargs)

    def used_keys(self) -> set[str]:
        """The field keys and relation names the tree uses, at any depth."""
        return _keys(self.root.model_dump(mode="json"))


def _keys(node: object) -> set[str]:
    if isinstance(node, list):
        return {k for item in node for k in _keys(item)}
    if not isinstance(node, dict):
        return set()
    found = {str(node[k]) for k in ("field", "relation") if isinstance(node.get(k), str)}
    return found | {k for value in node.values() for k in _keys(value)}
