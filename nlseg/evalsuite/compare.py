"""Two runs side by side: metric and per-tag deltas, and the cases that flipped.

"Before" is the other report (``--compare OTHER.json``: prompt v1, engine A), "after" is
this run (prompt v2, engine B); deltas are after - before. The comparison is part of the
report: :func:`nlseg.evalsuite.report.comparison_markdown` renders it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from nlseg.evalsuite.report import METRICS


class ReportError(ValueError):
    """A file that is not an nlseg eval JSON report."""


def read_report(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReportError(f"cannot read report {path}: {exc}") from None
    if not isinstance(data, dict) or not {"engine", "metrics", "cases"} <= set(data):
        raise ReportError(f"{path} is not an nlseg eval JSON report.")
    return data


def _delta(before: Any, after: Any) -> float | None:
    if isinstance(before, (int, float)) and isinstance(after, (int, float)):
        return after - before
    return None


def _label(report: dict) -> str:
    e = report["engine"]
    return f"{e['name']} ({e['version']})"


def compare(after: dict, before: dict, before_path: str = "") -> dict[str, Any]:
    metrics = [
        {
            "key": key,
            "label": label,
            "kind": kind,
            "before": before["metrics"].get(key),
            "after": after["metrics"].get(key),
            "delta": _delta(before["metrics"].get(key), after["metrics"].get(key)),
        }
        for key, label, kind in METRICS
    ]
    tags = list(dict.fromkeys([*before.get("per_tag", {}), *after.get("per_tag", {})]))
    per_tag = []
    for tag in tags:
        b = before.get("per_tag", {}).get(tag, {}).get("pass_rate")
        a = after.get("per_tag", {}).get(tag, {}).get("pass_rate")
        per_tag.append({"tag": tag, "before": b, "after": a, "delta": _delta(b, a)})
    was = {c["id"]: c["passed"] for c in before["cases"]}
    now = {c["id"]: c["passed"] for c in after["cases"]}
    common = [i for i in now if i in was]
    return {
        "before": {"label": _label(before), "path": before_path, **before["engine"]},
        "after": {"label": _label(after), **after["engine"]},
        "metrics": metrics,
        "per_tag": per_tag,
        "pass_to_fail": sorted(i for i in common if was[i] and not now[i]),
        "fail_to_pass": sorted(i for i in common if not was[i] and now[i]),
        "only_after": sorted(i for i in now if i not in was),
        "only_before": sorted(i for i in was if i not in now),
    }
