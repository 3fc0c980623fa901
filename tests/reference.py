"""A plain-Python reference evaluator for filter trees, written independently of the compiler.

It reads the documented semantics (nlseg.compiler docstrings, nlseg.clock's table) and
nothing of the SQL: rows are Python dicts, joins follow the catalog's relation paths, and
every operator is a Python comparison. Differential tests compare its member sets with
the compiler's on SQLite and PostgreSQL.

Semantics implemented here:

- Two-valued: a condition is True or False. A missing value (SQL NULL, a missing custom
  key, JSON null, no related record, and ``''`` for text, email and picklist fields) fails
  every comparison, including ``neq``, ``not_in`` and ``not_contains``; ``is_not_set`` is
  the one operator that matches it.
- Text and email compare case-insensitively, folding one character at a time (Unicode's
  simple lowercase mapping: 'İ' → 'i', capital sigma to small sigma); picklists match exactly.
- Numbers compare as floats. Dates use the half-open day ranges of nlseg.clock: datetime
  columns against midnight of the bounds, date columns against the days, custom dates as
  the first ten characters of their ISO text against ISO day strings.
- Custom fields live in ``contacts.custom`` and count only when their JSON type fits:
  numbers/scores are JSON numbers; text, picklist and email JSON strings; dates strings
  starting ``YYYY-MM-DD``; booleans JSON true/false or the folded text of a string or
  number; multi_text the strings of a JSON list (a lone string is a one-element list),
  matched exactly like picklists.
  Any other value is missing.
- Related conditions: rows reached by the relation's path (the first step correlates the
  contact; later steps are left joins, so a NULL key gives a missing record whose fields
  are all missing); ``where`` and ``window`` filter them; the quantifier counts them.
  ``all_of_last N`` / ``any_of_last N``: the N most recent campaigns of type 'Email' with sent_at before the
  day after the as-of date (ties: higher id first) must each have a matching row; with
  no such campaign nobody matches.
- Segment references are looked up in ``segments`` (by id, or by name ignoring case) and
  evaluated live; a cycle raises :class:`SegmentCycle`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, select

from nlseg.catalog import Catalog, DataType, FieldDef, Op, Relation
from nlseg.clock import day_range
from nlseg.store import schema
from nlseg.tree.models import (
    Condition,
    DateFilter,
    FilterTree,
    Group,
    InSegment,
    Quantifier,
    Range,
    Related,
)

TRUTHY = frozenset({"true", "1", "yes", "y", "t"})
FALSY = frozenset({"false", "0", "no", "n", "f"})
TEXTUAL = (DataType.TEXT, DataType.EMAIL)
STRINGY = (DataType.TEXT, DataType.EMAIL, DataType.PICKLIST)
NUMERIC = (DataType.NUMBER, DataType.SCORE)
DATES = (DataType.DATE, DataType.DATETIME)


class SegmentCycle(ValueError):
    """A segment refers to itself, directly or through other segments."""


class UnknownSegment(LookupError):
    pass


@dataclass
class Dataset:
    """The CRM store as plain Python rows: one list of dicts per table."""

    owners: list[dict] = field(default_factory=list)
    accounts: list[dict] = field(default_factory=list)
    contacts: list[dict] = field(default_factory=list)
    contact_tags: list[dict] = field(default_factory=list)
    opportunities: list[dict] = field(default_factory=list)
    opportunity_contacts: list[dict] = field(default_factory=list)
    campaigns: list[dict] = field(default_factory=list)
    campaign_members: list[dict] = field(default_factory=list)
    email_events: list[dict] = field(default_factory=list)
    activities: list[dict] = field(default_factory=list)

    @classmethod
    def load(cls, engine: Engine) -> Dataset:
        """Read every CRM table of ``engine``'s store (numerics as floats)."""
        tables = {}
        with engine.connect() as conn:
            for f in fields(cls):
                table = schema.metadata.tables[f.name]
                query = select(table).order_by(*table.primary_key.columns)
                tables[f.name] = [
                    {k: _plain(v) for k, v in row._mapping.items()} for row in conn.execute(query)
                ]
        return cls(**tables)

    @classmethod
    def from_rows(cls, rows: Mapping[str, list[dict]]) -> Dataset:
        """From rows by table name (extra tables are ignored); ``SQL_NULL`` becomes None."""
        out = {}
        for f in fields(cls):
            out[f.name] = [
                {k: (None if type(v) is object else _plain(v)) for k, v in r.items()}
                for r in rows.get(f.name, [])
            ]
        return cls(**out)

    def table(self, name: str) -> list[dict]:
        return getattr(self, name)


