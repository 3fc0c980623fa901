"""How the commands print a counted segment: one JSON object, or a few readable lines."""

from __future__ import annotations

import json
from typing import Any

import typer

from nlseg.evaluate import SegmentResult


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
