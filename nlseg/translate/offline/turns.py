"""Chat turns: what a turn asks (narrow, widen, change, remove, exclude, restart), read
from its leading words, and the narrow/widen/exclude combination with the base tree."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from nlseg.catalog import Catalog, DataType
from nlseg.clock import Clock
from nlseg.translate.offline import vocabulary as vocab
from nlseg.translate.offline.ambiguity import alternative, finish_tree
from nlseg.translate.offline.answer import failure, translation, why_no_tree
from nlseg.translate.offline.lexicon import Lexicon
from nlseg.translate.offline.parse import Reading, read
from nlseg.translate.offline.pieces import Lexed, lex
from nlseg.translate.offline.tokens import Token, tokenize
from nlseg.translate.result import Assumption, Translation
from nlseg.tree import FilterTree
from nlseg.tree.models import Condition, Group, Quantifier, Related

_LEAD = (
    "actually",
    "ok",
    "okay",
    "now",
    "then",
    "please",
    "so",
    "great",
    "cool",
    "thanks",
    "hmm",
    "well",
    "alright",
    "right",
    "perfect",
    "nice",
    "good",
    "eh",
    "hm",
    "um",
    "uh",
    "oh",
    "yeah",
    "yes",
    "sure",
    "fine",
    "wait",
)
# A reply's "no" before a comma is an interjection ("no, 2+ then"), not a negation.
_INTERJECTIONS = ("no", "nah", "nope")
# Words after a new value that only accept it: "75 or more is fine".
_ACCEPTING = (("is", "fine"), ("is", "ok"), ("is", "okay"), ("is", "good"), ("is", "enough"),
              ("works",), ("would", "work"), ("will", "do"), ("would", "do"))  # fmt: skip
PEOPLE = (
    "anyone",
    "anybody",
    "everyone",
    "everybody",
    "those",
    "people",
    "contacts",
    "all",
    "ones",
    "leads",
    "customers",
    "them",
    "any",
    "whoever",
    "somebody",
    "someone",
)
_MODES = (
    ("restart", vocab.RESTART),
    ("exclude", vocab.REFINE_EXCLUDE),
    ("remove", vocab.REFINE_REMOVE),
    ("change", vocab.REFINE_CHANGE),
    ("widen", vocab.REFINE_WIDEN),
    ("narrow", vocab.REFINE_NARROW),
)


@dataclass
class Turn:
    mode: str
    rest: str  # the text after the refinement words
    explicit: bool  # the mode was said, not assumed


def _match(tokens: Sequence[Token], i: int) -> tuple[str, int] | None:
    best: tuple[str, int] | None = None
    for mode, phrases in _MODES:
        for phrase in phrases:
            words = [t.norm for t in tokenize(phrase)]
            n = len(words)
            if [t.norm for t in tokens[i : i + n]] == words and (best is None or n > best[1]):
                best = (mode, n)
    return best


def classify(text: str) -> Turn:
    tokens = tokenize(text)
    i = 0
    while i < len(tokens) and (
        tokens[i].norm in _LEAD
        or tokens[i].kind == "punct"
        or (
            tokens[i].norm in _INTERJECTIONS
            and i + 1 < len(tokens)
            and tokens[i + 1].norm in (",", "-", ":", ";")
        )
    ):
        i += 1
    for tail in _ACCEPTING:
        n = len(tail)
        if len(tokens) - i > n and tuple(t.norm for t in tokens[-n:]) == tail:
            text, tokens = text[: tokens[-n].start].rstrip(), tokens[:-n]
            break
    found = _match(tokens, i)
    norms = [t.norm for t in tokens]
    mode, used = found if found else ("narrow", 0)
    after = norms[i + used : i + used + 2]
    if after[:1] == ["the"]:
        after = after[1:] + norms[i + used + 2 : i + used + 3]
    if (
        mode == "remove"
        and after
        and after[0] in PEOPLE
        and (len(after) < 2 or after[1] not in vocab.REFINE_NOUNS)
    ):
        mode = "exclude"  # "remove anyone who …", "drop the ones in France"
    if any(w in norms for w in ("instead", "rather")) and mode not in ("exclude", "restart"):
        mode, used = "change", used if mode == "change" else 0
    tail_widens = norms[-2:] == ["as", "well"] or norms[-1:] in (["too"], ["also"])
    if tail_widens and mode == "narrow" and not found:
        mode = "widen"  # "Spain too", "directors as well"
        end = tokens[-2].start if norms[-2:] == ["as", "well"] else tokens[-1].start
        text = text[:end]
    start = i + used
    while start < len(tokens) and tokens[start].kind == "punct":
        start += 1
    rest = text[tokens[start].start :].rstrip() if start < len(tokens) else ""
    return Turn(mode, rest, found is not None or mode == "widen")


def fragment(rest: str, lexicon: Lexicon, clock: Clock, segments) -> Reading:
    """A turn's words read as a request; a leading verb is a word here, not an instruction."""
    return read(rest, lexicon, clock.today, segments, instructions=False)


