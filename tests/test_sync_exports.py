"""Realistic CRM exports load through the shipped mappings; store -> export -> sync is lossless.

The fixture folders (tests/fixtures/exports/{salesforce,hubspot}) are small hand-written
exports that look like the real thing: extra columns, quoted commas, quotes and newlines,
non-ASCII names, a UTF-8 BOM, aware timestamps, and rows a sync must reject with file and
row. Their ``incremental/`` folders are a later export of changed records only. The round
trip builds a demo store, writes it with :func:`nlseg.sync.export.write_export` in each
mapping's format and loads it into an empty store. Everything runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from nlseg import Clock, build_catalog, evaluate, parse_tree
from nlseg.store import make_engine
from nlseg.store import schema as s
from nlseg.sync import export as export_module
from nlseg.sync.defaults import DEFAULT_SEGMENTS
from nlseg.sync.demo import build_demo
from nlseg.sync.export import datetime_writer, write_export
from nlseg.sync.mapping import DELETED, OBJECTS, REFERENCES, Mapping, load_mapping
from nlseg.sync.run import SyncResult, sync
from nlseg.sync.sources import FolderSource
from nlseg.sync.timeformats import to_datetime

FIXTURES = Path(__file__).parent / "fixtures" / "exports"
MAPPINGS = Path(export_module.__file__).parent / "mappings"
CLOCK = Clock.at("2026-03-12")
CRMS = ["salesforce", "hubspot"]
SF_DATETIMES = ["%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S"]
HS_DATETIMES = ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"]


def mapping_of(crm: str) -> Mapping:
    return load_mapping(MAPPINGS / f"{crm}.toml")


def load(engine: Engine, crm: str, *, incremental: bool = False) -> SyncResult:
    folder = FIXTURES / crm / ("incremental" if incremental else "")
    return sync(engine, mapping_of(crm), FolderSource(folder), full=not incremental)


def table_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in s.CRM_TABLES
        }


def record(engine: Engine, table: str, external_id: str) -> dict[str, Any]:
    """A stored record with its references shown as the other records' external ids."""
    t = s.metadata.tables[table]
    with engine.connect() as conn:
        row = dict(conn.execute(select(t).where(t.c.external_id == external_id)).mappings().one())
        for column, target in REFERENCES.items():
            if column in row and row[column] is not None:
                other = s.metadata.tables[target]
                row[column] = conn.execute(
                    select(other.c.external_id).where(other.c.id == row[column])
                ).scalar_one()
    return row


def count_of(engine: Engine, tree: dict) -> int:
    catalog = build_catalog(engine)  # not the cached one: each test loads other data
    return evaluate(engine, parse_tree(tree, catalog), clock=CLOCK, catalog=catalog).count


def related(relation: str, field: str, op: str, value: Any) -> dict:
    where = {"kind": "condition", "field": field, "op": op, "value": value}
    return {"kind": "related", "relation": relation, "quantifier": "any", "where": where}


def condition(field: str, op: str, value: Any = None) -> dict:
    return {"kind": "condition", "field": field, "op": op, "value": value}


EMPTY = {t.name: 0 for t in s.CRM_TABLES}

