import shutil

import pytest

from results.models import (
    Constituency,
    ConstituencyResult,
    Party,
    Province,
    Registration,
    Source,
)
from results.services import DATA_DIR, DataFileError, election_data_load


@pytest.fixture
def data_copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _counts():
    return (
        Province.objects.count(),
        Party.objects.count(),
        Constituency.objects.count(),
        ConstituencyResult.objects.count(),
        Registration.objects.count(),
    )


@pytest.mark.django_db
def test_the_data_set_holds_both_elections_in_full():
    assert Province.objects.count() == 25
    assert Constituency.objects.filter(election__slug="2024-senate").count() == 8
    approved = Registration.objects.filter(
        election__slug="2023-national-assembly", status="approved"
    )
    assert approved.count() == 18
    disqualified = Registration.objects.filter(status="disqualified")
    assert {r.party.name for r in disqualified} == {
        "Candlelight Party",
        "Khmer United Great Nation Party",
    }
    assert Registration.objects.filter(election__slug="2024-senate").count() == 4


@pytest.mark.django_db
def test_loading_again_changes_nothing():
    before = _counts()
    election_data_load()
    assert _counts() == before


@pytest.mark.django_db
def test_spelling_variants_resolve_to_one_record():
    assert Province.objects.matching("Takeo").get().name == "Takéo"
    assert Province.objects.matching("Strung Treng").get().slug == "stung-treng"
    assert Province.objects.matching("Banteay Meachey").get().slug == "banteay-meanchey"
    party = Party.objects.matching("Women's Party for Women").get()
    assert party.name == "Women for Women Party"
    # FUNCINPEC and the CPP stand in both elections as one record each.
    cpp = Party.objects.get(abbreviation="CPP")
    assert set(cpp.registrations.values_list("election__slug", flat=True)) >= {
        "2023-national-assembly",
        "2024-senate",
    }


@pytest.mark.django_db
def test_senate_region_4_groups_five_provinces_spelled_as_the_source_spells_them():
    region = Constituency.objects.get(election__slug="2024-senate", slug="region-4")
    assert {p.slug for p in region.provinces.all()} == {
        "banteay-meanchey",
        "battambang",
        "siem-reap",
        "pailin",
        "oddar-meanchey",
    }


@pytest.mark.django_db
def test_a_malformed_row_stops_the_load_naming_file_line_and_problem(data_copy):
    path = data_copy / "constituency_results.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",6,na2023-article", ",-6,na2023-article")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # Change an earlier file too, so that a partial load would be visible.
    sources = data_copy / "sources.csv"
    sources.write_text(
        sources.read_text(encoding="utf-8").replace("(encyclopaedia article)", "(renamed)"),
        encoding="utf-8",
    )

    with pytest.raises(DataFileError) as error:
        election_data_load(data_dir=data_copy)

    assert "constituency_results.csv, line 2" in str(error.value)
    assert "seats" in str(error.value)
    assert not Source.objects.filter(title__contains="(renamed)").exists()
    assert ConstituencyResult.objects.filter(
        constituency__slug="banteay-meanchey", seats=6
    ).exists()


@pytest.mark.django_db
def test_an_unknown_party_is_named_in_the_error(data_copy):
    path = data_copy / "registrations.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Dharmacracy Party", "Imaginary Party"),
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match=r"registrations.csv, line 11: party: no party"):
        election_data_load(data_dir=data_copy)


@pytest.mark.django_db
def test_seats_above_the_constituency_allocation_are_refused(data_copy):
    path = data_copy / "constituency_results.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "Koh Kong,Cambodian People's Party,,,1,", "Koh Kong,Cambodian People's Party,,,4,"
        ),
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match="cannot exceed the constituency"):
        election_data_load(data_dir=data_copy)
