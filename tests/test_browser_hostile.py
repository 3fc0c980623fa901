"""Hostile names in a real browser: segment names, as a CRM or a colleague may write them,
with Markdown image and link syntax and bare URLs, on every page of the app. Nothing may
load from or link to anywhere but the app itself (a tracker image, a phishing link).
Skipped like tests/test_browser.py when the browser is missing (a failure in CI)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import pytest

from nlseg.catalog import load_catalog
from nlseg.evaluate import parse_tree
from nlseg.segments import create_segment
from nlseg.store import make_engine
from nlseg.ui import testing as web

pytestmark = pytest.mark.browser

HOSTILE = [
    "![t](http://tracker.example/pixel.png) images",
    "[click here](http://phish.example/login) links",
    "see www.phish.example or https://phish.example/x <b>bold</b> **x**",
]
PAGES = ["Build", "Segments", "Sync", "Settings"]


@pytest.fixture(scope="module")
def server(browser_available, tmp_path_factory) -> Iterator[str]:
    url = web.build_demo_db(tmp_path_factory.mktemp("hostile") / "demo.db", contacts=300)
    engine = make_engine(url)
    catalog = load_catalog(engine)
    for i, name in enumerate(HOSTILE):
        tree = {"root": {"kind": "condition", "field": "contact.behavior_score", "op": "gt",
                         "value": 10 * i}}  # fmt: skip
        create_segment(engine, name, parse_tree(tree, catalog), author="mallory](http://x.example)")
    engine.dispose()
    with web.running_app(url, tmp_path_factory.mktemp("server") / "streamlit.log") as base:
        yield base


def _foreign(urls: list[str], base: str) -> list[str]:
    origin = urlparse(base).netloc
    return [u for u in urls if urlparse(u).scheme in ("http", "https", "ws", "wss")
            and urlparse(u).netloc != origin]  # fmt: skip


def test_hostile_names_load_and_link_nothing_outside_the_app(server: str, tmp_path) -> None:
    with web.chromium() as browser:
        context = browser.new_context(viewport=web.VIEWPORT)
        page: Any = context.new_page()
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        try:
            with web.screenshot_on_failure(page, tmp_path / "failure.png"):
                web.open_app(page, server)
                for title in PAGES:
                    web.go_to(page, title)
                    if title == "Segments":
                        for name in HOSTILE:
                            web.open_segment(page, name)
                        # the tags and the asterisks of the last name show as typed
                        assert page.get_by_text("<b>bold</b> **x**").count() > 0
                        page.get_by_role("button", name="Archive").first.click()
                        web.settle(page)
                    links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
                    images = page.eval_on_selector_all("img[src]", "els => els.map(e => e.src)")
                    assert _foreign(links, server) == [], (title, links)
                    assert _foreign(images, server) == [], (title, images)
                    assert page.locator("b", has_text="bold").count() == 0, title
            assert sorted(set(_foreign(requested, server))) == [], sorted(
                set(_foreign(requested, server))
            )
        finally:
            context.close()
