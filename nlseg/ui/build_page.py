"""The Build page: the conversation on the left; the tree, its live preview and saving on the
right."""

from __future__ import annotations

import streamlit as st

from nlseg.starter import DEMO_CONTACTS, ensure_demo
from nlseg.ui import chat, editor, preview, resources, save, state
from nlseg.ui.markup import escape


def _empty_store() -> None:
    st.info(
        "The database has no CRM data yet. Load the demo CRM "
        f"({DEMO_CONTACTS:,} realistic contacts with accounts, deals, campaigns and activity) "
        "to try nlseg, or sync your CRM into this database."
    )
    if st.button("Load the demo CRM", type="primary", key="load_demo"):
        with st.spinner("Building the demo CRM…"):
            summary = ensure_demo(resources.engine(), as_of=resources.clock().today)
        resources.data_changed()
        if summary is not None:
            state.flash("success", f"Demo CRM loaded: {summary.contacts:,} contacts.")
        st.rerun()


def render() -> None:
    state.init()
    current = state.editing()
    title = "Build a segment" if current is None else f"Edit “{current.name}”"
    st.title(escape(title))
    state.show_flash()
    if not resources.freshness().contacts:
        _empty_store()
    left, right = st.columns([2, 3], gap="large")
    with left:
        st.subheader("Describe")
        chat.render()
        if state.tree() is not None or state.turns():
            st.button("Start over", icon=":material/restart_alt:", on_click=state.start_over)
    with right:
        tree = state.tree()
        if tree is None:
            st.subheader("Review")
            st.caption("The segment appears here as soon as you describe it.")
            return
        st.subheader("Live preview")
        preview.render(tree)
        st.subheader("Conditions")
        editor.render(tree)
        st.subheader("Save")
        save.render(tree)
