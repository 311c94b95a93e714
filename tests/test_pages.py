"""What a reader sees on each page, and how many queries it costs."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from results import selectors
from results.models import Constituency, ConstituencyResult, Election, Party, Province, Source

pytestmark = pytest.mark.django_db

# Query budgets per page, measured and pinned: none may grow with the number of rows.
PAGES = {
    "/": 9,  # the map: who won each province and their spellings; the province picker
    "/elections/": 7,
    # One more on pages with a map: the provinces' names and spellings (results.maps).
    "/elections/2023-national-assembly/": 14,
    "/elections/2024-senate/": 14,
    "/elections/2023-communal-by-elections/": 13,
    "/elections/2023-national-assembly/timeline/": 10,
    "/elections/2024-senate/timeline/": 7,
    "/elections/2023-national-assembly/parties/": 3,
    "/elections/2024-senate/figures/": 11,
    "/elections/2023-national-assembly/figures/": 12,
    "/elections/2024-senate/region-4/": 6,
    "/elections/2023-national-assembly/takeo/": 6,
    "/provinces/": 10,
    "/provinces/kampong-cham/": 10,
    "/parties/": 6,
    "/parties/cambodian-peoples-party/": 14,  # one for the map: the provinces' spellings
    "/registered-voters/": 2,
    "/consistency/": 18,
    "/sources/": 3,
}


def text(response) -> str:
    """The page's visible text with tags removed and whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style|title)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace("&#x27;", "'")


@pytest.mark.parametrize(("url", "budget"), PAGES.items())
def test_every_page_answers_within_its_query_budget(
    client, django_assert_max_num_queries, url, budget
):
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert f'<link rel="canonical" href="http://testserver{url}">' in html
    assert 'class="skip-link" href="#main"' in html


def test_query_count_does_not_grow_with_rows(client, django_capture_on_commit_callbacks):
    def queries(url):
        with CaptureQueriesContext(connection) as context:
            client.get(url)
        return len(context.captured_queries)

    before = {url: queries(url) for url in ("/elections/2024-senate/", "/provinces/", "/parties/")}
    source = Source.objects.get(key="senate2024-article")
    election = Constituency.objects.filter(election__slug="2024-senate").first().election
    province = Province.objects.get(slug="kep")
    with django_capture_on_commit_callbacks(execute=True):
        extra = Party.objects.create(slug="extra-party", name="Extra Party")
        for number in range(9, 30):
            region = Constituency.objects.create(
                election=election,
                slug=f"region-{number}",
                name=f"Region {number}",
                seats=3,
                source=source,
                section="test",
            )
            region.provinces.add(province)
            ConstituencyResult.objects.create(
                constituency=region, party=extra, votes=10, seats=3, source=source, section="test"
            )
    after = {url: queries(url) for url in before}
    assert after == before


def test_home_shows_both_elections_at_a_glance(client):
    page = text(client.get("/"))
    assert "2023 National Assembly election" in page
    assert "23 July 2023" in page
    assert "Cambodian People's Party 120" in page
    assert "FUNCINPEC 5" in page
    assert "84.59%" in page
    assert "2024 Senate election" in page
    assert "Khmer Will Party 3" in page
    assert "99.86%" in page
    assert "11,730 ballots" in page


def test_national_assembly_page_shows_results_chart_and_findings(client):
    response = client.get("/elections/2023-national-assembly/")
    html = response.content.decode()
    page = text(response)
    # One path of seats per party, titled with its name: each seat a dot ("M x y h0").
    seats = re.findall(r'<path stroke="#[0-9a-f]{6}" d="([^"]*)"><title>([^<]*)</title>', html)
    assert [(party, d.count("h0")) for d, party in seats] == [
        ("Cambodian People&#x27;s Party", 120),
        ("FUNCINPEC", 5),
    ]
    assert "82.30%" in page and "9.22%" in page
    assert "Hun Sen / Hun Manet" in page
    assert "5,161,906 women, 4,548,739 men" in page
    assert "Takéo" in page
    # The parties, the dated sections and the figures stated in prose have pages of their
    # own, each led to by a line that says what is there.
    assert '<a href="/elections/2023-national-assembly/timeline/">' in html
    assert "Registration of national and international observers" not in page
    assert "Parties : 18 on the ballot, 2 disqualified." in page
    assert "Khmer United Great Nation Party" not in page
    assert (
        "Where the sources differ : 9 disagreements between figures of this election "
        "(7 material)." in page
    )
    assert '<a href="/consistency/?election=2023-national-assembly">' in html


