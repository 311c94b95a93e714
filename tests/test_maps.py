"""The provinces map and the charts: what they draw, that it matches the data, and its size."""

import gzip
import re
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from electionsite.staticfiles import minify_css
from results import charts, maps
from results.models import Province
from tests.e2e.support import PAGE_PATHS
from tests.test_pages import text

MAP_PAGES = [
    "/",
    "/provinces/",
    "/elections/2023-national-assembly/",
    "/elections/2024-senate/",
    "/parties/funcinpec/",
    "/parties/cambodian-peoples-party/",
]


def edges(d: str) -> set[frozenset]:
    return {frozenset(pair) for ring in maps.rings(d) for pair in pairwise([*ring, ring[0]])}


@pytest.mark.django_db
def test_every_province_is_on_the_map_through_its_slug_name_or_aliases():
    paths = maps.gazetteer().paths()
    assert set(paths) == set(Province.objects.values_list("slug", flat=True))
    assert len(paths) == 25
    # The map spells these two differently: found through an alias and a case-folded id.
    assert "ratanakiri" in paths and "preah-sihanouk" in paths


def test_the_inlined_paths_are_small():
    size = sum(len(feature["d"]) for feature in maps.map_data()["provinces"])
    assert size < 40_000


def test_neighbours_share_their_border_so_no_gap_can_open():
    paths = {feature["id"]: feature["d"] for feature in maps.map_data()["provinces"]}
    for one, other in [
        ("kandal", "phnom-penh"),
        ("kampong-cham", "tboung-khmum"),
        ("battambang", "pailin"),
        ("kampot", "kep"),
    ]:
        shared = edges(paths[one]) & edges(paths[other])
        assert len(shared) >= 3, (one, other)
    # Phnom Penh is a hole in Kandal: every edge of its outline is one of Kandal's.
    assert edges(paths["phnom-penh"]) <= edges(paths["kandal"])


def outline_edges(outline: str) -> set[frozenset]:
    """The edges of region_outlines' path data: "Mx yl dx dy dx dy…" for each line."""
    found = set()
    for line in outline.split("M")[1:]:
        values = [round(float(v) * 10) for v in re.findall(r"-?\d*\.?\d+", line)]
        points = [(values[0], values[1])]
        for dx, dy in zip(values[2::2], values[3::2], strict=True):
            points.append((points[-1][0] + dx, points[-1][1] + dy))
        found |= {frozenset(pair) for pair in pairwise(points)}
    return found


def test_region_outlines_draw_borders_between_regions_not_inside_them():
    paths = {feature["id"]: feature["d"] for feature in maps.map_data()["provinces"]}
    cham, khmum, kratie = paths["kampong-cham"], paths["tboung-khmum"], paths["kratie"]
    drawn = outline_edges(maps.region_outlines(((cham, khmum), (kratie,))))
    assert not drawn & edges(cham) & edges(khmum)  # inside the region: not drawn
    assert edges(khmum) & edges(kratie) <= drawn  # between the two regions: drawn
    assert edges(khmum) & edges(kratie)


@pytest.mark.django_db
def test_the_funcinpec_map_marks_the_five_provinces_it_won(client):
    html = client.get("/parties/funcinpec/").content.decode()
    legend = re.search(r'<ul class="map__legend">(.*?)</ul>', html, re.S).group(1)
    won = re.search(r"<strong>FUNCINPEC won seats</strong> \(5\): (.*?)</li>", legend).group(1)
    names = re.findall(r">([^<]+)</a>", won)
    assert sorted(names) == ["Kampong Cham", "Kampong Thom", "Kandal", "Phnom Penh", "Prey Veng"]
    # Each province on the map links to its page and says what it shows in a <title>.
    assert '<a href="/provinces/kandal/"><title>Kandal: 1 of 11 seats</title><path d="' in html
    assert html.count('<a href="/provinces/') >= 50  # on the map and in its key


