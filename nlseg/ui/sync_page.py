"""The Sync page: the field mapping (shipped or edited here), a run, the last runs, freshness.

The mapping text is validated before anything runs; a run is one transaction, so a bad
file or mapping leaves the store as it was, and the page says why.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from nlseg.sync.history import recent_runs
from nlseg.sync.mapping import MappingError, parse_mapping
from nlseg.sync.run import SyncError, sync
from nlseg.sync.sources import FolderSource, SourceError
from nlseg.ui import resources
from nlseg.ui.markup import escape

SHIPPED = Path(__file__).resolve().parent.parent / "sync" / "mappings"
MAX_REJECTIONS_SHOWN = 20


def _shipped() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(SHIPPED.glob("*.toml"))}


def _mapping_editor():
    """The mapping text (a shipped one to start from, editable), and the parsed mapping or None."""
    shipped = _shipped()
    start = st.selectbox("Start from", list(shipped), key="sync_mapping_name")
    if st.session_state.get("sync_mapping_loaded") != start:
        st.session_state["sync_mapping_text"] = shipped[start]
        st.session_state["sync_mapping_loaded"] = start
    text = st.text_area("Field mapping (TOML)", key="sync_mapping_text", height=260)
    try:
        return parse_mapping(text, f"{start}.toml (edited here)")
    except MappingError as exc:
        st.error(escape(str(exc)))
        return None


def _run(mapping) -> None:
    folder = st.text_input("Folder of exports (one CSV or JSONL per object)", key="sync_folder")
    kind = st.radio("Kind", ["full", "incremental"], horizontal=True, key="sync_kind")
    if not st.button("Run sync", type="primary", disabled=mapping is None or not folder):
        return
    try:
        result = sync(
            resources.engine(),
            mapping,
            FolderSource(folder),
            full=kind == "full",
            mapping_name=st.session_state.get("sync_mapping_name"),
            source_name=folder,
        )
    except (SyncError, SourceError) as exc:
        st.error(f"Nothing was changed: {escape(str(exc))}")
        return
    resources.data_changed()
    st.success(
        f"{result.kind.capitalize()} sync: {result.inserted:,} inserted, "
        f"{result.updated:,} updated, {result.deleted:,} deleted, "
        f"{len(result.rejected):,} rejected in {result.duration_ms:,} ms."
        + (
            f" {result.skipped:,} rows skipped by the mapping's skip rules."
            if result.skipped
            else ""
        )
    )
    for rejection in result.rejected[:MAX_REJECTIONS_SHOWN]:
        st.warning(escape(str(rejection)))
    if result.created_segments:
        st.info("Default segments created: " + escape(", ".join(result.created_segments)))


def render() -> None:
    st.title("Sync")
    st.caption(escape(resources.freshness().describe()))
    st.subheader("Mapping")
    mapping = _mapping_editor()
    st.subheader("Run")
    _run(mapping)
    st.subheader("Last runs")
    runs = recent_runs(resources.engine())
    if runs:
        st.dataframe(runs, hide_index=True)
    else:
        st.write("No sync has run on this database yet.")
