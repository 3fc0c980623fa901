"""Render the JSON results of benchmarks.run and benchmarks.shapes as markdown (for BENCHMARKS.md).

    .venv/bin/python -m benchmarks.report benchmarks/results/postgresql_1m.json \\
        benchmarks/results/shapes_postgresql_1m.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from benchmarks.run import TARGET_RATIO


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:,.1f}"


def run_table(data: dict) -> str:
    target = data["targets"]["p95_ms"]
    lines = [
        f"nlseg {data.get('nlseg_commit')}, {data['rows']['contacts']:,} contacts, "
        f"{data['machine']['database']} {data['machine']['server_version']}, "
        f"run {data['run_at']}, {data['repeat']} runs per query unless noted.",
        "",
        "| case | count | compiled p50 | compiled p95 | hand p50 | hand p95 | ratio | "
        f"p95 ≤ {target:g} | ratio ≤ {TARGET_RATIO} |",
        "|---|---:|---:|---:|---:|---:|---:|:-:|:-:|",
    ]
    for r in data["results"]:
        if r.get("error"):
            lines.append(f"| `{r['id']}` | - | - | - | - | - | - | ERROR | {r['error'][:60]} |")
            continue
        count = f"{r['count']:,}"
        if not r["match"]:
            count += f" ≠ hand {r['hand_count']:,}"
        runs = "" if r["repeat"] == data["repeat"] else f" ({r['repeat']} runs)"
        lines.append(
            f"| `{r['id']}`{runs} | {count} | {_ms(r['compiled_p50'])} | "
            f"{_ms(r['compiled_p95'])} | {_ms(r['hand_p50'])} | {_ms(r['hand_p95'])} | "
            f"{r['ratio']:.2f} | {'yes' if r['meets_p95'] else '**no**'} | "
            f"{'yes' if r['meets_ratio'] else '**no**'} |"
        )
    met_p95 = sum(1 for r in data["results"] if r.get("meets_p95"))
    met_ratio = sum(1 for r in data["results"] if r.get("meets_ratio"))
    total = len(data["results"])
    lines += [
        "",
        f"p95 target met by {met_p95} of {total} cases; ratio target met by "
        f"{met_ratio} of {total}.",
    ]
    return "\n".join(lines)


def shapes_tables(data: dict, only: set[str] | None = None) -> str:
    from benchmarks.shapes import markdown

    parts = [
        f"{data['machine']['database']} {data['machine']['server_version']}; timed runs "
        "per variant in the runs column (after one warm-up); every count is checked "
        "against the compiled count.",
    ]
    parts += [markdown(r) for r in data["results"] if only is None or r["id"] in only]
    return "\n\n".join(parts)


def main(argv: list[str]) -> int:
    for name in argv:
        data = json.loads(Path(name).read_text())
        print(f"<!-- {name} -->")
        print(shapes_tables(data) if "phases" in data["results"][0] else run_table(data))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