# Per CRM: rows stored per table, rejected rows (file, row, reason), default segment sizes,
# and segment counts that read what was loaded (case-folded picklists, custom fields, leads
# in campaigns through LeadOrContactId).
FULL: dict[str, dict[str, Any]] = {
    "salesforce": {
        "counts": EMPTY
        | {
            "owners": 8,
            "accounts": 10,
            "contacts": 19,
            "opportunities": 7,
            "opportunity_contacts": 7,
            "campaigns": 6,
            "campaign_members": 12,
            "activities": 10,
        },
        "rejected": [
            ("Lead.csv", 6, "email (Email): 'tom.baker@outlook' is not an email address"),
            ("Contact.csv", 13, "created_at (CreatedDate): '04/03/2026 09:15' matches none"),
            ("Opportunity.csv", 9, "close_date (CloseDate): '13/03/2026' matches none"),
            ("OpportunityContactRole.csv", 9, "'0035g00000Xy7AmAAJ' is not in contacts"),
            ("Task.csv", 10, "contact_id (WhoId): '00Q5g00000ZZ9ZzEAJ' is not in contacts"),
            ("Task.csv", 12, "contact_id (WhoId): is empty"),
        ],
        "watermark": dt.datetime(2026, 3, 4, 18, 2, 11),
        "skipped": 1,  # the converted lead (IsConverted): its person is a contact now
        "defaults": {
            "All Leads": 8,
            "All Contacts": 11,
            "Affiliated with Prospects": 2,
            "Affiliated with Customers": 5,
            "Unaffiliated": 10,
        },
        "segments": [
            ({"kind": "related", "relation": "activities", "quantifier": "any"}, 9),
            (related("campaign_memberships", "campaign.type", "in", ["Email"]), 5),
            (condition("contact.custom.nps", "gte", 9), 3),
            (condition("contact.custom.products", "contains_any", ["Payments"]), 2),
            (condition("contact.custom.newsletter_consent", "is_true"), 9),
        ],
    },
    "hubspot": {
        "counts": EMPTY
        | {
            "owners": 6,
            "accounts": 7,
            "contacts": 10,
            "opportunities": 7,
            "opportunity_contacts": 7,
            "campaigns": 6,
            "email_events": 18,  # two clicks in one minute are two events
            "activities": 9,
        },
        "rejected": [
            ("contacts.csv", 11, "email (Email): 'sandra.lee@gmail' is not an email address"),
            ("contacts.csv", 12, "custom nps (NPS Score): 'N/A' is not a whole number"),
            ("contacts.csv", 14, "created_at (Create Date): '03/04/2026 9:15 AM' matches none"),
            ("engagements.csv", 10, "contact_id (Contact ID): '99999' is not in contacts"),
        ],
        "watermark": dt.datetime(2026, 3, 4, 17, 30),
        "defaults": {
            "All Leads": 0,
            "All Contacts": 10,
            "Affiliated with Prospects": 2,
            "Affiliated with Customers": 2,
            "Unaffiliated": 3,
        },
        "segments": [
            ({"kind": "related", "relation": "email_events", "quantifier": "any"}, 6),
            (
                {"kind": "related", "relation": "activities", "quantifier": "at_least", "count": 2},
                1,
            ),
            (related("opportunities", "opportunity.stage", "in", ["Closed Won"]), 1),
            (condition("contact.lifecycle_stage", "in", ["mql"]), 1),
            (condition("contact.custom.preferred_language", "in", ["Spanish", "Japanese"]), 3),
        ],
    },
}


@pytest.mark.parametrize("crm", CRMS)
def test_full_export_loads_with_exact_counts_rejections_and_segments(engine, crm):
    expected = FULL[crm]
    result = load(engine, crm)
    assert result.skipped == expected.get("skipped", 0)
    assert table_counts(engine) == expected["counts"]
    assert result.inserted == sum(expected["counts"].values())
    assert (result.updated, result.deleted) == (0, 0)
    got = [(r.file, r.row) for r in result.rejected]
    assert got == [(file, row) for file, row, _ in expected["rejected"]]
    for rejection, (_, _, reason) in zip(result.rejected, expected["rejected"], strict=True):
        assert reason in rejection.reason
    assert result.watermark == expected["watermark"]
    assert result.created_segments == list(DEFAULT_SEGMENTS)
    for name, condition_ in DEFAULT_SEGMENTS.items():
        tree = condition_.model_dump(mode="json")
        assert (name, count_of(engine, tree)) == (name, expected["defaults"][name])
    for tree, size in expected["segments"]:
        assert (tree, count_of(engine, tree)) == (tree, size)


# Real exports keep the CRM's spelling of picklist values: Salesforce TaskSubtype "Call" and
# "ListEmail", HubSpot event type "OPEN" and engagement type "CALL". The sync stores them in
# the catalog's spelling (the compiler compares picklists exactly), with the mapping's own
# values table first (ListEmail is an email).
CRM_CASED = [
    ("salesforce", related("activities", "activity.activity_type", "in", ["call"]), 3),
    ("salesforce", related("activities", "activity.activity_type", "in", ["email"]), 3),
    ("hubspot", related("email_events", "email_event.event_type", "in", ["open"]), 4),
    ("hubspot", related("activities", "activity.activity_type", "in", ["call"]), 3),
]


@pytest.mark.parametrize(("crm", "tree", "size"), CRM_CASED)
def test_picklist_values_in_crm_case_are_selectable(engine, crm, tree, size):
    load(engine, crm)
    assert count_of(engine, tree) == size


