"""The model's answer: a tree (validated against the catalog) or a question or a refusal.

Validation runs inside instructor's parse step, so every problem — unknown field, wrong
operator, unknown picklist value (each message naming the valid alternatives), a tree that
matches everyone — goes back to the model as a reask. The catalog reaches the validator
through pydantic's validation context when one is given, else through :func:`catalog_scope`:
instructor's own ``context`` argument would also render the messages as Jinja templates.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from typing import Any, ClassVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    model_validator,
)

from nlseg.catalog import Catalog
from nlseg.translate.llm.schema import (
    MAX_TEXT,
    bounded_schema,
    outline_schema,
    recursive_schema,
)
from nlseg.tree import FilterTree, error_messages, normalize
from nlseg.tree.breadth import matches_everyone

_CATALOG: ContextVar[Catalog | None] = ContextVar("nlseg_llm_catalog", default=None)

EVERYONE = (
    "The tree matches every contact, so it is not a segment. Answer with the conditions the "
    "request states; if it states none (or asks for everyone), answer with tree null and a refusal."
)


@contextmanager
def catalog_scope(catalog: Catalog) -> Iterator[None]:
    token = _CATALOG.set(catalog)
    try:
        yield
    finally:
        _CATALOG.reset(token)


class AssumedMeaning(BaseModel):
    model_config = ConfigDict(extra="ignore")

    about: str = Field(min_length=1, max_length=MAX_TEXT)
    chosen: str = Field(min_length=1, max_length=MAX_TEXT)


class SegmentAnswer(BaseModel):
    """The audience as a filter tree, with the assumptions made and the words not expressed."""

    model_config = ConfigDict(extra="ignore")  # a stray key is harmless; a wrong one fails below

    tree: dict[str, Any] | None = None
    assumptions: list[AssumedMeaning] = Field(default_factory=list, max_length=20)
    unsupported: list[str] = Field(default_factory=list, max_length=20)
    question: str | None = Field(default=None, max_length=MAX_TEXT)
    refusal: str | None = Field(default=None, max_length=MAX_TEXT)

    _tree: FilterTree | None = PrivateAttr(default=None)
    schema_kind: ClassVar[str] = "recursive"

    @model_validator(mode="before")
    @classmethod
    def _tree_as_text(cls, data: Any) -> Any:
        # Some models send a nested object as a JSON string inside the tool arguments.
        if isinstance(data, dict) and isinstance(data.get("tree"), str):
            with suppress(json.JSONDecodeError):  # not JSON: the tree check will say so
                data = {**data, "tree": json.loads(data["tree"])}
        return data

    @model_validator(mode="after")
    def _check(self, info: ValidationInfo) -> SegmentAnswer:
        catalog = (info.context or {}).get("catalog") or _CATALOG.get()
        if catalog is None:
            raise RuntimeError("a SegmentAnswer is validated only within catalog_scope()")
        if self.tree is None:
            if not (self.question or self.refusal):
                raise ValueError(
                    "Give a tree, or a refusal saying why none can be built, or a question."
                )
            return self
        try:
            tree = FilterTree.model_validate(self.tree, context={"catalog": catalog})
        except ValidationError as exc:
            if self.refusal:
                raise ValueError("Give a tree or a refusal, not both.") from None
            problems = "\n".join(f"- {m}" for m in error_messages(exc))
            raise ValueError(f"The tree is not valid:\n{problems}") from None
        normal = normalize(tree)
        everyone = matches_everyone(tree) or matches_everyone(normal)
        if self.refusal and everyone:
            # a refusal beside a tree of everyone (a small model fills in both): the refusal
            self.tree = None
            return self
        if self.refusal:
            raise ValueError("Give a tree or a refusal, not both.")
        if everyone:
            raise ValueError(EVERYONE)
        self._tree = normal
        return self

    @property
    def filter_tree(self) -> FilterTree | None:
        return self._tree

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        build = {
            "recursive": recursive_schema,
            "bounded": bounded_schema,
            "outline": outline_schema,
        }[cls.schema_kind]
        return build(cls.__name__, (cls.__doc__ or "").strip())


class BoundedSegmentAnswer(SegmentAnswer):
    """The audience as a filter tree, with the assumptions made and the words not expressed."""

    schema_kind: ClassVar[str] = "bounded"


class OutlineSegmentAnswer(SegmentAnswer):
    """The audience as a filter tree, with the assumptions made and the words not expressed."""

    schema_kind: ClassVar[str] = "outline"


def answer_model(mode: str) -> type[SegmentAnswer]:
    """The response model for an instructor mode: its schema suits what the server accepts."""
    return {
        "tools": SegmentAnswer,
        "json_schema": BoundedSegmentAnswer,
        "json": OutlineSegmentAnswer,
        "grammar": OutlineSegmentAnswer,
        "md_json": OutlineSegmentAnswer,
    }[mode]
