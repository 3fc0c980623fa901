"""Counted conditions on email events and activities, answered from per-contact rollups.

With ``t_k`` the contact's k-th most recent timestamp of a kind (see
:mod:`nlseg.store.rollups`), and a window ``[start, end)`` that ends after every stored
timestamp, "at least k in the window" is ``t_k >= start``. Every quantifier follows:

=============  ===============================================  ====================
quantifier     with a window starting at ``start``              without a window
=============  ===============================================  ====================
any            t1 >= start                                      total >= 1
at_least N     tN >= start                   (N <= ranks)       total >= N
exactly N      tN >= start, not t(N+1) >= start  (N < ranks)    total = N
at_most N      no row with t(N+1) >= start       (N < ranks)    no row with total > N
none           no row with t1 >= start                          no row
=============  ===============================================  ====================

Several types (``event_type in [open, click]``) are answered without a window only: their
counts add up, their newest timestamps do not.

Anything else — conditions on the rows other than types, windows with no start or
ending before the latest timestamp, larger N, all_of_last / any_of_last, a rollup that is
not current — returns None, and the caller counts the raw rows. Both must give the same members; the
differential tests check it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, exists, func, not_, select
from sqlalchemy.sql.elements import ColumnElement

from nlseg.catalog import Catalog, Op
from nlseg.clock import Clock
from nlseg.compiler.relations import RelatedSQL, size
from nlseg.store import schema
from nlseg.store.rollups import ALL_KINDS, SOURCES, Rollups
from nlseg.tree.models import Condition, Group, Quantifier, Related

RANKS = schema.RECENT_RANKS


def _kinds(catalog: Catalog, node: Related, source: str) -> tuple[str, ...] | None:
    """The types the related rows are restricted to (('',) for all), or None if not that."""
    where = node.where
    while isinstance(where, Group) and not where.negate and len(where.children) == 1:
        where = where.children[0]
    if where is None:
        return (ALL_KINDS,)
    if not isinstance(where, Condition) or Op(where.op) is not Op.IN:
        return None
    _table, kind_column = SOURCES[source]
    field = catalog.field(where.field)
    if catalog.entities[field.entity].table != source or field.column != kind_column.name:
        return None
    if not where.value or "" in where.value:
        return None
    return tuple(sorted(set(where.value)))


def _several_kinds(
    source: str, kinds: tuple[str, ...], quantifier: Quantifier, n: int
) -> RelatedSQL:
    """Any number of types, no window: the contact's rows are the sum of its per-type counts."""
    r = schema.contact_recent_events
    total = func.sum(r.c.total)
    test = {
        Quantifier.ANY: lambda: total >= 1,
        Quantifier.AT_LEAST: lambda: total >= n,
        Quantifier.EXACTLY: lambda: total == n,
        Quantifier.AT_MOST: lambda: total > n,  # the contacts to exclude
        Quantifier.NONE: lambda: total >= 1,
    }[quantifier]()
    ids = (
        select(r.c.contact_id)
        .where(r.c.source == source, r.c.kind.in_(kinds))
        .group_by(r.c.contact_id)
        .having(test)
        .correlate(None)
    )
    contact = schema.contacts.c.id
    if quantifier in (Quantifier.NONE, Quantifier.AT_MOST):
        found = ids.subquery()
        rows = select(found.c.contact_id).where(found.c.contact_id == contact)
        predicate = not_(exists(rows.correlate(schema.contacts)))
        return RelatedSQL(predicate, non_member_count=size(ids))
    return RelatedSQL(contact.in_(ids), member_count=size(ids))


def _start(node: Related, clock: Clock, max_time: dt.datetime | None) -> dt.datetime | None:
    """The window's start as a timestamp, when the rollup can answer for this window."""
    start, end = clock.day_range(Op(node.window.op), node.window.value)
    if start is None:
        return None
    if end is not None and max_time is not None and dt.datetime.combine(end, dt.time()) <= max_time:
        return None  # rows after the window would count as "recent": not exact
    return dt.datetime.combine(start, dt.time())


def rollup_sql(
    catalog: Catalog, node: Related, clock: Clock, rollups: Rollups
) -> RelatedSQL | None:
    """``node`` compiled against the rollup, or None when the rollup cannot answer exactly."""
    source = node.relation
    relation = catalog.relation(source)
    if source not in SOURCES or not rollups.usable(source):
        return None
    if relation.path[0].left != "contacts.id":
        return None
    kinds = _kinds(catalog, node, source)
    if kinds is None:
        return None
    quantifier, n = Quantifier(node.quantifier), node.count or 0
    if quantifier in (Quantifier.ALL_OF_LAST, Quantifier.ANY_OF_LAST):
        return None
    if quantifier is Quantifier.EXACTLY and n == 0:
        quantifier = Quantifier.NONE
    if len(kinds) > 1:  # newest timestamps do not add up across types; counts do
        return None if node.window is not None else _several_kinds(source, kinds, quantifier, n)
    kind = kinds[0]
    r = schema.contact_recent_events
    if node.window is None:
        at_least = {
            Quantifier.ANY: lambda: r.c.total >= 1,
            Quantifier.AT_LEAST: lambda: r.c.total >= n,
            Quantifier.EXACTLY: lambda: r.c.total == n,
            Quantifier.AT_MOST: lambda: r.c.total > n,  # the rows to exclude
            Quantifier.NONE: lambda: r.c.total >= 1,
        }[quantifier]()
    else:
        start = _start(node, clock, rollups.max_time[source])
        rank = {
            Quantifier.ANY: 1,
            Quantifier.NONE: 1,
            Quantifier.AT_LEAST: n,
            Quantifier.EXACTLY: n + 1,
            Quantifier.AT_MOST: n + 1,
        }[quantifier]
        if start is None or not 1 <= rank <= RANKS:
            return None

        def recent(k: int) -> ColumnElement:
            return and_(r.c[f"t{k}"].is_not(None), r.c[f"t{k}"] >= start)

        if quantifier is Quantifier.AT_LEAST:
            at_least = recent(n)
        elif quantifier is Quantifier.EXACTLY:
            at_least = and_(recent(n), not_(recent(n + 1)))
        else:
            at_least = recent(rank)
    of_kind = and_(r.c.source == source, r.c.kind == kind)
    ids = select(r.c.contact_id).where(of_kind, at_least).correlate(None)
    contact = schema.contacts.c.id
    if quantifier in (Quantifier.NONE, Quantifier.AT_MOST):
        found = select(r.c.contact_id).where(of_kind, r.c.contact_id == contact, at_least)
        predicate = not_(exists(found.correlate(schema.contacts)))
        return RelatedSQL(predicate, non_member_count=size(ids))
    return RelatedSQL(contact.in_(ids), member_count=size(ids))
