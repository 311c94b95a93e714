"""The two editions: Khmer under /km/, English at the addresses it always had."""

import re

import pytest
from django.urls import reverse

from electionsite.sitemaps import SITEMAPS

pytestmark = pytest.mark.django_db

KHMER_SCRIPT = re.compile("[\u1780-\u17ff]")

# One page of each type, at its English address (as cited before the Khmer edition).
ENGLISH_PAGES = [
    "/",
    "/elections/",
    "/elections/2023-national-assembly/",
    "/elections/2023-national-assembly/timeline/",
    "/elections/2024-senate/region-4/",
    "/provinces/",
    "/provinces/takeo/",
    "/parties/funcinpec/",
    "/registered-voters/",
    "/consistency/",
    "/sources/",
    "/observers/",
    "/observers/compare/",
    "/observers/reactions/",
    "/observers/statements/sco-observer-mission/",
    "/observers/organisations/anfrel/",
    "/observers/topics/election-commission/",
    "/about/",
    "/data/",
    "/api/",
    "/changes/",
    "/search/?q=takeo",
]


def without_switcher(html: str) -> str:
    return re.sub(r'<nav class="languages".*?</nav>', "", html, flags=re.S)


@pytest.mark.parametrize("path", ENGLISH_PAGES)
def test_every_english_address_still_answers_in_english(client, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert response["Content-Language"] == "en"
    # Khmer script appears only in the switcher's name for the Khmer edition, and in what
    # is marked as Khmer: the change log's record of a Khmer column (`label_km`).
    marked_khmer = re.compile(r'<(ins|del) lang="km">[^<]*</\1>')
    assert not KHMER_SCRIPT.search(marked_khmer.sub("", without_switcher(html)))


@pytest.mark.parametrize("path", ENGLISH_PAGES)
def test_every_page_has_a_khmer_twin(client, path):
    response = client.get(f"/km{path}")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="km">' in html
    assert response["Content-Language"] == "km"


def test_an_english_address_is_never_redirected_whatever_the_browser_or_cookie_asks(client):
    client.cookies["django_language"] = "km"
    response = client.get("/provinces/takeo/", HTTP_ACCEPT_LANGUAGE="km")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([a-zA-Z-]+)" href="([^"]+)">', html))


def test_each_page_names_its_translation_and_the_switcher_goes_to_it(client):
    english = client.get("/provinces/takeo/").content.decode()
    assert alternates(english) == {
        "en": "http://testserver/provinces/takeo/",
        "km": "http://testserver/km/provinces/takeo/",
        "x-default": "http://testserver/provinces/takeo/",
    }
    khmer = client.get("/km/provinces/takeo/").content.decode()
    assert alternates(khmer) == alternates(english)
    switcher = re.search(r'<nav class="languages".*?</nav>', khmer, re.S).group()
    assert 'href="/language/en/?next=/km/provinces/takeo/"' in switcher
    assert '<span aria-current="true" lang="km">ខ្មែរ</span>' in switcher


def test_the_switcher_remembers_the_choice_and_keeps_the_query(client):
    response = client.get("/language/km/", {"next": "/search/?q=takeo"})
    assert response.status_code == 302
    assert response["Location"] == "/km/search/?q=takeo"
    assert response.cookies["django_language"].value == "km"
    assert "no-store" in response["Cache-Control"]
    back = client.get("/language/en/", {"next": "/km/parties/funcinpec/"})
    assert back["Location"] == "/parties/funcinpec/"
    assert back.cookies["django_language"].value == "en"


@pytest.mark.parametrize("destination", ["https://example.com/", "//example.com/", "javascript:x"])
def test_the_switcher_goes_nowhere_but_this_site(client, destination):
    response = client.get("/language/km/", {"next": destination})
    assert response["Location"] == "/km/"


def test_an_unknown_language_in_the_switcher_falls_back_to_english(client):
    response = client.get("/language/xx/", {"next": "/km/provinces/"})
    assert response["Location"] == "/provinces/"


def test_a_missing_khmer_page_is_a_khmer_404(client):
    response = client.get("/km/provinces/no-such-province/")
    assert response.status_code == 404
    assert '<html lang="km">' in response.content.decode()


def test_the_sitemap_lists_both_editions_as_alternates(client):
    xml = client.get(reverse("sitemap")).content.decode()
    assert "<loc>http://testserver/provinces/takeo/</loc>" in xml
    assert "<loc>http://testserver/km/provinces/takeo/</loc>" in xml
    assert 'hreflang="km" href="http://testserver/km/provinces/takeo/"' in xml
    assert all(sitemap.i18n for sitemap in SITEMAPS.values())


def test_downloads_and_the_api_keep_one_address(client):
    assert client.get("/km/api/v1/elections/").status_code == 404
    assert client.get("/km/data/datapackage.json").status_code == 404
    assert client.get("/api/v1/elections/").status_code == 200


def test_the_page_cache_and_etag_keep_the_editions_apart(client, django_assert_num_queries):
    english = client.get("/provinces/takeo/")
    khmer = client.get("/km/provinces/takeo/")
    with django_assert_num_queries(0):
        english_again = client.get("/provinces/takeo/")
        khmer_again = client.get("/km/provinces/takeo/")
    assert english_again.content == english.content
    assert khmer_again.content == khmer.content
    assert '<html lang="km">' in khmer_again.content.decode()
    assert english["ETag"] != khmer["ETag"]
    # The English page's validator does not make the Khmer page "not modified".
    conditional = client.get("/km/provinces/takeo/", HTTP_IF_NONE_MATCH=english["ETag"])
    assert conditional.status_code == 200


def test_a_khmer_page_runs_no_more_queries_than_its_english_twin(
    client, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for path in ("/elections/2023-national-assembly/", "/km/elections/2023-national-assembly/"):
        with CaptureQueriesContext(connection) as queries:
            client.get(path, HTTP_CACHE_CONTROL="no-cache")
        counts[path] = len(queries)
    assert (
        counts["/km/elections/2023-national-assembly/"]
        <= counts["/elections/2023-national-assembly/"]
    )
