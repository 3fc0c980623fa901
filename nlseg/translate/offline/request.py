"""A request read on its own, with no tree to refine: refused when out of scope, asked
about when a gap calls for a question, otherwise the tree of its reading."""

from __future__ import annotations

from collections.abc import Sequence

from nlseg.catalog import Catalog
from nlseg.clock import Clock
from nlseg.translate.offline.ambiguity import finish_tree
from nlseg.translate.offline.answer import asking, failure, out_of_scope, translation, why_no_tree
from nlseg.translate.offline.clarify import question_for
from nlseg.translate.offline.lexicon import Lexicon
from nlseg.translate.offline.parse import Reading, read
from nlseg.translate.result import Translation
from nlseg.tree import FilterTree

__all__ = ["fresh"]


def fresh(
    text: str, lexicon: Lexicon, catalog: Catalog, clock: Clock, segments: Sequence[str]
) -> Translation:
    """A request read on its own (no tree to refine)."""
    reading = read(text, lexicon, clock.today, segments)
    refusal = out_of_scope(text, reading)
    if refusal is not None:
        return failure(refusal, reading)
    question = question_for(reading, catalog)
    if question is not None:
        return asking(question, reading)
    if reading.node is None:
        return failure(why_no_tree(text, reading), reading)

    def finish(r: Reading) -> FilterTree | None:
        return finish_tree(r.node, catalog)

    tree = finish(reading)
    if tree is None:
        return failure(f"\u201c{text}\u201d does not give a valid segment.", reading)
    return translation(tree, reading, catalog, clock, finish)
