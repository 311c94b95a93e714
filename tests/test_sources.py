"""Every figure checkable: source records, caveats, inferred figures, stated figures and the
checks that compare them."""

from decimal import Decimal

import pytest

from results import audit, selectors
from results.models import (
    Constituency,
    ConstituencyResult,
    Election,
    Party,
    Source,
    SourceTable,
    StatedFigure,
)
from tests.test_pages import text as page_text

pytestmark = pytest.mark.django_db


def text(response) -> str:
    """The visible text, without the spaces that tags leave before punctuation."""
    return page_text(response).replace(" :", ":").replace(" ,", ",").replace(" .", ".")


def test_the_source_page_gives_each_documents_bibliographic_record(client):
    page = text(client.get("/sources/"))
    assert "https://en.wikipedia.org/wiki/2023_Cambodian_general_election" in page
    assert "https://en.wikipedia.org/wiki/2024_Cambodian_Senate_election" in page
    assert "English Wikipedia contributors" in page
    assert "ANFREL Pre-Election Assessment Mission Report: 2023 Cambodian General Election" in page
    assert "5 July 2023" in page
    assert "Joint Statement on the Legitimacy of 2023 Cambodian General Election" in page
    assert "What the site draws from it" in page
    assert "the document prints no title" in page  # the SCO statement
    # The sources the documents' own tables name.
    assert "Sources it names for its figures National Election Committee" in page
    assert "Khmer Times" in page


def test_a_url_is_left_empty_rather_than_guessed():
    assert Source.objects.get(key="anfrel-2023").url == ""
    assert Source.objects.get(key="sco-2023").url == ""


def test_a_figure_from_a_table_with_its_own_source_says_so(client):
    page = text(client.get("/elections/2024-senate/"))
    assert "National Election Committee, via 2024 Cambodian Senate election" in page


def test_missing_seat_figures_are_not_reported_never_zero_or_differs(client):
    page = text(client.get("/elections/2023-communal-by-elections/"))
    table = page[page.index("Seats by constituency") :]
    table = table[: table.index("Turnout")]
    assert "differs" not in table
    assert " 0 " not in table
    # No council's seats by party are reported: those columns are named as not reported.
    assert "Not reported in any row, so left out here (the downloads keep them): Seats won" in (
        table
    )


def test_a_not_reported_figure_never_enters_an_arithmetic_check():
    election = selectors.elections_with_results(Election.objects.filter(slug="2024-senate"))[0]
    region = next(c for c in election.constituencies.all() if c.slug == "region-2")
    missing = next(r for r in region.results.all() if r.seats)
    missing.seats = None  # one party's seats not reported; the others add up to less
    assert audit.constituency_seat_findings(region) == []
    rows, _ = selectors.seats_by_constituency(election, provinces=False)
    assert next(r for r in rows if r["constituency"] == "Region 2")["won"] is None


def test_the_debates_caveat_is_shown_wherever_statuses_are(client):
    for url in (
        "/elections/2023-national-assembly/timeline/",
        "/parties/cambodian-peoples-party/",
        "/parties/farmers-party/",
    ):
        page = text(client.get(url))
        assert "names 18 columns in its header, but its rows have 17 cells" in page, url
    timeline = text(client.get("/elections/2023-national-assembly/timeline/"))
    assert "Marked “took part” (column uncertain)" in timeline
    assert "Televised" not in timeline
    party = text(client.get("/parties/cambodian-peoples-party/"))
    assert "in the cell read as this party's (uncertain)" in party
    farmers = text(client.get("/parties/farmers-party/"))
    assert "no status is recorded for this party" in farmers


def test_no_caveat_where_the_table_is_whole(client):
    SourceTable.objects.filter(key="debates").update(row_cells=18)
    page = text(client.get("/elections/2023-national-assembly/timeline/"))
    assert "Uncertain figures" not in page
    assert "Took part" in page