def test_an_elections_parties_page_lists_the_ballot_and_the_disqualified(client):
    page = text(client.get("/elections/2023-national-assembly/parties/"))
    assert "18 parties were on the ballot; 2 disqualified." in page
    assert "Candlelight Party" in page and "Khmer United Great Nation Party" in page
    assert "Parties in the 2023 National Assembly election" in page


def test_an_elections_figures_page_lists_its_disagreements_linked_to_their_entries(client):
    response = client.get("/elections/2023-national-assembly/figures/")
    html, page = response.content.decode(), text(response)
    assert "Turnout at the 2018 National Assembly election : 83.02%" in page
    # The allocation table sums to 126 though 125 seats were filled: the page lists the
    # disagreement and links its entry, which shows both figures.
    assert "Seats allocated across constituencies against the total" in page
    assert 'href="/consistency/?election=2023-national-assembly#' in html
    assert "126" in text(client.get("/consistency/?election=2023-national-assembly"))


def test_anchors_of_what_left_the_election_page_are_sent_to_its_new_page(client):
    html = client.get("/elections/2023-national-assembly/").content.decode()
    moved = dict(re.findall(r'data-moved-anchors="([^"]+)" data-anchors="([^"]+)"', html))
    base = "/elections/2023-national-assembly/"
    assert moved == {
        f"{base}parties/": "disqualified|t-parties|table-[a-z0-9-]+-parties",
        f"{base}timeline/": "schedule|investiture|debates?|incidents?|events?",
        f"{base}figures/": "figure",
    }
    # Each of those anchors is on the page it is sent to.
    assert (
        'id="disqualified"'
        in client.get("/elections/2023-national-assembly/parties/").content.decode()
    )
    figures = client.get("/elections/2023-national-assembly/figures/").content.decode()
    assert 'id="figure-turnout-2018"' in figures


def test_timeline_keeps_ranges_months_debates_and_the_confidence_vote(client):
    response = client.get("/elections/2023-national-assembly/timeline/")
    html = response.content.decode()
    page = text(response)
    assert "Timeline of the 2023 National Assembly election" in page
    # A range stays a range; each entry keeps the anchor it had on the election page.
    assert "1 April 2023 – 19 July 2023" in page
    assert "Registration of national and international observers" in page
    assert 'id="debate-1"' in html and 'id="incident-1"' in html
    assert "Confidence vote for Hun Manet" in page
    assert "63 of 125 votes were needed" in page
    # Citations of the old anchors on the election page are sent here.
    election = client.get("/elections/2023-national-assembly/").content.decode()
    assert 'data-moved-anchors="/elections/2023-national-assembly/timeline/"' in election
    assert "js/moved-anchors" in election


def test_a_list_whose_entries_share_one_source_names_it_once_under_the_list(client):
    html = client.get("/elections/2023-national-assembly/timeline/").content.decode()
    schedule = html[html.index('<h2 id="schedule">') : html.index('id="investiture"')]
    assert schedule.count("</a>, Election schedule") == 1
    assert "Source for every entry: Khmer Times, via" in " ".join(
        re.sub(r"<[^>]+>", " ", schedule).split()
    )


def test_a_timeline_with_no_dates_says_so(client):
    election = Election.objects.create(
        slug="2028-national-assembly",
        name="2028 National Assembly election",
        kind=Election.Kind.NATIONAL_ASSEMBLY,
        held_on="2028-07-23",
        source=Source.objects.first(),
        section="test",
    )
    page = text(client.get(f"/elections/{election.slug}/timeline/"))
    assert "No dates are recorded for this election yet." in page


