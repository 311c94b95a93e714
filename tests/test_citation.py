"""Citing pages: formats checked by hand, and version permalinks that keep old figures."""

import re
import time
from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import translation

from observers.models import Finding, Statement
from results.citation import Citable, apa, apa_khmer, bibtex, chicago, citations, mla
from results.models import ConstituencyResult, NationalResult
from tests.test_pages import text

CITABLE = Citable(
    title="2024 Senate election",
    url="https://example.org/elections/2024-senate/",
    version_url="https://example.org/elections/2024-senate/?as_of=2026-11-20T08:15:01Z",
    publisher="Cambodia Elections Record",
    updated=date(2026, 11, 20),
    accessed=date(2026, 11, 23),
)
VERSION = "https://example.org/elections/2024-senate/?as_of=2026-11-20T08:15:01Z"


def test_apa():
    assert apa(CITABLE) == (
        "Cambodia Elections Record. (2026, November 20). 2024 Senate election. "
        f"Retrieved November 23, 2026, from {VERSION}"
    )


def test_apa_in_khmer_on_khmer_pages_with_the_english_formats_after_it():
    with translation.override("km"):
        assert apa_khmer(CITABLE) == (
            "Cambodia Elections Record។ (២០២៦, ២០ វិច្ឆិកា)។ 2024 Senate election។ "
            f"ទាញយកនៅថ្ងៃទី ២៣ វិច្ឆិកា ២០២៦ ពី {VERSION}"
        )
        names = [name for name, _text in citations(CITABLE)]
    assert names == ["APA", "APA (ភាសាអង់គ្លេស)", "MLA", "Chicago", "BibTeX"]
    assert [name for name, _text in citations(CITABLE)][0:2] == ["APA", "MLA"]


def test_mla():
    assert mla(CITABLE) == (
        f"“2024 Senate election.” Cambodia Elections Record, 20 Nov. 2026, {VERSION}. "
        "Accessed 23 Nov. 2026."
    )


def test_chicago():
    assert chicago(CITABLE) == (
        "“2024 Senate election.” Cambodia Elections Record. Last modified November 20, 2026. "
        f"Accessed November 23, 2026. {VERSION}."
    )


def test_bibtex():
    assert bibtex(CITABLE) == "\n".join(
        [
            "@misc{elections-2024-senate-20261120,",
            "  title = {2024 Senate election},",
            "  author = {{Cambodia Elections Record}},",
            "  year = {2026},",
            "  month = nov,",
            f"  howpublished = {{\\url{{{VERSION}}}}},",
            "  note = {Last updated 2026-11-20; accessed 2026-11-23},",
            "}",
        ]
    )


def version_link(html: str) -> str:
    """The page's version permalink, once its moment has passed.

    A version stamp is the page's last change rounded up to the whole second, and a moment
    still to come reads as "now" (the current page); a test that changes the data within
    that second waits for it to pass, as any later reader would."""
    match = re.search(r'This version</dt><dd><a href="([^"]+)"', html)
    assert match, "no version permalink on the page"
    stamp = datetime.strptime(match.group(1).rsplit("as_of=", 1)[1], "%Y-%m-%dT%H:%M:%SZ")
    wait = (stamp.replace(tzinfo=UTC) - datetime.now(UTC)).total_seconds()
    if wait > 0:
        time.sleep(wait + 0.05)
    return match.group(1).replace("http://testserver", "")


def age_newest_history(record, seconds=10):
    """Move the newest history row forward, so that it falls after an earlier version."""
    newest = record.history.order_by("-history_date").first()
    type(newest).objects.filter(pk=newest.pk).update(
        history_date=newest.history_date + timedelta(seconds=seconds)
    )


@pytest.mark.django_db
def test_every_page_offers_citations_and_says_when_it_was_last_updated(client):
    page = text(client.get("/provinces/"))
    assert "Cite this page" in page
    assert "Last updated" in page
    for name in ("APA", "MLA", "Chicago", "BibTeX"):
        assert name in page


