"""The deterministic demo CRM generator (nlseg.sync.demo)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal

import pytest
from sqlalchemy import Date, DateTime, Engine, func, select, text

from nlseg.store import has_crm_data, make_engine
from nlseg.store import schema as s
from nlseg.sync import vocab as v
from nlseg.sync.demo import DemoSummary, StoreNotEmpty, build_demo
from nlseg.sync.demo.activities import Activities
from nlseg.sync.demo.world import DemoWorld

AS_OF = dt.date(2025, 6, 30)
END_OF_AS_OF = dt.datetime(2025, 6, 30, 23, 59, 59)
ALL_TABLES = (*s.CRM_TABLES, s.field_definitions)
# Builds share one seed: the Faker name pools are built once per seed and cached.
SEED = 42


# --- fixtures --------------------------------------------------------------------------


def _sqlite(tmp_path, name: str = "d.db") -> Engine:
    return make_engine(f"sqlite:///{tmp_path}/{name}")


@pytest.fixture(scope="module")
def demo_2000(tmp_path_factory) -> Iterator[tuple[Engine, DemoSummary]]:
    """One 2,000-contact SQLite demo shared by the read-only realism tests."""
    engine = _sqlite(tmp_path_factory.mktemp("demo2000"))
    summary = build_demo(engine, contacts=2000, seed=SEED, as_of=AS_OF)
    yield engine, summary
    engine.dispose()


@pytest.fixture
def pg_engine(postgres_engine) -> Engine:
    """An empty PostgreSQL store (tests/conftest.py: fails instead of skipping in CI)."""
    return postgres_engine


# --- helpers ---------------------------------------------------------------------------


def _norm(value: object) -> object:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _dump(engine: Engine) -> dict[str, list[tuple]]:
    """Every CRM table's rows, normalised and sorted, for comparing stores."""
    out = {}
    with engine.connect() as conn:
        for table in ALL_TABLES:
            rows = [tuple(_norm(x) for x in row) for row in conn.execute(select(table))]
            out[table.name] = sorted(rows, key=repr)
    return out


def _count(engine: Engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


# --- determinism -----------------------------------------------------------------------


def test_same_seed_gives_identical_rows_and_other_seed_differs(tmp_path):
    first, second, other = (_sqlite(tmp_path, f"{k}.db") for k in ("a", "b", "c"))
    build_demo(first, contacts=300, seed=SEED, as_of=AS_OF)
    build_demo(second, contacts=300, seed=SEED, as_of=AS_OF)
    build_demo(other, contacts=300, seed=SEED + 1, as_of=AS_OF)
    a, b, c = _dump(first), _dump(second), _dump(other)
    assert a == b
    assert a["contacts"] != c["contacts"]
    assert a["email_events"] != c["email_events"]
    for engine in (first, second, other):
        engine.dispose()


def test_generation_does_not_depend_on_database():
    """Two generator runs yield the same rows (the loaders only differ in transport)."""
    runs = []
    for _ in range(2):
        world = DemoWorld(contacts=150, seed=SEED, as_of=AS_OF)
        runs.append({t.name: list(rows) for t, _cols, rows in world.tables()})
    assert runs[0] == runs[1]


_DIGEST_SCRIPT = """
import datetime, hashlib
from nlseg.sync.demo.world import DemoWorld
world = DemoWorld(contacts=150, seed=42, as_of=datetime.date(2025, 6, 30))
digest = hashlib.sha256()
for table, _cols, rows in world.tables():
    for row in rows:
        digest.update(repr((table.name, row)).encode())
print(digest.hexdigest())
"""


def test_rows_do_not_depend_on_hash_seed():
    """No set or dict-of-str iteration order leaks into the data (PYTHONHASHSEED varies)."""
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _DIGEST_SCRIPT],
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for hash_seed in ("0", "12345")
    ]
    digests = set()
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        digests.add(out.strip())
    assert len(digests) == 1


