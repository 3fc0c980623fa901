"""What a model reads after an invalid answer: one short sentence per problem, naming the
valid choices, without pydantic's dump (reprs, types, links)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from nlseg.catalog import standard_catalog
from nlseg.translate.llm.reask import problems
from nlseg.tree import FilterTree

CATALOG = standard_catalog()
GERMANY = {"kind": "condition", "field": "contact.country", "op": "in", "value": ["Germany"]}


def _problems(root: dict) -> list[str]:
    with pytest.raises(ValidationError) as info:
        FilterTree.model_validate({"root": root}, context={"catalog": CATALOG})
    return problems(info.value)


@pytest.mark.parametrize(
    ("root", "expected"),
    [
        (
            {**GERMANY, "field": "contact.contry"},
            ["Unknown field 'contact.contry'. Did you mean 'contact.country'"],
        ),
        (
            {"kind": "condition", "field": "contact.behavior_score", "op": "gt",
             "value": {"amount": 60, "unit": "day"}},
            ['Overall Behavior Score needs a number, got {"amount": 60, "unit": "day"}'],
        ),
        (  # a union's closest branch only: the span's unit, not "should be a string" x6
            {"kind": "related", "relation": "activities", "quantifier": "none",
             "window": {"op": "in_last", "value": {"amount": 60, "unit": "days"}}},
            ["Input should be 'day', 'week', 'month' or 'year' (at root.related.window.value.unit)"],
        ),
        (  # two conditions wrong: two sentences, each naming its place
            {"kind": "group", "logic": "and",
             "children": [{**GERMANY, "field": "contact.contry"}, {**GERMANY, "value": ["Germnay"]}]},
            ["(at root.children[0])", "Did you mean 'Germany'?"],
        ),
    ],
    ids=["unknown field", "no repr", "union", "two problems"],
)  # fmt: skip
def test_one_short_sentence_per_problem(root, expected):
    found = _problems(root)
    assert len(found) == len(expected), found
    for sentence, part in zip(found, expected, strict=True):
        assert part in sentence
        for noise in ("RelativeSpan(", "input_value", "type=", "errors.pydantic.dev"):
            assert noise not in sentence
