"""``nlseg ask``: translate a request (or a refinement of a saved tree), validate it, count it.

Prints, per the command-line contract (DESIGN section 7), one JSON object with ``tree``,
``sql``, ``count``, ``contact_ids`` (with ``--ids``), ``explanation``, ``assumptions``,
``unparsed``, ``notices``, ``usage`` and ``engine`` (``--engine`` offline, llm or auto).
Text that cannot become a valid tree exits with status 2 and a message on stderr, printing
no tree; a query over the time limit exits with status 3. An answer that selects every
contact or none, or whose conditions contradict each other (:mod:`nlseg.review`), is not
printed: its warning goes to stderr and the status is 4, unless ``--accept-broad`` is
given (then it is printed, with ``warnings`` in the JSON). With ``--json``, a request that
gives no answer (status 2 or 4) still prints one object: ``tree`` null, ``error``,
``question``, ``withheld`` (true for status 4), the warnings, notices and ``usage`` — what
the attempt cost.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from sqlalchemy import Engine, select

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
from nlseg.evaluate import TreeError, parse_tree
from nlseg.review import review
from nlseg.store import create_schema, make_engine, schema
from nlseg.translate.engine import EngineLoadError, load_engine
from nlseg.translate.result import Translation

ENGINES = ("offline", "llm", "auto")
BROAD_EXIT = 4  # the answer selects everyone or nobody: shown only with --accept-broad


def segment_names(engine: Engine) -> list[str]:
    """Names of the saved segments a request may refer to ("members of Webinar attendees")."""
    s = schema.segments
    with engine.connect() as conn:
        rows = conn.execute(select(s.c.name).where(s.c.status != "archived").order_by(s.c.name))
        return [name for (name,) in rows]


def translation_json(translation: Translation) -> dict[str, Any]:
    return {
        "assumptions": [
            a.model_dump(mode="json", exclude_none=True) for a in translation.assumptions
        ],
        "unparsed": translation.unparsed,
        "notices": translation.notices,
        "warnings": translation.warnings,
        "engine": translation.engine,
        "usage": translation.usage.model_dump(),
    }


def _print_no_answer(translation: Translation, withheld: bool = False) -> None:
    """``--json`` when no answer is printed: the reason, the question, and the usage."""
    out = {
        "tree": None,
        "error": translation.error,
        "question": translation.question,
        "withheld": withheld,  # a tree was made but selects everyone or nobody
        **translation_json(translation),
    }
    typer.echo(json.dumps(out, ensure_ascii=False))


def _load_translator(name: str):
    """The engine, or exit 2 with the reason (``--engine llm`` with no model says what to set)."""
    if name == "llm":
        from nlseg.translate.llm import LLMNotConfigured, SettingsError, require_settings

        try:
            require_settings()
        except (LLMNotConfigured, SettingsError) as exc:
            fail(f"--engine llm: {exc}")
    try:
        return load_engine(name)
    except EngineLoadError as exc:
        fail(str(exc))


def ask_command(
    text: str = typer.Argument(..., help="Who should be in the segment, in plain English."),
    db: str = DB_OPTION,
    engine_name: str = typer.Option(
        "offline",
        "--engine",
        help="Translator: offline, llm (the configured model) or auto (llm when configured, "
        "else offline; offline when the model fails).",
    ),
    base: Path = typer.Option(
        None, "--base", help="A filter tree (JSON file) that the text refines, as in a chat."
    ),
    as_of: str = AS_OF_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    ids: bool = typer.Option(False, "--ids", help="Include every member's contact id."),
    accept_broad: bool = typer.Option(
        False,
        "--accept-broad",
        help="Print an answer even when it selects every contact or none (exit 0, not 4).",
    ),
) -> None:
    """Translate plain English into a filter tree, validate it and count its members."""
    if engine_name not in ENGINES:
        fail(f"unknown engine '{engine_name}'; known engines: {', '.join(ENGINES)}.")
    translator = _load_translator(engine_name)
    clock = clock_for(as_of)
    engine = make_engine(db)
    create_schema(engine)
    catalog = load_catalog(engine)
    base_tree = None
    if base is not None:
        try:
            base_tree = parse_tree(read_text(base), catalog)
        except TreeError as exc:
            fail("the base tree is not valid:\n  - " + "\n  - ".join(exc.problems))
    translation = translator.translate(
        text, catalog=catalog, clock=clock, base=base_tree, segments=segment_names(engine)
    )
    if translation.tree is None:
        if as_json:  # what was tried, and what it cost, for scripts and evaluators
            _print_no_answer(translation)
        for notice in translation.notices:  # e.g. why the offline translator answered
            typer.echo(f"Note: {notice}", err=True)
        if translation.question and not translation.error:
            typer.echo(f"Question: {translation.question}", err=True)  # answer it, ask again
            raise typer.Exit(2)
        fail(translation.error or "no tree could be made.")
    checked = review(translation, engine, catalog, clock)
    translation = checked.translation
    if checked.needs_acceptance and not accept_broad:
        if as_json:
            _print_no_answer(translation, withheld=True)
        for warning in translation.warnings:
            typer.echo(f"Warning: {warning}", err=True)
        typer.echo(
            "Nothing printed: rerun with --accept-broad to use this answer anyway, or "
            "reword the request.",
            err=True,
        )
        raise typer.Exit(BROAD_EXIT)
    result = count_or_fail(engine, translation.tree, clock=clock, catalog=catalog, ids=ids)
    if not as_json:
        for warning in translation.warnings:
            typer.echo(f"Warning: {warning}", err=True)
        for assumption in translation.assumptions:
            typer.echo(f"Assumed: '{assumption.about}' means {assumption.chosen}.", err=True)
        for notice in translation.notices:
            typer.echo(f"Note: {notice}", err=True)
    print_result(result, as_json=as_json, ids=ids, extra=translation_json(translation))
