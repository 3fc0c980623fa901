"""The tree as editable conditions: nested ALL/ANY groups, conditions with value widgets by
type, related-record conditions with an explicit quantifier and time window, and saved
segment references.

Every widget's key carries the tree revision, so after each accepted edit all widgets are
rebuilt from the new tree. Each change runs a callback that builds the edited tree (with
:mod:`nlseg.tree.edit`) and hands it to :func:`nlseg.ui.state.commit`, which keeps it only
if it validates; otherwise the problem shows under the edited item and the last valid tree
stays in place.
"""

from __future__ import annotations

import json
import re

import streamlit as st

from nlseg.catalog import OPERATOR_TABLE, Catalog, FieldDef, Op, Relation, ValueShape
from nlseg.segments import list_segments
from nlseg.tree import FilterTree, Quantifier
from nlseg.tree import edit as ed
from nlseg.tree.edit import WHERE, Path
from nlseg.tree.validation import COUNTED
from nlseg.ui import edits, resources, state, values
from nlseg.ui.markup import escape

QUANTIFIER_LABELS = {
    Quantifier.ANY: "at least one",
    Quantifier.NONE: "none",
    Quantifier.AT_LEAST: "at least N",
    Quantifier.AT_MOST: "at most N (none included)",
    Quantifier.EXACTLY: "exactly N",
    Quantifier.ALL_OF_LAST: "one in each of the last N email campaigns",
    Quantifier.ANY_OF_LAST: "one in any of the last N email campaigns",
}
LAST_N = (Quantifier.ALL_OF_LAST, Quantifier.ANY_OF_LAST)
ANY_TIME = edits.ANY_TIME
LOGIC_LABELS = {"and": "ALL of these", "or": "ANY of these"}


def _field_label(catalog: Catalog, spec: FieldDef) -> str:
    entity = catalog.entities[spec.entity].label
    return f"{entity[:1].upper()}{entity[1:]} · {spec.label}"


def _field_help(spec: FieldDef) -> str | None:
    """The words a request may use for the field: its names and the catalog's aliases."""
    words = [*spec.synonyms, *spec.aliases]
    if not words:
        return None
    return escape(f"Also called: {', '.join(dict.fromkeys(words))}.")


def _problem(path: Path) -> None:
    found = state.problem_at(path)
    if found is not None:
        # Shown under the item edited, so the position in the tree ("at root…") is noise.
        problems = [re.sub(r" \(at root[^)]*\)$", "", p) for p in found.problems]
        st.error(
            "Not applied — the segment keeps its last valid version:\n\n"
            + "\n".join(f"- {escape(p)}" for p in problems)
        )


def _actions(revision: int, path: Path, siblings: int, can_indent: bool) -> None:
    index = path[-1]
    assert isinstance(index, int)
    in_subgroup = len(path) >= 2 and isinstance(path[-2], int)
    buttons = [
        ("up", ":material/arrow_upward:", "Move up", index > 0),
        ("down", ":material/arrow_downward:", "Move down", index < siblings - 1),
        ("in", ":material/subdirectory_arrow_right:", "Into the group above", can_indent),
        ("out", ":material/north_west:", "Out of this group", in_subgroup),
        ("remove", ":material/close:", "Remove", True),
    ]
    for action, icon, tip, enabled in buttons:
        if enabled:
            st.button(
                "",
                icon=icon,
                help=tip,
                key=edits.key(path, action),
                type="tertiary",
                on_click=edits.on_action,
                args=(revision, path, action),
            )


def _group(data: dict, path: Path, scope: tuple[str, ...], top: bool) -> None:
    node = ed.node_at(data, path)
    revision = state.revision()
    with st.container(border=True):
        row = st.container(horizontal=True, vertical_alignment="center")
        with row:
            st.radio(
                "Match",
                list(LOGIC_LABELS),
                index=list(LOGIC_LABELS).index(node["logic"]),
                format_func=LOGIC_LABELS.get,
                horizontal=True,
                key=edits.key(path, "logic"),
                on_change=edits.on_logic,
                args=(revision, path),
            )
            st.checkbox(
                "NOT (exclude these)",
                value=bool(node.get("negate")),
                key=edits.key(path, "negate"),
                on_change=edits.on_negate,
                args=(revision, path),
                help="Keep the contacts that do not match this group.",
            )
        _problem(path)
        children = node["children"]
        for i, child in enumerate(children):
            can_indent = i > 0 and children[i - 1].get("kind") == "group"
            _node(data, (*path, i), child, scope, top, len(children), can_indent)
        _adder(path, scope, top)


