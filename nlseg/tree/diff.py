"""What changed between two trees, in plain English: the readable diff of segment versions.

Both trees are normalised (one spelling per meaning, children in a canonical order) and
rendered as outlines without a clock, so reordering conditions or re-saving the same meaning
shows no change, and a relative date reads "in the last 90 days" rather than the days it
resolved to on the day of the save.
"""

from __future__ import annotations

import difflib

from nlseg.catalog import Catalog
from nlseg.tree.models import FilterTree
from nlseg.tree.normalize import normalize
from nlseg.tree.render import outline, sentence

NO_CHANGE = "No change to the conditions."


def _line(text: str) -> str:
    text = text.strip()
    # Group headers ("ALL of:") name the group, so a removed or changed group reads clearly.
    return text[:-1] + " the following" if text.endswith(" of:") else text.rstrip(":")


def _lines(tree: FilterTree, catalog: Catalog | None) -> list[str]:
    return [_line(line) for line in outline(normalize(tree), catalog).splitlines()]


def tree_changes(
    old: FilterTree | None, new: FilterTree, catalog: Catalog | None = None
) -> list[str]:
    """Plain-English changes from ``old`` to ``new``: "Added: …", "Removed: …", "Changed: … → …"."""
    if old is None:
        return [f"Created: {sentence(new, catalog)}"]
    before, after = _lines(old, catalog), _lines(new, catalog)
    changes: list[str] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = before[i1:i2], after[j1:j2]
        if tag == "equal":
            continue
        paired = min(len(removed), len(added)) if tag == "replace" else 0
        changes.extend(f"Changed: {a} → {b}" for a, b in zip(removed, added, strict=False))
        changes.extend(f"Removed: {line}" for line in removed[paired:])
        changes.extend(f"Added: {line}" for line in added[paired:])
    return changes or [NO_CHANGE]
