"""Browser fixtures: the portal served on loopback, driven by Debian's headless Chromium."""
from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PHONE = {"width": 375, "height": 812}
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
# What Chromium reported as refused by the Content-Security-Policy during the current test.
CSP_VIOLATIONS: list[str] = []


@pytest.fixture
def live_server(app):
    """The app on a free loopback port, in a thread, for the length of one test."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed: `make test` installs Debian's chromium package")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        _watch_for_csp_violations(browser)
        yield browser
        browser.close()


def _watch_for_csp_violations(browser) -> None:
    """Every page of every context this browser opens reports what the policy refused."""
    new_context = browser.new_context

    def watched(*args, **kwargs):
        context = new_context(*args, **kwargs)
        context.on("page", lambda page: page.on("console", _report_csp_violation))
        return context

    browser.new_context = watched


def _report_csp_violation(message) -> None:
    if "Content Security Policy" in message.text:
        CSP_VIOLATIONS.append(f"{message.location.get('url')}: {message.text}")


@pytest.fixture(autouse=True)
def csp_violations():
    """The pages run under the portal's Content-Security-Policy with nothing refused (a test that
    provokes a refusal on purpose takes the list, and empties it)."""
    CSP_VIOLATIONS.clear()
    yield CSP_VIOLATIONS
    assert CSP_VIOLATIONS == [], "the Content-Security-Policy refused something"


def _phone_page(browser, locale: str):
    """A page in a phone-sized window (375 x 812, touch) whose browser speaks `locale`."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  locale=locale)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    """A phone whose browser speaks English."""
    yield from _phone_page(browser, "en-US")


@pytest.fixture
def japanese_phone(browser):
    """A phone whose browser speaks Japanese."""
    yield from _phone_page(browser, "ja-JP")


def screenshot(page, name: str) -> Path:
    """Keep a full-page screenshot for a person to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_no_horizontal_scroll(page) -> None:
    # Measured once the stylesheet has loaded: before it, a page image is as wide as its pixels.
    page.wait_for_load_state("load")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at phone width"