def _node(data, path, node, scope, top, siblings: int, can_indent: bool) -> None:
    revision = state.revision()
    kind = node.get("kind")
    if kind == "group":
        _group(data, path, scope, top)
        with st.container(horizontal=True):
            _actions(revision, path, siblings, can_indent)
        return
    with st.container(border=kind != "condition"):
        if kind == "condition":
            _condition(path, node, scope, siblings, can_indent)
        elif kind == "related":
            _related(data, path, node, siblings, can_indent)
        else:
            _segment(path, node, siblings, can_indent)


def _condition(path: Path, node: dict, scope, siblings: int, can_indent: bool) -> None:
    catalog = resources.catalog()
    revision = state.revision()
    today = resources.clock().today
    spec = catalog.field(node["field"])
    fields = [f.key for f in catalog.fields_of(scope)]
    ops = [o.value for o in spec.operators]
    op_now = st.session_state.get(edits.key(path, "op"), node["op"])
    op_now = op_now if op_now in ops else node["op"]
    with st.container(horizontal=True, vertical_alignment="bottom"):
        st.selectbox(
            "Field",
            fields,
            index=fields.index(spec.key),
            format_func=lambda k: _field_label(catalog, catalog.field(k)),
            help=_field_help(spec),
            key=edits.key(path, "field"),
            on_change=edits.on_field,
            args=(revision, path),
        )
        st.selectbox(
            "Operator",
            ops,
            index=ops.index(node["op"]),
            format_func=lambda o: OPERATOR_TABLE[Op(o)].label,
            key=edits.key(path, "op"),
            on_change=edits.on_op,
            args=(revision, path, spec.key),
        )
        _actions(revision, path, siblings, can_indent)
    op = Op(op_now)
    initial = ed.value_for(spec, op, node.get("value"), today)
    values.render(
        spec,
        op,
        initial,
        today,
        edits.key(path, "value"),
        edits.on_value,
        (revision, path, spec.key, op.value),
    )
    _problem(path)


def _related(data: dict, path: Path, node: dict, siblings: int, can_indent: bool) -> None:
    catalog = resources.catalog()
    revision = state.revision()
    today = resources.clock().today
    relation: Relation = catalog.relation(node["relation"])
    relations = [r.name for r in catalog.relations.values() if r.cardinality == "1:many"]
    quantifiers = [q.value for q in Quantifier if q not in LAST_N or relation.supports_all_of_last]
    quantifier = Quantifier(node["quantifier"])
    args = (revision, path, relation.name)
    with st.container(horizontal=True, vertical_alignment="bottom"):
        st.selectbox(
            "Related records",
            relations,
            index=relations.index(relation.name),
            format_func=lambda r: catalog.relation(r).label,
            key=edits.key(path, "relation"),
            on_change=edits.on_relation,
            args=(revision, path),
        )
        st.selectbox(
            "How many",
            quantifiers,
            index=quantifiers.index(quantifier.value),
            format_func=lambda q: QUANTIFIER_LABELS[Quantifier(q)],
            key=edits.key(path, "quantifier"),
            on_change=edits.on_related,
            args=args,
        )
        if quantifier in COUNTED:
            st.number_input(
                "N",
                value=node.get("count", 1),
                step=1,
                key=edits.key(path, "count"),
                on_change=edits.on_related,
                args=args,
            )
        _actions(revision, path, siblings, can_indent)
    if relation.timestamp_field:
        spec = catalog.field(relation.timestamp_field)
        window = node.get("window") or {}
        valued = [o for o in spec.operators if OPERATOR_TABLE[o].shape is not ValueShape.NONE]
        whens = [ANY_TIME] + [o.value for o in valued]
        when = window.get("op", ANY_TIME)
        st.selectbox(
            f"When ({spec.label})",
            whens,
            index=whens.index(when) if when in whens else 0,
            format_func=lambda o: "any time" if o == ANY_TIME else OPERATOR_TABLE[Op(o)].label,
            key=edits.key(path, "when"),
            on_change=edits.on_when,
            args=args,
        )
        if when != ANY_TIME:
            initial = ed.value_for(spec, Op(when), window.get("value"), today)
            values.render(
                spec, Op(when), initial, today, edits.key(path, "window"), edits.on_related, args
            )
    _problem(path)
    if node.get(WHERE) is not None:
        st.caption(f"Only {relation.plural} where:")
        _group(data, (*path, WHERE), relation.entities, top=False)
    else:
        st.button(
            f"Filter the {relation.plural}",
            icon=":material/filter_alt:",
            key=edits.key(path, "add_where"),
            on_click=edits.on_add_where,
            args=args,
            type="tertiary",
        )


