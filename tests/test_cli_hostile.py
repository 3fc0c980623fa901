"""`nlseg count` against hostile input, on both databases: every bad tree or setting is exit 2
with one sentence naming the problem, never a traceback (exit 1). Table-driven for the
breaks found by hand; hypothesis for the rest (random JSON trees and settings)."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from nlseg.cli import app
from nlseg.store import create_schema, schema

runner = CliRunner()
CONTACTS = [
    {"id": i, "external_id": f"c{i}", "email": f"p{i}@example.com", "country": country}
    for i, country in enumerate(["Germany", "France", None], start=1)
]


@pytest.fixture
def db(engine) -> str:
    create_schema(engine)
    with engine.begin() as conn:
        conn.execute(schema.contacts.insert(), CONTACTS)
    return engine.url.render_as_string(hide_password=False)


def count(db: str, tree, *args: str, env: dict[str, str] | None = None):
    text = tree if isinstance(tree, str) else json.dumps(tree)
    return runner.invoke(app, ["count", "--tree", "-", "--db", db, *args], input=text, env=env)


def C(field, op, value=None) -> dict:
    return {"root": {"kind": "condition", "field": field, "op": op, "value": value}}


def SEG(reference) -> dict:
    return {"root": {"kind": "segment", "segment": reference}}


SPAN = {"amount": 3650, "unit": "year"}
HOSTILE = {
    "on the last day": (C("contact.created_at", "on", "9999-12-31"), "outside the dates"),
    "after the last day": (C("contact.created_at", "after", "9999-12-31"), "outside the dates"),
    "between to the last day": (
        C("contact.created_at", "between", {"low": "2020-01-01", "high": "9999-12-31"}),
        "outside the dates",
    ),
    "year 1": (C("contact.created_at", "before", "0001-01-01"), "outside the dates"),
    "3,650 years back": (C("contact.created_at", "in_last", SPAN), "more than 200 years"),
    "3,650 years ago": (C("contact.created_at", "more_than_ago", SPAN), "more than 200 years"),
    "a superscript digit": (SEG("²"), "no saved segment '²'"),
    "an id of 10^30": (SEG(10**30), "no saved segment with id 1000000000000000000000000000000"),
    "a negative id": (SEG(-3), "no saved segment with id -3"),
    "a NUL in a name": (SEG("a\x00b"), "cannot contain a NUL character"),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_tree_is_exit_2_naming_the_problem(db, case):
    tree, message = HOSTILE[case]
    result = count(db, tree, "--as-of", "2026-11-01")
    assert result.exit_code == 2, (result.output, result.exception)
    assert message in result.stderr


@pytest.mark.parametrize("as_of", ["9999-12-31", "0005-01-01"])
def test_an_absurd_as_of_day_is_exit_2(db, as_of):
    result = count(
        db, C("contact.created_at", "in_last", {"amount": 1, "unit": "day"}), "--as-of", as_of
    )
    assert result.exit_code == 2 and "is outside the years" in result.stderr


@pytest.mark.parametrize("value", ["abc", "-5", "²", "1e3", "99999999999"])
def test_an_unusable_query_time_limit_is_exit_2_naming_the_setting(db, value):
    result = count(db, C("contact.country", "is_set"), env={"NLSEG_QUERY_TIMEOUT_MS": value})
    assert result.exit_code == 2, (result.output, result.exception)
    assert "NLSEG_QUERY_TIMEOUT_MS must be a whole number" in result.stderr


def test_a_query_time_limit_of_0_is_no_limit_on_both_databases(db):
    result = count(
        db, C("contact.country", "is_set"), "--json", env={"NLSEG_QUERY_TIMEOUT_MS": "0"}
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["count"] == 2


# -- random trees ---------------------------------------------------------------------------

FIELDS = [
    "contact.country",
    "contact.created_at",
    "contact.behavior_score",
    "contact.email",
    "account.employee_count",
    "tag.name",
    "contact.custom.x",
    "",
    "a\x00b",
    "contact",
]
OPS = ["in", "not_in", "eq", "gt", "between", "in_last", "on", "is_set", "is_true", "contains", "x"]
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12),
    st.sampled_from(["9999-12-31", "0001-01-01", "2026-02-30", "²", "1e308", "\x00"]),
)  # fmt: skip
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.fixed_dictionaries({"low": inner, "high": inner}),
        st.fixed_dictionaries({"amount": inner, "unit": st.sampled_from(["day", "year", "x"])}),
    ),
    max_leaves=6,
)
CONDITIONS = st.fixed_dictionaries(
    {"kind": st.just("condition"), "field": st.sampled_from(FIELDS),
     "op": st.sampled_from(OPS), "value": VALUES}
)  # fmt: skip
NODES = st.recursive(
    st.one_of(
        CONDITIONS,
        st.fixed_dictionaries({"kind": st.just("segment"), "segment": SCALARS}),
        st.dictionaries(st.text(max_size=5), SCALARS, max_size=3),
    ),
    lambda inner: st.one_of(
        st.fixed_dictionaries(
            {"kind": st.just("group"), "logic": st.sampled_from(["and", "or", "xor"]),
             "negate": st.booleans(), "children": st.lists(inner, max_size=3)}
        ),
        st.fixed_dictionaries(
            {"kind": st.just("related"), "relation": st.sampled_from(["tags", "activities", "x"]),
             "quantifier": st.sampled_from(["any", "none", "at_least", "all_of_last", "x"]),
             "count": SCALARS, "where": st.one_of(st.none(), inner),
             "window": st.one_of(st.none(), st.fixed_dictionaries({"op": st.sampled_from(OPS), "value": VALUES}))}
        ),
    ),
    max_leaves=8,
)  # fmt: skip
DOCUMENTS = st.one_of(NODES.map(lambda n: {"root": n}), NODES, VALUES)
TIMEOUTS = st.one_of(st.none(), st.sampled_from(["0", "1", "30000", "-1", "x", " 5 ", "٣"]))


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    document=DOCUMENTS,
    timeout=TIMEOUTS,
    as_of=st.sampled_from([None, "2026-11-01", "9999-12-31", "x"]),
)
def test_no_tree_or_setting_makes_count_crash(db, document, timeout, as_of):
    args = ("--as-of", as_of) if as_of else ()
    env = {"NLSEG_QUERY_TIMEOUT_MS": timeout} if timeout is not None else None
    result = count(db, document, "--json", *args, env=env)
    assert result.exit_code in (0, 2, 3), (document, result.output, repr(result.exception))
    if result.exit_code:
        assert result.stdout == "" and result.stderr.strip()


# -- work that grows with what a tree refers to -----------------------------------------------


def test_lists_are_bounded_in_all_not_only_one_by_one(db):
    # 66 not_in conditions of 1,000 values crashed PostgreSQL (at most 65,535 parameters)
    lists = [
        {"kind": "condition", "field": "contact.email", "op": "not_in",
         "value": [f"x{i}-{j}@example.com" for j in range(1000)]}
        for i in range(11)
    ]  # fmt: skip
    result = count(db, {"root": {"kind": "group", "logic": "and", "children": lists}})
    assert result.exit_code == 2, (result.output, result.exception)
    assert "lists 11,000 values in all; at most 10,000" in result.stderr


def test_nested_references_are_bounded_by_what_they_expand_to(db, engine):
    # 100 references to a segment of 100 references compiled for 13 s and then failed
    from nlseg.catalog import load_catalog
    from nlseg.compiler import CompileError
    from nlseg.evaluate import evaluate, parse_tree
    from nlseg.segments import save_segment

    catalog = load_catalog(engine)

    def refs(name: str) -> dict:
        children = [{"kind": "segment", "segment": name} for _ in range(100)]
        return {"root": {"kind": "group", "logic": "or", "children": children}}

    save_segment(engine, "Base", parse_tree(C("contact.country", "in", ["Germany"]), catalog))
    save_segment(engine, "Wide", parse_tree(refs("Base"), catalog))
    assert evaluate(engine, parse_tree(refs("Base"), catalog), catalog=catalog).count == 1
    with pytest.raises(CompileError, match="more than 2,000 conditions"):
        evaluate(engine, parse_tree(refs("Wide"), catalog), catalog=catalog)
    result = count(db, refs("Wide"))
    assert result.exit_code == 2 and "more than 2,000 conditions" in result.stderr
