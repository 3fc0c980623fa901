"""``nlseg sync``: load a folder of CRM exports through a field mapping (DESIGN section 7)."""

from __future__ import annotations

import typer

from nlseg.cli_support import DB_OPTION
from nlseg.store import make_engine
from nlseg.sync.mapping import MappingError, load_mapping
from nlseg.sync.run import SyncError, sync
from nlseg.sync.sources import FolderSource, SourceError

MAX_SHOWN = 20


def sync_command(
    mapping: str = typer.Option(..., "--mapping", help="Field mapping TOML file."),
    source: str = typer.Option(..., "--source", help="Folder with one CSV/JSONL per object."),
    full: bool = typer.Option(False, "--full", help="Every record; delete what is gone (default)."),
    incremental: bool = typer.Option(
        False, "--incremental", help="Only records changed since the last successful run."
    ),
    db: str = DB_OPTION,
) -> None:
    """Sync CRM exports into the store, in one transaction."""
    if full and incremental:
        typer.echo("Error: choose --full or --incremental, not both.", err=True)
        raise typer.Exit(2)
    try:
        parsed = load_mapping(mapping)
        folder = FolderSource(source)
    except (MappingError, SourceError) as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(2) from None
    try:
        result = sync(
            make_engine(db),
            parsed,
            folder,
            full=not incremental,
            mapping_name=mapping,
            source_name=source,
        )
    except (SyncError, SourceError) as exc:
        typer.echo(f"Error: {exc}\nNothing was changed.", err=True)
        raise typer.Exit(1) from None
    typer.echo(
        f"{result.kind} sync: {result.inserted} inserted, {result.updated} updated, "
        f"{result.deleted} deleted, {len(result.rejected)} rejected in {result.duration_ms} ms"
    )
    if result.skipped:
        typer.echo(f"{result.skipped} rows skipped by the mapping's skip rules")
    for rejection in result.rejected[:MAX_SHOWN]:
        typer.echo(f"  rejected: {rejection}", err=True)
    if len(result.rejected) > MAX_SHOWN:
        typer.echo(f"  ... and {len(result.rejected) - MAX_SHOWN} more (see sync_runs)", err=True)
    if result.created_segments:
        typer.echo("Default segments created: " + ", ".join(result.created_segments))
