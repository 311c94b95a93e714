"""What a reader finds with the search box, on the page and in the API."""

from types import SimpleNamespace

import pytest
from django.utils import translation

from electionsite.search import (
    clean_query,
    highlight,
    normalise,
    other_languages,
    rebuild_index,
    search,
)
from results.models import Party, Province, ProvinceAlias

pytestmark = pytest.mark.django_db


def first_hit(query: str):
    results = search(query)
    assert results.groups, f"{query!r} found nothing"
    return results.groups[0].hits[0]


@pytest.mark.parametrize(
    ("query", "title", "url"),
    [
        ("takeo", "Takéo", "/provinces/takeo/"),
        ("kratie", "Kratié", "/provinces/kratie/"),
        ("KRATIÉ", "Kratié", "/provinces/kratie/"),
        ("Tbong Khmum", "Tboung Khmum", "/provinces/tboung-khmum/"),
        ("Funcinpec", "FUNCINPEC", "/parties/funcinpec/"),
        ("Hun Manet", "Hun Manet", "/elections/2023-national-assembly/#facts"),
        ("election commission", "Election administration", "/observers/topics/"),
        ("Shuhrat", "Shuhrat Sobirzoda", "/observers/statements/sco-observer-mission/#members"),
    ],
)
def test_a_name_or_known_spelling_finds_its_record_first(query, title, url):
    hit = first_hit(query)
    assert hit.title == title
    assert hit.url.startswith(url)


def test_the_results_page_groups_hits_by_kind_and_marks_the_match(client):
    page = client.get("/search/", {"q": "Hun Manet"}).content.decode()
    assert '<h2 id="results-person">People' in page
    assert '<h2 id="results-event">Timeline events' in page
    assert page.index("results-person") < page.index("results-election")
    assert "<mark>Hun Manet</mark>" in page
    assert '<meta name="robots" content="noindex">' in page


def test_a_khmer_name_and_part_of_it_find_the_province():
    """Khmer is written without spaces: a part of a word must find it, in Khmer script."""
    phnom_penh = Province.objects.get(slug="phnom-penh")
    ProvinceAlias.objects.create(province=phnom_penh, name="រាជធានីភ្នំពេញ")
    rebuild_index()
    assert normalise("រាជធានីភ្នំពេញ") == "រាជធានីភ្នំពេញ"  # never folded to ASCII
    for query in ("រាជធានីភ្នំពេញ", "ភ្នំពេញ", "ភ្នំ"):
        assert first_hit(query).url == "/provinces/phnom-penh/"


def test_khmer_look_alike_and_invisible_characters_are_matched_as_one():
    # U+17A3 is a deprecated form of U+17A2; a zero-width space often separates Khmer words;
    # a subscript DA and a subscript TA look the same.
    assert normalise("\u17a3\u200bក") == normalise("\u17a2ក")
    assert normalise("ឧត្ដរមានជ័យ") == normalise("ឧត្តរមានជ័យ")
    assert normalise("Kratie\u0301") == normalise("KRATIÉ") == "kratie"


def test_translated_names_are_indexed_once_a_translation_library_keeps_them(settings):
    province = SimpleNamespace(name="Takéo", name_en="Takéo", name_km="តាកែវ")
    settings.USE_I18N = True
    settings.LANGUAGES = [("en", "English"), ("km", "Khmer")]
    assert other_languages(province, "name") == ("Takéo", "តាកែវ")
    settings.USE_I18N = False
    assert other_languages(province, "name") == ()


def test_an_edit_is_found_by_the_next_search(django_capture_on_commit_callbacks):
    party = Party.objects.get(slug="funcinpec")
    with django_capture_on_commit_callbacks(execute=True):
        party.name = "Royalist Front Renamed"
        party.save()
    assert first_hit("royalist front").url == "/parties/funcinpec/"
    assert not search("Zzyzx").groups


def test_a_hostile_query_is_escaped_everywhere(client):
    response = client.get("/search/", {"q": '<script>alert("x")</script>'})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page
    assert highlight("a <b>Takéo</b> & co", ["takeo"]) == (
        "a &lt;b&gt;<mark>Takéo</mark>&lt;/b&gt; &amp; co"
    )


