"""The operator table (nlseg/catalog/operators.py, data/operators.toml) and its readers.

Every operator has one entry, and every reader of the table covers every operator: the
compiler's SQL builders, the renderer, value coercion, the editor's widgets, the LLM
prompt, the reference evaluator and the offline parser's operator words. A new Op that
one of them does not handle fails here.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections import Counter
from importlib import resources

import pytest
from reference import HOLDS, condition_holds
from sqlalchemy.dialects import postgresql, sqlite

from nlseg.catalog import (
    DATA_TYPE_ORDER,
    OP_LABELS,
    OPERATOR_TABLE,
    OPERATORS,
    DataType,
    FieldDef,
    Op,
    ValueShape,
    operator_words,
    operators_for,
    standard_catalog,
)
from nlseg.catalog.operators import WORD_KINDS
from nlseg.clock import Clock
from nlseg.compiler.predicates import SQL_BUILDERS, condition_predicate
from nlseg.store import schema
from nlseg.translate.llm.catalog_text import render_catalog
from nlseg.translate.offline import vocabulary as vocab
from nlseg.tree.models import Condition, Period, Range, RelativeSpan, Unit
from nlseg.tree.normalize import COMPLEMENT_OPS
from nlseg.tree.render import Renderer
from nlseg.tree.validation import OP_ALIASES
from nlseg.tree.values import _COERCE, coerce_value
from nlseg.ui import values as widgets

TODAY = dt.date(2026, 11, 1)
# Every (data type, operator) pair the table allows.
PAIRS = [(t, op) for op, spec in OPERATOR_TABLE.items() for t in spec.types]
PAIR_IDS = [f"{t.value}-{op.value}" for t, op in PAIRS]

# The catalog's operators by type as they were before the table (the prompt, the editor's
# operator lists and validation messages all read this order).
BEFORE_THE_TABLE = {
    "text": "eq neq contains not_contains starts_with ends_with in not_in is_set is_not_set",
    "email": "eq neq contains not_contains starts_with ends_with in not_in is_set is_not_set",
    "number": "eq neq gt gte lt lte between is_set is_not_set",
    "score": "eq neq gt gte lt lte between is_set is_not_set",
    "date": "on before after between in_last more_than_ago in_period is_set is_not_set",
    "datetime": "on before after between in_last more_than_ago in_period is_set is_not_set",
    "boolean": "is_true is_false is_set is_not_set",
    "picklist": "in not_in is_set is_not_set",
    "multi_text": "contains_any contains_all is_set is_not_set",
}


def _field(data_type: DataType) -> FieldDef:
    """A custom contact field of ``data_type`` (custom fields exist for every type)."""
    return FieldDef(
        key=f"contact.custom.t_{data_type.value}",
        entity="contact",
        label=f"T {data_type.value}",
        data_type=data_type,
        custom_key=f"t_{data_type.value}",
        values=("Alpha", "Beta"),
    )


def _raw(data_type: DataType, shape: ValueShape):
    """A value of ``shape`` for a field of ``data_type``, as a model or a person writes it."""
    number = data_type in (DataType.NUMBER, DataType.SCORE)
    if shape is ValueShape.NONE:
        return None
    if shape is ValueShape.LIST:
        return ["Alpha", "Beta"]
    if shape is ValueShape.RANGE:
        return [1, 5] if number else ["2026-01-01", "2026-02-01"]
    if shape is ValueShape.SPAN:
        return RelativeSpan(amount=3, unit=Unit.WEEK)
    if shape is ValueShape.PERIOD:
        return "last_month"
    if number:
        return 5
    if data_type in (DataType.DATE, DataType.DATETIME):
        return "2026-03-01"
    return "Acme"


CANONICAL = {
    ValueShape.NONE: type(None),
    ValueShape.SCALAR: (str, int, float, dt.date),
    ValueShape.LIST: list,
    ValueShape.RANGE: Range,
    ValueShape.SPAN: RelativeSpan,
    ValueShape.PERIOD: Period,
}


def _value(data_type: DataType, op: Op):
    return coerce_value(_field(data_type), op, _raw(data_type, OPERATOR_TABLE[op].shape))


# --- the table -----------------------------------------------------------------------------


def test_every_op_has_one_entry():
    assert set(OPERATOR_TABLE) == set(Op)
    for op, spec in OPERATOR_TABLE.items():
        assert spec.key is op
        assert spec.types, op
        assert spec.label, op


def test_types_are_listed_in_catalog_order():
    for spec in OPERATOR_TABLE.values():
        assert list(spec.types) == [t for t in DATA_TYPE_ORDER if t in spec.types]
    assert set(DATA_TYPE_ORDER) == set(DataType)


def test_operators_by_type_are_as_before_the_table():
    assert [t.value for t in OPERATORS] == list(BEFORE_THE_TABLE)
    for data_type, ops in OPERATORS.items():
        assert ops == operators_for(data_type)
        assert " ".join(op.value for op in ops) == BEFORE_THE_TABLE[data_type.value]


def test_labels_are_the_tables():
    assert {op: spec.label for op, spec in OPERATOR_TABLE.items()} == OP_LABELS
    assert list(OP_LABELS) == list(Op)


def test_every_operator_has_english_in_the_data_file():
    data = tomllib.loads(
        resources.files("nlseg.catalog").joinpath("data/operators.toml").read_text("utf-8")
    )
    assert set(data["operators"]) == {op.value for op in Op}
    assert set(data) == {"operators", *WORD_KINDS}
    for entry in data["operators"].values():
        assert set(entry) <= {"label", "phrase", "singular", "list_word"}, entry


# --- negation ------------------------------------------------------------------------------


@pytest.mark.parametrize("attr", ["negation", "opposite"])
def test_negations_are_symmetric(attr):
    for op, spec in OPERATOR_TABLE.items():
        other = getattr(spec, attr)
        if other is not None:
            assert other is not op
            assert getattr(OPERATOR_TABLE[other], attr) is op, (op, other)
            assert OPERATOR_TABLE[other].types == spec.types
            assert OPERATOR_TABLE[other].shape is spec.shape


def test_only_presence_has_an_exact_negation():
    """Every comparison on a missing value is false, so NOT (eq) is neq *or* not set: only
    is_set and is_not_set negate each other exactly (normalisation pushes NOT into them)."""
    exact = {op for op, spec in OPERATOR_TABLE.items() if spec.negation is not None}
    assert exact == {Op.IS_SET, Op.IS_NOT_SET}
    assert COMPLEMENT_OPS == {Op.IS_SET: Op.IS_NOT_SET, Op.IS_NOT_SET: Op.IS_SET}
    for spec in OPERATOR_TABLE.values():
        if spec.negation is not None:
            assert spec.opposite is spec.negation


def test_opposites_are_complements_on_present_values():
    """An opposite pair holds on exactly one of the two for every present value (checked
    with the reference evaluator on values either side of, and at, the pair's value)."""
    samples = {
        DataType.NUMBER: [4.0, 5.0, 6.0],
        DataType.TEXT: ["acme", "ACME", "acme inc", "beta"],
        DataType.BOOLEAN: ["true", "false"],
        DataType.PICKLIST: ["Alpha", "Beta", "Gamma"],
    }
    for op, spec in OPERATOR_TABLE.items():
        if spec.opposite is None or op in COMPLEMENT_OPS:  # presence: always exact
            continue
        for data_type, raws in samples.items():
            if data_type not in spec.types:
                continue
            field = _field(data_type)
            value = _value(data_type, op)
            for raw in raws:
                one = condition_holds(field, op, value, raw, TODAY)
                other = condition_holds(field, spec.opposite, value, raw, TODAY)
                assert one != other, (op, data_type, raw)
                # and on a missing value, neither
                assert not condition_holds(field, op, value, None, TODAY)


# --- readers -------------------------------------------------------------------------------


def test_the_compiler_builds_every_operator():
    assert set(SQL_BUILDERS) == set(Op)


@pytest.mark.parametrize(("data_type", "op"), PAIRS, ids=PAIR_IDS)
def test_every_pair_compiles(data_type, op):
    field = _field(data_type)
    table = schema.metadata.tables["contacts"]
    value = _value(data_type, op)
    for name, dialect in (("sqlite", sqlite.dialect()), ("postgresql", postgresql.dialect())):
        predicate = condition_predicate(table, field, op, value, Clock(TODAY), name)
        assert str(predicate.compile(dialect=dialect))


@pytest.mark.parametrize(("data_type", "op"), PAIRS, ids=PAIR_IDS)
def test_every_pair_renders(data_type, op):
    spec = OPERATOR_TABLE[op]
    field = _field(data_type)
    value = _value(data_type, op)
    text = Renderer(standard_catalog().with_fields([field])).condition(
        Condition(field=field.key, op=op, value=value), field.key
    )
    assert text.startswith(field.label + " ")
    assert spec.label in text
    if spec.phrase is not None:
        before, _, after = spec.phrase.partition("{value}")
        assert before in text and after in text


def test_a_one_value_list_renders_singular():
    field = _field(DataType.PICKLIST)
    for op, spec in OPERATOR_TABLE.items():
        if spec.singular is None:
            continue
        cond = Condition(field=field.key, op=op, value=["Alpha"])
        text = Renderer(standard_catalog().with_fields([field])).condition(cond, field.key)
        assert text == f"{field.label} {spec.singular} Alpha"


def test_value_coercion_covers_every_shape():
    assert set(_COERCE) == set(ValueShape)


@pytest.mark.parametrize(("data_type", "op"), PAIRS, ids=PAIR_IDS)
def test_every_pair_coerces_a_value_of_its_shape(data_type, op):
    value = _value(data_type, op)
    assert isinstance(value, CANONICAL[OPERATOR_TABLE[op].shape]), value


def test_the_editor_has_widgets_for_every_shape():
    assert set(widgets.WIDGETS) == set(ValueShape)
    assert set(widgets.READERS) == set(ValueShape)


@pytest.mark.parametrize(("data_type", "op"), PAIRS, ids=PAIR_IDS)
def test_the_editor_reads_back_every_pair(data_type, op):
    """Reading the (empty) widgets of every operator gives a value of its shape or None."""
    value = widgets.READERS[OPERATOR_TABLE[op].shape](_field(data_type), "k", {})
    shape = OPERATOR_TABLE[op].shape
    expected = {ValueShape.LIST: list, ValueShape.RANGE: dict, ValueShape.SPAN: dict}
    assert value is None or isinstance(value, expected.get(shape, object)), value


def test_the_prompt_lists_every_operator_of_every_type():
    text = render_catalog(standard_catalog())
    lines = text.split("\n\n", 1)[0].splitlines()
    assert lines[0] == "Operators by field type:"
    listed: dict[str, tuple[str, ...]] = {}
    for line in lines[1:]:
        types, ops = line.removeprefix("- ").split(": ")
        for t in types.split(", "):
            listed[t] = tuple(ops.split(", "))
    assert listed == {t.value: tuple(o.value for o in operators_for(t)) for t in DataType}
    assert {o for ops in listed.values() for o in ops} == {op.value for op in Op}


def test_the_reference_evaluator_has_every_operator():
    assert set(HOLDS) == set(Op)


@pytest.mark.parametrize(("data_type", "op"), PAIRS, ids=PAIR_IDS)
def test_the_reference_evaluator_decides_every_pair(data_type, op):
    field = _field(data_type)
    value = _value(data_type, op)
    stored = {
        DataType.MULTI_TEXT: ["Alpha"],
        DataType.NUMBER: 3,
        DataType.SCORE: 3,
        DataType.BOOLEAN: True,
        DataType.DATE: "2026-10-20",
        DataType.DATETIME: "2026-10-20T10:00:00",
    }.get(data_type, "Alpha")
    assert condition_holds(field, op, value, stored, TODAY) in (True, False)
    assert condition_holds(field, op, value, None, TODAY) is (op is Op.IS_NOT_SET)


# --- words ---------------------------------------------------------------------------------


def _runs() -> dict[str, list[dict]]:
    text = resources.files("nlseg.catalog").joinpath("data/operators.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return {kind: data[kind] for kind in WORD_KINDS}


@pytest.mark.parametrize("kind", WORD_KINDS)
def test_a_word_names_one_operator_within_a_kind(kind):
    """Runs of words with one operator: a repeat would silently replace the earlier one."""
    words = [w for run in _runs()[kind] for w in run["words"]]
    assert [w for w, n in Counter(words).items() if n > 1] == []
    assert len(operator_words(kind)) == len(words)
    for run in _runs()[kind]:
        assert set(run) == {"op", "words"}, run
        assert Op(run["op"]) in OPERATOR_TABLE


def test_a_word_of_two_kinds_names_the_same_operator():
    """ "at least" before and after a number, "=" before a number and a text: one operator."""
    by_word: dict[str, set[Op]] = {}
    for kind in WORD_KINDS:
        for word, op in operator_words(kind).items():
            by_word.setdefault(word, set()).add(op)
    assert {w: ops for w, ops in by_word.items() if len(ops) > 1} == {}


def test_the_table_aliases_are_the_words():
    for op, spec in OPERATOR_TABLE.items():
        assert spec.aliases == tuple(w for w, o in operator_words("comparators").items() if o is op)
        assert spec.postfix_aliases == tuple(
            w for w, o in operator_words("postfix_comparators").items() if o is op
        )
        assert spec.text_aliases == tuple(
            w for w, o in operator_words("text_operators").items() if o is op
        )
        for word in (*spec.aliases, *spec.postfix_aliases, *spec.text_aliases):
            assert word == word.strip().lower() and "  " not in word, word


def test_the_offline_lexicon_words_name_operators_of_the_table():
    for name, kind in (
        ("COMPARATORS", "comparators"),
        ("POSTFIX_COMPARATORS", "postfix_comparators"),
        ("TEXT_OPERATORS", "text_operators"),
    ):
        words = getattr(vocab, name)
        assert list(words) == list(operator_words(kind)), name
        for word, op in words.items():
            assert type(op) is str and Op(op) is operator_words(kind)[word]
    assert set(OP_ALIASES.values()) <= set(OPERATOR_TABLE)
