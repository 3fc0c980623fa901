"""Eval case files: structure problems, same_as, gold SQL checks and date parameters."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest
from sqlalchemy import insert

from nlseg.catalog import Op
from nlseg.clock import day_range, period_range
from nlseg.evalsuite.cases import load_cases, tag_counts
from nlseg.evalsuite.gold_sql import GoldSqlError, check_select, date_param, run_gold_sql
from nlseg.store import create_schema, make_engine
from nlseg.store import schema as s
from nlseg.tree import Period, RelativeSpan, Unit

GOLD = "gold: [{tree: {kind: condition, field: contact.country, op: in, value: [Germany]}}]"


def write(directory, name: str, text: str):
    (directory / name).write_text(textwrap.dedent(text), encoding="utf-8")


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("- {text: hi, tags: [property], " + GOLD + "}", "entry 1 has id None"),
        ("- {id: Geo_1, text: hi, tags: [property], " + GOLD + "}", "ids match [a-z0-9-]+"),
        ("- {id: a, text: hi, turns: [x, y], tags: [property], " + GOLD + "}", "exactly one of"),
        ("- {id: a, turns: [only one], tags: [refinement], " + GOLD + "}", "at least two"),
        ("- {id: a, text: '', tags: [property], " + GOLD + "}", "`text` must be a non-empty"),
        ("- {id: a, text: hi, tags: [geo], " + GOLD + "}", "unknown tag 'geo'"),
        ("- {id: a, text: hi, tags: [], " + GOLD + "}", "`tags` must be a non-empty list"),
        ("- {id: a, text: hi, tags: [property, property], " + GOLD + "}", "listed twice"),
        ("- {id: a, text: hi, tag: [property], " + GOLD + "}", "unknown keys ['tag']"),
        ("- {id: a, text: hi, tags: [property]}", "an `answer` case needs `gold`"),
        ("- {id: a, text: hi, tags: [property], gold: []}", "non-empty list"),
        ("- {id: a, text: hi, tags: [property], gold: [{}]}", "neither `tree` nor `sql`"),
        ("- {id: a, text: hi, tags: [property], gold: [{tree: 3}]}", "`tree` must be a mapping"),
        ("- {id: a, text: hi, tags: [property], gold: [{sql: ''}]}", "`sql` must be a non-empty"),
        ("- {id: a, text: hi, tags: [property], gold: [{tre: {}}]}", "unknown keys ['tre']"),
        (
            "- {id: a, text: hi, tags: [property], expect: maybe, " + GOLD + "}",
            "`expect` is 'maybe'",
        ),
        (
            "- {id: a, text: hi, tags: [out-of-scope], expect: refuse, why: x, " + GOLD + "}",
            "has no gold",
        ),
        (
            "- {id: a, text: hi, tags: [out-of-scope], expect: refuse}",
            "a `refuse` case needs `why`",
        ),
        ("- {id: a, text: hi, tags: [ambiguity], expect: clarify}", "a `clarify` case needs `why`"),
        (
            "- {id: a, text: hi, tags: [ambiguity], expect: assumption, " + GOLD + "}",
            "needs `assumption_about`",
        ),
        (
            "- {id: a, text: hi, tags: [property], assumption_about: x, " + GOLD + "}",
            "only goes with",
        ),
        ("- {id: a, text: hi, tags: [property], same_as: b, " + GOLD + "}", "not both"),
        ("- {id: a, text: hi, tags: [paraphrase], same_as: zzz}", "same_as 'zzz' does not exist"),
        (
            "- {id: a, text: hi, tags: [paraphrase], same_as: b}\n- {id: b, text: ho, tags: [paraphrase], same_as: a}",
            "is a cycle",
        ),
        (
            "- {id: a, text: hi, tags: [paraphrase], same_as: b}\n- {id: b, text: ho, tags: [ambiguity], expect: clarify, why: x}",
            "has no gold to share",
        ),
        (
            "- {id: a, text: hi, tags: [property], "
            + GOLD
            + "}\n- {id: a, text: ho, tags: [property], "
            + GOLD
            + "}",
            "duplicate id",
        ),
        ("- just a string", "entry 1 is not a mapping"),
        ("{id: a}", "must be a YAML list"),
        ("- {id: a, text: [unclosed", "cannot be read as YAML"),
    ],
)
def test_structure_problems_are_named(tmp_path, entry, message):
    write(tmp_path, "cases.yaml", entry)
    problems = [str(p) for p in load_cases(tmp_path).problems]
    assert any(message in p for p in problems), problems
    assert all(p.startswith(f"{(tmp_path / 'cases.yaml').as_posix()}") for p in problems)


def test_every_problem_of_every_file_is_reported_at_once(tmp_path):
    write(tmp_path, "a.yaml", f"""\
        - {{id: ok-1, text: fine, tags: [property], {GOLD}}}
        - {{id: bad-1, text: hi, tags: [geo], {GOLD}}}
        - {{id: bad-2, text: hi, tags: [out-of-scope], expect: refuse}}
        """)  # fmt: skip
    write(tmp_path, "b.yaml", "- {id: ok-1, text: again, tags: [property], " + GOLD + "}")
    problems = load_cases(tmp_path).problems
    assert {(p.case_id, p.file.rsplit("/", 1)[-1]) for p in problems} == {
        ("bad-1", "a.yaml"),
        ("bad-2", "a.yaml"),
        ("ok-1", "b.yaml"),
    }


def test_same_as_shares_the_gold_and_tags_are_counted(tmp_path):
    write(tmp_path, "a.yaml", f"""\
        - {{id: geo-1, text: contacts in Germany, tags: [property], {GOLD}}}
        - {{id: geo-2, text: contacts in germnay, tags: [property, typos], same_as: geo-3}}
        - {{id: geo-3, text: people in Germany, tags: [paraphrase], same_as: geo-1}}
        - {{id: talk-1, turns: [contacts in Germany, only VPs], tags: [refinement], {GOLD}}}
        """)  # fmt: skip
    loaded = load_cases(tmp_path)
    assert loaded.problems == []
    by_id = loaded.by_id()
    assert by_id["geo-2"].golds == by_id["geo-1"].golds
    assert not by_id["geo-2"].owns_golds and by_id["geo-1"].owns_golds
    assert by_id["talk-1"].multi_turn and by_id["talk-1"].text == "only VPs"
    counts = tag_counts(loaded.cases)
    assert (counts["property"], counts["typos"], counts["refinement"], counts["owner"]) == (
        2,
        1,
        1,
        0,
    )
    assert [c.id for c in loaded.with_tags(["typos", "refinement"])] == ["geo-2", "talk-1"]


def test_an_empty_directory_has_no_cases_and_no_problems(tmp_path):
    write(tmp_path, "empty.yaml", "")
    assert load_cases(tmp_path).cases == [] and load_cases(tmp_path).problems == []
    assert "is not a directory" in str(load_cases(tmp_path / "missing").problems[0])


@pytest.mark.parametrize(
    ("sql", "params"),
    [
        ("SELECT id FROM contacts", []),
        ("select id from contacts;  ", []),
        ("WITH x AS (SELECT id FROM contacts) SELECT id FROM x", []),
        (
            "-- the Product Update campaign\nSELECT c.id FROM campaigns c WHERE c.name = 'Product Update; delete'",
            [],
        ),
        (
            "SELECT id FROM contacts WHERE created_at >= :days_ago_90 AND created_at < :tomorrow",
            ["days_ago_90", "tomorrow"],
        ),
        ("SELECT id FROM contacts WHERE created_at::date = :today AND title = 'a:b'", ["today"]),
        (
            "/* block */ SELECT id FROM contacts WHERE created_at >= :this_year_start",
            ["this_year_start"],
        ),
    ],
)
def test_one_select_is_accepted(sql, params):
    assert check_select(sql) == params


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("DELETE FROM contacts", "must be a SELECT, not 'DELETE'"),
        ("UPDATE contacts SET country = 'x'", "must be a SELECT"),
        ("SELECT 1; DROP TABLE contacts", "one statement"),
        ("SELECT id INTO backup FROM contacts", "contains into"),
        ("WITH gone AS (DELETE FROM contacts RETURNING id) SELECT id FROM gone", "contains delete"),
        ("PRAGMA query_only = OFF", "must be a SELECT"),
        ("ATTACH DATABASE 'x' AS y", "must be a SELECT"),
        ("SELECT id FROM contacts WHERE name = 'unclosed", "not closed"),
        ("SELECT $1", "dollar quoting"),
        ("  ;  ", "empty"),
    ],
)
def test_anything_but_one_select_is_rejected(sql, message):
    with pytest.raises(GoldSqlError, match=message):
        check_select(sql)


SUNDAY = dt.date(2026, 11, 1)


@pytest.mark.parametrize(
    ("today", "name", "expected"),
    [
        (SUNDAY, "today", SUNDAY),
        (SUNDAY, "tomorrow", dt.date(2026, 11, 2)),
        (SUNDAY, "days_ago_90", dt.date(2026, 8, 3)),
        (SUNDAY, "days_ago_0", SUNDAY),
        (SUNDAY, "weeks_ago_2", dt.date(2026, 10, 18)),
        (SUNDAY, "months_ago_6", dt.date(2026, 5, 1)),
        (dt.date(2026, 3, 31), "months_ago_1", dt.date(2026, 2, 28)),
        (dt.date(2028, 2, 29), "years_ago_1", dt.date(2027, 2, 28)),
        (SUNDAY, "this_week_start", dt.date(2026, 10, 26)),
        (SUNDAY, "last_week_start", dt.date(2026, 10, 19)),
        (SUNDAY, "next_week_start", dt.date(2026, 11, 2)),
        (SUNDAY, "this_month_start", SUNDAY),
        (SUNDAY, "last_month_start", dt.date(2026, 10, 1)),
        (SUNDAY, "next_month_start", dt.date(2026, 12, 1)),
        (SUNDAY, "this_quarter_start", dt.date(2026, 10, 1)),
        (SUNDAY, "last_quarter_start", dt.date(2026, 7, 1)),
        (SUNDAY, "next_quarter_start", dt.date(2027, 1, 1)),
        (SUNDAY, "this_year_start", dt.date(2026, 1, 1)),
        (SUNDAY, "last_year_start", dt.date(2025, 1, 1)),
        (SUNDAY, "next_year_start", dt.date(2027, 1, 1)),
        (dt.date(2026, 1, 15), "last_quarter_start", dt.date(2025, 10, 1)),
    ],
)
def test_date_parameters(today, name, expected):
    assert date_param(name, today) == expected


@pytest.mark.parametrize("name", ["yesterday", "days_ago_x", "hours_ago_3", "days_ago_999999"])
def test_unknown_parameters_are_named(name):
    with pytest.raises(GoldSqlError, match=f"unknown parameter ':{name}'"):
        date_param(name, SUNDAY)


TODAYS = [
    SUNDAY,
    dt.date(2026, 3, 31),
    dt.date(2028, 2, 29),
    dt.date(2026, 1, 1),
    dt.date(2026, 12, 31),
    dt.date(2026, 11, 2),
]


@pytest.mark.parametrize("today", TODAYS)
def test_parameters_mean_what_the_clock_means(today):
    """Independent arithmetic, same meaning as nlseg.clock's table."""
    for unit in Unit:
        for n in (1, 6, 13, 90):
            start, end = day_range(Op.IN_LAST, RelativeSpan(amount=n, unit=unit), today)
            assert start == date_param(f"{unit.value}s_ago_{n}", today)
            assert end == date_param("tomorrow", today)
    for period in Period:
        which, unit = period.value.split("_")
        following = {"this": "next", "last": "this"}[which]
        assert period_range(today, period) == (
            date_param(f"{which}_{unit}_start", today),
            date_param(f"{following}_{unit}_start", today),
        )