SF_CUSTOM_FIELDS = {
    "newsletter_consent": (
        "Newsletter Consent",
        "boolean",
        "Newsletter_Consent__c",
        "Newsletter_Consent__c",
        True,
    ),
    "nps": ("NPS Score", "score", None, "NPS_Score__c", False),
    "products": ("Products Owned", "multi_text", None, "Products__c", False),
}
HS_CUSTOM_FIELDS = {
    "preferred_language": ("Preferred Language", "picklist", None, "Preferred language", False),
    "nps": ("NPS Score", "score", None, "NPS Score", False),
}

# (table, external id, expected values): aware times as naive UTC, quoted newlines and
# non-ASCII text kept, custom fields in contacts.custom, references by external id.
VALUES: dict[str, list[tuple[str, str, dict[str, Any]]]] = {
    "salesforce": [
        (
            "owners",
            "0055g00000Ka1QxAAJ",
            {
                "name": "Jonas Müller",
                "region": "EMEA",
                "team": "EMEA Mid-Market",
                "is_active": True,
            },
        ),
        ("owners", "0055g00000Ka1RMAAZ", {"name": "Mark O'Connell", "is_active": False}),
        (
            "accounts",
            "0015g00000AbCdEAAV",
            {
                "name": "Acme Robotics Inc.",
                "domain": "www.acmerobotics.com",
                "employee_count": 320,
                "annual_revenue": Decimal("48000000"),
                "created_at": dt.datetime(2023, 5, 17, 14, 2, 51),
                "owner_id": "0055g00000Ka1QwAAJ",
                "tier": "Mid-Market",
            },
        ),
        (
            "accounts",
            "0015g00000AbCeBAAV",
            {
                "name": "東京データ株式会社",
                "city": "東京",
                "annual_revenue": Decimal("32000000.50"),
                "type": "Prospect",
            },
        ),
        ("accounts", "0015g00000AbCeaAAF", {"name": "Fjord Media AB", "type": None}),
        # -0800 in the export: 2025-12-01 23:30 Pacific is 2025-12-02 07:30 UTC.
        (
            "opportunities",
            "0065g00000PqR1cAAF",
            {
                "created_at": dt.datetime(2025, 12, 2, 7, 30),
                "amount": Decimal("24000"),
                "close_date": dt.date(2026, 4, 15),
                "is_closed": False,
                "is_won": False,
                "account_id": "0015g00000AbCeBAAV",
            },
        ),
        (
            "opportunities",
            "0065g00000PqR1gAAF",
            {
                "name": "Orbital Telecom \u2013 Payments Add-on",
                "amount": Decimal("42750.50"),
                "is_won": True,
            },
        ),
        # Contact.csv starts with a BOM: its first column (Id) is still read.
        (
            "contacts",
            "0035g00000Xy7AbAAJ",
            {
                "record_type": "contact",
                "first_name": "Michael",
                "custom": {
                    "newsletter_consent": True,
                    "nps": 9,
                    "products": ["Analytics", "Automation"],
                },
                "updated_at": dt.datetime(2026, 3, 4, 18, 2, 11),
            },
        ),
        (
            "contacts",
            "0035g00000Xy7AcAAJ",
            {
                "title": "Head of Marketing\nDACH Region",
                "account_id": "0015g00000AbCe1AAF",
                "owner_id": "0055g00000Ka1QxAAJ",
                "email_opt_out": False,
                "custom": {"newsletter_consent": True, "nps": 7, "products": ["CRM"]},
            },
        ),
        (
            "contacts",
            "0035g00000Xy7AdAAJ",
            {
                "first_name": "Jürgen",
                "last_name": "Weiß",
                "email_opt_out": True,
                "custom": {"newsletter_consent": False},
            },
        ),
        (
            "contacts",
            "0035g00000Xy7AfAAJ",
            {
                "first_name": "太郎",
                "last_name": "山田",
                "title": "情報システム部 部長",
                "city": "東京",
                "custom": {"nps": 6, "products": ["Analytics"]},
            },
        ),
        ("contacts", "0035g00000Xy7AjAAJ", {"account_id": None, "owner_id": "0055g00000Ka1RMAAZ"}),
        (
            "contacts",
            "00Q5g00000Lm1AdEAJ",
            {
                "record_type": "lead",
                "first_name": "花子",
                "company_name": "株式会社サクラ",
                "lead_status": "Qualified",
                "account_id": None,
                "custom": {"newsletter_consent": True},
            },
        ),
        (
            "contacts",
            "00Q5g00000Lm1AcEAJ",
            {
                "company_name": "Brightside Retail, Inc.",
                "email_opt_out": True,
                "lead_source": "Paid Search",
            },
        ),
        (
            "campaigns",
            "7015g000000QrSwAAK",
            {
                "name": "SaaStr Annual 2025 \u2013 Booth",
                "type": "Event",
                "start_date": dt.date(2025, 9, 9),
                "end_date": dt.date(2025, 9, 11),
            },
        ),
    ],
    "hubspot": [
        ("owners", "52789432", {"name": "Thomas Becker", "team": "EMEA Sales", "is_active": True}),
        ("owners", "70015523", {"name": "Daniel Kim", "is_active": False}),
        (
            "accounts",
            "18734520913",
            {
                "name": "さくら物流株式会社",
                "industry": "Logistics and Supply Chain",
                "created_at": dt.datetime(2023, 7, 19, 1, 0),
                "owner_id": "61200987",
            },
        ),
        (
            "accounts",
            "18734520917",
            {"annual_revenue": Decimal("41000000.75"), "country": "France", "type": "Prospect"},
        ),
        (
            "contacts",
            "12451",
            {
                "first_name": "Sophie",
                "title": "Geschäftsführerin",
                "record_type": "contact",
                "lifecycle_stage": "sql",
                "lead_status": "Connected",
                "email_opt_out": None,
                "custom": {"preferred_language": "German"},
                "updated_at": dt.datetime(2026, 3, 4, 17, 30),
            },
        ),
        (
            "contacts",
            "12501",
            {
                "first_name": "結衣",
                "last_name": "佐々木",
                "account_id": "18734520913",
                "custom": {"preferred_language": "Japanese", "nps": 8},
            },
        ),
        (
            "contacts",
            "12651",
            {
                "email_opt_out": True,
                "lifecycle_stage": "mql",
                "custom": {"preferred_language": "English", "nps": 6},
            },
        ),
        ("contacts", "12751", {"email_opt_out": False, "account_id": None, "owner_id": None}),
        # Close Date is exported with a time of day; the store keeps the date.
        (
            "opportunities",
            "9012345601",
            {
                "close_date": dt.date(2026, 3, 31),
                "amount": Decimal("48000"),
                "stage": "Contract Sent",
                "account_id": "18734520911",
                "owner_id": "52789431",
            },
        ),
        (
            "opportunities",
            "9012345604",
            {"close_date": dt.date(2026, 5, 15), "amount": Decimal("30000.50")},
        ),
        ("opportunities", "9012345607", {"close_date": None, "amount": None}),
        (
            "campaigns",
            "158902341201",
            {"sent_at": dt.datetime(2026, 2, 3, 15, 0), "type": "Email", "status": "Sent"},
        ),
        (
            "campaigns",
            "158902341206",
            {"name": "Product launch teaser (draft)", "sent_at": None, "status": "Draft"},
        ),
    ],
}
EXTRA: dict[str, dict[str, Any]] = {
    "salesforce": {"custom_fields": SF_CUSTOM_FIELDS, "subject": "Call \u2013 renewal timing"},
    "hubspot": {
        "custom_fields": HS_CUSTOM_FIELDS,
        "subject": "Discovery call\nAgenda: pricing, timeline",
    },
}


