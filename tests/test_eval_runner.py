"""``nlseg eval`` end to end: scoring known engines, reports, comparison, baseline gating."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nlseg.cli import app
from nlseg.evalsuite.baseline import gate
from nlseg.evalsuite.cases import load_cases, tag_counts

CASES_ROOT = Path(__file__).parent / "eval_cases"
CASES = CASES_ROOT / "cases"
runner = CliRunner()

# The cases whose gold is an AND at the root whose last condition changes the members.
DROP_LAST_FAILS = {
    "and-vp-germany",
    "para-vp-germany",
    "and-healthcare-france-score",
    "tags-vip-no-deal",
    "seg-recent-openers-france",
    "refine-germany-vps",
}
# Everyone in Berlin is in Germany: members stay, the tree does not match.
DROP_LAST_TREE_MISMATCH = {*DROP_LAST_FAILS, "and-berlin-germany"}


@pytest.fixture(scope="session")
def eval_work_dir(tmp_path_factory) -> Path:
    path = tmp_path_factory.getbasetemp() / "eval-work"
    path.mkdir(exist_ok=True)
    return path


def run_eval(work_dir: Path, *args: str, cases: Path = CASES):
    result = runner.invoke(app, ["eval", "--cases", str(cases), "--work-dir", str(work_dir), *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


@pytest.fixture(scope="module")
def reports(eval_work_dir, tmp_path_factory) -> dict[str, dict]:
    """One run per engine, shared by the tests that read their reports."""
    out = tmp_path_factory.mktemp("reports")
    found = {}
    for engine in ("OracleEngine", "DropLastEngine", "FaultyEngine"):
        result = run_eval(
            eval_work_dir, "--engine", f"eval_engines:{engine}", "--report", str(out / engine),
            "--no-baseline",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        found[engine] = json.loads((out / f"{engine}.json").read_text())
        found[engine]["_markdown"] = (out / f"{engine}.md").read_text()
        found[engine]["_output"] = result.output
    return found


def failing(report: dict) -> set[str]:
    return {c["id"] for c in report["cases"] if not c["passed"]}


RATES = [
    "pass_rate",
    "execution_accuracy",
    "execution_accuracy_demo",
    "execution_accuracy_edge",
    "valid_tree_rate",
    "tree_match_rate",
    "component_f1",
    "behaviour_success",
    "behaviour_refuse",
    "behaviour_clarify",
    "behaviour_assumption",
]


@pytest.mark.parametrize("metric", RATES)
def test_the_oracle_scores_100_percent(reports, metric):
    assert reports["OracleEngine"]["metrics"][metric] == 1.0


def test_the_oracle_has_no_failures(reports):
    report = reports["OracleEngine"]
    assert failing(report) == set()
    assert report["metrics"]["engine_errors"] == report["metrics"]["invalid_trees"] == 0
    assert report["counts"]["execution_accuracy"] == [15, 15]
    assert "## Failures (0)" in report["_markdown"]


def test_dropping_the_last_and_condition_fails_exactly_those_cases(reports):
    report = reports["DropLastEngine"]
    assert failing(report) == DROP_LAST_FAILS
    mismatched = {c["id"] for c in report["cases"] if c["tree_match"] is False}
    assert mismatched == DROP_LAST_TREE_MISMATCH
    assert report["counts"]["execution_accuracy"] == [9, 15]
    for case in report["cases"]:
        if case["id"] in DROP_LAST_FAILS:
            # Fewer conditions, more people: every difference is an extra contact.
            assert case["diffs"]["demo"]["missing"] == 0 < case["diffs"]["demo"]["extra"]
            assert 0 < case["f1"] < 1


def test_a_failure_is_reported_in_plain_english(reports):
    markdown = reports["DropLastEngine"]["_markdown"]
    section = markdown.split("### and-vp-germany", 1)[1].split("###", 1)[0]
    assert '- Text: "VPs in Germany"' in section
    assert "- Got: Contacts where Country is Germany." in section
    assert "- Gold 1: Contacts where Country is Germany and Seniority is VP." in section
    assert "- demo: vs gold 1, 0 missing, 387 extra (e.g." in section


@pytest.mark.parametrize(
    ("case_id", "reason"),
    [
        ("and-berlin-germany", "the engine raised RuntimeError: the model fell over"),
        ("or-uk-france", "invalid tree on demo: Unknown field 'contact.shoe_size'"),
        ("neg-not-germany", "the engine returned str, not a Translation"),
    ],
)
def test_engine_exceptions_and_invalid_trees_fail_their_case(reports, case_id, reason):
    report = reports["FaultyEngine"]
    assert failing(report) == {"and-berlin-germany", "or-uk-france", "neg-not-germany"}
    case = next(c for c in report["cases"] if c["id"] == case_id)
    assert any(reason in r for r in case["reasons"]), case["reasons"]
    assert (report["metrics"]["engine_errors"], report["metrics"]["invalid_trees"]) == (2, 1)


def test_counts_per_tag_are_in_both_reports_and_the_output(reports):
    expected = tag_counts(load_cases(CASES).cases)
    report = reports["OracleEngine"]
    assert report["case_counts"]["by_tag"] == expected
    for tag, count in expected.items():
        assert f"| {tag} | {count} |" in report["_markdown"]
    assert "Cases per tag: property 4, account 1, owner 0," in report["_output"]


def test_a_slow_engine_times_out_case_by_case(eval_work_dir, tmp_path):
    started = time.monotonic()
    result = run_eval(
        eval_work_dir, "--engine", "eval_engines:SlowEngine", "--tags", "ambiguity,out-of-scope",
        "--timeout", "0.2", "--report", str(tmp_path / "slow"), "--no-baseline",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started < 10
    report = json.loads((tmp_path / "slow.json").read_text())
    assert [c["id"] for c in report["cases"]] == ["amb-uk", "clarify-best", "refuse-delete"]
    assert report["metrics"]["timeouts"] == 3 and failing(report) == {
        "amb-uk",
        "clarify-best",
        "refuse-delete",
    }
    assert all("did not answer within 0.2 s" in c["reasons"][0] for c in report["cases"])


def test_compare_shows_two_runs_side_by_side(eval_work_dir, reports, tmp_path):
    before = tmp_path / "oracle.json"
    before.write_text(json.dumps(reports["OracleEngine"]))
    result = run_eval(
        eval_work_dir, "--engine", "eval_engines:DropLastEngine", "--compare", str(before),
        "--report", str(tmp_path / "after"), "--no-baseline",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    after = json.loads((tmp_path / "after.json").read_text())
    comparison = after["comparison"]
    assert comparison["pass_to_fail"] == sorted(DROP_LAST_FAILS)
    assert comparison["fail_to_pass"] == [] and comparison["only_after"] == []
    accuracy = next(m for m in comparison["metrics"] if m["key"] == "execution_accuracy")
    assert accuracy["delta"] == pytest.approx(-0.4)
    markdown = (tmp_path / "after.md").read_text()
    assert "## Compared with oracle (oracle-1)" in markdown
    assert "| Execution accuracy (both fixtures) | 100.0% | 60.0% | -40.0 pt |" in markdown
    assert f"- Passed before, fail now (6): {', '.join(sorted(DROP_LAST_FAILS))}" in markdown
    assert "| combinations | 100.0% | 16.7% | -83.3 pt |" in markdown
    assert "Passed before, fail now (6)" in result.output


@pytest.mark.parametrize(
    ("engine", "accuracy", "tolerance", "ok"),
    [
        ("OracleEngine", 1.0, 0.0, True),
        ("DropLastEngine", 1.0, 0.0, False),
        ("DropLastEngine", 0.6, 0.0, True),  # 9/15 exactly: not below
        ("DropLastEngine", 0.61, 0.0, False),
        ("DropLastEngine", 0.7, 0.1, True),
        ("DropLastEngine", 0.7, 0.05, False),
    ],
)
def test_the_baseline_gates_execution_accuracy(reports, engine, accuracy, tolerance, ok):
    baseline = {
        "execution_accuracy": accuracy,
        "tolerance": tolerance,
        "passed": ["and-vp-germany"],
    }
    verdict = gate(reports[engine], baseline)
    assert verdict.ok is ok
    assert verdict.message.startswith("At or above" if ok else "Below the baseline")
    regressed = "passed in the baseline, failing now: and-vp-germany"
    assert (regressed in verdict.message) == (engine == "DropLastEngine")


def test_an_explicit_baseline_file_gates_the_exit_status(eval_work_dir, tmp_path):
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps({"execution_accuracy": 0.61, "tolerance": 0.0}))
    args = ["--baseline", str(baseline), "--report", str(tmp_path / "run")]
    worse = run_eval(eval_work_dir, "--engine", "eval_engines:DropLastEngine", *args)
    assert worse.exit_code == 1, worse.output
    assert "Below the baseline: execution accuracy 60.0% vs baseline 61.0%" in worse.output
    better = run_eval(eval_work_dir, "--engine", "eval_engines:OracleEngine", *args)
    assert better.exit_code == 0, better.output
    assert "At or above the baseline" in better.output


def test_update_baseline_then_gate_with_the_default_paths(eval_work_dir, tmp_path):
    shutil.copytree(CASES_ROOT, tmp_path / "eval")
    cases = tmp_path / "eval" / "cases"
    result = run_eval(
        eval_work_dir, "--engine", "eval_engines:OracleEngine", "--update-baseline", cases=cases
    )
    assert result.exit_code == 0, result.output
    baseline = json.loads((tmp_path / "eval" / "baselines" / "oracle.json").read_text())
    assert baseline["execution_accuracy"] == 1.0 and baseline["scored_cases"] == 15
    assert (tmp_path / "eval" / "reports" / "oracle-oracle-1.md").exists()
    assert (tmp_path / "eval" / "reports" / "oracle-oracle-1.json").exists()
    worse = run_eval(eval_work_dir, "--engine", "eval_engines:DropLastEngine", cases=cases)
    assert worse.exit_code == 1 and "Below the baseline: execution accuracy 60.0%" in worse.output
    subset = run_eval(
        eval_work_dir,
        "--engine",
        "eval_engines:DropLastEngine",
        "--tags",
        "combinations",
        cases=cases,
    )
    assert subset.exit_code == 0 and "Not gated: --tags runs a subset" in subset.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--engine", "nope"], "Unknown engine 'nope'. Valid engines: auto, llm, offline"),
        (["--engine", "eval_engines:failing_factory"], "failed to start"),
        (["--tags", "property,geo"], "unknown tags ['geo']"),
        (["--baseline", "b.json", "--no-baseline"], "not both"),
        (["--update-baseline", "--no-baseline"], "drop --no-baseline"),
        (["--update-baseline", "--tags", "property"], "without --tags"),
        (["--timeout", "0"], "--timeout must be a positive"),
        (["--compare", "missing.json"], "cannot read report missing.json"),
        (["--cases", "no/such/dir"], "is not a directory of cases"),
    ],
)
def test_bad_arguments_exit_2(eval_work_dir, args, message):
    result = run_eval(eval_work_dir, "--engine", "eval_engines:OracleEngine", *args)
    assert result.exit_code == 2, result.output
    assert message in result.output


@pytest.mark.parametrize(
    ("case", "message"),
    [
        (
            "- {id: a, text: hi, tags: [geo], gold: [{sql: SELECT id FROM contacts}]}",
            "unknown tag 'geo'",
        ),
        (
            "- {id: a, text: hi, tags: [property], gold: [{sql: SELECT id FROM nowhere}]}",
            "gold 1 SQL on demo: the SQL failed",
        ),
        (
            "- {id: a, text: hi, tags: [property], gold: [{tree: {kind: condition, field: contact.shoe_size, op: gt, value: 3}}]}",
            "gold 1 tree is not valid on demo",
        ),
    ],
)
def test_bad_cases_exit_2_before_the_engine_runs(eval_work_dir, tmp_path, case, message):
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "bad.yaml").write_text(case)
    shutil.copytree(CASES_ROOT / "fixtures", tmp_path / "fixtures")  # the cached fixtures fit
    report = tmp_path / "report"
    result = run_eval(
        eval_work_dir, "--engine", "eval_engines:OracleEngine", "--report", str(report),
        cases=tmp_path / "cases",
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not report.with_suffix(".json").exists()


def test_trees_selecting_everyone_and_silent_wrong_answers_are_counted(eval_work_dir, tmp_path):
    result = run_eval(
        eval_work_dir, "--engine", "eval_engines:EveryoneEngine", "--no-baseline",
        "--report", str(tmp_path / "run"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "run.json").read_text())
    cases = load_cases(CASES).cases
    # Every case gets a tree; no gold of these cases selects everyone on demo.
    assert report["metrics"]["selects_everyone"] == len(cases)
    assert sum(c["selects"] == "everyone" for c in report["cases"]) == len(cases)
    # Wrong everywhere, but never silently: the review warns on every one of them.
    assert report["metrics"]["silent_wrong_rate"] == 0
    for case in report["cases"]:
        if case["selects"] == "everyone":
            assert any("selects every contact" in w for w in case["warnings"]), case["id"]
    result = run_eval(
        eval_work_dir, "--engine", "eval_engines:GermanyEngine", "--no-baseline",
        "--report", str(tmp_path / "germany"),
    )  # fmt: skip
    report = json.loads((tmp_path / "germany.json").read_text())
    wrong = {c["id"] for c in report["cases"] if not c["passed"]}
    silent = {c["id"] for c in report["cases"] if c["silent_wrong"]}
    # Flagged (unparsed words) only on and-vp-germany; every other wrong answer is silent.
    assert silent == wrong - {"and-vp-germany"} and len(silent) > 5
    assert report["counts"]["silent_wrong_rate"][0] == len(silent)
    run_eval(
        eval_work_dir, "--engine", "eval_engines:OracleEngine", "--no-baseline",
        "--report", str(tmp_path / "oracle"),
    )  # fmt: skip
    good = json.loads((tmp_path / "oracle.json").read_text())["metrics"]
    assert (good["selects_everyone"], good["selects_nobody"], good["silent_wrong_rate"]) == (
        0,
        0,
        0,
    )
    assert good["unexpected_questions"] == 0


def _split_suite(tmp_path: Path) -> Path:
    """The runner's cases as an eval folder with two splits: basics in dev, the rest holdout."""
    shutil.copytree(CASES_ROOT / "fixtures", tmp_path / "eval" / "fixtures")
    cases = tmp_path / "eval" / "cases"
    for split, name in (("dev", "basics.yaml"), ("holdout", "conversation.yaml")):
        (cases / split).mkdir(parents=True)
        shutil.copy(CASES / name, cases / split / name)
    return cases


