"""Every page type fits a phone held upright (390 px): no page-wide horizontal scrolling."""

import pytest

from .support import PAGE_PATHS, open_page, page_id

WIDTH = 390

# What makes the page wider than the viewport, for the failure message: boxes that stick out
# past the right edge (outermost only) and boxes whose own content overflows them (innermost
# only, e.g. a long unbroken string). Anything inside a box that scrolls or clips is left out:
# a table scrolling in its own container is fine, the whole page scrolling is not.
OVERFLOWING_JS = """width => {
  const limit = width + 0.5;
  const scrolls = el => getComputedStyle(el).overflowX !== 'visible';
  const clipped = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (scrolls(p)) return true;
    }
    return false;
  };
  const describe = (el, why) =>
    `${why}: ${el.outerHTML.replace(/\\s+/g, ' ').slice(0, 240)}`;
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (clipped(el)) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    const parentRight = el.parentElement.getBoundingClientRect().right;
    if (box.right > limit && (parentRight <= limit || el.parentElement === document.body)) {
      found.push(describe(el, `box ends at ${Math.round(box.right)}px`));
    } else if (
      !scrolls(el) && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1 &&
      box.left + el.scrollWidth > limit &&
      !Array.from(el.querySelectorAll('*')).some(d => {
        const r = d.getBoundingClientRect();
        return r.right > limit || (d.clientWidth > 0 && d.scrollWidth > d.clientWidth + 1);
      })
    ) {
      found.push(describe(el, `content runs to ${Math.round(box.left + el.scrollWidth)}px`));
    }
  }
  return found.slice(0, 8);
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
    # Visually hidden but still read out: a box of at most 1 px (display: none would give no
    # box, and would take the column names away from screen readers too).
    assert box is not None, "The matrix header is not rendered at all at 390px"
    assert box["width"] <= 1, f"The matrix header shows at 390px: {box}"
    # Stacked: each topic's cells sit one under another, not side by side.
    first_row = matrix.locator("tbody tr").first
    cells = first_row.locator("th, td")
    lefts = {round(cells.nth(i).bounding_box()["x"]) for i in range(cells.count())}
    assert len(lefts) == 1, f"The matrix's cells are not stacked at 390px (left edges {lefts})"
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= WIDTH


# Tables whose rows become labelled cards at 390 px: none may need scrolling of its own.
TABLES_TOO_WIDE_JS = """() => Array.from(document.querySelectorAll('.table-scroll'))
  .filter(region => !region.querySelector('table.matrix'))
  .filter(region => region.scrollWidth > region.clientWidth + 1)
  .map(region => `${region.getAttribute('aria-label')}: ` +
    `${region.scrollWidth}px in ${region.clientWidth}px`)"""


@pytest.mark.parametrize("path", PAGE_PATHS, ids=page_id)
def test_every_table_reflows_into_labelled_cards_at_390px(phone_page, base_url, path):
    open_page(phone_page, base_url + path)
    too_wide = phone_page.evaluate(TABLES_TOO_WIDE_JS)
    assert not too_wide, f"{path}: tables still scroll sideways at {WIDTH}px: {too_wide}"
    # Each cell shows its column's name before its figure (the table names its columns once:
    # results/cards.py), as the browser draws it.
    unlabelled = phone_page.evaluate(
        """() => Array.from(document.querySelectorAll('table.data-table:not(.matrix) tbody td'))
          .filter(td => !td.hasAttribute('colspan'))
          .filter(td => !/^".+"$/.test(getComputedStyle(td, '::before').content))
          .map(td => td.outerHTML.slice(0, 80))"""
    )
    assert not unlabelled, f"{path}: {len(unlabelled)} table cells show no label: {unlabelled[:3]}"


# The label each cell of a column shows, with the column's header, for the first row.
CARD_LABELS_JS = """table => {
  const headers = Array.from(table.querySelectorAll('thead th')).map(th => {
    const shown = th.cloneNode(true);
    shown.querySelectorAll('.visually-hidden').forEach(hidden => hidden.remove());
    return shown.textContent.trim();
  });
  const row = table.querySelector('tbody tr');
  return Array.from(row.children).map((cell, i) =>
    [headers[i], cell.tagName === 'TD' ? getComputedStyle(cell, '::before').content : null]);
}"""


def test_a_results_table_shows_each_row_as_a_card_with_its_column_names(phone_page, base_url):
    open_page(phone_page, base_url + "/elections/2024-senate/")
    table = phone_page.locator("#table-2024-senate-national-results table")
    labels = dict(table.evaluate(CARD_LABELS_JS))
    assert labels["Share of votes"] == '"Share of votes"'
    cell = table.locator("tbody td").nth(list(labels).index("Share of votes"))
    assert cell.bounding_box()["x"] + cell.bounding_box()["width"] <= WIDTH


# Links and buttons that stand alone (navigation, footer, sort and page links, buttons).
SMALL_TARGETS_JS = """() => Array.from(document.querySelectorAll(
    '.site-header a, .site-footer a, .data-table thead a, .pagination a, button, summary'))
  .filter(el => el.getClientRects().length)
  .map(el => [el.outerHTML.slice(0, 80), el.getBoundingClientRect()])
  .filter(([, box]) => box.width < 24 || box.height < 24)
  .map(([html, box]) => `${Math.round(box.width)}x${Math.round(box.height)} ${html}`)"""


@pytest.mark.parametrize("path", ["/", "/elections/2024-senate/", "/observers/", "/consistency/"])
def test_links_and_buttons_that_stand_alone_are_at_least_24px(phone_page, base_url, path):
    open_page(phone_page, base_url + path)
    small = phone_page.evaluate(SMALL_TARGETS_JS)
    assert not small, f"{path}: targets under 24 x 24 px: {small[:5]}"


def test_the_closed_citation_block_is_small_on_a_short_page_on_a_phone(phone_page, base_url):
    open_page(phone_page, base_url + "/sources/")
    cite = phone_page.locator("section.cite").bounding_box()
    page_height = phone_page.evaluate("document.documentElement.scrollHeight")
    assert cite["height"] <= page_height / 6, f"cite block {cite['height']}px of {page_height}px"
