"""Hypothesis strategies for random valid filter trees over a catalog and a dataset.

Trees are drawn as plain dicts (what a translator or the editor produces) and validated
with ``FilterTree.model_validate(d, context={"catalog": catalog})`` so values are
canonical. Values come mostly from the dataset (so trees select non-trivial sets), in
changed case and as substrings, plus boundary numbers and dates around the as-of day.

Use :func:`draw_tree` inside a test that takes ``st.data()``: the catalog and dataset come
from fixtures, and the rare dict that fails validation is discarded with ``assume``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from hypothesis import assume
from hypothesis import strategies as st
from pydantic import ValidationError
from reference import Dataset

from nlseg.catalog import Catalog, DataType, FieldDef, Op
from nlseg.tree.models import FilterTree, Period, Quantifier, Unit

NUMERIC = (DataType.NUMBER, DataType.SCORE)
DATES = (DataType.DATE, DataType.DATETIME)
TEXTUAL = (DataType.TEXT, DataType.EMAIL)
SPECIAL_TEXT = ("%", "_", "'", "\\", "/", "%_", "ß", "É", "ü", "a", "e", " ")
MAX_DEPTH = 3


@dataclass(frozen=True)
class Pool:
    """What trees are drawn from: the catalog, values present in the data, segment references."""

    catalog: Catalog
    today: dt.date
    values: dict[str, tuple]  # field key -> distinct present values, sorted
    segment_refs: tuple[int | str, ...] = ()

    def fields(self, entities) -> list[FieldDef]:
        wanted = set(entities)
        return sorted((f for f in self.catalog.fields.values() if f.entity in wanted), key=_key)


def _key(field: FieldDef) -> str:
    return field.key


def _sortable(value: Any) -> tuple[str, str]:
    return (type(value).__name__, repr(value))


def _present(field: FieldDef, raw: Any) -> list:
    """The values ``raw`` contributes to the pool of ``field`` (none when missing)."""
    if raw is None or raw == "" or raw == []:
        return []
    if field.data_type is DataType.MULTI_TEXT:
        items = raw if isinstance(raw, list) else [raw]
        return [str(i) for i in items if i is not None and not isinstance(i, bool)]
    if field.is_custom:
        if isinstance(raw, (dict, list)):
            return []
        if field.data_type in NUMERIC:
            try:
                return [float(raw)] if not isinstance(raw, bool) else []
            except ValueError:
                return []
        if field.data_type in DATES:
            try:
                return [dt.date.fromisoformat(str(raw)[:10])]
            except ValueError:
                return []
        return [raw if isinstance(raw, str) else str(raw)]
    if isinstance(raw, dt.datetime):
        return [raw.date()]
    return [raw]


def value_pool(
    catalog: Catalog, data: Dataset, today: dt.date, segment_refs: tuple[int | str, ...] = ()
) -> Pool:
    values: dict[str, tuple] = {}
    for field in catalog.fields.values():
        table = catalog.entities[field.entity].table
        found = set()
        for row in data.table(table):
            if field.is_custom:
                custom = row.get("custom")
                raw = custom.get(field.custom_key) if isinstance(custom, dict) else None
            else:
                raw = row[field.column]
            found.update(_present(field, raw))
        values[field.key] = tuple(sorted(found, key=_sortable))
    return Pool(catalog, today, values, tuple(segment_refs))


# --- values ---------------------------------------------------------------------------


@st.composite
def _case_variant(draw, text: str) -> str:
    how = draw(st.sampled_from(("same", "same", "lower", "upper", "swap", "title")))
    return {
        "same": text,
        "lower": text.lower(),
        "upper": text.upper(),
        "swap": text.swapcase(),
        "title": text.title(),
    }[how]


@st.composite
def _text_piece(draw, pool: Pool, field: FieldDef, op: Op) -> str:
    present = [v for v in pool.values[field.key] if isinstance(v, str) and v]
    if not present or draw(st.integers(0, 9)) == 0:
        piece = draw(st.sampled_from(SPECIAL_TEXT) | st.text(min_size=1, max_size=4))
    else:
        text = draw(st.sampled_from(present))
        if op in (Op.CONTAINS, Op.NOT_CONTAINS):
            start = draw(st.integers(0, len(text) - 1))
            end = draw(st.integers(start + 1, len(text)))
            piece = text[start:end]
        elif op is Op.STARTS_WITH:
            piece = text[: draw(st.integers(1, len(text)))]
        elif op is Op.ENDS_WITH:
            piece = text[-draw(st.integers(1, len(text))) :]
        else:
            piece = text
    piece = draw(_case_variant(piece))
    assume("\x00" not in piece and piece)
    return piece


def _numbers(pool: Pool, field: FieldDef) -> st.SearchStrategy:
    present = [v for v in pool.values[field.key] if isinstance(v, (int, float))]
    edges = st.sampled_from((0, -1, 1, 0.5, 7.5, 9.99, 1234.56, 100, 10**6, -(10**6)))
    if not present:
        return edges
    near = st.tuples(st.sampled_from(present), st.sampled_from((-1, -0.5, -0.01, 0.01, 1))).map(
        lambda p: round(p[0] + p[1], 2)
    )
    return st.one_of(st.sampled_from(present), st.sampled_from(present), near, edges)


def _days(pool: Pool, field: FieldDef) -> st.SearchStrategy:
    today = pool.today
    around = [today + dt.timedelta(days=d) for d in (-91, -90, -31, -30, -8, -7, -1, 0, 1, 2)]
    around += [dt.date(today.year, 1, 1), dt.date(today.year, today.month, 1)]
    present = [v for v in pool.values[field.key] if isinstance(v, dt.date)]
    nudged = st.tuples(st.sampled_from(present or around), st.integers(-1, 1)).map(
        lambda p: p[0] + dt.timedelta(days=p[1])
    )
    return st.one_of(st.sampled_from(around), nudged)


def _iso(day: dt.date, draw) -> Any:
    """Dates reach validation as ISO strings or date objects, as translators send them."""
    return day.isoformat() if draw(st.booleans()) else day


@st.composite
def _span(draw) -> dict:
    unit = draw(st.sampled_from(list(Unit)))
    if unit is Unit.DAY:
        amount = draw(st.sampled_from((1, 7, 30, 90)) | st.integers(1, 400))
    elif unit is Unit.WEEK:
        amount = draw(st.integers(1, 60))
    elif unit is Unit.MONTH:
        amount = draw(st.integers(1, 40))
    else:
        amount = draw(st.integers(1, 4))
    return {"amount": amount, "unit": unit.value}


@st.composite
def date_filter(draw, pool: Pool, field: FieldDef, ops: tuple[Op, ...]) -> dict:
    op = draw(st.sampled_from(ops))
    if op in (Op.ON, Op.BEFORE, Op.AFTER):
        return {"op": op.value, "value": _iso(draw(_days(pool, field)), draw)}
    if op is Op.BETWEEN:
        a, b = sorted((draw(_days(pool, field)), draw(_days(pool, field))))
        return {"op": op.value, "value": {"low": _iso(a, draw), "high": _iso(b, draw)}}
    if op in (Op.IN_LAST, Op.MORE_THAN_AGO):
        return {"op": op.value, "value": draw(_span())}
    if op is Op.IN_PERIOD:
        return {"op": op.value, "value": draw(st.sampled_from(list(Period))).value}
    return {"op": op.value}


@st.composite
def condition(draw, pool: Pool, entities) -> dict:
    field = draw(st.sampled_from(pool.fields(entities)))
    op = draw(st.sampled_from(field.operators))
    node: dict[str, Any] = {"kind": "condition", "field": field.key, "op": op.value}
    kind = field.data_type
    if op in (Op.IS_SET, Op.IS_NOT_SET, Op.IS_TRUE, Op.IS_FALSE):
        return node
    if kind in TEXTUAL:
        if op in (Op.IN, Op.NOT_IN):
            node["value"] = draw(st.lists(_text_piece(pool, field, Op.EQ), min_size=1, max_size=3))
        else:
            node["value"] = draw(_text_piece(pool, field, op))
    elif kind is DataType.PICKLIST:
        known = list(field.values) or ["none"]
        choice = st.sampled_from(known).flatmap(_case_variant)  # validation restores the case
        node["value"] = draw(st.lists(choice, min_size=1, max_size=3))
    elif kind is DataType.MULTI_TEXT:
        present = list(pool.values[field.key]) or ["x"]
        item = st.one_of(st.sampled_from(present).flatmap(_case_variant), st.sampled_from(("zzz",)))
        node["value"] = draw(st.lists(item, min_size=1, max_size=3))
    elif kind in NUMERIC:
        if op is Op.BETWEEN:
            a, b = sorted((draw(_numbers(pool, field)), draw(_numbers(pool, field))))
            node["value"] = {"low": a, "high": b}
        else:
            node["value"] = draw(_numbers(pool, field))
    elif kind in DATES:
        node.update(draw(date_filter(pool, field, (op,))))
    return node


@st.composite
def group(draw, pool: Pool, entities, depth: int, leaf) -> dict:
    if depth >= MAX_DEPTH:
        children = st.lists(leaf, min_size=1, max_size=3)
    else:
        inner = group(pool, entities, depth + 1, leaf)
        children = st.lists(st.one_of(leaf, leaf, inner), min_size=1, max_size=3)
    return {
        "kind": "group",
        "logic": draw(st.sampled_from(("and", "or"))),
        "negate": draw(st.booleans()),
        "children": draw(children),
    }


@st.composite
def related(draw, pool: Pool) -> dict:
    relations = sorted(
        (r for r in pool.catalog.relations.values() if r.cardinality == "1:many"),
        key=lambda r: r.name,
    )
    relation = draw(st.sampled_from(relations))
    last_n = (Quantifier.ALL_OF_LAST, Quantifier.ANY_OF_LAST)
    quantifiers = [q for q in Quantifier if q not in last_n]
    if relation.supports_all_of_last:
        quantifiers.extend(last_n)
    quantifier = draw(st.sampled_from(quantifiers))
    node: dict[str, Any] = {"kind": "related", "relation": relation.name}
    node["quantifier"] = quantifier.value
    if quantifier in (Quantifier.AT_LEAST, *last_n):
        node["count"] = draw(st.integers(1, 4))
    elif quantifier in (Quantifier.AT_MOST, Quantifier.EXACTLY):
        node["count"] = draw(st.integers(0, 4))
    if draw(st.integers(0, 2)):
        leaf = condition(pool, relation.entities)
        node["where"] = draw(st.one_of(leaf, group(pool, relation.entities, 2, leaf)))
    if relation.timestamp_field is not None and draw(st.booleans()):
        field = pool.catalog.field(relation.timestamp_field)
        ops = tuple(o for o in field.operators if o not in (Op.IS_SET, Op.IS_NOT_SET))
        node["window"] = draw(date_filter(pool, field, ops))
    return node


@st.composite
def segment_ref(draw, pool: Pool) -> dict:
    return {
        "kind": "segment",
        "segment": draw(st.sampled_from(pool.segment_refs)),
        "negate": draw(st.booleans()),
    }


def node(pool: Pool, with_segments: bool = True) -> st.SearchStrategy[dict]:
    entities = pool.catalog.top_level_entities
    leaves = [condition(pool, entities), condition(pool, entities), related(pool)]
    if with_segments and pool.segment_refs:
        leaves.append(segment_ref(pool))
    leaf = st.one_of(*leaves)
    return st.one_of(leaf, group(pool, entities, 1, leaf), group(pool, entities, 1, leaf))


def tree_dicts(pool: Pool, with_segments: bool = True) -> st.SearchStrategy[dict]:
    """Tree dicts (``{"root": …}``); most, not all, are valid."""
    return node(pool, with_segments).map(lambda root: {"schema_version": 1, "root": root})


def validate(tree: dict, catalog: Catalog) -> FilterTree:
    return FilterTree.model_validate(tree, context={"catalog": catalog})


def draw_tree(data, pool: Pool, with_segments: bool = True) -> FilterTree:
    """Draw a valid tree inside a ``@given(st.data())`` test; invalid dicts are discarded."""
    tree = data.draw(tree_dicts(pool, with_segments), label="tree")
    try:
        return validate(tree, pool.catalog)
    except ValidationError:
        assume(False)
        raise  # unreachable: assume(False) raises
