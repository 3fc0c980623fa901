"""Value widgets by data type and operator, and reading their current values back.

``render`` draws the widgets for ``field op`` starting from ``initial`` (already converted to
the operator's shape by :func:`nlseg.tree.edit.value_for`); ``read`` assembles the JSON value
from the widgets' current state, so an operator change and a value change made one after
the other both see what is on screen, not what the last valid tree held. Both dispatch on
the operator's value shape (``OPERATOR_TABLE[op].shape``: :data:`WIDGETS`, :data:`READERS`),
then on the field's type.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from nlseg.catalog import OPERATOR_TABLE, DataType, FieldDef, Op, ValueShape
from nlseg.tree.edit import DATES, NUMERIC
from nlseg.tree.models import Period, Unit

UNIT_LABELS = {u.value: f"{u.value}s" for u in Unit}
PERIOD_LABELS = {p.value: p.value.replace("_", " ") for p in Period}


def _date(value: Any, fallback: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return fallback


def _number(value: Any) -> int | float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value


def _number_input(label: str, value: Any, key: str, on_change: Callable, args: tuple) -> None:
    number = _number(value)
    st.number_input(
        label,
        value=float(number) if isinstance(number, float) else number,
        step=None if isinstance(number, float) else 1,
        key=key,
        on_change=on_change,
        args=args,
    )


def render(
    field: FieldDef,
    op: Op,
    initial: Any,
    today: dt.date,
    key: str,
    on_change: Callable,
    args: tuple = (),
) -> None:
    """Widgets for the value of ``field op``; each calls ``on_change(*args)`` when edited."""
    WIDGETS[OPERATOR_TABLE[op].shape](field, initial, today, key, on_change, args)


def _no_widget(
    field: FieldDef, initial: Any, today: dt.date, key: str, on_change: Callable, args: tuple
) -> None:
    return


def _list_widget(
    field: FieldDef, initial: Any, today: dt.date, key: str, on_change: Callable, args: tuple
) -> None:
    chosen = [str(v) for v in initial] if isinstance(initial, list) else []
    fixed = field.data_type in (DataType.PICKLIST, DataType.MULTI_TEXT) and bool(field.values)
    options = list(dict.fromkeys([*field.values, *chosen])) if fixed else chosen
    st.multiselect(
        "Values",
        options,
        default=chosen,
        key=key,
        accept_new_options=not fixed,
        placeholder="Type to search" if fixed else "Type a value and press Enter",
        on_change=on_change,
        args=args,
    )


def _range_widget(
    field: FieldDef, initial: Any, today: dt.date, key: str, on_change: Callable, args: tuple
) -> None:
    if field.data_type in NUMERIC:
        low, high = (initial or {}).get("low"), (initial or {}).get("high")
        row = st.container(horizontal=True)
        with row:
            _number_input("From (included)", low, f"{key}:low", on_change, args)
            _number_input("To (included)", high, f"{key}:high", on_change, args)
        return
    common = {"on_change": on_change, "args": args}
    rng = initial if isinstance(initial, dict) else {}
    row = st.container(horizontal=True)
    with row:
        st.date_input("From (included)", _date(rng.get("low"), today), key=f"{key}:low", **common)
        st.date_input("To (included)", _date(rng.get("high"), today), key=f"{key}:high", **common)


def _span_widget(
    field: FieldDef, initial: Any, today: dt.date, key: str, on_change: Callable, args: tuple
) -> None:
    common = {"on_change": on_change, "args": args}
    span = initial if isinstance(initial, dict) else {}
    row = st.container(horizontal=True)
    with row:
        st.number_input("How many", value=span.get("amount"), step=1, key=f"{key}:amount", **common)
        units = list(UNIT_LABELS)
        unit = span.get("unit", "day")
        st.selectbox(
            "Unit",
            units,
            index=units.index(unit) if unit in units else 0,
            format_func=UNIT_LABELS.get,
            key=f"{key}:unit",
            **common,
        )


def _period_widget(
    field: FieldDef, initial: Any, today: dt.date, key: str, on_change: Callable, args: tuple
) -> None:
    periods = list(PERIOD_LABELS)
    st.selectbox(
        "Period",
        periods,
        index=periods.index(initial) if initial in periods else 0,
        format_func=PERIOD_LABELS.get,
        key=key,
        on_change=on_change,
        args=args,
    )


def _scalar_widget(
    field: FieldDef, initial: Any, today: dt.date, key: str, on_change: Callable, args: tuple
) -> None:
    if field.data_type in NUMERIC:
        _number_input("Number", initial, key, on_change, args)
    elif field.data_type in DATES:
        st.date_input("Date", _date(initial, today), key=key, on_change=on_change, args=args)
    else:
        value = initial if isinstance(initial, str) else ""
        st.text_input("Value", value=value, key=key, on_change=on_change, args=args)


Widget = Callable[[FieldDef, Any, dt.date, str, Callable, tuple], None]
# The value widgets of each value shape (OPERATOR_TABLE[op].shape), by the field's type.
WIDGETS: Mapping[ValueShape, Widget] = {
    ValueShape.NONE: _no_widget,
    ValueShape.SCALAR: _scalar_widget,
    ValueShape.LIST: _list_widget,
    ValueShape.RANGE: _range_widget,
    ValueShape.SPAN: _span_widget,
    ValueShape.PERIOD: _period_widget,
}


def read(field: FieldDef, op: Op, key: str) -> Any:
    """The JSON value the widgets drawn by :func:`render` currently hold."""
    return READERS[OPERATOR_TABLE[op].shape](field, key, st.session_state)


def _read_range(field: FieldDef, key: str, state: Any) -> Any:
    low, high = state.get(f"{key}:low"), state.get(f"{key}:high")
    if field.data_type in NUMERIC:
        return {"low": low, "high": high}
    return {"low": _iso(low), "high": _iso(high)}


def _read_scalar(field: FieldDef, key: str, state: Any) -> Any:
    if field.data_type in NUMERIC:
        return state.get(key)
    if field.data_type in DATES:
        return _iso(state.get(key))
    text = state.get(key)
    return text.strip() if isinstance(text, str) else text


# How the widgets of each value shape are read back, by the field's type.
READERS: Mapping[ValueShape, Callable[[FieldDef, str, Any], Any]] = {
    ValueShape.NONE: lambda field, key, state: None,
    ValueShape.SCALAR: _read_scalar,
    ValueShape.LIST: lambda field, key, state: list(state.get(key) or []),
    ValueShape.RANGE: _read_range,
    ValueShape.SPAN: lambda field, key, state: {
        "amount": state.get(f"{key}:amount"),
        "unit": state.get(f"{key}:unit", "day"),
    },
    ValueShape.PERIOD: lambda field, key, state: state.get(key),
}


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value
