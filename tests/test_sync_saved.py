"""Mappings saved in the store, on both databases: save, list, load, refusals, the default
segments on the first save, and ``nlseg sync --mapping NAME`` falling back to a saved mapping."""

from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, inspect, select
from test_sync_run import ACCOUNTS, ACTIVITIES, CONTACTS, MAPPING, write
from typer.testing import CliRunner

from nlseg.cli import app
from nlseg.segments import delete_segment, list_segments
from nlseg.store import create_schema
from nlseg.store import schema as s
from nlseg.sync import defaults as defaults_module
from nlseg.sync import saved as saved_module
from nlseg.sync.defaults import DEFAULT_SEGMENTS
from nlseg.sync.mapping import MappingError, parse_mapping
from nlseg.sync.run import sync
from nlseg.sync.saved import load_saved, save_mapping, saved_mappings

runner = CliRunner()
DEFAULTS = list(DEFAULT_SEGMENTS)
# The same mapping without its [settings]: a different, valid text.
OTHER = MAPPING[MAPPING.index("[objects.accounts]") :]


def segment_names(engine) -> list[str]:
    with engine.connect() as conn:
        return sorted(conn.execute(select(s.segments.c.name)).scalars())


def export(tmp_path):
    return write(tmp_path / "src", accounts=ACCOUNTS, contacts=CONTACTS, activities=ACTIVITIES)


def test_saved_mapping_is_listed_and_loads_as_parsed(engine):
    result = save_mapping(engine, "  Acme CRM  ", MAPPING, by="ann")
    assert (result.name, result.replaced) == ("Acme CRM", False)
    assert result.mapping == parse_mapping(MAPPING)
    save_mapping(engine, "acme 2", OTHER)
    assert saved_mappings(engine) == {"Acme CRM": MAPPING, "acme 2": OTHER}  # in name order
    assert load_saved(engine, "Acme CRM") == parse_mapping(MAPPING)
    assert load_saved(engine, " Acme CRM ") == parse_mapping(MAPPING)
    assert load_saved(engine, "acme crm") is None  # names are exact
    with engine.connect() as conn:
        row = conn.execute(
            select(s.sync_mappings).where(s.sync_mappings.c.name == "Acme CRM")
        ).one()
    assert row.saved_by == "ann" and row.saved_at is not None


def test_saving_a_name_again_replaces_its_text(engine):
    save_mapping(engine, "acme", MAPPING)
    again = save_mapping(engine, "acme", OTHER)
    assert again.replaced
    assert saved_mappings(engine) == {"acme": OTHER}


def test_nothing_is_saved_in_a_store_without_mappings(engine):
    assert saved_mappings(engine) == {}
    assert load_saved(engine, "acme") is None


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("acme", "[objects", "mapping 'acme': not valid TOML"),
        ("acme", "[objects.deals]\nfields = {}", "unknown object 'deals'"),
        ("acme", MAPPING.replace('email = "Email", ', ""), "contacts: email must be mapped"),
        ("", MAPPING, "needs a name"),
        ("   ", MAPPING, "needs a name"),
        ("x" * 201, MAPPING, "at most 200 characters (this one has 201)"),
    ],
)
def test_invalid_saves_are_refused_and_store_nothing(engine, name, text, message):
    save_mapping(engine, "acme", MAPPING)
    with pytest.raises(MappingError, match=re.escape(message)):
        save_mapping(engine, name, text)
    assert saved_mappings(engine) == {"acme": MAPPING}


def test_an_invalid_first_save_creates_no_segments(engine):
    with pytest.raises(MappingError):
        save_mapping(engine, "acme", "[objects")
    create_schema(engine)
    assert segment_names(engine) == []
    assert save_mapping(engine, "acme", MAPPING).created_segments == DEFAULTS


def test_first_save_creates_the_defaults_once_and_a_later_first_sync_none(engine, tmp_path):
    assert save_mapping(engine, "acme", MAPPING).created_segments == DEFAULTS
    assert save_mapping(engine, "acme", OTHER).created_segments == []  # replaced
    assert save_mapping(engine, "beta", MAPPING).created_segments == []  # a second mapping
    first_sync = sync(engine, parse_mapping(MAPPING), export(tmp_path), full=True)
    assert first_sync.first and first_sync.created_segments == []
    assert segment_names(engine) == sorted(DEFAULTS)


def delete_default(engine, name: str) -> None:
    delete_segment(engine, next(i.id for i in list_segments(engine) if i.name == name))


def test_later_saves_keep_a_deleted_default_deleted(engine):
    assert save_mapping(engine, "acme", MAPPING).created_segments == DEFAULTS
    delete_default(engine, "Unaffiliated")
    assert save_mapping(engine, "acme", OTHER).created_segments == []
    assert save_mapping(engine, "beta", OTHER).created_segments == []
    assert "Unaffiliated" not in segment_names(engine)


