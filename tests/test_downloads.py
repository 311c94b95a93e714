"""Table downloads hold the rows the reader sees, sorted and filtered the same way."""

import csv
import io
import json

import pytest

from tests.test_pages import text

pytestmark = pytest.mark.django_db


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_every_table_has_download_links(client):
    html = client.get("/provinces/").content.decode()
    for fmt in ("csv", "json", "xlsx"):
        assert f"_export={fmt}" in html and "_table=provinces" in html


def test_province_csv_has_the_same_rows_in_the_same_order_as_the_page(client):
    page = text(client.get("/provinces/?sort=-seats"))
    page = page[page.index("Provinces, their 2023 seats") :]  # the table, after the map
    response = client.get("/provinces/?sort=-seats&_export=csv&_table=provinces")
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="cambodia-elections-provinces.csv"' in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0] == ["Province", "2023 seats allocated", "2023 seats won", "2024 Senate region"]
    names = [row[0] for row in rows[1:]]
    assert len(names) == 25
    positions = [page.index(name) for name in names]
    assert positions == sorted(positions)
    assert rows[1][:2] == ["Phnom Penh", "12"]


def test_senate_seats_json_matches_the_table(client):
    response = client.get(
        "/elections/2024-senate/?_export=json&_table=2024-senate-seats-by-constituency"
    )
    data = json.loads(response.content)
    assert len(data) == 8
    region_4 = next(row for row in data if row["Constituency"] == "Region 4")
    assert (region_4["CPP"], region_4["KWP"], region_4["Seats allocated"]) == (9, 1, 10)


def test_statement_download_applies_the_filters_on_screen(client):
    response = client.get("/observers/?verdict=critical&_export=csv&_table=statements")
    rows = csv_rows(response)
    assert rows[1:] and all(row[4] == "critical" for row in rows[1:])
    page = text(client.get("/observers/?verdict=critical"))
    for row in rows[1:]:
        assert row[0] in page


def test_xlsx_download_is_a_spreadsheet(client):
    response = client.get("/registered-voters/?_export=xlsx&_table=registered-voters")
    assert response.content[:2] == b"PK"


@pytest.mark.parametrize("query", ["?_export=exe&_table=provinces", "?_export=csv&_table=nope"])
def test_an_unknown_format_or_table_shows_the_page(client, query):
    response = client.get("/provinces/" + query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
