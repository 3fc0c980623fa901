"""What each editor widget does when changed: build the edited tree and commit it.

Callbacks receive the tree revision their widget was drawn for and do nothing when the tree
has changed since (their path may point elsewhere now). Each edit is made with
:mod:`nlseg.tree.edit` on the tree as displayed (a group at the root and in every related
condition's filter) and handed to :func:`nlseg.ui.state.commit`, which keeps it only if it
validates; an edit that cannot be made records why at the edited place.
"""

from __future__ import annotations

import json

import streamlit as st

from nlseg.catalog import Op
from nlseg.tree import Quantifier
from nlseg.tree import edit as ed
from nlseg.tree.edit import WHERE, Path
from nlseg.tree.validation import COUNTED
from nlseg.ui import resources, state, values

ANY_TIME = "any_time"
JSON = ("json",)


def key_at(revision: int, path: Path, name: str) -> str:
    where = ".".join(str(step) for step in path) or "root"
    return f"ed:{revision}:{where}:{name}"


def key(path: Path, name: str) -> str:
    """The key of a widget drawn now (for the current tree revision)."""
    return key_at(state.revision(), path, name)


def displayed() -> dict:
    tree = state.tree()
    assert tree is not None
    return ed.display_form(ed.tree_dict(tree))


def current(revision: int) -> bool:
    """A callback from a widget drawn for an older tree does nothing (its path may be stale)."""
    return revision == state.revision() and state.tree() is not None


def apply(revision: int, path: Path, edit) -> None:
    if not current(revision):
        return
    try:
        data = edit(displayed())
    except ed.EditError as exc:
        st.session_state[state.EDIT_PROBLEM] = state.EditProblem(path, [str(exc)])
        return
    state.commit(data, path)


def widget(revision: int, path: Path, name: str):
    """The current value of a widget drawn for ``revision`` (read in its callback)."""
    return st.session_state.get(key_at(revision, path, name))


def on_logic(revision: int, path: Path) -> None:
    logic = widget(revision, path, "logic")
    apply(revision, path, lambda d: ed.set_group(d, path, logic=logic))


def on_negate(revision: int, path: Path) -> None:
    negate = bool(widget(revision, path, "negate"))
    apply(revision, path, lambda d: ed.set_group(d, path, negate=negate))


def on_action(revision: int, path: Path, action: str) -> None:
    edits = {
        "up": lambda d: ed.move(d, path, -1),
        "down": lambda d: ed.move(d, path, 1),
        "out": lambda d: ed.outdent(d, path),
        "in": lambda d: ed.indent(d, path),
        "remove": lambda d: ed.remove(d, path),
    }
    problem_path = path if action != "remove" else path[:-1]
    apply(revision, problem_path, edits[action])


def on_field(revision: int, path: Path) -> None:
    spec = resources.catalog().field(widget(revision, path, "field"))
    node = ed.default_condition(spec, resources.clock().today)
    apply(revision, path, lambda d: ed.replace(d, path, node))


def on_op(revision: int, path: Path, field_key: str) -> None:
    spec = resources.catalog().field(field_key)
    op = Op(widget(revision, path, "op"))
    today = resources.clock().today

    def edit(data: dict) -> dict:
        return ed.replace(data, path, ed.with_op(ed.node_at(data, path), spec, op, today))

    apply(revision, path, edit)


def on_value(revision: int, path: Path, field_key: str, op_value: str) -> None:
    spec = resources.catalog().field(field_key)
    op = Op(widget(revision, path, "op") or op_value)
    value = values.read(spec, op, key_at(revision, path, "value"))
    apply(revision, path, lambda d: ed.replace(d, path, ed.condition(spec, op, value)))


def on_relation(revision: int, path: Path) -> None:
    relation = resources.catalog().relation(widget(revision, path, "relation"))
    apply(revision, path, lambda d: ed.replace(d, path, ed.default_related(relation)))


def on_related(revision: int, path: Path, relation_name: str) -> None:
    catalog = resources.catalog()
    relation = catalog.relation(relation_name)

    def edit(data: dict) -> dict:
        node = dict(ed.node_at(data, path))
        quantifier = Quantifier(widget(revision, path, "quantifier") or node["quantifier"])
        node["quantifier"] = quantifier.value
        node.pop("count", None)
        if quantifier in COUNTED:
            count = widget(revision, path, "count")
            node["count"] = count if count is not None else node.get("count", 1)
            if node["count"] is None:
                node["count"] = 1
        node.pop("window", None)
        when = widget(revision, path, "when")
        if relation.timestamp_field and when and when != ANY_TIME:
            spec = catalog.field(relation.timestamp_field)
            op = Op(when)
            window_value = values.read(spec, op, key_at(revision, path, "window"))
            node["window"] = {"op": op.value, "value": window_value}
        return ed.replace(data, path, node)

    apply(revision, path, edit)


def on_when(revision: int, path: Path, relation_name: str) -> None:
    """A new window operator: start its value from the old window's, converted."""
    catalog = resources.catalog()
    relation = catalog.relation(relation_name)
    when = widget(revision, path, "when")
    today = resources.clock().today

    def edit(data: dict) -> dict:
        node = dict(ed.node_at(data, path))
        previous = (node.pop("window", None) or {}).get("value")
        if when != ANY_TIME and relation.timestamp_field:
            spec = catalog.field(relation.timestamp_field)
            node["window"] = {"op": when, "value": ed.value_for(spec, Op(when), previous, today)}
        return ed.replace(data, path, node)

    apply(revision, path, edit)


def on_add_where(revision: int, path: Path, relation_name: str) -> None:
    catalog = resources.catalog()
    relation = catalog.relation(relation_name)
    first = catalog.fields_of(relation.entities)[0]
    condition = ed.default_condition(first, resources.clock().today)
    apply(revision, path, lambda d: ed.insert(d, (*path, WHERE), condition))


def on_segment(revision: int, path: Path) -> None:
    name = widget(revision, path, "segment")
    negate = bool(widget(revision, path, "segment_not"))
    apply(revision, path, lambda d: ed.replace(d, path, ed.segment_ref(name, negate)))


def on_add(revision: int, path: Path, as_group: bool) -> None:
    choice = widget(revision, path, "add")
    if not choice:
        return
    catalog = resources.catalog()
    kind, _, name = choice.partition(":")
    if kind == "field":
        node = ed.default_condition(catalog.field(name), resources.clock().today)
    elif kind == "related":
        node = ed.default_related(catalog.relation(name))
    else:
        node = ed.segment_ref(name)
    if as_group:
        node = ed.group([node], "or")
    apply(revision, path, lambda d: ed.insert(d, path, node))


def on_json(revision: int) -> None:
    if not current(revision):
        return
    text = st.session_state.get(f"ed:{revision}:json", "")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        problem = f"This is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})."
        st.session_state[state.EDIT_PROBLEM] = state.EditProblem(JSON, [problem])
        return
    if not isinstance(data, dict):
        problem = "A filter tree is a JSON object."
        st.session_state[state.EDIT_PROBLEM] = state.EditProblem(JSON, [problem])
        return
    state.commit(data, JSON)
