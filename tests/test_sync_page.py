"""The app's Sync page, through AppTest: a run from a folder of exports, errors, the log, saving
the mapping in the store."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest
from test_sync_run import ACCOUNTS, ACTIVITIES, CONTACTS, MAPPING

from nlseg.store import make_engine
from nlseg.store import schema as s
from nlseg.sync.defaults import DEFAULT_SEGMENTS
from nlseg.sync.saved import saved_mappings
from nlseg.ui.markup import escape

PAGE = str(Path(__file__).resolve().parent.parent / "nlseg" / "ui" / "pages" / "sync.py")


@pytest.fixture
def page(tmp_path, monkeypatch) -> tuple[AppTest, str]:
    url = f"sqlite:///{tmp_path}/sync.db"
    monkeypatch.setenv("NLSEG_DATABASE_URL", url)
    monkeypatch.setenv("NLSEG_ENGINE", "offline")
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    return at, url


def use_folder(at: AppTest, folder: str) -> None:
    at.radio(key="sync_where").set_value("A folder on the server").run()
    at.text_input(key="sync_folder").set_value(folder).run()


def _exports(folder: Path) -> str:
    folder.mkdir()
    for name, text in {
        "accounts": ACCOUNTS,
        "contacts": CONTACTS,
        "activities": ACTIVITIES,
    }.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return str(folder)


def test_a_run_loads_the_exports_and_is_logged(page, tmp_path):
    at, url = page
    assert "No sync has run" in " ".join(m.value for m in at.markdown)
    at.text_area(key="sync_mapping_text").set_value(MAPPING).run()
    use_folder(at, _exports(tmp_path / "exports"))
    at.button(key="sync_run").click().run()
    assert not at.exception, at.exception
    assert "7 inserted" in at.success[0].value
    with make_engine(url).connect() as conn:
        assert conn.execute(select(func.count()).select_from(s.contacts)).scalar_one() == 3
    assert at.dataframe[0].value["status"].tolist() == ["succeeded"]


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        (MAPPING.replace('email = "Email", ', ""), "email"),
        ("[objects.nonsense]\n", "nonsense"),
    ],
)
def test_an_invalid_mapping_is_named_and_nothing_runs(page, tmp_path, mapping, message):
    at, _ = page
    at.text_area(key="sync_mapping_text").set_value(mapping).run()
    assert message in at.error[0].value
    use_folder(at, _exports(tmp_path / "exports"))
    assert at.button(key="sync_run").disabled
    assert at.button(key="sync_save").disabled


def test_a_missing_export_changes_nothing_and_says_why(page, tmp_path):
    at, _ = page
    folder = tmp_path / "partial"
    folder.mkdir()
    (folder / "contacts.csv").write_text(CONTACTS, encoding="utf-8")
    at.text_area(key="sync_mapping_text").set_value(MAPPING).run()
    use_folder(at, str(folder))
    at.radio(key="sync_kind").set_value("full").run()  # a full sync needs every export
    at.button(key="sync_run").click().run()
    assert "Nothing was changed" in at.error[0].value
    assert "accounts" in at.error[0].value
    assert at.dataframe[0].value["status"].tolist() == ["failed"]


def test_the_shipped_salesforce_mapping_loads_a_salesforce_export(page):
    at, url = page
    mapping = (
        Path(PAGE).parent.parent.parent / "sync" / "mappings" / "salesforce.toml"
    ).read_text()
    fixture = Path(__file__).resolve().parent / "fixtures" / "exports" / "salesforce"
    at.text_area(key="sync_mapping_text").set_value(mapping).run()
    use_folder(at, str(fixture))
    at.button(key="sync_run").click().run()
    assert not at.exception, at.exception
    assert "1 row skipped" in at.success[0].value  # the converted lead
    assert len(at.warning) == 6  # each rejected row, with file and row
    assert at.warning[0].value.startswith(escape("Lead.csv row 6: email (Email):"))
    with make_engine(url).connect() as conn:
        assert conn.execute(select(func.count()).select_from(s.contacts)).scalar_one() == 19


def _reopened(url: str) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    return at


def test_a_saved_mapping_is_offered_first_and_creates_the_defaults_once(page):
    at, url = page
    at.text_area(key="sync_mapping_text").set_value(MAPPING).run()
    at.text_input(key="sync_save_name").set_value("  Acme *CRM*  ").run()
    at.button(key="sync_save").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value.startswith(escape("Saved mapping “Acme *CRM*”"))
    assert at.info[0].value == "Default segments created: " + escape(", ".join(DEFAULT_SEGMENTS))
    assert at.selectbox(key="sync_mapping_name").value == "saved: Acme *CRM*"
    assert saved_mappings(make_engine(url)) == {"Acme *CRM*": MAPPING}

    again = _reopened(url)
    start = again.selectbox(key="sync_mapping_name")
    assert start.options[0] == "saved: Acme *CRM*" and start.value == "saved: Acme *CRM*"
    assert start.options[1:] == ["hubspot", "salesforce"]
    assert again.text_area(key="sync_mapping_text").value == MAPPING
    assert again.text_input(key="sync_save_name").value == "Acme *CRM*"
    again.text_area(key="sync_mapping_text").set_value(MAPPING + "\n# edited\n").run()
    again.button(key="sync_save").click().run()
    assert again.success[0].value.startswith(escape("Replaced mapping “Acme *CRM*”"))
    assert not again.info  # the defaults exist: none are created again


def test_choosing_a_start_fills_the_editor_and_the_name(page):
    at, _ = page
    at.text_area(key="sync_mapping_text").set_value(MAPPING).run()
    at.text_input(key="sync_save_name").set_value("acme").run()
    at.button(key="sync_save").click().run()
    at.selectbox(key="sync_mapping_name").select("salesforce").run()
    assert at.text_input(key="sync_save_name").value == "salesforce"
    assert "[objects.leads]" in at.text_area(key="sync_mapping_text").value
    at.selectbox(key="sync_mapping_name").select("saved: acme").run()
    assert at.text_area(key="sync_mapping_text").value == MAPPING
    assert at.text_input(key="sync_save_name").value == "acme"


def test_a_save_without_a_name_is_refused_and_says_why(page):
    at, url = page
    at.text_input(key="sync_save_name").set_value("   ").run()
    at.button(key="sync_save").click().run()
    assert "needs a name" in at.error[0].value
    assert saved_mappings(make_engine(url)) == {}


def test_uploaded_salesforce_exports_load_with_the_shipped_mapping(page):
    at, url = page
    mapping = (
        Path(PAGE).parent.parent.parent / "sync" / "mappings" / "salesforce.toml"
    ).read_text()
    fixture = Path(__file__).resolve().parent / "fixtures" / "exports" / "salesforce"
    at.text_area(key="sync_mapping_text").set_value(mapping).run()
    assert at.button(key="sync_run").disabled  # nothing uploaded yet
    files = [(p.name, p.read_bytes(), "text/csv") for p in sorted(fixture.glob("*.csv"))]
    at.file_uploader(key="sync_uploads").set_value(files).run()
    at.button(key="sync_run").click().run()
    assert not at.exception, at.exception
    assert "1 row skipped" in at.success[0].value
    with make_engine(url).connect() as conn:
        assert conn.execute(select(func.count()).select_from(s.contacts)).scalar_one() == 19
        source = conn.execute(select(s.sync_runs.c.source)).scalar_one()
    assert source.startswith("upload: Account.csv, Campaign.csv")


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (["Contact.csv", "contact.CSV"], "uploaded twice"),
        (["Contact.xlsx"], "not a CSV or JSONL export"),
        ([".csv"], "not a CSV or JSONL export"),
    ],
)
def test_bad_uploads_are_refused_before_anything_runs(tmp_path, names, message):
    from nlseg.sync.sources import SourceError, write_uploads

    with pytest.raises(SourceError, match=message):
        write_uploads(tmp_path, [(name, b"Id\n") for name in names])
    assert list(tmp_path.iterdir()) == []


def test_an_upload_cannot_write_outside_its_folder(tmp_path):
    from nlseg.sync.sources import write_uploads

    inside = tmp_path / "inside"
    inside.mkdir()
    write_uploads(inside, [("../../Contact.csv", b"Id\n"), ("..\\evil\\Lead.jsonl", b"{}\n")])
    assert sorted(p.name for p in inside.iterdir()) == ["Contact.csv", "Lead.jsonl"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inside"]


def test_a_full_sync_that_would_delete_much_shows_its_plan_and_asks(page, tmp_path):
    # Uploading a small export and pressing Run deleted 23,759 records with no question.
    at, url = page
    at.text_area(key="sync_mapping_text").set_value(MAPPING).run()
    use_folder(at, _exports(tmp_path / "exports"))
    assert at.radio(key="sync_kind").value == "incremental"  # the default
    at.button(key="sync_run").click().run()  # the first load
    (tmp_path / "exports" / "contacts.csv").write_text(CONTACTS.splitlines(True)[0])
    (tmp_path / "exports" / "activities.csv").write_text("Who,Type,When\n")
    at.radio(key="sync_kind").set_value("full").run()
    at.button(key="sync_run").click().run()
    assert not at.exception, at.exception

    def contacts() -> int:
        with make_engine(url).connect() as conn:
            return conn.execute(select(func.count()).select_from(s.contacts)).scalar_one()

    assert contacts() == 3  # nothing deleted yet
    assert any("would delete 3 records" in m.value.replace("\\", "") for m in at.warning)
    assert "contacts: 3 now; 0 to insert, 0 to update, 3 to delete" in [t.value for t in at.text]
    at.button(key="sync_cancel_deletes").click().run()
    assert contacts() == 3 and all(b.key != "sync_confirm_deletes" for b in at.button)
    at.button(key="sync_run").click().run()
    at.button(key="sync_confirm_deletes").click().run()
    assert not at.exception, at.exception
    assert contacts() == 0
    assert "3 deleted" in at.success[0].value
