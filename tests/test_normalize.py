"""Normalisation fixture pairs: (tree, its canonical form); and idempotence."""

from __future__ import annotations

import pytest
from trees import AND, OR, REL, SEG, C

from nlseg.catalog import standard_catalog
from nlseg.evaluate import parse_tree
from nlseg.tree import canonical_json, normalize

CATALOG = standard_catalog()
GERMANY = C("contact.country", "in", ["Germany"])
SCORE = C("contact.behavior_score", "gt", 50)

PAIRS = [
    pytest.param(AND(GERMANY), GERMANY, id="single-child group unwrapped"),
    pytest.param(AND(AND(GERMANY, SCORE), AND(C("contact.title", "contains", "vp"))),
                 AND(SCORE, GERMANY, C("contact.title", "contains", "vp")), id="flatten same logic"),
    pytest.param(AND(GERMANY, SCORE), AND(SCORE, GERMANY), id="children sorted"),
    pytest.param(AND(GERMANY, SCORE, GERMANY), AND(SCORE, GERMANY), id="duplicates removed"),
    pytest.param(C("contact.country", "in", ["Spain", "France", "Spain"]),
                 C("contact.country", "in", ["France", "Spain"]), id="list values sorted"),
    pytest.param(AND(C("contact.behavior_score", "gte", 10), C("contact.behavior_score", "lte", 40)),
                 C("contact.behavior_score", "between", {"low": 10, "high": 40}), id="range merged"),
    pytest.param(AND(C("contact.behavior_score", "gte", 10), C("contact.behavior_score", "gte", 20),
                     C("contact.behavior_score", "between", {"low": 0, "high": 30})),
                 C("contact.behavior_score", "between", {"low": 20, "high": 30}), id="ranges intersected"),
    pytest.param(AND(C("contact.behavior_score", "gte", 50), C("contact.behavior_score", "lte", 40)),
                 AND(C("contact.behavior_score", "gte", 50), C("contact.behavior_score", "lte", 40)),
                 id="empty range kept as written"),
    pytest.param(OR(C("contact.country", "in", ["Spain"]), C("contact.country", "in", ["France"])),
                 C("contact.country", "in", ["France", "Spain"]), id="or of lists merged"),
    pytest.param(AND(OR(GERMANY), negate=True), AND(GERMANY, negate=True),
                 id="negated single child keeps its negation"),
    pytest.param(AND(AND(GERMANY, SCORE), negate=True), AND(SCORE, GERMANY, negate=True),
                 id="negation moves into a single child group"),
    pytest.param(AND(SEG("VIPs"), negate=True), SEG("VIPs", negate=True), id="not in segment"),
    pytest.param(AND(REL("tags"), negate=True), REL("tags", "none"), id="not any is none"),
    pytest.param(AND(REL("activities", "at_least", 3), negate=True), REL("activities", "at_most", 2),
                 id="not at least 3 is at most 2"),
    pytest.param(AND(REL("activities", "at_most", 2), negate=True), REL("activities", "at_least", 3),
                 id="not at most 2 is at least 3"),
    pytest.param(AND(C("contact.phone", "is_set"), negate=True), C("contact.phone", "is_not_set"),
                 id="not set"),
    pytest.param(REL("activities", "exactly", 0), REL("activities", "none"), id="exactly 0 is none"),
    pytest.param(REL("email_events", where=AND(C("email_event.event_type", "in", ["open"]))),
                 REL("email_events", where=C("email_event.event_type", "in", ["open"])),
                 id="related where normalised"),
    pytest.param(AND(C("contact.country", "in", ["Germany"]), negate=True),
                 AND(C("contact.country", "in", ["Germany"]), negate=True),
                 id="in is not the complement of not_in (missing values)"),
]  # fmt: skip


@pytest.mark.parametrize(("given", "expected"), PAIRS)
def test_normal_form(given, expected):
    """``expected`` is written in normal form, children in canonical order."""
    got = normalize(parse_tree(given, CATALOG))
    assert canonical_json(got.root) == canonical_json(parse_tree(expected, CATALOG).root)


@pytest.mark.parametrize(("given", "expected"), PAIRS)
def test_idempotent(given, expected):
    once = normalize(parse_tree(given, CATALOG))
    assert canonical_json(normalize(once)) == canonical_json(once)


def test_order_of_children_does_not_matter():
    a = parse_tree(AND(GERMANY, OR(SCORE, REL("tags")), C("contact.phone", "is_set")), CATALOG)
    b = parse_tree(AND(C("contact.phone", "is_set"), OR(REL("tags"), SCORE), GERMANY), CATALOG)
    assert canonical_json(normalize(a)) == canonical_json(normalize(b))
