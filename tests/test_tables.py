"""Table rows are built in Python (CaptionedTable.body_html); they must say what
django-tables2's own cell rendering says, on every page that has a table."""

import re

import pytest
from django.utils.formats import localize
from django.utils.html import conditional_escape

from results.tables import CaptionedTable, SourceColumn
from results.templatetags.sources import source_key
from tests.test_observers import PAGES as OBSERVER_PAGES
from tests.test_pages import PAGES as RESULTS_PAGES

pytestmark = pytest.mark.django_db

SORTED_AND_PAGED = [
    "/elections/2023-national-assembly/?seats-sort=-won&parties-sort=-status",
    "/elections/2024-senate/?national-sort=percent",
    "/elections/2024-senate/region-4/?sort=votes",
    "/provinces/?sort=-seats",
    "/registered-voters/?sort=-year",
    "/observers/?sort=-title&page=2",
    "/observers/?kind=domestic_reaction&sort=verdict",
]

CELL = re.compile(r"<td(?: [^>]*)?>(.*?)</td>", re.S)


@pytest.fixture
def rendered_tables(monkeypatch):
    """Every (table, body HTML) a request renders."""
    seen = []
    body_html = CaptionedTable.body_html

    def recording(table):
        html = body_html(table)
        seen.append((table, html))
        return html

    monkeypatch.setattr(CaptionedTable, "body_html", recording)
    return seen


def expected_cell(row, column, numbers: list) -> str:
    if numbers and isinstance(column.column, SourceColumn):
        return str(numbers.index(source_key(row.record)) + 1)
    return conditional_escape(str(localize(row.get_cell(column.name))))


@pytest.mark.parametrize("url", [*RESULTS_PAGES, *OBSERVER_PAGES, *SORTED_AND_PAGED])
def test_each_cell_is_what_django_tables2_renders(client, rendered_tables, url):
    assert client.get(url).status_code == 200
    for table, html in rendered_tables:
        # A row citing one of a few sources cites it by its number, said under the table.
        numbers = [source_key(record) for record in table.numbered_sources]
        expected = [
            expected_cell(row, column, numbers)
            for row in table.paginated_rows
            for column in table.shown_columns()
        ]
        assert CELL.findall(html) == expected, table.caption
    if url in SORTED_AND_PAGED:
        assert rendered_tables, "the page should have a table"


def test_a_choices_field_shows_its_label_and_an_empty_table_says_so(client, rendered_tables):
    client.get("/elections/2023-national-assembly/parties/")
    parties = next(html for table, html in rendered_tables if table.prefix == "parties-")
    assert "<td>Approved</td>" in parties
    assert ">approved</td>" not in parties

    rendered_tables.clear()
    client.get("/observers/?kind=domestic_reaction&verdict=endorsed&election=2024-senate")
    [(table, html)] = rendered_tables
    assert html == '<tr><td colspan="6">No statement matches these filters.</td></tr>'


def test_header_cells_link_to_each_sort_keep_other_parameters_and_mark_the_sorted_column(client):
    html = client.get("/elections/2024-senate/?national-sort=-votes&seats-page=1").content.decode()
    header = html[html.index("<caption>Nationwide results") : html.index("</thead>")]
    assert (
        '<th scope="col" aria-sort="descending">'
        '<a href="?national-sort=votes&amp;seats-page=1#t-national">Votes'
        '<span class="visually-hidden"> (sort)</span></a></th>'
    ) in header
    assert header.count("aria-sort") == 1
    assert '<a href="?national-sort=party&amp;seats-page=1#t-national">Party' in header
    assert '<th scope="col">Source</th>' in header  # not sortable: no link


def test_a_long_table_links_its_pages_keeping_the_sort(rf):
    from django_tables2 import RequestConfig

    from results.tables import RegisteredVotersTable

    rows = [{"year": year, "registered_voters": 1000 + year} for year in range(2000)]
    request = rf.get("/registered-voters/", {"page": "20", "sort": "-year"})
    table = RegisteredVotersTable(rows, caption="Voters", export_name="voters")
    RequestConfig(request, paginate=True).configure(table)
    html = table.as_html()
    assert (
        '<li class="previous"><a href="?page=19&amp;sort=-year#table-voters">previous</a></li>'
        in html
    )
    assert '<li class="active"><a href="?page=20&amp;sort=-year#table-voters">20</a></li>' in html
    assert html.count('<li><a href="#">...</a></li>') == 2  # before 17 and after 22
    assert '<li><a href="?page=40&amp;sort=-year#table-voters">40</a></li>' in html
    assert '<li class="next"><a href="?page=21&amp;sort=-year#table-voters">next</a></li>' in html
    assert 'href="?page=20&amp;sort=-year&amp;_export=csv&amp;_table=voters"' in html


TABLE = re.compile(r'<table class="data-table"[^>]*?(?: style="([^"]*)")?>(.*?)</table>', re.S)
HEADER = re.compile(r"<th scope=\"col\"[^>]*>(.*?)</th>", re.S)
HIDDEN = re.compile(r'<span class="visually-hidden">.*?</span>', re.S)


