"""Baselines: the execution accuracy an engine must keep, one JSON file per engine name.

``eval/baselines/<engine>.json`` holds the accuracy of the run that wrote it (with
``--update-baseline``), the cases it passed, and a ``tolerance`` (default 0: any drop
fails). It also holds each split's accuracy (``dev``, ``holdout``). A run fails the gate
when its execution accuracy (both fixtures) is below ``execution_accuracy - tolerance``,
overall or in any split the baseline knows; the message names the cases that passed in
the baseline and fail now. A run of some splits only (``--split``) is gated on those.
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
        "splits": {
            split: {
                "execution_accuracy": data["metrics"]["execution_accuracy"] or 0.0,
                "passed_cases": data["counts"]["execution_accuracy"][0],
                "scored_cases": data["counts"]["execution_accuracy"][1],
            }
            for split, data in report.get("splits", {}).items()
        },
        "passed": sorted(c["id"] for c in report["cases"] if c["passed"]),
    }


def write_baseline(path: Path, report: dict[str, Any], previous: dict | None = None) -> dict:
    """Write the baseline of ``report``, keeping a tolerance set by hand in ``previous``."""
    tolerance = float((previous or {}).get("tolerance", DEFAULT_TOLERANCE))
    data = baseline_from(report, tolerance)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return data


def _verdict(name: str, current: float, target: float, tolerance: float) -> tuple[bool, str]:
    text = (
        f"{name}execution accuracy {100 * current:.1f}% vs baseline {100 * target:.1f}% "
        f"(tolerance {100 * tolerance:.1f} pt)"
    )
    return current + EPSILON >= target - tolerance, text


def gate(report: dict[str, Any], baseline: dict[str, Any], *, whole: bool = True) -> Gate:
    """Overall (when ``whole``: every split ran) and per split, against ``baseline``."""
    tolerance = float(baseline.get("tolerance", 0.0))
    checks = []
    if whole:
        current = report["metrics"]["execution_accuracy"] or 0.0
        checks.append(_verdict("", current, float(baseline["execution_accuracy"]), tolerance))
    for split, data in report.get("splits", {}).items():
        known = baseline.get("splits", {}).get(split)
        if known is not None:
            current = data["metrics"]["execution_accuracy"] or 0.0
            target = float(known["execution_accuracy"])
            checks.append(_verdict(f"{split}: ", current, target, tolerance))
    now_failing = {c["id"] for c in report["cases"] if not c["passed"]}
    regressed = sorted(now_failing & set(baseline.get("passed", [])))
    summary = "; ".join(text for _, text in checks) or "no split of the baseline ran"
    if regressed:
        summary += f"; passed in the baseline, failing now: {', '.join(regressed)}"
    if not all(ok for ok, _ in checks):
        return Gate(False, "Below the baseline: " + summary + ".")
    return Gate(True, "At or above the baseline: " + summary + ".")
