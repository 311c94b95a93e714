"""Observer statements, side by side: data, pages and query budgets."""

import re
import shutil

import pytest

from observers.models import Finding, Organisation, Statement, StatementOrganisation
from observers.services import DATA_DIR, observer_data_load
from results.services import DataFileError
from tests.test_pages import text

pytestmark = pytest.mark.django_db

PAGES = {
    # Two more for the opening sentence: the latest assessments and their authors.
    "/observers/": 7,
    "/observers/?kind=government_reaction&verdict=critical": 7,
    "/observers/compare/": 7,
    "/observers/reactions/": 6,  # one counts the reactions by verdict
    "/observers/figures/": 2,
    "/observers/topics/election-commission/": 6,
    "/observers/statements/sco-observer-mission/": 6,
    "/observers/statements/joint-statement-17-organisations/": 6,
    "/observers/organisations/anfrel/": 5,
}


@pytest.mark.parametrize(("url", "budget"), PAGES.items())
def test_observer_pages_answer_within_their_query_budget(
    client, django_assert_max_num_queries, url, budget
):
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("<h1") == 1


def test_anfrel_is_one_organisation_that_wrote_the_assessment_and_signed_the_joint_statement():
    anfrel = Organisation.objects.get(slug="anfrel")
    roles = set(
        StatementOrganisation.objects.filter(organisation=anfrel).values_list(
            "statement__slug", "role"
        )
    )
    assert roles == {
        ("anfrel-pre-election-assessment", "author"),
        ("joint-statement-17-organisations", "signatory"),
    }


def test_party_organisations_are_the_results_party_records():
    funcinpec = Organisation.objects.get(party__slug="funcinpec")
    assert funcinpec.kind == Organisation.Kind.POLITICAL_PARTY


def test_joint_statement_page_lists_its_17_signatories_in_order(client):
    page = text(client.get("/observers/statements/joint-statement-17-organisations/"))
    assert "17 signatories" in page
    assert page.index("Access Now") < page.index("Transparent Elections Foundation of Afghanistan")
    assert "22 July 2023" in page


def test_sco_page_shows_its_members_head_and_mission(client):
    response = client.get("/observers/statements/sco-observer-mission/")
    page = text(response)
    assert "Shuhrat Sobirzoda (head of mission)" in page
    assert "21 July 2023 – 24 July 2023" in page
    assert "Phnom Penh; Kandal province" in page
    for name in ("Gulmeira Kenebayeva", "Li Keming", "Bakhtiyor Islamov"):
        assert name in page
    # Each finding has its own anchor to cite.
    assert 'id="election-day-conduct"' in response.content.decode()
    assert "Endorsed or congratulated" in page


def test_comparison_puts_anfrel_and_sco_on_the_election_commission_side_by_side(client):
    response = client.get("/observers/compare/")
    html = response.content.decode()
    row = html[html.index("Election administration") :]
    row = row[: row.index("</tr>")]
    assert "stance--negative" in row and "stance--positive" in row
    # Stance in words, not colour alone.
    assert ">Negative</span>" in row and ">Positive</span>" in row
    assert "/observers/statements/sco-observer-mission/#" in row


def test_topic_page_groups_every_statements_finding_by_stance(client):
    page = text(client.get("/observers/topics/overall-verdict/"))
    assert "SCO observer mission statement" in page
    assert "ANFREL pre-election assessment mission report" in page
    assert page.index("Positive") < page.index("Negative")


def test_reactions_are_grouped_by_verdict_and_filterable(client):
    page = text(client.get("/observers/reactions/"))
    assert "Endorsed or congratulated" in page and "Criticised" in page
    assert "United States" in page
    critical = text(client.get("/observers/reactions/?verdict=critical"))
    assert "The Canadian embassy to Cambodia" in critical  # as the article names it
    assert "Government of China" not in critical


def test_reactions_name_the_usual_election_once_and_any_other_on_its_reaction(client):
    html = client.get("/observers/reactions/").content.decode()
    assert "Each is about the 2023 National Assembly election unless another" in html
    notes = re.findall(r'<p class="note">(.*?)</p>', html)
    assert not any("2023 National Assembly election" in note for note in notes)
    # The Senate's reactions (two parties and the opposition) still say so.
    assert sum("2024 Senate election" in note for note in notes) == 3


@pytest.mark.parametrize(
    "query", ["?kind=zzz", "?verdict=%00", "?election=nope&kind=", "?verdict[]=1", "?sort=-x"]
)
def test_bad_filters_are_ignored_with_a_note(client, query):
    response = client.get("/observers/" + query)
    assert response.status_code == 200
    assert client.get("/observers/reactions/" + query).status_code == 200


def test_an_unrecognised_filter_value_is_said_to_be_ignored(client):
    page = text(client.get("/observers/?kind=zzz"))
    assert "was not recognised and has been ignored" in page
    assert "SCO observer mission statement" in page


def test_figures_page_sets_the_sources_counts_side_by_side(client):
    page = text(client.get("/observers/figures/"))
    assert "333" in page
    assert "more than 400" in page


def test_a_finding_cannot_repeat_a_topic_within_a_statement(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    findings = target / "findings.csv"
    lines = findings.read_text(encoding="utf-8").splitlines()
    duplicate = lines[1].replace(",legal-framework\n", ",legal-framework-2\n")
    duplicate = duplicate.rsplit(",", 1)[0] + ",another-anchor"
    findings.write_text("\n".join([*lines, duplicate]) + "\n", encoding="utf-8")
    before = Finding.objects.count()
    with pytest.raises(
        DataFileError, match=r"findings.csv, line \d+: same statement, topic as line 2"
    ):
        observer_data_load(data_dir=target)
    assert Finding.objects.count() == before


def test_loading_observer_data_again_duplicates_nothing():
    before = (Statement.objects.count(), Finding.objects.count(), Organisation.objects.count())
    observer_data_load()
    assert (
        Statement.objects.count(),
        Finding.objects.count(),
        Organisation.objects.count(),
    ) == before
    assert before[0] == 30


def test_the_index_lists_dated_statements_first_and_undated_last(client):
    html = client.get("/observers/").content.decode()
    rows = re.findall(r'href="/observers/statements/([^"]+)/"', html)
    assert rows[:3] == [
        "anfrel-pre-election-assessment",
        "joint-statement-17-organisations",
        "sco-observer-mission",
    ]
    descending = re.findall(
        r'href="/observers/statements/([^"]+)/"',
        client.get("/observers/?sort=-issued_on").content.decode(),
    )
    assert descending[0] == "reaction-cyprus" and "reaction-australia" in descending[5:]


def test_filtering_by_mission_finds_every_mission_and_assessments_stand_apart(client):
    page = text(client.get("/observers/?kind=observation_mission"))
    assert "ANFREL pre-election assessment mission report" in page
    assert "SCO observer mission statement" in page
    assert "Joint statement by 17" not in page
    everything = text(client.get("/observers/?kind=assessments"))
    assert "Joint statement by 17" in everything and "Cyprus's reaction" not in everything
    assert "OBSERVER ASSESSMENT" in text(client.get("/observers/")).upper()


def test_an_undated_statement_says_what_its_source_says_of_the_date(client):
    assert "after 23 July 2023, date not given" in text(client.get("/observers/?kind=reactions"))


def test_reactions_list_dated_statements_before_undated_ones(client):
    endorsed = text(client.get("/observers/reactions/?verdict=endorsed"))
    # Cyprus (dated 28 July) before China (undated); Cyprus under the name its document prints.
    assert endorsed.index("The Ambassador of the Cyprus to Cambodia") < endorsed.index(
        "Government of China"
    )