def test_senate_page_shows_regional_votes_and_where_totals_disagree(client):
    page = text(client.get("/elections/2024-senate/"))
    assert "58 of 62 elected" in page
    assert "10,117" in page  # the national row as printed
    # The sum of the regions' CPP votes, on the disagreement's entry the page links to.
    assert "9,332" in text(client.get("/consistency/?election=2024-senate"))
    assert "85.92%" in page and "86.99%" in page  # infobox against the results table
    assert "Not filled by this election: 4" in page


def test_region_page_shows_the_quotients_that_decided_the_last_seat(client):
    page = text(client.get("/elections/2024-senate/region-4/"))
    assert "D'Hondt gives the same seats as declared" in page
    assert "1,191 votes ÷ 9 = 132.33" in page
    assert (
        "The highest quotients left without a seat: "
        "Cambodian People's Party: 1,191 ÷ 10 = 119.10 "
        "Nation Power Party: 118 ÷ 1 = 118.00"
    ) in page
    for province in ("Banteay Meanchey", "Battambang", "Oddar Meanchey", "Pailin", "Siem Reap"):
        assert province in page


def test_kampong_cham_page_shows_funcinpec_won_one_seat_and_its_senate_region(client):
    page = text(client.get("/provinces/kampong-cham/"))
    assert "Kampong Cham, 2023 National Assembly election: 10 seats" in page
    assert re.search(r"FUNCINPEC 1\b", page)  # votes and shares: no source gives them
    assert "2024 Senate election: Region 2" in page
    assert "Tboung Khmum" in page
    assert "1,121" in page


def test_takeo_page_shows_nine_seats_allocated_but_eight_won(client):
    page = text(client.get("/provinces/takeo/"))
    assert "Also spelled: Takeo" in page
    assert "Seats allocated against seats won" in page
    assert "Seats allocated: 9" in page
    assert "Seats won by all parties: 8" in page


def test_province_turnout_is_shown_where_a_source_gives_it(client):
    page = text(client.get("/provinces/banteay-meanchey/"))
    assert "431,775" in page and "312,313" in page and "72.33%" in page


def test_kandal_page_lists_its_by_elections_and_events(client):
    page = text(client.get("/provinces/kandal/"))
    assert "April 2023 communal by-elections" in page
    assert "Sampov Poun city" in page and "Arey Ksat city" in page
    assert "Takhmao city governor removed" in page
    # Sampov Poun: 37 ballots cast printed beside 51 valid votes; both are shown.
    section = page[page.index("Sampov Poun city, April 2023") :]
    section = section[: section.index("Source:", section.index("Turnout and ballots"))]
    assert "37 51 0 100.00%" in section


def test_party_list_keeps_approved_and_disqualified_apart(client):
    page = text(client.get("/parties/"))
    assert "Approved parties: 2023 National Assembly election" in page
    assert "Disqualified" in page
    assert "Teav Vannol" in page
    assert "Kong Molika" in page


def test_cpp_page_shows_both_elections_and_debates(client):
    response = client.get("/parties/cambodian-peoples-party/")
    assert 'href="/elections/2023-national-assembly/timeline/#debate-1"' in (
        response.content.decode()
    )
    page = text(response)
    assert "Earlier elections are not shown here" not in page  # three elections: all shown
    assert "Hun Sen" in page
    assert "2023 National Assembly election" in page and "2024 Senate election" in page
    assert "Took part" in page
    assert "Region 4" in page


def test_funcinpec_page_shows_ballot_numbers_in_both_elections(client):
    response = client.get("/parties/funcinpec/")
    page = text(response)
    assert "Norodom Chakravuth" in page
    assert re.search(r"2023 National Assembly election Approved 9 ", page)
    assert re.search(r"2024 Senate election Approved 3 ", page)


