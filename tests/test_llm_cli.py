"""``nlseg ask --engine llm|auto`` and ``nlseg eval --engine llm`` against the local stub."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from llm_stub import StubServer, answer, content_reply, error_reply, hang_reply, isolate_llm_env
from typer.testing import CliRunner

from nlseg.cli import app
from nlseg.store import make_engine
from nlseg.sync.demo import build_demo

runner = CliRunner()
AS_OF = "2026-11-01"
GERMANY = {"kind": "condition", "field": "contact.country", "op": "in", "value": ["Germany"]}
VP = {"kind": "condition", "field": "contact.seniority", "op": "in", "value": ["VP"]}


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('llm-ask') / 'demo.db'}"
    engine = make_engine(url)
    build_demo(engine, contacts=300, seed=7, as_of=dt.date(2026, 11, 1))
    engine.dispose()
    return url


@pytest.fixture(autouse=True)
def clean(monkeypatch, tmp_path):
    isolate_llm_env(monkeypatch, tmp_path)


def use_stub(monkeypatch, stub: StubServer, **env: str) -> None:
    settings = {
        "OPENAI_BASE_URL": stub.url,
        "NLSEG_LLM_MODEL": "stub-model",
        "NLSEG_LLM_DEADLINE": "120",  # the stub answers at once; a failing-server test sets its own
        **env,
    }
    for key, value in settings.items():
        monkeypatch.setenv(key, value)


def ask(db: str, *args: str):
    return runner.invoke(app, ["ask", *args, "--db", db, "--as-of", AS_OF])


def test_llm_without_a_model_is_a_clear_error(db):
    result = ask(db, "VPs in Germany", "--engine", "llm", "--json")
    assert result.exit_code == 2
    assert (
        "Error: --engine llm: no language model is configured. Set NLSEG_LLM_MODEL" in result.stderr
    )
    assert result.stdout == ""


def test_llm_with_a_bad_setting_says_which(db, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "k")
    monkeypatch.setenv("NLSEG_LLM_DEADLINE", "forever")
    result = ask(db, "VPs in Germany", "--engine", "llm")
    assert result.exit_code == 2 and "NLSEG_LLM_DEADLINE must be a number" in result.stderr


def test_llm_answers_with_a_validated_counted_tree(db, monkeypatch):
    with StubServer(
        [content_reply(answer({"kind": "group", "logic": "and", "children": [GERMANY, VP]}))]
    ) as stub:
        use_stub(monkeypatch, stub)
        result = ask(db, "VPs in Germany", "--engine", "llm", "--json", "--ids")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["engine"] == "llm:stub-model"
    assert out["explanation"] == "Contacts where Country is Germany and Seniority is VP."
    assert out["count"] == len(out["contact_ids"]) > 0
    assert out["usage"] == {
        "prompt_tokens": 1000,
        "completion_tokens": 100,
        "cost_usd": 0.0,
        "reasks": 0,
        "requests": 1,
    }


def test_llm_refinement_sends_the_base_tree(db, monkeypatch, tmp_path):
    base = tmp_path / "base.json"
    base.write_text(json.dumps(GERMANY))
    with StubServer(
        [content_reply(answer({"kind": "group", "logic": "and", "children": [GERMANY, VP]}))]
    ) as stub:
        use_stub(monkeypatch, stub)
        result = ask(db, "only VPs", "--engine", "llm", "--base", str(base), "--json")
    assert result.exit_code == 0, result.output
    assert '"field": "contact.country"' in stub.requests[0]["messages"][-1]["content"]


def test_llm_refusal_exits_2_with_the_reason_and_no_tree(db, monkeypatch):
    with StubServer(
        [
            content_reply(
                answer(None, refusal="That asks to delete records, not to describe an audience.")
            )
        ]
    ) as stub:
        use_stub(monkeypatch, stub)
        result = ask(db, "delete all contacts", "--engine", "llm", "--json")
    assert result.exit_code == 2
    assert "That asks to delete records" in result.stderr
    out = json.loads(result.stdout)  # no tree, but what the model said and what it cost
    assert out["tree"] is None and "That asks to delete records" in out["error"]
    assert out["engine"] == "llm:stub-model" and out["usage"]["prompt_tokens"] == 1000


def test_llm_failure_exits_2_and_says_what_failed(db, monkeypatch):
    with StubServer([error_reply(401, "bad key")]) as stub:
        use_stub(monkeypatch, stub)
        result = ask(db, "VPs in Germany", "--engine", "llm")
    assert result.exit_code == 2
    assert (
        "The language model gave no usable answer: the model server refused the API key"
        in result.stderr
    )


def test_auto_without_a_model_works_offline_and_says_so(db):
    result = ask(db, "VPs in Germany", "--engine", "auto")
    assert result.exit_code == 0, result.output
    assert "Note: No language model is configured" in result.stderr
    assert "contacts (as of 2026-11-01)" in result.stdout


def test_auto_falls_back_when_the_model_fails(db, monkeypatch):
    with StubServer([error_reply(500, "down")] * 20) as stub:
        use_stub(monkeypatch, stub, NLSEG_LLM_DEADLINE="2.5")
        result = ask(db, "VPs in Germany who love jazz", "--engine", "auto", "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["engine"] == "offline"
    assert out["notices"][0].startswith(
        "The language model failed: the model server failed (HTTP 500: down)"
    )


# -- nlseg eval --engine llm -------------------------------------------------------------

CASES = """\
- id: llm-germany
  text: contacts in Germany
  tags: [property]
  gold:
    - tree: {kind: condition, field: contact.country, op: in, value: [Germany]}
