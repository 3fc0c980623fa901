"""Baselines: the execution accuracy an engine must keep, one JSON file per engine name.

``eval/baselines/<engine>.json`` holds the accuracy of the run that wrote it (with
``--update-baseline``), the cases it passed, and a ``tolerance`` (default 0: any drop
fails). A run fails the gate when its execution accuracy (both fixtures) is below
``execution_accuracy - tolerance``; the message names the cases that passed in the
baseline and fail now.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_TOLERANCE = 0.0
EPSILON = 1e-9  # accuracies are ratios of small integers: compare with float slack


class BaselineError(ValueError):
    """A baseline file that cannot be read."""


@dataclass(frozen=True)
class Gate:
    ok: bool
    message: str


def file_name(engine_name: str) -> str:
    """``llm:gpt-4o-mini`` → ``llm-gpt-4o-mini``: engine names as safe file names."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", engine_name).strip("-") or "engine"


def baseline_path(baselines_dir: Path, engine_name: str) -> Path:
    return baselines_dir / f"{file_name(engine_name)}.json"


def read_baseline(path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        float(data["execution_accuracy"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BaselineError(f"cannot read baseline {path}: {exc}") from None
    return data


def baseline_from(report: dict[str, Any], tolerance: float = DEFAULT_TOLERANCE) -> dict:
    hits, total = report["counts"]["execution_accuracy"]
    return {
        "engine": report["engine"]["name"],
        "version": report["engine"]["version"],
        "as_of": report["as_of"],
        "execution_accuracy": report["metrics"]["execution_accuracy"] or 0.0,
        "passed_cases": hits,
        "scored_cases": total,
        "tolerance": tolerance,
        "passed": sorted(c["id"] for c in report["cases"] if c["passed"]),
    }


def write_baseline(path: Path, report: dict[str, Any], previous: dict | None = None) -> dict:
    """Write the baseline of ``report``, keeping a tolerance set by hand in ``previous``."""
    tolerance = float((previous or {}).get("tolerance", DEFAULT_TOLERANCE))
    data = baseline_from(report, tolerance)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return data


def gate(report: dict[str, Any], baseline: dict[str, Any]) -> Gate:
    current = report["metrics"]["execution_accuracy"] or 0.0
    floor = float(baseline["execution_accuracy"]) - float(baseline.get("tolerance", 0.0))
    now_failing = {c["id"] for c in report["cases"] if not c["passed"]}
    regressed = sorted(now_failing & set(baseline.get("passed", [])))
    summary = (
        f"execution accuracy {100 * current:.1f}% vs baseline "
        f"{100 * float(baseline['execution_accuracy']):.1f}% "
        f"(tolerance {100 * float(baseline.get('tolerance', 0.0)):.1f} pt)"
    )
    if regressed:
        summary += f"; passed in the baseline, failing now: {', '.join(regressed)}"
    if current + EPSILON < floor:
        return Gate(False, "Below the baseline: " + summary + ".")
    return Gate(True, "At or above the baseline: " + summary + ".")