def test_first_save_after_a_sync_keeps_a_deleted_default_deleted(engine, tmp_path):
    assert sync(engine, parse_mapping(MAPPING), export(tmp_path), full=True).created_segments
    delete_default(engine, "Unaffiliated")
    assert save_mapping(engine, "acme", MAPPING).created_segments == []
    assert "Unaffiliated" not in segment_names(engine)


def test_two_first_saves_at_once_create_the_defaults_once(engine, monkeypatch):
    # Each save waits after counting the mappings, before it commits: without the lock both
    # would count only their own.
    first = saved_module._first_for_store
    monkeypatch.setattr(
        saved_module, "_first_for_store", lambda conn: (first(conn), time.sleep(0.3))[0]
    )
    calls = []
    create = defaults_module.create_default_segments
    monkeypatch.setattr(
        defaults_module,
        "create_default_segments",
        lambda e, **kw: calls.append(1) or create(e, **kw),
    )
    create_schema(engine)
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda n: save_mapping(engine, n, MAPPING), ["a", "b"]))
    assert len(calls) == 1
    assert sorted(r.created_segments for r in results) == [[], DEFAULTS]


def test_a_saved_text_that_no_longer_validates_names_the_saved_mapping(engine):
    create_schema(engine)
    with engine.begin() as conn:
        conn.execute(
            s.sync_mappings.insert().values(
                name="old", text="[objects.deals]\nfields = {}", saved_at=func.now()
            )
        )
    with pytest.raises(MappingError, match="saved mapping 'old': invalid mapping"):
        load_saved(engine, "old")


# --- nlseg sync --mapping NAME ----------------------------------------------------------------


def url_of(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


@pytest.mark.parametrize(
    ("file_text", "exit_code", "out", "logged"),
    [
        (None, 0, "7 inserted", "saved: acme"),  # no file: the saved mapping
        ("[objects.deals]\n", 2, "acme: invalid mapping", None),  # a file of that name wins
        (MAPPING, 0, "7 inserted", "acme"),
    ],
)
def test_cli_uses_a_file_else_the_saved_mapping(
    engine, tmp_path, monkeypatch, file_text, exit_code, out, logged
):
    save_mapping(engine, "acme", MAPPING)
    monkeypatch.chdir(tmp_path)
    if file_text is not None:
        (tmp_path / "acme").write_text(file_text, encoding="utf-8")
    folder = str(export(tmp_path).folder)
    result = runner.invoke(
        app, ["sync", "--mapping", "acme", "--source", folder, "--db", url_of(engine)]
    )
    assert result.exit_code == exit_code, result.output
    assert out in (result.stdout if exit_code == 0 else result.stderr)
    with engine.connect() as conn:
        logged_as = conn.execute(select(s.sync_runs.c.mapping)).scalars().all()
    assert logged_as == ([logged] if logged else [])


def test_cli_error_names_the_file_and_the_saved_mapping(engine, tmp_path, monkeypatch):
    save_mapping(engine, "acme", MAPPING)
    monkeypatch.chdir(tmp_path)
    folder = str(export(tmp_path).folder)
    result = runner.invoke(
        app, ["sync", "--mapping", "beta", "--source", folder, "--db", url_of(engine)]
    )
    assert result.exit_code == 2
    assert "no file 'beta' and no saved mapping 'beta'" in result.stderr


def test_cli_does_not_create_a_missing_sqlite_store_to_look_for_a_mapping(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = str(export(tmp_path).folder)
    db = tmp_path / "none.db"
    result = runner.invoke(
        app, ["sync", "--mapping", "acme", "--source", folder, "--db", f"sqlite:///{db}"]
    )
    assert result.exit_code == 2
    assert "no file 'acme' and no saved mapping 'acme'" in result.stderr
    assert not db.exists()


def test_a_store_from_before_the_table_gets_it(engine):
    create_schema(engine)
    s.sync_mappings.drop(engine)
    assert saved_mappings(engine) == {} and load_saved(engine, "acme") is None
    create_schema(engine)
    assert inspect(engine).has_table("sync_mappings")
    save_mapping(engine, "acme", MAPPING)
    assert list(saved_mappings(engine)) == ["acme"]


def test_defaults_deleted_after_the_first_save_stay_deleted_after_the_first_sync(engine, tmp_path):
    saved = save_mapping(engine, "crm", MAPPING)
    assert len(saved.created_segments) == 5
    with engine.connect() as conn:
        segments = s.segments
        leads = conn.execute(
            select(segments.c.id).where(segments.c.name == "All Leads")
        ).scalar_one()
    delete_segment(engine, leads)
    source = write(tmp_path / "src", accounts=ACCOUNTS, contacts=CONTACTS, activities=ACTIVITIES)
    result = sync(engine, saved.mapping, source, full=True)
    assert result.first and result.created_segments == []
    with engine.connect() as conn:
        names = set(conn.execute(select(s.segments.c.name)).scalars())
    assert "All Leads" not in names and len(names) == 4
