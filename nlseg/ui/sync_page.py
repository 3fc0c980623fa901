"""The Sync page: the field mapping (saved, shipped or edited here), a run, the last runs,
freshness.

The mapping text is validated before anything runs or is saved; a run is one transaction, so
a bad file or mapping leaves the store as it was, and the page says why. A saved mapping is
kept in the store (``nlseg.sync.saved``), listed first under "Start from", and usable by name
from ``nlseg sync --mapping NAME``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from nlseg.sync.history import recent_runs
from nlseg.sync.mapping import MappingError, parse_mapping
from nlseg.sync.run import DeletionsNeedConsent, SyncError, sync
from nlseg.sync.saved import MAX_NAME, SAVED_PREFIX, save_mapping, saved_mappings
from nlseg.sync.sources import FolderSource, SourceError, write_uploads
from nlseg.ui import resources, state
from nlseg.ui.markup import escape

SHIPPED = Path(__file__).resolve().parent.parent / "sync" / "mappings"
MAX_REJECTIONS_SHOWN = 20

START = "sync_mapping_name"  # the "Start from" choice (also the run's mapping name)
LOADED = "sync_mapping_loaded"  # the start whose text the editor was last filled with
TEXT = "sync_mapping_text"
SAVE_NAME = "sync_save_name"
SAVED_MESSAGE = "sync_save_message"  # what the last save did, shown once under the button
PENDING = "sync_pending_deletes"  # a full sync stopped by its deletions: (count, plan lines)


def _shipped() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(SHIPPED.glob("*.toml"))}


def _starts() -> dict[str, str]:
    """Every mapping to start from, by label: saved ones first (by name), then shipped ones."""
    saved = {SAVED_PREFIX + n: t for n, t in saved_mappings(resources.engine()).items()}
    return saved | _shipped()


def _plain_name(label: str) -> str:
    return label.removeprefix(SAVED_PREFIX)


def _on_save() -> None:
    """Save the editor's text under the typed name (a callback: it may select the saved one)."""
    try:
        saved = save_mapping(
            resources.engine(),
            st.session_state.get(SAVE_NAME, ""),
            st.session_state.get(TEXT, ""),
            by=state.author(),
        )
    except MappingError as exc:
        st.session_state[SAVED_MESSAGE] = ("error", f"Not saved: {exc}", [])
        return
    label = SAVED_PREFIX + saved.name
    st.session_state[START] = label
    st.session_state[LOADED] = label  # the editor already holds the saved text
    st.session_state[SAVE_NAME] = saved.name
    verb = "Replaced" if saved.replaced else "Saved"
    message = f"{verb} mapping “{saved.name}”; nlseg sync --mapping accepts this name too."
    st.session_state[SAVED_MESSAGE] = ("success", message, saved.created_segments)


def _save(valid: bool) -> None:
    st.text_input("Save as", key=SAVE_NAME, max_chars=MAX_NAME)
    st.button(
        "Save mapping",
        key="sync_save",
        icon=":material/save:",
        disabled=not valid,
        on_click=_on_save,
        help=None if valid else "Fix the mapping first.",
    )
    shown = st.session_state.pop(SAVED_MESSAGE, None)
    if shown is None:
        return
    kind, message, created = shown
    (st.success if kind == "success" else st.error)(escape(message))
    if created:
        st.info("Default segments created: " + escape(", ".join(created)))


def _mapping_editor():
    """The mapping text (a saved or shipped one to start from, editable), saving it, and the
    parsed mapping or None."""
    starts = _starts()
    if st.session_state.get(START) not in starts:  # e.g. another database since
        st.session_state.pop(START, None)
    start = st.selectbox("Start from", list(starts), key=START)
    if st.session_state.get(LOADED) != start:
        st.session_state[TEXT] = starts[start]
        st.session_state[SAVE_NAME] = _plain_name(start)
        st.session_state[LOADED] = start
    text = st.text_area("Field mapping (TOML)", key=TEXT, height=260)
    origin = start if start.startswith(SAVED_PREFIX) else f"{start}.toml"
    try:
        mapping = parse_mapping(text, f"{origin} (edited here)")
    except MappingError as exc:
        st.error(escape(str(exc)))
        mapping = None
    _save(mapping is not None)
    return mapping


