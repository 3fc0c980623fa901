"""Differential tests: the compiler's SQL against the plain-Python reference evaluator.

Random valid trees (tests/strategies.py) over the edge dataset (tests/edge_data.py) must
select the same contacts by SQL on SQLite, by SQL on PostgreSQL and by the reference
(tests/reference.py), which implements the documented semantics without the compiler.

The edge dataset is built once per database per test session. On PostgreSQL it lives in
its own schema (``search_path``) of the session database, so the function-scoped
``postgres_engine`` fixture, which drops the public tables around each test, cannot touch it.

Counted conditions on email events and activities are answered from per-contact rollups
where that is exact (nlseg/compiler/rollup.py), else from the raw rows. The stores without
rollups test the raw shapes; the stores with rollups test the rollup shapes — on the full
dataset (rows after today: the rollup answers open-ended windows and no window) and on the
dataset cut at the end of today (it answers "in the last N" and "this period" too).

The regression tests at the end pin the compiler bugs these tests found (custom JSON
reads, windows on joined timestamps, JSON null in lists, picklist look-alikes, Unicode
case folding).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field, fields

import pytest
from edge_data import EDGE, GERMANY, TODAY, build_edge_dataset, edge_rows
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference import Dataset, SegmentCycle, evaluate
from sqlalchemy import Engine, create_engine, text, update
from strategies import Pool, draw_tree, validate, value_pool
from trees import LAST, REL, C

from nlseg.catalog import Catalog, DataType, build_catalog
from nlseg.clock import Clock
from nlseg.compiler import CompileError, compile_tree
from nlseg.compiler.execute import rows, scalar
from nlseg.segments import save_segment, segment_resolver
from nlseg.store import create_schema, make_engine
from nlseg.store import schema as s
from nlseg.store.rollups import NO_ROLLUPS, Rollups, current_rollups, rebuild_rollups
from nlseg.tree import FilterTree

PG_SCHEMA = "nlseg_differential"
END_OF_TODAY = dt.datetime.combine(TODAY + dt.timedelta(days=1), dt.time())
BOTH = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
FIELD_DEFINITIONS = edge_rows()["field_definitions"]

SAVED_SEGMENTS = (  # saved in this order on both databases: ids 1..6
    (
        "Engaged Germans",
        {
            "kind": "group",
            "logic": "and",
            "children": [
                {"kind": "condition", "field": "contact.country", "op": "in", "value": ["Germany"]},
                {
                    "kind": "related",
                    "relation": "email_events",
                    "quantifier": "at_least",
                    "count": 1,
                    "where": {
                        "kind": "condition",
                        "field": "email_event.event_type",
                        "op": "in",
                        "value": ["open", "click"],
                    },
                },
            ],
        },
    ),
    (
        "High NPS",
        {
            "kind": "group",
            "logic": "or",
            "children": [
                {"kind": "condition", "field": "contact.custom.nps", "op": "gte", "value": 8},
                {
                    "kind": "condition",
                    "field": "contact.custom.preferred_language",
                    "op": "in",
                    "value": ["Deutsch", "Français"],
                },
            ],
        },
    ),
    (
        "Nested",
        {
            "kind": "group",
            "logic": "or",
            "children": [
                {"kind": "segment", "segment": "high nps", "negate": True},
                {"kind": "segment", "segment": 1},
            ],
        },
    ),
    ("Cycle A", {"kind": "segment", "segment": "Cycle B"}),
    ("Cycle B", {"kind": "segment", "segment": "cycle a"}),
    (
        "Consented",
        {"kind": "condition", "field": "contact.custom.newsletter_consent", "op": "is_true"},
    ),
)
RANDOM_SEGMENT_REFS = (1, 2, 3, "High NPS", "nested", "engaged germans")
CYCLIC_SEGMENT_IDS = (4, 5)
CYCLIC_SEGMENT_NAMES = ("Cycle A", "Cycle B")

DIFFERENTIAL = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@dataclass
class Store:
    """One database holding the edge dataset, with what both evaluators need."""

    engine: Engine
    catalog: Catalog
    data: Dataset
    segments: dict[int | str, FilterTree] = field(default_factory=dict)
    rollups: Rollups = NO_ROLLUPS

    def compile(self, tree: FilterTree):
        return compile_tree(
            tree,
            self.catalog,
            clock=Clock(TODAY),
            dialect=self.engine.dialect.name,
            resolve_segment=segment_resolver(self.engine, self.catalog),
            rollups=self.rollups,
        )

    def sql(self, tree: FilterTree) -> set[int]:
        compiled = self.compile(tree)
        members = {row[0] for row in rows(self.engine, compiled.ids())}
        count = scalar(self.engine, compiled.count())  # counted its own way: must agree
        assert count == len(members), f"count {count} != {len(members)} members"
        return members

    def reference(self, tree: FilterTree) -> set[int]:
        return evaluate(tree, self.data, self.catalog, TODAY, self.segments)

    @property
    def everyone(self) -> set[int]:
        return {c["id"] for c in self.data.contacts}


def _save_cyclic(engine: Engine, name: str, tree: FilterTree, catalog: Catalog) -> int:
    """Store a segment whose reference closes a cycle, as saving would refuse it.

    A store can still hold one (written before saves checked, or by another tool), and the
    compiler must refuse it when counting: so save a stand-in and write the tree directly.
    """
    stand_in = validate({"root": C("contact.country", "is_set")}, catalog)
    segment_id = save_segment(engine, name, stand_in, author="differential tests")
    with engine.begin() as conn:
        conn.execute(
            update(s.segment_versions)
            .where(s.segment_versions.c.segment_id == segment_id)
            .values(tree=tree.model_dump(mode="json", exclude_none=True))
        )
    return segment_id


def _open_store(engine: Engine, *, rollups: bool = False, until_today: bool = False) -> Store:
    build_edge_dataset(engine, TODAY)
    with engine.begin() as conn:
        if until_today:
            for table in (s.email_events, s.activities):
                conn.execute(table.delete().where(table.c.occurred_at >= END_OF_TODAY))
        if rollups:
            rebuild_rollups(conn)
        state = current_rollups(conn)
    assert set(state.max_time) == ({"email_events", "activities"} if rollups else set())
    catalog = build_catalog(engine)
    segments: dict[int | str, FilterTree] = {}
    for name, root in SAVED_SEGMENTS:
        tree = validate({"root": root}, catalog)
        if name in CYCLIC_SEGMENT_NAMES:
            segment_id = _save_cyclic(engine, name, tree, catalog)
        else:
            segment_id = save_segment(engine, name, tree, author="differential tests")
        segments[segment_id] = segments[name] = tree
    assert [k for k in segments if isinstance(k, int)] == [1, 2, 3, 4, 5, 6]
    return Store(engine, catalog, Dataset.load(engine), segments, state)


def _sqlite_store(tmp_path_factory, **options) -> Iterator[Store]:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('differential')}/edge.db")
    yield _open_store(engine, **options)
    engine.dispose()


def _postgres_store(postgres_database: str, schema: str, **options) -> Iterator[Store]:
    admin = create_engine(postgres_database, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(postgres_database, connect_args={"options": f"-csearch_path={schema}"})
    try:
        yield _open_store(engine, **options)
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session")
def sqlite_store(tmp_path_factory) -> Iterator[Store]:
    yield from _sqlite_store(tmp_path_factory)


@pytest.fixture(scope="session")
def sqlite_rollup_store(tmp_path_factory) -> Iterator[Store]:
    yield from _sqlite_store(tmp_path_factory, rollups=True)


@pytest.fixture(scope="session")
def sqlite_rollup_today_store(tmp_path_factory) -> Iterator[Store]:
    yield from _sqlite_store(tmp_path_factory, rollups=True, until_today=True)


@pytest.fixture(scope="session")
def postgres_store(postgres_database) -> Iterator[Store]:
    yield from _postgres_store(postgres_database, PG_SCHEMA)


@pytest.fixture(scope="session")
def postgres_rollup_today_store(postgres_database) -> Iterator[Store]:
    yield from _postgres_store(
        postgres_database, f"{PG_SCHEMA}_rollup", rollups=True, until_today=True
    )


@pytest.fixture(scope="session")
def pool(sqlite_store) -> Pool:
    return value_pool(sqlite_store.catalog, sqlite_store.data, TODAY, RANDOM_SEGMENT_REFS)


@pytest.fixture(params=BOTH)
def store(request) -> Store:
    return request.getfixturevalue(
        "sqlite_store" if request.param == "sqlite" else "postgres_store"
    )


def _explain(tree: FilterTree, **sets: set[int]) -> str:
    names = list(sets)
    lines = [tree.to_json()]
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            lines.append(f"{a} - {b}: {sorted(sets[a] - sets[b])}")
            lines.append(f"{b} - {a}: {sorted(sets[b] - sets[a])}")
    return "\n".join(lines)


# --- the differential tests ------------------------------------------------------------


def _agree(tree: FilterTree, **stores: Store) -> None:
    """Every store's SQL members equal the reference's (the stores hold the same data)."""
    members = {name: store.sql(tree) for name, store in stores.items()}
    members["reference"] = next(iter(stores.values())).reference(tree)
    assert len({frozenset(m) for m in members.values()}) == 1, _explain(tree, **members)


@DIFFERENTIAL
@given(data=st.data())
def test_sqlite_matches_reference(sqlite_store: Store, pool: Pool, data) -> None:
    _agree(draw_tree(data, pool), sqlite=sqlite_store)


@pytest.mark.postgres
@DIFFERENTIAL
@given(data=st.data())
def test_postgres_matches_reference_and_sqlite(
    postgres_store: Store, sqlite_store: Store, pool: Pool, data
) -> None:
    _agree(draw_tree(data, pool), postgresql=postgres_store, sqlite=sqlite_store)


@settings(DIFFERENTIAL, max_examples=200)
@given(data=st.data())
def test_sqlite_with_rollups_matches_reference(
    sqlite_rollup_store: Store, pool: Pool, data
) -> None:
    _agree(draw_tree(data, pool), sqlite=sqlite_rollup_store)


@pytest.mark.postgres
@DIFFERENTIAL
@given(data=st.data())
def test_rollups_until_today_match_reference_on_both_databases(
    postgres_rollup_today_store: Store, sqlite_rollup_today_store: Store, pool: Pool, data
) -> None:
    _agree(
        draw_tree(data, pool),
        postgresql=postgres_rollup_today_store,
        sqlite=sqlite_rollup_today_store,
    )


@pytest.mark.postgres
def test_stores_hold_the_same_data_and_catalog(postgres_store: Store, sqlite_store: Store) -> None:
    assert postgres_store.data == sqlite_store.data
    assert postgres_store.catalog == sqlite_store.catalog


def test_edge_dataset_is_stored_faithfully(sqlite_store: Store) -> None:
    expected = Dataset.from_rows(edge_rows(TODAY))
    for name in (f.name for f in fields(Dataset)):
        key = [c.name for c in s.metadata.tables[name].primary_key.columns]
        loaded = sorted(sqlite_store.data.table(name), key=lambda r: [r[k] for k in key])
        built = sorted(expected.table(name), key=lambda r: [r[k] for k in key])
        assert loaded == built, name


def test_edge_dataset_covers_its_edges(sqlite_store: Store) -> None:
    data = sqlite_store.data
    for name in (f.name for f in fields(Dataset)):
        for column in s.metadata.tables[name].columns:
            if column.nullable and not column.primary_key:
                assert any(r[column.name] is None for r in data.table(name)), column
    for relation in sqlite_store.catalog.relations.values():
        if relation.cardinality == "1:many":
            for n in range(5):  # contacts 1..5 have 0..4 rows of every relation
                tree = validate({"root": REL(relation.name, "exactly", n)}, sqlite_store.catalog)
                assert n + 1 in sqlite_store.reference(tree), (relation.name, n)


# --- explicit edge cases ---------------------------------------------------------------


NULLISH_COUNTRY = {EDGE["null_country"], EDGE["empty_country"], EDGE["all_null"], EDGE["all_empty"]}


@dataclass(frozen=True)
class Case:
    name: str
    root: dict
    includes: frozenset[int] = frozenset()
    excludes: frozenset[int] = frozenset()


def case(name, root, includes=(), excludes=()) -> Case:
    return Case(name, root, frozenset(includes), frozenset(excludes))


CASES = [
    case(
        "negated multi-text includes contacts without the key",  # PostgreSQL ?| gave NULL
        {
            "kind": "group",
            "negate": True,
            "children": [C("contact.custom.products", "contains_any", ["Analytics"])],
        },
        includes={EDGE["all_null"]},
    ),
    case(
        "neq on NULL is false",
        C("contact.country", "neq", "Germany"),
        includes={EDGE["german_lower"]},
        excludes=NULLISH_COUNTRY | set(GERMANY),
    ),
    case(
        "text neq on NULL and '' is false",
        C("contact.first_name", "neq", "zzz"),
        includes={EDGE["unicode"]},
        excludes={EDGE["all_null"], EDGE["all_empty"]},
    ),
    case(
        "not_contains on NULL is false",
        C("contact.title", "not_contains", "zzz"),
        excludes={EDGE["all_null"], EDGE["all_empty"]},
    ),
    case(
        "negated group includes NULL-country contacts",
        {"kind": "group", "negate": True, "children": [C("contact.country", "in", ["Germany"])]},
        includes=NULLISH_COUNTRY | {EDGE["german_lower"]},
        excludes=set(GERMANY),
    ),
    case(
        "is_not_set matches NULL and ''",
        C("contact.country", "is_not_set"),
        includes=NULLISH_COUNTRY,
        excludes=set(GERMANY),
    ),
    case(
        "account condition fails without an account",
        C("account.tier", "is_not_set"),
        includes={EDGE["no_account"], EDGE["all_null"]},
    ),
    case(
        "at_most 2 includes contacts with none",
        REL("activities", "at_most", 2),
        includes={1, 2, 3},
        excludes={4, 5},
    ),
    case("at_least 3", REL("tags", "at_least", 3), includes={4, 5}, excludes={1, 2, 3}),
    case("exactly 2", REL("opportunities", "exactly", 2), includes={3}, excludes={1, 2, 4, 5}),
    case(
        "exactly 2 deals on the account",
        REL("account_opportunities", "exactly", 2),
        includes={3},
        excludes={1, 2, 4, 5, EDGE["no_account"]},
    ),
    case(
        "in_last 7 days boundary rows",
        C("contact.created_at", "in_last", {"amount": 7, "unit": "day"}),
        includes={EDGE["last_1"], EDGE["last_3"]},
        excludes={EDGE["last_2"], EDGE["last_4"]},
    ),
    case(
        "more_than_ago 7 days is the complement for past rows",
        C("contact.created_at", "more_than_ago", {"amount": 7, "unit": "day"}),
        includes={EDGE["last_2"]},
        excludes={EDGE["last_1"], EDGE["last_3"], EDGE["last_4"]},
    ),
    case(
        "all_of_last with tied sent_at",
        REL("campaign_memberships", "all_of_last", 2),
        includes={EDGE["last_2"], EDGE["last_3"], EDGE["last_4"], EDGE["last_5"]},
        excludes={EDGE["last_1"], EDGE["last_2_wrong_tie"], EDGE["unsent_and_future"]},
    ),
    case(
        "any_of_last 2: one of the two is enough",
        REL("campaign_memberships", "any_of_last", 2),
        includes={EDGE["last_1"], EDGE["last_2"], EDGE["last_3"]},
        excludes={1},  # no related rows at all
    ),
    case(
        "all_of_last 1 is the campaign sent on the last second of the as-of day",
        REL("email_events", "all_of_last", 1),
        includes={EDGE["last_1"], EDGE["last_2_wrong_tie"], EDGE["null_campaign_events"]},
        excludes={EDGE["unsent_and_future"]},
    ),
    case(
        "event without a campaign: campaign fields are not set",
        REL("email_events", "at_least", 2, where=C("campaign.name", "is_not_set")),
        includes={EDGE["null_campaign_events"]},
    ),
    case(
        "case-insensitive non-ASCII text",
        C("contact.first_name", "eq", "üMIT"),
        includes={EDGE["unicode"]},
    ),
    case(
        "LIKE wildcards are literal",
        C("contact.first_name", "starts_with", "50%_"),
        includes={EDGE["escapes"]},
    ),
    case(
        "backslash is literal",
        C("contact.last_name", "contains", "n\\j"),
        includes={EDGE["escapes"]},
    ),
    case(
        "custom numeric string is not a number",
        C("contact.custom.nps", "eq", 8),
        excludes={EDGE["unicode"]},
    ),
    case(
        "custom multi_text: a lone scalar is a one-element list",
        C("contact.custom.products", "contains_any", ["ADD_ON%"]),
        includes={EDGE["escapes"]},
    ),
    case(
        "custom boolean truthy word",
        C("contact.custom.newsletter_consent", "is_true"),
        includes={2, EDGE["unicode"]},
        excludes={3, EDGE["all_null"], EDGE["all_empty"]},
    ),
    case(
        "custom date as ISO text on the in_last boundary",
        C("contact.custom.trial_started", "in_last", {"amount": 7, "unit": "day"}),
        includes={4, 5},
    ),
]


@pytest.mark.parametrize("edge", CASES, ids=lambda c: c.name)
def test_edge_case(store: Store, edge: Case) -> None:
    tree = validate({"root": edge.root}, store.catalog)
    sql, ref = store.sql(tree), store.reference(tree)
    assert sql == ref, _explain(tree, sql=sql, reference=ref)
    assert edge.includes <= sql, sorted(edge.includes - sql)
    assert not edge.excludes & sql, sorted(edge.excludes & sql)


@pytest.mark.parametrize(
    "relation",
    [
        "opportunities",
        "account_opportunities",
        "campaign_memberships",
        "email_events",
        "activities",
        "tags",
    ],
)
def test_exactly_zero_is_none(store: Store, relation: str) -> None:
    where = {
        "opportunities": C("opportunity.stage", "in", ["Closed Won"]),
        "account_opportunities": C("opportunity.amount", "gt", 100),
        "campaign_memberships": C("campaign.type", "in", ["Email"]),
        "email_events": C("email_event.event_type", "in", ["open"]),
        "activities": C("activity.activity_type", "in", ["call"]),
        "tags": C("tag.name", "in", ["VIP"]),
    }[relation]
    for w in (None, where):
        exactly = validate({"root": REL(relation, "exactly", 0, where=w)}, store.catalog)
        none = validate({"root": REL(relation, "none", where=w)}, store.catalog)
        members = store.sql(exactly)
        assert members == store.sql(none) == store.reference(none)
        assert 1 in members  # contact 1 has no related rows at all


@pytest.mark.parametrize(
    "reference",
    [1, "engaged germans", 2, 3, "NESTED"],
)
def test_segment_reference_and_its_negation(store: Store, reference) -> None:
    inside = validate({"root": {"kind": "segment", "segment": reference}}, store.catalog)
    outside = validate(
        {"root": {"kind": "segment", "segment": reference, "negate": True}}, store.catalog
    )
    members, others = store.sql(inside), store.sql(outside)
    assert members == store.reference(inside)
    assert others == store.reference(outside)
    assert members and others
    assert not members & others
    assert members | others == store.everyone


def test_segment_reference_by_id_and_name_agree(store: Store) -> None:
    by_id = validate({"root": {"kind": "segment", "segment": 2}}, store.catalog)
    by_name = validate({"root": {"kind": "segment", "segment": " high NPS "}}, store.catalog)
    assert store.sql(by_id) == store.sql(by_name) == store.reference(by_name)


@pytest.mark.parametrize("reference", ["Cycle A", 5])
def test_cyclic_segment_reference_raises(store: Store, reference) -> None:
    tree = validate(
        {
            "root": {
                "kind": "group",
                "logic": "or",
                "children": [
                    C("contact.country", "in", ["Germany"]),
                    {"kind": "segment", "segment": reference},
                ],
            }
        },
        store.catalog,
    )
    with pytest.raises(CompileError, match="refers to itself"):
        store.sql(tree)
    with pytest.raises(SegmentCycle):
        store.reference(tree)


# --- regression tests for the compiler bugs the random tests found ----------------------


def test_window_on_deals_without_where(store: Store) -> None:
    tree = validate(
        {"root": REL("opportunities", "any", window={"op": "in_last", "value": {"amount": 30}})},
        store.catalog,
    )
    sql, ref = store.sql(tree), store.reference(tree)
    assert sql == ref, _explain(tree, sql=sql, reference=ref)


@pytest.mark.parametrize(
    "root",
    [
        {"kind": "group", "negate": True, "children": [C("contact.custom.newsletter_consent", op)]}
        for op in ("is_true", "is_false")
    ]
    + [{"kind": "segment", "segment": "Consented", "negate": True}],
    ids=["not is_true", "not is_false", "not in segment"],
)
def test_negated_custom_boolean_includes_missing_values(store: Store, root: dict) -> None:
    tree = validate({"root": root}, store.catalog)
    sql, ref = store.sql(tree), store.reference(tree)
    assert {EDGE["all_null"], EDGE["all_empty"]} <= ref
    assert sql == ref, _explain(tree, sql=sql, reference=ref)


def test_multi_text_json_null_is_not_set(store: Store) -> None:
    assert store.data.contacts[2]["custom"] == {
        "products": None,
        "trial_started": None,
        "newsletter_consent": False,
    }
    tree = validate({"root": C("contact.custom.products", "is_not_set")}, store.catalog)
    sql, ref = store.sql(tree), store.reference(tree)
    assert 3 in ref
    assert sql == ref, _explain(tree, sql=sql, reference=ref)


# --- Unicode case folding: one character at a time, as PostgreSQL's lower() -------------


@pytest.mark.parametrize("db", BOTH)
@pytest.mark.parametrize(
    ("stored", "query", "matches"),
    [
        ("İSTANBUL", "istanbul", True),
        ("İSTANBUL", "i̇stanbul", False),  # Python's full mapping, not PostgreSQL's
        ("ΟΔΟΣ", "οδοσ", True),
        ("ΟΔΟΣ", "οδος", False),  # no final-sigma context rule
        ("ÉLODIE", "élodie", True),
        ("Straße", "STRASSE", False),  # no expansion of ß
    ],
)
def test_unicode_case_folding(request, db: str, stored: str, query: str, matches: bool) -> None:
    engine = request.getfixturevalue("sqlite_engine" if db == "sqlite" else "postgres_engine")
    create_schema(engine)
    with engine.begin() as conn:
        conn.execute(s.contacts.insert(), [{"id": 1, "external_id": "c1", "city": stored}])
    catalog = build_catalog(engine)
    tree = validate({"root": C("contact.city", "eq", query)}, catalog)
    sql = {
        r[0]
        for r in rows(engine, compile_tree(tree, catalog, clock=Clock(TODAY), dialect=db).ids())
    }
    expected = {1} if matches else set()
    assert sql == expected == evaluate(tree, Dataset.load(engine), catalog, TODAY)


# (stored custom value, condition, expected members): a custom value is read only when its
# JSON type fits the field; anything else is missing, the same on both databases.
WRONG_JSON_TYPES = [
    pytest.param({"signup_note": True}, C("contact.custom.signup_note", "eq", "true"), set(), id="JSON true in text"),
    pytest.param({"signup_note": True}, C("contact.custom.signup_note", "is_not_set"), {1}, id="JSON true in text is not set"),
    pytest.param({"signup_note": 12}, C("contact.custom.signup_note", "eq", "12"), set(), id="number in text"),
    pytest.param({"nps": "n/a"}, C("contact.custom.nps", "is_not_set"), {1}, id="word in number is not set"),
    pytest.param({"nps": "n/a"}, C("contact.custom.nps", "lt", 5), set(), id="word in number lt 5"),
    pytest.param({"nps": " 7 "}, C("contact.custom.nps", "eq", 7), set(), id="numeric string in number"),
    pytest.param({"nps": True}, C("contact.custom.nps", "is_set"), set(), id="boolean in number"),
    pytest.param({"preferred_language": 5}, C("contact.custom.preferred_language", "in", ["5"]), set(), id="number in picklist"),
    pytest.param({"newsletter_consent": "Yes"}, C("contact.custom.newsletter_consent", "is_true"), {1}, id="yes in boolean"),
    pytest.param({"newsletter_consent": 0}, C("contact.custom.newsletter_consent", "is_false"), {1}, id="0 in boolean"),
    pytest.param({"newsletter_consent": "maybe"}, C("contact.custom.newsletter_consent", "is_set"), set(), id="word in boolean is not set"),
    pytest.param({"newsletter_consent": "maybe"}, C("contact.custom.newsletter_consent", "is_not_set"), {1}, id="word in boolean is missing"),
    pytest.param({"newsletter_consent": 2}, C("contact.custom.newsletter_consent", "is_not_set"), {1}, id="2 in boolean is missing"),
    pytest.param({"newsletter_consent": "maybe"}, C("contact.custom.newsletter_consent", "is_true"), set(), id="word in boolean is not true"),
    pytest.param({"trial_started": ""}, C("contact.custom.trial_started", "is_set"), set(), id="blank date"),
    pytest.param({"trial_started": "soon"}, C("contact.custom.trial_started", "before", "2030-01-01"), set(), id="word in date"),
    pytest.param({"trial_started": "2024-03-01T10:00:00"}, C("contact.custom.trial_started", "on", "2024-03-01"), {1}, id="datetime text in date"),
    pytest.param({"products": ["CRM", None, 3, True]}, C("contact.custom.products", "contains_any", ["CRM"]), {1}, id="list with non-strings"),
    pytest.param({"products": [None, 3]}, C("contact.custom.products", "is_set"), set(), id="list without strings"),
    pytest.param({"products": "CRM"}, C("contact.custom.products", "contains_all", ["CRM"]), {1}, id="lone string as list"),
]  # fmt: skip


@pytest.mark.parametrize("db", BOTH)
@pytest.mark.parametrize(("custom", "root", "expected"), WRONG_JSON_TYPES)
def test_custom_value_of_another_json_type(
    request, db: str, custom: dict, root: dict, expected: set[int]
) -> None:
    engine = request.getfixturevalue("sqlite_engine" if db == "sqlite" else "postgres_engine")
    create_schema(engine)
    with engine.begin() as conn:
        conn.execute(s.contacts.insert(), [{"id": 1, "external_id": "c1", "custom": custom}])
        conn.execute(s.field_definitions.insert(), FIELD_DEFINITIONS)
    catalog = build_catalog(engine)
    tree = validate({"root": root}, catalog)
    assert evaluate(tree, Dataset.load(engine), catalog, TODAY) == expected
    compiled = compile_tree(tree, catalog, clock=Clock(TODAY), dialect=db)
    assert {r[0] for r in rows(engine, compiled.ids())} == expected


def test_every_catalog_picklist_value_validates_to_itself(sqlite_store: Store) -> None:
    changed = []
    for spec in sqlite_store.catalog.fields.values():
        if spec.data_type is not DataType.PICKLIST or spec.entity not in ("contact", "owner"):
            continue  # top-level fields are enough to show it
        for value in spec.values:
            tree = validate({"root": C(spec.key, "in", [value])}, sqlite_store.catalog)
            if tree.root.value != [value]:
                changed.append((spec.key, value, tree.root.value))
    assert not changed, changed


def test_reference_is_independent_of_the_compiler() -> None:
    import reference

    with open(reference.__file__, encoding="utf-8") as file:
        source = file.read()
    assert "from nlseg.compiler" not in source
    assert "import nlseg.compiler" not in source


def test_as_of_is_the_last_day_of_a_quarter() -> None:
    assert TODAY.weekday() == 6 and (TODAY + dt.timedelta(days=1)).day == 1


RELATIONS = (
    "opportunities",
    "account_opportunities",
    "campaign_memberships",
    "email_events",
    "activities",
    "tags",
)


@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize(
    ("quantifier", "count"),
    [
        ("any", None),
        ("none", None),
        ("at_least", 2),
        ("at_most", 1),
        ("exactly", 2),
        ("exactly", 0),
    ],
)
def test_a_lone_related_condition_is_counted_from_its_rows(
    store: Store, relation, quantifier, count
):
    tree = validate({"root": REL(relation, quantifier, count)}, store.catalog)
    sql, ref = store.sql(tree), store.reference(tree)  # sql() also checks the count
    assert sql == ref, _explain(tree, sql=sql, reference=ref)


# --- which counted conditions the rollups answer -----------------------------------------

OPEN = C("email_event.event_type", "in", ["open"])
MEETING = C("activity.activity_type", "in", ["meeting"])
OPEN_OR_CLICK = C("email_event.event_type", "in", ["open", "click"])
MEETING_OR_CALL = C("activity.activity_type", "in", ["meeting", "call"])
AFTER = {"op": "after", "value": (TODAY - dt.timedelta(days=40)).isoformat()}
AGO = {"op": "more_than_ago", "value": {"amount": 30}}
THIS_MONTH = {"op": "in_period", "value": "this_month"}
ROLLUP_SHAPES = [  # (root, answered on the full dataset, answered on the dataset cut at today)
    (REL("email_events", "at_least", 2, where=OPEN, window=LAST(90)), False, True),
    (REL("email_events", "any", where=OPEN, window=LAST(30)), False, True),
    (REL("email_events", "none", where=OPEN, window=LAST(30)), False, True),
    (REL("email_events", "at_most", 1, where=OPEN, window=LAST(90)), False, True),
    (REL("email_events", "exactly", 1, where=OPEN, window=LAST(90)), False, True),
    (REL("email_events", "exactly", 0, where=OPEN, window=LAST(90)), False, True),
    (REL("email_events", "at_least", 5, where=OPEN, window=THIS_MONTH), False, True),
    (REL("activities", "at_least", 2, where=MEETING, window=AFTER), True, True),
    (REL("activities", "at_least", 2, window=LAST(60)), False, True),
    (REL("activities", "none", window=AFTER), True, True),
    (REL("activities", "at_least", 7), True, True),  # no window: the row count, any N
    (REL("email_events", "at_most", 2, where=OPEN), True, True),
    (REL("email_events", "none"), True, True),
    (REL("email_events", "at_least", 6, where=OPEN, window=LAST(90)), False, False),  # rank 6
    (REL("email_events", "at_most", 5, where=OPEN, window=LAST(90)), False, False),
    (REL("email_events", "any", where=OPEN, window=AGO), False, False),  # no start
    (REL("email_events", "any", where=OPEN_OR_CLICK), True, True),  # types add up, no window
    (REL("activities", "at_least", 2, where=MEETING_OR_CALL), True, True),
    (REL("activities", "exactly", 1, where=MEETING_OR_CALL), True, True),
    (REL("activities", "at_most", 1, where=MEETING_OR_CALL), True, True),
    (REL("email_events", "none", where=OPEN_OR_CLICK), True, True),
    (REL("email_events", "any", where=OPEN_OR_CLICK, window=LAST(30)), False, False),
    (REL("email_events", "any", where=C("campaign.type", "in", ["Email"])), False, False),
    (REL("email_events", "all_of_last", 2, where=OPEN), False, False),
    (REL("tags", "at_least", 2), False, False),
]


@pytest.mark.parametrize(("root", "full", "until_today"), ROLLUP_SHAPES)
@pytest.mark.parametrize("cut", [False, True], ids=["full", "until_today"])
def test_rollups_answer_exactly_where_they_can(
    request, root: dict, full: bool, until_today: bool, cut: bool
) -> None:
    store = request.getfixturevalue("sqlite_rollup_today_store" if cut else "sqlite_rollup_store")
    tree = validate({"root": root}, store.catalog)
    expected = until_today if cut else full
    assert (s.contact_recent_events.name in str(store.compile(tree).ids())) is expected
    assert (s.contact_recent_events.name in str(store.compile(tree).count())) is expected
    sql, ref = store.sql(tree), store.reference(tree)
    assert sql == ref, _explain(tree, sql=sql, reference=ref)
