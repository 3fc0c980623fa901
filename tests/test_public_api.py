"""The typed public API in nlseg/__init__.py: every name resolves, nothing hides a package."""

from __future__ import annotations

import types

import pytest

import nlseg


@pytest.mark.parametrize("name", nlseg.__all__)
def test_every_public_name_resolves(name):
    assert getattr(nlseg, name) is not None


def test_the_sync_package_is_not_hidden_by_the_sync_function():
    assert isinstance(nlseg.sync, types.ModuleType)
    assert nlseg.run_sync.__module__ == "nlseg.sync.run"


def test_a_crm_export_loads_through_the_public_api(tmp_path):
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    engine = nlseg.make_engine(f"sqlite:///{tmp_path}/store.db")
    mapping = nlseg.load_mapping(root / "nlseg" / "sync" / "mappings" / "salesforce.toml")
    source = nlseg.FolderSource(root / "tests" / "fixtures" / "exports" / "salesforce")
    result = nlseg.run_sync(engine, mapping, source, full=True)
    assert isinstance(result, nlseg.SyncResult)
    assert (result.skipped, len(result.rejected)) == (1, 6)
