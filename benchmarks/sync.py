"""Sync benchmark: a full load of a CRM export, then incremental runs, timed end to end.

The export is the demo store written out with a shipped mapping (``nlseg.sync.export``),
so it has that CRM's headers and formats. Each sync runs as ``nlseg sync`` in its own
process: the wall time and the peak memory (max RSS) are that process's own.

    .venv/bin/python -m benchmarks.sync \\
        --source postgresql://postgres@127.0.0.1:5432/nlseg_1m \\
        --target postgresql://postgres@127.0.0.1:5432/nlseg_sync --reset \\
        --mapping salesforce --work /work/bench/sync \\
        --out benchmarks/results/sync_postgresql_1m_salesforce.json

``python -m benchmarks.sync --report RESULT.json ...`` prints the runs as a markdown table.

Steps: export the source store (full); full sync into the emptied target; then three
incremental runs against it, each checked against the counts it must report:
10,000 changed people (their title and modified time), 5,000 new activities, 1,000
people flagged deleted (taking their related rows).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import Engine, func, select, text

from benchmarks.run import machine_info, nlseg_commit, table_sizes
from nlseg.store import make_engine
from nlseg.store import schema as s
from nlseg.sync.export import datetime_writer, write_export
from nlseg.sync.mapping import Mapping, load_mapping
from nlseg.sync.timeformats import to_datetime

MAPPINGS = Path(__file__).resolve().parent.parent / "nlseg" / "sync" / "mappings"
SEED = 7
OUTPUT = re.compile(
    r"(?P<kind>\w+) sync: (?P<inserted>\d+) inserted, (?P<updated>\d+) updated, "
    r"(?P<deleted>\d+) deleted, (?P<rejected>\d+) rejected in (?P<ms>\d+) ms"
)


# Peak memory is read by a small launcher: a child forked straight from this process would
# report this process's own size at the fork as its peak (Linux carries ru_maxrss over exec).
LAUNCHER = (
    "import resource, subprocess, sys; code = subprocess.call(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
    "sys.exit(code)"
)


def run_sync(mapping_path: Path, folder: Path, db: str, *, full: bool) -> dict:
    """``nlseg sync`` in a child process: its report, wall time and peak memory."""
    nlseg = Path(sys.executable).with_name("nlseg")
    command = [str(nlseg), "sync", "--mapping", str(mapping_path), "--source", str(folder)]
    command += ["--full" if full else "--incremental", "--db", db]
    started = time.perf_counter()
    child = subprocess.run(
        [sys.executable, "-c", LAUNCHER, *command], capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - started
    *messages, peak_kb = child.stderr.strip().splitlines() or ["0"]
    if child.returncode != 0:
        sys.exit(f"nlseg sync failed:\n{child.stdout}\n{child.stderr}")
    report = OUTPUT.search(child.stdout)
    if report is None:
        sys.exit(f"unexpected nlseg sync output:\n{child.stdout}")
    counts = {k: int(v) for k, v in report.groupdict().items() if k != "kind"}
    return {
        **counts,
        "wall_s": round(wall, 1),
        "max_rss_mb": round(int(peak_kb) / 1024),
        "rejections_shown": messages[:5],
    }


def reset(db: str) -> Engine:
    engine = make_engine(db)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    else:
        path = Path(engine.url.database or "")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    return engine


def _record_types(mapping: Mapping) -> dict[str, tuple[str, ...]] | None:
    """A mapping without leads (HubSpot) exports everyone as a contact."""
    return None if "leads" in mapping.objects else {"contacts": ("lead", "contact")}


def _person_objects(mapping: Mapping) -> list[str]:
    return [o for o in ("leads", "contacts") if o in mapping.objects]


def _keep_only(folder: Path, mapping: Mapping, objects: list[str]) -> None:
    keep = {f"{mapping.file_of(o)}.csv" for o in objects}
    for path in folder.iterdir():
        if path.name not in keep:
            path.unlink()


def _rewrite(path: Path, change) -> int:
    """Apply ``change(row) -> row | None`` to every data row of a CSV; rows kept."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    kept = [r for r in (change(dict(row)) for row in rows) if r is not None]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else [])
        writer.writeheader()
        writer.writerows(kept)
    return len(kept)


