"""Data freshness beside every count, and the app's catalog following a sync run elsewhere."""

from __future__ import annotations

import pytest
from test_sync_run import ACCOUNTS, ACTIVITIES, CONTACTS, MAPPING, write

from nlseg.freshness import data_freshness
from nlseg.store import create_schema, make_engine
from nlseg.sync.mapping import parse_mapping
from nlseg.sync.run import sync
from nlseg.sync.sources import SourceError


def test_an_empty_store_says_so(engine):
    create_schema(engine)
    assert data_freshness(engine).describe() == "No CRM data yet."


def test_a_sync_is_shown_and_a_failed_one_is_not(engine, tmp_path):
    mapping = parse_mapping(MAPPING, "test.toml")
    folder = tmp_path / "src"
    sync(
        engine,
        mapping,
        write(folder, accounts=ACCOUNTS, contacts=CONTACTS, activities=ACTIVITIES),
        full=True,
    )
    fresh = data_freshness(engine)
    assert fresh.contacts == 3 and fresh.synced_at is not None
    assert f"last sync {fresh.synced_at:%Y-%m-%d %H:%M} UTC" in fresh.describe()
    with pytest.raises(SourceError):
        sync(engine, mapping, write(folder, contacts="Id,Email\nC1,a@b.example\n"), full=True)
    assert data_freshness(engine).synced_at == fresh.synced_at


def test_the_app_catalog_follows_a_sync_run_from_the_command_line(tmp_path, monkeypatch):
    from nlseg.ui import resources

    url = f"sqlite:///{tmp_path}/store.db"
    monkeypatch.setenv("NLSEG_DATABASE_URL", url)
    engine = make_engine(url)
    folder = tmp_path / "src"
    source = write(folder, accounts=ACCOUNTS, contacts=CONTACTS, activities=ACTIVITIES)
    sync(engine, parse_mapping(MAPPING, "test.toml"), source, full=True)
    assert "contact.custom.tier" not in resources.catalog().fields
    # Another process syncs a mapping with a new custom field while the app runs.
    more = MAPPING.replace(
        '{ key = "consent"',
        '{ key = "tier", label = "Tier", type = "text", column = "Tier" },\n  { key = "consent"',
    )
    lines = CONTACTS.strip().splitlines()
    with_tier = "\n".join([lines[0] + ",Tier", *(line + ",Gold" for line in lines[1:])]) + "\n"
    sync(engine, parse_mapping(more, "more.toml"), write(folder, contacts=with_tier), full=True)
    resources.freshness_of.clear()  # what its 30-second time to live does in the app
    assert "contact.custom.tier" in resources.catalog().fields
