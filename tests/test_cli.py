"""The ``nlseg`` command: JSON contract of ``count``, errors that name the problem, exit codes."""

from __future__ import annotations

import json

import pytest
from trees import AND, REL, SEG, C
from typer.testing import CliRunner

from nlseg.catalog import load_catalog
from nlseg.cli import app
from nlseg.evaluate import parse_tree
from nlseg.segments import save_segment
from nlseg.store import create_schema, make_engine, schema

runner = CliRunner()

CONTACTS = [
    {"id": i, "external_id": f"c{i}", "email": f"p{i}@example.com", "country": country,
     "behavior_score": score}
    for i, (country, score) in enumerate(
        [("Germany", 80), ("Germany", 20), ("France", 90), (None, 95), ("Spain", None)], start=1
    )
]  # fmt: skip


@pytest.fixture
def db(sqlite_url):
    engine = make_engine(sqlite_url)
    create_schema(engine)
    with engine.begin() as conn:
        conn.execute(schema.contacts.insert(), CONTACTS)
        conn.execute(schema.contact_tags.insert(), [{"contact_id": 1, "tag": "VIP"}])
    engine.dispose()
    return sqlite_url


def run(db: str, tree, tmp_path, *extra: str):
    path = tmp_path / "tree.json"
    path.write_text(tree if isinstance(tree, str) else json.dumps(tree))
    return runner.invoke(app, ["count", "--tree", str(path), "--db", db, *extra])


def test_count_json_with_ids(db, tmp_path):
    tree = AND(C("contact.country", "in", ["germany"]), C("contact.behavior_score", "gte", 50))
    result = run(db, tree, tmp_path, "--json", "--ids", "--as-of", "2026-11-01")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["count"] == 1
    assert out["contact_ids"] == [1]
    assert out["tree"]["root"]["children"][0]["value"] == ["Germany"]  # canonical value
    assert "SELECT" in out["sql"] and "Germany" not in out["sql"]
    assert out["explanation"].startswith("Contacts where")
    assert out["as_of"] == "2026-11-01"


def test_count_text_output(db, tmp_path):
    result = run(db, REL("tags", where=C("tag.name", "in", ["vip"])), tmp_path, "--ids")
    assert result.exit_code == 0, result.output
    assert "1 contact (as of" in result.stdout
    assert result.stdout.strip().endswith("1")


def test_negation_keeps_missing_values_explicit(db, tmp_path):
    not_in = run(db, C("contact.country", "not_in", ["Germany"]), tmp_path, "--json", "--ids")
    negated = run(
        db, AND(C("contact.country", "in", ["Germany"]), negate=True), tmp_path, "--json", "--ids"
    )
    assert json.loads(not_in.stdout)["contact_ids"] == [3, 5]
    assert json.loads(negated.stdout)["contact_ids"] == [3, 4, 5]


def test_segment_reference(db, tmp_path):
    engine = make_engine(db)
    save_segment(
        engine, "Germans", parse_tree(C("contact.country", "in", ["Germany"]), load_catalog(engine))
    )
    result = run(db, SEG("germans", negate=True), tmp_path, "--json", "--ids")
    assert json.loads(result.stdout)["contact_ids"] == [3, 4, 5]
    missing = run(db, SEG("nobody"), tmp_path, "--json")
    assert missing.exit_code == 2
    assert "no saved segment 'nobody'" in missing.stderr


@pytest.mark.parametrize(
    ("tree", "args", "code", "message"),
    [
        (AND(), (), 2, "The segment has no conditions"),
        (C("contact.contry", "in", ["x"]), (), 2, "Did you mean 'contact.country'"),
        ('{"root": [', (), 2, "Invalid JSON"),
        (C("contact.country", "is_set"), ("--as-of", "someday"), 2, "is not a date"),
    ],
)
def test_errors_exit_non_zero_and_print_no_tree(db, tmp_path, tree, args, code, message):
    result = run(db, tree, tmp_path, "--json", *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert result.stdout == ""


def test_missing_tree_file(db, tmp_path):
    result = runner.invoke(app, ["count", "--tree", str(tmp_path / "nope.json"), "--db", db])
    assert result.exit_code == 2
    assert "cannot read" in result.stderr


def test_demo_refuses_existing_data_unless_replace(sqlite_url):
    args = ["demo", "--db", sqlite_url, "--contacts", "200", "--as-of", "2026-11-01"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "200 contacts" in first.stdout
    again = runner.invoke(app, args)
    assert again.exit_code == 2
    assert "pass --replace" in again.stderr
    replaced = runner.invoke(app, [*args, "--replace"])
    assert replaced.exit_code == 0, replaced.output
    tree = json.dumps(C("contact.country", "is_set"))
    counted = runner.invoke(app, ["count", "--tree", "-", "--db", sqlite_url, "--json"], input=tree)
    assert counted.exit_code == 0, counted.output
    assert 0 < json.loads(counted.stdout)["count"] <= 200


def test_demo_if_empty_loads_once_and_then_keeps_the_data(sqlite_url):
    args = ["demo", "--db", sqlite_url, "--contacts", "150", "--as-of", "2026-11-01", "--if-empty"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "150 contacts" in first.stdout
    again = runner.invoke(app, [*args[:4], "300", *args[5:]])
    assert again.exit_code == 0, again.output
    assert "kept as it is" in again.stdout
    tree = json.dumps(C("contact.email", "is_set"))
    counted = runner.invoke(app, ["count", "--tree", "-", "--db", sqlite_url, "--json"], input=tree)
    assert json.loads(counted.stdout)["count"] <= 150
