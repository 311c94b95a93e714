"""Table rows are built in Python (CaptionedTable.body_html); they must say what
django-tables2's own cell rendering says, on every page that has a table."""

import re

import pytest
from django.utils.formats import localize
from django.utils.html import conditional_escape

from results.tables import CaptionedTable
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


@pytest.mark.parametrize("url", [*RESULTS_PAGES, *OBSERVER_PAGES, *SORTED_AND_PAGED])
def test_each_cell_is_what_django_tables2_renders(client, rendered_tables, url):
    assert client.get(url).status_code == 200
    for table, html in rendered_tables:
        expected = [
            conditional_escape(str(localize(row.get_cell(column.name))))
            for row in table.paginated_rows
            for column in table.shown_columns()
        ]
        assert CELL.findall(html) == expected, table.caption
    if url in SORTED_AND_PAGED:
        assert rendered_tables, "the page should have a table"


def test_a_choices_field_shows_its_label_and_an_empty_table_says_so(client, rendered_tables):
    client.get("/elections/2023-national-assembly/")
    parties = next(html for table, html in rendered_tables if table.prefix == "parties-")
    assert '<td data-label="Status">Approved</td>' in parties
    assert ">approved</td>" not in parties

    rendered_tables.clear()
    client.get("/observers/?kind=domestic_reaction&verdict=endorsed&election=2024-senate")
    [(table, html)] = rendered_tables
    assert html == '<tr><td colspan="6">No statement matches these filters.</td></tr>'


def test_header_cells_link_to_each_sort_keep_other_parameters_and_mark_the_sorted_column(client):
    html = client.get("/elections/2024-senate/?national-sort=-votes&seats-page=1").content.decode()
    header = html[html.index("<caption>Nationwide results") : html.index("</thead>")]
    assert (
        '<th scope="col" class="desc orderable" aria-sort="descending">'
        '<a href="?national-sort=votes&amp;seats-page=1#table-2024-senate-national-results">Votes'
        '<span class="visually-hidden"> (sort)</span></a></th>'
    ) in header
    assert header.count("aria-sort") == 1
    assert (
        '<a href="?national-sort=party&amp;seats-page=1#table-2024-senate-national-results">Party'
        in header
    )
    assert '<th scope="col" >Source</th>' in header  # not sortable: no link


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


def test_each_cell_is_labelled_with_its_column_for_the_phone_layout(client):
    html = client.get("/elections/2024-senate/").content.decode()
    assert '<td data-label="Share of votes">' in html
    assert '<td class="source-cell" data-label="Source">' in html


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
