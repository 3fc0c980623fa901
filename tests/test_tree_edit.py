"""Tree edit operations (the editor's logic) and the readable diff of versions."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from trees import AND, LAST, OR, REL, SEG, C

from nlseg.catalog import Op, standard_catalog
from nlseg.evaluate import TreeError, parse_tree
from nlseg.tree import edit as ed
from nlseg.tree.diff import NO_CHANGE, tree_changes

CATALOG = standard_catalog()
TODAY = dt.date(2026, 11, 1)
DE = C("contact.country", "in", ["Germany"])
VP = C("contact.seniority", "in", ["VP"])
SCORE = C("contact.behavior_score", "gte", 50)
TAG = REL("tags", "any", where=C("tag.name", "in", ["VIP"]))


def tree(root: dict) -> dict:
    return {"schema_version": 1, "root": root}


def valid(data: dict):
    return parse_tree(data, CATALOG)


BASE = tree(AND(DE, OR(VP, SCORE), TAG))


@pytest.mark.parametrize(
    ("operation", "expected_root"),
    [
        (lambda d: ed.remove(d, (0,)), AND(OR(VP, SCORE), TAG)),
        (lambda d: ed.remove(d, (1, 0)), AND(DE, OR(SCORE), TAG)),
        (lambda d: ed.remove(ed.remove(d, (1, 0)), (1, 0)), AND(DE, TAG)),
        (
            lambda d: ed.remove(ed.display_form(d), (2, "where", 0)),
            AND(DE, OR(VP, SCORE), REL("tags", "any")),
        ),
        (lambda d: ed.remove(d, (2, "where")), AND(DE, OR(VP, SCORE), REL("tags", "any"))),
        (lambda d: ed.move(d, (0,), 1), AND(OR(VP, SCORE), DE, TAG)),
        (lambda d: ed.move(d, (2,), -2), AND(TAG, DE, OR(VP, SCORE))),
        (lambda d: ed.move(d, (1, 1), -1), AND(DE, OR(SCORE, VP), TAG)),
        (lambda d: ed.outdent(d, (1, 0)), AND(DE, OR(SCORE), VP, TAG)),
        (lambda d: ed.outdent(ed.outdent(d, (1, 0)), (1, 0)), AND(DE, SCORE, VP, TAG)),
        (lambda d: ed.indent(d, (2,)), AND(DE, OR(VP, SCORE, TAG))),
        (lambda d: ed.insert(d, (1,), DE), AND(DE, OR(VP, SCORE, DE), TAG)),
        (lambda d: ed.insert(d, (), VP, 0), AND(VP, DE, OR(VP, SCORE), TAG)),
        (lambda d: ed.wrap(d, (0,)), AND(OR(DE), OR(VP, SCORE), TAG)),
        (lambda d: ed.set_group(d, (), logic="or"), OR(DE, OR(VP, SCORE), TAG)),
        (lambda d: ed.set_group(d, (1,), negate=True), AND(DE, OR(VP, SCORE, negate=True), TAG)),
        (lambda d: ed.replace(d, (1, 1), DE), AND(DE, OR(VP, DE), TAG)),
        (
            lambda d: ed.insert(d, (2, "where"), C("tag.name", "in", ["partner"])),
            AND(
                DE,
                OR(VP, SCORE),
                REL(
                    "tags",
                    "any",
                    where=AND(C("tag.name", "in", ["VIP"]), C("tag.name", "in", ["partner"])),
                ),
            ),
        ),
    ],
)
def test_edits_return_the_edited_tree_and_leave_the_input_alone(operation, expected_root):
    before = copy.deepcopy(BASE)
    assert operation(BASE) == tree(expected_root)
    assert before == BASE


@pytest.mark.parametrize(
    ("operation", "message"),
    [
        (lambda d: ed.move(d, (0,), -1), "already at the edge"),
        (lambda d: ed.move(d, (2,), 1), "already at the edge"),
        (lambda d: ed.outdent(d, (0,)), "already at the top level"),
        (lambda d: ed.outdent(d, (2, "where")), "whole segment"),
        (lambda d: ed.indent(d, (0,)), "no group just above"),
        (lambda d: ed.indent(d, (1,)), "not a group"),
        (lambda d: ed.remove(d, ()), "whole segment"),
        (lambda d: ed.remove(d, (7,)), "no condition at 7"),
        (lambda d: ed.insert(d, (0,), VP), "not a group"),
        (lambda d: ed.node_at(d, (1, 5)), "no condition at 1/5"),
    ],
)
def test_impossible_edits_say_why(operation, message):
    with pytest.raises(ed.EditError, match=message):
        operation(BASE)


def test_removing_the_last_condition_is_rejected_by_validation_not_turned_into_everyone():
    edited = ed.remove(tree(AND(DE)), (0,))
    with pytest.raises(TreeError, match="no conditions"):
        valid(edited)


def test_display_form_puts_a_group_at_the_root_and_in_every_where():
    shown = ed.display_form(tree(REL("tags", "any", where=C("tag.name", "in", ["VIP"]))))
    assert shown == tree(AND(REL("tags", "any", where=AND(C("tag.name", "in", ["VIP"])))))
    assert valid(shown)  # the same meaning, still valid


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("contact.country", C("contact.country", "in", ["United States"])),
        ("contact.behavior_score", C("contact.behavior_score", "gte", 0)),
        ("contact.created_at", C("contact.created_at", "in_last", {"amount": 30, "unit": "day"})),
        ("contact.email_opt_out", C("contact.email_opt_out", "is_true")),
        ("contact.title", C("contact.title", "is_set")),
        (
            "opportunity.close_date",
            C("opportunity.close_date", "in_last", {"amount": 30, "unit": "day"}),
        ),
        ("owner.team", C("owner.team", "is_set")),  # a picklist with no known values yet
    ],
)
def test_a_new_condition_starts_valid(field, expected):
    node = ed.default_condition(CATALOG.field(field), TODAY)
    assert node == expected
    if not field.startswith("opportunity."):
        assert valid(tree(node))


@pytest.mark.parametrize(
    ("field", "op", "previous", "expected"),
    [
        ("contact.behavior_score", Op.BETWEEN, 40, {"low": 40, "high": 40}),
        ("contact.behavior_score", Op.LT, {"low": 10, "high": 20}, 10),
        ("contact.behavior_score", Op.IS_SET, 40, None),
        (
            "contact.created_at",
            Op.BETWEEN,
            "2026-03-01",
            {"low": "2026-10-02", "high": "2026-11-01"},
        ),
        (
            "contact.created_at",
            Op.BEFORE,
            {"low": "2026-03-01", "high": "2026-04-01"},
            "2026-03-01",
        ),
        ("contact.created_at", Op.ON, {"amount": 3, "unit": "week"}, "2026-11-01"),
        (
            "contact.created_at",
            Op.MORE_THAN_AGO,
            {"amount": 3, "unit": "week"},
            {"amount": 3, "unit": "week"},
        ),
        ("contact.created_at", Op.IN_PERIOD, None, "this_month"),
        ("contact.title", Op.CONTAINS, "CEO", "CEO"),
        ("contact.title", Op.IN, "CEO", ["CEO"]),
        ("contact.title", Op.EQ, ["CEO", "CTO"], "CEO"),
        ("contact.title", Op.CONTAINS, None, None),  # free text has no sensible default
        ("contact.country", Op.NOT_IN, ["Spain"], ["Spain"]),
    ],
)
def test_an_operator_change_keeps_what_fits_of_the_value(field, op, previous, expected):
    assert ed.value_for(CATALOG.field(field), op, previous, TODAY) == expected


def test_an_operator_change_without_a_usable_value_is_reported_by_validation():
    spec = CATALOG.field("contact.title")
    node = ed.with_op(C("contact.title", "is_set"), spec, Op.CONTAINS, TODAY)
    with pytest.raises(TreeError, match="needs a text value"):
        valid(tree(node))


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (AND(DE, VP), AND(VP, DE), [NO_CHANGE]),
        (AND(DE, VP), AND(DE, VP, SCORE), ["Added: Overall Behavior Score is at least 50"]),
        (AND(DE, VP), AND(DE), ["Removed: ALL of the following", "Removed: Seniority is VP"]),
        (
            AND(DE, VP),
            AND(C("contact.country", "in", ["France"]), VP),
            ["Changed: Country is Germany → Country is France"],
        ),
        (AND(DE, VP), OR(DE, VP), ["Changed: ALL of the following → ANY of the following"]),
        (
            AND(DE, REL("activities", "none", window=LAST(60))),
            AND(DE, REL("activities", "none", window=LAST(90))),
            [
                "Changed: has no activity with Activity time in the last 60 days → has no activity with Activity time in the last 90 days"
            ],
        ),
        (
            AND(DE, SEG("VIPs")),
            AND(DE, SEG("VIPs", negate=True)),
            ["Changed: is in segment 'VIPs' → is not in segment 'VIPs'"],
        ),
    ],
)
def test_version_diffs_read_as_plain_english(old, new, expected):
    assert tree_changes(valid(tree(old)), valid(tree(new)), CATALOG) == expected


def test_the_first_version_reads_as_created():
    (line,) = tree_changes(None, valid(tree(AND(DE, VP))), CATALOG)
    assert line == "Created: Contacts where Country is Germany and Seniority is VP."
