"""The live preview: count, data freshness, first 10 contacts, waterfall, why / why not, SQL.

Everything here is recomputed from the current tree on every change (through the caches in
:mod:`nlseg.ui.resources`). A count that fails or times out says so in red: a number is
never shown that was not computed for the tree on screen.
"""

from __future__ import annotations

import streamlit as st

from nlseg.compiler import CompileError
from nlseg.compiler.execute import QueryTimeout
from nlseg.evaluate import TreeError
from nlseg.explain import why
from nlseg.refresh import has_steps
from nlseg.tree import FilterTree
from nlseg.tree.render import sentence
from nlseg.ui import resources
from nlseg.ui.markup import escape
from nlseg.waterfall import emptied_by

FAILURES = (CompileError, QueryTimeout, TreeError, LookupError)
PREVIEW_COLUMNS = {"first_name": "First name", "last_name": "Last name", "email": "Email"}


def _failed(what: str, exc: Exception) -> None:
    st.error(f"The {what} failed: {escape(str(exc))}")


def count_metric(tree: FilterTree) -> int | None:
    """The headline number, with the day it is for and how fresh the data is."""
    try:
        total = resources.count(tree)
    except FAILURES as exc:
        _failed("count", exc)
        return None
    st.metric("Contacts in the segment", f"{total:,}")
    today = resources.clock().today.isoformat()
    st.caption(f"As of {today} (UTC) · {escape(resources.freshness().describe())}")
    return total


def first_contacts(tree: FilterTree) -> None:
    try:
        found = resources.first_rows(tree, 10)
    except FAILURES as exc:
        _failed("preview", exc)
        return
    if not found:
        st.info("No contact matches yet.")
        return
    shown = [
        {
            "Name": " ".join(p for p in (r["first_name"], r["last_name"]) if p),
            "Email": r["email"],
            "Company": r["company"],
        }
        for r in found
    ]
    st.dataframe(shown, hide_index=True, width="stretch")


def waterfall(tree: FilterTree) -> None:
    if not has_steps(tree):
        st.caption(
            "With two or more top-level conditions, the waterfall shows how each one narrows "
            "the segment."
        )
        return
    try:
        steps = resources.waterfall_of(tree)
    except FAILURES as exc:
        _failed("waterfall", exc)
        return
    logic = tree.root.logic
    everyone = max(resources.freshness().contacts, 1)
    st.dataframe(
        [
            {"Step": s.label, "Contacts": s.remaining, "Share": s.remaining / everyone}
            for s in steps
        ],
        hide_index=True,
        width="stretch",
        # Fixed widths: sized to its long step labels the grid pushed the counts off screen.
        column_config={
            "Step": st.column_config.TextColumn("Step", width=300),
            "Contacts": st.column_config.NumberColumn("Contacts", width="small"),
            "Share": st.column_config.ProgressColumn(
                "Share of all contacts", format="percent", min_value=0, max_value=1, width=150
            ),
        },
    )
    culprit = emptied_by(steps, logic)
    if culprit is not None:
        st.warning(f"No contact is left after: **{escape(culprit)}**.")
    elif logic == "or":
        st.caption("ANY of: each row counts the contacts matched by that row or an earlier one.")


def why_panel(tree: FilterTree) -> None:
    email = st.text_input(
        "Why is (or isn't) this contact in the segment?",
        placeholder="Email address",
        key="why_email",
    )
    if not email:
        return
    try:
        verdicts = why(resources.engine(), tree, resources.catalog(), resources.clock(), email)
    except FAILURES as exc:
        _failed("check", exc)
        return
    if not verdicts:
        st.info(f"No contact has the email {escape(email)}.")
        return
    for verdict in verdicts:
        status = "is in the segment" if verdict.member else "is not in the segment"
        st.markdown(f"**{escape(verdict.name)}** ({escape(verdict.email or '')}) {status}:")
        lines = []
        for check in verdict.checks:
            mark = ":green[✓]" if check.holds else ":red[✗]"
            lines.append(f"{'    ' * check.depth}- {mark} {escape(check.text)}")
        st.markdown("\n".join(lines))


def sql_panel(tree: FilterTree) -> None:
    if st.toggle("Show the SQL", key="show_sql"):
        try:
            st.code(resources.sql(tree), language="sql")
        except FAILURES as exc:
            _failed("SQL", exc)
        st.caption("Values are bound parameters (shown as ? or %(name)s), never pasted into SQL.")


def render(tree: FilterTree) -> None:
    st.markdown(escape(sentence(tree, resources.catalog(), resources.clock())))
    count_metric(tree)
    contacts, steps, explain, sql = st.tabs(
        ["First 10 contacts", "Waterfall", "Why / why not", "SQL"]
    )
    with contacts:
        first_contacts(tree)
    with steps:
        waterfall(tree)
    with explain:
        why_panel(tree)
    with sql:
        sql_panel(tree)
