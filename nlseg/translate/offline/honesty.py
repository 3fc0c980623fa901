"""Honesty: which words were not understood, and whether a tree may still be returned.

The rule (documented in docs/offline-translator.md):

- Every word the parser could not use is reported in ``unparsed``, as an exact substring
  of the request. Filler words ("the", "please", "who") are not reported.
- Each constraint ("unit") that is only partly understood is kept only when the words it
  could not use can only have narrowed it further: the unit reads *upward* — a plain
  condition, or "has a/at least N/each of the last N" over related records. A negated
  unit, "no"/"at most"/"exactly" over related records, or anything inside an "except …"
  part is dropped whole, because an unknown word there could widen the audience.
- A constraint not understood at all (a hole) is dropped when it stands beside the others
  ("VPs and xyz": the tree is "VPs", "xyz" is unparsed), but voids the alternatives it is
  one of ("VPs or xyz": no tree for that "or").
- So every condition in a returned tree is one the request really states, and the tree
  selects a superset of what was asked, by exactly the conditions listed as unparsed.
  When nothing is understood the answer is an error, never an empty or match-all tree.
"""

from __future__ import annotations

from nlseg.translate.offline.pieces import Lexed
from nlseg.translate.offline.units import Unit

QUIET_KINDS = ("filler", "cmd", "conj", "mark", "be", "has", "prep")


def unparsed_spans(lexed: Lexed, units: list[Unit], dropped: list[Unit]) -> list[str]:
    """The text not understood, as exact substrings, in order of appearance."""
    pieces = {p.uid: p for p in lexed.pieces}
    ranges: list[tuple[int, int]] = []
    dropped_ids = {id(u) for u in dropped}
    for unit in dropped:
        if unit.kind == "subject":  # "contacts" says who, not which: only its unknown words
            ranges.extend((pieces[u].start, pieces[u].end) for u in unit.unknown)
            continue
        meaningful = [pieces[u] for u in unit.pieces if pieces[u].kind not in QUIET_KINDS]
        if meaningful:
            ranges.append((min(p.start for p in meaningful), max(p.end for p in meaningful)))
    for unit in units:
        if id(unit) in dropped_ids:
            continue
        for uid in unit.unknown:
            ranges.append((pieces[uid].start, pieces[uid].end))
    return [lexed.span(s, e) for s, e in _merge(sorted(ranges), lexed)]


def unparsed_uids(units: list[Unit], dropped: list[Unit]) -> set[int]:
    """The pieces not understood: every piece of a dropped unit, the unknown of the rest."""
    out = {uid for unit in dropped if unit.kind != "subject" for uid in unit.pieces}
    for unit in (*units, *dropped):
        out.update(unit.unknown)
    return out


def spoken_span(lexed: Lexed, unit: Unit) -> str:
    """A unit's words from its first to its last meaningful piece ("likely to buy …")."""
    pieces = [lexed.pieces[u] for u in unit.pieces if lexed.pieces[u].kind not in QUIET_KINDS]
    if not pieces:
        return lexed.span(unit.first, unit.last)
    return lexed.span(min(p.start for p in pieces), max(p.end for p in pieces))


def _merge(ranges: list[tuple[int, int]], lexed: Lexed) -> list[tuple[int, int]]:
    """Join ranges that touch or are separated only by filler words."""
    filler_tokens = set()
    for p in lexed.pieces:
        if p.kind in ("filler", "be", "has", "prep"):
            filler_tokens.update(range(p.start, p.end))
    out: list[tuple[int, int]] = []
    for start, end in ranges:
        if out and (
            start <= out[-1][1] or all(t in filler_tokens for t in range(out[-1][1], start))
        ):
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out
