"""Figures and dates on Khmer pages as Cambodian publications write them, machine-readable
values in 0-9, and the self-hosted Khmer font."""

import csv
import io
import json
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import translation
from django.utils.formats import get_format, number_format

from results.numerals import figure, khmer_digits, khmer_digits_html

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
# Attributes a machine reads (a translated label or description may write Khmer digits).
MACHINE_ATTRIBUTES = {
    *("href", "src", "id", "for", "name", "datetime", "action", "hreflang"),
    *("aria-labelledby", "aria-describedby", "aria-controls"),
    *("viewBox", "x", "y", "x1", "x2", "y1", "y2", "dx", "dy", "width", "height"),
    *("cx", "cy", "r", "d", "points", "transform"),
}
FONTS = ROOT / "static" / "fonts"
KHMER_DIGIT = re.compile("[០-៩]")


class Attributes(HTMLParser):
    """Every attribute value of a page, and the text of its JSON-LD and citation blocks."""

    def __init__(self):
        super().__init__()
        self.values: list[tuple[str, str, str]] = []
        self.machine_text: list[str] = []
        self._in_machine_block = False

    def handle_starttag(self, tag, attrs):
        self.values += [(tag, name, value or "") for name, value in attrs]
        # JSON-LD, and the BibTeX / RIS / CSL-JSON blocks (a finding's one-line citation, in a
        # textarea, is prose: its date is written as the page writes dates).
        self._in_machine_block = tag == "script" or (
            tag == "pre" and "cite__text" in dict(attrs).get("class", "")
        )

    def handle_endtag(self, tag):
        self._in_machine_block = False

    def handle_data(self, data):
        if self._in_machine_block:
            self.machine_text.append(data)


def parsed(response) -> Attributes:
    assert response.status_code == 200
    parser = Attributes()
    parser.html = response.content.decode()
    parser.feed(parser.html)
    return parser


def walk(data, key=""):
    """Every (key, value) pair of a JSON document, nested ones too."""
    if isinstance(data, dict):
        for name, value in data.items():
            yield from walk(value, name)
    elif isinstance(data, list):
        for value in data:
            yield from walk(value, key)
    else:
        yield key, data


# Formats


def test_khmer_numbers_use_cldr_separators_grouped_by_three():
    assert get_format("NUMBER_GROUPING", "km") == 3
    with translation.override("km"):
        assert number_format(1234567.5, 1, force_grouping=True) == "1.234.567,5"
        assert figure(9710645) == "៩.៧១០.៦៤៥"
        assert figure(Decimal("84.59"), 2) == "៨៤,៥៩"
        assert figure(Decimal("1.5"), 2, sign=True) == "+១,៥០"
    with translation.override("en"):
        assert figure(9710645) == "9,710,645"
        assert figure(Decimal("-1.5"), 2, sign=True) == "-1.50"


def test_khmer_digits_leave_markup_and_english_alone():
    html = '<a href="/provinces/?page=2#c-12">12 seats</a> &#39;2023&#39;'
    with translation.override("km"):
        assert khmer_digits("23 July 2023") == "២៣ July ២០២៣"
        assert (
            khmer_digits_html(html)
            == '<a href="/provinces/?page=2#c-12">១២ seats</a> &#39;២០២៣&#39;'
        )
    with translation.override("en"):
        assert khmer_digits("2023") == "2023"


# Pages


def test_khmer_province_page_writes_votes_and_shares_in_khmer_digits(client):
    khmer = client.get("/km/provinces/kampong-cham/").content.decode()
    english = client.get("/provinces/kampong-cham/").content.decode()
    # The Senate region's votes and shares: "1,121" and "82.12%" in English.
    assert ">១.១២១</td>" in khmer
    assert ">៨២,១២%</td>" in khmer
    assert ">1,121</td>" in english
    assert ">82.12%</td>" in english
    assert not KHMER_DIGIT.search(english)


def test_khmer_summary_sentence_counts_seats_in_khmer_digits(client):
    html = client.get("/km/elections/2023-national-assembly/").content.decode()
    assert "(១២០)" in html
    # Registered voters, grouped: 9,710,645 in English.
    assert "៩.៧១០.៦៤៥" in html
    assert "(120)" in client.get("/elections/2023-national-assembly/").content.decode()


def test_khmer_dates_have_khmer_month_names_and_digits_and_an_iso_datetime(client):
    khmer = client.get("/km/elections/").content.decode()
    english = client.get("/elections/").content.decode()
    assert '<time datetime="2023-07-23">២៣ កក្កដា ២០២៣</time>' in khmer
    assert '<time datetime="2023-07-23">23 July 2023</time>' in english


