"""The review every answer gets before it is shown: contradictions, and trees that select
every contact or none — each warning naming the condition responsible, on both databases,
and ``nlseg ask`` refusing such an answer (exit 4) unless ``--accept-broad`` is given."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from llm_stub import StubServer, answer, content_reply, isolate_llm_env
from trees import AND, OR, REL, C
from typer.testing import CliRunner

from nlseg.ask import BROAD_EXIT
from nlseg.catalog import load_catalog
from nlseg.cli import app
from nlseg.clock import Clock
from nlseg.evaluate import parse_tree
from nlseg.review import review
from nlseg.store import create_schema, make_engine
from nlseg.sync.demo import build_demo
from nlseg.translate.result import Translation

AS_OF = dt.date(2026, 11, 1)
CLOCK = Clock.at(AS_OF)

DE = C("contact.country", "in", ["Germany"])
FR = C("contact.country", "in", ["France"])
NOT_DE = C("contact.country", "not_in", ["Germany"])
HAS_EMAIL = C("contact.email", "is_set")  # every demo contact has an address
IMPOSSIBLE = C("contact.behavior_score", "gt", 10_000)

# (name, root, expected breadth, contradictory, words every warning together must contain)
CASES = [
    ("ordinary", DE, None, False, []),
    ("ordinary-or", OR(DE, FR), None, False, []),
    # NOT IN excludes a missing country, so these two do not cover everyone.
    ("complement-or", OR(DE, NOT_DE), None, False, []),
    ("true-for-all", HAS_EMAIL, "everyone", False, ["every contact", "“Email is set”"]),
    ("or-with-one-true-for-all", OR(DE, HAS_EMAIL), "everyone", False, ["“Email is set” is"]),
    ("and-of-all-true", AND(HAS_EMAIL, HAS_EMAIL), "everyone", False, ["“Email is set”"]),
    (
        "impossible-step",
        AND(DE, IMPOSSIBLE),
        "nobody",
        False,
        ["selects nobody", "“Overall Behavior Score is more than 10000” matches no contact"],
    ),
    ("impossible-alone", IMPOSSIBLE, "nobody", False, ["matches no contact"]),
    (
        "same-field-clash",
        AND(DE, FR),
        "nobody",
        True,
        ["“Country is France” and “Country is Germany” cannot both be true"],
    ),
    (
        "complement-clash",
        AND(DE, NOT_DE),
        "nobody",
        True,
        ["“Country is Germany”", "cannot both be true"],
    ),
    (
        "clash-inside-a-related-condition",
        REL(
            "email_events",
            "any",
            where=AND(
                C("email_event.event_type", "in", ["open"]),
                C("email_event.event_type", "in", ["bounce"]),
            ),
        ),
        "nobody",
        True,
        ["cannot both be true"],
    ),
]


@pytest.fixture(scope="module")
def store(module_engine):
    build_demo(module_engine, contacts=300, seed=7, as_of=AS_OF)
    return module_engine, load_catalog(module_engine, refresh=True)


@pytest.mark.parametrize(
    ("name", "root", "breadth", "clash", "words"), CASES, ids=[c[0] for c in CASES]
)
def test_review_warns_and_names_the_condition(store, name, root, breadth, clash, words):
    engine, catalog = store
    checked = review(Translation(tree=parse_tree({"root": root}, catalog)), engine, catalog, CLOCK)
    assert (checked.breadth, checked.contradictory) == (breadth, clash)
    assert checked.needs_acceptance == (breadth is not None or clash)
    text = " ".join(checked.translation.warnings)
    assert bool(text) == checked.needs_acceptance
    for word in words:
        assert word in text
    # One reason per problem: a contradiction already says why nobody is selected.
    assert len(checked.translation.warnings) == (1 if checked.needs_acceptance else 0)


def test_review_keeps_the_answer_and_adds_nothing_twice(store):
    engine, catalog = store
    first = review(
        Translation(tree=parse_tree({"root": HAS_EMAIL}, catalog), unparsed=["x"]),
        engine,
        catalog,
        CLOCK,
    ).translation
    again = review(first, engine, catalog, CLOCK).translation
    assert again.warnings == first.warnings and len(first.warnings) == 1
    assert again.tree == first.tree and again.unparsed == ["x"]


def test_no_tree_and_empty_stores_are_not_judged(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path}/empty.db")
    create_schema(engine)
    catalog = load_catalog(engine, refresh=True)
    assert review(Translation(error="no"), engine, catalog, CLOCK).translation.warnings == []
    tree = parse_tree({"root": C("contact.email", "is_set")}, catalog)
    assert not review(Translation(tree=tree), engine, catalog, CLOCK).needs_acceptance


# --- nlseg ask -------------------------------------------------------------------------

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('review') / 'demo.db'}"
    engine = make_engine(url)
    build_demo(engine, contacts=300, seed=7, as_of=AS_OF)
    engine.dispose()
    return url


def ask(db: str, *args: str):
    return runner.invoke(app, ["ask", *args, "--db", db, "--as-of", AS_OF.isoformat()])


def test_ask_refuses_an_answer_that_selects_nobody(db):
    result = ask(db, "contacts in Germany with a behavior score above 10000", "--json")
    assert result.exit_code == BROAD_EXIT == 4, result.output
    out = json.loads(result.stdout)  # withheld: no tree, the warning and the usage
    assert out["tree"] is None and out["withheld"] is True and "count" not in out
    assert "selects nobody" in out["warnings"][0]
    assert "Warning: This selects nobody" in result.stderr
    assert "--accept-broad" in result.stderr


def test_accept_broad_prints_the_answer_with_its_warning(db):
    result = ask(
        db, "contacts in Germany with a behavior score above 10000", "--json", "--accept-broad"
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["count"] == 0
    assert len(out["warnings"]) == 1 and "selects nobody" in out["warnings"][0]


def test_ask_refuses_a_contradiction(db):
    result = ask(db, "contacts in Germany who are not in Germany")
    assert result.exit_code == BROAD_EXIT, result.output
    assert "cannot both be true" in result.stderr


def test_an_ordinary_answer_has_no_warnings(db):
    result = ask(db, "contacts in Germany", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["warnings"] == []


def test_an_llm_answer_that_selects_everyone_is_refused(db, monkeypatch, tmp_path):
    # The stub's one scripted reply: "Email is set" — a condition every demo contact meets
    # (the misreading of a mail-provider word the review exists to catch).
    isolate_llm_env(monkeypatch, tmp_path)
    email_set = {"kind": "condition", "field": "contact.email", "op": "is_set"}
    with StubServer([content_reply(answer(email_set))]) as stub:
        for key, value in {
            "OPENAI_BASE_URL": stub.url,
            "NLSEG_LLM_MODEL": "stub-model",
            "NLSEG_LLM_DEADLINE": "120",  # the stub answers at once
        }.items():
            monkeypatch.setenv(key, value)
        result = ask(db, "contacts on yahoo mail", "--engine", "llm")
    assert result.exit_code == BROAD_EXIT, result.output
    assert "This selects every contact (300): “Email is set” is true for every contact" in (
        result.stderr
    )
    assert result.stdout == ""
