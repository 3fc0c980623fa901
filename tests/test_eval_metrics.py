"""Measures: components and F1, normalised-tree match, percentiles."""

from __future__ import annotations

from collections import Counter

import pytest
from trees import AND, LAST, OR, REL, SEG, C

from nlseg.evalsuite.metrics import best_f1, components, f1, percentile, same_tree
from nlseg.evaluate import parse_tree

GERMANY = C("contact.country", "in", ["Germany"])
VP = C("contact.seniority", "in", ["VP"])
OPENED = REL(
    "email_events", "any", where=C("email_event.event_type", "in", ["open"]), window=LAST(30)
)


def tree(node):
    return parse_tree(node, None)


@pytest.mark.parametrize(
    ("node", "expected"),
    [
        (GERMANY, {"contact.country in": 1}),
        (AND(GERMANY, VP), {"contact.country in": 1, "contact.seniority in": 1}),
        (
            OPENED,
            {
                "email_events any": 1,
                "email_events/email_event.event_type in": 1,
                "email_events/window in_last": 1,
            },
        ),
        (
            AND(GERMANY, VP, negate=True),
            {"not contact.country in": 1, "not contact.seniority in": 1},
        ),
        (
            AND(OR(GERMANY, VP, negate=True), negate=True),
            {"contact.country in": 1, "contact.seniority in": 1},
        ),
        (
            AND(SEG("Webinar attendees", negate=True), GERMANY),
            {"not segment webinar attendees": 1, "contact.country in": 1},
        ),
        (REL("opportunities", "exactly", 0), {"opportunities none": 1}),  # normalised first
    ],
)
def test_components(node, expected):
    assert components(tree(node)) == Counter(expected)


@pytest.mark.parametrize(
    ("got", "gold", "score"),
    [
        ({"a": 1, "b": 1}, {"a": 1, "b": 1}, 1.0),
        ({"a": 1}, {"a": 1, "b": 1}, 2 / 3),  # precision 1, recall 1/2
        ({"a": 1, "c": 1}, {"a": 1, "b": 1}, 0.5),
        ({"c": 1}, {"a": 1}, 0.0),
        ({"a": 2}, {"a": 1}, 2 / 3),  # multisets: a repeated condition is not free
        ({}, {}, 1.0),
    ],
)
def test_f1(got, gold, score):
    assert f1(Counter(got), Counter(gold)) == pytest.approx(score)


def test_best_f1_and_tree_match_take_the_best_gold():
    golds = [tree(AND(GERMANY, VP)), tree(GERMANY)]
    assert best_f1(tree(GERMANY), golds) == 1.0
    assert best_f1(None, golds) == 0.0 and best_f1(tree(GERMANY), []) is None
    assert same_tree(tree(AND(VP, GERMANY)), golds)  # order does not matter
    assert same_tree(tree(C("contact.country", "in", ["germany"])), golds)  # canonical value
    assert not same_tree(tree(VP), golds)


@pytest.mark.parametrize(
    ("values", "p", "expected"),
    [
        ([], 50, None),
        ([5.0], 95, 5.0),
        ([1, 2, 3, 4], 50, 2),
        ([1, 2, 3, 4], 95, 4),
        (list(range(1, 101)), 95, 95),
    ],
)
def test_percentile_nearest_rank(values, p, expected):
    assert percentile(values, p) == expected
