"""Value widgets by data type and operator, and reading their current values back.

``render`` draws the widgets for ``field op`` starting from ``initial`` (already converted to
the operator's shape by :func:`nlseg.tree.edit.value_for`); ``read`` assembles the JSON value
from the widgets' current state, so an operator change and a value change made one after
the other both see what is on screen, not what the last valid tree held.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import streamlit as st

from nlseg.catalog import DataType, FieldDef, Op
from nlseg.tree.edit import DATES, LISTS, NUMERIC, VALUELESS
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
    kind = field.data_type
    if op in VALUELESS:
        return
    common = {"on_change": on_change, "args": args}
    if op in LISTS:
        chosen = [str(v) for v in initial] if isinstance(initial, list) else []
        fixed = kind in (DataType.PICKLIST, DataType.MULTI_TEXT) and bool(field.values)
        options = list(dict.fromkeys([*field.values, *chosen])) if fixed else chosen
        st.multiselect(
            "Values",
            options,
            default=chosen,
            key=key,
            accept_new_options=not fixed,
            placeholder="Type to search" if fixed else "Type a value and press Enter",
            **common,
        )
        return
    if kind in NUMERIC:
        if op is Op.BETWEEN:
            low, high = (initial or {}).get("low"), (initial or {}).get("high")
            row = st.container(horizontal=True)
            with row:
                _number_input("From (included)", low, f"{key}:low", on_change, args)
                _number_input("To (included)", high, f"{key}:high", on_change, args)
            return
        _number_input("Number", initial, key, on_change, args)
        return
    if kind in DATES:
        if op in (Op.IN_LAST, Op.MORE_THAN_AGO):
            span = initial if isinstance(initial, dict) else {}
            row = st.container(horizontal=True)
            with row:
                st.number_input(
                    "How many", value=span.get("amount"), step=1, key=f"{key}:amount", **common
                )
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
            return
        if op is Op.IN_PERIOD:
            periods = list(PERIOD_LABELS)
            st.selectbox(
                "Period",
                periods,
                index=periods.index(initial) if initial in periods else 0,
                format_func=PERIOD_LABELS.get,
                key=key,
                **common,
            )
            return
        if op is Op.BETWEEN:
            rng = initial if isinstance(initial, dict) else {}
            row = st.container(horizontal=True)
            with row:
                st.date_input(
                    "From (included)", _date(rng.get("low"), today), key=f"{key}:low", **common
                )
                st.date_input(
                    "To (included)", _date(rng.get("high"), today), key=f"{key}:high", **common
                )
            return
        st.date_input("Date", _date(initial, today), key=key, **common)
        return
    st.text_input("Value", value=initial if isinstance(initial, str) else "", key=key, **common)


def read(field: FieldDef, op: Op, key: str) -> Any:
    """The JSON value the widgets drawn by :func:`render` currently hold."""
    state = st.session_state
    kind = field.data_type
    if op in VALUELESS:
        return None
    if op in LISTS:
        return list(state.get(key) or [])
    if kind in NUMERIC:
        if op is Op.BETWEEN:
            return {"low": state.get(f"{key}:low"), "high": state.get(f"{key}:high")}
        return state.get(key)
    if kind in DATES:
        if op in (Op.IN_LAST, Op.MORE_THAN_AGO):
            return {"amount": state.get(f"{key}:amount"), "unit": state.get(f"{key}:unit", "day")}
        if op is Op.IN_PERIOD:
            return state.get(key)
        if op is Op.BETWEEN:
            low, high = state.get(f"{key}:low"), state.get(f"{key}:high")
            return {"low": _iso(low), "high": _iso(high)}
        return _iso(state.get(key))
    text = state.get(key)
    return text.strip() if isinstance(text, str) else text


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value
