"""The API, the whole-data download and its round trip, sitemap, robots and feed."""

import csv
import io
import zipfile

import pytest
from django.core.management import call_command

from observers import services as observer_data
from observers.models import Statement
from results import services as results_data
from results.models import ConstituencyResult, Party
from results.versions import DESCRIPTION_LENGTH, short_description

pytestmark = pytest.mark.django_db

API_BUDGETS = {
    "/api/v1/": 0,
    "/api/v1/elections/": 3,
    "/api/v1/elections/2024-senate/": 6,
    "/api/v1/constituencies/?election=2024-senate": 6,
    "/api/v1/parties/": 3,
    "/api/v1/parties/funcinpec/": 2,
    "/api/v1/statements/": 3,
    "/api/v1/statements/sco-observer-mission/": 4,
    "/api/v1/organisations/": 2,
}


@pytest.mark.parametrize(("url", "budget"), API_BUDGETS.items())
def test_api_answers_json_within_a_fixed_query_budget(
    client, django_assert_max_num_queries, url, budget
):
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_api_objects_carry_their_permalinks(client):
    data = client.get("/api/v1/elections/2024-senate/").json()
    assert data["url"] == "http://testserver/elections/2024-senate/"
    region = next(c for c in data["constituencies"] if c["slug"] == "region-4")
    cpp = next(r for r in region["results"] if r["party"] == "cambodian-peoples-party")
    assert (cpp["votes"], cpp["percent"], cpp["seats"]) == (1191, "77.95", 9)
    statement = client.get("/api/v1/statements/sco-observer-mission/").json()
    finding = next(f for f in statement["findings"] if f["topic"] == "election-day-conduct")
    assert finding["url"].endswith(
        "/observers/statements/sco-observer-mission/#election-day-conduct"
    )


def test_api_lists_are_paginated(client):
    data = client.get("/api/v1/parties/?page_size=10&page=2").json()
    assert data["count"] == Party.objects.count()
    assert data["page"] == 2 and len(data["results"]) == 10
    assert data["previous"].endswith("page=1")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/api/v1/parties/?page=0", "page must be a whole number"),
        ("/api/v1/parties/?page=abc", "page must be a whole number"),
        ("/api/v1/parties/?page=999", "does not exist"),
        ("/api/v1/parties/?page_size=1000", "at most 100"),
        ("/api/v1/statements/?verdict=glowing", "Unknown verdict"),
        ("/api/v1/statements/?election=2099-mars", "Unknown election"),
        ("/api/v1/elections/?colour=red", "Unknown parameter"),
    ],
)
def test_api_answers_a_bad_parameter_with_a_json_400(client, url, message):
    response = client.get(url)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_api_unknown_object_is_a_json_404(client):
    response = client.get("/api/v1/parties/no-such-party/")
    assert response.status_code == 404
    assert response.json()["error"] == "No such object."


def _read_dir(path):
    return {
        p.relative_to(path).as_posix(): p.read_text(encoding="utf-8") for p in path.rglob("*.csv")
    }


def test_export_then_load_into_an_empty_database_gives_back_the_same_data(tmp_path):
    first = tmp_path / "first"
    call_command("export_data", out=first, verbosity=0)
    for spec in reversed((*results_data.DATA_FILES, *observer_data.DATA_FILES)):
        spec.model.objects.all().delete()
        spec.model.history.all().delete()
    for model in (ConstituencyResult, Party, Statement):
        assert not model.objects.exists()

    results_data.election_data_load(data_dir=first / "results")
    observer_data.observer_data_load(data_dir=first / "observers")
    second = tmp_path / "second"
    call_command("export_data", out=second, verbosity=0)

    assert _read_dir(first) == _read_dir(second)  # the tidy tables under tables/ too
    loader_files = [
        name
        for name in _read_dir(first)
        if not name.startswith("tables/") and not name.endswith("manifest.csv")
    ]
    assert len(loader_files) == len(results_data.DATA_FILES) + len(observer_data.DATA_FILES)


