"""Shape experiments: alternative SQL for the cases that miss a target, measured by hand.

    .venv/bin/python -m benchmarks.shapes \\
        --db postgresql://postgres@127.0.0.1:5432/nlseg_bench_1m \\
        --out benchmarks/results/shapes_postgresql_1m.json

Each experiment takes one case of :mod:`benchmarks.cases` and times, interleaved on one
connection, the compiled count (nlseg's ``Select``, as in :mod:`benchmarks.run`) against
hand-written variants: other SQL shapes for the same question, and optionally the same
queries after an index is created (``setup``; dropped again by ``teardown``). Every variant
must return the compiled count unless it is marked ``exact=False`` (a variant with
different semantics, shown for reference only). Variants are timed in rotating order.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, text

from benchmarks.cases import AS_OF, CASES_BY_ID, D60, D90, END, LAST3_EMAIL
from benchmarks.run import Guard, literal_sql, machine_info, nlseg_commit, percentile
from nlseg.catalog import load_catalog
from nlseg.clock import Clock
from nlseg.evaluate import compile_for, parse_tree
from nlseg.store import make_engine

COMPILED = "compiled (nlseg)"


@dataclass(frozen=True)
class Variant:
    label: str
    sql: str | dict[str, str]
    exact: bool = True  # must return the compiled count
    later_phases_only: bool = False  # needs what a phase's setup creates (a rollup table)

    def sql_for(self, dialect: str) -> str | None:
        if isinstance(self.sql, str):
            return self.sql
        return self.sql.get(dialect)


@dataclass(frozen=True)
class Experiment:
    id: str
    case: str
    question: str
    variants: tuple[Variant, ...] = ()
    dialects: tuple[str, ...] = ("postgresql", "sqlite")
    # Further phases after "as is", per dialect: each runs its setup statements (kept for
    # the later phases) and times every variant again with its session settings.
    phases: dict[str, tuple[Phase, ...]] = field(default_factory=dict)
    # Run after the last phase (and on failure): drop what the setups created.
    teardown: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Phase:
    name: str
    setup: tuple[str, ...] = ()  # run once, in autocommit (CREATE INDEX, CREATE TABLE ...)
    session: tuple[str, ...] = ()  # run on the timing connection (SET work_mem ...)


def _grouped(table: str, where: str, having: str, key: str = "contact_id") -> str:
    return f"SELECT {key} FROM {table} WHERE {where} GROUP BY {key} HAVING {having}"


OPENS_90 = f"event_type = 'open' AND occurred_at >= '{D90}'"
CLICKS_90 = f"event_type = 'click' AND occurred_at >= '{D90}'"
SENT_90 = f"event_type = 'sent' AND occurred_at >= '{D90}'"
ACT_90 = f"occurred_at >= '{D90}'"
END_SQLITE = f"{END} 00:00:00.000000"  # SQLite stores DATETIME as this text

# Session settings were tried on an earlier run (results/earlier/shapes_postgresql_1m_*.json);
# only none_settings still times them.
WORK_MEM = Phase("work_mem 64MB", session=("SET work_mem = '64MB'",))
NO_PARALLEL = Phase("no parallel workers", session=("SET max_parallel_workers_per_gather = 0",))
NO_JIT = Phase("jit off", session=("SET jit = off",))
PG_SETTINGS = (WORK_MEM, NO_PARALLEL, NO_JIT)

# A per-contact rollup of the windows the cases use, as a sync job would maintain it.
ROLLUP = "bench_contact_rollup"
_ROLLUP_SELECT = f"""SELECT c.id AS contact_id,
  coalesce(e.opens_90d, 0) AS opens_90d, coalesce(e.clicks_90d, 0) AS clicks_90d,
  coalesce(e.sent_90d, 0) AS sent_90d,
  coalesce(a.act_60d, 0) AS act_60d, coalesce(a.act_90d, 0) AS act_90d
FROM contacts c
LEFT JOIN (SELECT contact_id,
    sum(CASE WHEN {OPENS_90} THEN 1 ELSE 0 END) AS opens_90d,
    sum(CASE WHEN {CLICKS_90} THEN 1 ELSE 0 END) AS clicks_90d,
    sum(CASE WHEN {SENT_90} THEN 1 ELSE 0 END) AS sent_90d
  FROM email_events WHERE occurred_at >= '{D90}' GROUP BY contact_id) e ON e.contact_id = c.id
