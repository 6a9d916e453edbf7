"""Playwright driving Debian's /usr/bin/chromium (never a downloaded browser) against live_server."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls in our fixtures are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).parent / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: apt-get install -y chromium (.ci/run does this)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server, sco):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB")
    pg = context.new_page()
    pg.base_url = live_server.url
    yield pg
    context.close()


@pytest.fixture
def new_page(browser, live_server, sco):
    """new_page(locale="ru-RU") for a page with another Accept-Language."""
    contexts = []

    def make(locale="en-GB"):
        ctx = browser.new_context(viewport={"width": 1366, "height": 900}, locale=locale)
        contexts.append(ctx)
        return ctx.new_page()

    yield make
    for c in contexts:
        c.close()


@pytest.fixture(autouse=True)
def fresh_login_limits():
    """Every browser test signs in from the same loopback address, and the limiter's counters outlive a
    test (they are in the cache, not in a model table that the test database flushes): without this the
    thirty-first sign-in of a CI run within five minutes is refused with 429. The limits themselves are
    tested in tests/hardening."""
    from accord.web import ratelimit

    for address in ("127.0.0.1", "::1"):
        ratelimit.reset(f"login:addr:{address}")


@pytest.fixture
def sign_in(live_server):
    def do(page, username, password="accord-test-pw"):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_load_state()

    return do


def shot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