def _sample(engine: Engine, size: int, *, avoid: set[int], rng: random.Random) -> list[int]:
    with engine.connect() as conn:
        ids = conn.execute(select(s.contacts.c.id).order_by(s.contacts.c.id)).scalars().all()
    pool = [i for i in ids if i not in avoid]
    return sorted(rng.sample(pool, size))


def changed_people(engine, mapping, folder: Path, ids: list[int], stamp: dt.datetime) -> int:
    """An export of ``ids`` as changed in the CRM: a new title, modified at ``stamp``."""
    write_export(engine, mapping, folder, contact_ids=ids, record_types=_record_types(mapping))
    people = _person_objects(mapping)
    _keep_only(folder, mapping, people)
    when = datetime_writer(mapping.settings.datetime_formats)(stamp)
    total = 0
    for obj in people:
        fields = mapping.objects[obj].fields

        def change(row: dict, fields=fields) -> dict:
            row[fields["title"]] = f"{row[fields['title']]} II".strip()[:200]
            row[fields["updated_at"]] = when
            return row

        total += _rewrite(folder / f"{mapping.file_of(obj)}.csv", change)
    return total


def deleted_people(engine, mapping, folder: Path, ids: list[int], stamp: dt.datetime) -> int:
    """An export of ``ids`` flagged deleted in the CRM at ``stamp``."""
    total = changed_people(engine, mapping, folder, ids, stamp)
    for obj in _person_objects(mapping):
        fields = mapping.objects[obj].fields

        def flag(row: dict, fields=fields) -> dict:
            row[fields["is_deleted"]] = "true"
            return row

        _rewrite(folder / f"{mapping.file_of(obj)}.csv", flag)
    return total


def new_activities(engine, mapping, folder: Path, ids: list[int], wanted: int) -> int:
    """``wanted`` activities that are not in the store: existing ones moved a day later."""
    write_export(engine, mapping, folder, contact_ids=ids, record_types=_record_types(mapping))
    _keep_only(folder, mapping, ["activities"])
    fields = mapping.objects["activities"].fields
    parse_formats = mapping.settings.datetime_formats
    write = datetime_writer(parse_formats)
    left = [wanted]

    def later(row: dict) -> dict | None:
        if left[0] == 0 or not row[fields["occurred_at"]]:
            return None
        left[0] -= 1
        moved = to_datetime(row[fields["occurred_at"]], parse_formats) + dt.timedelta(days=1)
        row[fields["occurred_at"]] = write(moved)
        return row

    return _rewrite(folder / f"{mapping.file_of('activities')}.csv", later)


def expect(step: str, got: dict, **wanted: int) -> None:
    wrong = {k: (got[k], v) for k, v in wanted.items() if got[k] != v}
    if wrong:
        sys.exit(f"{step}: unexpected counts (got, wanted): {wrong}")


STEPS = {
    "full": "full load (every object)",
    "changed": "incremental: changed people",
    "activities": "incremental: new activities",
    "deleted": "incremental: people flagged deleted",
}


