"""The waterfall: how many contacts remain after each top-level condition of an AND (the first
step that reaches 0 is the one that empties the segment), or are matched so far by an OR.

Every number is a count of the same compiled SQL the segment's count runs (per prefix tree,
or labelled in one pass where that is faster), so the waterfall never disagrees with the
count; its last step is the count.
"""

from __future__ import annotations

import functools
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from sqlalchemy import Engine, case, func, literal, not_, select, union_all

from nlseg.catalog import Catalog
from nlseg.clock import Clock
from nlseg.compiler.execute import DEFAULT_TIMEOUT_MS, rows, scalar
from nlseg.evaluate import compile_for
from nlseg.store import schema
from nlseg.tree import Condition, FilterTree, Group
from nlseg.tree.render import Renderer

TOP_LEVEL = ("contact", "account", "owner")
PARALLEL_COUNTS = 4  # connections counting waterfall steps at once


@dataclass(frozen=True)
class Step:
    label: str  # the condition this step adds, in plain English
    tree: FilterTree  # the tree of the steps so far


@dataclass(frozen=True)
class StepCount:
    label: str
    remaining: int


def _tree(root) -> FilterTree:
    return FilterTree.model_construct(root=root)


def _label(renderer: Renderer, node) -> str:
    if isinstance(node, Group):
        text = renderer.sentence_of(node)
        return text if node.negate else f"({text})"
    return renderer.sentence_of(node)


def waterfall_steps(tree: FilterTree, catalog: Catalog, clock: Clock | None = None) -> list[Step]:
    """One step per top-level condition of an un-negated root group (one step otherwise)."""
    renderer = Renderer(catalog, clock)
    root = tree.root
    if not isinstance(root, Group) or root.negate or len(root.children) < 2:
        return [Step(renderer.sentence_of(root), tree)]
    steps = []
    for i, child in enumerate(root.children):
        prefix = root.children[: i + 1]
        sub = prefix[0] if len(prefix) == 1 else Group(logic=root.logic, children=prefix)
        word = "" if i == 0 else ("and " if root.logic == "and" else "or ")
        steps.append(Step(word + _label(renderer, child), _tree(sub)))
    return steps


def emptied_by(counts: list[StepCount], logic: str = "and") -> str | None:
    """The condition after which no contact remains (AND steps), or None."""
    if logic != "and":
        return None
    for step in counts:
        if step.remaining == 0:
            return step.label.removeprefix("and ")
    return None


# --- why / why not -----------------------------------------------------------------------


def waterfall(
    engine: Engine,
    tree: FilterTree,
    catalog: Catalog,
    clock: Clock,
    timeout_ms: int = DEFAULT_TIMEOUT_MS,
) -> list[StepCount]:
    """How many contacts remain (AND) or are matched so far (OR) after each top-level step.

    The last step's number is the segment's count. How the steps are counted is what
    measured fastest at 100k contacts on SQLite (benchmarks/preview.py, docs/app.md):

    - OR: each condition's members come from the compiler's own member query, and one
      query labels each member with the first condition it matches;
    - AND: each step is counted as its own prefix tree with the compiler's plans (which can
      start from an index of the account, owner or related table), side by side on their
      own connections; on SQLite a leading run of two or more plain field conditions is
      counted instead in one labelled pass (it would otherwise re-scan the contacts once
      per step), unless the whole tree is account and owner conditions.
    """
    steps = waterfall_steps(tree, catalog, clock)
    root = tree.root
    if len(steps) == 1:
        counts = [_count(engine, tree, catalog, clock, timeout_ms)]
    elif root.logic == "or":
        counts = _first_matches(engine, tree, catalog, clock, timeout_ms)
    else:
        counts = _and_steps(engine, tree, [s.tree for s in steps], catalog, clock, timeout_ms)
    return [StepCount(step.label, n) for step, n in zip(steps, counts, strict=True)]


def _count(engine, tree: FilterTree, catalog, clock, timeout_ms: int) -> int:
    return scalar(engine, compile_for(engine, tree, catalog, clock).count(), timeout_ms)


