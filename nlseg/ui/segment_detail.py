"""One saved segment: what it is, its members, and everything that can be done with it —
open to edit, duplicate, archive, delete, freeze, CSV, and its history with diffs and
restore."""

from __future__ import annotations

import datetime as dt
import functools
import re

import streamlit as st

from nlseg.evaluate import TreeError, parse_tree
from nlseg.export import segment_csv
from nlseg.segments import (
    ARCHIVED,
    SegmentError,
    SegmentInfo,
    delete_segment,
    duplicate_segment,
    get_segment,
    history,
    restore_version,
    set_archived,
    used_by,
    version_tree,
)
from nlseg.static_lists import (
    delete_static_list,
    freeze_segment,
    list_static_lists,
    static_list_csv,
)
from nlseg.tree import FilterTree
from nlseg.tree.render import sentence
from nlseg.ui import resources, state
from nlseg.ui.markup import escape
from nlseg.ui.preview import FAILURES

BUILD_PAGE = "nlseg/ui/pages/build.py"
SELECTED = "selected_segment"


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "segment"


def _stamp(moment: dt.datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC" if moment else "—"


def _run(action, success: str) -> None:
    """Run a segment action; its refusal (in use, stale, name taken) shows as an error."""
    try:
        action()
    except (SegmentError, *FAILURES) as exc:
        state.flash("error", str(exc))
        return
    state.flash("success", success)


def _open(info: SegmentInfo, tree: FilterTree) -> None:
    editing = state.Editing(
        info.id, info.name, info.current_version, info.description, info.source_text
    )
    state.open_segment(editing, tree)
    st.switch_page(BUILD_PAGE)


def _header(info: SegmentInfo, tree: FilterTree | None, problems: list[str]) -> None:
    st.subheader(escape(info.name))
    if info.status == ARCHIVED:
        st.badge("Archived", color="gray")
    if info.description:
        st.markdown(escape(info.description))
    if info.source_text:
        st.caption("Described as: " + escape(info.source_text))
    if tree is None:
        st.error("This segment no longer validates: " + escape(" ".join(problems)))
        return
    st.markdown(escape(sentence(tree, resources.catalog(), resources.clock())))
    try:
        n = resources.count(tree)
    except FAILURES as exc:
        st.error(f"The count failed: {escape(str(exc))}")
        return
    st.metric("Contacts now", f"{n:,}")
    st.caption(
        f"Version {info.current_version} · updated {_stamp(info.updated_at)} by "
        f"{escape(info.updated_by or '—')} · created by {escape(info.created_by or '—')}"
    )


def _actions(info: SegmentInfo, tree: FilterTree | None) -> None:
    engine = resources.engine()
    with st.container(horizontal=True):
        if tree is not None and st.button(
            "Open in the builder", type="primary", icon=":material/edit:", key="open"
        ):
            _open(info, tree)
        if info.status == ARCHIVED:
            st.button(
                "Unarchive",
                key="unarchive",
                on_click=_run,
                args=(lambda: set_archived(engine, info.id, False), f"Unarchived “{info.name}”."),
            )
        else:
            st.button(
                "Archive",
                key="archive",
                on_click=_run,
                args=(lambda: set_archived(engine, info.id, True), f"Archived “{info.name}”."),
            )
        if tree is not None:
            st.button(
                "Freeze into a static list",
                icon=":material/ac_unit:",
                key="freeze",
                on_click=_run,
                args=(
                    lambda: freeze_segment(
                        engine,
                        info.id,
                        resources.catalog(),
                        resources.clock(),
                        author=state.author(),
                    ),
                    f"Froze today's members of “{info.name}” into a static list.",
                ),
            )
            st.download_button(
                "Download CSV of all members",
                data=functools.partial(
                    segment_csv, engine, tree, resources.catalog(), resources.clock()
                ),
                file_name=f"{_slug(info.name)}-{resources.clock().today.isoformat()}.csv",
                mime="text/csv",
                icon=":material/download:",
                key="csv",
                on_click="ignore",
            )
    with st.expander("Duplicate"):
        new_name = st.text_input("Name of the copy", value=f"Copy of {info.name}", key="dup_name")
        st.button(
            "Duplicate",
            key="duplicate",
            on_click=_run,
            args=(
                lambda: duplicate_segment(
                    engine,
                    info.id,
                    st.session_state.get("dup_name", new_name),
                    author=state.author(),
                ),
                "Duplicated.",
            ),
        )
    with st.expander("Delete"):
        users = used_by(engine, info.id)
        if users:
            names = ", ".join(f"“{u.name}”" for u in users)
            st.warning(escape(f"Used by {names}: it cannot be deleted while they use it."))
        sure = st.checkbox("Yes, delete this segment and its history", key="delete_sure")
        st.button(
            "Delete",
            key="delete",
            disabled=not sure,
            on_click=_run,
            args=(lambda: _delete(info), f"Deleted “{info.name}”."),
        )


def _delete(info: SegmentInfo) -> None:
    delete_segment(resources.engine(), info.id)
    st.session_state[SELECTED] = None


def _history(info: SegmentInfo) -> None:
    st.markdown("**History**")
    engine = resources.engine()
    for version in history(engine, info.id, resources.catalog()):
        head = (
            f"Version {version.version} · {_stamp(version.created_at)} · "
            f"{version.author or '—'}" + (f" · {version.note}" if version.note else "")
        )
        with st.container(border=True):
            current = version.version == info.current_version
            st.markdown(escape(head) + (" · **current**" if current else ""))
            st.markdown("\n".join(f"- {escape(change)}" for change in version.changes))
            if not current:
                st.button(
                    f"Restore version {version.version}",
                    icon=":material/history:",
                    key=f"restore_v{version.version}",
                    type="tertiary",
                    on_click=_run,
                    args=(
                        lambda v=version.version: restore_version(
                            engine,
                            info.id,
                            v,
                            resources.catalog(),
                            expected_version=info.current_version,
                            author=state.author(),
                        ),
                        f"Restored version {version.version} "
                        f"as version {info.current_version + 1}.",
                    ),
                )


def _static_lists(info: SegmentInfo) -> None:
    engine = resources.engine()
    lists = list_static_lists(engine, info.id)
    if not lists:
        return
    st.markdown("**Static lists** (frozen snapshots)")
    for item in lists:
        with st.container(horizontal=True, vertical_alignment="center"):
            st.markdown(
                escape(
                    f"{item.name} · {item.member_count:,} contacts as of {item.as_of} · "
                    f"version {item.segment_version} · by {item.created_by or '—'}"
                )
            )
            st.download_button(
                "CSV",
                data=functools.partial(static_list_csv, engine, item.id),
                file_name=f"{_slug(item.name)}.csv",
                mime="text/csv",
                icon=":material/download:",
                key=f"list_csv:{item.id}",
                on_click="ignore",
            )
            st.button(
                "Delete",
                key=f"list_delete:{item.id}",
                type="tertiary",
                on_click=_run,
                args=(lambda i=item.id: delete_static_list(engine, i), "Static list deleted."),
            )


def render(segment_id: int) -> None:
    try:
        info = get_segment(resources.engine(), segment_id)
    except SegmentError as exc:
        st.error(escape(str(exc)))
        return
    tree, problems = None, []
    try:
        tree = parse_tree(version_tree(resources.engine(), info.id), resources.catalog())
    except TreeError as exc:
        problems = exc.problems
    _header(info, tree, problems)
    _actions(info, tree)
    _history(info)
    _static_lists(info)