def lex_turn(text: str, lexicon: Lexicon, clock: Clock, segments) -> Lexed:
    return lex(text, lexicon, clock.today, segments, instructions=False)


def combine(mode: str, base: FilterTree, node, catalog: Catalog | None = None) -> Any:
    if node is None:
        return None
    if mode == "widen":
        return Group(logic="or", children=[base.root, in_scope(base.root, node)])
    if mode == "exclude":
        return Group(logic="and", children=[base.root, Group(negate=True, children=[node])])
    if catalog is not None:
        replaced = replace_single_valued(base.root, node, catalog)
        if replaced is not None:
            return replaced
    return Group(logic="and", children=[base.root, node])


def in_scope(root, node) -> Any:
    """A widening about the same related records keeps their scope: "also people who only
    registered" after "webinar attendees from the last 90 days" adds registrants of those
    webinars in that window, not of any campaign ever. ``node`` unchanged otherwise."""
    if not isinstance(node, Related) or node.quantifier != Quantifier.ANY or node.count:
        return node
    tops = [root] if isinstance(root, Related) else _conditions(root)
    same = [c for c in tops if isinstance(c, Related) and c.relation == node.relation]
    if len(same) != 1 or same[0].quantifier != Quantifier.ANY:
        return node
    scope, own = _conditions(same[0].where), _conditions(node.where)
    scope = scope or ([same[0].where] if same[0].where is not None else [])
    if not own or not all(isinstance(c, Condition) for c in [*scope, *own]):
        return node
    fields = {c.field for c in own}
    if not fields < {c.field for c in scope}:
        return node  # the turn names nothing of the scope: new records
    where = [c for c in scope if c.field not in fields] + own
    return node.model_copy(
        update={
            "where": where[0] if len(where) == 1 else Group(logic="and", children=where),
            "window": node.window or same[0].window,
        }
    )


def _conditions(node) -> list:
    """The conditions ANDed at the top of ``node`` (itself, or a plain AND group's)."""
    if isinstance(node, Condition):
        return [node]
    if isinstance(node, Group) and node.logic == "and" and not node.negate:
        return list(node.children)
    return []


def _single_valued(node, catalog: Catalog) -> str | None:
    if not isinstance(node, Condition) or node.op != "in":
        return None
    spec = catalog.fields.get(node.field)
    return node.field if spec is not None and spec.data_type is DataType.PICKLIST else None


def replace_single_valued(root, node, catalog: Catalog) -> Any:
    """Narrowing with a new value of a field that holds one value ("only managers" on VPs
    in Germany): the new value replaces the old — ANDing both would select nobody. None when
    the turn names no such field of the base's top-level conditions."""
    new = {f: c for c in _conditions(node) if (f := _single_valued(c, catalog))}
    base = _conditions(root)
    if not new or not base or not any(_single_valued(c, catalog) in new for c in base):
        return None
    kept = [c for c in base if _single_valued(c, catalog) not in new]
    children = [*kept, *_conditions(node)]
    return children[0] if len(children) == 1 else Group(logic="and", children=children)


def apply_turn(
    mode: str,
    turn: Turn,
    base: FilterTree,
    lexicon: Lexicon,
    catalog: Catalog,
    clock: Clock,
    segments: Sequence[str],
    said: str | None = None,
) -> Translation:
    """Narrow, widen or exclude ``base`` by the turn's words. ``said`` is the whole turn when
    the mode was assumed (no refinement word): that is reported with the new-segment
    alternative."""
    reading = fragment(turn.rest, lexicon, clock, segments)
    if reading.node is None:
        return failure(why_no_tree(turn.rest, reading), reading)

    def finish(r: Reading) -> FilterTree | None:
        return finish_tree(combine(mode, base, r.node, catalog), catalog)

    tree = finish(reading)
    if tree is None:
        return failure(f"\u201c{turn.rest}\u201d does not give a valid segment.", reading)
    extra = []
    alone = finish_tree(reading.node, catalog) if said is not None else None
    if alone is not None:
        extra.append(
            Assumption(
                about=said,
                chosen="narrowed the current segment (added as a further condition)",
                alternatives=[alternative("a new segment from this text alone", alone, catalog)],
            )
        )
    return translation(tree, reading, catalog, clock, finish, extra)
