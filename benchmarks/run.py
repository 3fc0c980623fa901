"""Count latency of compiled segment trees against hand-written SQL.

    .venv/bin/python -m benchmarks.run --db sqlite:////work/bench/nlseg_100k.db \\
        --contacts 100000 --out benchmarks/results/sqlite_100k.json

For each case of :mod:`benchmarks.cases`: parse the tree against the store's catalog,
compile it with nlseg (clock frozen at 2026-11-01), run the compiled count and the
hand-written count once each (warm-up; their results must be equal), then time ``--repeat``
runs of each, interleaved (compiled first on even rounds, hand-written first on odd ones),
on one connection. Reported: p50 / p95 in milliseconds (linear interpolation between
samples), the ratio compiled p50 / hand p50, and the count.

The timed statement is the compiled ``Select`` executed through SQLAlchemy (its statement
cache makes the SQL string once) against the hand-written text through
``exec_driver_sql``; nlseg's own tree→SQL time is reported separately (``nlseg_ms``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import OperationalError

from benchmarks.cases import AS_OF, CASES, CASES_BY_ID, Case
from nlseg.catalog import load_catalog
from nlseg.clock import Clock
from nlseg.evaluate import compile_for, parse_tree
from nlseg.store import make_engine
from nlseg.store import schema as s
from nlseg.store.engine import has_crm_data

SEED = 42
TARGET_P95_MS = {"postgresql": 300.0, "sqlite": 200.0}
TARGET_RATIO = 1.3


# --- machine -------------------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram_gb() -> float | None:
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def machine_info(engine: Engine) -> dict:
    info = {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "ram_gb": _ram_gb(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "database": engine.dialect.name,
    }
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            info["server_version"] = conn.exec_driver_sql("SHOW server_version").scalar_one()
            for setting in (
                "shared_buffers",
                "work_mem",
                "effective_cache_size",
                "max_parallel_workers_per_gather",
                "jit",
                "random_page_cost",
            ):
                info[setting] = conn.exec_driver_sql(f"SHOW {setting}").scalar_one()
        else:
            info["server_version"] = conn.exec_driver_sql("SELECT sqlite_version()").scalar_one()
    return info


def nlseg_commit() -> str | None:
    """The commit of the nlseg being measured: a snapshot's COMMIT file, else ``git``.

    Run from a snapshot (``git archive`` of nlseg plus a copy of benchmarks/, with a
    COMMIT file) to measure one fixed commit while others keep editing the checkout.
    """
    import subprocess

    import nlseg

    root = Path(nlseg.__file__).resolve().parent.parent
    if (root / "COMMIT").exists():
        return (root / "COMMIT").read_text().strip() + " (snapshot)"
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            cwd=root,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "nlseg"],
            capture_output=True,
            text=True,
            cwd=root,
        ).stdout.strip()
        return head + ("+uncommitted edits" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return None


# --- data ------------------------------------------------------------------------------------


def table_sizes(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in s.CRM_TABLES
        }


def vacuum_analyze(engine: Engine) -> None:
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    else:
        with engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
            conn.commit()


def ensure_data(engine: Engine, contacts: int | None) -> None:
    """Build the demo (seed 42, as of AS_OF) when the store is empty; VACUUM ANALYZE after."""
    if has_crm_data(engine):
        return
    if contacts is None:
        sys.exit("The store is empty: pass --contacts N to build the demo data.")
    from nlseg.sync.demo import build_demo

    print(f"Building the demo store: {contacts:,} contacts, seed {SEED}, as of {AS_OF} ...")
    summary = build_demo(engine, contacts=contacts, seed=SEED, as_of=AS_OF)
    print(f"  loaded in {summary.seconds:.1f} s: {summary}")
    started = time.perf_counter()
    vacuum_analyze(engine)
    print(f"  VACUUM ANALYZE / ANALYZE in {time.perf_counter() - started:.1f} s")


# --- timing ------------------------------------------------------------------------------------


def percentile(samples: list[float], q: float) -> float:
    """The q-quantile (0..1) with linear interpolation between the sorted samples."""
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class Result:
    id: str
    description: str
    count: int | None = None
    hand_count: int | None = None
    match: bool | None = None
    compiled_ms: list[float] = field(default_factory=list)
    hand_ms: list[float] = field(default_factory=list)
    compiled_p50: float | None = None
    compiled_p95: float | None = None
    hand_p50: float | None = None
    hand_p95: float | None = None
    ratio: float | None = None
    nlseg_ms: float | None = None
    compiled_sql: str = ""
    hand_sql: str = ""
    error: str | None = None
    timeouts: list[str] = field(default_factory=list)
    repeat: int | None = None
    meets_p95: bool | None = None
    meets_ratio: bool | None = None


def literal_sql(engine: Engine, statement) -> str:
    """The statement with its values inlined (for reading and EXPLAIN only, never executed)."""
    try:
        return str(
            statement.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True})
        )
    except Exception:  # a type without a literal renderer: show placeholders and values
        compiled = statement.compile(dialect=engine.dialect)
        return f"{compiled}\n-- params: {compiled.params}"


class Guard:
    """A per-statement deadline: PostgreSQL's statement_timeout (set when connecting), or on
    SQLite a progress handler that interrupts the statement once the deadline has passed."""

    def __init__(self, conn, timeout_ms: int) -> None:
        self.timeout_ms = timeout_ms
        self.deadline = float("inf")
        self.raw = None
        if conn.dialect.name == "sqlite":
            self.raw = conn.connection.driver_connection
            self.raw.set_progress_handler(lambda: int(time.monotonic() > self.deadline), 10_000)

    def arm(self) -> None:
        self.deadline = time.monotonic() + self.timeout_ms / 1000

    def close(self) -> None:
        if self.raw is not None:
            self.raw.set_progress_handler(None, 0)


def _is_timeout(exc: Exception) -> bool:
    message = str(exc)
    return "statement timeout" in message or "interrupted" in message


def run_case(
    engine: Engine,
    case: Case,
    catalog,
    clock: Clock,
    repeat: int,
    timeout_ms: int,
    budget_s: float,
) -> Result:
    dialect = engine.dialect.name
    result = Result(case.id, case.description, hand_sql=case.sql_for(dialect))
    try:
        started = time.perf_counter()
        tree = parse_tree(case.tree, catalog)
        compiled = compile_for(engine, tree, catalog, clock)
        statement = compiled.count()
        str(statement.compile(dialect=engine.dialect))
        result.nlseg_ms = (time.perf_counter() - started) * 1000
        result.compiled_sql = literal_sql(engine, statement)
    except Exception as exc:
        result.error = f"compile failed: {type(exc).__name__}: {exc}"
        return result
    hand = text(result.hand_sql)
    with engine.connect() as conn:
        guard = Guard(conn, timeout_ms)

        def timed(query) -> tuple[float, int]:
            guard.arm()
            started = time.perf_counter()
            value = conn.execute(query).scalar_one()
            return (time.perf_counter() - started) * 1000, value

        try:
            first = {}
            for which, query in (("compiled", statement), ("hand", hand)):
                try:
                    first[which] = timed(query)
                except OperationalError as exc:
                    conn.rollback()
                    if not _is_timeout(exc):
                        raise
                    result.timeouts.append(which)
            if result.timeouts:
                result.error = (
                    f"{' and '.join(result.timeouts)} query timed out (> {timeout_ms / 1000:g} s)"
                )
                if "hand" in first:
                    result.hand_count = first["hand"][1]
                if "compiled" in first:
                    result.count = first["compiled"][1]
                return result
            result.count, result.hand_count = first["compiled"][1], first["hand"][1]
            result.match = result.count == result.hand_count
            warm = (first["compiled"][0] + first["hand"][0]) / 1000
            runs = repeat
            if warm * repeat > budget_s:
                runs = max(3, int(budget_s / warm))
            result.repeat = runs
            for i in range(runs):
                order = ("c", "h") if i % 2 == 0 else ("h", "c")
                for which in order:
                    if which == "c":
                        result.compiled_ms.append(timed(statement)[0])
                    else:
                        result.hand_ms.append(timed(hand)[0])
            conn.rollback()
        except Exception as exc:
            result.error = f"run failed: {type(exc).__name__}: {exc}"
            return result
        finally:
            guard.close()
    result.compiled_p50 = statistics.median(result.compiled_ms)
    result.compiled_p95 = percentile(result.compiled_ms, 0.95)
    result.hand_p50 = statistics.median(result.hand_ms)
    result.hand_p95 = percentile(result.hand_ms, 0.95)
    result.ratio = result.compiled_p50 / result.hand_p50 if result.hand_p50 else None
    result.meets_p95 = result.compiled_p95 <= TARGET_P95_MS[dialect]
    result.meets_ratio = result.ratio is not None and result.ratio <= TARGET_RATIO
    return result


# --- plans ---------------------------------------------------------------------------------------


def explain(engine: Engine, sql: str, analyze: bool = True) -> str:
    """EXPLAIN ANALYZE (PostgreSQL) or EXPLAIN QUERY PLAN (SQLite) of a literal SQL text.

    The text goes to the driver without parameters, so ``%`` and ``:`` need no escaping.
    """
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        try:
            if engine.dialect.name == "postgresql":
                options = "(ANALYZE, BUFFERS)" if analyze else ""
                rows = raw.execute(f"EXPLAIN {options} {sql}").fetchall()
                return "\n".join(r[0] for r in rows)
            rows = raw.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall()
            return "\n".join(f"{r[0]:>3} {r[1]:>3}  {r[3]}" for r in rows)
        except Exception as exc:
            return f"EXPLAIN failed: {type(exc).__name__}: {exc}"
        finally:
            raw.rollback()


def write_plans(engine: Engine, results: list[Result], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for r in results:
        if not r.compiled_sql:
            continue
        with open(folder / f"{r.id}.txt", "w") as f:
            for label, which, sql in (
                ("compiled", "compiled", r.compiled_sql),
                ("hand-written", "hand", r.hand_sql),
            ):
                analyze = which not in r.timeouts
                note = "" if analyze else " (timed out: EXPLAIN without ANALYZE)"
                f.write(f"-- {label}{note}\n{sql}\n\n{explain(engine, sql, analyze)}\n\n")


# --- report --------------------------------------------------------------------------------------


def _fmt(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def markdown_table(results: list[Result], dialect: str) -> str:
    target = TARGET_P95_MS[dialect]
    lines = [
        "| case | count | compiled p50 | compiled p95 | hand p50 | hand p95 | ratio | runs "
        "| targets |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        if r.error:
            count = "-" if r.count is None else f"{r.count:,}"
            lines.append(f"| {r.id} | {count} | - | - | - | - | - | - | ERROR: {r.error[:100]} |")
            continue
        notes = []
        if not r.match:
            notes.append(f"COUNT MISMATCH (hand {r.hand_count:,})")
        if not r.meets_p95:
            notes.append(f"p95 > {target:g} ms")
        if not r.meets_ratio:
            notes.append(f"ratio > {TARGET_RATIO}")
        lines.append(
            f"| {r.id} | {r.count:,} | {_fmt(r.compiled_p50)} | {_fmt(r.compiled_p95)} | "
            f"{_fmt(r.hand_p50)} | {_fmt(r.hand_p95)} | {_fmt(r.ratio, 2)} | {r.repeat} | "
            f"{'; '.join(notes) or 'met'} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db", required=True, help="database URL (sqlite:///... or postgresql://...)"
    )
    parser.add_argument(
        "--contacts", type=int, help="build the demo with this many contacts if the store is empty"
    )
    parser.add_argument("--repeat", type=int, default=15, help="timed runs per query (default 15)")
    parser.add_argument("--cases", help="comma-separated case ids (default: all)")
    parser.add_argument("--out", type=Path, help="write the results as JSON here")
    parser.add_argument("--plans", type=Path, help="write EXPLAIN output per case to this folder")
    parser.add_argument(
        "--vacuum", action="store_true", help="VACUUM ANALYZE (ANALYZE on SQLite) before timing"
    )
    parser.add_argument(
        "--timeout-ms",
        type=int,
        default=300_000,
        help="per-statement limit (PostgreSQL statement_timeout, SQLite progress handler)",
    )
    parser.add_argument(
        "--no-prepare",
        action="store_true",
        help="PostgreSQL: psycopg prepare_threshold=None (no server-side prepared statements, "
        "so every execution is planned with its values; psycopg's default prepares a query "
        "after 5 executions and PostgreSQL may then switch to a generic plan)",
    )
    parser.add_argument(
        "--pg-set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="PostgreSQL session setting for every connection "
        "(e.g. plan_cache_mode=force_custom_plan)",
    )
    parser.add_argument(
        "--budget-s",
        type=float,
        default=300.0,
        help="timing budget per case: slower cases get fewer runs (at least 3; default 300)",
    )
    args = parser.parse_args(argv)

    if args.cases:
        unknown = [c for c in args.cases.split(",") if c not in CASES_BY_ID]
        if unknown:
            parser.error(f"unknown case ids: {', '.join(unknown)}")
        cases = [CASES_BY_ID[c] for c in args.cases.split(",")]
    else:
        cases = list(CASES)

    connect_args: dict = {}
    if args.db.startswith("postgres"):
        settings = [f"statement_timeout={args.timeout_ms}", *args.pg_set]
        connect_args["options"] = " ".join(f"-c {setting}" for setting in settings)
        if args.no_prepare:
            connect_args["prepare_threshold"] = None
    engine = make_engine(args.db, connect_args=connect_args)
    ensure_data(engine, args.contacts)
    if args.vacuum:
        vacuum_analyze(engine)
    dialect = engine.dialect.name
    machine = machine_info(engine)
    sizes = table_sizes(engine)
    if args.contacts and sizes["contacts"] != args.contacts:
        print(f"note: the store holds {sizes['contacts']:,} contacts, not {args.contacts:,}")

    print(f"# nlseg count benchmark — {dialect}, {sizes['contacts']:,} contacts")
    print(f"nlseg: {nlseg_commit()}")
    if args.no_prepare or args.pg_set:
        print(f"connection: no_prepare={args.no_prepare}, settings {args.pg_set}")
    print(
        f"machine: {machine['cpu']}, {machine['cores']} cores, {machine['ram_gb']} GB RAM; "
        f"{dialect} {machine['server_version']}; Python {machine['python']}"
    )
    print("rows: " + ", ".join(f"{k} {v:,}" for k, v in sizes.items()))
    now = dt.datetime.now().isoformat(timespec="seconds")
    print(f"as of {AS_OF}, repeat {args.repeat}, run at {now}")
    print()

    catalog = load_catalog(engine)
    clock = Clock.at(AS_OF)
    payload = {
        "run_at": dt.datetime.now().isoformat(timespec="seconds"),
        "as_of": AS_OF.isoformat(),
        "seed": SEED,
        "repeat": args.repeat,
        "database": dialect,
        "db_url": engine.url.render_as_string(hide_password=True),
        "machine": machine,
        "rows": sizes,
        "nlseg_commit": nlseg_commit(),
        "connection": {"no_prepare": args.no_prepare, "pg_set": args.pg_set},
        "targets": {"p95_ms": TARGET_P95_MS[dialect], "ratio": TARGET_RATIO},
        "results": [],
    }

    def save() -> None:  # after every case, so that a crash keeps what was measured
        if args.out:
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(json.dumps(payload, indent=2))

    results = []
    for case in cases:
        result = run_case(engine, case, catalog, clock, args.repeat, args.timeout_ms, args.budget_s)
        results.append(result)
        payload["results"].append(asdict(result))
        save()
        if result.error:
            print(f"  {case.id}: {result.error}", flush=True)
        else:
            flag = "" if result.match else f"  COUNT MISMATCH (hand {result.hand_count})"
            print(
                f"  {case.id}: count {result.count:,}  compiled p50 {result.compiled_p50:.1f} ms"
                f"  hand p50 {result.hand_p50:.1f} ms  ratio {result.ratio:.2f}{flag}",
                flush=True,
            )
    print()
    print(markdown_table(results, dialect))
    mismatches = [r for r in results if r.match is False]
    for r in mismatches:
        print(f"\nCOUNT MISMATCH in {r.id}: compiled {r.count} vs hand-written {r.hand_count}")
        print(f"-- compiled:\n{r.compiled_sql}\n-- hand-written:\n{r.hand_sql}")
    for r in results:
        if r.error:
            print(f"\nERROR in {r.id}: {r.error}")
    if args.out:
        print(f"\nwrote {args.out}")
    if args.plans:
        write_plans(engine, results, args.plans)
        print(f"wrote plans to {args.plans}/")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
