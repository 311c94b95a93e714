"""The provinces map as Chromium draws it: painted, every province a link with a title, and
the holes and small provinces where they belong. A screenshot of each map is kept."""

import os
from pathlib import Path

import pytest

from .support import open_page, page_id

MAP_PATHS = ["/", "/provinces/", "/elections/2024-senate/", "/parties/funcinpec/"]
# Where the screenshots go (E2E_SCREENSHOTS to keep them somewhere else).
SHOTS = Path(os.environ.get("E2E_SCREENSHOTS", "/tmp/e2e-screenshots"))

# Which link the browser finds at the middle of each province's drawn box: proves the area
# is painted there and clickable. Phnom Penh sits in a hole in Kandal.
HIT_JS = """slug => {
  const path = document.querySelector(`figure.map a[href$="/provinces/${slug}/"] path`);
  const box = path.getBoundingClientRect();
  const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
  const link = hit && hit.closest('a');
  return link ? link.getAttribute('href') : null;
}"""


@pytest.mark.parametrize("path", MAP_PATHS, ids=page_id)
def test_the_map_draws_every_province_as_a_titled_link(desktop_page, base_url, path):
    open_page(desktop_page, base_url + path)
    svg = desktop_page.locator("svg.map__svg")
    box = svg.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 250, f"map box {box} on {path}"
    links = svg.locator("a")
    assert links.count() == 25
    titles = svg.locator("a > title").all_text_contents()
    assert len(titles) == 25 and all(titles), titles
    svg.scroll_into_view_if_needed()
    for slug in ("battambang", "mondulkiri", "phnom-penh", "prey-veng"):
        assert desktop_page.evaluate(HIT_JS, slug) == f"/provinces/{slug}/", slug
    SHOTS.mkdir(parents=True, exist_ok=True)
    shot = svg.screenshot(path=SHOTS / f"map-{page_id(path).replace('/', '-')}.png")
    assert len(shot) > 10_000, "the map's screenshot is nearly empty: nothing was painted"


def test_the_map_fits_a_phone_and_keeps_its_key(phone_page, base_url):
    open_page(phone_page, base_url + "/provinces/")
    svg = phone_page.locator("svg.map__svg").bounding_box()
    assert svg and svg["width"] <= 390
    key = phone_page.locator("figure.map .map__legend")
    assert "CPP and FUNCINPEC" in key.inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    phone_page.locator("figure.map").screenshot(path=SHOTS / "map-provinces-390.png")
