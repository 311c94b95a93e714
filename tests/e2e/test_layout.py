"""Every page type fits a phone held upright (390 px): no page-wide horizontal scrolling."""

import pytest

from .support import PAGE_PATHS, open_page, page_id

WIDTH = 390

# Elements that stick out past the viewport's right edge, outermost first, leaving out those
# inside a box that scrolls or clips them (a scrolling table is fine; the page scrolling is not).
OVERFLOWING_JS = """width => {
  const clipped = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
    }
    return false;
  };
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.right <= width + 0.5 || box.width === 0 || clipped(el)) continue;
    if (found.some(outer => outer.el.contains(el))) continue;
    found.push({el, right: Math.round(box.right)});
  }
  return found.slice(0, 8).map(({el, right}) =>
    `right edge at ${right}px: ${el.outerHTML.replace(/\\s+/g, ' ').slice(0, 240)}`);
}"""


@pytest.mark.parametrize("path", PAGE_PATHS, ids=page_id)
def test_no_page_wide_horizontal_scroll_at_390px(phone_page, base_url, path):
    open_page(phone_page, base_url + path)
    scroll_width = phone_page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > WIDTH:
        culprits = phone_page.evaluate(OVERFLOWING_JS, WIDTH)
        pytest.fail(
            f"{path} is {scroll_width}px wide at a {WIDTH}px viewport. Sticking out:\n  "
            + "\n  ".join(culprits or ["(no single element found)"])
        )


def test_the_comparison_matrix_stacks_at_390px(phone_page, base_url, expect):
    open_page(phone_page, base_url + "/observers/compare/")
    matrix = phone_page.locator("table.matrix")
    expect(matrix).to_have_count(1)
    head = matrix.locator("thead")
    box = head.bounding_box()
    # Visually hidden (still read out): at most a 1 px box, or no box at all.
    assert box is None or box["width"] <= 1, f"The matrix header shows at 390px: {box}"
    # Stacked: each topic's cells sit one under another, not side by side.
    first_row = matrix.locator("tbody tr").first
    cells = first_row.locator("th, td")
    lefts = {round(cells.nth(i).bounding_box()["x"]) for i in range(cells.count())}
    assert len(lefts) == 1, f"The matrix's cells are not stacked at 390px (left edges {lefts})"
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= WIDTH
