"""The value index: the names a store holds in its free-text name fields — account and
campaign names, owners, cities — with how many records carry each.

Picklists list their values in the catalog; names do not fit there (thousands of them,
changing with every sync), yet marketers say them: "contacts at dobes machinery", "who came
to the growth summit in boston", "audrey's accounts". The loader reads the most frequent
:data:`MAX_NAMES` values of each field in :data:`NAME_FIELDS` with their counts when it
builds the catalog (so the index is refreshed with it), and every translator reads them from
``Catalog.names``: the offline parser matches them (exact, a run of words, a first word),
the LLM prompt is given the ones a request mentions. Job titles (:data:`WORD_FIELDS`) are
read too, for their words.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import func, select

from nlseg.catalog.columns import field_expression
from nlseg.catalog.titles import TITLE_FIELD
from nlseg.store import schema

__all__ = [
    "MAX_NAMES",
    "NAME_FIELDS",
    "WORD_FIELDS",
    "NameCounts",
    "read_name_relations",
    "read_names",
]

# Free-text fields whose values are names worth recognising in a request, in the order a
# name found in several is read (a contact's city before its account's).
NAME_FIELDS = ("account.name", "campaign.name", "owner.name", "contact.city", "account.city")
# Free-text fields whose single words are worth recognising: "founders", "recruiters" are
# words of job titles (a whole title is not a name: "sales manager" stays its two fields).
WORD_FIELDS = (TITLE_FIELD,)
MAX_NAMES = 5000

NameCounts = Mapping[str, tuple[tuple[str, int], ...]]  # field key -> (value, count), most first


def read_names(conn, catalog) -> dict[str, tuple[tuple[str, int], ...]]:
    """The index for the store on ``conn``: each name field's non-empty values, trimmed, with
    their counts, most frequent first (ties alphabetical)."""
    out: dict[str, tuple[tuple[str, int], ...]] = {}
    for key in (*NAME_FIELDS, *WORD_FIELDS):
        spec = catalog.fields.get(key)
        if spec is None:
            continue
        table = schema.metadata.tables[catalog.entities[spec.entity].table]
        expr = func.trim(field_expression(spec, table, conn.dialect.name))
        count = func.count()
        query = (
            select(expr, count)
            .where(expr.is_not(None), expr != "")
            .group_by(expr)
            .order_by(count.desc(), expr)
            .limit(MAX_NAMES)
        )
        out[key] = tuple((str(v), int(n)) for v, n in conn.execute(query))
    return out


def _joined(catalog, relation, entity_table: str):
    """The relation's rows joined to ``entity_table`` along its path (no contacts)."""
    tables = schema.metadata.tables
    root = relation.path[0].right.split(".", 1)[0]
    source = tables[root]
    for step in relation.path[1:]:
        (lt, lc), (rt, rc) = (side.split(".", 1) for side in (step.left, step.right))
        source = source.join(tables[rt], tables[lt].c[lc] == tables[rt].c[rc])
        if rt == entity_table:
            return source
    return None


def read_name_relations(conn, catalog) -> dict[str, dict[str, str]]:
    """For name fields of records reached through several relations (a campaign's name:
    memberships or email events), the relation each value is used through most —
    "the monthly newsletter" is emailed, "the growth summit" has members."""
    out: dict[str, dict[str, str]] = {}
    for key in NAME_FIELDS:
        spec = catalog.fields.get(key)
        if spec is None or spec.entity in catalog.top_level_entities:
            continue
        table_name = catalog.entities[spec.entity].table
        table = schema.metadata.tables[table_name]
        expr = func.trim(field_expression(spec, table, conn.dialect.name))
        best: dict[str, tuple[int, str]] = {}
        for relation in catalog.relations.values():
            if relation.cardinality != "1:many" or spec.entity not in relation.entities:
                continue
            source = _joined(catalog, relation, table_name)
            if source is None:
                continue
            query = select(expr, func.count()).select_from(source).group_by(expr)
            for value, n in conn.execute(query):
                if value and (value not in best or int(n) > best[value][0]):
                    best[str(value)] = (int(n), relation.name)
        out[key] = {value: name for value, (_, name) in best.items()}
    return out
