"""The diff the app shows after a chat turn: conditions added, removed and changed."""

from __future__ import annotations

import pytest

from nlseg.catalog import standard_catalog
from nlseg.clock import Clock
from nlseg.translate.diff import diff_lines, diff_trees
from nlseg.tree import FilterTree


def C(field, op, value=None):
    return {"kind": "condition", "field": field, "op": op, "value": value}


def AND(*children, negate=False):
    return {"kind": "group", "logic": "and", "negate": negate, "children": list(children)}


def OR(*children):
    return {"kind": "group", "logic": "or", "children": list(children)}


GERMANY = C("contact.country", "in", ["Germany"])
SPAIN = C("contact.country", "in", ["Spain"])
VP = C("contact.seniority", "in", ["VP"])
EMEA = C("owner.region", "in", ["EMEA"])
PARTNER = {
    "kind": "related",
    "relation": "tags",
    "quantifier": "any",
    "where": C("tag.name", "in", ["partner"]),
}
RECENT = {
    "kind": "related",
    "relation": "activities",
    "quantifier": "any",
    "window": {"op": "in_last", "value": {"amount": 30, "unit": "day"}},
}
OLDER = {
    "kind": "related",
    "relation": "activities",
    "quantifier": "any",
    "window": {"op": "in_last", "value": {"amount": 60, "unit": "day"}},
}


def T(data):
    return FilterTree.model_validate(data, context={"catalog": standard_catalog()})


@pytest.mark.parametrize(
    ("before", "after", "lines"),
    [
        (None, AND(GERMANY, VP), ["Added: Country is Germany", "Added: Seniority is VP"]),
        (GERMANY, AND(GERMANY, EMEA), ["Added: Owner region is EMEA"]),
        (AND(GERMANY, VP), AND(SPAIN, VP), ["Changed: Country is Germany \u2192 Country is Spain"]),
        (AND(GERMANY, VP), VP, ["Removed: Country is Germany"]),
        (AND(GERMANY, VP), AND(VP, GERMANY), []),  # same meaning, other order
        (
            AND(GERMANY, VP),
            OR(AND(GERMANY, VP), PARTNER),
            ["Added (as an alternative: or): has at least one tag where Tag is partner"],
        ),
        (
            AND(GERMANY, VP),
            AND(GERMANY, VP, AND(PARTNER, negate=True)),
            ["Added: has no tag where Tag is partner"],
        ),
        (
            AND(GERMANY, RECENT),
            AND(GERMANY, OLDER),
            [
                "Changed: has at least one activity with Activity time in the last 30 days (2026-10-02 to 2026-11-01) \u2192 has at least one activity with Activity time in the last 60 days (2026-09-02 to 2026-11-01)"
            ],
        ),
        (
            AND(GERMANY, VP),
            OR(GERMANY, PARTNER),
            [
                "Replaced the whole segment: Country is Germany and Seniority is VP \u2192 Country is Germany or has at least one tag where Tag is partner"
            ],
        ),
        (
            AND(GERMANY, VP),
            AND(SPAIN, EMEA),
            [
                "Changed: Country is Germany \u2192 Country is Spain",
                "Removed: Seniority is VP",
                "Added: Owner region is EMEA",
            ],
        ),
    ],
)
def test_diff_lines(before, after, lines):
    got = diff_lines(
        T(before) if before else None, T(after), standard_catalog(), Clock.at("2026-11-01")
    )
    assert sorted(got) == sorted(lines)


def test_changes_are_structured_for_the_app():
    (change,) = diff_trees(T(GERMANY), T(SPAIN))
    assert (change.kind, change.before, change.after) == (
        "changed",
        "Country is Germany",
        "Country is Spain",
    )
