"""The suite checks its own cases: on eval/cases in CI, and on deliberately broken cases."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nlseg.cli import app
from nlseg.evalsuite.cases import load_cases, tag_counts
from nlseg.evalsuite.fixtures import close_fixtures, load_segments, prepare_fixtures
from nlseg.evalsuite.gold import GoldBook
from nlseg.evalsuite.selfcheck import self_check

ROOT = Path(__file__).parent.parent
REAL_CASES = ROOT / "eval" / "cases"
RUNNER_CASES = Path(__file__).parent / "eval_cases"
runner = CliRunner()


@pytest.fixture(scope="session")
def eval_work_dir(tmp_path_factory) -> Path:
    path = tmp_path_factory.getbasetemp() / "eval-work"
    path.mkdir(exist_ok=True)
    return path


def check(work_dir: Path, cases: Path):
    result = runner.invoke(
        app, ["eval", "--check", "--cases", str(cases), "--work-dir", str(work_dir)]
    )
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


@pytest.mark.parametrize(
    "cases", [REAL_CASES, RUNNER_CASES / "cases"], ids=["eval-cases", "runner-cases"]
)
def test_the_cases_pass_their_self_check(eval_work_dir, cases):
    """CI: eval/cases (however many there are yet) and the runner's own test cases."""
    if not cases.is_dir():
        pytest.skip(f"{cases} does not exist yet")
    result = check(eval_work_dir, cases)
    assert result.exit_code == 0, result.output
    assert "No problems found." in result.output


def test_the_self_check_prints_the_counts_per_tag(eval_work_dir):
    result = check(eval_work_dir, RUNNER_CASES / "cases")
    counts = tag_counts(load_cases(RUNNER_CASES / "cases").cases)
    expected = ", ".join(f"{tag} {n}" for tag, n in counts.items())
    assert f"Cases per tag: {expected}." in result.output
    assert "Self-check of 17 cases" in result.output and "11 with gold SQL" in result.output


GERMANY = "{kind: condition, field: contact.country, op: in, value: [Germany]}"
FRANCE = "{kind: condition, field: contact.country, op: in, value: [France]}"

BROKEN = [
    (
        f"gold: [{{tree: {GERMANY}, sql: \"SELECT id FROM contacts WHERE country = 'France'\"}}]",
        "gold 1: tree and SQL disagree on demo: the tree selects 427, the SQL 265",
    ),
    (
        f"gold: [{{tree: {{kind: group, logic: and, children: [{GERMANY}, {FRANCE}]}}}}]",
        "gold 1 selects nobody on the demo data",
    ),
    (
        "gold: [{tree: {kind: group, logic: or, children: [{kind: condition, field: contact.country, op: is_set}, {kind: condition, field: contact.country, op: is_not_set}]}}]",
        "gold 1 selects every contact on the demo data",
    ),
    (
        "gold: [{tree: {kind: condition, field: contact.shoe_size, op: gt, value: 42}}]",
        "gold 1 tree is not valid on demo: Unknown field 'contact.shoe_size'",
    ),
    (
        "gold: [{tree: {kind: condition, field: contact.country, op: in, value: [Atlantis]}}]",
        "gold 1 tree is not valid on edge",
    ),
    (
        "gold: [{tree: {kind: segment, segment: No such segment}}]",
        "gold 1 tree fails on demo: There is no saved segment 'No such segment'",
    ),
    (
        f"gold: [{{tree: {GERMANY}}}, {{sql: DELETE FROM contacts}}]",
        "gold 2 SQL on demo: gold SQL must be a SELECT",
    ),
    (
        "gold: [{sql: 'SELECT id FROM contacts WHERE created_at > :yesterday'}]",
        "unknown parameter ':yesterday'",
    ),
    ("gold: [{sql: SELECT id FROM contact}]", "gold 1 SQL on edge: the SQL failed"),
    # The edge fixture catches a window that lets the future in: contact 235 is created tomorrow.
    (
        "gold: [{tree: {kind: condition, field: contact.created_at, op: in_last, value: {amount: 30, unit: day}}, sql: 'SELECT id FROM contacts WHERE created_at >= :days_ago_30'}]",
        "tree and SQL disagree on edge: the tree selects",
    ),
]


@pytest.fixture(scope="module")
def fixtures(eval_work_dir):
    specs, _ = load_segments(RUNNER_CASES / "fixtures" / "segments.yaml")
    prepared, problems = prepare_fixtures(eval_work_dir, specs)
    assert problems == []
    yield prepared
    close_fixtures(prepared)


def write_cases(directory: Path, entries: list[str]) -> Path:
    lines = [
        f"- id: broken-{i}\n  text: case {i}\n  tags: [property]\n  {e}"
        for i, e in enumerate(entries)
    ]
    (directory / "broken.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return directory


@pytest.mark.parametrize(("gold", "message"), BROKEN, ids=[m[:40] for _, m in BROKEN])
def test_broken_golds_are_named(fixtures, tmp_path, gold, message):
    cases = load_cases(write_cases(tmp_path, [gold]))
    result = self_check(cases, fixtures, GoldBook(fixtures))
    problems = [str(p) for p in result.problems]
    assert any(message in p for p in problems), problems
    assert all(": broken-0: " in p for p in problems)


def test_every_problem_is_reported_at_once_and_why_excuses_an_empty_gold(fixtures, tmp_path):
    entries = [gold for gold, _ in BROKEN]
    entries.append(
        f"gold: [{{tree: {{kind: group, logic: and, children: [{GERMANY}, {FRANCE}]}}}}]\n  why: nobody lives in two countries; a refusal-to-guess test."
    )
    result = self_check(load_cases(write_cases(tmp_path, entries)), fixtures, GoldBook(fixtures))
    assert {p.case_id for p in result.problems} == {f"broken-{i}" for i in range(len(BROKEN))}
    assert not result.ok


def test_a_missing_segments_file_is_a_problem_of_the_cases_not_a_crash(eval_work_dir, tmp_path):
    shutil.copytree(RUNNER_CASES / "cases", tmp_path / "cases")  # no fixtures/segments.yaml
    result = check(eval_work_dir, tmp_path / "cases")
    assert result.exit_code == 1
    assert (
        "seg-recent-openers-france: gold 1 tree fails on demo: There is no saved segment"
        in result.output
    )


def test_a_broken_saved_segment_is_named(eval_work_dir, tmp_path):
    shutil.copytree(RUNNER_CASES / "cases", tmp_path / "cases")
    (tmp_path / "fixtures").mkdir()
    (tmp_path / "fixtures" / "segments.yaml").write_text(
        textwrap.dedent("""\
            - name: Broken
              tree: {kind: condition, field: contact.shoe_size, op: gt, value: 42}
            - {name: No tree}
            """)
    )
    result = check(eval_work_dir, tmp_path / "cases")
    assert result.exit_code == 1
    assert "segments.yaml: segment 2 needs a `name` and a `tree`." in result.output
    assert (
        "segments.yaml (demo): Broken: segment tree: Unknown field 'contact.shoe_size'"
        in result.output
    )