@pytest.mark.postgres
def test_sqlite_and_postgres_hold_identical_rows(tmp_path, pg_engine):
    sqlite_engine = _sqlite(tmp_path)
    lite = build_demo(sqlite_engine, contacts=300, seed=SEED, as_of=AS_OF)
    pg = build_demo(pg_engine, contacts=300, seed=SEED, as_of=AS_OF)
    assert {k: v for k, v in vars(lite).items() if k != "seconds"} == {
        k: v for k, v in vars(pg).items() if k != "seconds"
    }
    lite_rows, pg_rows = _dump(sqlite_engine), _dump(pg_engine)
    for table in ALL_TABLES:
        assert lite_rows[table.name] == pg_rows[table.name], table.name
    sqlite_engine.dispose()


# --- refusing, replacing, atomicity ----------------------------------------------------


def _insert_segment(engine: Engine) -> None:
    now = dt.datetime(2025, 1, 1)
    with engine.begin() as conn:
        conn.execute(s.segments.insert().values(name="keep me", created_at=now, updated_at=now))


def _check_refuse_and_replace(engine: Engine) -> None:
    first = build_demo(engine, contacts=120, seed=SEED, as_of=AS_OF)
    _insert_segment(engine)
    with pytest.raises(StoreNotEmpty) as info:
        build_demo(engine, contacts=120, seed=SEED, as_of=AS_OF)
    assert str(info.value) == (
        "The database already holds CRM data (120 contacts); pass --replace to overwrite it."
    )
    assert _count(engine, s.contacts) == first.contacts
    second = build_demo(engine, contacts=200, seed=SEED, as_of=AS_OF, replace=True)
    assert second.contacts == _count(engine, s.contacts) == 200
    assert _count(engine, s.field_definitions) == len(v.CUSTOM_FIELDS)
    assert _count(engine, s.segments) == 1  # the app's own tables are kept
    # Later inserts without an explicit id continue after the loaded ids.
    with engine.begin() as conn:
        new_id = conn.execute(
            s.owners.insert().values(external_id="manual-1", name="Manual").returning(s.owners.c.id)
        ).scalar_one()
    assert new_id == second.owners + 1


def test_refuses_without_replace_and_replaces_with_it(sqlite_engine):
    _check_refuse_and_replace(sqlite_engine)


@pytest.mark.postgres
def test_refuses_and_replaces_on_postgres(pg_engine):
    _check_refuse_and_replace(pg_engine)


def _check_failure_leaves_nothing(engine: Engine, monkeypatch) -> None:
    def broken(self):
        yield from ()
        raise RuntimeError("boom")

    monkeypatch.setattr(Activities, "rows", broken)
    with pytest.raises(RuntimeError, match="boom"):
        build_demo(engine, contacts=100, seed=SEED, as_of=AS_OF)
    assert not has_crm_data(engine)
    for table in ALL_TABLES:
        assert _count(engine, table) == 0, table.name


def test_failed_load_leaves_no_half_loaded_store(sqlite_engine, monkeypatch):
    _check_failure_leaves_nothing(sqlite_engine, monkeypatch)


@pytest.mark.postgres
def test_failed_load_leaves_no_half_loaded_store_on_postgres(pg_engine, monkeypatch):
    _check_failure_leaves_nothing(pg_engine, monkeypatch)
    # Indexes and foreign keys dropped for COPY come back with the rollback.
    with pg_engine.connect() as conn:
        fks = conn.exec_driver_sql(
            "SELECT count(*) FROM pg_constraint WHERE conrelid = 'email_events'::regclass "
            "AND contype = 'f'"
        ).scalar_one()
        indexes = conn.exec_driver_sql(
            "SELECT count(*) FROM pg_indexes "
            "WHERE tablename = 'email_events' AND schemaname = current_schema()"
        ).scalar_one()
    assert fks == 2
    assert indexes == 1 + len(s.email_events.indexes)


# --- realism ---------------------------------------------------------------------------


def _values(conn, sql: str) -> set:
    return {row[0] for row in conn.execute(text(sql))}


def test_summary_matches_tables(demo_2000):
    engine, summary = demo_2000
    assert summary.contacts == _count(engine, s.contacts) == 2000
    assert summary.accounts == _count(engine, s.accounts) == 250
    assert summary.owners == _count(engine, s.owners)
    assert summary.email_events == _count(engine, s.email_events)
    assert summary.activities == _count(engine, s.activities)
    assert summary.tags == _count(engine, s.contact_tags)
    assert 6 <= summary.email_events / summary.contacts <= 16
    assert 2 <= summary.activities / summary.contacts <= 4