def field_definitions(engine: Engine) -> dict[str, tuple]:
    fd = s.field_definitions
    columns = (fd.c.label, fd.c.data_type, fd.c.source_lead_field, fd.c.source_contact_field)
    with engine.connect() as conn:
        rows = conn.execute(select(fd.c.key, *columns, fd.c.allow_push))
        return {key: tuple(rest) for key, *rest in rows}


@pytest.mark.parametrize("crm", CRMS)
def test_full_export_stores_exact_values(engine, crm):
    load(engine, crm)
    for table, external_id, values in VALUES[crm]:
        stored = record(engine, table, external_id)
        assert {k: stored[k] for k in values} == values, (table, external_id)
    assert field_definitions(engine) == EXTRA[crm]["custom_fields"]
    with engine.connect() as conn:
        subjects = set(conn.execute(select(s.activities.c.subject)).scalars())
    assert EXTRA[crm]["subject"] in subjects


def test_fixture_files_look_like_real_exports():
    """The fixture quirks the tests above rely on are really in the files."""
    sf, hs = FIXTURES / "salesforce", FIXTURES / "hubspot"
    assert (sf / "Contact.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert not (sf / "Lead.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert b'"Id","IsDeleted"' in (sf / "Account.csv").read_bytes()[:20]  # every cell quoted
    assert b"\r\n" in (sf / "Account.csv").read_bytes()
    assert "2026-03-04T18:02:11.000Z" in (sf / "Contact.csv").read_text(encoding="utf-8-sig")
    with (hs / "contacts.csv").open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert {"Record ID", "Lifecycle Stage", "Archived", "Marketing contact status"} <= set(header)
    assert "2026-03-04 17:30" in (hs / "contacts.csv").read_text(encoding="utf-8")


# Per CRM, the later export of changed records: result counts, the watermark (the export's
# latest modification time), table sizes after it, the new values, and the record deleted in
# the CRM (IsDeleted / Archived) whose related rows must go with it.
INCREMENTAL: dict[str, dict[str, Any]] = {
    "salesforce": {
        "result": (5, 3, 1),
        "watermark": dt.datetime(2026, 3, 11, 17, 45, 30),
        "counts": FULL["salesforce"]["counts"]
        | {"contacts": 21, "opportunity_contacts": 6, "campaign_members": 11, "activities": 11},
        "values": [
            ("accounts", "0015g00000AbCeBAAV", {"type": "Customer", "tier": "Mid-Market"}),
            (
                "contacts",
                "00Q5g00000Lm1AbEAJ",
                {"lead_status": "Working", "title": "CTO & Co-Founder", "record_type": "lead"},
            ),
            (
                "contacts",
                "00Q5g00000Lm1AfEAJ",
                {"lead_status": "Working", "updated_at": dt.datetime(2026, 2, 14, 18, 25)},
            ),
            (
                "contacts",
                "00Q5g00000Lm1AkEAJ",
                {
                    "first_name": "Mateo",
                    "last_name": "García",
                    "record_type": "lead",
                    "custom": {"newsletter_consent": True},
                },
            ),
            (
                "contacts",
                "0035g00000Xy7AeAAJ",
                {
                    "title": "Directrice Marketing & Communication",
                    "custom": {"newsletter_consent": True, "nps": 9, "products": ["CRM"]},
                },
            ),
            (
                "contacts",
                "0035g00000Xy7AmAAJ",
                {
                    "first_name": "Priya",
                    "created_at": dt.datetime(2026, 3, 4, 8, 15),
                    "account_id": "0015g00000AbCeVAAV",
                },
            ),
            (
                "contacts",
                "0035g00000Xy7AnAAJ",
                {
                    "first_name": "Liam",
                    "account_id": "0015g00000AbCefAAF",
                    "updated_at": dt.datetime(2026, 3, 11, 17, 45, 30),
                },
            ),
        ],
        "deleted": "0035g00000Xy7AiAAJ",
        "segment": ("Affiliated with Customers", 7),
    },
    "hubspot": {
        "result": (4, 2, 1),
        "watermark": dt.datetime(2026, 3, 11, 18, 30),
        "counts": FULL["hubspot"]["counts"] | {"contacts": 11, "email_events": 18, "activities": 9},
        "values": [
            ("accounts", "18734520917", {"type": "Customer"}),
            (
                "contacts",
                "12401",
                {"lifecycle_stage": "customer", "updated_at": dt.datetime(2026, 3, 3, 9, 15)},
            ),
            (
                "contacts",
                "12651",
                {
                    "lifecycle_stage": "sql",
                    "lead_status": "Connected",
                    "custom": {"preferred_language": "English", "nps": 6},
                },
            ),
            ("contacts", "12851", {"email": "sandra.lee@gmail.com", "owner_id": "52789431"}),
            (
                "contacts",
                "13051",
                {"first_name": "Nina", "last_name": "Petrović", "account_id": "18734520917"},
            ),
        ],
        "deleted": "12801",
        "segment": ("Affiliated with Customers", 4),
    },
}


def related_rows(engine: Engine, contact_id: int) -> int:
    tables = (s.opportunity_contacts, s.campaign_members, s.email_events, s.activities)
    with engine.connect() as conn:
        return sum(
            conn.execute(
                select(func.count()).select_from(t).where(t.c.contact_id == contact_id)
            ).scalar_one()
            for t in tables
        )


@pytest.mark.parametrize("crm", CRMS)
def test_incremental_export_applies_changes_and_deletes(engine, crm):
    expected = INCREMENTAL[crm]
    load(engine, crm)
    gone_id = record(engine, "contacts", expected["deleted"])["id"]
    assert related_rows(engine, gone_id) > 0  # so "went with it" below means something
    result = load(engine, crm, incremental=True)
    assert (result.inserted, result.updated, result.deleted) == expected["result"]
    assert result.rejected == []
    assert result.watermark == expected["watermark"] > FULL[crm]["watermark"]
    with engine.connect() as conn:
        runs = s.sync_runs
        logged = conn.execute(
            select(runs.c.kind, runs.c.status, runs.c.watermark).order_by(runs.c.id.desc())
        ).first()
    assert tuple(logged) == ("incremental", "succeeded", expected["watermark"])
    assert table_counts(engine) == expected["counts"]
    for table, external_id, values in expected["values"]:
        stored = record(engine, table, external_id)
        assert {k: stored[k] for k in values} == values, (table, external_id)
    with engine.connect() as conn:
        ids = set(conn.execute(select(s.contacts.c.external_id)).scalars())
    assert expected["deleted"] not in ids
    assert related_rows(engine, gone_id) == 0
    name, size = expected["segment"]
    assert count_of(engine, DEFAULT_SEGMENTS[name].model_dump(mode="json")) == size


# --- round trip: demo store -> write_export -> sync into an empty store -------------------

AS_OF = dt.date(2026, 3, 1)
# HubSpot has no lead object: export everyone as a contact (as the sync benchmark does).
EXPORT_TYPES: dict[str, dict[str, tuple[str, ...]] | None] = {
    "salesforce": None,
    "hubspot": {"contacts": ("lead", "contact")},
}


@pytest.fixture(scope="module")
def demo_store(module_engine) -> Engine:
    build_demo(module_engine, contacts=300, seed=5, as_of=AS_OF)
    return module_engine


@pytest.fixture
def empty_store(module_engine, request, tmp_path):
    """An empty store on the demo store's kind of database (a second database)."""
    if module_engine.dialect.name == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path}/copy.db")
        yield engine
        engine.dispose()
    else:
        yield request.getfixturevalue("postgres_engine")


