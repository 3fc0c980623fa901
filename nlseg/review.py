"""The review every translation gets before it is shown, whichever engine made it.

Two checks, both adding plain-English ``warnings`` that name the conditions responsible:

- **contradictions** (:mod:`nlseg.tree.contradictions`): two conditions that no contact
  can meet together — found on the tree, whatever the data;
- **breadth**: the tree selects **every** contact, or **none**, on this store. The
  waterfall says which condition did it: the condition true for everyone, or the step
  after which nobody remains (and whether that condition matches nobody on its own or
  only together with the ones before it).

A request names conditions; an answer that selects everyone or no one is almost always a
misreading, and one that selects everyone can mail the whole database. So such an answer
is never presented as a normal one: the app shows the warning above the count, ``nlseg
ask`` prints it and exits 4 unless ``--accept-broad`` is given, and the eval counts it.
An empty store is not judged (every tree selects everyone and no one there).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Engine, func, select

from nlseg.catalog import Catalog
from nlseg.clock import Clock
from nlseg.compiler.execute import DEFAULT_TIMEOUT_MS, scalar
from nlseg.evaluate import compile_for
from nlseg.store import schema
from nlseg.translate.result import Translation
from nlseg.tree import FilterTree, Group
from nlseg.tree.contradictions import contradictions
from nlseg.tree.render import Renderer
from nlseg.waterfall import waterfall

__all__ = ["Breadth", "Review", "breadth_warning", "review"]

Breadth = Literal["everyone", "nobody"]


@dataclass(frozen=True)
class Review:
    translation: Translation  # with the warnings added
    breadth: Breadth | None = None  # the tree selects every contact / none on this store
    contradictory: bool = False

    @property
    def needs_acceptance(self) -> bool:
        """Whether the answer must not be used without the user accepting it explicitly."""
        return self.breadth is not None or self.contradictory


def _quote(labels: list[str]) -> str:
    quoted = [f"“{label}”" for label in labels]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _count(engine: Engine, tree: FilterTree, catalog, clock, timeout_ms: int) -> int:
    return int(scalar(engine, compile_for(engine, tree, catalog, clock).count(), timeout_ms))


def breadth_warning(
    engine: Engine,
    tree: FilterTree,
    catalog: Catalog,
    clock: Clock,
    *,
    timeout_ms: int = DEFAULT_TIMEOUT_MS,
) -> tuple[Breadth | None, str | None]:
    """``("everyone" | "nobody", warning)`` when ``tree`` selects all or no contacts."""
    total = int(scalar(engine, select(func.count()).select_from(schema.contacts), timeout_ms))
    if total == 0:
        return None, None
    steps = waterfall(engine, tree, catalog, clock, timeout_ms)
    count = steps[-1].remaining
    if 0 < count < total:
        return None, None
    renderer = Renderer(catalog, clock)
    root = tree.root
    children = root.children if isinstance(root, Group) and not root.negate else [root]
    labels = [renderer.sentence_of(child) for child in children]
    single = len(children) == 1 or (isinstance(root, Group) and root.negate)
    if single:
        labels = [renderer.sentence_of(root)]
    if count == total:
        if single or root.logic == "and":
            culprits = labels
        else:
            own = [_count(engine, FilterTree.model_construct(root=c), catalog, clock, timeout_ms)
                   for c in children]  # fmt: skip
            culprits = [label for label, n in zip(labels, own, strict=True) if n == total]
            if not culprits:
                return "everyone", (
                    f"This selects every contact ({total:,}): together, {_quote(labels)} "
                    "cover everyone. Check that this is who you meant before using it."
                )
        verb = "is" if len(culprits) == 1 else "are"
        return "everyone", (
            f"This selects every contact ({total:,}): {_quote(culprits)} {verb} true for "
            "every contact, so it does not narrow the audience. Check that this is who you "
            "meant before using it."
        )
    if single or root.logic == "or":
        verb = "matches" if len(labels) == 1 else "match"
        return "nobody", f"This selects nobody: {_quote(labels)} {verb} no contact."
    first = next(i for i, s in enumerate(steps) if s.remaining == 0)
    if first == 0:
        return "nobody", f"This selects nobody: {_quote(labels[:1])} matches no contact."
    alone = _count(engine, FilterTree.model_construct(root=children[first]), catalog, clock,
                   timeout_ms)  # fmt: skip
    if alone == 0:
        return "nobody", f"This selects nobody: {_quote([labels[first]])} matches no contact."
    return "nobody", (
        f"This selects nobody: {_quote([labels[first]])} matches {alone:,} contacts on its "
        f"own, but none of the {steps[first - 1].remaining:,} left by {_quote(labels[:first])}."
    )


def review(
    translation: Translation,
    engine: Engine,
    catalog: Catalog,
    clock: Clock,
    *,
    timeout_ms: int = DEFAULT_TIMEOUT_MS,
) -> Review:
    """``translation`` with its contradiction and breadth warnings (none without a tree)."""
    tree = translation.tree
    if tree is None:
        return Review(translation)
    found = [c.message() for c in contradictions(tree, catalog, clock)]
    breadth, warning = breadth_warning(engine, tree, catalog, clock, timeout_ms=timeout_ms)
    warnings = [*found]
    if warning is not None and not (found and breadth == "nobody"):
        warnings.append(warning)  # a contradiction already says why nobody is selected
    new = [w for w in warnings if w not in translation.warnings]
    reviewed = translation.model_copy(update={"warnings": [*translation.warnings, *new]})
    return Review(reviewed, breadth, bool(found))
