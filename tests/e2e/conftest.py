"""Real-browser checks of a running server: Playwright on Debian's Chromium, axe-core, vnu.

The tests talk to the server named by E2E_BASE_URL over HTTP and never touch a database, so
they run with pytest-django active (the normal `pytest` run) or disabled (`-p no:django`, as
`scripts/browser-checks` runs them, with `--confcutdir=tests/e2e` so that the suite's
Django conftest is not loaded). Without E2E_BASE_URL every test here is collected and marked
skipped, so a plain `pytest` reports them as skipped and spends no time on them.

Playwright is installed by `scripts/browser-checks`, not by the project's dev dependencies:
nothing here imports it at module level, only the fixtures that need it.
"""

from pathlib import Path

import pytest

from .support import (
    ACTION_TIMEOUT_MS,
    BASE_URL,
    CHROMIUM,
    CHROMIUM_ARGS,
    NAVIGATION_TIMEOUT_MS,
    wait_for_server,
)

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    """Without a server to test, every browser check is skipped (not failed)."""
    if BASE_URL:
        return
    skip = pytest.mark.skip(reason="E2E_BASE_URL is not set")
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def base_url() -> str:
    wait_for_server(BASE_URL + "/")
    return BASE_URL


@pytest.fixture(scope="session")
def browser(base_url):
    """One Chromium for the whole session (Debian's: Playwright never downloads one here)."""
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()


@pytest.fixture(scope="session")
def expect(browser):
    """Playwright's `expect`, imported only when a browser check actually runs."""
    from playwright.sync_api import expect

    return expect


def _new_page(browser, width: int, height: int, color_scheme: str = "light"):
    # The site sends a strict Content-Security-Policy: injecting axe-core needs the bypass.
    context = browser.new_context(
        bypass_csp=True,
        viewport={"width": width, "height": height},
        device_scale_factor=1,
        color_scheme=color_scheme,
    )
    context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    return context, context.new_page()


@pytest.fixture
def page(browser):
    """A fresh desktop-sized page for one reader's walk through the site."""
    context, page = _new_page(browser, 1280, 800)
    yield page
    context.close()


@pytest.fixture(scope="module")
def desktop_page(browser):
    """One desktop-sized page reused by a module's per-page checks (each navigates first)."""
    context, page = _new_page(browser, 1280, 800)
    yield page
    context.close()


@pytest.fixture(scope="module")
def phone_page(browser):
    """One page the size of a phone held upright (390 x 844), reused by a module."""
    context, page = _new_page(browser, 390, 844)
    yield page
    context.close()


@pytest.fixture(scope="module")
def dark_page(browser):
    """A desktop-sized page whose reader prefers a dark colour scheme."""
    context, page = _new_page(browser, 1280, 800, color_scheme="dark")
    yield page
    context.close()
