"""What the browser checks share: the server, the browser's flags, the pages, small helpers.

Importing this module is cheap and needs neither Django nor Playwright, so collecting the
browser checks costs the normal `pytest` run next to nothing.
"""

import os
import re
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

BASE_URL = os.environ.get("E2E_BASE_URL", "").rstrip("/")
REPO_ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO_ROOT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Any request to another host fails at once instead of hanging.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
]

# One page of every type the site has, in English; PAGE_PATHS adds each one's Khmer twin.
ENGLISH_PAGE_PATHS = [
    "/",
    "/elections/",
    "/elections/2023-national-assembly/",
    "/elections/2023-national-assembly/timeline/",
    "/elections/2023-national-assembly/parties/",
    "/elections/2023-national-assembly/figures/",
    "/elections/2024-senate/",
    "/elections/2024-senate/region-4/",
    "/elections/2023-national-assembly/takeo/",
    "/provinces/",
    "/provinces/kampong-cham/",
    "/parties/",
    "/parties/cambodian-peoples-party/",
    "/parties/funcinpec/",
    "/registered-voters/",
    "/consistency/",
    "/sources/",
    "/observers/",
    "/observers/compare/",
    "/observers/reactions/",
    "/observers/figures/",
    "/observers/topics/election-commission/",
    "/observers/statements/sco-observer-mission/",
    "/observers/organisations/anfrel/",
    "/api/",
    "/changes/",
    "/data/",
    "/about/",
    "/search/?q=takeo",
    "/search/?q=Hun+Manet",
]
PAGE_PATHS = ENGLISH_PAGE_PATHS + [f"/km{path}" for path in ENGLISH_PAGE_PATHS]

NAVIGATION_TIMEOUT_MS = 30_000
ACTION_TIMEOUT_MS = 10_000


def wait_for_server(url: str, timeout: float = 30.0) -> None:
    """Fail clearly if the server is not answering (runserver restarts on every code change)."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            last_error = error
        time.sleep(0.5)
    pytest.fail(f"The server at {url} did not answer 200 within {timeout:.0f} s: {last_error}")


def fetch(url: str) -> str:
    """The HTML the server sends for `url`; waits out a development server's restart.

    Anything but a 200 fails with the status and the page's title (with DEBUG on, the error).
    """
    for attempt in range(3):
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                return response.read().decode(response.headers.get_content_charset() or "utf-8")
        except urllib.error.HTTPError as error:
            body = error.read().decode("utf-8", "replace")
            found = [
                re.search(r"<title>(.*?)</title>", body, re.S),
                re.search(r'<pre class="exception_value">(.*?)</pre>', body, re.S),
            ]
            summary = ": ".join(" ".join(m.group(1).split()) for m in found if m)
            raise AssertionError(f"{url} answered {error.code}: {summary}") from None
        except (urllib.error.URLError, ConnectionError) as error:
            if attempt == 2:
                raise AssertionError(f"Could not fetch {url}: {error}") from error
            wait_for_server(url)
    raise AssertionError("unreachable")


def open_page(page, url: str):
    """Go to `url`, wait for "load" (not "networkidle"), and fail on anything but 200.

    A refused or reset connection (a development server restarting after a code change) is
    retried once the server answers again; any other failure fails at once.
    """
    from playwright.sync_api import Error

    for attempt in range(3):
        try:
            response = page.goto(url, wait_until="load")
            break
        except Error as error:
            if attempt == 2 or "net::ERR_CONNECTION_" not in str(error):
                raise
            wait_for_server(url)
    assert response is not None, f"No response for {url}"
    assert response.status == 200, f"{url} answered {response.status}: {page.title()}"
    return response


def page_id(path: str) -> str:
    """A readable test id for a path: "/provinces/kampong-cham/" -> "provinces/kampong-cham"."""
    return path.strip("/") or "home"