def card_labels(style: str) -> dict[int, str]:
    """{position: label} from a table's `--c2:'Votes'` declarations, unescaped."""
    found = re.findall(r"--c(\d+):'((?:[^'\\]|\\.)*)'", html_unescape(style or ""))
    return {int(n): re.sub(r"\\(.)", r"\1", label) for n, label in found}


def html_unescape(text: str) -> str:
    import html

    return html.unescape(text)


@pytest.mark.parametrize(
    "url",
    [
        *RESULTS_PAGES,
        *OBSERVER_PAGES,
        "/km/elections/2023-national-assembly/",
        "/km/parties/funcinpec/",
        "/km/observers/figures/",
    ],
)
def test_each_column_is_named_once_for_the_phone_cards_as_its_header_says(client, url):
    """On a phone each cell shows its column's name (site.css reads `--cN` by the cell's
    position): the names are the headers', in the same order, set once per table (or once
    around tables that share their columns), never on each cell."""
    html = client.get(url).content.decode()
    # The comparison matrix keeps its own layout and labels (observers.css).
    html = re.sub(r'<table class="data-table matrix".*?</table>', "", html, flags=re.S)
    assert "data-label" not in html
    for style, table in TABLE.findall(html):
        headers = [
            html_unescape(re.sub(r"<[^>]+>", "", HIDDEN.sub("", h))).strip()
            for h in HEADER.findall(table)
        ]
        body = table.split("<tbody>")[1]
        if "<td" not in body or not headers:
            continue
        labels = card_labels(style) or card_labels(
            html[: html.index(table)].rsplit(' style="', 1)[-1].split('"')[0]
        )
        row_header = '<th scope="row"' in body
        expected = {n: h for n, h in enumerate(headers, start=1) if not (row_header and n == 1)}
        assert labels == expected, (url, headers)


def test_a_card_label_is_escaped_for_css_and_for_html():
    from results.cards import card_labels_style

    style = card_labels_style(["", "it's", 'a "b" <c>', "back\\slash"])
    assert style == ("--c2:'it\\&#x27;s';--c3:'a &quot;b&quot; &lt;c&gt;';--c4:'back\\\\slash'")
    assert card_labels(style) == {2: "it's", 3: 'a "b" <c>', 4: "back\\slash"}


def test_a_source_every_row_cites_is_said_once_under_the_table(client):
    html = client.get("/elections/2023-national-assembly/").content.decode()
    national = html[html.index('id="table-2023-national-assembly-national-results"') :]
    table, after = national.split("</table>", 1)
    assert "source-cell" not in table and ">Source<" not in table
    note = after[: after.index("<h2")]
    assert (
        '<p class="table-source">Source for every row: <a href="/sources/#source-na2023-article">'
        "2023 Cambodian general election (encyclopaedia article)</a>, Infobox</p>"
    ) in note
    # The column is not "left out" for want of figures: its one value is the line above.
    assert "Source" not in note.split("left out here")[-1].split("</p>")[0]
    # Where the rows' sources differ, each row keeps its own.
    turnout = html[html.index('<h2 id="turnout">') :].split("</table>")[0]
    assert turnout.count('<td class="source-cell">') == turnout.count("<tr>") - 1


def test_a_column_empty_in_every_row_is_left_off_the_screen_but_kept_in_downloads(rf):
    from django_tables2 import RequestConfig

    from results.tables import RegisteredVotersTable

    rows = [{"year": 2018 + i, "registered_voters": 1000 + i} for i in range(3)]
    request = rf.get("/registered-voters/")
    table = RegisteredVotersTable(rows, caption="Voters", export_name="voters")
    RequestConfig(request).configure(table)
    html = table.as_html()
    head, rest = html.split("</thead>")
    assert "Change as printed" not in head and "not reported" not in rest.split("</tbody>")[0]
    assert "left out here (the downloads keep them): Change as printed" in rest
    assert "Registered voters" in html

    download = rf.get("/registered-voters/", {"_export": "csv", "_table": "voters"})
    from results.tables import export_response

    table = RegisteredVotersTable(rows, caption="Voters", export_name="voters")
    RequestConfig(download).configure(table)
    assert "Change as printed" in export_response(download, table).content.decode()


def test_rows_citing_a_few_sources_cite_them_by_number_and_the_downloads_in_full(client):
    html = client.get("/elections/2024-senate/").content.decode()
    table = html[html.index('id="t-national"') : html.index("Download this table")]
    assert '<td class="source-cell">1</td>' in table and '<td class="source-cell">2</td>' in table
    assert "Sources, by the number in each row: (1)\u00a0<a" in table
    assert "; (2)\u00a0National Election Committee, via <a" in table
    csv = client.get("/elections/2024-senate/?_export=csv&_table=2024-senate-national-results")
    assert "National Election Committee, via 2024 Cambodian Senate election" in csv.content.decode()
