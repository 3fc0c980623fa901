"""What the ``nlseg`` commands share: the common options, failing with a message, counting
and printing a counted segment."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, NoReturn

import typer

from nlseg.catalog import Catalog
from nlseg.clock import Clock
from nlseg.compiler import CompileError
from nlseg.compiler.execute import QueryTimeout
from nlseg.evaluate import SegmentResult, evaluate
from nlseg.tree import FilterTree

DB_OPTION = typer.Option(
    None, "--db", help="Database URL (default: NLSEG_DATABASE_URL or sqlite:///nlseg.db)."
)
AS_OF_OPTION = typer.Option(
    None,
    "--as-of",
    help="Resolve relative dates against this day (YYYY-MM-DD; default NLSEG_AS_OF or today, UTC).",
)


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code)


def clock_for(as_of: str | None) -> Clock:
    try:
        return Clock.at(as_of)
    except ValueError as exc:
        fail(str(exc))


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        fail(f"cannot read {path}: {exc.strerror}")


def count_or_fail(
    engine, tree: FilterTree, *, clock: Clock, catalog: Catalog, ids: bool
) -> SegmentResult:
    """Count ``tree``; a tree that cannot compile exits 2, a query over the time limit 3."""
    try:
        return evaluate(engine, tree, clock=clock, catalog=catalog, with_ids=ids)
    except CompileError as exc:
        fail(str(exc))
    except QueryTimeout as exc:
        fail(str(exc), code=3)


def print_result(result: SegmentResult, *, as_json: bool, ids: bool, extra: dict | None = None):
    """Print a counted segment as ``nlseg count`` does: one JSON object (with ``extra`` keys),
    or the sentence, the count and, with ``ids``, the member ids."""
    if as_json:
        data: dict[str, Any] = result.to_json_dict()
        data.update(extra or {})
        typer.echo(json.dumps(data, indent=2))
        return
    typer.echo(result.explanation)
    noun = "contact" if result.count == 1 else "contacts"
    typer.echo(f"{result.count:,} {noun} (as of {result.as_of.isoformat()}).")
    if ids:
        typer.echo(" ".join(str(i) for i in result.contact_ids or []))
