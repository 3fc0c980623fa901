"""Reports of a run: one JSON document (for machines and ``--compare``) and its markdown, with
the comparison of two runs (:mod:`nlseg.evalsuite.compare`) when there is one."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from nlseg.evalsuite.runner import RunResult

REPORT_VERSION = 2  # 2: per-split metrics, silent-wrong rate, selects everyone/nobody

# key, label, kind ("rate", "ms", "count", "usd", "score")
METRICS: tuple[tuple[str, str, str], ...] = (
    ("pass_rate", "Pass rate (all cases)", "rate"),
    ("execution_accuracy", "Execution accuracy (both fixtures)", "rate"),
    ("execution_accuracy_demo", "Execution accuracy, demo", "rate"),
    ("execution_accuracy_edge", "Execution accuracy, edge", "rate"),
    ("valid_tree_rate", "Valid-tree rate", "rate"),
    ("tree_match_rate", "Normalised-tree match", "rate"),
    ("component_f1", "Component F1 (field, operator)", "score"),
    ("behaviour_success", "Behaviour success (refuse, clarify, assumption)", "rate"),
    ("behaviour_refuse", "… refusals", "rate"),
    ("behaviour_clarify", "… clarifying questions", "rate"),
    ("behaviour_assumption", "… assumptions reported", "rate"),
    ("silent_wrong_rate", "Silent-wrong rate (wrong, nothing flagged)", "rate"),
    ("selects_everyone", "Trees selecting every contact (no gold does)", "count"),
    ("selects_nobody", "Trees selecting nobody (no gold does)", "count"),
    ("unexpected_questions", "Questions on answer cases", "count"),
    ("latency_p50_ms", "Latency p50", "ms"),
    ("latency_p95_ms", "Latency p95", "ms"),
    ("latency_max_ms", "Latency, slowest case", "ms"),
    ("model_cases", "Cases the model answered (or was asked)", "count"),
    ("model_requests", "Requests to the model (reasks included)", "count"),
    ("prompt_tokens_per_request", "Prompt tokens per request", "count"),
    ("prompt_tokens", "Prompt tokens", "count"),
    ("completion_tokens", "Completion tokens", "count"),
    ("cost_usd", "Cost", "usd"),
    ("reasks", "Re-asks", "count"),
    ("engine_errors", "Engine exceptions", "count"),
    ("timeouts", "Time-outs", "count"),
    ("invalid_trees", "Invalid trees", "count"),
)


def fmt(value: Any, kind: str) -> str:
    if value is None:
        return "n/a"
    if kind == "rate":
        return f"{100 * value:.1f}%"
    if kind == "ms":
        return f"{value:.1f} ms"
    if kind == "usd":
        return f"${value:.4f}"
    if kind == "score":
        return f"{value:.3f}"
    return f"{value:,}"


def report_json(run: RunResult, spec: str, cases_dir: str, tags: list[str] | None) -> dict:
    return {
        "report_version": REPORT_VERSION,
        "engine": {"spec": spec, **run.engine},
        "as_of": run.as_of.isoformat(),
        "generated_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "cases_dir": cases_dir,
        "tags": tags,
        "fixtures": run.fixtures,
        "case_counts": run.case_counts,
        "metrics": run.metrics,
        "counts": run.counts,
        "per_tag": run.per_tag,
        "splits": run.splits,
        "cases": [r.to_json() for r in run.results],
    }


def _metric_rows(report: dict) -> list[str]:
    rows = ["| metric | value |", "|---|---|"]
    for key, label, kind in METRICS:
        value = fmt(report["metrics"].get(key), kind)
        if key in report["counts"]:
            hits, total = report["counts"][key]
            value += f" ({hits}/{total})"
        rows.append(f"| {label} | {value} |")
    return rows


SPLIT_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("pass_rate", "pass rate", "rate"),
    ("execution_accuracy", "execution accuracy", "rate"),
    ("silent_wrong_rate", "silent-wrong", "rate"),
    ("selects_everyone", "selects everyone", "count"),
    ("selects_nobody", "selects nobody", "count"),
    ("behaviour_clarify", "questions asked", "rate"),
    ("unexpected_questions", "unexpected questions", "count"),
    ("latency_p50_ms", "p50", "ms"),
    ("latency_p95_ms", "p95", "ms"),
)


def split_table(report: dict) -> list[str]:
    """One row per split (dev, holdout): the figures a gate and a closing note quote."""
    head = "| split | cases | " + " | ".join(label for _, label, _ in SPLIT_COLUMNS) + " |"
    rows = [head, "|---|---:|" + "---:|" * len(SPLIT_COLUMNS)]
    for split, data in report.get("splits", {}).items():
        cells = []
        for key, _, kind in SPLIT_COLUMNS:
            cell = fmt(data["metrics"].get(key), kind)
            if key in data["counts"]:
                hits, total = data["counts"][key]
                cell += f" ({hits}/{total})"
            cells.append(cell)
        rows.append(
            f"| {split or '(none)'} | {data['metrics']['cases']} | " + " | ".join(cells) + " |"
        )
    return rows


def tag_table(report: dict) -> list[str]:
    rows = [
        "| tag | cases | passed | pass rate | execution accuracy |",
        "|---|---:|---:|---:|---:|",
    ]
    for tag, count in report["case_counts"]["by_tag"].items():
        stats = report["per_tag"].get(tag, {})
        rows.append(
            f"| {tag} | {count} | {stats.get('passed', 0)} | "
            f"{fmt(stats.get('pass_rate'), 'rate')} | "
            f"{fmt(stats.get('execution_accuracy'), 'rate')} |"
        )
    return rows


def _failure(case: dict) -> list[str]:
    text = " → ".join(f'"{t}"' for t in case["turns"])
    lines = [
        f"### {case['id']} ({case['file']})",
        "",
        f"- Text: {text}",
        f"- Split: {case['split']}; tags: {', '.join(case['tags'])}; expected: {case['expect']}",
        f"- Why it failed: {'; '.join(case['reasons']) or 'see below'}",
        f"- Got: {case['got_sentence'] or '(no tree)'}",
    ]
    if case["error"]:
        lines.append(f"- Engine said: {case['error']}")
    if case["question"]:
        lines.append(f"- Engine asked: {case['question']}")
    for warning in case["warnings"]:
        lines.append(f"- Warned: {warning}")
    if case["silent_wrong"]:
        lines.append("- Silent: nothing was flagged (no unparsed words, assumption or warning)")
    if case["unparsed"]:
        lines.append(f"- Not understood: {', '.join(repr(u) for u in case['unparsed'])}")
    for i, gold in enumerate(case["gold_sentences"], start=1):
        lines.append(f"- Gold {i}: {gold}")
    for fixture, d in case["diffs"].items():
        lines.append(
            f"- {fixture}: vs gold {d['gold']}, {d['missing']} missing"
            + (f" (e.g. {', '.join(map(str, d['missing_ids']))})" if d["missing_ids"] else "")
            + f", {d['extra']} extra"
            + (f" (e.g. {', '.join(map(str, d['extra_ids']))})" if d["extra_ids"] else "")
        )
    return [*lines, ""]


def _signed(delta: float | None, kind: str) -> str:
    if delta is None:
        return "n/a"
    if kind == "rate":
        return f"{100 * delta:+.1f} pt"
    if kind == "ms":
        return f"{delta:+.1f} ms"
    if kind == "usd":
        return f"{delta:+.4f} $"
    if kind == "score":
        return f"{delta:+.3f}"
    return f"{delta:+,}"


def comparison_markdown(c: dict[str, Any]) -> list[str]:
    before, after = c["before"]["label"], c["after"]["label"]
    if before == after:
        before, after = f"before: {before}", f"after: {after}"
    lines = [
        f"## Compared with {c['before']['label']}"
        + (f" (`{c['before']['path']}`)" if c["before"].get("path") else ""),
        "",
        f"| metric | {before} | {after} | Δ |",
        "|---|---:|---:|---:|",
    ]
    for m in c["metrics"]:
        lines.append(
            f"| {m['label']} | {fmt(m['before'], m['kind'])} | {fmt(m['after'], m['kind'])} "
            f"| {_signed(m['delta'], m['kind'])} |"
        )
    lines += ["", f"| tag (pass rate) | {before} | {after} | Δ |", "|---|---:|---:|---:|"]
    for t in c["per_tag"]:
        lines.append(
            f"| {t['tag']} | {fmt(t['before'], 'rate')} | {fmt(t['after'], 'rate')} "
            f"| {_signed(t['delta'], 'rate')} |"
        )
    lines.append("")
    for key, title in (
        ("pass_to_fail", "Passed before, fail now"),
        ("fail_to_pass", "Failed before, pass now"),
        ("only_after", "Only in this run"),
        ("only_before", "Only in the other run"),
    ):
        ids = c[key]
        lines.append(f"- {title} ({len(ids)}): " + (", ".join(ids) if ids else "none"))
    return [*lines, ""]


def report_markdown(report: dict) -> str:
    e, counts = report["engine"], report["case_counts"]
    fixtures = ", ".join(f"{name} ({n:,} contacts)" for name, n in report["fixtures"].items())
    lines = [
        f"# nlseg eval: {e['name']} ({e['version']})",
        "",
        f"As of {report['as_of']} · {counts['total']} cases from `{report['cases_dir']}`"
        + (f" (tags: {', '.join(report['tags'])})" if report["tags"] else "")
        + f" · fixtures: {fixtures} · engine spec `{e['spec']}`.",
        "",
        "## Metrics",
        "",
        *_metric_rows(report),
        "",
        "## Per split",
        "",
        *split_table(report),
        "",
        "## Cases per tag",
        "",
        f"{counts['total']} cases: "
        + ", ".join(f"{n} {k}" for k, n in counts["by_expect"].items())
        + f"; {counts['multi_turn']} multi-turn; {counts['with_gold_sql']} with gold SQL.",
        "",
        *tag_table(report),
        "",
    ]
    failures = [c for c in report["cases"] if not c["passed"]]
    lines += [f"## Failures ({len(failures)})", ""]
    if not failures:
        lines += ["None.", ""]
    for case in failures:
        lines += _failure(case)
    if "comparison" in report:
        lines += comparison_markdown(report["comparison"])
    return "\n".join(lines).rstrip() + "\n"


def write_reports(report: dict, stem: Path) -> tuple[Path, Path]:
    """Write ``stem.json`` and ``stem.md``; returns both paths."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    json_path, md_path = stem.with_name(stem.name + ".json"), stem.with_name(stem.name + ".md")
    json_path.write_text(json.dumps(report, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    md_path.write_text(report_markdown(report), encoding="utf-8")
    return md_path, json_path