def test_the_debate_table_mismatch_is_a_finding_where_the_sources_differ(client):
    page = text(client.get("/consistency/"))
    # One check's entries are the rows of a table, its columns the two figures.
    assert (
        "A table's header and rows disagree Entry Gap Columns in the header Cells in each row "
        "Electoral debates Material 18 (Campaign: electoral debates) 17"
    ) in page


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/elections/2023-national-assembly/", "Electoral system (seat allocation)"),
        ("/elections/2023-national-assembly/parties/", "Contesting parties: approved parties"),
        ("/elections/2023-communal-by-elections/parties/", "Inferred"),
        ("/elections/2023-national-assembly/timeline/", "Campaign: electoral debates"),
        ("/parties/cambodian-peoples-party/", "Campaign: electoral debates"),
        ("/provinces/", "Results of seat allocation by provinces"),
        ("/parties/", "Contesting parties"),
    ],
)
def test_every_table_has_its_source_line(client, url, expected):
    html = client.get(url).content.decode()
    assert 'class="table-source"' in html, url
    lines = [line for line in html.split("\n") if 'class="table-source"' in line]
    assert any(expected in line for line in lines), (url, lines)


def test_a_derived_figure_is_marked_inferred_with_its_reasoning(client):
    page = text(client.get("/elections/2023-national-assembly/timeline/"))
    assert "Inferred: The source says the ballot was spoilt “yesterday”" in page


@pytest.mark.parametrize(
    "expected",
    [
        "Turnout at the 2018 National Assembly election: 83.02%",
        "Turnout at the 2022 communal elections: 80.3%",
        "Rise in turnout since the 2018 election: 1.57 pp",
        "Rise in registered voters since the 2022 communal elections: 504,964",
        "Rise in registered voters since the 2018 election: 13.7% / 1,330,428",
        "Women among the registered voters: 53.15% / 5,161,906",
        "projected internally for itself, from the 2022 communal results: 83.2% / 104",
        "Seat target stated by CPP spokesperson Sok Eysan: 90% / 120",
    ],
)
def test_figures_stated_in_prose_are_shown_with_their_source(client, expected):
    assert expected in text(client.get("/elections/2023-national-assembly/figures/"))


def test_the_senate_articles_opposition_losses_are_figures(client):
    page = text(client.get("/elections/2024-senate/figures/"))
    assert "in Phnom Penh, as a share of its votes: nearly 50%" in page
    assert "in Kandal, as a share of its votes: 30%" in page


def test_observer_figures_by_country_and_the_sco_structure_are_recorded(client):
    page = text(client.get("/observers/figures/"))
    for label in (
        "ASEAN observers from Vietnam",
        "ASEAN observers from East Timor",
        "Communes with a commune election commission",
        "Members of each polling-station commission",
        "Minimum age of a candidate for the National Assembly",
    ):
        assert label in page


def test_the_joint_statement_shows_its_front_matter_and_printed_names(client):
    page = text(client.get("/observers/statements/joint-statement-17-organisations/"))
    assert "its front matter is dated 24 July 2023; it is marked as a draft" in page
    assert "International Federation for Human RIght (FIDH) (filed as: International" in page


def _findings():
    return {(f.check, f.subject): f for f in audit.all_findings()}


@pytest.mark.parametrize(
    ("check", "subject", "first", "second", "rounding"),
    [
        (
            "Share against the count printed beside it",
            "Seat target stated by CPP spokesperson Sok Eysan",
            "90.00%",
            "96.00%",
            False,
        ),
        (
            "Share against the count printed beside it",
            "Rise in registered voters since the 2018 election",
            "13.70%",
            "15.88%",
            False,
        ),
        (
            "Share against the count printed beside it",
            "Women among the registered voters",
            "53.15%",
            "53.16%",
            True,
        ),
        (
            "Two sources date the same announcement differently",
            "Hun Sen says he will seek the Senate presidency",
            "26 July 2023",
            "25 February 2024",
            False,
        ),
        (
            "A total that counts members who did not vote",
            "Investiture of Hun Manet",
            "125",
            "125",
            False,
        ),
        (
            "One statement, two dates",
            "Joint statement by 17 organisations on the legitimacy of the 2023 election",
            "22 July 2023",
            "24 July 2023",
            False,
        ),
        (
            "A total that counts a group the source elsewhere counts apart",
            "National observers taking part in monitoring voting and counting",
            "more than 88,000",
            "15",
            False,
        ),
        (
            "Seats allocated across constituencies against the total",
            "2023 National Assembly election",
            "125",
            "126",
            False,
        ),
    ],
)
def test_each_unseen_contradiction_is_a_finding_naming_both_figures(
    check, subject, first, second, rounding
):
    finding = _findings()[(check, subject)]
    assert (finding.first.value, finding.second.value) == (first, second)
    assert finding.first.section and finding.second.section
    assert finding.rounding_level is rounding


