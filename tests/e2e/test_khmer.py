"""Khmer pages as Chromium draws them: the text set in the site's own Khmer font (not the
system's, not empty boxes). A screenshot of each is kept for a person to look at."""

import os
from pathlib import Path

import pytest

from .support import open_page, page_id

SHOTS = Path(os.environ.get("E2E_SCREENSHOTS", "/tmp/e2e-screenshots"))
KHMER_PAGES = ["/km/", "/km/provinces/takeo/", "/km/observers/compare/"]


# Which fonts drew the page's main heading, as Chromium reports them (DevTools protocol).
def heading_fonts(page) -> list[dict]:
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    heading = session.send("DOM.querySelector", {"nodeId": root, "selector": "main h1"})
    return session.send("CSS.getPlatformFontsForNode", {"nodeId": heading["nodeId"]})["fonts"]


@pytest.mark.parametrize("path", KHMER_PAGES, ids=page_id)
def test_khmer_text_is_drawn_in_the_sites_khmer_font(phone_page, base_url, path):
    open_page(phone_page, base_url + path)
    phone_page.evaluate("document.fonts.ready")
    fonts = heading_fonts(phone_page)
    khmer = [font for font in fonts if "Khmer" in font["familyName"]]
    assert khmer, f"no Khmer font drew the heading of {path}: {fonts}"
    assert all(font["isCustomFont"] for font in khmer), f"a system font, not the site's: {fonts}"
    assert sum(font["glyphCount"] for font in khmer) > 3
    SHOTS.mkdir(parents=True, exist_ok=True)
    phone_page.screenshot(path=SHOTS / f"khmer-{page_id(path).replace('/', '-')}-390.png")
