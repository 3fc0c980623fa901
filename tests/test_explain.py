"""The waterfall and "why is / isn't this contact in the segment", on both databases: every
number and verdict must agree with evaluating the same trees directly."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from trees import AND, LAST, OR, REL, SEG, C

from nlseg.catalog import load_catalog
from nlseg.clock import Clock
from nlseg.evaluate import evaluate, parse_tree
from nlseg.explain import find_contacts, why
from nlseg.refresh import first_rows, has_steps, refresh
from nlseg.segments import create_segment
from nlseg.store import schema
from nlseg.sync.demo import build_demo
from nlseg.tree import FilterTree
from nlseg.waterfall import StepCount, emptied_by, waterfall, waterfall_steps

AS_OF = dt.date(2026, 11, 1)
CLOCK = Clock.at(AS_OF)

DE = C("contact.country", "in", ["Germany"])
VP = C("contact.seniority", "in", ["VP", "Director"])
ENGAGED = REL(
    "email_events",
    "at_least",
    2,
    where=C("email_event.event_type", "in", ["open"]),
    window=LAST(90),
)
NO_DEAL = REL("account_opportunities", "none", window=LAST(90))
ENTERPRISE = C("account.tier", "in", ["Enterprise"])
EMEA = C("owner.region", "in", ["EMEA"])
IMPOSSIBLE = C("contact.behavior_score", "gt", 10_000)

TREES = {
    "and": AND(ENTERPRISE, ENGAGED, NO_DEAL, EMEA),
    "or": OR(DE, VP, REL("tags", "any", where=C("tag.name", "in", ["VIP"]))),
    "nested": AND(OR(DE, EMEA), AND(VP, ENGAGED, negate=True)),
    "segment": AND(SEG("Germans"), VP),
    "negated_root": AND(DE, VP, negate=True),
    "single": DE,
    "lone_related": NO_DEAL,
    "emptied": AND(DE, IMPOSSIBLE, VP),
}


@pytest.fixture(scope="module")
def store(module_engine):
    build_demo(module_engine, contacts=400, seed=7, as_of=AS_OF)
    catalog = load_catalog(module_engine, refresh=True)
    create_segment(module_engine, "Germans", parse_tree({"root": DE}, catalog))
    return module_engine, catalog


def ids(engine, catalog, root) -> set[int]:
    tree = parse_tree({"root": root}, catalog)
    return set(evaluate(engine, tree, clock=CLOCK, catalog=catalog, with_ids=True).contact_ids)


@pytest.mark.parametrize("name", TREES)
def test_each_step_counts_the_prefix_tree_and_the_last_is_the_count(store, name):
    engine, catalog = store
    tree = parse_tree({"root": TREES[name]}, catalog)
    steps = waterfall(engine, tree, catalog, CLOCK)
    prefixes = waterfall_steps(tree, catalog, CLOCK)
    assert [s.label for s in steps] == [p.label for p in prefixes]
    for step, prefix in zip(steps, prefixes, strict=True):
        expected = evaluate(engine, prefix.tree, clock=CLOCK, catalog=catalog).count
        assert step.remaining == expected, step.label
    assert steps[-1].remaining == evaluate(engine, tree, clock=CLOCK, catalog=catalog).count


@pytest.mark.parametrize(
    ("name", "expected_steps"),
    [("and", 4), ("or", 3), ("nested", 2), ("negated_root", 1), ("single", 1), ("lone_related", 1)],
)
def test_steps_are_the_top_level_conditions_of_an_unnegated_group(store, name, expected_steps):
    _, catalog = store
    tree = parse_tree({"root": TREES[name]}, catalog)
    steps = waterfall_steps(tree, catalog, CLOCK)
    assert len(steps) == expected_steps
    if expected_steps > 1:
        joiner = "and " if TREES[name]["logic"] == "and" else "or "
        assert all(s.label.startswith(joiner) for s in steps[1:])


def test_the_waterfall_names_the_condition_that_empties_the_segment(store):
    engine, catalog = store
    tree = parse_tree({"root": TREES["emptied"]}, catalog)
    steps = waterfall(engine, tree, catalog, CLOCK)
    assert steps[0].remaining > 0
    assert [s.remaining for s in steps[1:]] == [0, 0]
    assert emptied_by(steps) == "Overall Behavior Score is more than 10000"


@pytest.mark.parametrize(
    ("counts", "logic", "expected"),
    [
        ([StepCount("a", 5), StepCount("and b", 0)], "and", "b"),
        ([StepCount("a", 5), StepCount("and b", 3)], "and", None),
        ([StepCount("a", 0), StepCount("or b", 0)], "or", None),
    ],
)
def test_emptied_by(counts, logic, expected):
    assert emptied_by(counts, logic) == expected


def _contact(engine, wanted: set[int], member: bool) -> tuple[int, str]:
    c = schema.contacts
    with engine.connect() as conn:
        for cid, email in conn.execute(select(c.c.id, c.c.email).order_by(c.c.id)):
            if email and (cid in wanted) == member:
                return cid, email
    raise AssertionError("no such contact in the demo data")


@pytest.mark.parametrize("name", ["and", "or", "nested", "segment", "negated_root"])
@pytest.mark.parametrize("member", [True, False])
def test_why_agrees_with_evaluating_every_node(store, name, member):
    engine, catalog = store
    root = TREES[name]
    members = ids(engine, catalog, root)
    cid, email = _contact(engine, members, member)
    tree = parse_tree({"root": root}, catalog)
    (verdict,) = [
        v for v in why(engine, tree, catalog, CLOCK, email.upper()) if v.contact_id == cid
    ]
    assert verdict.member is member
    assert verdict.checks[0].holds is member
    children = tree.root.children
    top = [c for c in verdict.checks if c.depth == 1]
    assert len(top) == len(children)
    for check, child in zip(top, children, strict=True):
        alone = ids(engine, catalog, child.model_dump(mode="json", exclude_none=True))
        assert check.holds is (cid in alone), check.text


def test_why_finds_no_one_for_an_unknown_email(store):
    engine, catalog = store
    tree = parse_tree({"root": DE}, catalog)
    assert why(engine, tree, catalog, CLOCK, "nobody@example.invalid") == []
    assert find_contacts(engine, "   ") == []


def test_a_one_condition_tree_is_one_check(store):
    engine, catalog = store
    members = ids(engine, catalog, DE)
    cid, email = _contact(engine, members, True)
    (verdict,) = [
        v
        for v in why(
            engine,
            FilterTree.model_validate({"root": DE}, context={"catalog": catalog}),
            catalog,
            CLOCK,
            email,
        )
        if v.contact_id == cid
    ]
    assert [(c.depth, c.text, c.holds) for c in verdict.checks] == [(0, "Country is Germany", True)]


@pytest.mark.parametrize("name", TREES)
def test_a_refresh_is_the_count_the_first_ten_and_the_waterfall(store, name):
    engine, catalog = store
    tree = parse_tree({"root": TREES[name]}, catalog)
    result = refresh(engine, tree, catalog, CLOCK)
    members = sorted(ids(engine, catalog, TREES[name]))
    assert result.count == len(members)
    assert [r["id"] for r in result.first] == members[:10]
    if members:
        assert set(result.first[0]) >= {"first_name", "last_name", "email", "company"}
    assert result.steps == (waterfall(engine, tree, catalog, CLOCK) if has_steps(tree) else [])


@pytest.mark.parametrize("limit", [1, 3, 10, 50])
def test_the_first_rows_window_never_changes_the_answer(store, limit):
    engine, catalog = store
    for root in (DE, VP, ENGAGED, AND(DE, VP), TREES["emptied"]):
        tree = parse_tree({"root": root}, catalog)
        members = sorted(ids(engine, catalog, root))
        hinted = first_rows(engine, tree, catalog, CLOCK, limit, count=len(members))
        plain = first_rows(engine, tree, catalog, CLOCK, limit)
        assert [r["id"] for r in hinted] == [r["id"] for r in plain] == members[:limit]