def test_every_vocabulary_value_occurs(demo_2000):
    engine, _ = demo_2000
    expected = {
        "SELECT country FROM contacts": v.COUNTRIES,
        "SELECT country FROM accounts": v.COUNTRIES,
        "SELECT industry FROM accounts": v.INDUSTRIES,
        "SELECT type FROM accounts": v.ACCOUNT_TYPES,
        "SELECT tier FROM accounts": v.TIERS,
        "SELECT seniority FROM contacts": v.SENIORITIES,
        "SELECT department FROM contacts": v.DEPARTMENTS,
        "SELECT lead_source FROM contacts": v.LEAD_SOURCES,
        "SELECT lead_status FROM contacts": v.LEAD_STATUSES,
        "SELECT lifecycle_stage FROM contacts": v.LIFECYCLE_STAGES,
        "SELECT record_type FROM contacts": ("lead", "contact"),
        "SELECT region FROM owners": v.REGIONS,
        "SELECT stage FROM opportunities": v.OPPORTUNITY_STAGES,
        "SELECT role FROM opportunity_contacts": v.OPPORTUNITY_ROLES,
        "SELECT type FROM campaigns": v.CAMPAIGN_TYPES,
        "SELECT status FROM campaign_members": v.MEMBER_STATUSES,
        "SELECT event_type FROM email_events": v.EMAIL_EVENT_TYPES,
        "SELECT activity_type FROM activities": v.ACTIVITY_TYPES,
        "SELECT tag FROM contact_tags": v.TAGS,
        "SELECT json_extract(custom, '$.preferred_language') FROM contacts": v.LANGUAGES,
    }
    with engine.connect() as conn:
        for sql, values in expected.items():
            missing = set(values) - _values(conn, sql)
            assert not missing, f"{sql}: {sorted(missing)}"
        products = set()
        for (raw,) in conn.execute(text("SELECT custom FROM contacts")):
            products.update(json.loads(raw).get("products", []))
        assert products == set(v.PRODUCTS)
        keys = _values(conn, "SELECT key FROM field_definitions")
        assert keys == {
            "nps",
            "trial_started",
            "products",
            "newsletter_consent",
            "preferred_language",
        }


def test_shapes_are_plausible(demo_2000):
    engine, _ = demo_2000
    with engine.connect() as conn:
        one = lambda sql: conn.execute(text(sql)).scalar_one()  # noqa: E731
        n = one("SELECT count(*) FROM contacts")
        assert 0.17 <= one("SELECT count(*) FROM contacts WHERE record_type = 'lead'") / n <= 0.23
        assert (
            one("SELECT count(*) FROM contacts WHERE account_id IS NULL AND company_name IS NULL")
            == 0
        )
        assert 0.08 <= one("SELECT count(*) FROM contacts WHERE account_id IS NULL") / n <= 0.12
        assert 0.10 <= one("SELECT count(*) FROM contacts WHERE phone IS NULL") / n <= 0.20
        assert 0.02 <= one("SELECT count(*) FROM contacts WHERE owner_id IS NULL") / n <= 0.08
        assert 0.01 <= one("SELECT count(*) FROM contacts WHERE country IS NULL") / n <= 0.05
        assert 0.05 <= one("SELECT count(*) FROM contacts WHERE email_opt_out") / n <= 0.11
        assert one("SELECT count(DISTINCT email) FROM contacts") == n
        assert one("SELECT min(behavior_score) >= 0 AND max(behavior_score) <= 100 FROM contacts")
        tagged = one("SELECT count(DISTINCT contact_id) FROM contact_tags")
        assert 0.35 <= tagged / n <= 0.45
        assert one("SELECT count(*) FROM owners WHERE NOT is_active") >= 1
        # Tiers follow employee counts, with few exceptions.
        off = one(
            "SELECT count(*) FROM accounts WHERE (tier = 'Enterprise' AND employee_count < 1000)"
            " OR (tier = 'Mid-Market' AND employee_count NOT BETWEEN 100 AND 999)"
            " OR (tier = 'SMB' AND employee_count >= 100)"
        )
        assert off / one("SELECT count(*) FROM accounts") <= 0.08
        # Deal flags agree with stages; every deal has exactly one primary contact.
        assert (
            one(
                "SELECT count(*) FROM opportunities WHERE is_closed != (stage LIKE 'Closed%')"
                " OR is_won != (stage = 'Closed Won')"
            )
            == 0
        )
        assert (
            one(
                "SELECT count(*) FROM (SELECT opportunity_id FROM opportunity_contacts"
                " GROUP BY opportunity_id HAVING sum(is_primary) != 1)"
            )
            == 0
        )
        # Activities by owners carry an owner; recent activity is plentiful.
        assert (
            one(
                "SELECT count(*) FROM activities WHERE activity_type IN ('call','email','meeting','task')"
                " AND owner_id IS NULL"
            )
            == 0
        )
        recent = one("SELECT count(*) FROM activities WHERE occurred_at >= '2025-04-01'")
        assert recent / one("SELECT count(*) FROM activities") >= 0.4
        assert one("SELECT count(*) FROM email_events WHERE campaign_id IS NULL") > 0