def test_the_seat_total_cites_the_tables_own_printed_total():
    finding = _findings()[
        (
            "Seats allocated across constituencies against the total",
            "2023 National Assembly election",
        )
    ]
    assert finding.first.section == "Electoral system (seat allocation), total row"


def test_the_checks_run_on_an_election_entered_later(client):
    source = Source.objects.get(key="na2023-article")
    election = Election.objects.create(
        slug="2028-national-assembly",
        name="2028 National Assembly election",
        kind=Election.Kind.NATIONAL_ASSEMBLY,
        held_on="2028-07-23",
        electorate="Citizens aged 18 and over.",
        summary="Later.",
        source=source,
        section="test",
    )
    StatedFigure.objects.create(
        election=election,
        key="target",
        label="A seat target",
        value=Decimal("80.00"),
        unit=StatedFigure.Unit.PERCENT,
        count=110,
        base=125,
        source=source,
        section="test",
    )
    SourceTable.objects.create(
        election=election,
        key="t",
        name="A damaged table",
        header_columns=5,
        row_cells=4,
        source=source,
        section="test",
    )
    [loaded] = selectors.elections_with_results(Election.objects.filter(pk=election.pk))
    checks = {f.check for f in audit.election_findings(loaded)}
    assert "Share against the count printed beside it" in checks
    assert "A table's header and rows disagree" in checks


def test_rounding_level_findings_are_marked_on_the_consistency_page(client):
    page = text(client.get("/consistency/"))
    assert ("Women among the registered voters Link to this entry Rounding-level 53.15%") in page
    assert "Seat target stated by CPP spokesperson Sok Eysan Link to this entry Material" in page
    share = page[page.index("Share against the count printed beside it") :]
    assert share.index("Women among") < share.index("Seat target")


@pytest.mark.parametrize(
    ("url", "absent"),
    [
        ("/elections/2023-communal-by-elections/", "a few dozen electors"),
        ("/elections/2023-communal-by-elections/", "Udong Mechey city"),
        ("/elections/2023-national-assembly/", "televised"),
        ("/parties/", "KNUP"),
        ("/parties/", "KEDP"),
        ("/parties/cambodia-national-rescue-party/", "CNRP"),
        ("/observers/statements/sco-observer-mission/", "Spoke for it"),
        (
            "/elections/2023-national-assembly/",
            "did not meet all of the election law's requirements",
        ),
    ],
)
def test_claims_no_source_supports_are_gone(client, url, absent):
    assert absent not in text(client.get(url))


def test_goodluck_jonathan_is_an_observer_before_the_vote_not_a_reaction(client):
    page = text(client.get("/observers/reactions/"))
    assert "Goodluck Jonathan" not in page
    statement = text(client.get("/observers/statements/reaction-nigeria/"))
    assert "An international observer's remarks" in statement


def test_dismissals_are_credited_to_the_section_they_sit_in():
    from results.models import Event

    for key in ("veng-sakhon-removed", "takhmao-governor-removed", "pursat-governor-sworn-in"):
        assert Event.objects.get(key=key).section.startswith("Resignations in opposition parties")


def test_a_missing_party_seat_figure_is_not_reported_in_the_party_column(client):
    constituency = Constituency.objects.get(election__slug="2023-national-assembly", slug="kep")
    ConstituencyResult.objects.filter(
        constituency=constituency, party=Party.objects.get(slug="funcinpec")
    ).delete()
    page = client.get("/elections/2023-national-assembly/").content.decode()
    table = page[page.index('id="constituencies"') :]
    row = next(line for line in table.split("<tr>") if ">Kep</a>" in line)
    assert "not reported" in row


def test_a_mission_heads_derived_affiliation_is_marked_inferred(client):
    page = text(client.get("/observers/statements/sco-observer-mission/"))
    assert "SCO Secretariat Inferred: The statement lists him apart" in page.replace(";", "")


def test_observer_figures_name_the_spokesperson_the_article_credits(client):
    page = text(client.get("/observers/figures/"))
    assert "Som Soreida, NEC deputy secretary general and spokesperson, via" in page


def test_the_sources_named_inside_each_document_are_credited_to_that_document():
    named = {
        Source.objects.get(pk=source_id).key: names
        for source_id, names in selectors.original_sources().items()
    }
    # The schedule (a translated model) credits Khmer Times inside the 2023 article.
    assert named["na2023-article"] == ["Khmer Times", "National Election Committee"]