@pytest.mark.parametrize(
    ("query", "status", "says"),
    [
        ("", 200, "Search names and texts in English or Khmer"),
        ("   ", 200, "Search names and texts in English or Khmer"),
        ("x" * 101, 400, "limited to 100 characters"),
        ("\x00\x07takeo\x1b", 200, "Takéo"),
        ("%ED%A0%80takeo%FF", 200, "Takéo"),  # a lone surrogate and a stray byte, raw
        ("\u202e\u0301\u0301", 200, "Nothing matches"),
        ("ZZZ no such thing", 200, "Nothing matches"),
    ],
)
def test_odd_queries_get_a_clear_page(client, query, status, says):
    raw = "%" in query
    response = client.get(f"/search/?q={query}") if raw else client.get("/search/", {"q": query})
    assert response.status_code == status
    assert says in response.content.decode()


def test_a_query_is_capped_and_cleaned_of_control_characters():
    assert clean_query("  take\x00o\n ") == "take o"
    with pytest.raises(ValueError):
        clean_query("a" * 101)


def test_the_api_gives_the_same_results_grouped_the_same_way(client):
    data = client.get("/api/v1/search/", {"q": "Hun Manet"}).json()
    page = search("Hun Manet")
    assert data["total"] == page.total
    assert [group["kind"] for group in data["groups"]] == [group.kind for group in page.groups]
    first = data["groups"][0]["results"][0]
    assert first["title"] == "Hun Manet"
    assert first["url"] == "http://testserver/elections/2023-national-assembly/#facts"
    assert client.get("/api/v1/search/").status_code == 400
    assert client.get("/api/v1/search/", {"q": "takeo", "x": "1"}).status_code == 400
    assert client.get("/api/v1/search/", {"q": "y" * 101}).json()["status"] == 400


def test_search_costs_a_fixed_number_of_queries(client, django_assert_num_queries):
    for query in ("takeo", "Hun Manet", "party"):
        with django_assert_num_queries(2):
            client.get("/search/", {"q": query})


def test_every_page_has_the_search_box_and_the_browser_search_link(client):
    page = client.get("/parties/").content.decode()
    assert (
        '<form class="site-search" role="search" aria-label="Site search" action="/search/"' in page
    )
    assert 'rel="search" type="application/opensearchdescription+xml"' in page
    description = client.get("/opensearch.xml")
    assert description["Content-Type"].startswith("application/opensearchdescription+xml")
    assert 'template="http://testserver/search/?q={searchTerms}"' in description.content.decode()


def test_the_home_page_province_picker_goes_straight_to_the_province(client):
    page = client.get("/").content.decode()
    assert page.count("<option value=") == Province.objects.count()
    assert '<option value="takeo">Takéo</option>' in page
    response = client.get("/provinces/", {"province": "takeo"})
    assert response.status_code == 302
    assert response["Location"] == "/provinces/takeo/"
    assert client.get("/provinces/", {"province": "atlantis"}).status_code == 200


def test_a_khmer_search_shows_khmer_titles_and_leads_to_khmer_pages():
    rebuild_index()
    with translation.override("km"):
        hit = first_hit("takeo")
    assert (hit.title, hit.url) == ("តាកែវ", "/km/provinces/takeo/")
    assert first_hit("takeo").title == "Takéo"  # the English index is unchanged


def test_a_khmer_results_page_marks_the_english_it_shows(client):
    rebuild_index()
    page = client.get("/km/search/", {"q": "Hun Manet"}).content.decode()
    assert 'សម្រាប់ “<span lang="en">Hun Manet</span>”' in page  # the reader's own words
    assert '<mark><span lang="en">Hun Manet</span></mark>' in page
    assert '<span lang="en">Cambodian People&#x27;s Party</span>' in page
    assert "២២ សីហា ២០២៣" in page  # the confidence vote's date, in Khmer digits


@pytest.mark.parametrize("query", ["takeo", "តាកែវ", "hun manet", "funcinpec"])
def test_both_editions_find_the_same_records_whatever_the_script_of_the_query(query):
    rebuild_index()

    def found(language):
        with translation.override(language):
            hits = [hit for group in search(query).groups for hit in group.hits]
        return sorted(hit.url.removeprefix("/km") for hit in hits)

    assert found("en") == found("km")
    assert found("en")