def markdown(results: list[dict]) -> str:
    """One table for the runs in ``results`` (the JSON this script writes)."""
    lines = [
        "| mapping | run | rows in the export | inserted | updated | deleted | rejected "
        "| wall time | in the transaction | peak memory |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        steps = result["steps"]
        exported = sum(steps["export"]["rows"].values()) if "export" in steps else None
        for step, label in STEPS.items():
            if step not in steps:
                continue
            r = steps[step]
            rows = f"{exported:,}" if step == "full" and exported else ""
            lines.append(
                f"| {result['mapping']} | {label} | {rows} | {r['inserted']:,} | "
                f"{r['updated']:,} | {r['deleted']:,} | {r['rejected']:,} | {r['wall_s']} s | "
                f"{r['ms'] / 1000:.1f} s | {r['max_rss_mb']} MB |"
            )
    return "\n".join(lines)


def main() -> None:
    if sys.argv[1:2] == ["--report"]:
        print(markdown([json.loads(Path(f).read_text()) for f in sys.argv[2:]]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", required=True, help="the demo store to export")
    parser.add_argument("--target", required=True, help="the store to sync into")
    parser.add_argument("--reset", action="store_true", help="empty the target first")
    parser.add_argument("--mapping", default="salesforce", choices=["salesforce", "hubspot"])
    parser.add_argument("--work", required=True, type=Path, help="folder for the exports")
    parser.add_argument("--reuse-export", action="store_true", help="keep work/full if present")
    parser.add_argument("--changed", type=int, default=10_000)
    parser.add_argument("--activities", type=int, default=5_000)
    parser.add_argument("--deleted", type=int, default=1_000)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if not args.reset:
        sys.exit("--reset is required: the target's CRM tables are replaced")

    mapping_path = MAPPINGS / f"{args.mapping}.toml"
    mapping = load_mapping(mapping_path)
    source = make_engine(args.source)
    steps: dict[str, dict] = {}
    full_dir = args.work / f"{args.mapping}_full"
    if not (args.reuse_export and full_dir.exists()):
        shutil.rmtree(full_dir, ignore_errors=True)
        started = time.perf_counter()
        rows = write_export(source, mapping, full_dir, record_types=_record_types(mapping))
        steps["export"] = {"rows": rows, "wall_s": round(time.perf_counter() - started, 1)}
        print(f"export: {sum(rows.values()):,} rows in {steps['export']['wall_s']} s")

    target = reset(args.target)
    steps["full"] = run_sync(mapping_path, full_dir, args.target, full=True)
    print(f"full: {steps['full']}")
    counts = table_sizes(target)
    with target.connect() as conn:
        watermark = conn.execute(select(func.max(s.sync_runs.c.watermark))).scalar_one()
    stamp = watermark + dt.timedelta(days=1)
    rng = random.Random(SEED)
    used: set[int] = set()

    changed_ids = _sample(target, args.changed, avoid=used, rng=rng)
    used |= set(changed_ids)
    folder = args.work / f"{args.mapping}_changed"
    shutil.rmtree(folder, ignore_errors=True)
    written = changed_people(target, mapping, folder, changed_ids, stamp)
    steps["changed"] = run_sync(mapping_path, folder, args.target, full=False)
    expect("changed", steps["changed"], updated=written, inserted=0, deleted=0, rejected=0)
    print(f"changed: {steps['changed']}")

    if "activities" in mapping.objects and args.activities:
        activity_ids = _sample(target, args.activities, avoid=used, rng=rng)
        folder = args.work / f"{args.mapping}_activities"
        shutil.rmtree(folder, ignore_errors=True)
        written = new_activities(target, mapping, folder, activity_ids, args.activities)
        steps["activities"] = run_sync(mapping_path, folder, args.target, full=False)
        expect("activities", steps["activities"], inserted=written, deleted=0, rejected=0)
        print(f"activities: {steps['activities']}")

    deleted_ids = _sample(target, args.deleted, avoid=used, rng=rng)
    folder = args.work / f"{args.mapping}_deleted"
    shutil.rmtree(folder, ignore_errors=True)
    written = deleted_people(target, mapping, folder, deleted_ids, stamp + dt.timedelta(days=1))
    steps["deleted"] = run_sync(mapping_path, folder, args.target, full=False)
    expect("deleted", steps["deleted"], deleted=written, inserted=0, rejected=0)
    print(f"deleted: {steps['deleted']}")

    result = {
        "nlseg": nlseg_commit(),
        "machine": machine_info(target),
        "mapping": args.mapping,
        "load_average_at_end": os.getloadavg(),
        "run_at": dt.datetime.now().isoformat(timespec="seconds"),
        "rows_after_full_sync": counts,
        "steps": steps,
    }
    if args.out:
        args.out.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