def _frozen(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    return value


def mapped_rows(
    engine: Engine, mapping: Mapping, types: dict[str, tuple[str, ...]] | None = None
) -> dict[str, Counter]:
    """Per mapped object, its records as the mapping sees them: mapped columns only,
    references as external ids, custom values of mapped keys; contact-keyed rows of the
    people the export includes."""
    chosen = types or {"leads": ("lead",), "contacts": ("contact",)}
    with engine.connect() as conn:
        ext = {
            name: dict(conn.execute(select(t.c.id, t.c.external_id)).all())
            for name, t in s.metadata.tables.items()
            if name in REFERENCES.values()
        }
        kinds = dict(conn.execute(select(s.contacts.c.id, s.contacts.c.record_type)).all())
        people = {i for i, kind in kinds.items() if any(kind in t for t in chosen.values())}
        out = {}
        for obj in mapping.ordered():
            om = mapping.objects[obj]
            table_name, record_type = OBJECTS[obj]
            table = s.metadata.tables[table_name]
            rows = []
            for row in conn.execute(select(table)).mappings():
                if record_type is not None and row["record_type"] not in chosen.get(obj, ()):
                    continue
                if record_type is None and "contact_id" in row and row["contact_id"] not in people:
                    continue
                values = tuple(
                    ext[REFERENCES[c]].get(row[c]) if c in REFERENCES else row[c]
                    for c in om.fields
                    if c != DELETED
                )
                custom = {f.key: (row["custom"] or {}).get(f.key) for f in om.custom}
                rows.append(_frozen([*values, {k: v for k, v in custom.items() if v is not None}]))
            out[obj] = Counter(rows)
    return out


def header_of(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


@pytest.mark.parametrize("crm", CRMS)
def test_round_trip_through_export_is_lossless(demo_store, empty_store, tmp_path, crm):
    mapping, types = mapping_of(crm), EXPORT_TYPES[crm]
    folder = tmp_path / "export"
    written = write_export(demo_store, mapping, folder, record_types=types)
    for obj in mapping.ordered():
        om = mapping.objects[obj]
        expected_header = [*om.fields.values(), *(c.column for c in om.custom), *om.skip]
        assert header_of(folder / f"{mapping.file_of(obj)}.csv") == expected_header
    result = sync(empty_store, mapping, FolderSource(folder), full=True)
    assert result.rejected == []
    assert result.inserted == sum(written.values())
    source = mapped_rows(demo_store, mapping, types)
    assert {o: sum(c.values()) for o, c in source.items()} == {
        o: written[f"{mapping.file_of(o)}.csv"] for o in source
    }
    copy = mapped_rows(empty_store, mapping, {"leads": ("lead",), "contacts": ("contact",)})
    for obj in mapping.ordered():
        assert copy[obj] == source[obj], obj
    again = sync(empty_store, mapping, FolderSource(folder), full=True)
    assert (again.inserted, again.updated, again.deleted, again.rejected) == (0, 0, 0, [])


def csv_column(path: Path, column: str) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row[column] for row in csv.DictReader(handle)]


@pytest.mark.parametrize(
    "contact_ids",
    [range(1, 61), [*range(60, 0, -1), 60, 10**9]],  # a range is one BETWEEN; a list is chunked
    ids=["range", "list"],
)
def test_export_of_some_contacts_keeps_their_rows_only(
    demo_store, tmp_path, monkeypatch, contact_ids
):
    monkeypatch.setattr(export_module, "ID_CHUNK", 7)
    mapping = mapping_of("hubspot")  # no leads object: leads are left out, with their rows
    written = write_export(demo_store, mapping, tmp_path, contact_ids=contact_ids)
    c = s.contacts
    with demo_store.connect() as conn:
        chosen = dict(
            conn.execute(
                select(c.c.id, c.c.external_id).where(
                    c.c.id.between(1, 60), c.c.record_type == "contact"
                )
            ).all()
        )
        events = conn.execute(
            select(func.count())
            .select_from(s.email_events)
            .where(s.email_events.c.contact_id.in_(list(chosen)))
        ).scalar_one()
        accounts = conn.execute(select(func.count()).select_from(s.accounts)).scalar_one()
    assert 0 < len(chosen) < 60  # the demo's first 60 people include leads
    assert sorted(csv_column(tmp_path / "contacts.csv", "Record ID")) == sorted(chosen.values())
    assert written["email_events.csv"] == events > 0
    assert written["companies.csv"] == accounts  # parents are written whole
    for name in ("email_events", "engagements", "deal_contacts"):
        assert set(csv_column(tmp_path / f"{name}.csv", "Contact ID")) <= set(chosen.values())


def test_export_of_no_people_writes_no_contact_keyed_rows(demo_store, tmp_path):
    written = write_export(demo_store, mapping_of("hubspot"), tmp_path, record_types={})
    people_rows = ("contacts", "deal_contacts", "email_events", "engagements")
    assert {name: written[f"{name}.csv"] for name in people_rows} == dict.fromkeys(people_rows, 0)
    assert written["companies.csv"] == table_counts(demo_store)["accounts"] > 0


@pytest.mark.parametrize(
    ("formats", "value", "text"),
    [
        # HubSpot's first format has no seconds: the first one that keeps them is used.
        (HS_DATETIMES, dt.datetime(2026, 3, 4, 9, 15, 22), "2026-03-04 09:15:22"),
        (SF_DATETIMES, dt.datetime(2026, 3, 4, 9, 15, 22), "2026-03-04T09:15:22.000000+0000"),
        (SF_DATETIMES, dt.datetime(2026, 3, 4, 9, 15, 22, 5), "2026-03-04T09:15:22.000005+0000"),
        (
            ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f"],
            dt.datetime(2026, 3, 4, 9, 15, 22, 250000),
            "2026-03-04T09:15:22.250000",
        ),
        (
            ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f"],
            dt.datetime(2026, 3, 4),
            "2026-03-04T00:00:00",
        ),
        # Aware values are written as UTC.
        (
            HS_DATETIMES,
            dt.datetime(2026, 3, 4, 10, 15, 22, tzinfo=dt.timezone(dt.timedelta(hours=1))),
            "2026-03-04 09:15:22",
        ),
    ],
)
def test_datetimes_are_written_so_the_mapping_reads_them_back(formats, value, text):
    assert datetime_writer(formats)(value) == text
    naive_utc = value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value
    assert to_datetime(text, formats) == naive_utc


def test_record_types_for_objects_without_types_are_refused(tmp_path):
    with pytest.raises(ValueError, match="owners"):
        write_export(
            make_engine(f"sqlite:///{tmp_path}/x.db"),
            mapping_of("hubspot"),
            tmp_path,
            record_types={"owners": ("x",)},
        )
