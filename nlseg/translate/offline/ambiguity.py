"""Ambiguity: each word read by a documented default becomes an :class:`Assumption`, with the
whole tree for every other reading, so the app can offer them as one-click choices.

The alternatives are produced by reading the request again with that one word forced to
the other reading; a reading that gives the same tree, or no valid tree, is not offered.
Near-miss spellings that were corrected ("Germnay" → "Germany") are reported too.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import ValidationError

from nlseg.catalog import Catalog
from nlseg.translate.offline.parse import Reading, read_lexed
from nlseg.translate.result import Alternative, Assumption
from nlseg.tree import FilterTree, canonical_json, normalize

Finish = Callable[[Reading], FilterTree | None]


def finish_tree(node, catalog: Catalog) -> FilterTree | None:
    """A node as a validated, normalised tree (None when it is not valid)."""
    if node is None:
        return None
    data = {"root": node.model_dump(mode="json", exclude_none=True)}
    try:
        return normalize(FilterTree.model_validate(data, context={"catalog": catalog}))
    except ValidationError:
        return None


def alternative(label: str, tree: FilterTree, catalog: Catalog) -> Alternative:
    """An alternative reading; validated with the catalog (custom fields are not standard)."""
    return Alternative.model_validate({"label": label, "tree": tree}, context={"catalog": catalog})


def assumptions(reading: Reading, chosen: FilterTree, catalog: Catalog, finish: Finish):
    out: list[Assumption] = []
    seen: set[int] = set()
    chosen_json = canonical_json(chosen.root)
    for choice in reading.choices:
        if choice.uid in seen:
            continue
        seen.add(choice.uid)
        alternatives = []
        shown: set[str] = {chosen_json}
        for option, label in choice.options:
            other = read_lexed(reading.lexed, catalog, {choice.uid: option})
            tree = finish(other)
            if tree is None:
                continue
            key = canonical_json(tree.root)
            if key in shown:
                continue
            shown.add(key)
            alternatives.append(alternative(label, tree, catalog))
        if alternatives:
            out.append(
                Assumption.model_construct(
                    about=choice.about, chosen=choice.chosen, alternatives=alternatives
                )
            )
    for typed, corrected in reading.corrections:
        out.append(Assumption(about=typed, chosen=f"read '{typed}' as '{corrected}'"))
    return out
