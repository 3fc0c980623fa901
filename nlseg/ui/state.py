"""The session's working state: the current (always valid) tree, the conversation, the segment
being edited, and the last edit's validation problem.

``tree`` only ever holds a tree that passed validation. An edit goes through :func:`commit`,
which validates it first: on failure the problem is recorded for the place that was edited
and the last valid tree stays, so an invalid edit never loses work.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field

import streamlit as st

from nlseg.evaluate import TreeError, parse_tree
from nlseg.translate import Translation
from nlseg.tree import FilterTree
from nlseg.tree.edit import Path
from nlseg.ui import resources
from nlseg.ui.markup import escape

TREE = "tree"
TURNS = "turns"
REVISION = "tree_revision"
EDIT_PROBLEM = "edit_problem"
EDITING = "editing"
AUTHOR = "author"
FLASH = "flash"


@dataclass
class Turn:
    """One exchange of the conversation: what was typed, what came back, the tree after it."""

    text: str
    answer: Translation
    tree: FilterTree | None  # the tree this turn produced (None when it produced none)
    base: FilterTree | None = None  # the tree the turn refined
    choice: tuple[int, int] | None = None  # (assumption, alternative) switched to, if any


@dataclass
class Editing:
    """The saved segment open in the builder, and the version the edit started from."""

    segment_id: int
    name: str
    version: int
    description: str | None = None
    source_text: str | None = None


@dataclass
class EditProblem:
    path: Path
    problems: list[str] = field(default_factory=list)


def init() -> None:
    defaults = {
        TREE: None,
        TURNS: [],
        REVISION: 0,
        EDIT_PROBLEM: None,
        EDITING: None,
        AUTHOR: os.environ.get("NLSEG_USER") or _login_name(),
        FLASH: None,
    }
    for key, value in defaults.items():
        st.session_state.setdefault(key, value)


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "marketer"


def tree() -> FilterTree | None:
    return st.session_state.get(TREE)


def revision() -> int:
    return st.session_state.get(REVISION, 0)


def turns() -> list[Turn]:
    return st.session_state.setdefault(TURNS, [])


def editing() -> Editing | None:
    return st.session_state.get(EDITING)


def author() -> str:
    return st.session_state.get(AUTHOR) or "marketer"


def set_tree(new: FilterTree | None) -> None:
    """Make ``new`` (already valid) the current tree; editor widgets are rebuilt from it."""
    st.session_state[TREE] = new
    st.session_state[REVISION] = revision() + 1
    st.session_state[EDIT_PROBLEM] = None


def commit(data: dict, path: Path = ()) -> bool:
    """Validate an edited tree (JSON); keep it if valid, else record why at ``path``."""
    try:
        new = parse_tree(data, resources.catalog())
    except TreeError as exc:
        st.session_state[EDIT_PROBLEM] = EditProblem(path, exc.problems)
        return False
    set_tree(new)
    return True


def problem_at(path: Path) -> EditProblem | None:
    found = st.session_state.get(EDIT_PROBLEM)
    return found if found is not None and tuple(found.path) == tuple(path) else None


def flash(kind: str, message: str) -> None:
    """A message to show once, on the next run (after a callback or a page switch). It is
    shown as text: messages carry segment names and other user text, never Markdown."""
    st.session_state[FLASH] = (kind, message)


def show_flash() -> None:
    message = st.session_state.get(FLASH)
    if message:
        kind, text = message
        show = {"success": st.success, "error": st.error, "info": st.info}.get(kind, st.info)
        show(escape(text))
        st.session_state[FLASH] = None


def start_over() -> None:
    st.session_state[TURNS] = []
    st.session_state[EDITING] = None
    set_tree(None)


def open_segment(editing: Editing, tree: FilterTree) -> None:
    st.session_state[TURNS] = []
    st.session_state[EDITING] = editing
    set_tree(tree)


def source_text() -> str:
    """What the conversation asked for, turn by turn (saved with the segment)."""
    typed = [t.text for t in turns() if t.tree is not None]
    if typed:
        return "\n".join(typed)
    current = editing()
    return (current.source_text or "") if current else ""
