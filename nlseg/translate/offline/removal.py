"""Removing conditions from the base tree: "drop the score condition", "remove Germany",
"forget about the date restriction"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from nlseg.catalog import Catalog, DataType
from nlseg.clock import Clock
from nlseg.translate.offline import vocabulary as vocab
from nlseg.translate.offline.ambiguity import finish_tree
from nlseg.translate.offline.answer import failure, translation
from nlseg.translate.offline.lexicon import Lexicon
from nlseg.translate.offline.parse import Reading
from nlseg.translate.offline.pieces import Piece
from nlseg.translate.offline.tokens import Token
from nlseg.translate.offline.turns import Turn, apply_turn, fragment, lex_turn
from nlseg.translate.result import Translation
from nlseg.tree import FilterTree
from nlseg.tree.models import Condition, Group, InSegment, Related

_DATES = (DataType.DATE, DataType.DATETIME)


@dataclass
class _Targets:
    fields: set[str]
    relations: set[str]
    values: set[tuple[str, str]]
    segments: set[str]
    dates: bool


def _targets(pieces: list[Piece], lexed_tokens: list[Token]) -> tuple[_Targets, list[Piece]]:
    t = _Targets(set(), set(), set(), set(), False)
    unknown: list[Piece] = []
    date_words = {w for p in vocab.REFINE_DATE_NOUNS for w in p.split()}
    for p in pieces:
        words = {tok.norm for tok in lexed_tokens[p.start : p.end]}
        if p.kind == "lex":
            for s in p.senses:
                if s.kind == "field":
                    t.fields.add(s.field)
                elif s.kind == "relation":
                    t.relations.add(s.relation)
                elif s.kind == "value":
                    values = s.value if isinstance(s.value, tuple) else (s.value,)
                    t.values.update((s.field, v) for v in values)
                elif s.kind == "condition":
                    t.fields.add(s.field)
        elif p.kind in ("date", "span") or words & date_words:
            t.dates = True
        elif p.kind == "seg":
            t.segments.add(p.data["name"].casefold())
        elif p.kind == "unknown" and not words & set(vocab.REFINE_NOUNS):
            unknown.append(p)
    return t, unknown


def _strip(node, t: _Targets, catalog: Catalog, hits: list[int]):
    """``node`` without what the targets name; None when nothing of it is left."""
    if isinstance(node, Group):
        children = [c for c in (_strip(c, t, catalog, hits) for c in node.children) if c]
        if not children:
            return None
        return node.model_copy(update={"children": children})
    if isinstance(node, InSegment):
        if str(node.segment).casefold() in t.segments:
            hits.append(1)
            return None
        return node
    if isinstance(node, Condition):
        return _strip_condition(node, t, catalog, hits)
    if isinstance(node, Related):
        if node.relation in t.relations:
            hits.append(1)
            return None
        update: dict[str, Any] = {}
        if t.dates and node.window is not None:
            update["window"] = None
            hits.append(1)
        if node.where is not None:
            before = len(hits)
            where = _strip(node.where, t, catalog, hits)
            if where is None and len(hits) > before and _named_values(node.where, t):
                return None  # "remove the VIP tag": the condition was that value
            update["where"] = where
        return node.model_copy(update=update)
    return node


def _named_values(node, t: _Targets) -> bool:
    if isinstance(node, Condition):
        return isinstance(node.value, list) and any((node.field, v) in t.values for v in node.value)
    if isinstance(node, Group):
        return any(_named_values(c, t) for c in node.children)
    return False


def _strip_condition(node: Condition, t: _Targets, catalog: Catalog, hits: list[int]):
    spec = catalog.field(node.field)
    # "drop the country" names the account's country as well as the contact's
    attributes = {f.rsplit(".", 1)[-1] for f in t.fields}
    named = node.field in t.fields or node.field.rsplit(".", 1)[-1] in attributes
    if named or (t.dates and spec.data_type in _DATES):
        hits.append(1)
        return None
    if isinstance(node.value, list):
        kept = [v for v in node.value if (node.field, v) not in t.values]
        if len(kept) < len(node.value):
            hits.append(1)
            return node.model_copy(update={"value": kept}) if kept else None
    return node


def remove(
    turn: Turn,
    base: FilterTree,
    lexicon: Lexicon,
    catalog: Catalog,
    clock: Clock,
    segments: Sequence[str],
) -> Translation:
    lexed = lex_turn(turn.rest, lexicon, clock, segments)
    targets, unknown = _targets(lexed.pieces, lexed.tokens)
    hits: list[int] = []
    root = _strip(base.root, targets, catalog, hits)
    reading = Reading(lexed, unparsed=[lexed.piece_text(p) for p in unknown])
    if not hits:
        # "remove VPs" when no condition names VPs: exclude them instead.
        as_request = fragment(turn.rest, lexicon, clock, segments)
        if as_request.node is not None and targets.values and not targets.fields:
            return apply_turn("exclude", turn, base, lexicon, catalog, clock, segments)
        return failure(
            f"Nothing in the current segment matches \u201c{turn.rest}\u201d, so nothing was "
            "removed.",
            reading,
        )
    if root is None:
        return failure(
            f"Removing \u201c{turn.rest}\u201d would leave no condition at all, which would "
            "match everyone; the segment needs at least one condition.",
            reading,
        )
    tree = finish_tree(root, catalog)
    if tree is None:
        return failure(f"Removing \u201c{turn.rest}\u201d does not leave a valid segment.", reading)
    return translation(tree, reading, catalog, clock, lambda r: None)