def test_registered_voters_page_has_table_chart_and_printed_change_findings(client):
    response = client.get("/registered-voters/")
    html = response.content.decode()
    page = text(response)
    assert html.count('class="bar"') == 12
    assert "4,764,618" in page and "9,710,645" in page
    assert "-3.80%" in page  # 2002 fell; the source prints 3.80% without a sign
    assert "Printed change against the change the figures give" in page


@pytest.mark.parametrize(
    "url",
    [
        "/elections/no-such-election/",
        "/provinces/atlantis/",
        "/parties/no-party/",
        "/elections/2024-senate/region-99/",
        "/nothing-here/",
    ],
)
def test_unknown_addresses_get_the_sites_404_page(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in text(response)
    assert "site.css" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "?sort=nonsense",
        "?seats-sort=-; DROP TABLE",
        "?national-sort=party,-seats,zzz",
        "?seats-page=abc",
        "?seats-page=99999",
        "?parties-per_page=-5",
    ],
)
def test_bad_sort_and_page_parameters_never_break_a_page(client, query):
    for url in ("/elections/2023-national-assembly/", "/provinces/", "/parties/"):
        assert client.get(url + query).status_code == 200


def test_tables_sort_by_a_column_when_asked(client):
    page = text(client.get("/provinces/?sort=-seats"))
    table = page[page.index("Provinces, their 2023 seats") :]  # after the map's key
    assert table.index("Phnom Penh") < table.index("Koh Kong")


def test_summaries_give_the_seats_and_turnout_the_election_pages_give():
    loaded = {e.pk: e for e in selectors.elections_with_results(Election.objects.all())}
    for summary in selectors.summaries(list(Election.objects.all())):
        election = loaded[summary.election.pk]
        assert summary.composition == selectors.composition(election)
        assert summary.turnout == selectors.final_turnout(election)


def test_where_the_sources_differ_opens_with_counts_by_election_and_kind(client):
    page = text(client.get("/consistency/"))
    assert "34 disagreements, 30 of them material." in page
    # Each count is a link that shows only its disagreements; most are material, and the
    # summary says how many of a kind are rounding-level.
    assert "2024 Senate election : 9" in page
    assert "Registered voters : 11" in page
    assert "Printed change in registered voters : 11 (1 rounding-level)" in page
    html = client.get("/consistency/").content.decode()
    assert '<a href="?election=2024-senate">2024 Senate election</a>' in html
    assert '<a href="?kind=percentages">' in html
    assert "less than 0.1 percentage point apart" in page  # the rule, stated


def test_each_disagreement_is_marked_and_has_a_permanent_anchor(client):
    html = client.get("/consistency/").content.decode()
    rounding = html[html.index('id="registered-voters-registered_voter_change-1998"') :]
    rounding = rounding[: rounding.index("</ul>")]
    assert "Rounding-level" in rounding and "13.20%" in rounding and "13.24%" in rounding
    takeo = 'id="2023-national-assembly-constituency_seats-takeo"'
    assert takeo in html
    entry = html[html.index(takeo) :]
    assert "Material" in entry[: entry.index("</p>")]
    assert 'href="#2023-national-assembly-constituency_seats-takeo"' in entry


def test_disagreements_filter_by_election_and_by_kind(client):
    senate = text(client.get("/consistency/?election=2024-senate"))
    assert "Khmer Will Party" in senate and "Takéo" not in senate
    assert "9 disagreements" in senate
    shares = text(client.get("/consistency/?kind=percentages"))
    entries = shares.split("Material or rounding-level?")[-1]
    assert "4 disagreements" in shares and "Printed change" not in entries
    assert "Show every disagreement" in shares
    # The other kinds stay listed, each a filter that keeps the chosen election.
    senate = client.get("/consistency/?election=2024-senate&kind=percentages").content.decode()
    assert 'href="?election=2024-senate&amp;kind=percentages" aria-current="true"' in senate
    assert 'href="?election=2024-senate&amp;kind=source_tables"' in senate
    ignored = text(client.get("/consistency/?kind=nonsense"))
    assert "34 disagreements" in ignored and "has been ignored" in ignored


