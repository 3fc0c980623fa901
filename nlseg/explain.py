"""Why is (or isn't) a contact in the segment: every node of the tree, evaluated for that
contact with the same compiled SQL the count runs, in one query per contact.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, case, false, select, true

from nlseg.catalog import Catalog
from nlseg.catalog.columns import fold
from nlseg.clock import Clock
from nlseg.compiler.execute import DEFAULT_TIMEOUT_MS, rows
from nlseg.evaluate import compile_for
from nlseg.store import schema
from nlseg.text import simple_lower
from nlseg.tree import Condition, FilterTree, Group, InSegment, Related
from nlseg.tree.render import Renderer

MAX_CONTACTS = 5  # an email shared by more contacts is explained for the first five


def _tree(root) -> FilterTree:
    return FilterTree.model_construct(root=root)


@dataclass(frozen=True)
class Check:
    depth: int
    text: str
    holds: bool


@dataclass(frozen=True)
class Verdict:
    contact_id: int
    name: str
    email: str | None
    member: bool
    checks: list[Check]


def _nodes(node, renderer: Renderer, depth: int = 0) -> list[tuple[int, str, object]]:
    """The nodes to evaluate, in outline order: groups and then their children."""
    if isinstance(node, Group):
        head = {"and": "ALL of", "or": "ANY of"}[node.logic]
        if node.negate:
            head = {"and": "NOT ALL of", "or": "NONE of"}[node.logic]
        found = [(depth, head + ":", node)]
        for child in node.children:
            found.extend(_nodes(child, renderer, depth + 1))
        return found
    if isinstance(node, (Condition, Related, InSegment)):
        return [(depth, renderer.sentence_of(node), node)]
    raise TypeError(f"unexpected node {type(node).__name__}")


def find_contacts(engine: Engine, email: str, limit: int = MAX_CONTACTS) -> list:
    """Contacts whose email is ``email``, ignoring case (folded as the compiler folds text)."""
    c = schema.contacts
    wanted = email.strip()
    if not wanted:
        return []
    base = select(c.c.id, c.c.first_name, c.c.last_name, c.c.email).order_by(c.c.id).limit(limit)
    with engine.connect() as conn:
        # The exact spelling is an index lookup; only a miss pays for a case-folding scan.
        found = list(conn.execute(base.where(c.c.email == wanted)))
        if not found:
            found = list(conn.execute(base.where(fold(c.c.email) == simple_lower(wanted))))
    return found


def why(
    engine: Engine,
    tree: FilterTree,
    catalog: Catalog,
    clock: Clock,
    email: str,
    timeout_ms: int = DEFAULT_TIMEOUT_MS,
) -> list[Verdict]:
    """For each contact with ``email``: in the segment or not, and every condition's result."""
    renderer = Renderer(catalog, clock)
    nodes = _nodes(tree.root, renderer)
    compiled = [compile_for(engine, _tree(node), catalog, clock) for _, _, node in nodes]
    verdicts = []
    c, a, o = schema.contacts, schema.accounts, schema.owners
    source = c.outerjoin(a, c.c.account_id == a.c.id).outerjoin(o, c.c.owner_id == o.c.id)
    for contact in find_contacts(engine, email):
        columns = [
            case((part.predicate, true()), else_=false()).label(f"n{i}")
            for i, part in enumerate(compiled)
        ]
        query = select(*columns).select_from(source).where(c.c.id == contact.id)
        (result,) = rows(engine, query, timeout_ms)
        checks = [Check(depth, text, bool(result[i])) for i, (depth, text, _) in enumerate(nodes)]
        name = " ".join(p for p in (contact.first_name, contact.last_name) if p) or "(no name)"
        verdicts.append(Verdict(contact.id, name, contact.email, checks[0].holds, checks))
    return verdicts
