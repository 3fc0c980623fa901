"""``nlseg eval``: run an engine over the cases, write the reports, gate on the baseline.

Exit status: 0 when done (and at or above the baseline), 1 when execution accuracy falls
below the baseline or ``--check`` finds problems, 2 on bad arguments, cases or engines.
"""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import typer

from nlseg.evalsuite.baseline import (
    BaselineError,
    baseline_path,
    file_name,
    gate,
    read_baseline,
    write_baseline,
)
from nlseg.evalsuite.cases import TAGS, CaseSet, Problem, load_cases
from nlseg.evalsuite.compare import ReportError, compare, read_report
from nlseg.evalsuite.fixtures import (
    WORK_DIR_ENV,
    close_fixtures,
    load_segments,
    prepare_fixtures,
)
from nlseg.evalsuite.gold import GoldBook
from nlseg.evalsuite.report import comparison_markdown, fmt, report_json, write_reports
from nlseg.evalsuite.runner import DEFAULT_TIMEOUT_S, run_suite
from nlseg.evalsuite.selfcheck import self_check
from nlseg.translate.engine import EngineLoadError, load_engine


def _fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code)


def _problems(title: str, problems: list[Problem], code: int = 2) -> NoReturn:
    typer.echo(f"{title} ({len(problems)}):", err=True)
    for problem in problems:
        typer.echo(f"  - {problem}", err=True)
    raise typer.Exit(code)


def _tags(raw: str | None) -> list[str] | None:
    if raw is None:
        return None
    tags = [t.strip() for t in raw.split(",") if t.strip()]
    unknown = [t for t in tags if t not in TAGS]
    if unknown or not tags:
        _fail(f"unknown tags {unknown or raw!r}; known: {', '.join(TAGS)}.")
    return tags


def _splits(raw: str, known: list[str]) -> set[str]:
    wanted = {s.strip() for s in raw.split(",") if s.strip()}
    unknown = sorted(wanted - set(known))
    if unknown or not wanted:
        _fail(f"unknown splits {unknown or raw!r}; the cases have: {', '.join(known)}.")
    return wanted


def _tag_line(counts: dict[str, int]) -> str:
    return ", ".join(f"{tag} {n}" for tag, n in counts.items())


def eval_command(
    engine: str = typer.Option(
        "offline", "--engine", help="A registered engine name or 'package.module:factory'."
    ),
    cases: Path = typer.Option(Path("eval/cases"), "--cases", help="Directory of case files."),
    report: Path | None = typer.Option(
        None,
        "--report",
        help="Write FILE.md and FILE.json (default eval/reports/<engine>-<version>).",
    ),
    compare_with: Path | None = typer.Option(
        None, "--compare", help="Another run's JSON report to put side by side with this one."
    ),
    baseline: Path | None = typer.Option(
        None, "--baseline", help="Baseline file (default eval/baselines/<engine>.json)."
    ),
    no_baseline: bool = typer.Option(False, "--no-baseline", help="Do not gate on a baseline."),
    update_baseline: bool = typer.Option(
        False, "--update-baseline", help="Write this run's accuracy as the baseline."
    ),
    tags: str | None = typer.Option(
        None, "--tags", help="Only cases with any of these tags: t1,t2."
    ),
    split: str | None = typer.Option(
        None,
        "--split",
        help="Only these splits (folders of --cases): dev, holdout, or dev,holdout.",
    ),
    check: bool = typer.Option(
        False, "--check", "--self-check", help="Only check the cases themselves, run no engine."
    ),
    segments: Path | None = typer.Option(
        None, "--segments", help="Saved segments (default <cases>/../fixtures/segments.yaml)."
    ),
    work_dir: Path | None = typer.Option(
        None, "--work-dir", envvar=WORK_DIR_ENV, help="Where fixture databases are cached."
    ),
    timeout: float = typer.Option(
        DEFAULT_TIMEOUT_S, "--timeout", help="Seconds an engine may spend on one case."
    ),
) -> None:
    """Run the prompt regression suite (eval/) on an engine and write its reports."""
    if baseline is not None and no_baseline:
        _fail("give --baseline or --no-baseline, not both.")
    if update_baseline and no_baseline:
        _fail("--update-baseline writes a baseline; drop --no-baseline.")
    selected_tags = _tags(tags)
    if update_baseline and (selected_tags or split):
        _fail("a baseline covers every case; run --update-baseline without --tags or --split.")
    if timeout <= 0:
        _fail("--timeout must be a positive number of seconds.")
    loaded = None
    if not check:  # fail fast: a bad engine spec needs no fixtures
        try:
            loaded = load_engine(engine)
        except EngineLoadError as exc:
            _fail(str(exc))
    other = None
    if compare_with is not None and not check:
        try:
            other = read_report(compare_with)
        except ReportError as exc:
            _fail(str(exc))
    case_set = load_cases(cases)
    segments_file = segments or cases.parent / "fixtures" / "segments.yaml"
    specs, segment_problems = load_segments(segments_file)
    if not check and (case_set.problems or segment_problems):
        _problems("The cases have problems", [*case_set.problems, *segment_problems])
    fixtures, fixture_problems = prepare_fixtures(work_dir, specs, segments_file.as_posix())
    try:
        book = GoldBook(fixtures)
        if check:
            _check(case_set, fixtures, book, [*segment_problems, *fixture_problems], cases)
        if fixture_problems:
            _problems("The saved segments have problems", fixture_problems)
        chosen = case_set.with_tags(selected_tags) if selected_tags else case_set.cases
        if split is not None:
            wanted = _splits(split, case_set.splits())
            chosen = [c for c in chosen if c.split in wanted]
        if not chosen:
            _fail(f"no cases to run in {cases}" + (f" with tags {tags}" if tags else "") + ".")
        gold_problems = [Problem(c.file, c.id, p) for c in chosen for p in book.problems(c)]
        if gold_problems:
            _problems("The golds of these cases cannot be evaluated", gold_problems)
        run = run_suite(
            loaded, chosen, fixtures, book, segments=[s.name for s in specs], timeout_s=timeout
        )
    finally:
        close_fixtures(fixtures)
    data = report_json(run, engine, cases.as_posix(), selected_tags)
    if other is not None:
        data["comparison"] = compare(data, other, compare_with.as_posix())
    _write(data, report, cases.parent)
    default_baseline = baseline_path(cases.parent / "baselines", run.engine["name"])
    _gate(
        data,
        baseline or default_baseline,
        explicit=baseline is not None,
        no_baseline=no_baseline,
        update=update_baseline,
        subset=bool(selected_tags),
        whole=split is None,
    )