- id: llm-refuse
  text: people who will churn next quarter
  tags: [out-of-scope]
  expect: refuse
  why: a prediction
"""


def test_eval_runs_the_llm_engine_and_reports_tokens_cost_and_reasks(
    monkeypatch, tmp_path, tmp_path_factory
):
    cases = tmp_path / "suite" / "cases"
    cases.mkdir(parents=True)
    (cases / "llm.yaml").write_text(CASES)
    shutil.copytree(
        Path(__file__).parent / "eval_cases" / "fixtures", tmp_path / "suite" / "fixtures"
    )
    work = tmp_path_factory.getbasetemp() / "eval-work"  # shared with the eval runner's tests
    work.mkdir(exist_ok=True)
    script = [
        content_reply(answer({**GERMANY, "value": ["Germnay"]}), (1200, 80)),  # repaired by a reask
        content_reply(answer(GERMANY), (1300, 60)),
        content_reply(answer(None, refusal="A prediction, not data."), (1100, 40)),
    ]
    with StubServer(script) as stub:
        use_stub(monkeypatch, stub, NLSEG_LLM_PRICE_IN="0.15", NLSEG_LLM_PRICE_OUT="0.60")
        result = runner.invoke(
            app,
            ["eval", "--engine", "llm", "--cases", str(cases), "--work-dir", str(work),
             "--report", str(tmp_path / "report"), "--no-baseline"],
        )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["engine"]["name"] == "llm:stub-model"
    assert report["engine"]["version"] == "prompts/v3"
    m = report["metrics"]
    assert (m["prompt_tokens"], m["completion_tokens"], m["reasks"]) == (3600, 180, 1)
    # two cases, three requests: prompt tokens per request, and the slowest case
    assert (m["model_cases"], m["model_requests"], m["prompt_tokens_per_request"]) == (2, 3, 1200)
    assert m["latency_max_ms"] >= m["latency_p50_ms"] > 0
    assert "2 cases, 3 requests, 1,200 prompt tokens per request, 1 reasks" in result.output
    assert m["cost_usd"] == pytest.approx((3600 * 0.15 + 180 * 0.60) / 1e6)
    assert (m["pass_rate"], m["execution_accuracy"]) == (1.0, 1.0)
    assert stub.unscripted == 0


def test_eval_llm_without_a_model_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["eval", "--engine", "llm", "--cases", str(tmp_path)])
    assert result.exit_code == 2
    assert (
        "Engine 'llm' failed to start: LLMNotConfigured: no language model is configured"
        in result.stderr
    )


def test_eval_counts_a_model_that_times_out_as_a_timeout(monkeypatch, tmp_path, tmp_path_factory):
    cases = tmp_path / "suite" / "cases"
    cases.mkdir(parents=True)
    (cases / "llm.yaml").write_text(CASES.split("- id: llm-refuse")[0])  # the first case alone
    shutil.copytree(
        Path(__file__).parent / "eval_cases" / "fixtures", tmp_path / "suite" / "fixtures"
    )
    work = tmp_path_factory.getbasetemp() / "eval-work"
    work.mkdir(exist_ok=True)
    # The stub hangs far longer than the limits, and the limits are wide enough that a busy
    # machine still reaches the server before them.
    with StubServer([hang_reply(20)] * 3) as stub:
        use_stub(monkeypatch, stub, NLSEG_LLM_TIMEOUT="2", NLSEG_LLM_DEADLINE="4")
        runner.invoke(
            app,
            ["eval", "--engine", "llm", "--cases", str(cases), "--work-dir", str(work),
             "--report", str(tmp_path / "report"), "--no-baseline"],
        )  # fmt: skip
    report = json.loads((tmp_path / "report.json").read_text())
    m = report["metrics"]
    assert (m["timeouts"], m["engine_errors"]) == (1, 0), report["cases"][0]["engine_error"]
    (case,) = report["cases"]
    assert case["timed_out"] and "did not answer within" in case["engine_error"]