def _plain(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


# --- reading values --------------------------------------------------------------------


def _fold(text: str) -> str:
    """Lower case one character at a time (Unicode's simple mapping), as PostgreSQL does."""
    return "".join(low if len(low := ch.lower()) == 1 else "i" for ch in text)


def _json_text(value: Any) -> str | None:
    """The text of a scalar JSON value, as both databases render it (``->>`` / CAST)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return str(value)
    raise TypeError(f"unsupported JSON value for a scalar custom field: {value!r}")


def _custom_raw(contact: dict | None, key: str) -> Any:
    if contact is None:
        return None
    custom = contact.get("custom")
    if not isinstance(custom, dict):
        return None
    return custom.get(key)


def _typed(spec: FieldDef, raw: Any) -> Any:
    """The value of a (non multi_text) field, normalised; None when missing."""
    if raw is None:
        return None
    kind = spec.data_type
    if spec.is_custom:
        # A custom value counts only when its JSON type fits the field; else it is missing.
        is_number = isinstance(raw, (int, float)) and not isinstance(raw, bool)
        if kind in NUMERIC:
            return float(raw) if is_number else None
        if kind is DataType.BOOLEAN:
            if isinstance(raw, bool):
                return "true" if raw else "false"
            text = _fold(_json_text(raw)) if isinstance(raw, str) or is_number else None
            return text if text in TRUTHY | FALSY else None  # "maybe" is missing
        if not isinstance(raw, str):
            return None
        if kind in DATES:
            shaped = len(raw) >= 10 and raw[4] == "-" and raw[7] == "-"
            return raw[:10] if shaped else None
        return None if raw == "" and kind in STRINGY else raw
    if kind in STRINGY:
        return None if raw == "" else raw
    if kind in NUMERIC:
        return float(raw)
    return raw


def _multi_elements(raw: Any) -> list[str] | None:
    """A multi_text value's elements (strings only), or None when not set."""
    if raw is None:
        return None
    items = raw if isinstance(raw, list) else [raw]
    elements = [item for item in items if isinstance(item, str)]
    return elements or None


# --- conditions ------------------------------------------------------------------------


def _day_bounds(op: Op, value: Any, today: dt.date, spec: FieldDef, sample: Any):
    start, end = day_range(op, value, today)

    def convert(day: dt.date | None):
        if day is None:
            return None
        if spec.is_custom:
            return day.isoformat()
        if isinstance(sample, dt.datetime):
            return dt.datetime.combine(day, dt.time())
        return day

    return convert(start), convert(end)


def condition_holds(spec: FieldDef, op: Op, value: Any, raw: Any, today: dt.date) -> bool:
    """``spec op value`` on the stored value ``raw`` (None when the record is missing)."""
    present = _multi_elements(raw) if spec.data_type is DataType.MULTI_TEXT else _typed(spec, raw)
    return HOLDS[op](spec, value, present, today)


# A test of a present value ``v`` (normalised by _typed, or multi_text elements).
Test = Callable[[FieldDef, Any, Any, dt.date], bool]


def _on_present(test: Test) -> Test:
    """Every comparison on a missing value is false."""
    return lambda spec, value, v, today: v is not None and test(spec, value, v, today)


def _boolean(truth: bool) -> Test:
    def test(spec: FieldDef, value: Any, v: Any, today: dt.date) -> bool:
        if spec.is_custom:
            return v in (TRUTHY if truth else FALSY)
        return bool(v) is truth

    return test


def _compare(compare: Callable[[Any, Any], bool]) -> Test:
    """eq, neq, gt, …: text and email folded, numbers as floats."""

    def test(spec: FieldDef, value: Any, v: Any, today: dt.date) -> bool:
        if spec.data_type in TEXTUAL:
            return compare(_fold(v), _fold(value))
        assert spec.data_type in NUMERIC, spec.data_type
        return compare(v, float(value))

    return test


def _text(check: Callable[[str, str], bool]) -> Test:
    return lambda spec, value, v, today: check(_fold(v), _fold(value))


def _member(spec: FieldDef, value: Any, v: Any) -> bool:
    if spec.data_type is DataType.PICKLIST:
        return v in value
    assert spec.data_type in TEXTUAL, spec.data_type
    return _fold(v) in {_fold(x) for x in value}


def _in_days(spec: FieldDef, value: Any, v: Any, today: dt.date, op: Op) -> bool:
    start, end = _day_bounds(op, value, today, spec, v)
    if start is not None and not v >= start:
        return False
    return end is None or v < end


def _days(op: Op) -> Test:
    return lambda spec, value, v, today: _in_days(spec, value, v, today, op)


def _between(spec: FieldDef, value: Any, v: Any, today: dt.date) -> bool:
    assert isinstance(value, Range)
    if spec.data_type in NUMERIC:
        return float(value.low) <= v <= float(value.high)
    return _in_days(spec, value, v, today, Op.BETWEEN)


# One test per operator (tests/test_operators.py checks that every operator has one).
HOLDS: Mapping[Op, Test] = {
    Op.IS_SET: lambda spec, value, v, today: v is not None,
    Op.IS_NOT_SET: lambda spec, value, v, today: v is None,
    **{
        op: _on_present(test)
        for op, test in {
            Op.IS_TRUE: _boolean(True),
            Op.IS_FALSE: _boolean(False),
            Op.EQ: _compare(lambda a, b: a == b),
            Op.NEQ: _compare(lambda a, b: a != b),
            Op.GT: _compare(lambda a, b: a > b),
            Op.GTE: _compare(lambda a, b: a >= b),
            Op.LT: _compare(lambda a, b: a < b),
            Op.LTE: _compare(lambda a, b: a <= b),
            Op.BETWEEN: _between,
            Op.CONTAINS: _text(lambda text, needle: needle in text),
            Op.NOT_CONTAINS: _text(lambda text, needle: needle not in text),
            Op.STARTS_WITH: _text(lambda text, needle: text.startswith(needle)),
            Op.ENDS_WITH: _text(lambda text, needle: text.endswith(needle)),
            Op.IN: lambda spec, value, v, today: _member(spec, value, v),
            Op.NOT_IN: lambda spec, value, v, today: not _member(spec, value, v),
            **{
                op: _days(op)
                for op in (Op.ON, Op.BEFORE, Op.AFTER, Op.IN_LAST, Op.MORE_THAN_AGO, Op.IN_PERIOD)
            },
            Op.CONTAINS_ANY: lambda spec, value, v, today: bool(set(value) & set(v)),
            Op.CONTAINS_ALL: lambda spec, value, v, today: set(value) <= set(v),
        }.items()
    },
}


# --- the evaluator ---------------------------------------------------------------------


def _split(name: str) -> tuple[str, str]:
    table, column = name.split(".", 1)
    return table, column


class _Evaluator:
    def __init__(
        self,
        data: Dataset,
        catalog: Catalog,
        today: dt.date,
        segments: Mapping[int | str, FilterTree],
    ):
        self.data = data
        self.catalog = catalog
        self.today = today
        self.segments = segments
        self._index: dict[tuple[str, str], dict[Any, list[dict]]] = {}
        self._rows: dict[tuple[str, int], list[dict[str, dict | None]]] = {}
        self.table_of = {e.name: e.table for e in catalog.entities.values()}
        self.one_to_one = {
            entity: rel
            for rel in catalog.relations.values()
            if rel.cardinality == "1:1"
            for entity in rel.entities
        }
        self._last_campaigns: dict[int, list[int]] = {}

    # rows and joins

    def index(self, table: str, column: str) -> dict[Any, list[dict]]:
        key = (table, column)
        if key not in self._index:
            found: dict[Any, list[dict]] = defaultdict(list)
            for row in self.data.table(table):
                if row[column] is not None:
                    found[row[column]].append(row)
            self._index[key] = found
        return self._index[key]

    def follow(self, relation: Relation, contact: dict) -> list[dict[str, dict | None]]:
        """Records reachable from ``contact`` along the relation's path, by table name."""
        cache_key = (relation.name, contact["id"])
        if cache_key in self._rows:
            return self._rows[cache_key]
        first = relation.path[0]
        left_table, left_col = _split(first.left)
        assert left_table == "contacts", first
        right_table, right_col = _split(first.right)
        anchor = contact[left_col]
        roots = [] if anchor is None else self.index(right_table, right_col).get(anchor, [])
        records = []
        for root in roots:
            record: dict[str, dict | None] = {"contacts": contact, right_table: root}
            for step in relation.path[1:]:
                lt, lc = _split(step.left)
                rt, rc = _split(step.right)
                source = record.get(lt)
                key = None if source is None else source[lc]
                matches = [] if key is None else self.index(rt, rc).get(key, [])
                assert len(matches) <= 1, f"{step} is not a key join"
                record[rt] = matches[0] if matches else None
            records.append(record)
        self._rows[cache_key] = records
        return records

    def top_level_record(self, contact: dict, entity: str) -> dict | None:
        if entity == "contact":
            return contact
        relation = self.one_to_one[entity]
        found = self.follow(relation, contact)
        assert len(found) <= 1
        return found[0][self.table_of[entity]] if found else None

    # nodes

    def value_of(self, spec: FieldDef, record: dict | None) -> Any:
        if spec.is_custom:
            return _custom_raw(record, spec.custom_key)
        return None if record is None else record[spec.column]

    def condition(
        self, node: Condition, scope: dict[str, dict | None] | None, contact: dict
    ) -> bool:
        spec = self.catalog.field(node.field)
        if scope is None:
            record = self.top_level_record(contact, spec.entity)
        else:
            record = scope.get(self.table_of[spec.entity])
        return condition_holds(
            spec, Op(node.op), node.value, self.value_of(spec, record), self.today
        )

    def node(self, node, contact: dict, scope=None, chain: tuple = ()) -> bool:
        if isinstance(node, Group):
            results = (self.node(child, contact, scope, chain) for child in node.children)
            combined = all(results) if node.logic == "and" else any(results)
            return combined != node.negate
        if isinstance(node, Condition):
            return self.condition(node, scope, contact)
        if isinstance(node, Related):
            return self.related(node, contact)
        if isinstance(node, InSegment):
            key, tree = self.resolve(node.segment)
            if key in chain:
                raise SegmentCycle(f"segment {node.segment!r} refers to itself")
            return self.node(tree.root, contact, None, (*chain, key)) != node.negate
        raise TypeError(type(node))

    def resolve(self, reference: int | str) -> tuple[int, FilterTree]:
        if isinstance(reference, int) or str(reference).strip().isdigit():
            tree = self.segments.get(int(reference))
        else:
            wanted = str(reference).strip().lower()
            tree = next(
                (t for k, t in self.segments.items() if isinstance(k, str) and k.lower() == wanted),
                None,
            )
        if tree is None:
            raise UnknownSegment(reference)
        return id(tree), tree

    def last_email_campaigns(self, n: int) -> list[int]:
        if n not in self._last_campaigns:
            end = dt.datetime.combine(self.today + dt.timedelta(days=1), dt.time())
            sent = [
                c
                for c in self.data.campaigns
                if c["type"] == "Email" and c["sent_at"] is not None and c["sent_at"] < end
            ]
            sent.sort(key=lambda c: (c["sent_at"], c["id"]), reverse=True)
            self._last_campaigns[n] = [c["id"] for c in sent[:n]]
        return self._last_campaigns[n]

    def related(self, node: Related, contact: dict) -> bool:
        relation = self.catalog.relation(node.relation)
        rows = self.follow(relation, contact)
        matching = [r for r in rows if self.row_matches(node, relation, r, contact)]
        q, n = Quantifier(node.quantifier), node.count
        if q is Quantifier.ANY:
            return len(matching) >= 1
        if q is Quantifier.NONE:
            return not matching
        if q is Quantifier.AT_LEAST:
            return len(matching) >= n
        if q is Quantifier.AT_MOST:
            return len(matching) <= n
        if q is Quantifier.EXACTLY:
            return len(matching) == n
        if q in (Quantifier.ALL_OF_LAST, Quantifier.ANY_OF_LAST):
            last = self.last_email_campaigns(n)
            if not last:
                return False
            root = _split(relation.path[0].right)[0]
            seen = {r[root]["campaign_id"] for r in matching}
            test = all if q is Quantifier.ALL_OF_LAST else any
            return test(c in seen for c in last)
        raise AssertionError(q)

    def row_matches(self, node: Related, relation: Relation, record: dict, contact: dict) -> bool:
        if node.where is not None and not self.node(node.where, contact, record):
            return False
        if node.window is not None:
            window: DateFilter = node.window
            spec = self.catalog.field(relation.timestamp_field)
            raw = self.value_of(spec, record.get(self.table_of[spec.entity]))
            return condition_holds(spec, Op(window.op), window.value, raw, self.today)
        return True


def evaluate(
    tree: FilterTree,
    data: Dataset,
    catalog: Catalog,
    today: dt.date,
    segments: Mapping[int | str, FilterTree] | None = None,
) -> set[int]:
    """The ids of the contacts in ``data`` that ``tree`` selects on ``today``.

    ``segments`` maps segment ids (int) and/or names (str, matched ignoring case) to their
    current trees; map an id and a name of the same segment to the same tree object so
    cycles through both spellings are detected.
    """
    evaluator = _Evaluator(data, catalog, today, segments or {})
    return {c["id"] for c in data.contacts if evaluator.node(tree.root, c)}