def test_each_split_is_reported_and_gated(eval_work_dir, tmp_path, monkeypatch):
    cases = _split_suite(tmp_path)
    monkeypatch.setenv("NLSEG_EVAL_ORACLE_CASES", str(cases))
    by_split = {c.id: c.split for c in load_cases(cases).cases}
    assert set(by_split.values()) == {"dev", "holdout"}
    wrote = run_eval(
        eval_work_dir, "--engine", "eval_engines:OracleEngine", "--update-baseline", cases=cases
    )
    assert wrote.exit_code == 0, wrote.output
    baseline = json.loads((tmp_path / "eval" / "baselines" / "oracle.json").read_text())
    assert set(baseline["splits"]) == {"dev", "holdout"}
    assert all(s["execution_accuracy"] == 1.0 for s in baseline["splits"].values())
    report = json.loads((tmp_path / "eval" / "reports" / "oracle-oracle-1.json").read_text())
    holdout = sum(1 for s in by_split.values() if s == "holdout")
    assert report["splits"]["holdout"]["metrics"]["cases"] == holdout
    assert "## Per split" in (tmp_path / "eval" / "reports" / "oracle-oracle-1.md").read_text()
    assert "  holdout: execution accuracy 100.0%" in wrote.output
    # DropLast fails cases in both splits: the gate names each split, and --split gates one.
    worse = run_eval(eval_work_dir, "--engine", "eval_engines:DropLastEngine", cases=cases)
    assert worse.exit_code == 1
    assert (
        "dev: execution accuracy" in worse.output and "holdout: execution accuracy" in worse.output
    )
    dropped = {c["id"] for c in report["cases"]} & DROP_LAST_FAILS
    one = run_eval(
        eval_work_dir, "--engine", "eval_engines:DropLastEngine", "--split", "holdout",
        cases=cases,
    )  # fmt: skip
    holdout_fails = {i for i in dropped if by_split[i] == "holdout"}
    assert one.exit_code == (1 if holdout_fails else 0), one.output
    assert "dev: execution accuracy" not in one.output.split("Cases per tag")[-1]
    bad = run_eval(eval_work_dir, "--engine", "eval_engines:OracleEngine", "--split", "test",
                   cases=cases)  # fmt: skip
    assert bad.exit_code == 2 and "unknown splits ['test']" in bad.output
