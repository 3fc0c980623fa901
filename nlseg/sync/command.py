"""``nlseg sync``: load a folder of CRM exports through a field mapping (DESIGN section 7)."""

from __future__ import annotations

from pathlib import Path

import typer
from sqlalchemy import Engine

from nlseg.cli_support import DB_OPTION
from nlseg.store import make_engine
from nlseg.sync.mapping import Mapping, MappingError, load_mapping
from nlseg.sync.run import DeletionsNeedConsent, SyncError, sync
from nlseg.sync.saved import SAVED_PREFIX, load_saved
from nlseg.sync.sources import FolderSource, SourceError

MAX_SHOWN = 20
UNLIMITED = 2**62  # --yes: any number of deletions


def _store_missing(engine: Engine) -> bool:
    """An SQLite file that does not exist yet: looking for a saved mapping would create it."""
    url = engine.url
    return (
        url.get_backend_name() == "sqlite"
        and url.database not in (None, "", ":memory:")
        and not Path(url.database).exists()
    )


def resolve_mapping(engine: Engine, name: str) -> tuple[Mapping, str]:
    """The mapping ``--mapping`` names, and its name for the sync log.

    A file of that name wins; else a mapping saved in the store under that name (from the
    app's Sync page); else :class:`MappingError` naming both places looked in.
    """
    if Path(name).exists():
        return load_mapping(name), name
    saved = None if _store_missing(engine) else load_saved(engine, name)
    if saved is None:
        raise MappingError(f"no file '{name}' and no saved mapping '{name}' in the store")
    return saved, SAVED_PREFIX + name.strip()


def sync_command(
    mapping: str = typer.Option(
        ..., "--mapping", help="Field mapping TOML file, or the name of a mapping saved in the app."
    ),
    source: str = typer.Option(..., "--source", help="Folder with one CSV/JSONL per object."),
    full: bool = typer.Option(False, "--full", help="Every record; delete what is gone (default)."),
    incremental: bool = typer.Option(
        False, "--incremental", help="Only records changed since the last successful run."
    ),
    db: str = DB_OPTION,
    allow_deletes: int = typer.Option(
        None,
        "--allow-deletes",
        min=0,
        help="Let a full sync delete up to N records beyond the mapping's limits "
        "(default: it stops and shows its plan).",
    ),
    yes: bool = typer.Option(
        False, "--yes", help="Let a full sync delete whatever its plan deletes."
    ),
    dry_run: bool = typer.Option(
        False,
        "--dry-run",
        help="Show what the sync would insert, update and delete; change nothing.",
    ),
) -> None:
    """Sync CRM exports into the store, in one transaction."""
    if full and incremental:
        typer.echo("Error: choose --full or --incremental, not both.", err=True)
        raise typer.Exit(2)
    if yes and allow_deletes is not None:
        typer.echo("Error: choose --yes or --allow-deletes N, not both.", err=True)
        raise typer.Exit(2)
    engine = make_engine(db)
    try:
        parsed, mapping_name = resolve_mapping(engine, mapping)
        folder = FolderSource(source)
    except (MappingError, SourceError) as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(2) from None
    try:
        result = sync(
            engine,
            parsed,
            folder,
            full=not incremental,
            mapping_name=mapping_name,
            source_name=source,
            allow_deletes=UNLIMITED if yes else allow_deletes,
            dry_run=dry_run,
        )
    except DeletionsNeedConsent as exc:
        typer.echo(
            f"Error: {exc}\nRun again with --allow-deletes {exc.result.deleted} (or --yes) to "
            "delete them, or --dry-run to see the plan.",
            err=True,
        )
        raise typer.Exit(2) from None
    except (SyncError, SourceError) as exc:
        typer.echo(f"Error: {exc}\nNothing was changed.", err=True)
        raise typer.Exit(1) from None
    if result.dry_run:
        typer.echo(f"{result.kind} sync, dry run (nothing was changed). The plan:")
        for line in result.plan_lines():
            typer.echo(f"  {line}")
    typer.echo(
        f"{result.kind} sync{' (dry run)' if result.dry_run else ''}: {result.inserted} "
        f"inserted, {result.updated} updated, {result.deleted} deleted, "
        f"{len(result.rejected)} rejected in {result.duration_ms} ms"
    )
    if result.skipped:
        rows = "row" if result.skipped == 1 else "rows"
        typer.echo(f"{result.skipped} {rows} skipped by the mapping's skip rules")
    for rejection in result.rejected[:MAX_SHOWN]:
        typer.echo(f"  rejected: {rejection}", err=True)
    if len(result.rejected) > MAX_SHOWN:
        typer.echo(f"  ... and {len(result.rejected) - MAX_SHOWN} more (see sync_runs)", err=True)
    if result.created_segments:
        typer.echo("Default segments created: " + ", ".join(result.created_segments))
