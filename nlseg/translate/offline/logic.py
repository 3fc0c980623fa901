"""Logic: units → one node, with lists, shared words, and/or precedence and honesty.

- Lists: a bare value after a connector joins the list of the unit before it when it can
  be a value of the same field ("in France, Spain or Italy", "VPs and directors" — a person
  has one seniority, so "and" between values of one field means either); for 1:many
  records "and" means each ("tagged VIP and partner": both tags) and "or" either.
- Shared words: "opened or clicked in the last week" gives the window to both verbs;
  "didn't open or click" gives the negation to both ("neither").
- Precedence: "and" binds tighter than "or" within a clause ("VPs in Germany or directors
  in France"), except that a list of nouns heading the request shares the words after it
  ("leads or customers in Germany" is (leads or customers) in Germany); "plus" is an "or"
  between whole audiences ("IT directors plus all VPs"), never a list of values; clauses ("who …",
  "with …", "but …") are joined by "and" unless "or" stands before the marker.
- Honesty: see :mod:`nlseg.translate.offline.honesty` for when words not understood
  still allow a tree.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from pydantic import ValidationError

from nlseg.catalog import Catalog, DataType
from nlseg.translate.offline.grammar import ClauseUnits, Reader
from nlseg.translate.offline.units import Unit, to_node
from nlseg.tree.models import FilterTree, Group
from nlseg.tree.validation import error_messages


@dataclass
class Part:
    """A node built from units, or a hole (something not understood) where a node should be."""

    node: Any = None
    hole: bool = False
    units: list[Unit] = field(default_factory=list)
    dropped: list[Unit] = field(default_factory=list)  # units reported whole as unparsed


def _resolve_commas(units: list[tuple[str | None, Unit]]) -> None:
    for i, (conn, unit) in enumerate(units):
        if conn != ",":
            continue
        later = next((c for c, _ in units[i + 1 :] if c in ("and", "or")), None)
        units[i] = (later or "and", unit)


def _slot(prev: Unit) -> tuple[str, list] | None:
    """The field and value list a following bare value may join."""
    if prev.kind == "cond" and prev.op in ("in", "not_in", "contains_any", "contains_all"):
        return prev.field, prev.value
    if prev.kind == "rel" and prev.where and prev.where[-1][1] in ("in", "not_in"):
        return prev.where[-1][0], prev.where[-1][2]
    return None


def _values_for(unit: Unit, key: str) -> list | None:
    for sense in unit.candidates:
        if sense.field == key:
            return list(sense.value) if isinstance(sense.value, tuple) else [sense.value]
    return None


def _reread(prev: Unit, unit: Unit, reader: Reader) -> bool:
    """A bare value before "or"/"and" takes the field the next value can only be read as
    ("Spanish or Portuguese speakers": both languages, as Portuguese is no country here)."""
    if not (prev.kind == unit.kind == "cond" and prev.bare and unit.bare) or prev.neg:
        return False
    if prev.field == unit.field or prev.unknown or len(prev.value or ()) != 1:
        return False
    if any(c.uid in unit.pieces for c in reader.choices):
        return False  # the next value's own field was a default, not certain
    values = _values_for(prev, unit.field)
    if values is None:
        return False
    prev.field, prev.value = unit.field, values
    reader.choices = [c for c in reader.choices if c.uid not in prev.pieces]
    return True


def _merge_lists(units: list[tuple[str | None, Unit]], reader: Reader) -> list:
    out: list[tuple[str | None, Unit]] = []
    for conn, unit in units:
        prev = out[-1][1] if out else None
        if prev is not None and conn in ("and", "or") and _same_endings(prev, unit):
            # "gmail or yahoo users", "gmail/yahoo": an address has one ending, any of these
            values = [*_listed(prev.value), *_listed(unit.value)]
            prev.op, prev.value = "ends_with_any", list(dict.fromkeys(values))
            prev.pieces.extend(unit.pieces)
            prev.last = max(prev.last, unit.last)
            continue
        slot = _slot(prev) if prev is not None and conn in ("and", "or") else None
        values = _values_for(unit, slot[0]) if slot and unit.bare and not unit.neg else None
        if slot and values is None and _reread(prev, unit, reader):
            slot = _slot(prev)  # "Spanish or Portuguese speakers": both languages
            values = _values_for(unit, slot[0]) if slot else None
        if slot is None or values is None or unit.unknown:
            out.append((conn, unit))
            continue
        key, current = slot
        spec = reader.catalog.field(key)
        reader.choices = [c for c in reader.choices if c.uid not in unit.pieces]
        if prev.kind == "rel" and conn == "and" and not prev.neg and spec.entity != "contact":
            twin = copy.deepcopy(prev)
            twin.where[-1] = [key, "in", values]
            twin.pieces, twin.first, twin.last = list(unit.pieces), unit.first, unit.last
            twin.unknown = []
            out.append((conn, twin))
            continue
        current.extend(v for v in values if v not in current)
        if prev.kind == "cond" and spec.data_type is DataType.MULTI_TEXT:
            prev.op = "contains_all" if conn == "and" else "contains_any"
        prev.pieces.extend(unit.pieces)
        prev.last = max(prev.last, unit.last)
    return out


_ENDINGS = ("ends_with", "ends_with_any")


def _listed(value) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _same_endings(a: Unit, b: Unit) -> bool:
    return (
        a.kind == b.kind == "cond"
        and a.field == b.field
        and a.op in _ENDINGS
        and b.op in _ENDINGS
        and not a.neg
        and not b.neg
        and not b.unknown
    )


def _same_records(a: Unit, b: Unit) -> bool:
    if a.kind != "rel" or b.kind != "rel" or a.relation != b.relation:
        return False
    keys_a = [w[0] for w in a.where]
    keys_b = [w[0] for w in b.where]
    return keys_a == keys_b and len(keys_a) == 1 and a.where[0][1] == b.where[0][1] == "in"


def _share(units: list[tuple[str | None, Unit]]) -> list:
    """Words shared by neighbours: "opened or clicked in the last week", "didn't open or click"."""
    out: list[tuple[str | None, Unit]] = []
    for conn, unit in units:
        prev = out[-1][1] if out else None
        negated_list = False
        if prev is not None and conn in ("and", "or") and prev.kind == unit.kind == "rel":
            _share_verb(prev, unit)
            negated_list = _distribute(prev, unit)
            if prev.verb_only and prev.relation == unit.relation:
                prev.window = prev.window or unit.window
                prev.last_campaigns = prev.last_campaigns or unit.last_campaigns
                if prev.quantifier is None and unit.quantifier not in (None, "none"):
                    prev.quantifier, prev.count = unit.quantifier, unit.count
            if prev.neg and not unit.neg and unit.verb_only and prev.relation == unit.relation:
                unit.neg = prev.neg
                unit.window = unit.window or prev.window
            if conn == "or" and _one_list(prev, unit):
                continue  # "showed up to an event or a webinar": one list of types
            if (
                conn == "or"
                and _same_records(prev, unit)
                and prev.neg == unit.neg
                and prev.window == unit.window
                and (prev.quantifier, prev.count) == (unit.quantifier, unit.count)
                and prev.last_campaigns == unit.last_campaigns
                and not unit.unknown
            ):
                prev.where[0][2] = list(dict.fromkeys([*prev.where[0][2], *unit.where[0][2]]))
                prev.pieces.extend(unit.pieces)
                prev.last = max(prev.last, unit.last)
                continue
        if negated_list:
            conn = "and"  # "no opens or clicks": none of either
        out.append((conn, unit))
    return out


def _share_verb(prev: Unit, unit: Unit) -> None:
    """A bare object after "or"/"and" takes the verb's conditions of the one before:
    "attended an event or a webinar" — the webinar was attended too."""
    if prev.relation != unit.relation or unit.neg or unit.quantifier or unit.unknown:
        return
    keys = {w[0] for w in unit.where}
    if not keys or not keys < {w[0] for w in prev.where}:
        return
    unit.where.extend([list(w) for w in prev.where if w[0] not in keys])


def _one_list(prev: Unit, unit: Unit) -> bool:
    """Merge ``unit`` into ``prev`` when they differ only in one value list (same relation,
    quantifier, window, negation): "an event or a webinar" is type Event or Webinar."""
    if prev.relation != unit.relation or unit.unknown or len(prev.where) < 2:
        return False
    same = (prev.neg, prev.window, prev.quantifier, prev.count, prev.last_campaigns) == (
        unit.neg, unit.window, unit.quantifier, unit.count, unit.last_campaigns
    )  # fmt: skip
    if not same or sorted(w[0] for w in prev.where) != sorted(w[0] for w in unit.where):
        return False
    theirs = {w[0]: w for w in unit.where}
    differ = [w for w in prev.where if w != theirs[w[0]]]
    if len(differ) != 1 or differ[0][1] != "in" or theirs[differ[0][0]][1] != "in":
        return False
    mine, other = differ[0], theirs[differ[0][0]]
    mine[2] = list(dict.fromkeys([*mine[2], *other[2]]))
    prev.pieces.extend(unit.pieces)
    prev.last = max(prev.last, unit.last)
    return True


def _distribute(prev: Unit, unit: Unit) -> bool:
    """Words a list of related records shares (coordination, said once for the grammar):

    - a window after the last of them ("opened an email or attended an event in the last 14
      days") applies to each that has none;
    - a negation before the first ("no opens or clicks", "never a demo or a call") applies
      to each right after it: True, for "none of either".
    """
    open_prev = prev.quantifier in (None, "any", "at_least") and not prev.last_campaigns
    if unit.window is not None and prev.window is None and not prev.latest and open_prev:
        prev.window = unit.window
    adjacent = unit.first - prev.last <= 2  # "or", "or a"
    # "didn't open or click our last campaign": the last campaigns are shared like a window
    plain = unit.quantifier in (None, "any", "all_of_last", "any_of_last") and not unit.excluded
    if prev.neg in ("no", "never", "not") and not unit.neg and adjacent and plain:
        unit.neg = prev.neg
        return True
    return False


def _share_across(clauses: list[ClauseUnits]) -> None:
    """A bare verb takes the object of the same relation in the next clause ("registered but
    didn't attend a webinar")."""
    for before, after in pairwise(clauses):
        if not before.units or not after.units:
            continue
        prev, unit = before.units[-1][1], after.units[0][1]
        if prev.kind == unit.kind == "rel" and prev.relation == unit.relation and prev.verb_only:
            have = {w[0] for w in prev.where}
            prev.where.extend([list(w) for w in unit.where if w[0] not in have])
            prev.window = prev.window or unit.window
        elif prev.kind == unit.kind == "rel" and prev.relation == unit.relation and unit.verb_only:
            # "registered for a webinar but didn't attend": the same webinars
            have = {w[0] for w in unit.where}
            unit.where.extend([list(w) for w in prev.where if w[0] not in have])
            unit.window = unit.window or prev.window


def _attach_to_previous(clause: ClauseUnits, before: list[ClauseUnits], catalog: Catalog) -> None:
    """A "with" clause about related records narrows them ("deals with an amount over 50k")."""
    if not clause.units or not before or not before[-1].units:
        return
    first = clause.units[0][1]
    prev = before[-1].units[-1][1]
    if not (first.kind == "rel" and first.implicit and prev.kind == "rel" and first.where):
        return
    if first.neg or first.quantifier or first.last_campaigns or (first.window and prev.window):
        return
    relation = catalog.relation(prev.relation)
    fields = [w[0] for w in first.where]
    if not all(catalog.field(f).entity in relation.entities for f in fields):
        return
    if any(w[0] in fields and w[1] in ("in", "eq") for w in prev.where):
        return  # "VIPs that are also beta testers": a second record (a tag has one name)
    prev.where.extend(first.where)
    prev.window = prev.window or first.window
    prev.unknown.extend(first.unknown)
    prev.notes.extend(first.notes)
    prev.pieces.extend(first.pieces)
    prev.last = max(prev.last, first.last)
    clause.units.pop(0)


def _validate(unit: Unit, catalog: Catalog) -> Any:
    """The unit's node, validated (values made canonical), or None with notes on the unit."""
    try:
        node = to_node(unit)
    except ValidationError:  # a unit the grammar left incomplete: not understood
        unit.notes.append("Part of the request could not be completed into a condition.")
        return None
    if node is None:
        return None
    data = node.model_dump(mode="json", exclude_none=True)
    try:
        return FilterTree.model_validate({"root": data}, context={"catalog": catalog}).root
    except ValidationError as exc:
        unit.notes.extend(error_messages(exc))
        return None


def _is_hole(unit: Unit) -> bool:
    if unit.kind == "none":
        return True
    if unit.unknown and not unit.upward:
        return True
    return (
        unit.kind == "rel"
        and bool(unit.unknown)
        and not (unit.where or unit.window or unit.count or unit.last_campaigns)
    )


def _part(unit: Unit, catalog: Catalog) -> Part:
    if unit.kind == "subject":
        return Part(units=[unit])
    if _is_hole(unit):
        return Part(hole=True, units=[unit], dropped=[unit])
    node = _validate(unit, catalog)
    if node is None:
        return Part(hole=True, units=[unit], dropped=[unit])
    return Part(node=node, units=[unit])


def combine(parts: list[tuple[str, Part]]) -> Part:
    """and/or over parts: "and" binds tighter; a hole among alternatives voids them all."""
    groups: list[list[Part]] = [[]]
    for conn, part in parts:
        if conn in ("or", "plus") and groups[-1]:
            groups.append([])
        groups[-1].append(part)
    ands = [_and(g) for g in groups]
    if len(ands) == 1:
        return ands[0]
    units = [u for p in ands for u in p.units]
    if any(p.hole for p in ands) or any(p.node is None for p in ands):
        return Part(hole=True, units=units, dropped=units)
    return Part(node=Group(logic="or", children=[p.node for p in ands]), units=units)


def _and(parts: list[Part]) -> Part:
    nodes = [p.node for p in parts if p.node is not None]
    units = [u for p in parts for u in p.units]
    dropped = [u for p in parts for u in p.dropped]
    if not nodes:
        return Part(hole=any(p.hole for p in parts), units=units, dropped=dropped)
    node = nodes[0] if len(nodes) == 1 else Group(logic="and", children=nodes)
    return Part(node=node, units=units, dropped=dropped)


def _clause_part(clause: ClauseUnits, reader: Reader) -> Part:
    units = list(clause.units)
    _resolve_commas(units)
    if clause.excluded:
        # "except VIPs and beta testers": each of them is left out.
        units = [("or" if conn == "and" else conn, u) for conn, u in units]
    units = _merge_lists(units, reader)
    units = _share(units)
    parts = [(conn or "and", _part(u, reader.catalog)) for conn, u in units]
    # "leads or customers in Germany": the nouns share what follows them.
    heads_end = _head_split(units)
    if heads_end is not None:
        heads = combine(parts[:heads_end])
        rest = parts[heads_end:]
        return combine([("and", heads), *[("and", p) for _, p in rest]])
    return combine(parts)


def _head_split(units: list[tuple[str | None, Unit]]) -> int | None:
    """Where a run of head nouns joined by "or" ends and their shared modifiers begin."""
    if not any(conn == "or" for conn, _ in units):
        return None
    k = 0
    while k < len(units) and units[k][1].head:
        k += 1
    if k < 2 or k == len(units):
        return None
    if units[k][0] not in (None, "and") or any(c == "or" for c, _ in units[k:]):
        return None
    return k


def _unique(units: list[Unit]) -> list[Unit]:
    seen: set[int] = set()
    out = []
    for unit in units:
        if id(unit) not in seen:
            seen.add(id(unit))
            out.append(unit)
    return out


def build(clauses: list[ClauseUnits], reader: Reader) -> Part:
    """The node of a whole request: main clauses, then each "except …" part negated."""
    catalog = reader.catalog
    main: list[tuple[str, Part]] = []
    excluded: list[Part] = []
    for k, clause in enumerate(clauses):
        if not clause.excluded:
            _attach_to_previous(clause, clauses[:k], catalog)
    _share_across([c for c in clauses if not c.excluded])
    for clause in clauses:
        if not clause.units:
            continue
        part = _clause_part(clause, reader)
        if clause.excluded:
            excluded.append(part)
        else:
            main.append((clause.link, part))
    whole = combine(main) if main else Part()
    nodes = [whole.node] if whole.node is not None else []
    units, dropped = list(whole.units), list(whole.dropped)
    if whole.hole and whole.node is None:
        dropped = _unique([*dropped, *(u for u in whole.units if u.kind != "subject")])
    for part in excluded:
        units += part.units
        if part.hole or part.dropped:
            dropped += part.units  # an exception half understood is not applied at all
            continue
        if part.node is not None:
            nodes.append(Group(negate=True, children=[part.node]))
    if not nodes:
        return Part(hole=True, units=units, dropped=_unique(dropped))
    node = nodes[0] if len(nodes) == 1 else Group(logic="and", children=nodes)
    return Part(node=node, units=units, dropped=_unique(dropped))
