"""What a chat turn changed: the conditions added, removed and changed between two trees.

A turn answers with a whole new tree (that is what the LLM returns, and what the offline
translator's refinements produce); the app shows this list beside it so a marketer sees
what moved. Both trees are normalised first, so a reordering or regrouping is no change.
The top level is compared: the conditions joined by the root's "and" (or "or").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from nlseg.catalog import Catalog
from nlseg.clock import Clock
from nlseg.tree import Condition, FilterTree, Group, InSegment, Related, canonical_json, normalize
from nlseg.tree.render import Renderer

Kind = Literal["added", "removed", "changed", "replaced"]


@dataclass(frozen=True)
class Change:
    kind: Kind
    before: str | None  # the condition before, in plain English
    after: str | None
    logic: str = "and"  # how an added condition joins the others

    @property
    def text(self) -> str:
        if self.kind == "added":
            joined = " (as an alternative: or)" if self.logic == "or" else ""
            return f"Added{joined}: {self.after}"
        if self.kind == "removed":
            return f"Removed: {self.before}"
        if self.kind == "changed":
            return f"Changed: {self.before} \u2192 {self.after}"
        return f"Replaced the whole segment: {self.before} \u2192 {self.after}"


def _parts(root) -> tuple[str, list]:
    if isinstance(root, Group) and not root.negate:
        return root.logic, list(root.children)
    return "and", [root]


def _subject(node) -> str | None:
    """What a condition is about; a removed and an added one about the same is a change."""
    if isinstance(node, Condition):
        return f"field:{node.field}"
    if isinstance(node, Related):
        return f"relation:{node.relation}"
    if isinstance(node, InSegment):
        return f"segment:{node.segment}"
    return None


def diff_trees(
    before: FilterTree | None,
    after: FilterTree,
    catalog: Catalog | None = None,
    clock: Clock | None = None,
) -> list[Change]:
    render = Renderer(catalog, clock)

    def say(node) -> str:
        return render.sentence_of(node)

    new = normalize(after).root
    if before is None:
        logic, children = _parts(new)
        return [Change("added", None, say(c), logic) for c in children]
    old = normalize(before).root
    if canonical_json(old) == canonical_json(new):
        return []
    (old_logic, old_parts), (new_logic, new_parts) = _parts(old), _parts(new)
    if old_logic != new_logic or (old_logic == "or" and len(old_parts) == 1):
        kept = [c for c in new_parts if canonical_json(c) == canonical_json(old)]
        if kept and new_logic == "or":  # the old segment, or something more
            others = [c for c in new_parts if canonical_json(c) != canonical_json(old)]
            return [Change("added", None, say(c), "or") for c in others]
        if not (isinstance(old, Group) and not old.negate):
            old_logic, old_parts = new_logic, [old]
        else:
            return [Change("replaced", say(old), say(new))]
    old_keys = {canonical_json(c): c for c in old_parts}
    new_keys = {canonical_json(c): c for c in new_parts}
    removed = [c for k, c in old_keys.items() if k not in new_keys]
    added = [c for k, c in new_keys.items() if k not in old_keys]
    changes: list[Change] = []
    for gone in list(removed):
        subject = _subject(gone)
        match = next((a for a in added if subject is not None and _subject(a) == subject), None)
        if match is not None:
            removed.remove(gone)
            added.remove(match)
            changes.append(Change("changed", say(gone), say(match), new_logic))
    changes[:0] = [Change("removed", say(c), None, old_logic) for c in removed]
    changes += [Change("added", None, say(c), new_logic) for c in added]
    return changes


def diff_lines(
    before: FilterTree | None,
    after: FilterTree,
    catalog: Catalog | None = None,
    clock: Clock | None = None,
) -> list[str]:
    """The changes as lines for the app: "Added: Country is Spain", …"""
    return [c.text for c in diff_trees(before, after, catalog, clock)]
