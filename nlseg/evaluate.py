"""The engine's front door: parse a tree, compile it, and run count / preview / members."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from nlseg.catalog import Catalog, load_catalog
from nlseg.clock import Clock
from nlseg.compiler import CompiledTree, compile_tree
from nlseg.compiler.execute import DEFAULT_TIMEOUT_MS, rows, scalar
from nlseg.segments import segment_resolver
from nlseg.store.rollups import NO_ROLLUPS, Rollups, current_rollups
from nlseg.tree import FilterTree, error_messages, outline, sentence


class TreeError(ValueError):
    """A tree that is not valid against the catalog; ``problems`` lists what to fix."""

    def __init__(self, problems: list[str]):
        super().__init__("The filter is not valid: " + " ".join(problems))
        self.problems = problems


def parse_tree(data: str | bytes | dict[str, Any], catalog: Catalog) -> FilterTree:
    """A validated tree from JSON text or a dict, or :class:`TreeError` naming every problem."""
    try:
        if isinstance(data, (str, bytes)):
            return FilterTree.model_validate_json(data, context={"catalog": catalog})
        return FilterTree.model_validate(data, context={"catalog": catalog})
    except ValidationError as exc:
        raise TreeError(error_messages(exc)) from None


@dataclass
class SegmentResult:
    tree: FilterTree
    sql: str
    count: int
    explanation: str
    outline: str
    as_of: dt.date
    contact_ids: list[int] | None = None
    preview: list[dict[str, Any]] = field(default_factory=list)

    def to_json_dict(self) -> dict[str, Any]:
        data = {
            "tree": self.tree.model_dump(mode="json", exclude_none=True),
            "sql": self.sql,
            "count": self.count,
            "explanation": self.explanation,
            "as_of": self.as_of.isoformat(),
        }
        if self.contact_ids is not None:
            data["contact_ids"] = self.contact_ids
        return data


def store_rollups(engine: Engine) -> Rollups:
    """The rollups that are current in ``engine``'s store (none in a store without them)."""
    try:
        with engine.connect() as conn:
            return current_rollups(conn)
    except DBAPIError:  # a store created before rollups existed: count the raw rows
        return NO_ROLLUPS


def compile_for(engine: Engine, tree: FilterTree, catalog: Catalog, clock: Clock) -> CompiledTree:
    return compile_tree(
        tree,
        catalog,
        clock=clock,
        dialect=engine.dialect.name,
        resolve_segment=segment_resolver(engine, catalog),
        rollups=store_rollups(engine),
    )


def sql_text(engine: Engine, compiled: CompiledTree) -> str:
    """The member query as SQL with placeholders: values stay in bound parameters."""
    return str(compiled.ids().compile(dialect=engine.dialect))


def evaluate(
    engine: Engine,
    tree: FilterTree,
    *,
    clock: Clock | None = None,
    catalog: Catalog | None = None,
    with_ids: bool = False,
    preview: int = 0,
    timeout_ms: int = DEFAULT_TIMEOUT_MS,
) -> SegmentResult:
    """Count (and optionally list) the members of ``tree`` on ``engine``."""
    clock = clock or Clock.at()
    catalog = catalog or load_catalog(engine)
    compiled = compile_for(engine, tree, catalog, clock)
    # With the member list in hand its length is the count: one query, not two.
    ids = [r[0] for r in rows(engine, compiled.ids(), timeout_ms)] if with_ids else None
    result = SegmentResult(
        tree=tree,
        sql=sql_text(engine, compiled),
        count=len(ids) if ids is not None else scalar(engine, compiled.count(), timeout_ms),
        explanation=sentence(tree, catalog, clock),
        outline=outline(tree, catalog, clock),
        as_of=clock.today,
        contact_ids=ids,
    )
    if preview:
        query = compiled.preview(preview)
        result.preview = [dict(r._mapping) for r in rows(engine, query, timeout_ms)]
    return result
