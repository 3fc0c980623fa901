"""The Segments page: every saved segment with its creator, last update and current count;
pick one to see and manage it."""

from __future__ import annotations

import streamlit as st

from nlseg.evaluate import TreeError, parse_tree
from nlseg.segments import SegmentInfo, list_segments
from nlseg.ui import resources, segment_detail, state
from nlseg.ui.preview import FAILURES


def _count(info: SegmentInfo, tree_json: dict) -> int | None:
    try:
        return resources.count(parse_tree(tree_json, resources.catalog()))
    except (TreeError, *FAILURES):
        return None  # shown as blank; the segment's own page says what failed


def _table(segments: list[SegmentInfo]) -> None:
    from nlseg.segments import version_tree

    engine = resources.engine()
    st.dataframe(
        [
            {
                "Name": s.name,
                "Status": s.status,
                "Contacts": _count(s, version_tree(engine, s.id)),
                "Version": s.current_version,
                "Created by": s.created_by,
                "Last updated (UTC)": s.updated_at,
                "Updated by": s.updated_by,
            }
            for s in segments
        ],
        hide_index=True,
        width="stretch",
        column_config={"Contacts": st.column_config.NumberColumn(format="localized")},
    )


def render() -> None:
    state.init()
    st.title("Segments")
    state.show_flash()
    archived = st.toggle("Show archived segments", key="show_archived")
    segments = list_segments(resources.engine(), include_archived=archived)
    if not segments:
        st.info("No saved segments yet. Describe one on the Build page and save it.")
        return
    _table(segments)
    ids = [s.id for s in segments]
    names = {s.id: s.name for s in segments}
    selected = st.session_state.get(segment_detail.SELECTED)
    if selected is not None and selected not in ids:  # just archived: keep it open
        hidden = [s for s in list_segments(resources.engine()) if s.id == selected]
        ids += [s.id for s in hidden]
        names.update({s.id: f"{s.name} (archived)" for s in hidden})
    st.selectbox(
        "Open a segment",
        ids,
        index=ids.index(selected) if selected in ids else None,
        format_func=names.get,
        placeholder="Choose a segment",
        key=segment_detail.SELECTED,
    )
    chosen = st.session_state.get(segment_detail.SELECTED)
    if chosen is not None:
        st.divider()
        segment_detail.render(chosen)