@pytest.mark.django_db
def test_the_day_of_access_is_the_same_in_every_citation_format(client, monkeypatch):
    # 01:00 on 5 December in Phnom Penh is still 4 December in UTC: one day, the site's.
    moment = datetime(2026, 12, 4, 18, 0, tzinfo=UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
    page = text(client.get("/provinces/"))
    assert "Retrieved December 5, 2026" in page  # APA
    assert "Accessed 5 Dec. 2026." in page  # MLA
    assert "Accessed December 5, 2026." in page  # Chicago
    assert "accessed 2026-12-05" in page  # BibTeX


@pytest.mark.django_db
def test_a_version_permalink_keeps_showing_the_old_figure_after_an_edit(
    client, django_capture_on_commit_callbacks
):
    version = version_link(client.get("/elections/2024-senate/").content.decode())
    result = NationalResult.objects.get(
        election__slug="2024-senate", party__abbreviation="CPP", section="Infobox"
    )
    result.percent = "85.50"
    with django_capture_on_commit_callbacks(execute=True):
        result.save()
    age_newest_history(result)

    current = text(client.get("/elections/2024-senate/"))
    assert "85.50%" in current and "85.92%" not in current

    pinned = client.get(version)
    assert pinned.status_code == 200
    old = text(pinned)
    assert "85.92%" in old and "85.50%" not in old
    assert "a past version" in old
    assert 'href="http://testserver/elections/2024-senate/">See the current version' in (
        pinned.content.decode()
    )


@pytest.mark.django_db
def test_a_statements_version_permalink_keeps_its_old_finding_text(
    client, django_capture_on_commit_callbacks
):
    url = "/observers/statements/sco-observer-mission/"
    version = version_link(client.get(url).content.decode())
    finding = Finding.objects.get(
        statement__slug="sco-observer-mission", topic__slug="legal-framework"
    )
    old_summary = finding.summary
    finding.summary = "A corrected summary."
    with django_capture_on_commit_callbacks(execute=True):
        finding.save()
    age_newest_history(finding)
    assert "A corrected summary." in text(client.get(url))
    pinned = text(client.get(version))
    assert old_summary in pinned and "A corrected summary." not in pinned


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["yesterday", "2024-13-45", "2024-05-01T99:00"])
def test_a_bad_version_date_is_a_400_with_a_message(client, value):
    response = client.get(f"/elections/2024-senate/?as_of={value}")
    assert response.status_code == 400
    example = re.search(r"must be a date such as (\d{4}-\d\d-\d\d)\.", text(response)).group(1)
    # The example works on this install, whose data was loaded today.
    assert client.get(f"/elections/2024-senate/?as_of={example}").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/elections/2024-senate/",
        "/elections/2024-senate/region-4/",
        "/observers/statements/sco-observer-mission/",
        "/consistency/",
        "/",
        "/provinces/kampong-cham/",
        "/observers/topics/election-commission/",
        "/observers/organisations/anfrel/",
        "/observers/reactions/",
        "/observers/compare/",
        "/parties/funcinpec/",
    ],
)
def test_a_date_before_the_data_existed_is_a_404_saying_so(client, url):
    response = client.get(f"{url}?as_of=1990-01-01")
    assert response.status_code == 404
    page = text(response)
    assert "Its data was not yet on this site then" in page
    assert "The earliest version is from" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/elections/2024-senate/",
        "/observers/statements/sco-observer-mission/",
        "/consistency/",
        "/",
        "/provinces/kampong-cham/",
        "/observers/topics/election-commission/",
        "/observers/organisations/anfrel/",
        "/observers/reactions/",
        "/observers/compare/",
        "/parties/funcinpec/",
    ],
)
def test_the_current_version_permalink_is_not_called_a_past_version(client, url):
    version = version_link(client.get(url).content.decode())
    page = text(client.get(version))
    assert "a past version" not in page
    assert "this is also the current version" in page


@pytest.mark.django_db
def test_a_moment_still_to_come_shows_the_current_page_without_a_banner(client):
    response = client.get("/elections/2024-senate/?as_of=2999-01-01")
    assert response.status_code == 200
    assert "a past version" not in text(response)