@pytest.mark.django_db
def test_the_senate_map_outlines_the_regions_and_names_them_in_its_key(client):
    html = client.get("/elections/2024-senate/").content.decode()
    assert '<path class="map__outline" d="M' in html
    page = text(client.get("/elections/2024-senate/"))
    # The key gives each region's result; each province's title names its region, and the
    # seats table lists each region's provinces.
    # It counts regions, in their order.
    assert "CPP only (5): Region 1 (CPP 6 of 6 seats); Region 3 (CPP 5 of 5 seats)" in page
    assert "CPP and KWP (3): Region 2 (CPP 7, KWP 1 of 8 seats); Region 4 (CPP 9, KWP 1" in page
    assert "Region 8 (CPP 6 of 6 seats)" in page
    assert "<title>Kratié, Region 8" in html
    assert "Region 8 Kampong Thom, Kratié, Mondulkiri, Preah Vihear, Ratanakiri" in page
    # Every shade on the map has a pattern as well as a colour (and no other shade is
    # defined), and the credit the licence asks for.
    legend = re.search(r'<ul class="map__legend">(.*?)</ul>', html, re.S).group(1)
    used = sorted(set(re.findall(r'fill="url\(#map-shade-(\d)\)"', legend)))
    assert used == ["0", "1"]
    defined = re.findall(r'<pattern id="map-shade-(\d)"', html)
    assert defined == used
    assert "Province boundaries: MapSVG / svg-maps (Victor Cazanave) , CC BY 4.0 ." in page


# What a reader is sent for one page, before compression: its HTML and the stylesheets it
# links (as production serves them, minified), in bytes. The Khmer pages, whose text takes
# three bytes a character, must fit too: keep well under it.
PAGE_BUDGET = 60_000


def sent_size(html: bytes) -> int:
    sheets = re.findall(rb'<link rel="stylesheet" href="/static/([^"]+\.css)">', html)
    assert sheets, "the page links no stylesheet"
    static = Path(settings.BASE_DIR, "static")
    css = sum(len(minify_css((static / s.decode()).read_text()).encode()) for s in sheets)
    return len(html) + css


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGE_PATHS)
def test_every_page_stays_under_60_kb_of_html_and_css(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert sent_size(response.content) < PAGE_BUDGET


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGE_PATHS)
def test_a_page_links_the_charts_stylesheet_only_if_it_draws_a_map_or_chart(client, url):
    html = client.get(url).content.decode()
    draws = re.search(r'class="(map|hemicycle|shares|data-table shares-table)[" ]', html)
    assert ("/static/css/charts.css" in html) == (draws is not None)
    bar_chart = 'class="bar-chart"' in html
    assert ("/static/css/bar-chart.css" in html) == bar_chart


@pytest.mark.django_db
def test_the_budget_counts_the_observers_stylesheet_only_where_it_is_linked(client):
    observers = client.get("/observers/compare/").content.decode()
    assert "/static/css/site.css" in observers and "/static/css/observers.css" in observers
    assert "observers.css" not in client.get("/elections/2024-senate/").content.decode()


def test_the_minified_stylesheet_keeps_every_rule_and_what_spaces_mean():
    css = """/* it's a comment */
.a :focus, .b > .c { content: " /* kept */  ▲"; width: calc(1px + 2%) ; }
@media (max-width: 40rem) {
  a:hover { color: red; }
}
"""
    assert minify_css(css) == (
        '.a :focus,.b > .c{content:" /* kept */  ▲";width:calc(1px + 2%)}'
        "@media (max-width:40rem){a:hover{color:red}}\n"
    )
    source = Path(settings.BASE_DIR, "static/css/site.css").read_text()
    sent = minify_css(source)
    assert len(sent) < 0.85 * len(source)
    # Every declaration survives: the same properties, as often.
    declarations = re.compile(r"[{;]\s*(--[\w-]+|[a-z-]+)\s*:")
    uncommented = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
    assert sorted(declarations.findall(sent)) == sorted(declarations.findall(uncommented))


