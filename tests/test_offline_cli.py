"""``nlseg ask`` (issue 4, item 4): the JSON contract, refinement with --base, errors."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from trees import AND, C
from typer.testing import CliRunner

from nlseg.catalog import load_catalog
from nlseg.cli import app
from nlseg.clock import Clock
from nlseg.evaluate import evaluate, parse_tree
from nlseg.segments import save_segment
from nlseg.store import make_engine
from nlseg.sync.demo import build_demo
from nlseg.tree import canonical_json, normalize

runner = CliRunner()
AS_OF = "2026-11-01"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('ask') / 'demo.db'}"
    engine = make_engine(url)
    build_demo(engine, contacts=400, seed=42, as_of=dt.date(2026, 11, 1))
    catalog = load_catalog(engine)
    save_segment(engine, "Germans", parse_tree(C("contact.country", "in", ["Germany"]), catalog))
    engine.dispose()
    return url


def ask(db: str, *args: str, input: str | None = None):
    return runner.invoke(app, ["ask", *args, "--db", db, "--as-of", AS_OF], input=input)


def test_json_with_ids(db):
    result = ask(db, "VPs in Germany with a score over 30", "--json", "--ids")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert set(out) >= {
        "tree",
        "sql",
        "count",
        "contact_ids",
        "explanation",
        "assumptions",
        "unparsed",
        "engine",
    }
    assert out["engine"] == "offline"
    assert out["count"] == len(out["contact_ids"]) > 0
    assert out["explanation"].startswith("Contacts where")
    assert "Germany" not in out["sql"]  # values are bound parameters
    assert [a["about"] for a in out["assumptions"]] == ["in Germany"]
    assert "account.country" in json.dumps(out["assumptions"][0]["alternatives"][0]["tree"])
    assert out["unparsed"] == []


def test_unparsed_words_are_in_the_json(db):
    out = json.loads(ask(db, "VPs in Germany who love cheese", "--json").stdout)
    assert out["unparsed"] == ["love cheese"]


def test_text_output_and_assumptions_on_stderr(db):
    result = ask(db, "leads in France", "--ids")
    assert result.exit_code == 0, result.output
    assert "contacts (as of 2026-11-01)" in result.stdout or "contact (as of" in result.stdout
    assert "Assumed: 'leads' means" in result.stderr


def test_count_matches_nlseg_count_of_the_same_tree(db):
    out = json.loads(ask(db, "customers who opened our last 2 campaigns", "--json").stdout)
    engine = make_engine(db)
    catalog = load_catalog(engine)
    tree = parse_tree(out["tree"], catalog)
    assert evaluate(engine, tree, clock=Clock.at(AS_OF), catalog=catalog).count == out["count"]


def test_refines_a_base_tree(db, tmp_path):
    base = tmp_path / "base.json"
    base.write_text(json.dumps(C("contact.seniority", "in", ["VP"])))
    result = ask(db, "only those in EMEA", "--base", str(base), "--json")
    assert result.exit_code == 0, result.output
    engine = make_engine(db)
    catalog = load_catalog(engine)
    want = normalize(
        parse_tree(
            AND(C("contact.seniority", "in", ["VP"]), C("owner.region", "in", ["EMEA"])), catalog
        )
    )
    got = parse_tree(json.loads(result.stdout)["tree"], catalog)
    assert canonical_json(got.root) == canonical_json(want.root)


def test_saved_segments_can_be_referred_to(db):
    result = ask(db, "VPs who are not members of germans", "--json")
    assert result.exit_code == 0, result.output
    root = json.loads(result.stdout)["tree"]["root"]
    assert {"kind": "segment", "segment": "Germans", "negate": True} in root["children"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("delete all contacts",), "asks to delete"),
        (("send an email to VPs in Germany",), "asks to send"),
        (("hello there",), "Could not understand"),
        (("contacts",), "would match everyone"),
        (("VPs", "--engine", "magic"), "unknown engine 'magic'"),
    ],
)
def test_no_tree_exits_non_zero_and_prints_no_tree(db, args, message):
    result = ask(db, *args, "--json")
    assert result.exit_code == 2
    assert message in result.stderr
    if "--engine" in args:
        assert result.stdout == ""  # nothing was translated
        return
    out = json.loads(result.stdout)  # the reason and the usage, for scripts (never a tree)
    assert out["tree"] is None and message in out["error"] and out["withheld"] is False
    assert set(out["usage"]) == {
        "prompt_tokens",
        "completion_tokens",
        "cost_usd",
        "reasks",
        "requests",
    }


def test_invalid_base_tree(db, tmp_path):
    base = tmp_path / "base.json"
    base.write_text(json.dumps(C("contact.contry", "in", ["Germany"])))
    result = ask(db, "only VPs", "--base", str(base))
    assert result.exit_code == 2
    assert "base tree is not valid" in result.stderr
