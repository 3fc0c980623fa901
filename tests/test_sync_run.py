"""Sync on both databases: coercion, rejections, re-runs, deletes, incremental, rollback."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from nlseg.store import schema as s
from nlseg.sync import run as run_module
from nlseg.sync.mapping import MappingError, parse_mapping
from nlseg.sync.run import SyncError, sync
from nlseg.sync.sources import FolderSource, SourceError

MAPPING = """
[settings]
date_formats = ["%Y-%m-%d", "%d/%m/%Y"]
datetime_formats = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d"]
[objects.accounts]
fields = { external_id = "Id", name = "Name", type = "Type" }
[objects.contacts]
fields = { external_id = "Id", email = "Email", account_id = "AccountId", email_opt_out = "OptOut", behavior_score = "Score", updated_at = "Modified", is_deleted = "Deleted" }
custom = [
  { key = "consent", label = "Consent", type = "boolean", column = "Consent", allow_push = true },
  { key = "trial", label = "Trial", type = "date", column = "Trial" },
  { key = "products", label = "Products", type = "multi_text", column = "Products" },
]
[objects.activities]
fields = { contact_id = "Who", activity_type = "Type", occurred_at = "When" }
"""
ACCOUNTS = "Id,Name,Type\nA1,Acme,Customer\nA2,Beta,Prospect\n"
CONTACTS_HEAD = "Id,Email,AccountId,OptOut,Score,Modified,Deleted,Consent,Trial,Products\n"
CONTACTS = CONTACTS_HEAD + (
    "C1,ann@acme.example,A1,TRUE,10,2024-01-01 00:00:00,,yes,31/01/2024,A;B\n"
    "C2,bob@beta.example,A2,0,5,2024-01-01 00:00:00,,no,,\n"
    "C3,cy@none.example,,no,,2024-01-01 00:00:00,,1,2024-02-03,C\n"
)
ACTIVITIES = "Who,Type,When\nC1,call,2024-01-05 10:00:00\nC2,meeting,2024-01-06\n"


def write(folder, **files: str) -> FolderSource:
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return FolderSource(folder)


def count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def snapshot(engine) -> dict:
    with engine.connect() as conn:
        return {
            t.name: sorted(map(repr, conn.execute(select(t)).all()))
            for t in (*s.CRM_TABLES, s.field_definitions)
        }


@pytest.fixture
def mapping():
    return parse_mapping(MAPPING, "test.toml")


@pytest.fixture
def loaded(engine, mapping, tmp_path):
    source = write(tmp_path / "src", accounts=ACCOUNTS, contacts=CONTACTS, activities=ACTIVITIES)
    result = sync(engine, mapping, source, full=True)
    return engine, mapping, tmp_path / "src", result


def test_full_sync_coerces_values(loaded):
    engine, _, _, result = loaded
    assert (result.inserted, result.updated, result.deleted, result.rejected) == (7, 0, 0, [])
    with engine.connect() as conn:
        rows = {r.external_id: r for r in conn.execute(select(s.contacts))}
        fd = s.field_definitions
        types = {k: t for k, t in conn.execute(select(fd.c.key, fd.c.data_type))}
    assert rows["C1"].email_opt_out is True and rows["C2"].email_opt_out is False
    assert rows["C1"].custom == {"consent": True, "trial": "2024-01-31", "products": ["A", "B"]}
    assert rows["C2"].custom == {"consent": False}
    assert rows["C3"].account_id is None and rows["C3"].custom["trial"] == "2024-02-03"
    assert rows["C1"].updated_at == dt.datetime(2024, 1, 1)
    assert types == {"consent": "boolean", "trial": "date", "products": "multi_text"}


def test_rerun_is_idempotent(loaded):
    engine, mapping, folder, _ = loaded
    before = snapshot(engine)
    again = sync(engine, mapping, FolderSource(folder), full=True)
    assert (again.inserted, again.updated, again.deleted) == (0, 0, 0)
    assert snapshot(engine) == before


def test_full_sync_deletes_missing_records_with_related_rows(loaded):
    engine, mapping, folder, _ = loaded
    only_c2 = CONTACTS_HEAD + CONTACTS.splitlines(True)[2]
    source = write(folder, contacts=only_c2, activities=ACTIVITIES.replace("C1,call", "C2,call"))
    result = sync(engine, mapping, source, full=True, allow_deletes=2)  # 2 of 3: deliberate
    assert result.deleted == 2  # C1 and C3 (C1's call goes with C1)
    with engine.connect() as conn:
        assert conn.execute(select(s.contacts.c.external_id)).scalars().all() == ["C2"]
        kinds = conn.execute(select(s.activities.c.activity_type)).scalars().all()
    assert sorted(kinds) == ["call", "meeting"]  # the call is C2's now, re-inserted


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("C9,x@y.example,A1,maybe,1,2024-01-01,,,,", "OptOut"),
        ("C9,x@y.example,A1,1,1.5,2024-01-01,,,,", "whole number"),
        ("C9,x@y.example,A1,1,2147483648,2024-01-01,,,,", "too large for behavior_score"),
        ("C9,x@y.example,ZZ,1,1,2024-01-01,,,,", "'ZZ' is not in accounts"),
        ("C9,not-an-email,A1,1,1,2024-01-01,,,,", "not an email"),
        ("C9,x@y.example,A1,1,1,2024-01-01,,,2024/13/01,", "date formats"),
        ("C9,x@y.example,A1,1", "has 4 fields"),
        (",x@y.example,A1,1,1,2024-01-01,,,,", "external_id"),
    ],
)
def test_malformed_rows_are_rejected_with_file_and_row(loaded, line, reason):
    engine, mapping, folder, _ = loaded
    source = write(folder, contacts=CONTACTS + line + "\n")
    result = sync(engine, mapping, source, full=True)
    assert len(result.rejected) == 1
    rejection = result.rejected[0]
    assert (rejection.file, rejection.row) == ("contacts.csv", 5)
    assert reason in rejection.reason
    assert count(engine, s.contacts) == 3
    with engine.connect() as conn:
        logged = conn.execute(
            select(s.sync_runs.c.rejected).order_by(s.sync_runs.c.id.desc())
        ).first()
    assert logged.rejected == 1


def test_rejected_row_does_not_delete_its_record(loaded):
    engine, mapping, folder, _ = loaded
    bad = CONTACTS.replace("C2,bob@beta.example,A2,0", "C2,bob@beta.example,A2,perhaps")
    result = sync(engine, mapping, write(folder, contacts=bad), full=True)
    assert result.deleted == 0 and len(result.rejected) == 1
    assert count(engine, s.contacts) == 3


def test_incremental_upserts_changes_since_watermark(loaded):
    engine, mapping, folder, _ = loaded
    changed = CONTACTS_HEAD + (
        "C1,ann@new.example,A1,TRUE,10,2024-02-01 00:00:00,,yes,,\n"  # changed
        "C2,bob@beta.example,A2,1,99,2024-01-01 00:00:00,,no,,\n"  # older than watermark
        "C4,dee@new.example,A2,no,3,2024-02-01 00:00:00,,,,\n"  # new
        "C3,cy@none.example,,no,,2024-02-02 00:00:00,TRUE,,,\n"  # deleted in the CRM
    )
    source = write(folder, contacts=changed)
    (folder / "accounts.csv").unlink()  # incremental runs need only what changed
    (folder / "activities.csv").unlink()
    result = sync(engine, mapping, source, full=False)
    assert (result.inserted, result.updated, result.deleted) == (1, 1, 1)
    assert result.watermark == dt.datetime(2024, 2, 2)
    with engine.connect() as conn:
        rows = {r.external_id: r for r in conn.execute(select(s.contacts))}
    assert set(rows) == {"C1", "C2", "C4"}
    assert rows["C1"].email == "ann@new.example" and rows["C2"].behavior_score == 5
    assert rows["C1"].custom["consent"] is True and "trial" not in rows["C1"].custom


def test_full_sync_refuses_missing_export(loaded):
    engine, mapping, folder, _ = loaded
    (folder / "accounts.csv").unlink()
    before = snapshot(engine)
    with pytest.raises(SyncError, match="accounts"):
        sync(engine, mapping, FolderSource(folder), full=True)
    assert snapshot(engine) == before


def test_bad_file_leaves_store_unchanged(loaded):
    engine, mapping, folder, _ = loaded
    before = snapshot(engine)
    source = write(folder, contacts="Id,Email\nC1,a@b.example\n")
    with pytest.raises(SourceError, match="missing column"):
        sync(engine, mapping, source, full=True)
    assert snapshot(engine) == before


@pytest.mark.parametrize(
    ("contacts", "message"),
    [
        (  # cut inside a quoted field: the rows after it were one field, and a full sync
            # deleted the contacts they held
            CONTACTS_HEAD + 'C1,"ann@acme.example,A1,TRUE,10,2024-01-01 00:00:00,,yes,,\n'
            "C2,bob@beta.example,A2,0,5,2024-01-01 00:00:00,,no,,\n",
            "ends inside a quoted field",
        ),
        (CONTACTS_HEAD + 'C1,"ann"@acme.example,A1,TRUE,10,,,,,\n', "unreadable CSV near row 2"),
        (  # a second Email column overwrote every contact's email
            CONTACTS_HEAD.replace("Consent", "email") + CONTACTS.split("\n", 1)[1],
            "repeats column\\(s\\) Email",
        ),
    ],
    ids=["cut short", "text after a closing quote", "duplicate header"],
)
def test_a_malformed_export_stops_the_sync_before_anything_is_written(loaded, contacts, message):
    engine, mapping, folder, _ = loaded
    before = snapshot(engine)
    with pytest.raises(SourceError, match=message):
        sync(engine, mapping, write(folder, contacts=contacts), full=True)
    assert snapshot(engine) == before


def test_a_nul_byte_rejects_its_row_not_the_sync(loaded):
    engine, mapping, folder, _ = loaded
    contacts = CONTACTS.replace("bob@beta.example", "bob\x00@beta.example")
    result = sync(engine, mapping, write(folder, contacts=contacts), full=True)
    assert [str(r) for r in result.rejected] == ["contacts.csv row 3: contains a NUL character"]
    with engine.connect() as conn:
        emails = set(conn.execute(select(s.contacts.c.email)).scalars())
    assert "bob@beta.example" in emails and not any("\x00" in (e or "") for e in emails)
    assert result.deleted == 0  # the rejected row kept its record


def test_a_nul_in_a_json_lines_value_rejects_its_row(loaded):
    engine, mapping, folder, _ = loaded
    (folder / "contacts.csv").unlink()
    lines = [json.dumps(dict(zip(CONTACTS_HEAD.strip().split(","), row.split(","), strict=True)))
             for row in CONTACTS.strip().splitlines()[1:]]  # fmt: skip
    lines[1] = lines[1].replace("bob@", "bob\\u0000@")
    (folder / "contacts.jsonl").write_text("\n".join(lines) + "\n")
    result = sync(engine, mapping, FolderSource(folder), full=True)
    assert [str(r) for r in result.rejected] == ["contacts.jsonl row 2: contains a NUL character"]
    assert result.deleted == 0 and count(engine, s.contacts) == 3


def test_interrupted_run_leaves_store_unchanged_and_is_logged(loaded, monkeypatch):
    engine, mapping, folder, _ = loaded
    before = snapshot(engine)
    source = write(folder, accounts=ACCOUNTS + "A3,Gamma,Partner\n", contacts=CONTACTS_HEAD)
    real = run_module._apply

    def crash_on_activities(conn, mapping, obj, *args):
        if obj == "activities":
            raise RuntimeError("power cut")
        return real(conn, mapping, obj, *args)

    monkeypatch.setattr(run_module, "_apply", crash_on_activities)
    with pytest.raises(RuntimeError, match="power cut"):
        sync(engine, mapping, source, full=True)
    assert snapshot(engine) == before
    with engine.connect() as conn:
        last = conn.execute(select(s.sync_runs).order_by(s.sync_runs.c.id.desc())).first()
    assert last.status == "failed" and "power cut" in last.error


def test_default_segments_created_once(loaded):
    engine, mapping, folder, first = loaded
    assert first.created_segments == [
        "All Leads",
        "All Contacts",
        "Affiliated with Prospects",
        "Affiliated with Customers",
        "Unaffiliated",
    ]
    again = sync(engine, mapping, FolderSource(folder), full=True)
    assert again.created_segments == []
    assert count(engine, s.segments) == 5


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[objects.contacts]\nfields = { external_id = 'Id' }", "contacts: email must be mapped"),
        ("[objects.deals]\nfields = {}", "unknown object 'deals'"),
        ("[objects.leads]\nfields = { email = 'E' }", "external_id must be mapped"),
        ("[objects.leads]\nfields = { external_id = 'Id', email = 'E', shoe = 'S' }", "'shoe'"),
        ("objects = 3", "objects"),
        ("[settings]\ndate_formats = ['%Y %Y']\n[objects.owners]\nfields = {}", "'%Y %Y'"),
        (
            "[objects.contacts]\nfields = { external_id = 'I', email = 'E' }\n"
            "values = { lead_status = { Open = 'New' } }",
            "values names unmapped 'lead_status'",
        ),
        (
            "[objects.contacts]\nfields = { external_id = 'I', email = 'E' }\n"
            "custom = [{ key = 'nps', label = 'NPS', type = 'score', column = 'N' }]\n"
            "values = { 'custom.nps' = { Ten = '10' } }",
            "values names unmapped 'custom.nps'",  # only text-like custom fields
        ),
        ("[objects", "not valid TOML"),
        (
            "[objects.contacts]\nfields = { external_id = 'I', email = 'E' }\n"
            "custom = [{ key = 'x', label = 'X', type = 'colour', column = 'X' }]",
            "custom.0.type",
        ),
    ],
)
def test_mapping_errors_name_file_and_problem(text, message):
    with pytest.raises(MappingError) as info:
        parse_mapping(text, "my.toml")
    assert str(info.value).startswith("my.toml")
    assert message in str(info.value)


@pytest.mark.parametrize("name", ["salesforce", "hubspot"])
def test_shipped_mappings_are_valid(name):
    from pathlib import Path

    from nlseg.sync.mapping import load_mapping

    path = Path(run_module.__file__).parent / "mappings" / f"{name}.toml"
    mapping = load_mapping(path)
    assert "email" in mapping.objects["contacts"].fields


def _rollup_rows(engine) -> list:
    with engine.connect() as conn:
        t = s.contact_recent_events
        return [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key))]


def _rollups_are_exact(engine) -> bool:
    """The rollups after a sync equal a rebuild from scratch, and are marked current."""
    from nlseg.store.rollups import current_rollups, rebuild_rollups

    after_sync = _rollup_rows(engine)
    with engine.connect() as conn:
        current = set(current_rollups(conn).max_time)
    with engine.begin() as conn:
        rebuild_rollups(conn)
    return current == {"email_events", "activities"} and after_sync == _rollup_rows(engine)


def test_rollups_follow_each_sync_exactly(loaded):
    engine, mapping, folder, _ = loaded
    assert _rollups_are_exact(engine)
    only_c2 = CONTACTS_HEAD + CONTACTS.splitlines(True)[2]
    moved = ACTIVITIES.replace("C1,call", "C2,call")
    sync(
        engine, mapping, write(folder, contacts=only_c2, activities=moved), full=True,
        allow_deletes=2,
    )  # fmt: skip
    assert _rollups_are_exact(engine)  # C1's rows gone with C1, the call counted for C2
    (folder / "accounts.csv").unlink()
    (folder / "contacts.csv").unlink()
    more = moved + "C2,meeting,2024-03-01 09:00:00\n"
    result = sync(engine, mapping, write(folder, activities=more), full=False)
    assert result.inserted == 1
    assert _rollups_are_exact(engine)


def _as_jsonl(text: str, broken: bool = False) -> str:
    import csv
    import io
    import json

    lines = [json.dumps(row) for row in csv.DictReader(io.StringIO(text))]
    if broken:
        lines.append("{not json")
    return "\n".join(lines) + "\n"


def test_jsonl_exports_load_like_csv(mapping, tmp_path):
    from nlseg.store import make_engine

    files = {"accounts": ACCOUNTS, "contacts": CONTACTS, "activities": ACTIVITIES}
    stores = {}
    for kind in ("csv", "jsonl"):
        folder = tmp_path / kind
        folder.mkdir()
        for name, text in files.items():
            body = text if kind == "csv" else _as_jsonl(text, broken=name == "activities")
            (folder / f"{name}.{kind}").write_text(body, encoding="utf-8")
        engine = make_engine(f"sqlite:///{tmp_path}/{kind}.db")
        stores[kind] = (engine, sync(engine, mapping, FolderSource(folder), full=True))
    (csv_engine, csv_result), (jsonl_engine, jsonl_result) = stores["csv"], stores["jsonl"]
    assert snapshot(jsonl_engine) == snapshot(csv_engine)
    assert csv_result.rejected == []
    [rejected] = jsonl_result.rejected
    assert (rejected.file, rejected.row) == ("activities.jsonl", 3)
    assert "not valid JSON" in rejected.reason


LEADS_MAPPING = (
    MAPPING
    + """
