"""The public change log: every change, newest first, with old and new values and a reason."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from electionsite import changelog
from results.models import ConstituencyResult, Party, Registration
from tests.test_admin import registration_form
from tests.test_pages import text

pytestmark = pytest.mark.django_db


def funcinpec_leader_corrected(client):
    registration = Registration.objects.get(
        election__slug="2023-national-assembly", party__slug="funcinpec"
    )
    url = reverse("admin:results_registration_change", args=[registration.pk])
    response = client.post(
        url,
        registration_form(
            registration, leader="Prince Norodom Chakravuth", change_reason="NEC letter of 3 May"
        ),
    )
    assert response.status_code == 302
    client.logout()
    return registration


def test_an_admin_edit_appears_first_in_the_public_change_log_with_its_reason(client, editor):
    funcinpec_leader_corrected(client)
    page = client.get("/changes/")
    first = page.content.decode().split('<article class="change"')[1]
    assert "FUNCINPEC · 2023 National Assembly election" in first
    assert "NEC letter of 3 May" in first
    assert "<del>Norodom Chakravuth</del> → <ins>Prince Norodom Chakravuth</ins>" in first
    assert 'href="/elections/2023-national-assembly/parties/"' in first
    assert "by an editor" in first
    assert "editor" not in first.replace("an editor", "")  # the username is not shown


def test_editors_are_named_only_when_the_site_is_configured_to(client, editor, settings):
    settings.CHANGE_LOG_SHOWS_USERNAMES = True
    funcinpec_leader_corrected(client)
    first = client.get("/changes/").content.decode().split('<article class="change"')[1]
    assert "by editor." in first


def test_changes_made_by_the_loader_say_so():
    result = ConstituencyResult.objects.filter(votes__isnull=False).first()
    ConstituencyResult.objects.filter(pk=result.pk).update(votes=1)
    call_command("load_election_data", verbosity=0)
    restored = result.history.latest()
    assert restored.votes == result.votes
    assert restored.history_change_reason == "Loaded from the reviewed data files"


def test_a_constituency_page_links_to_its_history_which_lists_its_results_changes(client):
    result = ConstituencyResult.objects.get(
        constituency__slug="takeo",
        party__abbreviation="CPP",
        constituency__election__kind="national_assembly",
    )
    result.votes = (result.votes or 0) + 1
    result._change_reason = "Recount"
    result.save()
    page = client.get("/elections/2023-national-assembly/takeo/").content.decode()
    history_url = reverse("record_changes", args=["constituency", result.constituency_id])
    assert f'href="{history_url}"' in page
    history = text(client.get(history_url))
    assert "Changes to Takéo (2023 National Assembly election)" in history
    assert "Recount" in history
    assert "Kampong Cham" not in history  # only this page's records


def test_a_party_history_has_no_other_partys_changes(client):
    history = text(
        client.get(
            reverse("record_changes", args=["party", Party.objects.get(slug="funcinpec").pk])
        )
    )
    assert "FUNCINPEC" in history
    assert "Candlelight" not in history


def test_an_unknown_record_or_kind_of_page_is_a_404(client):
    assert client.get("/changes/party/999999/").status_code == 404
    assert client.get("/changes/user/1/").status_code == 404
    assert client.get("/changes/party/99999999999999999999999/").status_code == 404


def test_a_bad_page_number_shows_the_first_page(client):
    assert client.get("/changes/?page=²").status_code == 200
    assert client.get("/changes/?page=-1").status_code == 200


def test_the_change_log_is_paginated_with_a_fixed_number_of_queries(
    client, django_assert_num_queries
):
    with django_assert_num_queries(3):
        first = client.get("/changes/")
    with django_assert_num_queries(3):
        later = client.get("/changes/?page=4")
    assert 'rel="next"' in first.content.decode()
    assert first.content.count(b'<article class="change"') == changelog.PER_PAGE == 20
    assert text(later) != text(first)


def test_a_record_history_reads_a_fixed_number_of_queries(client, django_assert_num_queries):
    party = Party.objects.get(slug="cambodian-peoples-party")
    with django_assert_num_queries(4):
        client.get(reverse("record_changes", args=["party", party.pk]))


def test_the_atom_feed_lists_the_newest_change_with_its_reason_as_text(client, editor):
    funcinpec_leader_corrected(client)
    feed = client.get("/changes/feed/")
    assert feed["Content-Type"].startswith("application/atom+xml")
    body = feed.content.decode()
    entry = body.split("<entry>")[1]
    assert "registration changed: FUNCINPEC" in entry
    assert '<summary type="text">Reason: NEC letter of 3 May' in entry
    assert "leader: Norodom Chakravuth → Prince Norodom Chakravuth" in entry


def test_every_page_links_to_the_change_log(client):
    assert 'href="/changes/"' in client.get("/sources/").content.decode()
