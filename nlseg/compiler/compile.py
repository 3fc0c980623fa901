"""FilterTree → SQLAlchemy Core: a two-valued predicate on contacts, and the queries built on it.

The compiler reads only validated trees and takes every identifier from the catalog; every
value becomes a bound parameter. Conditions on the contact's account and owner (1:1) join
them with LEFT OUTER JOINs, so a contact without an account simply fails account conditions.
Segment references are compiled live from the referenced segment's current tree; a
reference cycle is an error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Select, and_, func, not_, or_, select
from sqlalchemy.sql.elements import ColumnElement

from nlseg.catalog import Catalog, Op, Relation
from nlseg.clock import Clock
from nlseg.compiler.predicates import condition_predicate
from nlseg.compiler.relations import RelatedSQL, related_sql, table_of
from nlseg.compiler.rollup import rollup_sql
from nlseg.store import schema
from nlseg.store.rollups import NO_ROLLUPS, Rollups
from nlseg.tree.limits import MAX_EXPANDED_CONDITIONS, MAX_TOTAL_VALUES
from nlseg.tree.models import Condition, FilterTree, Group, InSegment, Related

MAX_SEGMENT_NESTING = 10

SegmentResolver = Callable[[int | str], tuple[int, FilterTree]]
"""Maps a segment reference (id or name) to (segment id, its current tree); raises LookupError."""


class CompileError(ValueError):
    """A tree that cannot be compiled: empty, a missing or cyclic segment reference."""


@dataclass
class _Context:
    catalog: Catalog
    clock: Clock
    dialect: str
    resolve_segment: SegmentResolver | None
    rollups: Rollups = NO_ROLLUPS
    joined: set[str] = field(default_factory=set)
    segment_chain: list[int] = field(default_factory=list)
    # what references expand to, counted as it is compiled (so the bound holds before the
    # work), and each referenced segment looked up once
    conditions: int = 0
    values: int = 0
    resolved: dict[object, tuple[int, FilterTree]] = field(default_factory=dict)

    def _grow(self, node: Condition) -> None:
        self.conditions += 1
        if isinstance(node.value, list):
            self.values += len(node.value)
        if self.conditions > MAX_EXPANDED_CONDITIONS:
            raise CompileError(
                f"With the saved segments it refers to inlined, the segment has more than "
                f"{MAX_EXPANDED_CONDITIONS:,} conditions; refer to fewer or simpler segments."
            )
        if self.values > MAX_TOTAL_VALUES:
            raise CompileError(
                f"With the saved segments it refers to inlined, the segment lists more than "
                f"{MAX_TOTAL_VALUES:,} values; refer to fewer or shorter lists."
            )

    def node(self, node, relation: Relation | None = None) -> ColumnElement:
        if isinstance(node, Group):
            if not node.children:
                raise CompileError(
                    "A group has no conditions; an empty group would match everyone."
                )
            beside = (
                relation is None
                and node.logic == "and"
                and any(isinstance(c, Condition) for c in node.children)
            )
            parts = [
                self.related(child, beside).predicate
                if isinstance(child, Related)
                else self.node(child, relation)
                for child in node.children
            ]
            combined = and_(*parts) if node.logic == "and" else or_(*parts)
            return not_(combined) if node.negate else combined
        if isinstance(node, Condition):
            return self.condition(node)
        if isinstance(node, Related):
            return self.related(node).predicate
        if isinstance(node, InSegment):
            return self.segment(node)
        raise CompileError(f"Cannot compile a {type(node).__name__}.")

    def related(self, node: Related, beside_contact_conditions: bool = False) -> RelatedSQL:
        from_rollup = rollup_sql(self.catalog, node, self.clock, self.rollups)
        return from_rollup or related_sql(
            self.catalog,
            node,
            self.clock,
            self.node,
            dialect=self.dialect,
            beside_contact_conditions=beside_contact_conditions,
        )

    def condition(self, node: Condition) -> ColumnElement:
        self._grow(node)
        spec = self.catalog.field(node.field)
        if spec.entity in ("account", "owner"):
            self.joined.add(spec.entity)
        table = table_of(self.catalog, spec.entity)
        return condition_predicate(table, spec, Op(node.op), node.value, self.clock, self.dialect)

    def segment(self, node: InSegment) -> ColumnElement:
        if self.resolve_segment is None:
            raise CompileError(f"Segment '{node.segment}' cannot be looked up here.")
        key = (type(node.segment), node.segment)
        try:
            if key not in self.resolved:
                self.resolved[key] = self.resolve_segment(node.segment)
            segment_id, tree = self.resolved[key]
        except LookupError as exc:
            raise CompileError(str(exc)) from None
        if segment_id in self.segment_chain:
            raise CompileError(f"Segment '{node.segment}' refers to itself through other segments.")
        if len(self.segment_chain) >= MAX_SEGMENT_NESTING:
            raise CompileError(f"Segments are nested more than {MAX_SEGMENT_NESTING} deep.")
        self.segment_chain.append(segment_id)
        try:
            predicate = self.node(tree.root)
        finally:
            self.segment_chain.pop()
        return not_(predicate) if node.negate else predicate


@dataclass(frozen=True)
class CompiledTree:
    """A tree's predicate on contacts, and the count / preview / member queries built from it."""

    predicate: ColumnElement
    joined: frozenset[str]
    alone: RelatedSQL | None = None  # the tree is this one related condition

    def _source(self, extra: frozenset[str] = frozenset()):
        c = schema.contacts
        source = c
        needed = self.joined | extra
        if "account" in needed:
            source = source.outerjoin(schema.accounts, c.c.account_id == schema.accounts.c.id)
        if "owner" in needed:
            source = source.outerjoin(schema.owners, c.c.owner_id == schema.owners.c.id)
        return source

    def ids(self) -> Select:
        """All member ids, in id order."""
        c = schema.contacts
        return select(c.c.id).select_from(self._source()).where(self.predicate).order_by(c.c.id)

    def count(self) -> Select:
        """The number of members; a lone related condition is counted from its own rows."""
        if self.alone is not None and self.alone.member_count is not None:
            return self.alone.member_count
        if self.alone is not None and self.alone.non_member_count is not None:
            everyone = select(func.count()).select_from(schema.contacts).scalar_subquery()
            return select(everyone - self.alone.non_member_count.scalar_subquery())
        return select(func.count()).select_from(self._source()).where(self.predicate)

    def preview(self, limit: int = 10) -> Select:
        """The first ``limit`` members by id: name, email and company."""
        c, a = schema.contacts, schema.accounts
        return (
            select(
                c.c.id,
                c.c.first_name,
                c.c.last_name,
                c.c.email,
                func.coalesce(a.c.name, c.c.company_name).label("company"),
            )
            .select_from(self._source(frozenset({"account"})))
            .where(self.predicate)
            .order_by(c.c.id)
            .limit(limit)
        )


def compile_tree(
    tree: FilterTree,
    catalog: Catalog,
    *,
    clock: Clock,
    dialect: str,
    resolve_segment: SegmentResolver | None = None,
    rollups: Rollups = NO_ROLLUPS,
) -> CompiledTree:
    """Compile a validated ``tree`` for ``dialect`` ("sqlite" or "postgresql").

    ``rollups`` (:func:`nlseg.store.rollups.current_rollups`) lets counted conditions on
    email events and activities read per-contact rollups where that is exact.
    """
    if isinstance(tree.root, Group) and not tree.root.children:
        raise CompileError("The segment has no conditions. Describe who should be in it.")
    context = _Context(catalog, clock, dialect, resolve_segment, rollups)
    if isinstance(tree.root, Related):
        alone = context.related(tree.root)
        return CompiledTree(alone.predicate, frozenset(), alone)
    predicate = context.node(tree.root)
    return CompiledTree(predicate, frozenset(context.joined))
