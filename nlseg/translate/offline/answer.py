"""Turning a reading into the :class:`Translation` every engine returns."""

from __future__ import annotations

from nlseg.catalog import Catalog
from nlseg.clock import Clock
from nlseg.translate.offline.ambiguity import Finish, assumptions
from nlseg.translate.offline.parse import Reading
from nlseg.translate.offline.references import reference_assumption
from nlseg.translate.result import Assumption, Translation
from nlseg.tree import FilterTree, sentence

ENGINE = "offline"
EXAMPLE = "e.g. 'VPs in Germany who opened our last campaign'"


def failure(message: str, reading: Reading | None = None) -> Translation:
    return Translation(
        error=message,
        unparsed=reading.unparsed if reading is not None else [],
        notices=reading.notes if reading is not None else [],
        engine=ENGINE,
    )


def asking(question: str, reading: Reading) -> Translation:
    """A clarifying question instead of a tree (see :mod:`nlseg.translate.offline.clarify`)."""
    return Translation(
        question=question, unparsed=reading.unparsed, notices=reading.notes, engine=ENGINE
    )


def out_of_scope(text: str, reading: Reading) -> str | None:
    """Why a request that asks for a figure is no audience (None when it may be one)."""
    if reading.instruction is not None:
        return None
    if reading.metric is not None:
        return (
            f"\u201c{text}\u201d asks for a figure ('{reading.metric}'), not for an audience: "
            "nlseg builds segments of contacts and does not compute rates, totals, averages, "
            f"reports or forecasts. Describe who should be in the segment, {EXAMPLE}."
        )
    if reading.question is not None:
        return (
            f"\u201c{text}\u201d is a question ('{reading.question} \u2026'), not a description "
            "of an audience: nlseg builds segments of contacts and does not answer questions "
            f"about figures or facts. Describe who should be in the segment, {EXAMPLE}."
        )
    return None


def why_no_tree(text: str, reading: Reading) -> str:
    if reading.instruction is not None:
        return (
            f"\u201c{text}\u201d asks to {reading.instruction.lower()} something, not to describe "
            f"an audience. nlseg only builds segments: describe who should be in it, {EXAMPLE}."
        )
    if reading.subjects_only and not reading.unparsed:
        return (
            f"\u201c{text}\u201d names no condition, so it would match everyone; "
            f"say who should be in the segment, {EXAMPLE}."
        )
    if reading.forecasts:
        shown = ", ".join(f"'{f}'" for f in reading.forecasts)
        return (
            f"\u201c{text}\u201d asks about the future ({shown}): the store holds what "
            "happened, not forecasts, so nlseg cannot select people by what they will do. "
            f"Describe who should be in the segment by what they did or what they are, {EXAMPLE}."
        )
    message = f"Could not understand \u201c{text}\u201d as an audience"
    if reading.unparsed:
        message += ": not understood: " + ", ".join(f"'{u}'" for u in reading.unparsed)
    message += "."
    if reading.notes:
        message += " " + " ".join(reading.notes)
    return message + f" Describe who should be in the segment, {EXAMPLE}."


def translation(
    tree: FilterTree,
    reading: Reading,
    catalog: Catalog,
    clock: Clock,
    finish: Finish,
    extra: list[Assumption] | None = None,
) -> Translation:
    notices = list(reading.notes)
    if reading.unparsed:
        shown = ", ".join(f"'{u}'" for u in reading.unparsed)
        notices.insert(0, f"Not understood, so not applied: {shown}.")
    # Validated with the catalog as context: a bare Translation(tree=…) would check the tree
    # (and each alternative's) against the standard catalog and reject custom fields.
    data = {
        "tree": tree,
        "explanation": sentence(tree, catalog, clock),
        "assumptions": [
            *(extra or []),
            *assumptions(reading, tree, catalog, finish),
            *(reference_assumption(about) for about in reading.vague),
        ],
        "unparsed": reading.unparsed,
        "engine": ENGINE,
        "notices": notices,
    }
    return Translation.model_validate(data, context={"catalog": catalog})