def test_navigation_names_pages_plainly_and_reaches_reactions_and_figures(client):
    html = client.get("/").content.decode()
    start = html.index('aria-label="Main"')
    nav = html[start : html.index("</nav>", start)]
    assert ">Registered voters</a>" in nav and ">Voters</a>" not in nav
    assert 'href="/observers/reactions/"' in nav and 'href="/observers/figures/"' in nav


def test_the_footer_links_about_downloads_api_licence_and_sitemap(client):
    html = client.get("/provinces/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    for href in (
        "/about/",
        "/data/",
        "/data/cambodia-elections-data.zip",
        "/changes/",
        "/api/",
        "/about/#licence",
        "/sitemap.xml",
    ):
        assert f'href="{href}"' in footer, href


def test_the_about_page_says_where_data_comes_from_and_under_which_licences(client):
    page = text(client.get("/about/"))
    for phrase in (
        "Where the data comes from",
        "How disagreements are handled",
        "How to report a correction",
        "CC BY 4.0",
        "source code does not yet state a licence",
    ):
        assert phrase in page


def test_the_favicon_is_a_static_file_also_at_favicon_ico(client):
    html = client.get("/").content.decode()
    assert 'rel="icon" href="/static/img/favicon.svg" type="image/svg+xml"' in html
    assert 'href="/static/img/favicon.ico"' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/img/favicon.ico"


def test_columns_and_sections_with_nothing_to_show_are_left_off(client):
    takeo = client.get("/elections/2023-national-assembly/takeo/").content.decode()
    head = takeo[takeo.index("<caption>Result in Takéo") : takeo.index("</thead>")]
    assert "Votes" not in head and "Seats won" in head  # no source gives Takéo's votes
    page = text(client.get("/elections/2023-national-assembly/takeo/"))
    assert "Turnout and ballots: none recorded." in page
    kampong_cham = client.get("/provinces/kampong-cham/").content.decode()
    assembly = kampong_cham[kampong_cham.index("10 seats</caption>") :]
    assembly = assembly[: assembly.index("</table>")]
    assert "not reported" not in assembly and "Votes" not in assembly
    candlelight = text(client.get("/parties/candlelight-party/"))
    assert "Debates: none recorded." in candlelight


def test_a_partys_events_link_to_their_whole_entries_on_the_election_timelines(client):
    html = client.get("/parties/cambodian-peoples-party/").content.decode()
    link = '<a href="/elections/2023-national-assembly/timeline/#event-hun-manet-appointed">'
    assert f"{link}Hun Manet appointed Prime Minister</a>" in html
    timeline = client.get("/elections/2023-national-assembly/timeline/").content.decode()
    assert '<li id="event-hun-manet-appointed">' in timeline
    # The whole entry, with its source, is said there, not twice.
    assert html.count("Government formation") < timeline.count("Government formation")


def test_a_partys_table_for_a_province_based_election_has_no_provinces_column(client):
    html = client.get("/parties/funcinpec/").content.decode()
    assembly = html[html.index("<caption>Results by constituency, 2023 National Assembly") :]
    assembly = assembly[: assembly.index("</thead>")]
    assert '<th scope="col">Provinces</th>' not in assembly
    senate = html[html.index("<caption>Results by constituency, 2024 Senate") :]
    assert '<th scope="col">Provinces</th>' in senate[: senate.index("</thead>")]


def test_two_columns_of_one_label_are_told_apart_by_their_sections(client):
    html = client.get("/consistency/").content.decode()
    assert '<th scope="col">Vote share (Infobox)</th>' in html
    assert '<th scope="col">Vote share (Results by region (total row))</th>' in html
    # A section said in a cell keeps its space on a phone card (display: table drops a
    # space that stands alone between two elements).
    assert '15.88%</span><span class="source"> (computed from' in html
