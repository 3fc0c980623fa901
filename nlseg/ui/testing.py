"""Run the app in a real Streamlit server and drive it in headless Chromium.

Shared by the browser test (``tests/test_browser.py``) and ``scripts/screenshots.py``. The
browser is Debian's ``/usr/bin/chromium`` driven by Playwright's sync API (Playwright's own
browser download does not work here). Every wait is on something the page shows; a wait
that times out raises, and :func:`screenshot_on_failure` keeps a picture of the page.
Playwright is imported lazily: it is a development dependency, not the app's.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
CHROMIUM = Path("/usr/bin/chromium")
# As root in a container Chromium needs --no-sandbox; the rest keep it off the network.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
AS_OF = dt.date(2026, 11, 1)
DEMO_CONTACTS = 2000
VIEWPORT = {"width": 1400, "height": 900}
WAIT_MS = 30_000
SERVER_START_S = 60.0
REQUEST = (
    "enterprise accounts in Germany that opened our last 3 campaigns but have no deal "
    "created in the last 90 days"
)
# Variables that would let the child reach a model; the browser test is offline by design.
MODEL_VARIABLES = re.compile(r"^(OPENAI_|NLSEG_LLM_)")


def browser_missing() -> str | None:
    """Why the browser cannot run here, or None when Playwright and Chromium are present."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -e '.[dev]')"
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} is missing (apt-get install -y chromium chromium-driver)"
    return None


def build_demo_db(path: Path, contacts: int = DEMO_CONTACTS) -> str:
    """A fresh demo CRM in the SQLite file ``path``; returns its URL."""
    from nlseg.store import make_engine
    from nlseg.sync.demo import build_demo

    url = f"sqlite:///{path}"
    engine = make_engine(url)
    try:
        build_demo(engine, contacts=contacts, seed=42, as_of=AS_OF)
    finally:
        engine.dispose()
    return url


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def app_env(url: str) -> dict[str, str]:
    """The server's environment: this one without model settings, on ``url`` and AS_OF."""
    env = {k: v for k, v in os.environ.items() if not MODEL_VARIABLES.match(k)}
    env.update(
        NLSEG_DATABASE_URL=url,
        NLSEG_AS_OF=AS_OF.isoformat(),
        NLSEG_ENGINE="offline",
        NLSEG_USER="ann",
    )
    return env


def _healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
            return answer.status == 200 and answer.read().strip() == b"ok"
    except OSError:
        return False


@contextlib.contextmanager
def running_app(url: str, log: Path) -> Iterator[str]:
    """``streamlit run app.py`` on a free loopback port until the block ends; yields its URL.

    The server is always stopped, however the block ends. Binding 127.0.0.1 explicitly also
    keeps Streamlit from looking up the machine's external address on the network.
    """
    port = free_port()
    command = [
        *(sys.executable, "-m", "streamlit", "run", str(APP)),
        *("--server.headless", "true", "--server.port", str(port)),
        *("--server.address", "127.0.0.1", "--server.fileWatcherType", "none"),
        *("--browser.gatherUsageStats", "false"),
    ]
    base = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            command, cwd=ROOT, env=app_env(url), stdout=out, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + SERVER_START_S
        while not _healthy(base):
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{log.read_text()}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"streamlit not healthy after {SERVER_START_S:.0f} s")
            time.sleep(0.1)  # a poll, not a wait for something
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, closed when the block ends."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=list(CHROMIUM_ARGS)
        )
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def screenshot_on_failure(page: Page, path: Path) -> Iterator[None]:
    """Save a full screenshot of ``page`` at ``path`` when the block raises, then re-raise."""
    try:
        yield
    except BaseException as exc:
        with contextlib.suppress(Exception):
            page.screenshot(path=str(path), full_page=True)
            exc.add_note(f"screenshot of the page: {path}")
        raise


def settle(page: Page) -> None:
    """Wait until the script has finished its run and every element has drawn."""
    from playwright.sync_api import expect

    expect(page.locator(".stApp")).to_have_attribute(
        "data-test-script-state", "notRunning", timeout=WAIT_MS
    )
    expect(page.locator(".stMain [data-testid='stSkeleton']:visible")).to_have_count(
        0, timeout=WAIT_MS
    )


