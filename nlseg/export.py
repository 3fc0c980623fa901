"""CSV of a segment's members: exactly the contacts the segment's SQL selects, all of them.

The member query is the compiled tree's own id query used as a filter, so the file can never
disagree with the count. Cells that a spreadsheet would run as a formula (starting with
``= + - @``, tab or carriage return, also after leading spaces or invisible format
characters such as a zero-width space, and in their full-width or compatibility forms such
as U+FF1D, the full-width equals sign) are prefixed with an apostrophe (OWASP's advice for
CSV injection); nothing else is changed.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence

from sqlalchemy import Engine, Select, func, select

from nlseg.catalog import Catalog
from nlseg.clock import Clock
from nlseg.compiler.execute import DEFAULT_TIMEOUT_MS, rows
from nlseg.evaluate import compile_for
from nlseg.store import schema
from nlseg.tree import FilterTree

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _columns():
    c, a = schema.contacts, schema.accounts
    return (
        c.c.id.label("contact_id"),
        c.c.external_id,
        c.c.first_name,
        c.c.last_name,
        c.c.email,
        c.c.title,
        func.coalesce(a.c.name, c.c.company_name).label("company"),
        c.c.country,
        c.c.lifecycle_stage,
    )


CSV_HEADER = tuple(col.name for col in _columns())


def members_query(ids: Select) -> Select:
    """The CSV columns of the contacts whose ids ``ids`` selects, in id order."""
    c, a = schema.contacts, schema.accounts
    return (
        select(*_columns())
        .select_from(c.outerjoin(a, c.c.account_id == a.c.id))
        .where(c.c.id.in_(ids.order_by(None)))
        .order_by(c.c.id)
    )


def _visible_start(text: str) -> str:
    """The text as a spreadsheet may read its start: compatibility forms folded (U+FF1D is
    "="), leading spaces and invisible format characters (zero-width space, BOM) dropped."""
    folded = unicodedata.normalize("NFKC", text[:64])
    start = 0
    while start < len(folded) and (
        folded[start] == " " or unicodedata.category(folded[start]) in ("Cf", "Zs")
    ):
        start += 1
    return folded[start:]


def safe_cell(value: object) -> object:
    if isinstance(value, str) and (
        value.startswith(FORMULA_STARTS) or _visible_start(value).startswith(FORMULA_STARTS)
    ):
        return "'" + value
    return value


def to_csv(records: Iterable[Sequence[object]], header: Sequence[str] = CSV_HEADER) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for record in records:
        writer.writerow(["" if v is None else safe_cell(v) for v in record])
    return out.getvalue()


def segment_csv(
    engine: Engine,
    tree: FilterTree,
    catalog: Catalog,
    clock: Clock,
    timeout_ms: int = DEFAULT_TIMEOUT_MS,
) -> str:
    """Every member of ``tree`` on ``clock``'s day, one row each, as CSV text."""
    compiled = compile_for(engine, tree, catalog, clock)
    return to_csv(rows(engine, members_query(compiled.ids()), timeout_ms))


def contacts_csv(engine: Engine, contact_ids: Select, timeout_ms: int = DEFAULT_TIMEOUT_MS) -> str:
    """The CSV of the contacts an id query selects (a static list's members, say)."""
    return to_csv(rows(engine, members_query(contact_ids), timeout_ms))
