"""The app end to end in a real browser: ``streamlit run app.py`` on a fresh demo store,
driven in Debian's headless Chromium with Playwright (helpers in :mod:`nlseg.ui.testing`).

Describe an audience in the chat, check the count against :func:`nlseg.evaluate.evaluate`
for the tree the page shows, edit a condition in the editor and watch the count follow,
save the segment, and download its members' CSV from the Segments page. Skipped when
Playwright or Chromium is missing, unless ``NLSEG_REQUIRE_BROWSER=1`` (CI): then it fails.
"""

from __future__ import annotations

import copy
import csv
import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from nlseg.catalog import load_catalog
from nlseg.clock import Clock
from nlseg.evaluate import evaluate, parse_tree
from nlseg.segments import list_segments, version_tree
from nlseg.store import make_engine
from nlseg.tree import canonical_json, normalize
from nlseg.ui import testing as web

pytestmark = pytest.mark.browser

SEGMENT = "German enterprise accounts, no recent deal"
COUNTRY = 1  # the request's country condition is the root's second child


def _country(*countries: str) -> Callable[[dict], None]:
    def change(tree: dict) -> None:
        tree["root"]["children"][COUNTRY]["value"] = list(countries)

    return change


def _add_value(page, value: str) -> None:
    box = web.editor_widget(page, str(COUNTRY), "value").get_by_role("combobox", name="Values")
    box.click()
    box.fill(value)
    page.get_by_role("option", name=value, exact=True).click()
    page.keyboard.press("Escape")  # close the option list so it hides nothing


def _remove_value(page, value: str) -> None:
    widget = web.editor_widget(page, str(COUNTRY), "value")
    widget.get_by_role("button", name=f"Remove {value}").click()


# Each edit made in the editor, and what it must do to the tree on screen.
EDITS = [
    ("add France", lambda page: _add_value(page, "France"), _country("Germany", "France")),
    ("remove Germany", lambda page: _remove_value(page, "Germany"), _country("France")),
]


@pytest.fixture(scope="module")
def store(browser_available, tmp_path_factory) -> str:
    return web.build_demo_db(tmp_path_factory.mktemp("browser") / "demo.db")


@pytest.fixture(scope="module")
def server(store, tmp_path_factory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    with web.running_app(store, log) as base:
        yield base


@pytest.fixture
def page(server, tmp_path) -> Iterator[Any]:
    with web.chromium() as browser:
        context = browser.new_context(viewport=web.VIEWPORT, accept_downloads=True)
        try:
            yield context.new_page()
        finally:
            context.close()


class Oracle:
    """The library's own answers on the test store, to check the page against."""

    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        self.catalog = load_catalog(self.engine, refresh=True)
        self.clock = Clock.at(web.AS_OF)

    def meaning(self, tree: dict) -> str:
        return canonical_json(normalize(parse_tree(tree, self.catalog)))

    def members(self, tree: dict) -> list[int]:
        parsed = parse_tree(tree, self.catalog)
        result = evaluate(
            self.engine, parsed, clock=self.clock, catalog=self.catalog, with_ids=True
        )
        return sorted(result.contact_ids or [])

    def count(self, tree: dict) -> int:
        parsed = parse_tree(tree, self.catalog)
        return evaluate(self.engine, parsed, clock=self.clock, catalog=self.catalog).count


@pytest.fixture
def oracle(store) -> Iterator[Oracle]:
    found = Oracle(store)
    yield found
    found.engine.dispose()


def test_describe_edit_save_and_download_in_a_browser(page, server, oracle, tmp_path):
    from playwright.sync_api import expect

    with web.screenshot_on_failure(page, tmp_path / "failure.png"):
        web.open_app(page, server)
        web.describe(page, web.REQUEST)
        tree = web.tree_json(page)
        assert tree["root"]["children"][COUNTRY]["value"] == ["Germany"], tree
        assert web.shown_count(page) == oracle.count(tree)

        for _name, act, change in EDITS:
            expected = copy.deepcopy(tree)
            change(expected)
            assert oracle.count(expected) != oracle.count(tree)  # else the edit proves nothing
            act(page)
            expect(web.metric(page)).to_have_text(
                f"{oracle.count(expected):,}", timeout=web.WAIT_MS
            )
            web.settle(page)
            tree = web.tree_json(page)
            assert oracle.meaning(tree) == oracle.meaning(expected)

        web.save_segment(page, SEGMENT)
        (saved,) = list_segments(oracle.engine)
        assert saved.name == SEGMENT
        assert oracle.meaning(version_tree(oracle.engine, saved.id)) == oracle.meaning(tree)

        web.go_to(page, "Segments")
        web.open_segment(page, SEGMENT)
        members = oracle.members(tree)
        expect(web.metric(page)).to_have_text(f"{len(members):,}")
        text = web.download_csv(page, tmp_path / "members.csv")
        rows = list(csv.DictReader(io.StringIO(text)))
        assert sorted(int(r["contact_id"]) for r in rows) == members
        assert len(members) > 0