def _write(data: dict, report: Path | None, eval_root: Path) -> None:
    """Both report files (FILE.md, FILE.json), and a summary on the terminal."""
    engine = data["engine"]
    stem = report or eval_root / "reports" / (
        f"{file_name(engine['name'])}-{file_name(engine['version'])}"
    )
    if stem.suffix in (".md", ".json"):
        stem = stem.with_suffix("")
    md_path, json_path = write_reports(data, stem)
    _summary(data, md_path, json_path)
    if "comparison" in data:
        typer.echo("\n".join(comparison_markdown(data["comparison"])))


def _check(case_set: CaseSet, fixtures, book: GoldBook, extra: list[Problem], cases: Path):
    result = self_check(case_set, fixtures, book, extra)
    summary = result.summary()
    typer.echo(
        f"Self-check of {summary['cases']} cases in {cases}: "
        f"{summary['multi_turn']} multi-turn, {summary['with_gold_sql']} with gold SQL."
    )
    typer.echo(f"Cases per tag: {_tag_line(summary['by_tag'])}.")
    if result.ok:
        typer.echo("No problems found.")
        raise typer.Exit(0)
    _problems("Problems found", result.problems, code=1)


def _summary(data: dict, md_path: Path, json_path: Path) -> None:
    m, n = data["metrics"], data["counts"]
    hits, total = n["execution_accuracy"]
    typer.echo(
        f"{data['engine']['name']} ({data['engine']['version']}): "
        f"execution accuracy {fmt(m['execution_accuracy'], 'rate')} ({hits}/{total}), "
        f"pass rate {fmt(m['pass_rate'], 'rate')}, "
        f"valid trees {fmt(m['valid_tree_rate'], 'rate')}, "
        f"tree match {fmt(m['tree_match_rate'], 'rate')}, "
        f"latency p50 {fmt(m['latency_p50_ms'], 'ms')} / p95 {fmt(m['latency_p95_ms'], 'ms')}."
    )
    if m.get("model_requests"):
        typer.echo(
            f"  the model: {m['model_cases']} cases, {m['model_requests']} requests, "
            f"{fmt(m['prompt_tokens_per_request'], 'count')} prompt tokens per request, "
            f"{m['reasks']} reasks, slowest case {fmt(m['latency_max_ms'], 'ms')}."
        )
    for name, part in data["splits"].items():
        pm, pc = part["metrics"], part["counts"]
        typer.echo(
            f"  {name or '(none)'}: execution accuracy {fmt(pm['execution_accuracy'], 'rate')} "
            f"({pc['execution_accuracy'][0]}/{pc['execution_accuracy'][1]}), "
            f"silent-wrong {fmt(pm['silent_wrong_rate'], 'rate')} "
            f"({pc['silent_wrong_rate'][0]}/{pc['silent_wrong_rate'][1]}), "
            f"selects everyone {pm['selects_everyone']}, nobody {pm['selects_nobody']}, "
            f"questions {fmt(pm['behaviour_clarify'], 'rate')} "
            f"({pc['behaviour_clarify'][0]}/{pc['behaviour_clarify'][1]}), "
            f"unexpected questions {pm['unexpected_questions']}."
        )
    typer.echo(f"Cases per tag: {_tag_line(data['case_counts']['by_tag'])}.")
    typer.echo(f"Reports: {md_path} and {json_path}")


def _gate(
    data: dict,
    path: Path,
    *,
    explicit: bool,
    no_baseline: bool,
    update: bool,
    subset: bool,
    whole: bool = True,
) -> None:
    try:
        previous = read_baseline(path)
    except BaselineError as exc:
        if not update:
            _fail(str(exc))
        previous = None
    if update:
        written = write_baseline(path, data, previous)
        typer.echo(
            f"Baseline written to {path}: execution accuracy "
            f"{fmt(written['execution_accuracy'], 'rate')}."
        )
        return
    if no_baseline:
        return
    if subset and not explicit:
        typer.echo("Not gated: --tags runs a subset; pass --baseline to gate it anyway.")
        return
    if previous is None:
        typer.echo(f"Not gated: no baseline at {path} (write one with --update-baseline).")
        return
    verdict = gate(data, previous, whole=whole)
    typer.echo(verdict.message)
    if not verdict.ok:
        raise typer.Exit(1)
