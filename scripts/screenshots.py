"""Screenshots of the app's main screens for the docs, taken in headless Chromium.

Starts ``streamlit run app.py`` on a fresh demo store (as the browser test does, with the
helpers of :mod:`nlseg.ui.testing`), describes the README's example audience, edits and
saves it twice, and writes 1400x900 PNGs to ``docs/screenshots/``:

- ``chat.png``: the conversation with the translated segment and its count;
- ``preview.png``: the live preview with the waterfall;
- ``editor.png``: the editable conditions;
- ``segments.png``: the saved segments list and one segment opened;
- ``history.png``: that segment's history with a readable diff;
- ``sync.png``: the Sync page after an incremental run of the Salesforce-style export
  fixture (tests/fixtures/exports/salesforce), uploaded through the page.

Run: ``.venv/bin/python scripts/screenshots.py [--out docs/screenshots]``.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from nlseg.ui import testing as web

ROOT = Path(__file__).resolve().parents[1]
SEGMENT = "German enterprise accounts, no recent deal"
EXPORTS = ROOT / "tests" / "fixtures" / "exports" / "salesforce"
FAILURE = "nlseg-screenshots-failure.png"  # kept outside the docs


def _scroll_to(page, heading: str) -> None:
    """Put ``heading`` at the top of the app's scrolling main area."""
    target = page.get_by_role("heading", name=heading, exact=True).first
    target.evaluate("el => el.scrollIntoView({block: 'start'})")
    web.settle(page)


def _shot(page, out: Path, name: str) -> None:
    path = out / f"{name}.png"
    page.screenshot(path=str(path))
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


def take(page, base: str, out: Path) -> None:
    from playwright.sync_api import expect

    web.open_app(page, base)
    web.describe(page, web.REQUEST)
    _shot(page, out, "chat")

    page.get_by_role("tab", name="Waterfall").click()
    web.settle(page)
    _scroll_to(page, "Live preview")
    _shot(page, out, "preview")

    _scroll_to(page, "Conditions")
    _shot(page, out, "editor")

    web.save_segment(page, SEGMENT)
    # A second version, so the history has a diff to show.
    amount = web.editor_widget(page, "3", "window-amount").locator("input")
    amount.fill("60")
    amount.press("Enter")
    expect(page.get_by_text("in the last 60 days").first).to_be_visible(timeout=web.WAIT_MS)
    web.settle(page)
    page.get_by_label("What changed (optional)").fill("Shorter deal window")
    page.get_by_role("button", name="Save as version 2").click()
    expect(page.get_by_text("as version 2").first).to_be_visible(timeout=web.WAIT_MS)
    web.settle(page)

    web.go_to(page, "Segments")
    web.open_segment(page, SEGMENT)
    _scroll_to(page, "Segments")
    _shot(page, out, "segments")

    page.get_by_text("History", exact=True).evaluate("el => el.scrollIntoView({block: 'start'})")
    web.settle(page)
    _shot(page, out, "history")

    web.go_to(page, "Sync")
    page.get_by_test_id("stSelectbox").filter(has_text="Start from").click()
    page.get_by_role("option", name="salesforce", exact=True).click()
    web.settle(page)
    page.locator('input[type="file"]').set_input_files(sorted(map(str, EXPORTS.glob("*.csv"))))
    web.settle(page)
    page.get_by_text("incremental", exact=True).click()
    web.settle(page)
    page.get_by_role("button", name="Run sync").click()
    expect(page.get_by_text("Incremental sync:").first).to_be_visible(timeout=web.WAIT_MS)
    web.settle(page)
    _scroll_to(page, "Run")
    _shot(page, out, "sync")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    missing = web.browser_missing()
    if missing:
        raise SystemExit(missing)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        url = web.build_demo_db(Path(tmp) / "demo.db")
        with web.running_app(url, Path(tmp) / "streamlit.log") as base, web.chromium() as browser:
            page = browser.new_page(viewport=web.VIEWPORT)
            with web.screenshot_on_failure(page, Path(tempfile.gettempdir()) / FAILURE):
                take(page, base, args.out)


if __name__ == "__main__":
    main()
