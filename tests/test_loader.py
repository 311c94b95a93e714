import csv
import shutil

import pytest
from django.apps import apps

from observers.services import observer_data_load
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


def _history_rows():
    return sum(
        model.history.count()
        for model in apps.get_models()
        if model._meta.app_label in {"results", "observers"} and hasattr(model, "history")
    )


@pytest.mark.django_db
def test_loading_again_adds_no_history():
    before = _history_rows()
    election_data_load()
    observer_data_load()
    assert _history_rows() == before


@pytest.mark.django_db
def test_a_file_not_in_utf8_is_refused_naming_the_file(data_copy):
    path = data_copy / "parties.csv"
    path.write_bytes(path.read_text(encoding="utf-8").replace("Party", "Partí").encode("latin-1"))
    with pytest.raises(
        DataFileError, match=r"^parties.csv: not UTF-8 text .*save the file as UTF-8"
    ):
        election_data_load(data_dir=data_copy)


@pytest.mark.django_db
def test_a_missing_column_is_refused_naming_the_file(data_copy):
    path = data_copy / "elections.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    columns = [c for c in rows[0] if c != "registered_voters"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(
        DataFileError, match=r"^elections.csv: missing column\(s\) registered_voters"
    ):
        election_data_load(data_dir=data_copy)


@pytest.mark.django_db
def test_a_file_cut_off_within_a_row_is_refused_naming_the_file_and_line(data_copy):
    path = data_copy / "constituency_results.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.rindex(",")] + "\n", encoding="utf-8")
    before = ConstituencyResult.objects.count()
    with pytest.raises(
        DataFileError, match=r"^constituency_results.csv, line \d+: too few cells; the file may"
    ):
        election_data_load(data_dir=data_copy)
    assert ConstituencyResult.objects.count() == before


@pytest.mark.django_db
def test_a_file_whose_last_line_does_not_end_is_refused_as_cut_off(data_copy):
    path = data_copy / "constituency_results.csv"
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n"), encoding="utf-8")
    with pytest.raises(
        DataFileError, match="^constituency_results.csv: the last line does not end"
    ):
        election_data_load(data_dir=data_copy)


@pytest.mark.django_db
def test_a_file_cut_off_after_a_whole_line_is_refused_by_its_row_count(data_copy):
    path = data_copy / "constituency_results.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-3]), encoding="utf-8")  # still valid CSV, three rows short
    before = ConstituencyResult.objects.count()
    with pytest.raises(
        DataFileError,
        match=r"^constituency_results.csv: \d+ rows, but manifest.csv says \d+; the file looks "
        r"cut off",
    ):
        election_data_load(data_dir=data_copy)
    assert ConstituencyResult.objects.count() == before


@pytest.mark.django_db
def test_the_manifest_must_count_every_file(data_copy):
    manifest = data_copy / "manifest.csv"
    manifest.write_text(
        "".join(
            line for line in manifest.read_text().splitlines(keepends=True) if "events" not in line
        )
    )
    with pytest.raises(DataFileError, match="^manifest.csv: it gives no row count for events.csv"):
        election_data_load(data_dir=data_copy)
