"""A full sync that would delete most of the store, in a real browser: the Sync page shows
the plan and deletes nothing until the marketer confirms (uploading a small export onto a
big store and pressing Run once deleted 23,759 records without a question). Skipped like
tests/test_browser.py when the browser is missing (a failure in CI)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from nlseg.store import make_engine
from nlseg.store import schema as s
from nlseg.sync.export import write_export
from nlseg.sync.mapping import load_mapping
from nlseg.ui import testing as web

pytestmark = pytest.mark.browser
HUBSPOT = Path(__file__).resolve().parents[1] / "nlseg" / "sync" / "mappings" / "hubspot.toml"


@pytest.fixture(scope="module")
def store(browser_available, tmp_path_factory) -> tuple[str, Path]:
    url = web.build_demo_db(tmp_path_factory.mktemp("sync") / "demo.db", contacts=300)
    engine = make_engine(url)
    with engine.connect() as conn:
        ids = sorted(conn.execute(select(s.contacts.c.id)).scalars())
    folder = tmp_path_factory.mktemp("export")
    few = ids[: len(ids) // 10]  # an export of 10% of the people: a full sync deletes 90%
    write_export(engine, load_mapping(HUBSPOT), folder, contact_ids=few,
                 record_types={"contacts": ["lead", "contact"]})  # fmt: skip
    engine.dispose()
    return url, folder


def people(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(s.contacts)).scalar_one()
    finally:
        engine.dispose()


def test_a_full_sync_that_deletes_most_people_shows_its_plan_and_waits(store, tmp_path) -> None:
    from playwright.sync_api import expect

    url, folder = store
    before = people(url)
    with web.running_app(url, tmp_path / "streamlit.log") as base, web.chromium() as browser:
        page: Any = browser.new_page(viewport=web.VIEWPORT)
        with web.screenshot_on_failure(page, tmp_path / "failure.png"):
            web.open_app(page, base)
            web.go_to(page, "Sync")
            page.get_by_text("A folder on the server").click()
            box = page.get_by_label("Folder of exports (one CSV or JSONL per object)")
            box.fill(str(folder))
            box.press("Enter")
            web.settle(page)
            page.get_by_text("full", exact=True).click()
            web.settle(page)
            page.get_by_role("button", name="Run sync").click()
            confirm = page.get_by_role("button", name="records and sync")
            expect(confirm).to_be_visible(timeout=web.WAIT_MS)
            expect(page.get_by_text("to delete").first).to_be_visible()
            assert people(url) == before  # nothing deleted until confirmed
            label = confirm.inner_text()  # "Delete 215 records and sync"
            planned = int(label.split()[1].replace(",", ""))
            assert planned > before // 2
            confirm.click()
            expect(page.get_by_text("deleted,", exact=False).first).to_be_visible(
                timeout=web.WAIT_MS
            )
    after = people(url)
    assert after < before and before - after <= planned  # the plan: people and other records
