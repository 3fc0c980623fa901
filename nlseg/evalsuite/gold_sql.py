"""Gold SQL: named date parameters, the one-SELECT rule, and read-only execution.

The date parameters are computed here by plain calendar arithmetic, deliberately *not*
with :mod:`nlseg.clock`: gold SQL is an independent statement of a case's meaning, so it
must not share code with what it checks. The meanings agree with the table in
``nlseg/clock.py`` (ISO weeks start on Monday; months and years are calendar steps clamped
to the month's last day). Every parameter is a ``datetime.date``; compare timestamps
half-open (``occurred_at >= :days_ago_90 AND occurred_at < :tomorrow``), which is exact on
SQLite (ISO text) and PostgreSQL alike.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from sqlalchemy import Date, Engine, bindparam, text

from nlseg.compiler.execute import DEFAULT_TIMEOUT_MS, read_only

# The bind-parameter syntax of SQLAlchemy's text(): ":name", but not "::cast".
PARAM = re.compile(r"(?<![:\w\\]):(\w+)(?!:)")
AGO = re.compile(r"^(days|weeks|months|years)_ago_(\d+)$")
MAX_AGO = 100_000  # days; larger steps are typos, and dates would overflow

FORBIDDEN = (
    "insert", "update", "delete", "merge", "upsert", "drop", "alter", "create", "truncate",
    "attach", "detach", "pragma", "vacuum", "reindex", "grant", "revoke", "copy", "call",
    "execute", "into", "lock", "listen", "notify", "set", "begin", "commit", "rollback",
)  # fmt: skip
FORBIDDEN_WORD = re.compile(r"\b(" + "|".join(FORBIDDEN) + r")\b")


class GoldSqlError(ValueError):
    """Gold SQL that is not one SELECT, names an unknown parameter, fails, or returns non-ids."""


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _period_starts(today: dt.date) -> dict[str, dt.date]:
    week = today - dt.timedelta(days=today.weekday())
    month = today.replace(day=1)
    quarter = dt.date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    year = dt.date(today.year, 1, 1)
    return {
        "this_week_start": week,
        "last_week_start": week - dt.timedelta(days=7),
        "next_week_start": week + dt.timedelta(days=7),
        "this_month_start": month,
        "last_month_start": add_months(month, -1),
        "next_month_start": add_months(month, 1),
        "this_quarter_start": quarter,
        "last_quarter_start": add_months(quarter, -3),
        "next_quarter_start": add_months(quarter, 3),
        "this_year_start": year,
        "last_year_start": dt.date(year.year - 1, 1, 1),
        "next_year_start": dt.date(year.year + 1, 1, 1),
    }


FIXED_PARAMS = ("today", "tomorrow", *_period_starts(dt.date(2000, 1, 1)))


def date_param(name: str, today: dt.date) -> dt.date:
    """The value of one named date parameter, or :class:`GoldSqlError` for an unknown name."""
    if name == "today":
        return today
    if name == "tomorrow":
        return today + dt.timedelta(days=1)
    starts = _period_starts(today)
    if name in starts:
        return starts[name]
    match = AGO.match(name)
    if match:
        unit, n = match.group(1), int(match.group(2))
        if n <= MAX_AGO:
            if unit == "days":
                return today - dt.timedelta(days=n)
            if unit == "weeks":
                return today - dt.timedelta(days=7 * n)
            return add_months(today, -n if unit == "months" else -12 * n)
    known = ", ".join(f":{p}" for p in FIXED_PARAMS)
    raise GoldSqlError(
        f"unknown parameter ':{name}'; known: {known}, :days_ago_N, :weeks_ago_N, "
        ":months_ago_N, :years_ago_N."
    )


def _code_only(sql: str) -> str:
    """``sql`` with string literals, quoted identifiers and comments blanked out."""
    out, i, n = [], 0, len(sql)
    while i < n:
        ch = sql[i]
        if ch in "'\"":
            end = i + 1
            while end < n:
                if sql[end] == ch:
                    if end + 1 < n and sql[end + 1] == ch:  # '' escapes a quote
                        end += 2
                        continue
                    break
                end += 1
            if end >= n:
                raise GoldSqlError("a quoted string or identifier is not closed.")
            out.append(" '' " if ch == "'" else ' "" ')
            i = end + 1
        elif sql.startswith("--", i):
            end = sql.find("\n", i)
            i = n if end < 0 else end
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            if end < 0:
                raise GoldSqlError("a /* comment is not closed.")
            i = end + 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def check_select(sql: str) -> list[str]:
    """The names of the parameters of ``sql`` when it is a single SELECT; else GoldSqlError."""
    code = _code_only(sql).strip().rstrip(";").strip()
    if not code:
        raise GoldSqlError("the SQL is empty.")
    if ";" in code:
        raise GoldSqlError("gold SQL must be one statement (found ';' inside it).")
    if "$" in code:
        raise GoldSqlError("dollar quoting and '$' parameters are not allowed; use :name.")
    lowered = code.lower()
    first = lowered.split(None, 1)[0]
    if first not in ("select", "with"):
        raise GoldSqlError(f"gold SQL must be a SELECT, not '{first.upper()}'.")
    bad = sorted(set(FORBIDDEN_WORD.findall(lowered)))
    if bad:
        raise GoldSqlError(f"gold SQL must only read; it contains {', '.join(bad)}.")
    return list(dict.fromkeys(PARAM.findall(code)))


def run_gold_sql(
    engine: Engine, sql: str, today: dt.date, timeout_ms: int = DEFAULT_TIMEOUT_MS
) -> frozenset[int]:
    """The contact ids ``sql`` selects (first column), run read-only with the date params."""
    names = check_select(sql)
    binds = [bindparam(name, date_param(name, today), type_=Date) for name in names]
    statement = text(sql.strip().rstrip(";")).bindparams(*binds)
    try:
        with read_only(engine, timeout_ms) as conn:
            rows = conn.execute(statement).all()
    except GoldSqlError:
        raise
    except Exception as exc:  # a failing gold is a problem of the case, reported with it
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        raise GoldSqlError(f"the SQL failed: {type(exc).__name__}: {first_line}") from None
    ids = set()
    for row in rows:
        value = row[0] if len(row) else None
        if isinstance(value, bool) or not isinstance(value, int):
            raise GoldSqlError(f"the first column must be contact ids; got {value!r}.")
        ids.add(value)
    return frozenset(ids)
