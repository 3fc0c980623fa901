"""Changing the base tree in place: "make it 60 days", "at least 5 instead", "France instead
of Germany", "score over 70 instead"; and adding values to a list ("Spain too")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from nlseg.catalog import Catalog, DataType, Op
from nlseg.clock import Clock
from nlseg.translate.offline.ambiguity import alternative, finish_tree
from nlseg.translate.offline.answer import failure, translation, why_no_tree
from nlseg.translate.offline.dates import DateMatch
from nlseg.translate.offline.lexicon import Lexicon
from nlseg.translate.offline.numbers import Number
from nlseg.translate.offline.parse import Reading
from nlseg.translate.offline.pieces import Piece
from nlseg.translate.offline.tokens import tokenize
from nlseg.translate.offline.turns import Turn, fragment, lex_turn
from nlseg.translate.offline.units import quantity
from nlseg.translate.result import Assumption, Translation
from nlseg.tree import FilterTree
from nlseg.tree.models import Condition, DateFilter, Group, Quantifier, Related, RelativeSpan

_NUMERIC = (DataType.NUMBER, DataType.SCORE)
_DATES = (DataType.DATE, DataType.DATETIME)


def _split_old_new(text: str) -> tuple[str, str | None]:
    """(new, old): "France instead of Germany" → ("France", "Germany"); "Germany to France"."""
    tokens = tokenize(text)
    norms = [t.norm for t in tokens]
    for k in range(len(tokens)):
        pair = norms[k : k + 2]
        if pair in (["instead", "of"], ["rather", "than"]):
            new = text[: tokens[k].start] if k else ""
            old = text[tokens[k + 1].end :] if k + 2 < len(tokens) else None
            return new.strip(), (old or "").strip() or None
        if norms[k] == "instead":  # "at least 5 instead", "instead, make it 5"
            before, after = text[: tokens[k].start].strip(), text[tokens[k].end :].strip()
            return (before or after.lstrip(",;: ")), None
    if "to" in norms and 0 < norms.index("to") < len(norms) - 1:
        k = norms.index("to")
        return text[tokens[k].end :].strip(), text[: tokens[k].start].strip()
    if "for" in norms and 0 < norms.index("for") < len(norms) - 1:  # "swap X for Y"
        k = norms.index("for")
        return text[tokens[k].end :].strip(), text[: tokens[k].start].strip()
    if "with" in norms and 0 < norms.index("with") < len(norms) - 1:  # "replace X with Y"
        k = norms.index("with")
        return text[tokens[k].end :].strip(), text[: tokens[k].start].strip()
    return text.strip(), None


def _walk(node, path=()):
    """Every node with its path of child indexes (and "where" for related conditions)."""
    yield path, node
    if isinstance(node, Group):
        for i, child in enumerate(node.children):
            yield from _walk(child, (*path, i))
    if isinstance(node, Related) and node.where is not None:
        yield from _walk(node.where, (*path, "where"))


def _replace(node, path, new):
    if not path:
        return new
    head, rest = path[0], path[1:]
    if head == "where":
        return node.model_copy(update={"where": _replace(node.where, rest, new)})
    children = list(node.children)
    children[head] = _replace(children[head], rest, new)
    return node.model_copy(update={"children": children})


def _slots(base: FilterTree, catalog: Catalog, kind: str, words) -> list[tuple[tuple, Any]]:
    fields, relations = words
    found = []
    for path, node in _walk(base.root):
        if kind == "date":
            if (isinstance(node, Related) and node.window is not None) or (
                isinstance(node, Condition) and catalog.field(node.field).data_type in _DATES
            ):
                found.append((path, node))
        elif kind == "number":
            anything = not (fields or relations)
            if isinstance(node, Related) and node.count is not None:
                if anything or node.relation in relations:
                    found.append((path, node))
            elif (
                isinstance(node, Condition)
                and catalog.field(node.field).data_type in _NUMERIC
                and (anything or node.field in fields)
            ):
                found.append((path, node))
    return found


def _new_date(node, piece: Piece):
    if piece.kind == "span":
        span: RelativeSpan = piece.data
        target = node.window if isinstance(node, Related) else node
        op = str(target.op)
        op = op if op in ("in_last", "more_than_ago") else "in_last"
        if isinstance(node, Related):
            return node.model_copy(
                update={"window": node.window.model_copy(update={"op": op, "value": span})}
            )
        return node.model_copy(update={"op": op, "value": span})
    sense = piece.data.senses[0] if isinstance(piece.data, DateMatch) else None
    if sense is None:
        return None
    if isinstance(node, Related):
        window = {"op": sense.op, "value": sense.value}
        return node.model_copy(update={"window": node.window.model_copy(update=window)})
    return node.model_copy(update={"op": sense.op, "value": sense.value})


def _new_number(node, cmp: str | None, n):
    if isinstance(node, Related):
        if cmp is not None:
            q, count = quantity(cmp, int(n))
            return node.model_copy(update={"quantifier": Quantifier(q), "count": count})
        return node.model_copy(update={"count": int(n)})
    if cmp is not None:
        return node.model_copy(update={"op": cmp, "value": n})
    if str(node.op) == "between":
        return None
    return node.model_copy(update={"value": n})


def _scalar_change(pieces: list[Piece], base, catalog) -> list[Any] | None:
    """Trees for a new number or date ("make it 60 days", "at least 5 instead"), or None."""
    meaningful = [p for p in pieces if p.kind not in ("filler", "be", "cmd", "prep", "conj")]
    fields = {s.field for p in meaningful if p.kind == "lex" for s in p.senses if s.field}
    relations = {
        s.relation for p in meaningful if p.kind == "lex" for s in p.senses if s.kind == "relation"
    }
    dates = [p for p in meaningful if p.kind in ("date", "span")]
    numbers = [p for p in meaningful if p.kind == "num"]
    # "make it the last 5": the number of last campaigns
    last_n = any(p.kind == "latest" for p in meaningful) and bool(numbers)
    kinds = ("date", "span", "num", "cmp", "post", "lex", *(("latest",) if last_n else ()))
    others = [p for p in meaningful if p.kind not in kinds]
    if others or len(dates) + len(numbers) != 1:
        return None
    if dates:
        slots = _slots(base, catalog, "date", (fields, relations))
        trees = [_replace(base.root, path, _new_date(node, dates[0])) for path, node in slots]
        return [t for t in trees if t is not None]
    number: Number = numbers[0].data
    cmp = next((p.data for p in meaningful if p.kind in ("cmp", "post")), None)
    if number.plus:
        cmp = "gte"
    slots = _slots(base, catalog, "number", (fields, relations))
    if last_n:
        slots = [(path, node) for path, node in slots if _last_campaigns(node)]
    trees = []
    for path, node in slots:
        new = _new_number(node, cmp, number.value)
        if new is not None:
            trees.append(_replace(base.root, path, new))
    return trees


def bare_number(
    text: str, base: FilterTree, lexicon: Lexicon, catalog: Catalog, clock: Clock, segments
) -> bool:
    """Is the turn only a number (with its comparison) that fits a number of the base? Then
    it changes that number: "75 or more" after "a score of 80+"."""
    pieces = lex_turn(text, lexicon, clock, segments).pieces
    if not any(p.kind == "num" for p in pieces) or any(p.kind == "lex" for p in pieces):
        return False
    return bool(_scalar_change(pieces, base, catalog))


def _last_campaigns(node) -> bool:
    return isinstance(node, Related) and node.quantifier in (
        Quantifier.ALL_OF_LAST,
        Quantifier.ANY_OF_LAST,
    )


def value_change(
    new_text: str, old_text: str | None, base, lexicon, clock, segments, extend: bool = False
):
    """Replace values on the same field ("France instead", "change Germany to France"), or
    with ``extend`` add them ("Spain too")."""
    new_pieces = [
        p
        for p in lex_turn(new_text, lexicon, clock, segments).pieces
        if p.kind not in ("filler", "be", "prep", "cmd", "conj")  # "and Spain too"
    ]
    if not new_pieces or any(p.kind != "lex" for p in new_pieces):
        return None
    senses = [s for p in new_pieces for s in p.senses if s.kind == "value"]
    if not senses or len(senses) < len(new_pieces):
        return None
    old_values: set[str] = set()
    if old_text:
        for p in lex_turn(old_text, lexicon, clock, segments).pieces:
            for s in p.senses:
                if s.kind == "value":
                    old_values.update(s.value if isinstance(s.value, tuple) else (s.value,))
    root = base.root
    changed = False
    for path, node in list(_walk(root)):
        if isinstance(node, Condition) and node.op == Op.EQ and extend:
            node = node.model_copy(update={"op": "in", "value": [node.value]})  # one name: a list
        if not (isinstance(node, Condition) and isinstance(node.value, list)):
            continue
        fitting = [s for s in senses if s.field == node.field]
        if not fitting:
            continue
        if old_values and not set(node.value) & old_values:
            continue
        new_values = []
        for s in fitting:
            new_values.extend(s.value if isinstance(s.value, tuple) else (s.value,))
        kept = [v for v in node.value if v not in old_values] if old_values or extend else []
        value = list(dict.fromkeys([*kept, *new_values]))
        root = _replace(root, path, node.model_copy(update={"value": value}))
        changed = True
    return root if changed else None


def _first_valid(
    roots: list,
    catalog: Catalog,
    about: str,
    did: str,
    do: str,
    what: str = "matching condition",
) -> tuple[FilterTree, list[Assumption]] | None:
    """The first candidate that makes a valid tree, with the others offered as assumptions
    ("changed the first matching condition"); None when no candidate is valid."""
    valid = [t for t in (finish_tree(r, catalog) for r in roots) if t is not None]
    if not valid:
        return None
    extra = []
    if len(valid) > 1:
        extra.append(
            Assumption(
                about=about,
                chosen=f"{did} the first {what}",
                alternatives=[
                    alternative(f"{do} condition {i + 2} instead", t, catalog)
                    for i, t in enumerate(valid[1:])
                ],
            )
        )
    return valid[0], extra


def change(
    turn: Turn,
    base: FilterTree,
    lexicon: Lexicon,
    catalog: Catalog,
    clock: Clock,
    segments: Sequence[str],
) -> Translation:
    new_text, old_text = _split_old_new(turn.rest)
    if not new_text:
        return failure(f"\u201c{turn.rest}\u201d does not say what to change it to.")
    lexed = lex_turn(new_text, lexicon, clock, segments)
    empty = Reading(lexed)
    trees = _scalar_change(lexed.pieces, base, catalog)
    if trees is not None:
        if not trees:
            return failure(
                f"The current segment has nothing that \u201c{new_text}\u201d could "
                "replace (no number or date of that kind).",
                empty,
            )
        chosen = _first_valid(trees, catalog, new_text, "changed", "change")
        if chosen is None:
            return failure(f"\u201c{new_text}\u201d does not give a valid segment.", empty)
        return translation(chosen[0], empty, catalog, clock, lambda r: None, chosen[1])
    root = value_change(new_text, old_text, base, lexicon, clock, segments)
    if root is not None:
        tree = finish_tree(root, catalog)
        if tree is not None:
            return translation(tree, empty, catalog, clock, lambda r: None)
    # A whole condition: replace the conditions on the same fields or relations.
    reading = fragment(new_text, lexicon, clock, segments)
    if reading.node is None:
        return failure(why_no_tree(new_text, reading), reading)

    def finish(r: Reading) -> FilterTree | None:
        return finish_tree(_swap(base.root, r.node), catalog)

    tree = finish(reading)
    if tree is None:
        return failure(f"\u201c{turn.rest}\u201d does not give a valid segment.", reading)
    return translation(tree, reading, catalog, clock, finish)


def _key(node) -> str | None:
    if isinstance(node, Condition):
        return f"field:{node.field}"
    if isinstance(node, Related):
        return f"relation:{node.relation}"
    return None


def _swap(root, new):
    """Replace each condition of ``new`` where the base has one on the same field; add the rest."""
    if new is None:
        return None
    news = (
        new.children if isinstance(new, Group) and new.logic == "and" and not new.negate else [new]
    )
    for item in news:
        key = _key(item)
        paths = [p for p, n in _walk(root) if key and _key(n) == key and "where" not in p]
        if paths:
            root = _replace(root, paths[0], item)
        else:
            root = Group(logic="and", children=[root, item])
    return root


def _open_related(node, catalog: Catalog, path=()):
    """Related conditions with no window that a narrowing date can only narrow: reached
    through "and" groups (not negated), with the records required (any, at least N)."""
    if isinstance(node, Group) and node.logic == "and" and not node.negate:
        for i, child in enumerate(node.children):
            yield from _open_related(child, catalog, (*path, i))
    elif (
        isinstance(node, Related)
        and node.window is None
        and node.quantifier in (Quantifier.ANY, Quantifier.AT_LEAST)
        and catalog.relation(node.relation).timestamp_field is not None
    ):
        yield path, node


def window_change(
    text: str,
    base: FilterTree,
    lexicon: Lexicon,
    catalog: Catalog,
    clock: Clock,
    segments: Sequence[str],
) -> Translation | None:
    """A narrowing turn that is only a date ("only in the last 30 days") dates the related
    records of the base (the clicks, the meetings), not the contact; None when the turn is
    more than a date or the base has no such records."""
    lexed = lex_turn(text, lexicon, clock, segments)
    meaningful = [p for p in lexed.pieces if p.kind not in ("filler", "be", "cmd", "prep", "conj")]
    if len(meaningful) != 1 or meaningful[0].kind != "date":
        return None
    sense = meaningful[0].data.senses[0]
    trees = []
    for path, node in _open_related(base.root, catalog):
        window = DateFilter(op=sense.op, value=sense.value)
        trees.append(_replace(base.root, path, node.model_copy(update={"window": window})))
    chosen = _first_valid(trees, catalog, text, "dated", "date", "related condition")
    if chosen is None:
        return None
    return translation(chosen[0], Reading(lexed), catalog, clock, lambda r: None, chosen[1])
