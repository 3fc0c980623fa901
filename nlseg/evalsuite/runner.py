"""A run: every selected case through one engine, scored, and the metrics of the whole.

Denominators (documented in eval/README.md):

- pass rate: every case;
- valid-tree rate, execution accuracy, tree match and component F1: the cases scored by
  members (``answer`` and ``assumption``); tree match and F1 only over those whose golds
  include a tree;
- behaviour success: ``refuse``, ``clarify`` and ``assumption`` cases;
- silent-wrong rate: every case (a wrong tree, or a tree where a refusal or question was
  due, shown with nothing flagged);
- selects everyone / nobody, unexpected questions: counts over every case;
- latency percentiles: every case's time in ``translate`` (summed over turns).

Every metric is given for the whole run and for each split (``dev``, ``holdout``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from nlseg.evalsuite.cases import TAGS, Case, tag_counts
from nlseg.evalsuite.conversation import run_case
from nlseg.evalsuite.fixtures import Fixture
from nlseg.evalsuite.gold import GoldBook
from nlseg.evalsuite.metrics import percentile, rate
from nlseg.evalsuite.scoring import CaseResult, score_case
from nlseg.translate.engine import Engine

DEFAULT_TIMEOUT_S = 60.0


@dataclass
class RunResult:
    engine: dict[str, str]
    results: list[CaseResult]
    fixtures: dict[str, int]  # contacts per fixture
    as_of: dt.date
    metrics: dict[str, float | int | None] = field(default_factory=dict)
    counts: dict[str, list[int]] = field(default_factory=dict)  # metric -> [hits, total]
    per_tag: dict[str, dict[str, Any]] = field(default_factory=dict)
    case_counts: dict[str, Any] = field(default_factory=dict)
    splits: dict[str, dict[str, Any]] = field(default_factory=dict)  # split -> metrics, counts


def _share(results: list[CaseResult], hit: Callable[[CaseResult], bool]) -> list[int]:
    return [sum(1 for r in results if hit(r)), len(results)]


def summarise(results: list[CaseResult]) -> tuple[dict, dict]:
    by_members = [r for r in results if r.expect in ("answer", "assumption")]
    with_tree_gold = [r for r in by_members if r.tree_match is not None]
    behaviours = [r for r in results if r.expect != "answer"]
    counts = {
        "pass_rate": _share(results, lambda r: r.passed),
        "valid_tree_rate": _share(by_members, lambda r: r.has_tree and bool(r.valid_tree)),
        "execution_accuracy": _share(by_members, lambda r: bool(r.execution_overall)),
        "execution_accuracy_demo": _share(
            by_members, lambda r: bool(r.execution and r.execution.get("demo"))
        ),
        "execution_accuracy_edge": _share(
            by_members, lambda r: bool(r.execution and r.execution.get("edge"))
        ),
        "tree_match_rate": _share(with_tree_gold, lambda r: bool(r.tree_match)),
        "behaviour_success": _share(behaviours, lambda r: bool(r.behaviour)),
        "silent_wrong_rate": _share(results, lambda r: r.silent_wrong),
    }
    for expect in ("refuse", "clarify", "assumption"):
        subset = [r for r in results if r.expect == expect]
        counts[f"behaviour_{expect}"] = _share(subset, lambda r: bool(r.behaviour))
    metrics: dict[str, float | int | None] = {k: rate(*v) for k, v in counts.items()}
    f1s = [r.f1 for r in with_tree_gold if r.f1 is not None]
    latencies = [r.seconds * 1000 for r in results]
    prompt_tokens = sum(r.usage.get("prompt_tokens", 0) for r in results)
    requests = sum(r.usage.get("requests", 0) for r in results)
    metrics.update(
        component_f1=sum(f1s) / len(f1s) if f1s else None,
        latency_p50_ms=percentile(latencies, 50),
        latency_p95_ms=percentile(latencies, 95),
        latency_max_ms=max(latencies, default=None),
        model_cases=sum(1 for r in results if r.usage.get("requests", 0)),
        model_requests=requests,
        prompt_tokens_per_request=round(prompt_tokens / requests) if requests else None,
        prompt_tokens=prompt_tokens,
        completion_tokens=sum(r.usage.get("completion_tokens", 0) for r in results),
        cost_usd=round(sum(r.usage.get("cost_usd", 0.0) for r in results), 6),
        reasks=sum(r.usage.get("reasks", 0) for r in results),
        engine_errors=sum(1 for r in results if r.engine_error and not r.timed_out),
        timeouts=sum(1 for r in results if r.timed_out),
        invalid_trees=sum(1 for r in results if r.valid_tree is False),
        selects_everyone=sum(1 for r in results if r.selects == "everyone"),
        selects_nobody=sum(1 for r in results if r.selects == "nobody"),
        unexpected_questions=sum(1 for r in results if r.expect == "answer" and r.question),
        cases=len(results),
    )
    return metrics, counts


def per_tag(results: list[CaseResult]) -> dict[str, dict[str, Any]]:
    out = {}
    for tag in TAGS:
        tagged = [r for r in results if tag in r.tags]
        if not tagged:
            continue
        scored = [r for r in tagged if r.execution_overall is not None and r.expect != "clarify"]
        passed = sum(r.passed for r in tagged)
        hits = sum(bool(r.execution_overall) for r in scored)
        out[tag] = {
            "cases": len(tagged),
            "passed": passed,
            "pass_rate": rate(passed, len(tagged)),
            "execution_accuracy": rate(hits, len(scored)),
        }
    return out


def case_counts(cases: Sequence[Case]) -> dict[str, Any]:
    return {
        "total": len(cases),
        "multi_turn": sum(c.multi_turn for c in cases),
        "with_gold_sql": sum(any(g.sql for g in c.golds) for c in cases if c.owns_golds),
        "by_expect": {
            e: sum(c.expect == e for c in cases)
            for e in ("answer", "assumption", "clarify", "refuse")
        },
        "by_tag": tag_counts(cases),
    }


def run_suite(
    engine: Engine,
    cases: Sequence[Case],
    fixtures: dict[str, Fixture],
    book: GoldBook,
    *,
    segments: Sequence[str] = (),
    timeout_s: float = DEFAULT_TIMEOUT_S,
    progress: Callable[[CaseResult], None] | None = None,
) -> RunResult:
    """Translate each case on the demo fixture's catalog and score it on both fixtures."""
    results = []
    for case in cases:
        run = run_case(engine, case, fixtures["demo"], segments, timeout_s)
        result = score_case(case, run, fixtures, book)
        results.append(result)
        if progress is not None:
            progress(result)
    metrics, counts = summarise(results)
    splits = {}
    for split in dict.fromkeys(r.split for r in results):
        split_metrics, split_counts = summarise([r for r in results if r.split == split])
        splits[split] = {"metrics": split_metrics, "counts": split_counts}
    return RunResult(
        engine={"name": engine.name, "version": engine.version},
        results=results,
        fixtures={name: f.contacts for name, f in fixtures.items()},
        as_of=fixtures["demo"].clock.today,
        metrics=metrics,
        counts=counts,
        per_tag=per_tag(results),
        case_counts=case_counts(cases),
        splits=splits,
    )
