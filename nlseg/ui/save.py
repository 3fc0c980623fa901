"""Saving: a new segment (name, description, the text it came from), or the next version of
the segment being edited — refused, with who changed it, when someone saved in between."""

from __future__ import annotations

import streamlit as st

from nlseg.segments import SegmentError, create_segment, update_segment
from nlseg.tree import FilterTree
from nlseg.ui import resources, state
from nlseg.ui.markup import escape
from nlseg.ui.preview import FAILURES


def _countable(tree: FilterTree) -> bool:
    """Only a tree that runs is saved (a missing or cyclic segment reference does not)."""
    try:
        resources.count(tree)
    except FAILURES as exc:
        st.error(f"Not saved: {escape(str(exc))}")
        return False
    return True


def _new_segment(tree: FilterTree) -> None:
    with st.form("save_new", clear_on_submit=False, border=False):
        name = st.text_input("Name", key="save_name", max_chars=200)
        description = st.text_area("Description (optional)", key="save_description", height=68)
        source = st.text_area(
            "Described as",
            value=state.source_text(),
            key=f"save_source:{len(state.turns())}",
            height=68,
            help="The words the segment came from, kept with it.",
        )
        if not st.form_submit_button("Save segment", type="primary", icon=":material/save:"):
            return
    if not _countable(tree):
        return
    try:
        segment_id = create_segment(
            resources.engine(),
            name,
            tree,
            author=state.author(),
            description=description,
            source_text=source,
        )
    except SegmentError as exc:
        st.error(escape(str(exc)))
        return
    saved = " ".join(name.split())
    st.session_state[state.EDITING] = state.Editing(segment_id, saved, 1, description, source)
    state.flash("success", f"Saved “{saved}” (version 1).")
    st.rerun()


def _new_version(tree: FilterTree, current: state.Editing) -> None:
    st.markdown(f"Editing **{escape(current.name)}** — you opened version {current.version}.")
    note = st.text_input("What changed (optional)", key=f"save_note:{current.version}")
    if not st.button(
        f"Save as version {current.version + 1}",
        type="primary",
        icon=":material/save:",
        key="save_version",
    ):
        return
    if not _countable(tree):
        return
    try:
        version = update_segment(
            resources.engine(),
            current.segment_id,
            tree,
            expected_version=current.version,
            author=state.author(),
            note=note or None,
            source_text=state.source_text() or None,
        )
    except SegmentError as exc:
        st.error(escape(str(exc)))
        return
    current.version = version
    state.flash("success", f"Saved “{current.name}” as version {version}.")
    st.rerun()


def render(tree: FilterTree) -> None:
    current = state.editing()
    if current is None:
        _new_segment(tree)
        return
    _new_version(tree, current)
    with st.expander("Save as a new segment instead"):
        _new_segment(tree)