def open_app(page: Page, base: str) -> None:
    page.goto(base)
    page.get_by_test_id("stChatInputTextArea").wait_for(timeout=WAIT_MS)
    settle(page)


def describe(page: Page, text: str) -> None:
    """Type ``text`` in the chat input and wait for the assistant's answer to it."""
    from playwright.sync_api import expect

    answers = page.get_by_test_id("stChatMessage")
    before = answers.count()
    chat = page.get_by_test_id("stChatInputTextArea")
    chat.fill(text)
    chat.press("Enter")
    expect(answers).to_have_count(before + 2, timeout=WAIT_MS)
    settle(page)


def metric(page: Page) -> Locator:
    """The headline count of the live preview."""
    return page.get_by_test_id("stMetricValue").first


def shown_count(page: Page) -> int:
    return int(metric(page).inner_text().replace(",", ""))


def editor_widget(page: Page, path: str, name: str) -> Locator:
    """The editor widget ``name`` at ``path`` ("1", "0-where-0", "root") of the current tree.

    Widget keys are ``ed:<revision>:<path>:<name>``; Streamlit turns a key into the CSS class
    ``st-key-ed-<revision>-<path>-<name>``, and only the current revision is on screen.
    """
    wanted = re.compile(rf"^st-key-ed-\d+-{re.escape(path)}-{re.escape(name)}$")
    found = page.locator("[class*='st-key-ed-']")
    classes = found.evaluate_all("els => els.map(e => Array.from(e.classList))")
    names = [c for cs in classes for c in cs if wanted.match(c)]
    if len(names) != 1:
        raise LookupError(f"editor widget {path}:{name}: found {names}")
    return page.locator(f".{names[0]}")


def tree_json(page: Page) -> dict[str, Any]:
    """The current tree, as the editor's "Edit as JSON" shows it."""
    expander = page.get_by_test_id("stExpander").filter(has_text="Edit as JSON")
    box = expander.locator("textarea")
    if not box.is_visible():
        expander.locator("summary").click()
    return json.loads(box.input_value(timeout=WAIT_MS))


def save_segment(page: Page, name: str) -> None:
    """Save the tree on screen as a new segment called ``name``."""
    from playwright.sync_api import expect

    form = page.get_by_test_id("stForm")
    form.get_by_label("Name").fill(name)
    form.get_by_role("button", name="Save segment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Edit “{name}”", timeout=WAIT_MS)
    settle(page)


def go_to(page: Page, title: str) -> None:
    """Open the app's page ``title`` (Segments, Settings: named in its heading) from the sidebar.

    A click that lands while a rerun is finishing can be dropped by the app, so the click is
    repeated (a few times, within WAIT_MS) until the page's title shows.
    """
    from playwright.sync_api import Error, expect

    heading = page.get_by_role("heading", level=1)
    link = page.get_by_test_id("stSidebarNav").get_by_role("link", name=title)
    deadline = time.monotonic() + WAIT_MS / 1000
    while True:
        link.click()
        try:
            expect(heading).to_contain_text(title, timeout=3_000)
            break
        except (AssertionError, Error):
            if time.monotonic() > deadline:
                raise
    settle(page)


def open_segment(page: Page, name: str) -> None:
    """On the Segments page, open the saved segment ``name``."""
    from playwright.sync_api import expect

    picker = page.get_by_test_id("stSelectbox").filter(has_text="Open a segment")
    picker.click()
    page.get_by_role("option", name=name, exact=True).click()
    expect(page.get_by_role("heading", level=3).filter(has_text=name)).to_be_visible(
        timeout=WAIT_MS
    )
    settle(page)


def download_csv(page: Page, target: Path) -> str:
    """Click "Download CSV of all members" of the open segment; the file's text."""
    with page.expect_download(timeout=WAIT_MS) as download:
        page.get_by_role("button", name="Download CSV of all members").click()
    download.value.save_as(target)
    return target.read_text(encoding="utf-8")
