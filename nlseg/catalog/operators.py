"""The operator table: every filter operator, once — the data types it applies to, the shape
of its value, its English and its negation.

One :class:`Operator` per :class:`Op`, in :data:`OPERATOR_TABLE`. The English (labels and
the words of a request that name an operator) is data, ``data/operators.toml``; the rest is
here. Readers dispatch on the table instead of listing operators themselves: the renderer
(``label``, ``phrase``, ``singular``, ``list_word``), value coercion and the editor's widgets
(``shape``), normalisation (``negation``), the contradiction and tautology rules
(``opposite``), the LLM prompt (:func:`operators_for`) and the offline parser's comparator
and text-operator words (:func:`operator_words`). The SQL of each operator is the
compiler's (``nlseg.compiler.predicates.SQL_BUILDERS``, keyed on :class:`Op`), since the
catalog sits below the tree and the compiler; tests/test_operators.py checks that every
reader covers every operator.

Negation under the missing-value rule (nlseg.compiler.predicates, docs/semantics.md):
every comparison on a missing value is false, so ``NOT (country eq 'Germany')`` is *not*
``country neq 'Germany'`` — a contact with no country satisfies the first and not the
second. ``opposite`` is the complement over present values (eq↔neq, gt↔lte, …: on a
present value exactly one of the two holds); ``negation`` is the exact complement, missing
values included, and only ``is_set``↔``is_not_set`` have one.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any, Literal

__all__ = [
    "DATA_TYPE_ORDER",
    "OPERATOR_TABLE",
    "DataType",
    "Op",
    "Operator",
    "ValueShape",
    "WordKind",
    "operator_words",
    "operators_for",
]


class DataType(StrEnum):
    BOOLEAN = "boolean"
    DATE = "date"
    DATETIME = "datetime"
    TEXT = "text"
    NUMBER = "number"
    SCORE = "score"
    EMAIL = "email"
    MULTI_TEXT = "multi_text"
    PICKLIST = "picklist"


class Op(StrEnum):
    EQ = "eq"
    NEQ = "neq"
    GT = "gt"
    GTE = "gte"
    LT = "lt"
    LTE = "lte"
    BETWEEN = "between"
    CONTAINS = "contains"
    NOT_CONTAINS = "not_contains"
    STARTS_WITH = "starts_with"
    ENDS_WITH = "ends_with"
    IN = "in"
    NOT_IN = "not_in"
    IS_SET = "is_set"
    IS_NOT_SET = "is_not_set"
    IS_TRUE = "is_true"
    IS_FALSE = "is_false"
    ON = "on"
    BEFORE = "before"
    AFTER = "after"
    IN_LAST = "in_last"
    MORE_THAN_AGO = "more_than_ago"
    IN_PERIOD = "in_period"
    CONTAINS_ANY = "contains_any"
    CONTAINS_ALL = "contains_all"


class ValueShape(StrEnum):
    """What a condition's value is (nlseg.tree.values coerces it to this)."""

    NONE = "none"  # no value: is_set, is_true
    SCALAR = "scalar"  # one text, number or date, by the field's type
    LIST = "list"  # texts (a set): in, contains_any
    RANGE = "range"  # a Range of two numbers or dates, both included
    SPAN = "span"  # a RelativeSpan (amount and unit) back from today
    PERIOD = "period"  # a calendar Period: this_month, last_quarter, …


# The order the catalog (OPERATORS) and the LLM prompt list data types in.
DATA_TYPE_ORDER: tuple[DataType, ...] = (
    DataType.TEXT,
    DataType.EMAIL,
    DataType.NUMBER,
    DataType.SCORE,
    DataType.DATE,
    DataType.DATETIME,
    DataType.BOOLEAN,
    DataType.PICKLIST,
    DataType.MULTI_TEXT,
)

WordKind = Literal["comparators", "postfix_comparators", "text_operators"]
WORD_KINDS: tuple[WordKind, ...] = ("comparators", "postfix_comparators", "text_operators")


@dataclass(frozen=True)
class Operator:
    key: Op
    types: tuple[DataType, ...]  # in DATA_TYPE_ORDER
    shape: ValueShape
    label: str  # the editor's name, and the sentence's words before the value
    # The sentence's words when they are not "label value": {value} marks the value, and
    # the text is used as written ("is more than {value} ago").
    phrase: str | None = None
    singular: str | None = None  # the label for a list of one value ("is", not "is any of")
    list_word: str = "or"  # before the last of several values
    negation: Op | None = None  # NOT this, exactly, missing values included
    opposite: Op | None = None  # holds on exactly the present values this does not
    aliases: tuple[str, ...] = ()  # words before a number naming it ("at least")
    postfix_aliases: tuple[str, ...] = ()  # words after a number ("or more")
    text_aliases: tuple[str, ...] = ()  # words comparing free text ("ending in")

    def words(self, value: str) -> str:
        """The sentence's predicate for this operator with ``value`` (already in English)."""
        if self.phrase is not None:
            return self.phrase.format(value=value)
        return f"{self.label} {value}".rstrip()