LEFT JOIN (SELECT contact_id,
    sum(CASE WHEN occurred_at >= '{D60}' THEN 1 ELSE 0 END) AS act_60d,
    count(*) AS act_90d
  FROM activities WHERE occurred_at >= '{D90}' GROUP BY contact_id) a ON a.contact_id = c.id"""
ROLLUP_SETUP = {
    "postgresql": (
        f"DROP TABLE IF EXISTS {ROLLUP}",
        f"CREATE TABLE {ROLLUP} AS {_ROLLUP_SELECT}",
        f"ALTER TABLE {ROLLUP} ADD PRIMARY KEY (contact_id)",
        f"CREATE INDEX {ROLLUP}_opens ON {ROLLUP} (opens_90d)",
        f"VACUUM ANALYZE {ROLLUP}",
    ),
    "sqlite": (
        f"DROP TABLE IF EXISTS {ROLLUP}",
        f"CREATE TABLE {ROLLUP} (contact_id INTEGER PRIMARY KEY, opens_90d INT, "
        "clicks_90d INT, sent_90d INT, act_60d INT, act_90d INT)",
        f"INSERT INTO {ROLLUP} {_ROLLUP_SELECT}",
        f"CREATE INDEX {ROLLUP}_opens ON {ROLLUP} (opens_90d)",
        f"ANALYZE {ROLLUP}",
    ),
}
ROLLUP_TEARDOWN = {d: (f"DROP TABLE IF EXISTS {ROLLUP}",) for d in ("postgresql", "sqlite")}


def _phases(pg: tuple[Phase, ...] = (), sqlite: tuple[Phase, ...] = ()) -> dict:
    return {"postgresql": pg, "sqlite": sqlite}


def _with_rollup(dialect_phases: dict) -> dict:
    out = {}
    for dialect in ("postgresql", "sqlite"):
        rollup = Phase("per-contact rollup table", setup=ROLLUP_SETUP[dialect])
        out[dialect] = (*dialect_phases.get(dialect, ()), rollup)
    return out


def _experiments() -> tuple[Experiment, ...]:
    grouped_opens = _grouped("email_events", OPENS_90, "count(*) >= 3")
    grouped_act = _grouped("activities", ACT_90, "count(*) > 1")
    grouped_sent = _grouped("email_events", SENT_90, "count(*) > 2")
    grouped_clicks = _grouped("email_events", CLICKS_90, "count(*) = 1")
    return (
        # --- counted quantifiers: IN (GROUP BY) vs the alternatives -------------------
        Experiment(
            "at_least_shapes",
            "email_3opens_90d",
            "At least 3 opens in 90 days: semi-join vs join vs correlated COUNT vs group count",
            (
                Variant("compiled SQL as literal text", "{compiled}"),
                Variant(
                    "IN (GROUP BY … HAVING), minimal predicates",
                    f"SELECT count(*) FROM contacts c WHERE c.id IN ({grouped_opens})",
                ),
                Variant(
                    "JOIN (GROUP BY … HAVING)",
                    f"SELECT count(*) FROM contacts c JOIN ({grouped_opens}) g "
                    "ON g.contact_id = c.id",
                ),
                Variant(
                    "correlated COUNT(*) >= 3",
                    "SELECT count(*) FROM contacts c WHERE (SELECT count(*) FROM email_events e "
                    "WHERE e.contact_id = c.id AND e.event_type = 'open' "
                    f"AND e.occurred_at >= '{D90}') >= 3",
                ),
                Variant(
                    "rollup: opens_90d >= 3",
                    f"SELECT count(*) FROM {ROLLUP} WHERE opens_90d >= 3",
                    later_phases_only=True,
                ),
            ),
            phases=_with_rollup({}),
            teardown=ROLLUP_TEARDOWN,
        ),
        Experiment(
            "type_contact_index",
            "email_3opens_90d",
            "At least 3 opens in 90 days with an (event_type, contact_id, occurred_at) index: "
            "rows arrive grouped by contact (no hash aggregate, merge join with contacts)",
            (
                Variant(
                    "JOIN (GROUP BY … HAVING)",
                    f"SELECT count(*) FROM contacts c JOIN ({grouped_opens}) g "
                    "ON g.contact_id = c.id",
                ),
            ),
            dialects=("postgresql",),
            phases=_phases(
                pg=(
                    Phase(
                        "index (event_type, contact_id, occurred_at)",
                        setup=(
                            "CREATE INDEX bench_ix_email_events_type_contact "
                            "ON email_events (event_type, contact_id, occurred_at)",
                            "VACUUM ANALYZE email_events",
                        ),
                    ),
                    Phase("same index, no parallel workers", session=NO_PARALLEL.session),
                )
            ),
            teardown={
                "postgresql": (
                    "DROP INDEX IF EXISTS bench_ix_email_events_type_contact",
                    "ANALYZE email_events",
                )
            },
        ),
        Experiment(
            "exactly_shapes",
            "email_exactly_1_click_90d",
            "Exactly 1 click in 90 days: semi-join vs group count",
            (
                Variant(
                    "IN (GROUP BY … HAVING), minimal predicates",
                    f"SELECT count(*) FROM contacts c WHERE c.id IN ({grouped_clicks})",
                ),
                Variant(
                    "correlated COUNT(*) = 1",
                    "SELECT count(*) FROM contacts c WHERE (SELECT count(*) FROM email_events e "
                    "WHERE e.contact_id = c.id AND e.event_type = 'click' "
                    f"AND e.occurred_at >= '{D90}') = 1",
                ),
            ),
        ),
        Experiment(
            "at_most_shapes",
            "act_at_most_1_90d",
            "At most 1 activity in 90 days: NOT EXISTS (grouped) vs anti-join vs NOT IN vs "
            "complement",
            (
                Variant(
                    "NOT EXISTS (grouped): the shape inside a larger tree",
                    f"SELECT count(*) FROM contacts c WHERE NOT EXISTS (SELECT 1 FROM "
                    f"({grouped_act}) g WHERE g.contact_id = c.id)",
                ),
                Variant(
                    "complement, window with both bounds (as compiled) but +occurred_at",
                    {
                        "sqlite": "SELECT (SELECT count(*) FROM contacts) - (SELECT count(*) "
                        "FROM (SELECT contact_id FROM activities WHERE +occurred_at >= "
                        f"'{D90} 00:00:00.000000' AND +occurred_at < '{END_SQLITE}' "
                        "GROUP BY contact_id HAVING count(*) > 1) t)",
                    },
                ),
                Variant(
                    "complement, both bounds, GROUP BY contact_id ORDER BY contact_id",
                    {
                        "sqlite": "SELECT (SELECT count(*) FROM contacts) - (SELECT count(*) "
                        "FROM (SELECT contact_id FROM activities WHERE occurred_at >= "
                        f"'{D90} 00:00:00.000000' AND occurred_at < '{END_SQLITE}' "
                        "GROUP BY contact_id HAVING count(*) > 1 ORDER BY contact_id) t)",
                    },
                ),
                Variant(
                    "LEFT JOIN grouped … IS NULL (anti-join)",
                    f"SELECT count(*) FROM contacts c LEFT JOIN ({grouped_act}) g "
                    "ON g.contact_id = c.id WHERE g.contact_id IS NULL",
                ),
                Variant(
                    "NOT IN (grouped)  [contact_id is NOT NULL]",
                    f"SELECT count(*) FROM contacts c WHERE c.id NOT IN ({grouped_act})",
                ),
                Variant(
                    "correlated COUNT(*) <= 1",
                    "SELECT count(*) FROM contacts c WHERE (SELECT count(*) FROM activities a "
                    f"WHERE a.contact_id = c.id AND a.occurred_at >= '{D90}') <= 1",
                ),
                Variant(
                    "rollup: act_90d <= 1",
                    f"SELECT count(*) FROM {ROLLUP} WHERE act_90d <= 1",
                    later_phases_only=True,
                ),
            ),
            phases=_with_rollup({}),
            teardown=ROLLUP_TEARDOWN,
        ),
        Experiment(
            "at_most_sent_shapes",
            "email_at_most_2_sent_90d",
            "At most 2 sends in 90 days: NOT EXISTS (grouped) vs anti-join vs NOT IN",
            (
                Variant(
                    "LEFT JOIN grouped … IS NULL (anti-join)",
                    f"SELECT count(*) FROM contacts c LEFT JOIN ({grouped_sent}) g "
                    "ON g.contact_id = c.id WHERE g.contact_id IS NULL",
                ),
                Variant(
                    "NOT IN (grouped)  [contact_id is NOT NULL]",
                    f"SELECT count(*) FROM contacts c WHERE c.id NOT IN ({grouped_sent})",
                ),
            ),
        ),
        Experiment(
            "none_in_tree",
            "email_no_open_90d",
            "No open in 90 days: the complement count (lone condition) vs the NOT EXISTS the "
            "compiler emits inside a larger tree",
            (
                Variant(
                    "NOT EXISTS as compiled inside a tree (guards and both window bounds)",
                    {
                        "postgresql": "SELECT count(*) FROM contacts WHERE NOT (EXISTS (SELECT "
                        "email_events.contact_id FROM email_events WHERE email_events.contact_id "
                        "= contacts.id AND email_events.event_type IS NOT NULL AND "
                        "email_events.event_type != '' AND email_events.event_type IN ('open') "
                        "AND email_events.occurred_at IS NOT NULL AND email_events.occurred_at "
                        f">= '{D90} 00:00:00' AND email_events.occurred_at < '{END} 00:00:00'))",
                        "sqlite": "SELECT count(*) FROM contacts WHERE NOT (EXISTS (SELECT "
                        "email_events.contact_id FROM email_events WHERE email_events.contact_id "
                        "= contacts.id AND email_events.event_type IS NOT NULL AND "
                        "email_events.event_type != '' AND email_events.event_type IN ('open') "
                        "AND email_events.occurred_at IS NOT NULL AND email_events.occurred_at "
                        f">= '{D90} 00:00:00.000000' AND email_events.occurred_at < "
                        f"'{END_SQLITE}'))",
                    },
                ),
            ),
        ),
        Experiment(
            "none_lone_shapes",
            "email_no_open_90d",
            "No open in 90 days as a lone condition: complement of a DISTINCT vs anti-join, "
            "and with an (event_type, contact_id, occurred_at) index",
            (
                Variant(
                    "complement of count(DISTINCT contact_id)",
                    "SELECT (SELECT count(*) FROM contacts) - (SELECT count(DISTINCT contact_id) "
                    f"FROM email_events WHERE {OPENS_90})",
                ),
            ),
            phases=_phases(
                pg=(
                    Phase(
                        "index (event_type, contact_id, occurred_at)",
                        setup=(
                            "CREATE INDEX bench_ix_email_events_type_contact "
                            "ON email_events (event_type, contact_id, occurred_at)",
                            "VACUUM ANALYZE email_events",
                        ),
                    ),
                )
            ),
            teardown={
                "postgresql": (
                    "DROP INDEX IF EXISTS bench_ix_email_events_type_contact",
                    "ANALYZE email_events",
                )
            },
        ),
        Experiment(
            "none_settings",
            "email_no_open_90d",
            "No open in 90 days (NOT EXISTS, a hash anti-join): settings",
            (),
            dialects=("postgresql",),
            phases=_phases(pg=PG_SETTINGS),
        ),
        # --- any: IN vs EXISTS -------------------------------------------------------------
        Experiment(
            "any_shapes",
            "tag_vip",
            "Tagged VIP: IN vs EXISTS vs counting the tag rows",
            (
                Variant(
                    "IN, minimal predicates",
                    "SELECT count(*) FROM contacts c WHERE c.id IN "
                    "(SELECT contact_id FROM contact_tags WHERE tag = 'VIP')",
                ),
                Variant(
                    "EXISTS",
                    "SELECT count(*) FROM contacts c WHERE EXISTS (SELECT 1 FROM contact_tags t "
                    "WHERE t.contact_id = c.id AND t.tag = 'VIP')",
                ),
                Variant(
                    "count(DISTINCT contact_id) of the tag rows",
                    "SELECT count(DISTINCT contact_id) FROM contact_tags WHERE tag = 'VIP'",
                ),
            ),
        ),
        # --- all_of_last -----------------------------------------------------------------
        Experiment(
            "all_of_last_shapes",
            "email_all_last3",
            "Opened all of the last 3 email campaigns",
            (
                Variant(
                    "ids of the last 3 inlined by the app (one extra tiny query)",
                    "SELECT count(*) FROM contacts c WHERE c.id IN (SELECT contact_id FROM "
                    "email_events WHERE event_type = 'open' AND campaign_id IN ({ids}) "
                    "GROUP BY contact_id HAVING count(DISTINCT campaign_id) = 3)",
                ),
                Variant(
                    "JOIN the last 3 as a derived table",
                    "SELECT count(*) FROM contacts c WHERE c.id IN (SELECT e.contact_id FROM ("
                    + LAST3_EMAIL
                    + ") k JOIN email_events e ON e.campaign_id = k.id "
                    "WHERE e.event_type = 'open' "
                    "GROUP BY e.contact_id HAVING count(DISTINCT e.campaign_id) = 3)",
                ),
                Variant(
                    "ids inlined, counted from the rows (the lone-condition shape)",
                    "SELECT count(*) FROM (SELECT contact_id FROM email_events WHERE "
                    "event_type = 'open' AND campaign_id IN ({ids}) "
                    "GROUP BY contact_id HAVING count(DISTINCT campaign_id) = 3) t",
                ),
                Variant(
                    "subquery kept, SQLite told to use the campaign index (INDEXED BY)",
                    {
                        "sqlite": "SELECT count(*) FROM (SELECT contact_id FROM email_events "
                        "INDEXED BY ix_email_events_campaign WHERE event_type = 'open' AND "
                        f"campaign_id IN ({LAST3_EMAIL}) GROUP BY contact_id "
                        "HAVING count(DISTINCT campaign_id) = 3) t",
                    },
                ),
                Variant(
                    "count(*) instead of count(DISTINCT) (one open per campaign and contact)",
                    "SELECT count(*) FROM contacts c WHERE c.id IN (SELECT contact_id FROM "
                    "email_events WHERE event_type = 'open' AND campaign_id IN ({ids}) "
                    "GROUP BY contact_id HAVING count(*) = 3)",
                    exact=False,
                ),
            ),
        ),
        Experiment(
            "design_shapes",
            "design_example",
            "Enterprise/Germany accounts, opened the last 3, no deal in 90 days",
            (
                Variant(
                    "ids of the last 3 inlined (planner sees the real row counts)",
                    "SELECT count(*) FROM contacts c JOIN accounts a ON a.id = c.account_id "
                    "WHERE a.tier = 'Enterprise' AND a.country = 'Germany' AND c.id IN ("
                    "SELECT contact_id FROM email_events WHERE event_type = 'open' AND "
                    "campaign_id IN ({ids}) GROUP BY contact_id "
                    "HAVING count(DISTINCT campaign_id) = 3) AND NOT EXISTS (SELECT 1 FROM "
                    "opportunities o WHERE o.account_id = c.account_id "
                    f"AND o.created_at >= '{D90}')",
                ),
                Variant(
                    "all_of_last as a correlated per-contact count",
                    "SELECT count(*) FROM contacts c JOIN accounts a ON a.id = c.account_id "
                    "WHERE a.tier = 'Enterprise' AND a.country = 'Germany' AND (SELECT "
                    "count(DISTINCT e.campaign_id) FROM email_events e WHERE e.contact_id = c.id "
                    "AND e.event_type = 'open' AND e.campaign_id IN ({ids})) = 3 "
                    "AND NOT EXISTS (SELECT 1 FROM opportunities o WHERE "
                    f"o.account_id = c.account_id AND o.created_at >= '{D90}')",
                ),
                Variant(
                    "correlated per-contact count, last 3 as a subquery (no app lookup)",
                    "SELECT count(*) FROM contacts c JOIN accounts a ON a.id = c.account_id "
                    "WHERE a.tier = 'Enterprise' AND a.country = 'Germany' AND (SELECT "
                    "count(DISTINCT e.campaign_id) FROM email_events e WHERE e.contact_id = c.id "
                    f"AND e.event_type = 'open' AND e.campaign_id IN ({LAST3_EMAIL})) = 3 "
                    "AND NOT EXISTS (SELECT 1 FROM opportunities o WHERE "
                    f"o.account_id = c.account_id AND o.created_at >= '{D90}')",
                ),
            ),
        ),
        Experiment(
            "engaged_shapes",
            "engaged_neglected",
            "mql/sql, 3+ opens in 90 days, no activity in 60 days",
            (
                Variant(
                    "at_least as a correlated count (outer already filtered)",
                    "SELECT count(*) FROM contacts c WHERE c.lifecycle_stage IN ('mql', 'sql') "
                    "AND (SELECT count(*) FROM email_events e WHERE e.contact_id = c.id "
                    f"AND e.event_type = 'open' AND e.occurred_at >= '{D90}') >= 3 "
                    "AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.contact_id = c.id "
                    f"AND a.occurred_at >= '{D60}')",
                ),
                Variant(
                    "rollup: opens_90d >= 3 AND act_60d = 0",
                    f"SELECT count(*) FROM contacts c JOIN {ROLLUP} r ON r.contact_id = c.id "
                    "WHERE c.lifecycle_stage IN ('mql', 'sql') AND r.opens_90d >= 3 "
                    "AND r.act_60d = 0",
                    later_phases_only=True,
                ),
            ),
            phases=_with_rollup({}),
            teardown=ROLLUP_TEARDOWN,
        ),
        # --- custom JSON -------------------------------------------------------------------
        Experiment(
            "multi_text_shapes",
            "custom_products",
            "Products contains any of Analytics, Payments",
            (
                Variant(
                    "EXISTS over the elements (same folding), no count(DISTINCT)",
                    {
                        "postgresql": "SELECT count(*) FROM contacts c WHERE EXISTS (SELECT 1 "
                        "FROM jsonb_array_elements_text(jsonb_path_query_array(c.custom -> "
                        "'products', '$[*] ? (@.type() == \"string\")')) v "
                        "WHERE lower(v) IN ('analytics', 'payments'))",
                        "sqlite": "SELECT count(*) FROM contacts c WHERE EXISTS (SELECT 1 "
                        "FROM json_each(c.custom, '$.\"products\"') v WHERE v.type = 'text' "
                        "AND nlseg_lower(v.value) IN ('analytics', 'payments'))",
                    },
                ),
                Variant(
                    "same EXISTS, guarded by a key-presence test",
                    {
                        "postgresql": "SELECT count(*) FROM contacts c WHERE c.custom ? "
                        "'products' AND EXISTS (SELECT 1 "
                        "FROM jsonb_array_elements_text(jsonb_path_query_array(c.custom -> "
                        "'products', '$[*] ? (@.type() == \"string\")')) v "
                        "WHERE lower(v) IN ('analytics', 'payments'))",
                        "sqlite": "SELECT count(*) FROM contacts c WHERE "
                        "json_type(c.custom, '$.\"products\"') IS NOT NULL AND EXISTS (SELECT 1 "
                        "FROM json_each(c.custom, '$.\"products\"') v WHERE v.type = 'text' "
                        "AND nlseg_lower(v.value) IN ('analytics', 'payments'))",
                    },
                ),
                Variant(
                    "one jsonpath test (case-insensitive regex per element)",
                    {
                        "postgresql": "SELECT count(*) FROM contacts c WHERE c.custom @? "
                        '\'$.products[*] ? (@.type() == "string" && '
                        '(@ like_regex "^analytics$" flag "i" || '
                        '@ like_regex "^payments$" flag "i"))\'',
                    },
                ),
                Variant(
                    "exact-case ?| (the hand-written query; different semantics)",
                    {
                        "postgresql": "SELECT count(*) FROM contacts "
                        "WHERE custom->'products' ?| array['Analytics', 'Payments']",
                    },
                    exact=False,
                ),
            ),
        ),
        Experiment(
            "custom_number_shapes",
            "custom_nps",
            "NPS >= 9: the typed CASE vs one typed read",
            (
                Variant(
                    "typed CASE read once (no separate IS NOT NULL)",
                    {
                        "postgresql": "SELECT count(*) FROM contacts WHERE CASE WHEN "
                        "jsonb_typeof(custom -> 'nps') = 'number' THEN "
                        "(custom ->> 'nps')::float END >= 9",
                        "sqlite": "SELECT count(*) FROM contacts WHERE CASE WHEN "
                        "json_type(custom, '$.\"nps\"') IN ('integer', 'real') THEN "
                        "json_extract(custom, '$.\"nps\"') END >= 9",
                    },
                ),
                Variant(
                    "typed CASE read once, two-valued with IS TRUE",
                    {
                        "postgresql": "SELECT count(*) FROM contacts WHERE (CASE WHEN "
                        "jsonb_typeof(custom -> 'nps') = 'number' THEN "
                        "(custom ->> 'nps')::float END >= 9) IS TRUE",
                        "sqlite": "SELECT count(*) FROM contacts WHERE (CASE WHEN "
                        "json_type(custom, '$.\"nps\"') IN ('integer', 'real') THEN "
                        "json_extract(custom, '$.\"nps\"') END >= 9) IS TRUE",
                    },
                ),
                Variant(
                    "jsonpath predicate (number type checked by jsonpath)",
                    {
                        "postgresql": "SELECT count(*) FROM contacts "
                        "WHERE custom @? '$.nps ? (@.type() == \"number\" && @ >= 9)'",
                    },
                ),
            ),
        ),
        # --- text and picklists -------------------------------------------------------------
        Experiment(
            "text_contains_shapes",
            "title_contains",
            "Title contains 'manager': the folding function vs built-in case folding",
            (
                Variant(
                    "ASCII prefilter with GLOB, nlseg_lower only for non-ASCII titles",
                    {
                        "sqlite": "SELECT count(*) FROM contacts WHERE title IS NOT NULL "
                        "AND title != '' AND CASE WHEN title GLOB '*[^ -~]*' "
                        "THEN nlseg_lower(title) LIKE '%manager%' ESCAPE '/' "
                        "ELSE title LIKE '%manager%' ESCAPE '/' END",
                    },
                ),
                Variant(
                    "ASCII test by byte length: LIKE for ASCII titles, nlseg_lower otherwise",
                    {
                        "sqlite": "SELECT count(*) FROM contacts WHERE title IS NOT NULL "
                        "AND title != '' AND CASE WHEN length(CAST(title AS BLOB)) = length(title) "
                        "THEN title LIKE '%manager%' ESCAPE '/' "
                        "ELSE nlseg_lower(title) LIKE '%manager%' ESCAPE '/' END",
                    },
                ),
                Variant(
                    "built-in lower() (ASCII-only folding; different for non-ASCII)",
                    {"sqlite": "SELECT count(*) FROM contacts WHERE lower(title) LIKE '%manager%'"},
                    exact=False,
                ),
            ),
            dialects=("sqlite",),
        ),
        Experiment(
            "negation_shapes",
            "neg_group",
            "NOT (US/Canada OR customer/evangelist): the two-valued guards",
            (
                Variant("compiled SQL as literal text", "{compiled}"),
                Variant(
                    "IN (…) IS TRUE instead of IS NOT NULL AND != '' AND IN (…)",
                    "SELECT count(*) FROM contacts WHERE NOT ("
                    "country IN ('United States', 'Canada') IS TRUE OR "
                    "lifecycle_stage IN ('customer', 'evangelist') IS TRUE)",
                ),
            ),
        ),
        Experiment(
            "account_key_shapes",
            "acct_opp_at_least_2",
            "At least 2 deals on the account: the nullable-key guards",
            (
                Variant(
                    "without the inner account_id IS NOT NULL (no NULL account_id in the data)",
                    "SELECT count(*) FROM contacts WHERE contacts.account_id IS NOT NULL AND "
                    "contacts.account_id IN (SELECT opportunities.account_id FROM opportunities "
                    "GROUP BY opportunities.account_id HAVING count(*) >= 2)",
                ),
                Variant(
                    "the key's IS NOT NULL moved into HAVING (still never a NULL key)",
                    "SELECT count(*) FROM contacts WHERE contacts.account_id IS NOT NULL AND "
                    "contacts.account_id IN (SELECT opportunities.account_id FROM opportunities "
                    "GROUP BY opportunities.account_id "
                    "HAVING opportunities.account_id IS NOT NULL AND count(*) >= 2)",
                ),
            ),
        ),
        Experiment(
            "picklist_indexes",
            "picklists",
            "Three picklists on contacts: the seq scan vs single-column indexes",
            (),
            dialects=("postgresql",),
            phases=_phases(
                pg=(
                    Phase(
                        "indexes on seniority and department",
                        setup=(
                            "CREATE INDEX bench_ix_contacts_seniority ON contacts (seniority)",
                            "CREATE INDEX bench_ix_contacts_department ON contacts (department)",
                            "ANALYZE contacts",
                        ),
                    ),
                )
            ),
            teardown={
                "postgresql": (
                    "DROP INDEX IF EXISTS bench_ix_contacts_seniority",
                    "DROP INDEX IF EXISTS bench_ix_contacts_department",
                    "ANALYZE contacts",
                )
            },
        ),
        Experiment(
            "score_index",
            "score_range",
            "Behavior score between 60 and 90: seq scan vs an index on the score",
            (),
            dialects=("postgresql",),
            phases=_phases(
                pg=(
                    Phase(
                        "index on behavior_score",
                        setup=(
                            "CREATE INDEX bench_ix_contacts_score ON contacts (behavior_score)",
                            "VACUUM ANALYZE contacts",
                        ),
                    ),
                )
            ),
            teardown={"postgresql": ("DROP INDEX IF EXISTS bench_ix_contacts_score",)},
        ),
        Experiment(
            "driver_overhead",
            "created_30d",
            "A sub-millisecond count: what SQLAlchemy adds per execution",
            (Variant("compiled SQL as literal text", "{compiled}"),),
        ),
    )


EXPERIMENTS = _experiments()
EXPERIMENTS_BY_ID = {e.id: e for e in EXPERIMENTS}


# --- running ---------------------------------------------------------------------------------


def last_email_ids(engine: Engine) -> str:
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(LAST3_EMAIL).all()
    return ", ".join(str(r[0]) for r in rows)


def _run_statements(engine: Engine, statements: tuple[str, ...]) -> float:
    started = time.perf_counter()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for sql in statements:
            conn.exec_driver_sql(sql)
    return (time.perf_counter() - started) * 1000


def time_variants(
    engine: Engine,
    queries: list[tuple[str, object, bool]],
    repeat: int,
    timeout_ms: int,
    session: tuple[str, ...] = (),
) -> list[dict]:
    """Warm up and time ``queries`` (label, statement, exact) in rotating order."""
    out = [{"label": label, "exact": exact, "ms": []} for label, _, exact in queries]
    with engine.connect() as conn:
        for sql in session:
            conn.exec_driver_sql(sql)
        guard = Guard(conn, timeout_ms)
        try:
            alive = []
            for i, (_label, statement, _exact) in enumerate(queries):
                guard.arm()
                started = time.perf_counter()
                try:
                    out[i]["count"] = conn.execute(statement).scalar_one()
                    out[i]["warm_ms"] = (time.perf_counter() - started) * 1000
                    alive.append(i)
                except Exception as exc:
                    conn.rollback()
                    for sql in session:
                        conn.exec_driver_sql(sql)
                    out[i]["error"] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
            for r in range(repeat):
                order = alive[r % len(alive) :] + alive[: r % len(alive)] if alive else []
                for i in order:
                    guard.arm()
                    started = time.perf_counter()
                    conn.execute(queries[i][1]).scalar_one()
                    out[i]["ms"].append((time.perf_counter() - started) * 1000)
            conn.rollback()
        finally:
            guard.close()
    for o in out:
        if o["ms"]:
            o["p50"] = statistics.median(o["ms"])
            o["p95"] = percentile(o["ms"], 0.95)
    return out


def run_experiment(
    engine: Engine, exp: Experiment, catalog, clock: Clock, repeat: int, timeout_ms: int
) -> dict:
    dialect = engine.dialect.name
    case = CASES_BY_ID[exp.case]
    compiled = compile_for(engine, parse_tree(case.tree, catalog), catalog, clock).count()
    ids = last_email_ids(engine)
    queries: list[tuple[str, object, bool, bool]] = [(COMPILED, compiled, True, False)]
    queries.append(("hand-written (cases.py)", text(case.sql_for(dialect)), True, False))
    for v in exp.variants:
        sql = v.sql_for(dialect)
        if sql is not None:
            sql = sql.replace("{compiled}", literal_sql(engine, compiled))
            statement = text(sql.replace("{ids}", ids))
            queries.append((v.label, statement, v.exact, v.later_phases_only))
    result = {
        "id": exp.id,
        "nlseg_commit": nlseg_commit(),
        "run_at": dt.datetime.now().isoformat(timespec="seconds"),
        "case": exp.case,
        "question": exp.question,
        "compiled_sql": literal_sql(engine, compiled),
        "sql": {label: str(q) for label, q, _, _ in queries[1:]},
        "phases": [],
    }
    phases = (Phase("as is"), *exp.phases.get(dialect, ()))
    set_up = False  # later_phases_only variants run once a phase's setup has run
    try:
        for phase in phases:
            setup_ms = _run_statements(engine, phase.setup) if phase.setup else None
            set_up = set_up or bool(phase.setup)
            chosen = [
                (label, q, exact) for label, q, exact, later in queries if set_up or not later
            ]
            timings = time_variants(engine, chosen, repeat, timeout_ms, phase.session)
            result["phases"].append(
                {
                    "phase": phase.name,
                    "setup": list(phase.setup),
                    "setup_ms": setup_ms,
                    "session": list(phase.session),
                    "variants": timings,
                }
            )
    finally:
        teardown = exp.teardown.get(dialect, ())
        if teardown:
            _run_statements(engine, teardown)
    expected = result["phases"][0]["variants"][0].get("count")
    for phase in result["phases"]:
        for v in phase["variants"]:
            if v["exact"] and "count" in v and v["count"] != expected:
                v["mismatch"] = True
    return result


def markdown(result: dict) -> str:
    lines = [f"### {result['id']} — {result['question']} (case `{result['case']}`)", ""]
    if result.get("nlseg_commit"):
        lines += [f"nlseg {result['nlseg_commit']}, run {result.get('run_at')}.", ""]
    for phase in result["phases"][1:]:
        if phase["setup"]:
            took = f"{phase['setup_ms'] / 1000:,.1f} s" if phase["setup_ms"] else "-"
            lines.append(
                f"- phase *{phase['phase']}*: {len(phase['setup'])} setup statements, {took}"
            )
        if phase["session"]:
            lines.append(f"- phase *{phase['phase']}*: `{'; '.join(phase['session'])}`")
    if len(result["phases"]) > 1:
        lines.append("")
    lines += ["| phase | variant | count | runs | p50 ms | p95 ms | vs compiled p50 |"]
    lines += ["|---|---|---:|---:|---:|---:|---:|"]
    base = None
    for phase in result["phases"]:
        for v in phase["variants"]:
            if base is None and "p50" in v:
                base = v["p50"]
            count = f"{v['count']:,}" if "count" in v else "-"
            if v.get("mismatch"):
                count += " (MISMATCH)"
            if not v["exact"]:
                count += " (not exact)"
            if "p50" in v:
                rel = f"{v['p50'] / base:.2f}" if base else "-"
                lines.append(
                    f"| {phase['phase']} | {v['label']} | {count} | {len(v['ms'])} | "
                    f"{v['p50']:,.1f} | {v['p95']:,.1f} | {rel} |"
                )
            else:
                lines.append(
                    f"| {phase['phase']} | {v['label']} | {count} | 0 | - | - | "
                    f"{v.get('error', 'not run')} |"
                )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--experiments", help="comma-separated experiment ids (default: all)")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--timeout-ms", type=int, default=60_000)
    args = parser.parse_args(argv)

    engine = make_engine(args.db)
    dialect = engine.dialect.name
    chosen = args.experiments.split(",") if args.experiments else list(EXPERIMENTS_BY_ID)
    experiments = [EXPERIMENTS_BY_ID[e] for e in chosen]
    experiments = [e for e in experiments if dialect in e.dialects]
    catalog = load_catalog(engine)
    clock = Clock.at(AS_OF)
    payload = {
        "run_at": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": machine_info(engine),
        "nlseg_commit": nlseg_commit(),
        "repeat": args.repeat,
        "results": [],
    }
    previous = json.loads(args.out.read_text()) if args.out and args.out.exists() else None
    if previous:  # keep the other experiments of an earlier run of this file
        keep = [r for r in previous.get("results", []) if r["id"] not in chosen]
        payload["results"].extend(keep)
    for exp in experiments:
        print(f"running {exp.id} ...", flush=True)
        result = run_experiment(engine, exp, catalog, clock, args.repeat, args.timeout_ms)
        payload["results"].append(result)
        print(markdown(result), "\n", flush=True)
        if args.out:
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(json.dumps(payload, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
