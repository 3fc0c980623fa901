"""Trees that provably match everyone are refused; trees that only look broad are not."""

from __future__ import annotations

import pytest

from nlseg.catalog import standard_catalog
from nlseg.tree import FilterTree
from nlseg.tree.breadth import matches_everyone


def C(field, op, value=None):
    return {"kind": "condition", "field": field, "op": op, "value": value}


def G(logic, *children, negate=False):
    return {"kind": "group", "logic": logic, "negate": negate, "children": list(children)}


def R(relation, quantifier, where=None, count=None):
    return {
        "kind": "related",
        "relation": relation,
        "quantifier": quantifier,
        "where": where,
        "count": count,
    }


GERMANY = C("contact.country", "in", ["Germany"])
OPENED = C("email_event.event_type", "in", ["open"])

EVERYONE = {
    "set or not set": G("or", C("contact.email", "is_set"), C("contact.email", "is_not_set")),
    "in, not in, not set": G(
        "or",
        GERMANY,
        C("contact.country", "not_in", ["Germany"]),
        C("contact.country", "is_not_set"),
    ),
    "not in a subset": G(
        "or",
        C("contact.country", "in", ["Germany", "France"]),
        C("contact.country", "not_in", ["germany"]),
        C("contact.country", "is_not_set"),
    ),
    "eq, neq, not set": G(
        "or",
        C("contact.title", "eq", "CEO"),
        C("contact.title", "neq", "ceo"),
        C("contact.title", "is_not_set"),
    ),
    "contains both ways": G(
        "or",
        C("contact.title", "contains", "VP"),
        C("contact.title", "not_contains", "VP"),
        C("contact.title", "is_not_set"),
    ),
    "true, false, not set": G(
        "or",
        C("contact.email_opt_out", "is_true"),
        C("contact.email_opt_out", "is_false"),
        C("contact.email_opt_out", "is_not_set"),
    ),
    "number line covered": G(
        "or",
        C("contact.behavior_score", "lt", 50),
        C("contact.behavior_score", "gte", 50),
        C("contact.behavior_score", "is_not_set"),
    ),
    "number line with between": G(
        "or",
        C("contact.behavior_score", "lte", 10),
        C("contact.behavior_score", "between", {"low": 10, "high": 90}),
        C("contact.behavior_score", "gt", 90),
        C("contact.behavior_score", "is_not_set"),
    ),
    "dates covered": G(
        "or",
        C("contact.created_at", "before", "2026-01-01"),
        C("contact.created_at", "on", "2026-01-01"),
        C("contact.created_at", "after", "2026-01-01"),
        C("contact.created_at", "is_not_set"),
    ),
    "a group or its negation": G(
        "or",
        G("and", GERMANY, C("contact.seniority", "in", ["VP"])),
        G("and", GERMANY, C("contact.seniority", "in", ["VP"]), negate=True),
    ),
    "any or none": G("or", R("email_events", "any", OPENED), R("email_events", "none", OPENED)),
    "at least 3 or at most 2": G(
        "or", R("activities", "at_least", count=3), R("activities", "at_most", count=2)
    ),
    "segment or not": G(
        "or",
        {"kind": "segment", "segment": "VIPs"},
        {"kind": "segment", "segment": "VIPs", "negate": True},
    ),
    "not a contradiction": G("and", GERMANY, C("contact.country", "is_not_set"), negate=True),
    "not (true and false)": G(
        "and",
        C("contact.email_opt_out", "is_true"),
        C("contact.email_opt_out", "is_false"),
        negate=True,
    ),
    "no record of an impossible kind": R(
        "activities",
        "none",
        G("and", C("activity.subject", "is_set"), C("activity.subject", "is_not_set")),
    ),
    "nested in an and": G(
        "and",
        G("or", C("contact.email", "is_set"), C("contact.email", "is_not_set")),
        G("or", C("contact.phone", "is_set"), C("contact.phone", "is_not_set")),
    ),
}

NOT_EVERYONE = {
    "one condition": GERMANY,
    "in or not in (missing countries fall out)": G(
        "or", GERMANY, C("contact.country", "not_in", ["Germany"])
    ),
    "not in a superset": G(
        "or",
        C("contact.country", "in", ["Germany"]),
        C("contact.country", "not_in", ["Germany", "France"]),
        C("contact.country", "is_not_set"),
    ),
    "a gap on the number line": G(
        "or",
        C("contact.behavior_score", "lt", 50),
        C("contact.behavior_score", "gt", 50),
        C("contact.behavior_score", "is_not_set"),
    ),
    "open ends meet but exclude the point": G(
        "or", C("contact.behavior_score", "lt", 50), C("contact.behavior_score", "gt", 50)
    ),
    "everyone except Germany": G("and", GERMANY, negate=True),
    "no deal": R("opportunities", "none"),
    "at most 2 activities": R("activities", "at_most", count=2),
    "set on two fields": G("or", C("contact.email", "is_set"), C("contact.phone", "is_not_set")),
    "any or none of different records": G(
        "or",
        R("email_events", "any", OPENED),
        R("email_events", "none", C("email_event.event_type", "in", ["click"])),
    ),
    "at least 3 or at most 1": G(
        "or", R("activities", "at_least", count=3), R("activities", "at_most", count=1)
    ),
}


def tree(data):
    return FilterTree.model_validate(data, context={"catalog": standard_catalog()})


@pytest.mark.parametrize("data", EVERYONE.values(), ids=EVERYONE.keys())
def test_tautologies_are_caught(data):
    assert matches_everyone(tree(data))


@pytest.mark.parametrize("data", NOT_EVERYONE.values(), ids=NOT_EVERYONE.keys())
def test_narrower_trees_pass(data):
    assert not matches_everyone(tree(data))