def _run(mapping) -> None:
    where = st.radio(
        "Exports", ["Upload files", "A folder on the server"], horizontal=True, key="sync_where"
    )
    if where == "Upload files":
        uploads = st.file_uploader(
            "One CSV or JSONL file per object, named as the mapping says (Contact.csv, ...)",
            type=["csv", "jsonl"],
            accept_multiple_files=True,
            key="sync_uploads",
        )
        folder = None
        ready = bool(uploads)
    else:
        uploads = []
        folder = st.text_input("Folder of exports (one CSV or JSONL per object)", key="sync_folder")
        ready = bool(folder)
    # Incremental first, the default: a full sync deletes what the files do not list.
    kind = st.radio("Kind", ["incremental", "full"], horizontal=True, key="sync_kind")
    disabled = mapping is None or not ready
    allow = _consent()
    if st.button("Run sync", type="primary", disabled=disabled, key="sync_run"):
        st.session_state[PENDING] = None
        allow = None
    elif allow is None or disabled:
        return
    try:
        with tempfile.TemporaryDirectory(prefix="nlseg-upload-") as scratch:
            if folder is None:
                files = [(u.name, u.getvalue()) for u in uploads]
                source = write_uploads(scratch, files)
                source_name = "upload: " + ", ".join(sorted(name for name, _ in files))
            else:
                source, source_name = FolderSource(folder), folder
            result = sync(
                resources.engine(),
                mapping,
                source,
                full=kind == "full",
                mapping_name=st.session_state.get(START),
                source_name=source_name[:500],
                allow_deletes=allow,
            )
    except DeletionsNeedConsent as exc:
        st.session_state[PENDING] = (exc.result.deleted, exc.result.plan_lines())
        st.rerun()  # the plan and the question, from the top
    except (SyncError, SourceError) as exc:
        st.error(f"Nothing was changed: {escape(str(exc))}")
        return
    _report(result)


def _consent() -> int | None:
    """The plan of a full sync stopped by its deletions, and the question: the number of
    deletions agreed to when the marketer confirms, else None."""
    pending = st.session_state.get(PENDING)
    if not pending:
        return None
    deleted, lines = pending
    with st.container(border=True):
        st.warning(
            escape(
                f"Nothing was changed: this full sync would delete {deleted:,} records, more "
                "than the mapping allows without asking. Its plan:"
            )
        )
        for line in lines:
            st.text(line)
        agree, cancel = st.columns(2)
        if cancel.button("Cancel", key="sync_cancel_deletes"):
            st.session_state[PENDING] = None
            st.rerun()
        if agree.button(f"Delete {deleted:,} records and sync", type="primary",
                        key="sync_confirm_deletes"):  # fmt: skip
            st.session_state[PENDING] = None
            return deleted  # exactly this plan's: a run that would delete more stops again
    return None


def _report(result) -> None:
    resources.data_changed()
    st.success(
        f"{result.kind.capitalize()} sync: {result.inserted:,} inserted, "
        f"{result.updated:,} updated, {result.deleted:,} deleted, "
        f"{len(result.rejected):,} rejected in {result.duration_ms:,} ms."
        + (
            f" {result.skipped:,} row{'' if result.skipped == 1 else 's'} skipped by the"
            " mapping's skip rules."
            if result.skipped
            else ""
        )
    )
    for rejection in result.rejected[:MAX_REJECTIONS_SHOWN]:
        st.warning(escape(str(rejection)))
    if result.created_segments:
        st.info("Default segments created: " + escape(", ".join(result.created_segments)))


def render() -> None:
    state.init()  # the name recorded with a saved mapping (NLSEG_USER, or from Settings)
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