@pytest.mark.parametrize(
    "path",
    [
        "/km/",
        "/km/elections/2023-national-assembly/",
        "/km/elections/2023-national-assembly/timeline/",
        "/km/provinces/kampong-cham/",
        "/km/registered-voters/",
        "/km/parties/",
        "/km/observers/",
        "/km/observers/statements/sco-observer-mission/",
        "/km/sources/",
        "/km/data/",
    ],
)
def test_khmer_pages_keep_0_to_9_in_attributes_json_ld_and_citations(client, path):
    page = parsed(client.get(path))
    in_attributes = [
        (t, n, v) for t, n, v in page.values if n in MACHINE_ATTRIBUTES and KHMER_DIGIT.search(v)
    ]
    assert in_attributes == []
    # Titles and descriptions are translated prose; addresses, dates and years are not.
    blocks = "\n".join(page.machine_text)
    for value in re.findall(r"https?://\S+|\b(?:year|urldate|note) = \{[^}]*\}", blocks):
        assert not KHMER_DIGIT.search(value), value
    for ld in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page.html, re.S):
        for key, value in walk(json.loads(ld)):
            if key.startswith("date") or key in ("url", "@id", "contentUrl", "version"):
                assert not KHMER_DIGIT.search(str(value)), (key, value)
    for _tag, name, value in page.values:
        if name == "datetime":
            assert re.fullmatch(r"\d{4}-\d\d-\d\d(T[\d:]+[+-]\d\d:\d\d)?", value), value


def test_khmer_election_page_citations_keep_their_own_date_formats(client):
    page = parsed(client.get("/km/elections/2023-national-assembly/"))
    blocks = "".join(page.machine_text)
    assert "@misc{km-elections-2023-national-assembly-" in blocks
    assert re.search(r"Accessed \d{1,2} [A-Z][a-z]{2}\.? \d{4}", blocks)


def test_registered_voters_chart_coordinates_are_numbers_on_khmer_pages(client):
    page = parsed(client.get("/km/registered-voters/"))
    coordinates = [v for t, n, v in page.values if t in ("rect", "line") and n in ("x", "y1")]
    assert coordinates
    for value in coordinates:
        float(value)  # "137,18" (a decimal comma) would not draw


def test_a_khmer_page_costs_no_more_queries_than_its_english_twin(client):
    for path in ("/provinces/kampong-cham/", "/elections/2023-national-assembly/", "/observers/"):
        counts = []
        for prefix in ("", "/km"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(prefix + path).status_code == 200
            counts.append(len(queries))
        assert counts[1] <= counts[0], path


# Downloads and the API


def test_a_csv_asked_for_from_a_khmer_page_keeps_0_to_9(client):
    response = client.get("/km/provinces/?_export=csv&_table=provinces")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert len(rows) == 26
    seats = [row[1] for row in rows[1:]]
    assert all(value.isascii() and value.isdigit() for value in seats), seats


def test_statement_downloads_from_a_khmer_page_keep_iso_dates(client):
    csv_text = client.get("/km/observers/?_export=csv&_table=statements").content.decode()
    assert "2023-07-22" in csv_text
    rows = json.loads(client.get("/km/observers/?_export=json&_table=statements").content)
    # Names may hold Khmer digits (ឆ្នាំ២០២៣ in an election's Khmer name); dates never do.
    dates = [
        value for row in rows for key, value in row.items() if re.fullmatch(r"[\d-]+", value or "")
    ]
    assert dates and not any(KHMER_DIGIT.search(value) for value in dates)
    assert all(re.fullmatch(r"\d{4}(-\d\d){0,2}", value) for value in dates if "-" in value)


def test_the_api_answers_in_0_to_9(client):
    body = client.get("/api/v1/elections/2023-national-assembly/").content.decode()
    assert "2023-07-23" in body
    assert not KHMER_DIGIT.search(body)


# The font


def test_the_khmer_font_is_served_from_this_site_in_two_small_subset_files(client):
    files = sorted(FONTS.glob("*.woff2"))
    assert [f.name for f in files] == [
        "noto-sans-khmer-khmer-400-normal.woff2",
        "noto-sans-khmer-khmer-700-normal.woff2",
    ]
    assert sum(f.stat().st_size for f in files) < 60_000
    assert "SIL OPEN FONT LICENSE" in (FONTS / "OFL.txt").read_text().upper()
    css = (ROOT / "static" / "css" / "site.css").read_text()
    faces = re.findall(r"@font-face\s*{([^}]*)}", css)
    assert len(faces) == 2
    for face in faces:
        assert "unicode-range: U+1780-17FF, U+19E0-19FF, U+200C-200D, U+25CC;" in face
        assert "font-display: swap" in face
        url = re.search(r'url\("\.\./fonts/([^"]+)"\)', face)[1]
        assert (FONTS / url).exists()
    assert "//" not in "".join(faces).replace("../fonts/", "")  # no font from elsewhere
    # Khmer pages set Khmer in it, with taller lines; English pages never ask for it.
    khmer_rule = re.search(r"html:lang\(km\) {([^}]*)}", css)[1]
    assert 'font-family: "Noto Sans Khmer Web",' in khmer_rule
    assert "line-height: 1.8;" in khmer_rule
    assert css.count('"Noto Sans Khmer Web"') == 3
    assert "font-src 'self'" in client.get("/km/")["Content-Security-Policy"]


def test_collectstatic_gives_the_stylesheet_hashed_font_addresses(tmp_path):
    production_storage = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=production_storage):
        call_command("collectstatic", interactive=False, verbosity=0)
    stylesheet = next(p for p in (tmp_path / "css").glob("site.*.css"))
    fonts = re.findall(r'url\("\.\./fonts/([^"]+)"\)', stylesheet.read_text())
    assert len(fonts) == 2
    for name in fonts:
        assert re.fullmatch(r"noto-sans-khmer-khmer-[47]00-normal\.[0-9a-f]{12}\.woff2", name)
        assert (tmp_path / "fonts" / name).exists()
