"""Editing a tree by path: the operations behind the app's condition editor.

Edits work on the JSON form of a tree (``tree.model_dump(mode="json")``) and return a new
dict, never touching their input; the caller validates the result (``nlseg.parse_tree``)
and keeps its last valid tree when that fails. A path walks from the root: an int is a
child of a group, ``"where"`` steps into a related condition's conditions on its records.

Defaults for new conditions are chosen to be valid as they stand (a picklist's first value,
"in the last 30 days", "is set"), so adding a condition never breaks the tree.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from nlseg.catalog import OPERATOR_TABLE, Catalog, DataType, FieldDef, Op, Relation, ValueShape
from nlseg.tree.models import FilterTree

Path = tuple[int | str, ...]
WHERE = "where"

NUMERIC = (DataType.NUMBER, DataType.SCORE)
DATES = (DataType.DATE, DataType.DATETIME)
LISTS = tuple(op for op, spec in OPERATOR_TABLE.items() if spec.shape is ValueShape.LIST)
VALUELESS = tuple(op for op, spec in OPERATOR_TABLE.items() if spec.shape is ValueShape.NONE)
DEFAULT_SPAN = {"amount": 30, "unit": "day"}
DEFAULT_PERIOD = "this_month"


class EditError(ValueError):
    """An edit that cannot be made where it was asked (the message says why)."""


def tree_dict(tree: FilterTree) -> dict[str, Any]:
    """The JSON form of ``tree`` that the edit operations read and return."""
    return tree.model_dump(mode="json", exclude_none=True)


def group(children: list[dict], logic: str = "and", negate: bool = False) -> dict[str, Any]:
    return {"kind": "group", "logic": logic, "negate": negate, "children": children}


def with_root_group(data: dict) -> dict:
    """``data`` with a group at the root (a lone condition becomes an AND group of one)."""
    data = copy.deepcopy(data)
    if data["root"].get("kind") != "group":
        data["root"] = group([data["root"]])
    return data


def node_at(data: dict, path: Path) -> dict:
    node = data["root"]
    for step in path:
        try:
            node = node[WHERE] if step == WHERE else node["children"][step]
        except (KeyError, IndexError, TypeError):
            raise EditError(f"There is no condition at {_where(path)}.") from None
    return node


def _where(path: Path) -> str:
    return "/".join(str(s) for s in path) or "the top"


def _split(path: Path) -> tuple[Path, int]:
    if not path or not isinstance(path[-1], int):
        raise EditError("The whole segment cannot be moved or removed; edit its conditions.")
    return path[:-1], path[-1]


def _children(data: dict, path: Path) -> list[dict]:
    node = node_at(data, path)
    if node.get("kind") != "group":
        raise EditError(f"The item at {_where(path)} is not a group.")
    return node["children"]


def _as_group_at(data: dict, path: Path) -> None:
    """Make the node at ``path`` a group in place (a lone ``where`` condition, say)."""
    node = node_at(data, path)
    if node.get("kind") == "group":
        return
    if not path:
        data["root"] = group([node])
    elif path[-1] == WHERE:
        node_at(data, path[:-1])[WHERE] = group([node])
    else:
        raise EditError(f"The item at {_where(path)} is not a group.")


def replace(data: dict, path: Path, node: dict) -> dict:
    """A copy of ``data`` with the node at ``path`` replaced by ``node``."""
    data = copy.deepcopy(data)
    if not path:
        data["root"] = copy.deepcopy(node)
        return data
    parent_path, last = path[:-1], path[-1]
    node_at(data, path)  # the target must exist
    parent = node_at(data, parent_path)
    if last == WHERE:
        parent[WHERE] = copy.deepcopy(node)
    else:
        parent["children"][last] = copy.deepcopy(node)
    return data


def _prune(data: dict, path: Path) -> None:
    """Drop the group at ``path`` if it is empty, and so on upwards. An emptied ``where`` is
    dropped (no filter on the records); the root is kept, empty, for validation to reject:
    a segment never silently becomes everyone."""
    while path and not node_at(data, path).get("children"):
        if path[-1] == WHERE:
            del node_at(data, path[:-1])[WHERE]
            return
        parent_path, index = _split(path)
        del _children(data, parent_path)[index]
        path = parent_path


def remove(data: dict, path: Path) -> dict:
    """A copy of ``data`` without the node at ``path`` (a related condition's records filter,
    when ``path`` ends in ``where``); groups left empty go too."""
    data = copy.deepcopy(data)
    if path and path[-1] == WHERE:
        node_at(data, path)
        del node_at(data, path[:-1])[WHERE]
        return data
    parent_path, index = _split(path)
    node_at(data, path)
    del _children(data, parent_path)[index]
    _prune(data, parent_path)
    return data


def insert(data: dict, group_path: Path, node: dict, index: int | None = None) -> dict:
    """A copy of ``data`` with ``node`` added to the group at ``group_path`` (at the end)."""
    data = copy.deepcopy(data)
    _as_group_at(data, group_path)
    children = _children(data, group_path)
    children.insert(len(children) if index is None else index, copy.deepcopy(node))
    return data


def move(data: dict, path: Path, delta: int) -> dict:
    """A copy of ``data`` with the node at ``path`` moved ``delta`` places among its siblings."""
    parent_path, index = _split(path)
    data = copy.deepcopy(data)
    node_at(data, path)
    children = _children(data, parent_path)
    target = index + delta
    if not 0 <= target < len(children):
        raise EditError("It is already at the edge of its group.")
    children.insert(target, children.pop(index))
    return data


def outdent(data: dict, path: Path) -> dict:
    """A copy of ``data`` with the node at ``path`` taken out of its group, placed right after
    that group in the enclosing one."""
    parent_path, index = _split(path)
    if not parent_path or not isinstance(parent_path[-1], int):
        raise EditError("It is already at the top level of its conditions.")
    grand_path, parent_index = parent_path[:-1], parent_path[-1]
    data = copy.deepcopy(data)
    node = _children(data, parent_path).pop(index)
    _children(data, grand_path).insert(parent_index + 1, node)
    _prune(data, parent_path)
    return data


def wrap(data: dict, path: Path, logic: str = "or") -> dict:
    """A copy of ``data`` with the node at ``path`` put inside a new group of its own."""
    return replace(data, path, group([node_at(data, path)], logic))


def set_group(data: dict, path: Path, *, logic: str | None = None, negate: bool | None = None):
    """A copy of ``data`` with the group at ``path`` changed to ``logic`` and/or ``negate``."""
    data = copy.deepcopy(data)
    _as_group_at(data, path)
    node = node_at(data, path)
    if logic is not None:
        node["logic"] = logic
    if negate is not None:
        node["negate"] = negate
    return data


# --- defaults for new conditions and changed operators ----------------------------------


def _first(value: Any) -> Any:
    if isinstance(value, list):
        return value[0] if value else None
    if isinstance(value, dict) and "low" in value:
        return value["low"]
    return value


def _number(value: Any) -> int | float:
    value = _first(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return 0
    return value


def _day(value: Any, today: dt.date) -> str:
    value = _first(value)
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10]).isoformat()
        except ValueError:
            pass
    return today.isoformat()


def value_for(field: FieldDef, op: Op, previous: Any, today: dt.date) -> Any:
    """A value for ``field op`` that keeps what it can of ``previous`` (the value the condition
    had under its old operator), else a sensible default; None when nothing sensible exists
    (free text), which validation reports as a missing value."""
    kind, shape = field.data_type, OPERATOR_TABLE[op].shape
    if shape is ValueShape.NONE:
        return None
    if kind in NUMERIC:
        if shape is ValueShape.RANGE:
            if isinstance(previous, dict) and "low" in previous:
                return previous
            n = _number(previous)
            return {"low": n, "high": n}
        return _number(previous)
    if kind in DATES:
        if shape is ValueShape.SPAN:
            return previous if isinstance(previous, dict) and "amount" in previous else DEFAULT_SPAN
        if shape is ValueShape.PERIOD:
            return previous if isinstance(previous, str) and "_" in previous else DEFAULT_PERIOD
        if shape is ValueShape.RANGE:
            if isinstance(previous, dict) and "low" in previous:
                return previous
            return {"low": (today - dt.timedelta(days=30)).isoformat(), "high": today.isoformat()}
        return _day(previous, today)
    if shape is ValueShape.LIST:
        if isinstance(previous, list) and previous:
            return previous
        if isinstance(previous, str) and previous:
            return [previous]
        return [field.values[0]] if field.values else None
    text = _first(previous)
    return text if isinstance(text, str) and text else None


def default_op(field: FieldDef) -> Op:
    kind = field.data_type
    if kind is DataType.PICKLIST and field.values:
        return Op.IN
    if kind is DataType.MULTI_TEXT and field.values:
        return Op.CONTAINS_ANY
    if kind in NUMERIC:
        return Op.GTE
    if kind in DATES:
        return Op.IN_LAST
    if kind is DataType.BOOLEAN:
        return Op.IS_TRUE
    return Op.IS_SET


def condition(field: FieldDef, op: Op, value: Any = None) -> dict[str, Any]:
    node: dict[str, Any] = {"kind": "condition", "field": field.key, "op": op.value}
    if value is not None:
        node["value"] = value
    return node


def default_condition(field: FieldDef, today: dt.date) -> dict[str, Any]:
    """A valid condition on ``field`` to start editing from."""
    op = default_op(field)
    return condition(field, op, value_for(field, op, None, today))


def with_op(node: dict, field: FieldDef, op: Op, today: dt.date) -> dict[str, Any]:
    """``node`` (a condition on ``field``) under operator ``op``, keeping what fits of its value."""
    return condition(field, op, value_for(field, op, node.get("value"), today))


def default_related(relation: Relation) -> dict[str, Any]:
    """ "Has at least one <record>": valid on its own, ready for a quantifier and filters."""
    return {"kind": "related", "relation": relation.name, "quantifier": "any"}


def default_window(catalog: Catalog, relation: Relation, today: dt.date) -> dict[str, Any]:
    spec = catalog.field(relation.timestamp_field or "")
    return {"op": Op.IN_LAST.value, "value": value_for(spec, Op.IN_LAST, None, today)}


def segment_ref(name: str, negate: bool = False) -> dict[str, Any]:
    return {"kind": "segment", "segment": name, "negate": negate}


def indent(data: dict, path: Path) -> dict:
    """A copy of ``data`` with the node at ``path`` moved into the group just before it."""
    parent_path, index = _split(path)
    if index == 0:
        raise EditError("There is no group just above it to move it into.")
    data = copy.deepcopy(data)
    children = _children(data, parent_path)
    target = children[index - 1]
    if target.get("kind") != "group":
        raise EditError("The item just above it is not a group.")
    target["children"].append(children.pop(index))
    return data


def display_form(data: dict) -> dict:
    """``data`` with a group at the root and in every related condition's ``where``, the
    shape the editor shows (conditions are always added to a group)."""
    data = with_root_group(data)

    def walk(node: dict) -> None:
        for child in node.get("children", ()):
            walk(child)
        where = node.get(WHERE)
        if where is not None and where.get("kind") != "group":
            node[WHERE] = group([where])

    walk(data["root"])
    return data
