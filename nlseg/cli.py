"""The ``nlseg`` command (DESIGN section 7): demo data and segment counts."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from nlseg.catalog import load_catalog
from nlseg.cli_support import (
    AS_OF_OPTION,
    DB_OPTION,
    clock_for,
    count_or_fail,
    fail,
    print_result,
    read_text,
)
from nlseg.compiler.execute import TimeoutSettingError, configured_timeout_ms
from nlseg.evaluate import TreeError, parse_tree
from nlseg.store import create_schema, has_crm_data, make_engine

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)


@app.callback()
def _settings() -> None:
    # Settings every command reads: an unusable one is exit 2 with its name, before any work.
    try:
        configured_timeout_ms()
    except TimeoutSettingError as exc:
        fail(str(exc))


@app.command()
def demo(
    db: str = DB_OPTION,
    contacts: int = typer.Option(5000, "--contacts", min=1, help="How many contacts to create."),
    seed: int = typer.Option(42, "--seed", help="Same seed, same rows, on every machine."),
    as_of: str = AS_OF_OPTION,
    replace: bool = typer.Option(
        False, "--replace", help="Overwrite CRM data already in the database."
    ),
    if_empty: bool = typer.Option(
        False, "--if-empty", help="Keep a database that already holds CRM data (and succeed)."
    ),
) -> None:
    """Create the schema and fill it with a deterministic demo CRM."""
    from nlseg.sync.demo import StoreNotEmpty, build_demo

    engine = make_engine(db)
    if if_empty and not replace and has_crm_data(engine):
        where = engine.url.render_as_string(hide_password=True)
        typer.echo(f"{where} already holds CRM data; kept as it is.")
        return
    try:
        summary = build_demo(
            engine, contacts=contacts, seed=seed, as_of=clock_for(as_of).today, replace=replace
        )
    except StoreNotEmpty as exc:
        fail(str(exc))
    load_catalog(engine, refresh=True)
    typer.echo(
        f"Demo CRM ready in {engine.url.render_as_string(hide_password=True)}: "
        f"{summary.contacts:,} contacts, {summary.accounts:,} accounts, "
        f"{summary.opportunities:,} deals, {summary.campaigns:,} campaigns, "
        f"{summary.email_events:,} email events, {summary.activities:,} activities "
        f"({summary.seconds:.1f} s)."
    )


@app.command()
def count(
    tree: Path = typer.Option(
        ..., "--tree", help="The filter tree as a JSON file ('-' reads stdin)."
    ),
    db: str = DB_OPTION,
    as_of: str = AS_OF_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    ids: bool = typer.Option(False, "--ids", help="Include every member's contact id."),
) -> None:
    """Count the contacts a filter tree selects."""
    clock = clock_for(as_of)
    text = sys.stdin.read() if str(tree) == "-" else read_text(tree)
    engine = make_engine(db)
    create_schema(engine)
    catalog = load_catalog(engine)
    try:
        parsed = parse_tree(text, catalog)
    except TreeError as exc:
        fail("the filter is not valid:\n  - " + "\n  - ".join(exc.problems))
    result = count_or_fail(engine, parsed, clock=clock, catalog=catalog, ids=ids)
    print_result(result, as_json=as_json, ids=ids)


# Commands that live in their own modules.

from nlseg.evalsuite.command import eval_command  # noqa: E402

app.command("eval")(eval_command)

from nlseg.ask import ask_command  # noqa: E402

app.command("ask")(ask_command)

from nlseg.sync.command import sync_command  # noqa: E402

app.command("sync")(sync_command)


if __name__ == "__main__":  # pragma: no cover
    app()
