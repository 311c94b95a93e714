"""What a reader who reads only Khmer finds on each page type: Khmer headings, names,
summaries built from the data, and figures in Khmer digits."""

import re
from html.parser import HTMLParser

import pytest

from tests.e2e.support import ENGLISH_PAGE_PATHS
from tests.test_pages import text

pytestmark = pytest.mark.django_db


# One Khmer page of each type, and what it must say (a phrase of its own, in Khmer).
KHMER_PAGES = {
    "/km/": ["ការបោះឆ្នោតនៅកម្ពុជា"],
    "/km/elections/": ["ការបោះឆ្នោតជ្រើសតាំងសមាជិកព្រឹទ្ធសភាឆ្នាំ២០២៤"],
    # The headline result and turnout, from the data.
    "/km/elections/2023-national-assembly/": ["ទទួលបានអាសនៈទាំង ១២៥", "៨៤,៥៩%"],
    # The confidence vote: votes in favour out of the members.
    "/km/elections/2023-national-assembly/timeline/": ["សមាជិក ១២៣ រូប", "សមាជិកសរុប ១២៥ រូប"],
    # How many parties were on the ballot and how many were disqualified.
    "/km/elections/2023-national-assembly/parties/": ["គណបក្ស ១៨ បាននៅលើសន្លឹកឆ្នោត"],
    "/km/elections/2023-national-assembly/figures/": ["៨៣,០២%"],
    "/km/elections/2024-senate/region-4/": ["ភូមិភាគទី៤", "បាត់ដំបង"],
    "/km/elections/2023-national-assembly/takeo/": ["តាកែវ"],
    "/km/provinces/": ["៨ ភូមិភាគ", "ត្បូងឃ្មុំ"],
    # A province's Khmer name (from the Ministry of Economy and Finance list) and its winners.
    "/km/provinces/takeo/": ["តាកែវ", "មានសមាជិកជាប់ឆ្នោត ៩ រូប", "ភូមិភាគទី៥"],
    # FUNCINPEC's five provinces, in Khmer.
    "/km/parties/funcinpec/": ["ទទួលបាន ៥ អាសនៈ", "កណ្ដាល", "កំពង់ចាម"],
    "/km/registered-voters/": ["៩.៧១០.៦៤៥"],
    "/km/consistency/": ["ចំណុចដែលប្រភពខុសគ្នា"],
    "/km/sources/": ["ប្រភព"],
    # Who assessed the election and what each concluded.
    "/km/observers/": ["ការវាយតម្លៃចំនួន ៤", "បានរិះគន់ការបោះឆ្នោតនេះ"],
    # A translated stance label.
    "/km/observers/compare/": ["មានការព្រួយបារម្ភ", "វិជ្ជមាន"],
    "/km/observers/reactions/": ["ប្រតិកម្មចំនួន ២៦"],
    "/km/observers/figures/": ["តួលេខអ្នកសង្កេតការណ៍"],
    "/km/observers/topics/election-commission/": ["ឯករាជ្យពីគណបក្សកាន់អំណាច"],
    "/km/observers/statements/sco-observer-mission/": ["ការិយាល័យបោះឆ្នោតចំនួន ៦៨"],
    "/km/observers/organisations/anfrel/": ["ប្រភេទ"],
    "/km/api/": ["ទិន្នន័យបើកចំហ"],
    "/km/data/": ["ទាញយក"],
    "/km/changes/": ["កំណត់ត្រាការកែប្រែ"],
    "/km/about/": ["អំពីគេហទំព័រនេះ"],
}


@pytest.mark.parametrize("path", KHMER_PAGES)
def test_each_khmer_page_says_its_answer_in_khmer(client, path):
    response = client.get(path)
    assert response.status_code == 200
    page = text(response)
    for phrase in KHMER_PAGES[path]:
        assert phrase in page, f"{phrase!r} not on {path}"


# Khmer digits belong in text, never in markup that a browser reads as a number or an
# address: <h២> is no heading, colspan="២" no span.
KHMER_DIGIT = "[\u17e0-\u17e9]"
MARKUP_WITH_KHMER_DIGITS = re.compile(
    rf"</?[a-z]*{KHMER_DIGIT}|\b(?:colspan|rowspan|width|height|value|min|max|maxlength|step|"
    rf'start|tabindex|datetime|href|src|id|for|headers)="[^"]*{KHMER_DIGIT}'
)


@pytest.mark.parametrize("path", KHMER_PAGES)
def test_khmer_digits_stay_out_of_the_markup(client, path):
    html = client.get(path).content.decode()
    assert not MARKUP_WITH_KHMER_DIGITS.findall(html)


def test_disqualified_parties_and_why_in_khmer(client):
    html = client.get("/km/elections/2023-national-assembly/parties/").content.decode()
    assert "បានបដិសេធការចុះបញ្ជីរបស់គណបក្សនេះ" in html
    assert "ក្រុមប្រឹក្សាធម្មនុញ្ញបានតម្កល់សេចក្តីសម្រេចនេះ" in html


