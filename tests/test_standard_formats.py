"""The open-data formats: identifiers, the data package, NIST results, Popolo, CITATION.cff.

Each format is written, read back with the tool its users would use (frictionless,
jsonschema), and its figures compared with the database.
"""

import json
import re
import unicodedata
from pathlib import Path

import jsonschema
import pytest
from django.core.exceptions import ValidationError
from frictionless import Package, validate
from iso3166_2 import Subdivisions
from thefuzz import fuzz

from electionsite.opendata import nist, popolo
from electionsite.opendata.dataset import write_dataset
from observers.models import MissionMember
from results.models import (
    Constituency,
    ConstituencyResult,
    Election,
    Party,
    Province,
    Registration,
)

pytestmark = pytest.mark.django_db

SCHEMA = Path(__file__).resolve().parents[1] / "electionsite/opendata/schemas"
NIST_SCHEMA = json.loads((SCHEMA / "NIST_V2_election_results_reporting.json").read_text())


def _folded(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return re.sub(r"[^a-z]", "", "".join(c for c in decomposed if c.isascii()).lower())


def test_every_province_carries_the_iso_code_iso_gives_it():
    iso = Subdivisions()["KH"]
    for province in Province.objects.prefetch_related("aliases"):
        entry = iso[province.iso_code]
        iso_names = {_folded(entry["name"])} | {
            _folded(part.rsplit("(", 1)[0]) for part in entry["localOtherName"].split(", ")
        }
        ours = {_folded(province.name)} | {_folded(a.name) for a in province.aliases.all()}
        # Romanisations differ (Mondulkiri, Mondol Kiri): the closest spelling must be close.
        closest = max(fuzz.ratio(a, b) for a in ours for b in iso_names if b)
        assert closest >= 80, (province.name, province.iso_code, entry["name"])
        assert (
            province.division_id == f"ocd-division/country:kh/province:{province.iso_code}".lower()
        )
    assert Province.objects.get(slug="phnom-penh").iso_code == "KH-12"
    assert Province.objects.get(slug="tboung-khmum").iso_code == "KH-25"


def test_elections_and_ballots_have_readable_identifiers():
    assert Election.objects.get(slug="2023-national-assembly").identifier == "na.2023-07-23"
    assert Election.objects.get(slug="2024-senate").identifier == "senate.2024-02-25"
    phnom_penh = Constituency.objects.get(
        election__slug="2023-national-assembly", slug="phnom-penh"
    )
    assert phnom_penh.identifier == "na.kh-12.2023-07-23"
    region = Constituency.objects.get(election__slug="2024-senate", slug="region-4")
    assert (region.identifier, region.division_id) == (
        "senate.region-4.2024-02-25",
        "ocd-division/country:kh/senate_region:4",
    )


def test_an_identifier_stays_the_same_when_an_editor_renames_the_record():
    takeo = Province.objects.get(slug="takeo")
    takeo.name = "Takeo Province"
    takeo.full_clean()
    takeo.save()
    takeo.refresh_from_db()
    assert (takeo.iso_code, takeo.division_id) == (
        "KH-21",
        "ocd-division/country:kh/province:kh-21",
    )
    ballot = Constituency.objects.get(election__slug="2023-national-assembly", slug="takeo")
    ballot.name = "Takeo (renamed)"
    ballot.full_clean()
    ballot.save()
    assert Constituency.objects.get(pk=ballot.pk).identifier == "na.kh-21.2023-07-23"


def test_a_party_or_election_keeps_its_identifiers_in_the_exports_when_renamed():
    party = Party.objects.get(slug="funcinpec")
    party.name = "Royalist Party (renamed)"
    party.save()
    election = Election.objects.get(slug="2023-national-assembly")
    election.name = "Seventh National Assembly election"
    election.slug = "seventh-national-assembly"
    election.full_clean()
    election.save()
    report = nist.election_report(election)
    assert report["ExternalIdentifier"][0]["Value"] == "na.2023-07-23"
    assert any(p["@id"] == "par-funcinpec" for p in report["Party"])
    organisations = {o["id"]: o for o in popolo.popolo("http://testserver")["organizations"]}
    assert organisations["party/funcinpec"]["name"] == "Royalist Party (renamed)"


def test_an_editor_cannot_change_a_published_identifier():
    election = Election.objects.get(slug="2024-senate")
    election.identifier = "senate.2024-02-26"
    with pytest.raises(ValidationError, match="never change once published"):
        election.full_clean()
    province = Province.objects.get(slug="kep")
    province.iso_code = "KH-7"
    with pytest.raises(ValidationError, match="never change once published"):
        province.full_clean()


def test_a_new_ballot_is_given_its_identifier_when_first_validated():
    election = Election.objects.get(slug="2024-senate")
    region = Constituency(
        election=election, slug="region-9", name="Region 9", seats=3, source=election.source
    )
    region.section = "test"
    region.full_clean()
    assert region.identifier == "senate.region-9.2024-02-25"
    assert region.division_id == "ocd-division/country:kh/senate_region:9"


@pytest.mark.parametrize(
    "slug", ["2023-national-assembly", "2024-senate", "2023-communal-by-elections"]
)
def test_each_election_exports_valid_nist_results(slug):
    report = nist.election_report(Election.objects.get(slug=slug))
    jsonschema.Draft4Validator(NIST_SCHEMA).validate(report)


def test_nist_figures_read_back_equal_the_database_and_missing_stays_missing():
    election = Election.objects.get(slug="2023-national-assembly")
    report = json.loads(json.dumps(nist.election_report(election)))
    figures = {}
    for contest in report["Election"][0]["Contest"]:
        ballot = next(
            i["Value"] for i in contest["ExternalIdentifier"] if i.get("OtherType") == "ballot-id"
        )
        for selection in contest["ContestSelection"]:
            party = selection["PartyIds"][0].removeprefix("par-")
            for count in selection.get("VoteCounts", []):
                figures[(ballot, party, count["Type"])] = count["Count"]
    for result in ConstituencyResult.objects.filter(constituency__election=election).select_related(
        "constituency", "party"
    ):
        key = (result.constituency.identifier, result.party.slug)
        assert figures.get((*key, "seats")) == result.seats
        assert figures.get((*key, "total")) == result.votes  # None: no count written
    assert not any(kind == "total" for (_b, _p, kind) in figures)  # the source gives no votes
    assert report["Status"] == "unofficial-complete"
    assert "does not say whether these are preliminary or official" in report["Notes"]


def test_the_senate_export_is_preliminary_and_names_its_sources():
    report = nist.election_report(Election.objects.get(slug="2024-senate"))
    assert report["Status"] == "unofficial-complete"
    contest = report["Election"][0]["Contest"][0]
    assert any(
        i["Value"].startswith("source:senate2024-article") for i in contest["ExternalIdentifier"]
    )


def test_popolo_lists_leaders_and_mission_members_with_their_organisations():
    document = popolo.popolo("http://testserver")
    leaders = [m for m in document["memberships"] if m["role"] == "leader"]
    assert len(leaders) == Registration.objects.exclude(leader="").count()
    head = next(m for m in document["memberships"] if m["role"] == "head of mission")
    assert head["person_id"] == "person/shuhrat-sobirzoda"
    assert head["organization_id"] == "organisation/sco"
    names = {person["name"] for person in document["persons"]}
    assert set(MissionMember.objects.values_list("name", flat=True)) <= names
    assert {o["id"] for o in document["organizations"]} >= {
        f"party/{slug}" for slug in Party.objects.values_list("slug", flat=True)
    }


def test_the_data_package_validates_and_its_tables_match_the_database(tmp_path):
    write_dataset(tmp_path, site_url="http://testserver")
    report = validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    package = Package(tmp_path / "datapackage.json")
    assert package.licenses[0]["name"] == "CC-BY-4.0"
    counts = {resource.name: len(resource.read_rows()) for resource in package.resources}
    assert counts["constituency_results"] == ConstituencyResult.objects.count()
    assert counts["results"] == ConstituencyResult.objects.count()
    assert counts["ballots"] == Constituency.objects.count()
    rows = package.get_resource("ballots").read_rows()
    phnom_penh = next(r for r in rows if r["ballot_id"] == "na.kh-12.2023-07-23")
    assert phnom_penh["province_iso_code"] == "KH-12"
    assert (tmp_path / "nist" / "2024-senate.json").exists()
    assert (tmp_path / "CITATION.cff").read_text().startswith("cff-version: 1.2.0")


def test_a_column_added_without_its_field_fails_validation(tmp_path):
    write_dataset(tmp_path, site_url="http://testserver")
    path = tmp_path / "results" / "registered_voters.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join([lines[0] + ",extra", *(line + ",x" for line in lines[1:])]) + "\n")
    assert not validate(tmp_path / "datapackage.json").valid


def test_the_data_page_lists_every_download_with_licence_version_and_citation(client):
    page = client.get("/data/").content.decode()
    for link in (
        "/data/cambodia-elections-data.zip",
        "/data/datapackage.json",
        "/data/nist/2023-national-assembly.json",
        "/data/popolo.json",
        "/data/CITATION.cff",
        "/data/tables/results.csv",
        "/data/results/constituency_results.json",
    ):
        assert f'href="{link}"' in page
    assert "CC BY 4.0" in page
    assert "ocd-division/country:kh/province:kh-12" in page
    assert '"@type": "Dataset"' in page
    assert "[Data set]" in page


@pytest.mark.parametrize(
    ("path", "content_type", "says"),
    [
        ("/data/datapackage.json", "application/json", '"name": "cambodia-elections"'),
        ("/data/nist/2024-senate.json", "application/json", "ElectionResults.ElectionReport"),
        ("/data/popolo.json", "application/json", '"memberships"'),
        ("/data/CITATION.cff", "text/plain", "type: dataset"),
        ("/data/tables/ballots.csv", "text/csv", "na.kh-12.2023-07-23"),
        ("/data/results/provinces.json", "application/json", '"iso_code": "KH-12"'),
    ],
)
def test_each_download_answers_in_its_format(client, path, content_type, says):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert says in response.content.decode()


def test_unknown_downloads_are_404(client):
    for path in (
        "/data/nist/no-such-election.json",
        "/data/results/nothing.csv",
        "/data/tables/x.json",
    ):
        assert client.get(path).status_code == 404


def test_the_api_carries_identifiers_and_the_result_status(client):
    data = client.get("/api/v1/elections/2023-national-assembly/").json()
    assert data["id"] == "na.2023-07-23"
    assert data["result_status"]["status"] == "not_stated"
    assert data["result_status"]["official_on"] == "2023-08-04"
    phnom_penh = next(c for c in data["constituencies"] if c["slug"] == "phnom-penh")
    assert phnom_penh["id"] == "na.kh-12.2023-07-23"
    assert phnom_penh["province_iso_codes"] == ["KH-12"]


def test_the_election_page_says_which_release_its_results_are(client):
    page = client.get("/elections/2023-national-assembly/").content.decode()
    assert "Not stated: the source does not say which release its figures come from." in page
    assert "Official results were published on 4 August 2023." in page
    senate = client.get("/elections/2024-senate/").content.decode()
    assert "Preliminary results (the source gives no date)." in senate


def test_the_about_page_and_every_footer_link_the_data_page(client):
    assert 'href="/data/"' in client.get("/about/").content.decode()
    footer = client.get("/parties/").content.decode().split('<footer class="site-footer">')[1]
    assert 'href="/data/"' in footer


def test_the_data_page_reads_a_fixed_number_of_queries(client, django_assert_num_queries):
    # The data's versions (one query over every history table) and the elections; the
    # tidy tables' rows are read only when one is downloaded.
    with django_assert_num_queries(2):
        client.get("/data/")
    with django_assert_num_queries(2):  # datapackage.json: the versions and the sources
        client.get("/data/datapackage.json")
