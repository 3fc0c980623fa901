"""Compiled SQL shapes: fixture pairs of (tree, what the SQL must and must not contain)."""

from __future__ import annotations

import re
import warnings

import pytest
from sqlalchemy.dialects import postgresql, sqlite
from trees import AND, DAYS, REL, SEG, C

from nlseg.catalog import standard_catalog
from nlseg.clock import Clock
from nlseg.compiler import CompileError, compile_tree
from nlseg.evaluate import parse_tree
from nlseg.tree import FilterTree, Group

CATALOG = standard_catalog()
DIALECTS = {"sqlite": sqlite.dialect(), "postgresql": postgresql.dialect()}
OPENED = C("email_event.event_type", "in", ["open"])


def sql_of(tree: dict, dialect: str) -> str:
    compiled = compile_tree(
        parse_tree(tree, CATALOG),
        CATALOG,
        clock=Clock.at("2026-11-01"),
        dialect=dialect,
        resolve_segment=lambda ref: (1, parse_tree(C("contact.country", "is_set"), CATALOG)),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a cartesian product warning is a compiler bug
        return " ".join(str(compiled.ids().compile(dialect=DIALECTS[dialect])).split())


SHAPES = [
    pytest.param(REL("tags"), ["contacts.id IN (SELECT contact_tags.contact_id"], [], id="any is a semi-join"),
    pytest.param(REL("tags", "none"), ["NOT (EXISTS (SELECT contact_tags.contact_id"], [], id="none is an anti-join"),
    pytest.param(REL("activities", "at_least", 3), ["GROUP BY activities.contact_id HAVING count(*) >="], [], id="at least"),
    pytest.param(REL("activities", "exactly", 2), ["HAVING count(*) ="], [], id="exactly"),
    pytest.param(REL("activities", "at_most", 2), ["NOT (EXISTS (SELECT", "HAVING count(*) >"], [], id="at most keeps zero"),
    pytest.param(REL("email_events", "all_of_last", 3, where=OPENED),
                 ["count(DISTINCT email_events.campaign_id) = (SELECT count(*)", "ORDER BY campaigns.sent_at DESC, campaigns.id DESC"],
                 [], id="all of the last N campaigns"),
    pytest.param(REL("account_opportunities"), ["contacts.account_id IS NOT NULL AND contacts.account_id IN"], [],
                 id="nullable anchor is guarded"),
    pytest.param(REL("opportunities", window={"op": "in_last", "value": DAYS(30)}),
                 ["JOIN opportunities ON opportunity_contacts.opportunity_id = opportunities.id"], [],
                 id="a window on a joined timestamp joins it"),
    pytest.param(REL("email_events", where=OPENED), ["FROM email_events WHERE"], ["campaigns"],
                 id="joins only what conditions use"),
    pytest.param(C("account.tier", "in", ["Enterprise"]), ["LEFT OUTER JOIN accounts"], ["owners"], id="1:1 account join"),
    pytest.param(C("owner.region", "in", ["EMEA"]), ["LEFT OUTER JOIN owners"], ["accounts"], id="1:1 owner join"),
    pytest.param(C("contact.country", "not_in", ["Germany"]), ["contacts.country IS NOT NULL", "contacts.country NOT IN ("], [],
                 id="negative comparisons exclude missing values"),
    pytest.param(AND(C("contact.country", "in", ["Germany"]), negate=True), ["NOT (contacts.country IS NOT NULL"], [],
                 id="negated group"),
    pytest.param(SEG("x", negate=True), ["NOT (contacts.country IS NOT NULL"], [], id="segment inlined live"),
]  # fmt: skip


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize(("tree", "present", "absent"), SHAPES)
def test_shape(tree, present, absent, dialect):
    sql = sql_of(tree, dialect)
    for fragment in present:
        assert fragment in sql, sql
    for fragment in absent:
        assert fragment not in sql, sql
    # A value list may be NOT IN (its column is guarded); a subquery never: not an anti-join.
    assert not re.search(r"\bNOT IN \(SELECT", sql), "NOT IN (subquery) is never used"


@pytest.mark.parametrize("dialect", DIALECTS)
def test_relative_dates_are_bound_parameters(dialect):
    compiled = compile_tree(
        parse_tree(C("contact.created_at", "in_last", DAYS(90)), CATALOG),
        CATALOG,
        clock=Clock.at("2026-11-01"),
        dialect=dialect,
    )
    statement = compiled.count().compile(dialect=DIALECTS[dialect])
    assert "2026" not in str(statement)
    assert sorted(str(v) for v in statement.params.values()) == [
        "2026-08-03 00:00:00",
        "2026-11-02 00:00:00",
    ]


def test_an_empty_tree_never_compiles():
    empty = FilterTree.model_construct(schema_version=1, root=Group(children=[]))
    with pytest.raises(CompileError, match="no conditions"):
        compile_tree(empty, CATALOG, clock=Clock.at("2026-11-01"), dialect="sqlite")


def test_segment_cycles_are_rejected():
    loop = parse_tree(SEG("a"), CATALOG)
    with pytest.raises(CompileError, match="refers to itself"):
        compile_tree(
            loop,
            CATALOG,
            clock=Clock.at("2026-11-01"),
            dialect="sqlite",
            resolve_segment=lambda ref: (7, loop),
        )


@pytest.mark.parametrize(
    ("tree", "present", "absent"),
    [
        (
            REL("tags"),
            ["SELECT count(DISTINCT contact_tags.contact_id) AS count_1 FROM contact_tags"],
            ["FROM contacts"],
        ),
        (
            REL("activities", "at_least", 3),
            ['FROM (SELECT activities.contact_id AS "key" FROM activities GROUP BY'],
            ["FROM contacts"],
        ),
        (
            REL("activities", "at_most", 2),
            ["(SELECT count(*) AS count_1 FROM contacts) - (SELECT count(*)"],
            [],
        ),
        (REL("account_opportunities"), ["FROM contacts WHERE contacts.account_id IS NOT NULL"], []),
        (AND(REL("tags"), C("contact.country", "is_set")), ["FROM contacts WHERE"], []),
    ],
)
def test_a_lone_related_condition_is_counted_without_the_contacts_scan(tree, present, absent):
    compiled = compile_tree(
        parse_tree(tree, CATALOG), CATALOG, clock=Clock.at("2026-11-01"), dialect="sqlite"
    )
    sql = " ".join(str(compiled.count().compile(dialect=DIALECTS["sqlite"])).split())
    for fragment in present:
        assert fragment in sql, sql
    for fragment in absent:
        assert fragment not in sql, sql


OPENED_EMAIL = C("email_event.event_type", "in", ["open"])
LAST_3_OPENED = REL("email_events", "all_of_last", 3, where=OPENED_EMAIL)
CORRELATED = "WHERE email_events.contact_id = contacts.id"


@pytest.mark.parametrize(
    ("tree", "correlated"),
    [
        (AND(C("account.tier", "in", ["Enterprise"]), LAST_3_OPENED), True),
        (AND(C("contact.country", "in", ["Germany"]), LAST_3_OPENED, negate=True), True),
        (LAST_3_OPENED, False),  # alone: grouping every row is faster
        (AND(LAST_3_OPENED, REL("tags")), False),  # no contact condition beside it
        (
            {
                "kind": "group",
                "logic": "or",
                "children": [C("contact.country", "in", ["Germany"]), LAST_3_OPENED],
            },
            False,
        ),
    ],
)
def test_all_of_last_beside_contact_conditions_counts_per_contact(tree, correlated):
    compiled = compile_tree(
        parse_tree(tree, CATALOG), CATALOG, clock=Clock.at("2026-11-01"), dialect="sqlite"
    )
    sql = " ".join(str(compiled.ids().compile(dialect=DIALECTS["sqlite"])).split())
    assert (CORRELATED in sql) is correlated, sql


def test_all_of_last_with_no_campaign_sent_matches_nobody(engine) -> None:
    from sqlalchemy import insert

    from nlseg.evaluate import evaluate
    from nlseg.store import create_schema
    from nlseg.store import schema as s

    create_schema(engine)
    with engine.begin() as conn:
        conn.execute(insert(s.contacts).values(id=1, external_id="c1", email="a@x.io"))
    for root in (LAST_3_OPENED, AND(C("contact.email", "is_set"), LAST_3_OPENED)):
        tree = parse_tree(root, CATALOG)
        result = evaluate(engine, tree, clock=Clock.at("2026-11-01"), catalog=CATALOG)
        assert result.count == 0, root