def test_a_name_no_source_gives_in_khmer_stays_latin_and_marked_english(client):
    html = client.get("/km/parties/funcinpec/").content.decode()
    heading = re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)
    assert '<span lang="en">FUNCINPEC</span>' in heading
    assert "untranslated" not in heading


@pytest.mark.parametrize(
    "path, names",
    [
        ("/km/elections/2023-national-assembly/", ["Cambodian People&#x27;s Party", "FUNCINPEC"]),
        ("/km/provinces/takeo/", ["CPP"]),
        ("/km/parties/funcinpec/", ["FUNCINPEC"]),
    ],
)
def test_english_names_in_khmer_summaries_are_marked_english(client, path, names):
    html = client.get(path).content.decode()
    prose = re.search(r'<p class="lede summary">(.*?)</p>', html, re.S).group(1)
    for name in names:
        assert f'<span lang="en">{name}</span>' in prose
    # What is left outside the marks is Khmer.
    assert not re.search(r"[A-Za-z]{2}", re.sub(r"<span lang=\"en\">.*?</span>|<[^>]+>", "", prose))


def test_a_khmer_page_cites_itself_in_khmer_first(client):
    html = client.get("/km/provinces/takeo/").content.decode()
    apa = re.search(r'<p class="cite__apa"[^>]*>(.*?)</p>', html, re.S).group(1)
    assert "ទាញយកនៅថ្ងៃទី" in apa and "/km/provinces/takeo/" in apa


def test_a_khmer_search_leads_to_khmer_pages(client):
    from electionsite.search import rebuild_index

    rebuild_index()
    html = client.get("/km/search/", {"q": "តាកែវ"}).content.decode()
    assert 'href="/km/provinces/takeo/"' in html
    assert 'href="/provinces/takeo/"' not in html


@pytest.mark.parametrize(
    "path",
    [
        "/km/elections/2023-national-assembly/",
        "/km/elections/2024-senate/",
        "/km/registered-voters/",
    ],
)
def test_column_headers_are_in_khmer(client, path):
    html = client.get(path).content.decode()
    headers = re.findall(r'<th scope="col"[^>]*>(?:<a [^>]*>)?([^<]*)', html)
    assert headers
    english = {"Party", "Status", "Votes", "Year", "Source", "Seats won", "Constituency"}
    assert not english & {header.strip() for header in headers}


class _UnmarkedLatin(HTMLParser):
    """Text in Latin script outside any element marked lang="en": English a screen reader
    would read with Khmer rules, in a font chosen for Khmer."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}
    # Not prose: code and data, the drawing (an SVG <title> holds no markup; the key beside
    # each map says the same, marked), and citations, each one string to copy whole.
    SKIPPED = {"script", "style", "pre", "code", "head", "svg", "textarea"}
    # Names of formats and standards, and of the seat-allocation method, which Khmer
    # writes in Latin script too.
    NEUTRAL = re.compile(
        r"\b(?:CSV|JSON|XLSX|ZIP|API|APA|MLA|Chicago|BibTeX|ISO|CC BY|Atom)\b|D['’]Hondt"
        r"|https?://\S+"
    )
    LATIN = re.compile(r"[A-Za-z]{2,}")

    def __init__(self):
        super().__init__()
        self.open: list[tuple[str, str | None, bool]] = []
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            attributes = dict(attrs)
            citation = "cite__apa" in (attributes.get("class") or "")
            self.open.append((tag, attributes.get("lang"), citation))

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                return

    def handle_data(self, data):
        if any(tag in self.SKIPPED or citation for tag, _lang, citation in self.open):
            return
        language = next((lang for _tag, lang, _c in reversed(self.open) if lang), None)
        if language != "en" and self.LATIN.search(self.NEUTRAL.sub("", data)):
            self.found.append(data.strip())


@pytest.mark.parametrize(
    "url",
    [f"/km{path}" for path in ENGLISH_PAGE_PATHS],
)
def test_english_left_on_a_khmer_page_is_marked_as_english(client, url):
    scan = _UnmarkedLatin()
    scan.feed(client.get(url).content.decode())
    assert scan.found == []


def test_english_words_in_translated_markup_are_marked_but_not_code_or_addresses():
    from django.utils import translation

    from results.templatetags.translated import english_runs_marked

    html = (
        '<p>កញ្ចប់ Frictionless &amp; ឯកសារ <code>popolo.json</code>, <span lang="en">SCO</span>'
        " កំណែ 20261204T191724Z https://example.org/km/data/ ទម្រង់ NIST's</p>"
    )
    with translation.override("km"):
        marked = english_runs_marked(html)
    assert marked == (
        '<p>កញ្ចប់ <span lang="en">Frictionless</span> &amp; ឯកសារ <code>popolo.json</code>, '
        '<span lang="en">SCO</span> កំណែ 20261204T191724Z https://example.org/km/data/ ទម្រង់ '
        '<span lang="en">NIST&#x27;s</span></p>'
    )
    with translation.override("en"):
        assert english_runs_marked(html) == html