@st.cache_data(ttl=10, show_spinner=False)
def _segment_names(url: str, stamp: tuple) -> list[str]:
    return [s.name for s in list_segments(resources.engine_for(url), include_archived=False)]


def _saved_names() -> list[str]:
    from nlseg.segments import segments_revision

    url = resources.current_url()
    return _segment_names(url, segments_revision(resources.engine_for(url)))


def _segment(path: Path, node: dict, siblings: int, can_indent: bool) -> None:
    revision = state.revision()
    names = _saved_names()
    current = str(node["segment"])
    if current not in names:
        names = [current, *names]
    with st.container(horizontal=True, vertical_alignment="bottom"):
        st.checkbox(
            "NOT in",
            value=bool(node.get("negate")),
            key=edits.key(path, "segment_not"),
            on_change=edits.on_segment,
            args=(revision, path),
        )
        st.selectbox(
            "Member of saved segment",
            names,
            index=names.index(current),
            key=edits.key(path, "segment"),
            on_change=edits.on_segment,
            args=(revision, path),
        )
        _actions(revision, path, siblings, can_indent)
    _problem(path)


def _adder(path: Path, scope: tuple[str, ...], top: bool) -> None:
    catalog = resources.catalog()
    revision = state.revision()
    options = {f"field:{f.key}": _field_label(catalog, f) for f in catalog.fields_of(scope)}
    if top:
        for r in catalog.relations.values():
            if r.cardinality == "1:many":
                options[f"related:{r.name}"] = f"Related records · {r.label}"
        for name in _saved_names():
            options[f"segment:{name}"] = f"Saved segment · {name}"
    keys = list(options)
    with st.container(horizontal=True, vertical_alignment="bottom"):
        st.selectbox(
            "Add a condition on",
            keys,
            index=None,
            format_func=options.get,
            placeholder="Choose a field, related records or a saved segment",
            key=edits.key(path, "add"),
        )
        st.button(
            "Add",
            icon=":material/add:",
            key=edits.key(path, "add_button"),
            on_click=edits.on_add,
            args=(revision, path, False),
        )
        st.button(
            "Add as ANY-of group",
            key=edits.key(path, "add_group"),
            on_click=edits.on_add,
            args=(revision, path, True),
            help="Add it inside a new group whose conditions are alternatives (OR).",
        )


def render(tree: FilterTree) -> None:
    """The editable conditions of ``tree`` (the session's current tree)."""
    data = ed.display_form(ed.tree_dict(tree))
    catalog = resources.catalog()
    _group(data, (), catalog.top_level_entities, top=True)
    with st.expander("Edit as JSON"):
        revision = state.revision()
        st.text_area(
            "Filter tree (JSON)",
            value=json.dumps(ed.tree_dict(tree), indent=2),
            height=300,
            key=f"ed:{revision}:json",
        )
        st.button(
            "Apply JSON", key=f"ed:{revision}:json_apply", on_click=edits.on_json, args=(revision,)
        )
        _problem(edits.JSON)