_TEXTS = (DataType.TEXT, DataType.EMAIL)
_NUMBERS = (DataType.NUMBER, DataType.SCORE)
_DATES = (DataType.DATE, DataType.DATETIME)
_N, _S, _L = ValueShape.NONE, ValueShape.SCALAR, ValueShape.LIST

# (op, types, shape, opposite, negation), in the order operators are offered for a type:
# operators_for keeps this order, so each type's list reads as it always has.
_SPEC: tuple[tuple[Op, tuple[DataType, ...], ValueShape, Op | None, Op | None], ...] = (
    (Op.EQ, (*_TEXTS, *_NUMBERS), _S, Op.NEQ, None),
    (Op.NEQ, (*_TEXTS, *_NUMBERS), _S, Op.EQ, None),
    (Op.GT, _NUMBERS, _S, Op.LTE, None),
    (Op.GTE, _NUMBERS, _S, Op.LT, None),
    (Op.LT, _NUMBERS, _S, Op.GTE, None),
    (Op.LTE, _NUMBERS, _S, Op.GT, None),
    (Op.ON, _DATES, _S, None, None),
    (Op.BEFORE, _DATES, _S, None, None),  # not after: the day itself is neither
    (Op.AFTER, _DATES, _S, None, None),
    (Op.BETWEEN, (*_NUMBERS, *_DATES), ValueShape.RANGE, None, None),
    (Op.IN_LAST, _DATES, ValueShape.SPAN, None, None),  # not more_than_ago: future days
    (Op.MORE_THAN_AGO, _DATES, ValueShape.SPAN, None, None),
    (Op.IN_PERIOD, _DATES, ValueShape.PERIOD, None, None),
    (Op.CONTAINS, _TEXTS, _S, Op.NOT_CONTAINS, None),
    (Op.NOT_CONTAINS, _TEXTS, _S, Op.CONTAINS, None),
    (Op.STARTS_WITH, _TEXTS, _S, None, None),
    (Op.ENDS_WITH, _TEXTS, _S, None, None),
    (Op.IN, (*_TEXTS, DataType.PICKLIST), _L, Op.NOT_IN, None),
    (Op.NOT_IN, (*_TEXTS, DataType.PICKLIST), _L, Op.IN, None),
    (Op.IS_TRUE, (DataType.BOOLEAN,), _N, Op.IS_FALSE, None),
    (Op.IS_FALSE, (DataType.BOOLEAN,), _N, Op.IS_TRUE, None),
    (Op.CONTAINS_ANY, (DataType.MULTI_TEXT,), _L, None, None),
    (Op.CONTAINS_ALL, (DataType.MULTI_TEXT,), _L, None, None),
    (Op.IS_SET, DATA_TYPE_ORDER, _N, Op.IS_NOT_SET, Op.IS_NOT_SET),
    (Op.IS_NOT_SET, DATA_TYPE_ORDER, _N, Op.IS_SET, Op.IS_SET),
)


@cache
def _data() -> dict[str, Any]:
    path = resources.files("nlseg.catalog").joinpath("data/operators.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"))


@cache
def operator_words(kind: WordKind) -> Mapping[str, Op]:
    """The words of ``kind`` ("comparators", "postfix_comparators", "text_operators") with
    the operator each names, in file order (a later repeat would win, in place)."""
    return MappingProxyType({word: Op(run["op"]) for run in _data()[kind] for word in run["words"]})


def _words_of(op: Op, kind: WordKind) -> tuple[str, ...]:
    return tuple(word for word, named in operator_words(kind).items() if named is op)


def _build() -> dict[Op, Operator]:
    english = _data()["operators"]
    table: dict[Op, Operator] = {}
    for op, types, shape, opposite, negation in _SPEC:
        entry = english[op.value]
        table[op] = Operator(
            key=op,
            types=tuple(t for t in DATA_TYPE_ORDER if t in types),
            shape=shape,
            label=entry["label"],
            phrase=entry.get("phrase"),
            singular=entry.get("singular"),
            list_word=entry.get("list_word", "or"),
            negation=negation,
            opposite=opposite,
            aliases=_words_of(op, "comparators"),
            postfix_aliases=_words_of(op, "postfix_comparators"),
            text_aliases=_words_of(op, "text_operators"),
        )
    return table


OPERATOR_TABLE: Mapping[Op, Operator] = MappingProxyType(_build())


def operators_for(data_type: DataType) -> tuple[Op, ...]:
    """The operators of ``data_type``, in the order the editor and the prompt offer them."""
    return tuple(op for op, spec in OPERATOR_TABLE.items() if data_type in spec.types)