def test_the_whole_data_set_downloads_as_a_zip_of_the_loaders_files(client):
    response = client.get("/data/cambodia-elections-data.zip")
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    rows = list(
        csv.DictReader(io.StringIO(archive.read("results/constituency_results.csv").decode()))
    )
    takeo = [
        r for r in rows if r["constituency"] == "Takéo" and r["party"] == "Cambodian People's Party"
    ]
    assert takeo[0]["seats"] == "8"
    assert "observers/findings.csv" in archive.namelist()


def test_the_download_holds_byte_for_byte_the_files_the_loader_reads(client):
    archive = zipfile.ZipFile(io.BytesIO(client.get("/data/cambodia-elections-data.zip").content))
    repository = {
        f"{app}/{path.name}": path.read_bytes()
        for app, data_dir in (
            ("results", results_data.DATA_DIR),
            ("observers", observer_data.DATA_DIR),
        )
        for path in data_dir.glob("*.csv")
    }
    # The loaders' files; the standard formats beside them (datapackage.json, nist/, ...)
    # are tested in test_standard_formats.py.
    downloaded = {
        name: archive.read(name)
        for name in archive.namelist()
        if name.startswith(("results/", "observers/"))
    }
    assert sorted(downloaded) == sorted(repository)
    for name, content in repository.items():
        assert downloaded[name] == content, name


def test_sitemap_lists_every_kind_of_public_page(client):
    xml = client.get("/sitemap.xml").content.decode()
    for path in (
        "/elections/2024-senate/region-4/",
        "/provinces/kampong-cham/",
        "/parties/funcinpec/",
        "/observers/statements/sco-observer-mission/",
        "/observers/organisations/anfrel/",
        "/observers/topics/media-freedom/",
        "/observers/compare/",
    ):
        assert f"http://testserver{path}" in xml


def test_a_record_added_later_is_in_the_sitemap_and_keys_it(
    client, django_capture_on_commit_callbacks
):
    client.get("/sitemap.xml")
    with django_capture_on_commit_callbacks(execute=True):
        party = Party.objects.create(slug="new-party", name="New Party")
    response = client.get("/sitemap.xml")
    assert "http://testserver/parties/new-party/" in response.content.decode()
    assert f"party-{party.pk}" in response["xkey"].split()


def test_robots_points_to_the_sitemap(client):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_statement_feed_is_atom_with_the_latest_change_first(client):
    statement = Statement.objects.get(slug="reaction-canada")
    statement.summary = "Corrected summary."
    statement.save()
    body = client.get("/observers/feed/").content.decode()
    assert 'xmlns="http://www.w3.org/2005/Atom"' in body
    first_entry = body[body.index("<entry>") :]
    assert "Canada" in first_entry[: first_entry.index("</entry>")]


def test_pages_carry_open_graph_tags_and_linked_data(client):
    html = client.get("/elections/2024-senate/").content.decode()
    assert '<meta property="og:title" content="2024 Senate election">' in html
    # The headline result, in the first sentence of the page's summary.
    assert (
        '<meta name="description" content="In the 2024 Senate election, Cambodian People&#x27;s '
        'Party (55) and Khmer Will Party (3) won 58 of the 62 seats.">'
    ) in html
    assert "og:description" not in html  # readers fall back to the description: one copy
    assert '<script type="application/ld+json">{"@context": "https://schema.org"' in html
    assert '"url": "http://testserver/elections/2024-senate/"' in html


def test_linked_data_cannot_close_its_script_element(client):
    statement = Statement.objects.get(slug="sco-observer-mission")
    # The title, which the linked data names the page by (the summary is the meta
    # description's alone).
    statement.title = "</script><script>alert(1)</script>"
    statement.save()
    html = client.get("/observers/statements/sco-observer-mission/").content.decode()
    block = html[html.index('<script type="application/ld+json">') :]
    block = block[: block.index("</script>")]
    assert "\\u003c/script\\u003e" in block
    assert "<script>alert(1)" not in html


def test_a_description_is_its_texts_first_sentence_cut_at_a_word_if_still_long():
    assert short_description("One. Two.") == "One."
    assert short_description("ទីមួយ។ ទីពីរ។") == "ទីមួយ។"
    assert short_description("No end") == "No end"
    long = "word " * 60
    cut = short_description(long)
    assert cut.endswith("word…") and len(cut) <= DESCRIPTION_LENGTH + 1