def _plain(node, catalog: Catalog, entities: tuple[str, ...]) -> bool:
    """A condition (or group of them) on fields of ``entities`` only: no subquery."""
    if isinstance(node, Group):
        return all(_plain(child, catalog, entities) for child in node.children)
    return isinstance(node, Condition) and catalog.field(node.field).entity in entities


def _and_steps(engine, tree, prefixes: list[FilterTree], catalog, clock, timeout_ms) -> list[int]:
    """AND steps. On SQLite the leading run of plain field conditions is counted in one
    labelled pass (unless the run is all account/owner conditions the compiler counts from
    their indexes); every later step is counted as its own prefix. The jobs run side by
    side on their own connections (readers do not block each other)."""
    children = tree.root.children
    lead = 0
    if engine.dialect.name == "sqlite":
        while lead < len(children) and _plain(children[lead], catalog, TOP_LEVEL):
            lead += 1
        everything_plain = lead == len(children)
        if lead < 2 or (everything_plain and not _plain(tree.root, catalog, ("contact",))):
            lead = 0
    jobs = [functools.partial(_count, engine, t, catalog, clock, timeout_ms) for t in prefixes]
    if lead:
        passes = functools.partial(
            _leading_passes, engine, children[:lead], catalog, clock, timeout_ms
        )
        jobs = [passes, *jobs[lead:]]
    # An in-memory SQLite database exists once per connection: count it on one.
    in_memory = engine.dialect.name == "sqlite" and engine.url.database in (None, "", ":memory:")
    if in_memory:
        results = [job() for job in jobs]
    else:
        with ThreadPoolExecutor(max_workers=min(PARALLEL_COUNTS, len(jobs))) as pool:
            results = list(pool.map(lambda job: job(), jobs))
    if lead:
        return [*results[0], *results[1:]]
    return results


def _first_matches(engine, tree: FilterTree, catalog, clock, timeout_ms: int) -> list[int]:
    """OR steps: the members of each condition, labelled k, grouped by contact (its first
    match); step k is the number of contacts whose first match is among the first k."""
    branches = []
    for k, child in enumerate(tree.root.children, 1):
        members = compile_for(engine, _tree(child), catalog, clock).ids().order_by(None)
        ids = members.subquery()
        branches.append(select(ids.c[0].label("id"), literal(k).label("k")))
    labelled = union_all(*branches).subquery()
    first = select(func.min(labelled.c.k).label("k")).group_by(labelled.c.id).subquery()
    found = dict(rows(engine, select(first.c.k, func.count()).group_by(first.c.k), timeout_ms))
    return [sum(m for k, m in found.items() if k <= step) for step in range(1, len(branches) + 1)]


def _leading_passes(engine, children: list, catalog, clock, timeout_ms: int) -> list[int]:
    """Steps of an AND of plain conditions in one scan of the first condition's contacts
    (its indexes apply), each labelled with how many leading conditions it passes (a CASE
    stops at the first that fails, and writes each condition once); step k counts the
    contacts that pass at least k."""
    parts = [compile_for(engine, _tree(child), catalog, clock) for child in children]
    c = schema.contacts
    source = c
    joined = frozenset().union(*(part.joined for part in parts))
    if "account" in joined:
        source = source.outerjoin(schema.accounts, c.c.account_id == schema.accounts.c.id)
    if "owner" in joined:
        source = source.outerjoin(schema.owners, c.c.owner_id == schema.owners.c.id)
    predicates = [part.predicate for part in parts]
    n = len(predicates)
    label = case(*((not_(p), k) for k, p in enumerate(predicates[1:], 1)), else_=n)
    inner = select(label.label("k")).select_from(source).where(predicates[0])
    labels = inner.subquery()
    found = dict(rows(engine, select(labels.c.k, func.count()).group_by(labels.c.k), timeout_ms))
    return [sum(m for k, m in found.items() if k >= step) for step in range(1, n + 1)]
