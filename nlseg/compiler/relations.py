"""Conditions over 1:many relations → semi-joins, anti-joins and grouped counts.

Shapes, chosen so that both databases can plan them as joins (see BENCHMARKS.md):

=============  ==================================================================
quantifier     SQL
=============  ==================================================================
any            anchor IN (SELECT key FROM rows WHERE …)                (semi-join)
none           NOT EXISTS (SELECT 1 FROM rows WHERE key = anchor AND …) (anti-join)
at_least N     anchor IN (SELECT key … GROUP BY key HAVING count(*) >= N)
exactly N      anchor IN (SELECT key … GROUP BY key HAVING count(*) = N);  N = 0 is none
at_most N      NOT EXISTS (SELECT 1 FROM (SELECT key … GROUP BY key HAVING count(*) > N) g
                           WHERE g.key = anchor)            — zero related rows matches
all_of_last N  anchor IN (SELECT key … AND campaign_id IN (last N email campaigns)
                          GROUP BY key HAVING count(DISTINCT campaign_id) = that number)
any_of_last N  anchor IN (SELECT key … AND campaign_id IN (last N email campaigns))
=============  ==================================================================

``NOT IN`` is never used for absence: it is not an anti-join, and a NULL makes it unknown.
The "last N email campaigns" are the N most recent campaigns of type 'Email' sent before
the end of the as-of day (ties broken by id); with none sent, all_of_last and any_of_last
match nobody.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Select, Table, and_, exists, func, not_, select
from sqlalchemy.sql.elements import ColumnElement

from nlseg.catalog import Catalog, Relation
from nlseg.clock import Clock
from nlseg.store import schema
from nlseg.tree.models import Condition, Group, Quantifier, Related


def table_of(catalog: Catalog, entity: str) -> Table:
    return schema.metadata.tables[catalog.entities[entity].table]


def _column(name: str):
    table, column = name.split(".", 1)
    return schema.metadata.tables[table].c[column]


def entities_used(catalog: Catalog, node) -> set[str]:
    if node is None:
        return set()
    if isinstance(node, Condition):
        return {catalog.field(node.field).entity}
    if isinstance(node, Group):
        return set().union(*(entities_used(catalog, c) for c in node.children))
    return set()


def last_email_campaigns(clock: Clock, count: int):
    c = schema.campaigns
    return (
        select(c.c.id)
        .where(c.c.type == "Email", c.c.sent_at.is_not(None), c.c.sent_at < clock.end_of_today)
        .order_by(c.c.sent_at.desc(), c.c.id.desc())
        .limit(count)
        .correlate(None)
    )


@dataclass(frozen=True)
class RelatedSQL:
    """A related condition as a predicate on contacts, and, where its anchor is the contact's
    id, as a count of its members (``member_count``) or of its non-members
    (``non_member_count``).

    The counts let a count that is just this one condition skip the contacts table:
    every related row's contact exists (a foreign key), so the count is ``member_count``,
    or all contacts minus ``non_member_count``.
    """

    predicate: ColumnElement
    member_count: Select | None = None
    non_member_count: Select | None = None


def size(query: Select) -> Select:
    return select(func.count()).select_from(query.subquery())


def related_sql(
    catalog: Catalog,
    node: Related,
    clock: Clock,
    row_predicate: Callable[[object, Relation], ColumnElement],
    *,
    dialect: str = "postgresql",
    beside_contact_conditions: bool = False,
) -> RelatedSQL:
    """Compile ``node``; ``row_predicate`` compiles its where/window on the related rows.

    ``beside_contact_conditions``: ``node`` is ANDed with conditions on the contact, which
    select few contacts; an all_of_last then counts each of those contacts' rows
    (correlated) instead of grouping every row (BENCHMARKS.md design_shapes: SQLite 100k
    351 -> 20 ms, PostgreSQL 1M 1,493 -> 953 ms). Alone it would be slower that way.
    """
    relation = catalog.relation(node.relation)
    first = relation.path[0]
    anchor, key = _column(first.left), _column(first.right)
    root = key.table
    used = entities_used(catalog, node.where)
    if node.window is not None:  # the window's timestamp may live on a joined table
        used.add(catalog.field(relation.timestamp_field).entity)
    source = root
    for step in relation.path[1:]:
        target = _column(step.right).table
        if any(catalog.entities[e].table == target.name for e in used):
            source = source.join(target, _column(step.left) == _column(step.right), isouter=True)

    # Nullable keys are filtered so that IN never meets a NULL (which would make it unknown).
    filters = [key.is_not(None)] if key.nullable else []
    if node.where is not None:
        filters.append(row_predicate(node.where, relation))
    if node.window is not None:
        window = Condition(
            field=relation.timestamp_field, op=node.window.op, value=node.window.value
        )
        filters.append(row_predicate(window, relation))
    by_id = anchor is schema.contacts.c.id

    def keys():
        return select(key.label("key")).select_from(source).where(*filters).correlate(None)

    def distinct_keys() -> Select:  # count(DISTINCT key): half the time of a DISTINCT subquery
        return select(func.count(key.distinct())).select_from(source).where(*filters)

    def matching(query, count=None) -> RelatedSQL:
        member = anchor.in_(query)
        predicate = and_(anchor.is_not(None), member) if anchor.nullable else member
        count = size(query) if count is None else count
        return RelatedSQL(predicate, member_count=count if by_id else None)

    def excluding(query) -> RelatedSQL:
        found = query.subquery()
        rows = select(found.c.key).where(found.c.key == anchor).correlate(schema.contacts)
        return RelatedSQL(not_(exists(rows)), non_member_count=size(query) if by_id else None)

    quantifier, n = Quantifier(node.quantifier), node.count
    if quantifier is Quantifier.ANY:
        return matching(keys(), count=distinct_keys())
    if quantifier is Quantifier.NONE or (quantifier is Quantifier.EXACTLY and n == 0):
        rows = select(key).select_from(source).where(key == anchor, *filters)
        predicate = not_(exists(rows.correlate(schema.contacts)))
        return RelatedSQL(predicate, non_member_count=distinct_keys() if by_id else None)
    if quantifier is Quantifier.ANY_OF_LAST:
        filters.append(root.c.campaign_id.in_(last_email_campaigns(clock, n)))
        return matching(keys(), count=distinct_keys())
    if quantifier is Quantifier.ALL_OF_LAST:
        last = last_email_campaigns(clock, n)
        how_many = select(func.count()).select_from(last.subquery()).scalar_subquery()
        campaign = root.c.campaign_id
        if beside_contact_conditions and by_id:
            per_contact = (
                select(func.count(campaign.distinct()))
                .select_from(source)
                .where(key == anchor, *filters, campaign.in_(last))
                .correlate(schema.contacts)
                .scalar_subquery()
            )
            # With no campaign sent both counts are 0: that must match nobody.
            return RelatedSQL(and_(how_many > 0, per_contact == how_many))
        if dialect == "sqlite":
            # SQLite scans events by type and time for IN (subquery); joined to the last N
            # it walks the campaign index instead (BENCHMARKS.md all_of_last_shapes:
            # 346 -> 76 ms at 100k). PostgreSQL plans IN better (662 vs 857 ms).
            recent = last.subquery("last_campaigns")
            rows = select(key.label("key")).select_from(
                source.join(recent, campaign == recent.c.id)
            )
            rows = rows.where(*filters).correlate(None)
        else:
            rows = keys().where(campaign.in_(last))
        grouped = rows.group_by(key).having(func.count(campaign.distinct()) == how_many)
        return matching(grouped)
    grouped = keys().group_by(key)
    if quantifier is Quantifier.AT_LEAST:
        return matching(grouped.having(func.count() >= n))
    if quantifier is Quantifier.EXACTLY:
        return matching(grouped.having(func.count() == n))
    return excluding(grouped.having(func.count() > n))