@pytest.mark.django_db
def test_one_apa_citation_shows_and_the_other_formats_wait_in_a_closed_disclosure(client):
    html = client.get("/provinces/").content.decode()
    block = html[
        html.index('<section class="cite"') : html.index(
            "</section>", html.index('<section class="cite"')
        )
    ]
    shown, hidden = block.split("<details", 1)
    assert "Retrieved" in shown and "data-copyable" in shown  # APA, with a Copy button
    assert "MLA" not in shown and "BibTeX" not in shown
    assert hidden.startswith(' class="cite__more">')  # no "open" attribute: closed
    assert "@misc{" in hidden and "Accessed" in hidden
    assert '<a href="#cite">Cite' in html[: html.index("<h1")]  # near the title


def test_print_keeps_one_citation_format():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[1] / "static/css/print.css").read_text()
    assert ".cite__more, .page-tools { display: none !important; }" in css


@pytest.mark.django_db
def test_province_and_consistency_versions_keep_showing_the_old_figures(
    client, django_capture_on_commit_callbacks
):
    province_version = version_link(client.get("/provinces/kampong-cham/").content.decode())
    consistency_version = version_link(client.get("/consistency/").content.decode())
    home_version = version_link(client.get("/").content.decode())
    result = (
        ConstituencyResult.objects.filter(
            constituency__provinces__slug="kampong-cham", votes__isnull=False
        )
        .order_by("pk")
        .first()
    )
    old_votes = f"{result.votes:,}"
    result.votes = 987_654_321
    with django_capture_on_commit_callbacks(execute=True):
        result.save()
    age_newest_history(result)

    assert "987,654,321" in text(client.get("/provinces/kampong-cham/"))
    pinned = text(client.get(province_version))
    assert old_votes in pinned and "987,654,321" not in pinned
    assert "a past version" in pinned
    assert "987,654,321" not in text(client.get(consistency_version))
    assert "a past version" in text(client.get(home_version))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/observers/topics/legal-framework/",
        "/observers/organisations/sco/",
        "/observers/compare/",
    ],
)
def test_observer_page_versions_keep_the_old_finding_text(
    client, django_capture_on_commit_callbacks, url
):
    version = version_link(client.get(url).content.decode())
    finding = Finding.objects.get(
        statement__slug="sco-observer-mission", topic__slug="legal-framework"
    )
    old_summary, old_title = finding.summary, finding.statement.title
    finding.summary = "A corrected summary."
    finding.statement.title = "A corrected title"
    with django_capture_on_commit_callbacks(execute=True):
        finding.save()
        finding.statement.save()
    age_newest_history(finding)
    age_newest_history(finding.statement)
    current, pinned = text(client.get(url)), text(client.get(version))
    assert "A corrected" in current
    assert "A corrected" not in pinned and "a past version" in pinned
    assert old_summary in pinned or old_title in pinned


@pytest.mark.django_db
def test_the_reactions_version_keeps_a_reactions_old_verdict(
    client, django_capture_on_commit_callbacks
):
    version = version_link(client.get("/observers/reactions/").content.decode())
    statement = Statement.objects.get(slug="reaction-cyprus")
    statement.summary = "A corrected summary."
    with django_capture_on_commit_callbacks(execute=True):
        statement.save()
    age_newest_history(statement)
    assert "A corrected summary." in text(client.get("/observers/reactions/"))
    pinned = text(client.get(version))
    assert "A corrected summary." not in pinned and "Ambassador of the Cyprus" in pinned


@pytest.mark.django_db
def test_a_party_version_keeps_its_old_seats(client, django_capture_on_commit_callbacks):
    version = version_link(client.get("/parties/funcinpec/").content.decode())
    national = NationalResult.objects.get(
        election__slug="2023-national-assembly", party__slug="funcinpec"
    )
    national.votes = 123_456_789
    with django_capture_on_commit_callbacks(execute=True):
        national.save()
    age_newest_history(national)
    assert "123,456,789" in text(client.get("/parties/funcinpec/"))
    pinned = text(client.get(version))
    assert "123,456,789" not in pinned and "a past version" in pinned
    assert "Norodom Chakravuth" in pinned and "Region 2" in pinned