@pytest.fixture
def small_store(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path}/small.db")
    create_schema(engine)
    stamps = [
        dt.datetime(2026, 8, 3),
        dt.datetime(2026, 8, 2, 23, 59, 59),
        dt.datetime(2026, 11, 2),
    ]
    with engine.begin() as conn:
        conn.execute(
            insert(s.contacts),
            [{"id": i, "external_id": f"c{i}", "created_at": t} for i, t in enumerate(stamps, 1)],
        )
    yield engine
    engine.dispose()


def test_gold_sql_runs_half_open_windows_read_only(small_store):
    sql = "SELECT id FROM contacts WHERE created_at >= :days_ago_90 AND created_at < :tomorrow"
    assert run_gold_sql(small_store, sql, SUNDAY) == {1}
    assert run_gold_sql(small_store, "SELECT id FROM contacts;", SUNDAY) == {1, 2, 3}


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("SELECT id FROM no_such_table", "the SQL failed: OperationalError"),
        ("SELECT external_id FROM contacts", "first column must be contact ids"),
        ("SELECT id FROM contacts WHERE created_at > :yesterday", "unknown parameter"),
    ],
)
def test_failing_gold_sql_is_a_clear_problem(small_store, sql, message):
    with pytest.raises(GoldSqlError, match=message):
        run_gold_sql(small_store, sql, SUNDAY)
