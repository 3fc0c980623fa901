"""Hostile input never reaches SQL text: values travel as bound parameters, names only from the catalog."""

from __future__ import annotations

import pytest
from trees import AND, REL, SEG, C

from nlseg.catalog import load_catalog
from nlseg.clock import Clock
from nlseg.evaluate import TreeError, evaluate, parse_tree
from nlseg.store import create_schema, schema

CORPUS = [
    "'; DROP TABLE contacts; --",
    '" OR 1=1 --',
    "x' OR '1'='1",
    "/* comment */ union select * from owners",
    "%",
    "_",
    "a\\b",
    "robert'); DELETE FROM contacts WHERE ('1'='1",
    "{{ 7*7 }} {% raw %}",
    "\u202eevil",
    "ü" * 300,
    "$1; SELECT pg_sleep(10)",
]

PEOPLE = [
    {"id": 1, "external_id": "c1", "email": "anna@example.com", "title": "VP Marketing",
     "country": "Germany"},
    {"id": 2, "external_id": "c2", "email": "x' OR '1'='1@example.com", "title": "100% remote",
     "country": "France"},
    {"id": 3, "external_id": "c3", "email": "under_score@example.com", "title": "a\\b",
     "country": None},
]  # fmt: skip


@pytest.fixture(scope="module")
def store(module_engine):
    create_schema(module_engine)
    with module_engine.begin() as conn:
        conn.execute(schema.contacts.insert(), PEOPLE)
    return module_engine


@pytest.mark.parametrize("value", CORPUS)
@pytest.mark.parametrize("op", ["eq", "contains", "starts_with", "ends_with", "in", "not_contains"])
def test_values_are_bound_never_inlined(store, value, op):
    catalog = load_catalog(store)
    tree = parse_tree(C("contact.email", op, [value] if op == "in" else value), catalog)
    result = evaluate(store, tree, clock=Clock.at("2026-11-01"), catalog=catalog, with_ids=True)
    assert len(value) < 3 or value not in result.sql  # one-character values occur in any SQL
    for fragment in ("DROP", "DELETE", "pg_sleep", "union select", "{{"):
        assert fragment not in result.sql
    with store.connect() as conn:  # the table survived, untouched
        assert len(conn.execute(schema.contacts.select()).all()) == 3


@pytest.mark.parametrize(
    ("op", "value", "expected"),
    [
        ("contains", "%", {2}),
        ("contains", "_", {3}),
        ("contains", "\\", {3}),
        ("contains", "' OR '1'='1", {2}),
        ("eq", "ANNA@EXAMPLE.COM", {1}),
        ("starts_with", "under_", {3}),
    ],
)
def test_wildcards_are_literal(store, op, value, expected):
    field = "contact.title" if value in ("%", "\\") else "contact.email"
    catalog = load_catalog(store)
    tree = parse_tree(C(field, op, value), catalog)
    result = evaluate(store, tree, clock=Clock.at("2026-11-01"), catalog=catalog, with_ids=True)
    assert set(result.contact_ids) == expected


@pytest.mark.parametrize(
    "tree",
    [
        C("contacts.id; DROP TABLE contacts", "eq", "x"),
        C("contact.email", "= 'x' OR 1=1 --", "x"),
        C("contact.custom.x') OR 1=1 --", "eq", "x"),
        REL("email_events; --"),
        REL("email_events", where=C('email_event.occurred_at"', "on", "2026-01-01")),
        AND(C("contact.email", "eq", "x"), SEG(["not", "an", "id"])),  # type: ignore[arg-type]
    ],
)
def test_unknown_names_are_rejected_before_compiling(tree):
    from nlseg.catalog import standard_catalog

    with pytest.raises(TreeError):
        parse_tree(tree, standard_catalog())
