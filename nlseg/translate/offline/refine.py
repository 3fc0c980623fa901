"""Refinement: one chat turn applied to the tree being discussed; the answer is the whole
new tree.

The leading words of the turn say what to do (longest phrase wins; see
:mod:`vocabulary`): *narrow* ("only those in EMEA") ANDs the new condition, *widen*
("also include anyone tagged partner") ORs it, *exclude* ("exclude anyone who opted out")
ANDs its negation, *remove* ("drop the score condition") deletes the conditions that
mention a field, relation, value, date or segment, and *change* ("make it 60 days",
"at least 5 instead", "France instead of Germany") replaces a number, a date window or a
value in place; so does a turn that is only a number ("75 or more is fine"). A turn with
none of these words narrows, and says so in an assumption whose alternative is the turn
read as a new segment; "start over" discards the base. Leading interjections ("eh", "no,")
and trailing acceptance ("is fine", "works") carry nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from nlseg.catalog import Catalog
from nlseg.clock import Clock
from nlseg.translate.offline.ambiguity import finish_tree
from nlseg.translate.offline.answer import failure, translation
from nlseg.translate.offline.changes import bare_number, change, value_change, window_change
from nlseg.translate.offline.lexicon import Lexicon
from nlseg.translate.offline.parse import Reading
from nlseg.translate.offline.removal import remove
from nlseg.translate.offline.request import fresh
from nlseg.translate.offline.tokens import tokenize
from nlseg.translate.offline.turns import PEOPLE, apply_turn, classify, lex_turn
from nlseg.translate.result import Translation
from nlseg.tree import FilterTree

__all__ = ["classify", "refine"]


def _new_people(rest: str) -> bool:
    words = [t.norm for t in tokenize(rest)]
    return bool(words) and words[0] in PEOPLE


def refine(
    text: str,
    base: FilterTree,
    lexicon: Lexicon,
    catalog: Catalog,
    clock: Clock,
    segments: Sequence[str],
) -> Translation:
    turn = classify(text)
    if turn.mode == "restart":
        return fresh(turn.rest, lexicon, catalog, clock, segments)
    if not turn.rest.strip():
        return failure(f"\u201c{text}\u201d says how to change the segment but not what to change.")
    if turn.mode == "remove":
        return remove(turn, base, lexicon, catalog, clock, segments)
    if turn.mode == "change" or (
        turn.mode == "narrow" and bare_number(turn.rest, base, lexicon, catalog, clock, segments)
    ):
        # "make it 60 days"; a number said alone ("75 or more is fine") changes the base's
        return change(turn, base, lexicon, catalog, clock, segments)
    if turn.mode == "widen" and not _new_people(turn.rest):
        # "add directors" to VPs in Germany: directors join the seniority list, in Germany
        # ("also include anyone tagged partner" is new people, whatever else holds).
        root = value_change(turn.rest, None, base, lexicon, clock, segments, extend=True)
        tree = finish_tree(root, catalog) if root is not None else None
        if tree is not None:
            reading = Reading(lex_turn(turn.rest, lexicon, clock, segments))
            return translation(tree, reading, catalog, clock, lambda r: None)
    if turn.mode == "narrow":
        root = window_change(turn.rest, base, lexicon, catalog, clock, segments)
        if root is not None:
            return root
    said = None if turn.explicit else text
    return apply_turn(turn.mode, turn, base, lexicon, catalog, clock, segments, said)