[objects.leads]
fields = { external_id = "Id", email = "Email", updated_at = "Modified" }
custom = [{ key = "consent", label = "Consent", type = "boolean", column = "Consent" }]
"""
)


def test_converted_lead_keeps_its_record_and_activities(engine, tmp_path):
    mapping = parse_mapping(LEADS_MAPPING, "test.toml")
    folder = tmp_path / "src"
    lead = "Id,Email,Modified,Consent\nL1,lee@x.example,2024-01-01,yes\n"
    activity = "Who,Type,When\nL1,call,2024-01-05 10:00:00\n"
    sync(
        engine,
        mapping,
        write(folder, accounts=ACCOUNTS, leads=lead, contacts=CONTACTS_HEAD, activities=activity),
        full=True,
    )
    with engine.connect() as conn:
        before = conn.execute(select(s.contacts.c.id).where(s.contacts.c.external_id == "L1"))
        lead_id = before.scalar_one()
    converted = CONTACTS_HEAD + "L1,lee@x.example,A1,no,,2024-02-01 00:00:00,,no,,\n"
    result = sync(
        engine,
        mapping,
        write(folder, leads="Id,Email,Modified,Consent\n", contacts=converted),
        full=True,
    )
    assert (result.inserted, result.updated, result.deleted) == (0, 1, 0)
    with engine.connect() as conn:
        row = conn.execute(select(s.contacts).where(s.contacts.c.external_id == "L1")).one()
        calls = conn.execute(select(func.count()).select_from(s.activities)).scalar_one()
    assert (row.id, row.record_type, row.account_id is not None) == (lead_id, "contact", True)
    assert row.custom == {"consent": False} and calls == 1


def test_child_of_a_record_deleted_in_the_same_run_is_rejected(loaded):
    engine, mapping, folder, _ = loaded
    only_c2 = CONTACTS_HEAD + CONTACTS.splitlines(True)[2]
    result = sync(engine, mapping, write(folder, contacts=only_c2), full=True, allow_deletes=2)
    rejected = [(r.file, r.row, r.reason) for r in result.rejected]
    assert rejected == [("activities.csv", 2, "contact_id (Who): 'C1' is not in contacts")]
    assert count(engine, s.activities) == 1


def test_duplicate_records_keep_the_first_row(loaded):
    engine, mapping, folder, _ = loaded
    twice = CONTACTS + "C2,bob@other.example,A2,0,5,2024-01-01 00:00:00,,no,,\n"
    result = sync(engine, mapping, write(folder, contacts=twice), full=True)
    assert [(r.file, r.row, r.reason) for r in result.rejected] == [
        ("contacts.csv", 5, "duplicate of row 3 (external_id C2)"),
    ]
    with engine.connect() as conn:
        email = conn.execute(select(s.contacts.c.email).where(s.contacts.c.external_id == "C2"))
        assert email.scalar_one() == "bob@beta.example"


CALL = "C1,call,2024-01-05 10:00:00\n"


@pytest.mark.parametrize(
    ("stored", "exported", "full", "inserted", "deleted"),
    [
        (1, 1, True, 0, 0),  # a re-run adds nothing
        (1, 3, True, 2, 0),  # two more calls in the same second: two more events
        (3, 3, True, 0, 0),
        (3, 1, True, 0, 2),  # a full sync keeps as many copies as the export lists
        (3, 0, True, 0, 3),
        (1, 3, False, 2, 0),
        (3, 1, False, 0, 0),  # an incremental export lists what is new, never deletes
    ],
)
def test_identical_events_are_separate_occurrences(
    loaded, stored, exported, full, inserted, deleted
):
    engine, mapping, folder, _ = loaded
    meeting = "C2,meeting,2024-01-06\n"
    sync(
        engine,
        mapping,
        write(folder, activities="Who,Type,When\n" + CALL * stored + meeting),
        full=True,
    )
    result = sync(
        engine,
        mapping,
        write(folder, activities="Who,Type,When\n" + CALL * exported + meeting),
        full=full,
        allow_deletes=deleted,  # what the case expects, and not one more
    )
    assert (result.inserted, result.deleted, result.rejected) == (inserted, deleted, [])
    with engine.connect() as conn:
        calls = conn.execute(
            select(func.count()).where(s.activities.c.activity_type == "call")
        ).scalar_one()
    assert calls == (exported if full else max(stored, exported))
    again = sync(engine, mapping, FolderSource(folder), full=full)
    assert (again.inserted, again.deleted) == (0, 0)
    assert _rollups_are_exact(engine)


def test_custom_keys_of_another_mapping_are_kept(loaded):
    engine, mapping, folder, _ = loaded
    with engine.begin() as conn:
        c1 = s.contacts.c.external_id == "C1"
        conn.execute(s.contacts.update().where(c1).values(custom={"consent": True, "tier": "A"}))
    changed = CONTACTS.replace(
        "C1,ann@acme.example,A1,TRUE,10,2024-01-01 00:00:00,,yes,31/01/2024,A;B",
        "C1,ann@acme.example,A1,TRUE,10,2024-03-01 00:00:00,,no,,B",
    )
    result = sync(engine, mapping, write(folder, contacts=changed), full=True)
    assert result.updated == 1
    with engine.connect() as conn:
        custom = conn.execute(select(s.contacts.c.custom).where(c1)).scalar_one()
    assert custom == {"tier": "A", "consent": False, "products": ["B"]}
    again = sync(engine, mapping, FolderSource(folder), full=True)
    assert (again.inserted, again.updated, again.deleted) == (0, 0, 0)


def test_a_failed_run_leaves_no_staging_table_behind(loaded):
    engine, mapping, folder, _ = loaded
    broken = write(folder, contacts="Id,Email\nC1,a@b.example\n")
    for _ in range(2):  # the second run would trip over a leftover table
        with pytest.raises(SourceError):
            sync(engine, mapping, broken, full=True)
    (folder / "contacts.csv").write_text(CONTACTS, encoding="utf-8")
    result = sync(engine, mapping, FolderSource(folder), full=True)
    assert (result.inserted, result.updated, result.deleted, result.rejected) == (0, 0, 0, [])


SPELLING_MAPPING = MAPPING.replace(
    '[objects.activities]\nfields = { contact_id = "Who", activity_type = "Type", occurred_at = "When" }',
    '[objects.activities]\nfields = { contact_id = "Who", activity_type = "Type", occurred_at = "When" }\n'
    'values = { activity_type = { "Phone Call" = "call" } }\nskip = { Private = ["yes"] }',
)


@pytest.mark.parametrize(
    ("crm_value", "stored"),
    [
        ("call", "call"),
        ("CALL", "call"),  # the catalog's spelling, ignoring case
        ("Phone Call", "call"),  # the mapping's values table
        ("phone call", "call"),
        ("Webinar", "Webinar"),  # not in the vocabulary: kept as the CRM spells it
    ],
)
def test_picklist_values_are_stored_in_the_catalogs_spelling(engine, tmp_path, crm_value, stored):
    mapping = parse_mapping(SPELLING_MAPPING, "test.toml")
    activities = f"Who,Type,When,Private\nC1,{crm_value},2024-01-05,no\nC2,call,2024-01-06,YES\n"
    source = write(tmp_path / "src", accounts=ACCOUNTS, contacts=CONTACTS, activities=activities)
    result = sync(engine, mapping, source, full=True)
    assert (result.skipped, result.rejected) == (1, [])
    with engine.connect() as conn:
        kinds = conn.execute(select(s.activities.c.activity_type)).scalars().all()
    assert kinds == [stored]


class InMemorySource:
    """A connector as an API client would be: records per export name, no files."""

    def __init__(self, records: dict[str, list[dict]]) -> None:
        self.records = records

    def has(self, name: str) -> bool:
        return name in self.records

    def rows(self, name: str, columns):
        from nlseg.sync.sources import Row, SourceError

        missing = [c for c in columns if any(c not in r for r in self.records[name])]
        if missing:
            raise SourceError(f"{name}: missing field(s) {', '.join(missing)}")
        for number, record in enumerate(self.records[name], start=1):
            yield Row(f"api:{name}", number, record)


def test_a_connector_is_any_object_with_has_and_rows(engine, mapping, tmp_path):
    import csv
    import io

    files = {"accounts": ACCOUNTS, "contacts": CONTACTS, "activities": ACTIVITIES}
    records = {name: list(csv.DictReader(io.StringIO(text))) for name, text in files.items()}
    records["contacts"][1]["Email"] = "not an email"
    result = sync(engine, mapping, InMemorySource(records), full=True)
    assert (result.inserted, result.updated, result.deleted) == (5, 0, 0)
    # bob's row is rejected, and so is his meeting: its contact is not in the store
    assert [(r.file, r.row) for r in result.rejected] == [
        ("api:contacts", 2),
        ("api:activities", 2),
    ]


def test_custom_text_values_are_translated_by_the_mapping(engine, tmp_path):
    text = MAPPING.replace(
        "[objects.activities]",
        "values = { 'custom.products' = { 'Pay' = 'Payments', 'Cards' = 'Card Issuing' } }\n"
        "[objects.activities]",
    )
    mapping = parse_mapping(text, "test.toml")
    contacts = CONTACTS.replace(",A;B\n", ",pay;Cards;Other\n")
    sync(
        engine,
        mapping,
        write(tmp_path / "src", accounts=ACCOUNTS, contacts=contacts, activities=ACTIVITIES),
        full=True,
    )
    with engine.connect() as conn:
        custom = conn.execute(
            select(s.contacts.c.custom).where(s.contacts.c.external_id == "C1")
        ).scalar_one()
    assert custom["products"] == ["Payments", "Card Issuing", "Other"]


def test_a_second_sync_while_one_runs_changes_nothing_and_says_so(loaded, monkeypatch):
    # Two incremental syncs of one activity export started together stored it twice.
    import threading

    from nlseg.sync.run import SyncBusy

    engine, mapping, folder, _ = loaded
    more = ACTIVITIES + "C1,email,2024-02-01 09:00:00\n"
    source = write(folder, activities=more)
    inside, release = threading.Event(), threading.Event()
    real = run_module._sync_objects
    outcome: dict[str, object] = {}

    def held(conn, *args):  # the first sync, stopped halfway with the lock held
        inside.set()
        assert release.wait(60)
        return real(conn, *args)

    def first():
        try:
            outcome["first"] = sync(engine, mapping, source, full=False)
        except Exception as exc:  # reported below
            outcome["first"] = exc

    monkeypatch.setattr(run_module, "_sync_objects", held)
    thread = threading.Thread(target=first)
    thread.start()
    try:
        assert inside.wait(60)
        monkeypatch.setattr(run_module, "_sync_objects", real)
        with pytest.raises(SyncBusy, match="another sync"):
            sync(engine, mapping, source, full=False)
    finally:
        release.set()
        thread.join(60)
    assert not isinstance(outcome["first"], Exception), outcome["first"]
    assert count(engine, s.activities) == 3  # the new one once, not twice
    again = sync(engine, mapping, source, full=False)  # once it has finished, a sync runs
    assert count(engine, s.activities) == 3 and again.inserted == 0


# -- deletions are deliberate ---------------------------------------------------------------


def test_a_full_sync_that_would_delete_much_stops_and_shows_its_plan(loaded):
    # A header-only Contact file deleted every contact; a small export onto a big store,
    # most of it.
    from nlseg.sync.run import DeletionsNeedConsent

    engine, mapping, folder, _ = loaded
    before = snapshot(engine)
    source = write(folder, contacts=CONTACTS_HEAD, activities="Who,Type,When\n")
    with pytest.raises(DeletionsNeedConsent, match="would delete 3 records") as stopped:
        sync(engine, mapping, source, full=True)
    assert snapshot(engine) == before
    plan = stopped.value.result.plan
    assert plan["contacts"] == {"before": 3, "inserted": 0, "updated": 0, "deleted": 3}
    assert "contacts: 3 now; 0 to insert, 0 to update, 3 to delete" in str(stopped.value)
    with pytest.raises(DeletionsNeedConsent):  # consent for fewer is no consent
        sync(engine, mapping, source, full=True, allow_deletes=2)
    result = sync(engine, mapping, source, full=True, allow_deletes=3)
    assert result.deleted == 3 and count(engine, s.contacts) == 0


def test_a_dry_run_computes_the_plan_and_changes_nothing(loaded):
    engine, mapping, folder, _ = loaded
    before = snapshot(engine)
    more = CONTACTS + "C4,dee@acme.example,A1,no,1,2024-01-01 00:00:00,,,,\n"
    result = sync(engine, mapping, write(folder, contacts=more), full=True, dry_run=True)
    assert result.dry_run and result.plan["contacts"]["inserted"] == 1
    assert snapshot(engine) == before  # not even logged


def test_the_deletion_limits_are_the_mappings(loaded):
    engine, _, folder, _ = loaded
    limits = "[settings]\nmax_delete_share = 1.0\nmax_delete_records = 10\n"
    lenient = parse_mapping(MAPPING.replace("[settings]\n", limits, 1), "lenient.toml")
    source = write(folder, contacts=CONTACTS_HEAD, activities="Who,Type,When\n")
    result = sync(engine, lenient, source, full=True)
    assert result.deleted == 3  # within this mapping's limits: no consent needed


@pytest.mark.parametrize("rows", [1, 12])
def test_an_export_whose_rows_are_all_or_mostly_rejected_fails_the_run(loaded, rows):
    engine, mapping, folder, _ = loaded
    before = snapshot(engine)
    bad = "".join(f"C{i},x{i}@acme.example,A9,no,1,2024-01-01 00:00:00,,,,\n" for i in range(rows))
    good = "C1,ann@acme.example,A1,TRUE,10,2024-01-01 00:00:00,,yes,31/01/2024,A;B\n"
    contacts = CONTACTS_HEAD + bad + (good if rows > 1 else "")
    with pytest.raises(SyncError, match="rows were rejected"):
        sync(engine, mapping, write(folder, contacts=contacts), full=False)
    assert snapshot(engine) == before
    with engine.connect() as conn:
        status = conn.execute(
            select(s.sync_runs.c.status).order_by(s.sync_runs.c.id.desc())
        ).first()
    assert status == ("failed",)


def test_the_command_asks_for_consent_and_has_a_dry_run(loaded, tmp_path):
    from typer.testing import CliRunner

    from nlseg.cli import app

    engine, _, folder, _ = loaded
    (tmp_path / "m.toml").write_text(MAPPING)
    write(folder, contacts=CONTACTS_HEAD, activities="Who,Type,When\n")
    url = engine.url.render_as_string(hide_password=False)
    base = ["sync", "--mapping", str(tmp_path / "m.toml"), "--source", str(folder), "--db", url]
    runner = CliRunner()
    before = snapshot(engine)
    stopped = runner.invoke(app, base)
    assert stopped.exit_code == 2, stopped.output
    assert "would delete 3 records" in stopped.stderr and "--allow-deletes 3" in stopped.stderr
    dry = runner.invoke(app, [*base, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "contacts: 3 now; 0 to insert, 0 to update, 3 to delete" in dry.stdout
    assert snapshot(engine) == before
    assert runner.invoke(app, [*base, "--allow-deletes", "2"]).exit_code == 2
    done = runner.invoke(app, [*base, "--yes"])
    assert done.exit_code == 0, done.output
    assert "3 deleted" in done.stdout and count(engine, s.contacts) == 0