def test_opened_all_of_last_three_campaigns_is_a_real_audience(demo_2000):
    engine, _ = demo_2000
    with engine.connect() as conn:
        last = [
            row[0]
            for row in conn.execute(
                text(
                    "SELECT id FROM campaigns WHERE type = 'Email' AND sent_at IS NOT NULL "
                    "ORDER BY sent_at DESC LIMIT 3"
                )
            )
        ]
        opened_all = conn.execute(
            text(
                "SELECT count(*) FROM (SELECT contact_id FROM email_events "
                f"WHERE event_type = 'open' AND campaign_id IN ({', '.join(map(str, last))}) "
                "GROUP BY contact_id HAVING count(DISTINCT campaign_id) = 3)"
            )
        ).scalar_one()
        clicked_last = conn.execute(
            text(
                "SELECT count(DISTINCT contact_id) FROM email_events "
                f"WHERE event_type = 'click' AND campaign_id = {last[0]}"
            )
        ).scalar_one()
        # A click always follows an open of the same campaign by the same contact.
        orphan_clicks = conn.execute(
            text(
                "SELECT count(*) FROM email_events c WHERE c.event_type = 'click' AND NOT EXISTS "
                "(SELECT 1 FROM email_events o WHERE o.event_type = 'open' "
                "AND o.contact_id = c.contact_id AND o.campaign_id IS c.campaign_id)"
            )
        ).scalar_one()
    assert 0.02 <= opened_all / 2000 <= 0.30
    assert clicked_last > 0
    assert orphan_clicks == 0


def test_nothing_is_dated_after_as_of(demo_2000):
    engine, _ = demo_2000
    with engine.connect() as conn:
        for table in ALL_TABLES:
            for column in table.columns:
                if isinstance(column.type, DateTime):
                    latest = conn.execute(select(func.max(column))).scalar_one()
                    assert latest is None or latest <= END_OF_AS_OF, column
                elif isinstance(column.type, Date):
                    query = select(func.max(column))
                    if table is s.campaigns:  # a scheduled / planned campaign may lie ahead
                        query = query.where(s.campaigns.c.status.not_in(("Scheduled", "Planned")))
                    if table is s.opportunities:  # open deals close in the future
                        query = query.where(s.opportunities.c.is_closed)
                    latest = conn.execute(query).scalar_one()
                    assert latest is None or latest <= AS_OF, column
        # Whole seconds, and a future scheduled e-mail exists without a send time.
        micro = conn.execute(
            select(func.count()).where(
                func.strftime("%f", s.email_events.c.occurred_at).not_like("%.000")
            )
        ).scalar_one()
        assert micro == 0
        scheduled = conn.execute(
            select(s.campaigns.c.start_date, s.campaigns.c.sent_at).where(
                s.campaigns.c.status == "Scheduled"
            )
        ).one()
        assert scheduled.start_date > AS_OF and scheduled.sent_at is None


@pytest.mark.postgres
def test_loaded_tables_are_vacuumed_on_postgres(pg_engine):
    # Index-only scans and count(*) need the visibility map a VACUUM sets.
    build_demo(pg_engine, contacts=200, seed=3, as_of=AS_OF)
    with pg_engine.connect() as conn:
        unvacuumed = conn.exec_driver_sql(
            "SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace "
            "AND relname IN ('contacts', 'email_events', 'contact_recent_events') "
            "AND relallvisible = 0"
        ).all()
    assert unvacuumed == []
