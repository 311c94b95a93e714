"""A reader's walks through the site, in a real browser: what they click and what they see."""

import re

from .support import open_page

# The table as the reader sees it: header texts and each body row's cell texts.
READ_TABLE_JS = """table => ({
  headers: Array.from(table.tHead.rows[0].cells, c => c.innerText.trim()),
  rows: Array.from(table.tBodies[0].rows, r => Array.from(r.cells, c => c.innerText.trim())),
})"""


def read_table(table_locator) -> list[dict[str, str]]:
    """Rows as {header: cell text}; "(sort)" hints for screen readers are left off headers."""
    data = table_locator.evaluate(READ_TABLE_JS)
    headers = [re.sub(r"\s*\(sort\)$", "", h) for h in data["headers"]]
    return [dict(zip(headers, row, strict=True)) for row in data["rows"]]


def test_home_to_a_province_through_the_navigation(page, base_url, expect):
    open_page(page, base_url + "/")

    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Provinces", exact=True
    ).click()
    expect(page).to_have_url(base_url + "/provinces/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Provinces")

    table = page.get_by_role("main").get_by_role("table")  # the map's key links there too
    table.get_by_role("link", name="Kampong Cham", exact=True).click()
    expect(page).to_have_url(base_url + "/provinces/kampong-cham/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kampong Cham")

    national = page.get_by_role("region", name=re.compile(r"^2023 National Assembly election"))
    rows = {row["Party"]: row for row in read_table(national.get_by_role("table"))}
    assert "FUNCINPEC" in rows, f"No FUNCINPEC row in the 2023 table: {list(rows)}"
    assert rows["FUNCINPEC"]["Seats won"] == "1", rows["FUNCINPEC"]


def test_sorting_the_provinces_by_seats(page, base_url, expect):
    open_page(page, base_url + "/provinces/")
    table = page.get_by_role("main").get_by_role("table")
    header = table.get_by_role("columnheader", name=re.compile(r"^2023 seats allocated"))

    header.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"[?&]sort=-?seats\b"))
    expect(header).to_have_attribute("aria-sort", re.compile(r"^(ascending|descending)$"))
    # What aria-sort announces is what the reader sees.
    seats = [int(row["2023 seats allocated"]) for row in read_table(table)]
    if header.get_attribute("aria-sort") == "ascending":
        assert seats == sorted(seats), f"aria-sort says ascending, seats read {seats}"
        # Largest first is one more click on the same header.
        header.get_by_role("link").click()
        expect(page).to_have_url(re.compile(r"[?&]sort=-seats\b"))
        expect(header).to_have_attribute("aria-sort", "descending")
    seats = [int(row["2023 seats allocated"]) for row in read_table(table)]
    assert seats == sorted(seats, reverse=True), f"aria-sort says descending, seats read {seats}"

    first = read_table(table)[0]
    assert first["Province"] == "Phnom Penh", first
    assert first["2023 seats allocated"] == "12", first


def test_a_finding_from_the_comparison_to_its_citation(page, base_url, expect):
    open_page(page, base_url + "/observers/compare/")
    matrix = page.get_by_role("main").get_by_role("table")
    columns = [
        text.strip() for text in matrix.locator("thead tr").first.locator("th").all_inner_texts()
    ]
    sco = [i for i, text in enumerate(columns) if text.startswith("SCO observer mission")]
    assert len(sco) == 1, f"One SCO column expected, headers are {columns}"
    row = matrix.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=re.compile(r"^Election administration"))
    )
    expect(row).to_have_count(1)
    cell = row.locator(":scope > th, :scope > td").nth(sco[0])
    cell.get_by_role("link").filter(has_text="Finding").click()

    expect(page).to_have_url(
        base_url + "/observers/statements/sco-observer-mission/#election-commission"
    )
    title = page.get_by_role("heading", level=1).inner_text().strip()
    assert title == "SCO observer mission statement"
    finding = page.locator("#election-commission")
    expect(finding).to_be_in_viewport()
    expect(finding.get_by_role("heading", level=3)).to_have_text("Election administration")

    disclosure = finding.locator("details", has=page.get_by_text("Cite this finding"))
    citation = disclosure.get_by_role("textbox")
    expect(citation).to_be_hidden()
    disclosure.get_by_text("Cite this finding", exact=True).click()
    expect(disclosure).to_have_attribute("open", "")
    expect(citation).to_be_visible()

    text = citation.input_value()
    assert title in text, f"The citation does not name the statement: {text!r}"
    assert "#election-commission" in text, f"The citation does not give the anchor: {text!r}"


def test_a_citation_of_a_debate_on_the_election_page_reaches_the_timeline(page, base_url, expect):
    # Debates were on the election page before they moved to the timeline page. The page
    # sends the reader on while loading, so wait only for the first response.
    page.goto(base_url + "/elections/2023-national-assembly/#debate-2", wait_until="commit")
    expect(page).to_have_url(base_url + "/elections/2023-national-assembly/timeline/#debate-2")
    expect(page.locator("#debate-2")).to_be_visible()
