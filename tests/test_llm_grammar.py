"""The catalog's answer schema for grammar-constrained decoding (nlseg.translate.llm.grammar).

Two directions, both checked with jsonschema (the server compiles the same schema into a
grammar): every correct answer fits it — every example of every prompt version and every
gold tree of the eval's dev split — and answers the catalog would reject do not.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from nlseg.catalog import CatalogError, standard_catalog
from nlseg.catalog.operators import OPERATOR_TABLE, ValueShape
from nlseg.evalsuite.cases import load_cases
from nlseg.translate.llm.grammar import MAX_NOTES, grammar_schema
from nlseg.translate.llm.prompt import complete_answer, complete_node, load_prompt, prompts_dir
from nlseg.tree import FilterTree

CATALOG = standard_catalog()
EVAL = Path(__file__).resolve().parents[1] / "eval"
DEV = EVAL / "cases" / "dev"
# the saved segments the eval's cases name
SEGMENTS = [s["name"] for s in yaml.safe_load((EVAL / "fixtures" / "segments.yaml").read_text())]
VALIDATOR = Draft202012Validator(grammar_schema(CATALOG, SEGMENTS))

GERMANY = {"kind": "condition", "field": "contact.country", "op": "in", "value": ["Germany"]}


def fits(answer) -> bool:
    return VALIDATOR.is_valid(answer)


def tree_answer(node) -> dict:
    return complete_answer({"tree": node})


def _known(tree: dict) -> bool:
    try:
        FilterTree.model_validate({"root": tree}, context={"catalog": CATALOG})
    except (CatalogError, ValueError):
        return False
    return True


def _gold_trees() -> list[tuple[str, dict]]:
    cases = load_cases(DEV).cases
    return [
        (case.id, gold.tree)
        for case in cases
        for gold in case.golds
        if gold.tree is not None and _known(gold.tree)
    ]


def test_the_schema_is_valid_json_schema():
    Draft202012Validator.check_schema(grammar_schema(CATALOG, SEGMENTS))


@pytest.mark.parametrize(
    "version", sorted(p.parent.name for p in prompts_dir().glob("*/system.md"))
)
def test_every_prompt_example_fits(version):
    for example in load_prompt(version).examples:
        assert fits(complete_answer(example["answer"])), example["request"]


GOLDS = _gold_trees()


def test_the_dev_golds_are_many():
    assert len(GOLDS) >= 200  # the standard catalog's trees (the demo adds custom fields)


@pytest.mark.parametrize(("case", "tree"), GOLDS, ids=[c for c, _ in GOLDS])
def test_every_dev_gold_tree_fits(case, tree):
    # a tree as the validator normalises it, with every key, in the schema's order
    normal = FilterTree.model_validate({"root": tree}, context={"catalog": CATALOG})
    node = complete_node(normal.root.model_dump(mode="json", exclude_none=True))
    errors = [e.message for e in VALIDATOR.iter_errors(tree_answer(node))]
    assert fits(tree_answer(node)), errors[:3]


def _condition(**changes):
    return {**GERMANY, **changes}


REJECTED = {
    "unknown field": _condition(field="contact.planet"),
    "operator of another type": _condition(op="gt", value=3),
    "picklist value outside the vocabulary": _condition(value=["Atlantis"]),
    "empty list": _condition(value=[]),
    "a related record's field at the top level": {
        "kind": "condition", "field": "opportunity.amount", "op": "gt", "value": 10,
    },
    "a field of another relation in where": {
        "kind": "related", "relation": "tags", "quantifier": "any", "count": None,
        "where": {"kind": "condition", "field": "opportunity.amount", "op": "gt", "value": 1},
        "window": None,
    },
    "all_of_last on a relation without it": {
        "kind": "related", "relation": "opportunities", "quantifier": "all_of_last",
        "count": 2, "where": None, "window": None,
    },
    "a window on a relation without a timestamp": {
        "kind": "related", "relation": "tags", "quantifier": "any", "count": None,
        "where": None, "window": {"op": "in_last", "value": {"amount": 3, "unit": "day"}},
    },
    "a span with an unknown unit": _condition(
        field="contact.created_at", op="in_last", value={"amount": 3, "unit": "fortnight"}
    ),
    "a date that is not a day": _condition(field="contact.created_at", op="before", value="soon"),
    "an unknown saved segment": {"kind": "segment", "segment": "Nobody", "negate": False},
    "an empty group": {"kind": "group", "logic": "and", "negate": False, "children": []},
    "an unknown node kind": {"kind": "sql", "query": "DROP TABLE contacts"},
}  # fmt: skip


@pytest.mark.parametrize("what", REJECTED)
def test_what_the_catalog_rejects_does_not_fit(what):
    complete = complete_node(REJECTED[what])
    assert not fits(tree_answer(complete))
    nested = {"kind": "group", "logic": "and", "negate": False, "children": [GERMANY, complete]}
    assert not fits(tree_answer(nested))  # nor inside a group


def test_notes_are_bounded_so_an_answer_ends():
    answer = tree_answer(GERMANY)
    answer["unsupported"] = ["x"] * (MAX_NOTES + 1)
    assert not fits(answer)
    answer["unsupported"] = ["x"] * MAX_NOTES
    assert fits(answer)


def test_each_operator_takes_the_value_of_its_shape():
    # one field per data type in the standard catalog, every operator of that type
    samples = {
        ValueShape.NONE: None,
        ValueShape.LIST: ["VP"],
        ValueShape.SPAN: {"amount": 30, "unit": "day"},
        ValueShape.PERIOD: "this_month",
    }
    field = {"number": "contact.behavior_score", "datetime": "contact.created_at"}
    for type_name, key in field.items():
        for op, spec in OPERATOR_TABLE.items():
            if type_name not in {t.value for t in spec.types}:
                continue
            scalar = 5 if type_name == "number" else "2026-01-31"
            value = {
                ValueShape.SCALAR: scalar,
                ValueShape.RANGE: {"low": scalar, "high": scalar},
            }.get(spec.shape, samples.get(spec.shape))
            good = {"kind": "condition", "field": key, "op": op.value, "value": value}
            assert fits(tree_answer(good)), (key, op)
            if spec.shape is not ValueShape.NONE:
                bad = copy.deepcopy(good)
                bad["value"] = None
                assert not fits(tree_answer(bad)), (key, op)


def test_saved_segments_are_offered_only_when_there_are_some():
    node = {"kind": "segment", "segment": SEGMENTS[0], "negate": True}
    assert fits(tree_answer(node))
    without = Draft202012Validator(grammar_schema(CATALOG))
    assert not without.is_valid(tree_answer(node))