def test_collectstatic_writes_the_minified_stylesheet(tmp_path):
    from electionsite import settings as production  # tests render without collectstatic

    with override_settings(STATIC_ROOT=tmp_path, STORAGES=production.STORAGES):
        call_command("collectstatic", interactive=False, verbosity=0)
    source = Path(settings.BASE_DIR, "static/css/site.css").read_text()
    hashed = [p for p in (tmp_path / "css").glob("site.*.css")]
    assert len(hashed) == 1

    # The manifest storage names the fonts the stylesheet links by their hashed names.
    def unhashed(css: str) -> str:
        return re.sub(r"(\.\./fonts/[\w-]+)\.[0-9a-f]{12}(\.woff2)", r"\1\2", css)

    assert unhashed(hashed[0].read_text()) == minify_css(source)
    compressed = (tmp_path / "css" / f"{hashed[0].name}.gz").read_bytes()
    assert unhashed(gzip.decompress(compressed).decode()) == minify_css(source)
    admin_css = next((tmp_path / "admin" / "css").glob("base.*.css")).read_text()
    assert "/*" in admin_css  # only the site's own stylesheets are minified


def test_the_hemicycle_shows_its_bottom_row_whole():
    chart = charts.hemicycle([("A", "#000", 120), ("B", "#111", 5)])
    assert max(seat.y for seat in chart.seats) + chart.dot_radius <= chart.height


def test_the_bar_chart_has_an_axis_from_zero_past_the_largest_value_and_labels():
    chart = charts.bar_chart([("1993", 4_764_618), ("2023", 9_710_645)], value_label=str)
    assert [tick.label for tick in chart.ticks] == ["0", "5000000", "10000000"]
    assert [bar.value_label for bar in chart.bars] == ["4764618", "9710645"]
    assert chart.ticks[-1].y <= min(bar.y for bar in chart.bars)


def test_vote_share_bars_are_drawn_only_when_every_party_has_its_votes():
    assert charts.vote_shares("R", [("A", 10, None), ("B", None, None)]) is None
    chart = charts.vote_shares("R", [("A", 10, None), ("B", 1030, Decimal("99.04"))])
    assert [(s.label, s.width) for s in chart.shares] == [("B", 100.0), ("A", 1.0)]
    assert chart.as_html == (
        '<figure class="shares"><figcaption>R</figcaption><ul>'
        '<li><span>B</span><i style="width:100%"></i><span>1,030 (99.04%)</span></li>'
        '<li><span>A</span><i style="width:1%"></i><span>10</span></li></ul></figure>'
    )


@pytest.mark.django_db
def test_the_senate_page_writes_each_regions_votes_beside_its_bars(client):
    page = text(client.get("/elections/2024-senate/"))
    # One row a region, one column a party, in order of their votes in all regions.
    assert "Constituency CPP KWP NPP FUNCINPEC Region 1 817 (90.18%) 88 (9.71%) 0 (0.00%)" in page
    assert "Cambodian People's Party 10,117 (86.99%)" in page
    html = client.get("/elections/2024-senate/").content.decode()
    assert '<td><i style="width:10.8%"></i>88 (9.71%)</td>' in html


@pytest.mark.django_db
def test_the_registered_voters_chart_has_axis_and_value_labels(client):
    html = client.get("/registered-voters/").content.decode()
    assert 'class="chart-axis"' in html
    assert ">9.71</text>" in html  # 2023, in millions
    assert ">10.0</text>" in html  # the axis' top tick


def test_the_build_writes_paths_that_read_back_as_the_same_points():
    from results.management.commands.build_province_map import parse_path, path_data

    rings = parse_path("M 10 10 L 20 10 L 20 20 z m 5 5 l 2 0 0 2 z")
    assert rings == [[(10, 10), (20, 10), (20, 20)], [(15, 15), (17, 15), (17, 17)]]
    assert maps.rings(path_data(rings)) == [
        [(100, 100), (200, 100), (200, 200)],
        [(150, 150), (170, 150), (170, 170)],
    ]  # in tenths


@pytest.mark.django_db
def test_a_party_with_no_votes_in_a_region_gets_no_bar(client):
    html = client.get("/elections/2024-senate/").content.decode()
    region_1 = html[html.index('href="/elections/2024-senate/region-1/">Region 1</a></th>') :]
    region_1 = region_1[: region_1.index("</tr>")]
    assert "<td>0 (0.00%)</td>" in region_1  # NPP: no bar
    assert '<td><i style="width:0.1%"></i>1 (0.11%)</td>' in region_1  # FUNCINPEC: one vote
