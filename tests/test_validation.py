"""Validation against the catalog: what is accepted, what is rejected, and what the message says."""

from __future__ import annotations

import datetime as dt

import pytest
from trees import AND, DAYS, REL, SEG, C

from nlseg.catalog import standard_catalog
from nlseg.evaluate import TreeError, parse_tree
from nlseg.tree.limits import MAX_CONDITIONS, MAX_DEPTH, MAX_LIST_VALUES

CATALOG = standard_catalog()


def problems(tree) -> list[str]:
    with pytest.raises(TreeError) as caught:
        parse_tree(tree, CATALOG)
    return caught.value.problems


@pytest.mark.parametrize(
    ("tree", "expected"),
    [
        (AND(), "The segment has no conditions"),
        (C("contact.contry", "in", ["Germany"]), "Did you mean 'contact.country'"),
        (
            C("contact.country", "gt", "Germany"),
            "use one of 'in', 'not_in', 'is_set', 'is_not_set'",
        ),
        (
            C("contact.country", "in", ["Germnay"]),
            "'Germnay' is not a known Country. Did you mean 'Germany'",
        ),
        (
            C("contact.behavior_score", "gt", "lots"),
            "Overall Behavior Score needs a number, got 'lots'",
        ),
        (C("contact.behavior_score", "between", {"low": 80, "high": 20}), "80 is after 20"),
        (C("contact.created_at", "on", "yesterday"), "needs a date like 2026-03-01"),
        (C("contact.created_at", "in_last", DAYS(0)), "must be at least 1"),
        (C("contact.created_at", "in_period", "next_decade"), "is not a period"),
        (C("contact.email_opt_out", "is_true", "yes please"), "takes no value"),
        (C("contact.title", "contains", "a\x00b"), "NUL character"),
        (C("contact.title", "contains", "x" * 501), "longer than 500 characters"),
        (C("contact.title", "in", ["x"] * 0), "needs at least one value"),
        (
            C("opportunity.stage", "in", ["Closed Won"]),
            "inside a condition on 'opportunities' or 'account_opportunities'",
        ),
        (REL("deals"), "Unknown relation 'deals'"),
        (REL("account"), "one record per contact"),
        (REL("activities", "at_least"), "'at_least' needs a count"),
        (REL("activities", "any", 2), "'any' takes no count"),
        (REL("activities", "at_least", 0), "would match everyone"),
        (REL("activities", "all_of_last", 3), "does not apply to activities"),
        (REL("email_events", "all_of_last", 51), "takes N from 1 to 50"),
        (REL("tags", "any_of_last", 2), "'any of the last N campaigns' does not apply to tags"),
        (REL("email_events", "any_of_last"), "'any_of_last' needs a count"),
        (REL("tags", window={"op": "in_last", "value": DAYS(7)}), "cannot have a time window"),
        (REL("activities", where=C("contact.country", "in", ["Germany"])), "at the top level"),
        (REL("activities", where=REL("tags")), "expected tags: 'group', 'condition'"),
        (REL("activities", where=AND(REL("tags"))), "cannot nest other relations"),
        (REL("activities", where=AND()), "empty group would match everyone"),
        (SEG("  "), "needs a segment name or id"),
        ({"root": {"kind": "nonsense"}}, "does not match any of the expected tags"),
        ('{"root": ', "Invalid JSON"),
        ({"schema_version": 2, "root": C("contact.country", "is_set")}, "schema_version"),
    ],
)
def test_rejected_with_a_message_that_names_the_problem(tree, expected):
    assert any(expected in p for p in problems(tree)), problems(tree)


def test_every_problem_is_reported_at_once():
    tree = AND(C("contact.contry", "in", ["x"]), C("contact.behavior_score", "gt", "x"))
    assert len(problems(tree)) == 2


@pytest.mark.parametrize(
    ("limit_tree", "expected"),
    [
        (
            AND(*[C("contact.behavior_score", "gt", i) for i in range(MAX_CONDITIONS + 1)]),
            "at most",
        ),
        (C("contact.title", "in", [str(i) for i in range(MAX_LIST_VALUES + 1)]), "at most"),
    ],
)
def test_size_limits(limit_tree, expected):
    assert any(expected in p for p in problems(limit_tree))


def test_depth_limit():
    tree = C("contact.behavior_score", "gt", 1)
    for _ in range(MAX_DEPTH + 1):
        tree = AND(tree, C("contact.behavior_score", "lt", 99))
    assert any("nested more than" in p for p in problems(tree))


@pytest.mark.parametrize(
    ("given", "field", "op", "value"),
    [
        (C("contact.country", "eq", "germany"), "contact.country", "in", ["Germany"]),
        (
            C("contact.country", "in", ["UK", "united kingdom"]),
            "contact.country",
            "in",
            ["United Kingdom"],
        ),
        (C("contact.country", "!=", "USA"), "contact.country", "not_in", ["United States"]),
        (C("contact.email_opt_out", "eq", True), "contact.email_opt_out", "is_true", None),
        (C("contact.email_opt_out", "=", False), "contact.email_opt_out", "is_false", None),
        (C("contact.behavior_score", ">=", "1,000"), "contact.behavior_score", "gte", 1000),
        (C("contact.behavior_score", "gt", 2.5), "contact.behavior_score", "gt", 2.5),
        (
            C("contact.created_at", "on", "2026-03-01T10:00:00"),
            "contact.created_at",
            "on",
            dt.date(2026, 3, 1),
        ),
        (
            C("contact.created_at", "in_last", 30),
            "contact.created_at",
            "in_last",
            {"amount": 30, "unit": "day"},
        ),
        (
            C("account.employee_count", "between", [100, 500]),
            "account.employee_count",
            "between",
            {"low": 100, "high": 500},
        ),
    ],
)
def test_values_are_made_canonical(given, field, op, value):
    node = parse_tree(given, CATALOG).root
    dumped = node.model_dump(mode="python")
    assert (dumped["field"], dumped["op"]) == (field, op)
    assert dumped["value"] == value


def test_json_round_trip():
    tree = parse_tree(
        AND(
            C("contact.country", "in", ["Germany", "France"]),
            REL(
                "email_events", "all_of_last", 3, where=C("email_event.event_type", "in", ["open"])
            ),
            REL("activities", "at_most", 2, window={"op": "in_last", "value": DAYS(3, "month")}),
            SEG("Webinar attendees", negate=True),
            C("contact.created_at", "between", {"low": "2026-01-01", "high": "2026-02-01"}),
        ),
        CATALOG,
    )
    again = parse_tree(tree.to_json(), CATALOG)
    assert again == tree
    assert again.to_json() == tree.to_json()


def test_a_checked_tree_can_be_a_field_of_another_model() -> None:
    """A custom-field tree stays valid inside a Translation (no catalog in that context)."""
    from nlseg.catalog.model import DataType, FieldDef
    from nlseg.translate import Translation

    nps = FieldDef("contact.custom.nps", "contact", "NPS", DataType.NUMBER, custom_key="nps")
    catalog = CATALOG.with_fields([nps])
    tree = parse_tree(C("contact.custom.nps", "gte", 9), catalog)
    assert Translation(tree=tree).tree is tree
    with pytest.raises(ValueError, match=r"Unknown field 'contact\.custom\.nps'"):
        Translation(tree={"root": C("contact.custom.nps", "gte", 9)})
