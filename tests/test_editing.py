"""Two editors at once, and the reason for every change: nothing an editor does is lost."""

import re

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from results.admin_forms import ChangeForm, VersionedInlineForm
from results.models import Constituency, Party, Registration
from tests.conftest import member
from tests.test_admin import inline_management, registration_form
from tests.test_pages import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_editors(roles):
    first, second = Client(), Client()
    first.force_login(member("sokha", "Editors"))
    second.force_login(member("dara", "Editors"))
    return first, second


def edit_version(response, prefix=""):
    """The snapshot a browser would send back, read from the change form."""
    name = re.escape(f"{prefix}edit_version")
    return re.search(rf'name="{name}" value="([^"]+)"', response.content.decode()).group(1)


def funcinpec_registration():
    return Registration.objects.get(
        election__slug="2023-national-assembly", party__slug="funcinpec"
    )


def test_the_second_of_two_editors_is_refused_with_what_changed_and_keeps_their_input(two_editors):
    sokha, dara = two_editors
    registration = funcinpec_registration()
    url = reverse("admin:results_registration_change", args=[registration.pk])
    sokha_version = edit_version(sokha.get(url))
    dara_version = edit_version(dara.get(url))

    saved = dara.post(
        url, registration_form(registration, leader="Prince Norodom", edit_version=dara_version)
    )
    assert saved.status_code == 302

    refused = sokha.post(
        url,
        registration_form(
            registration, status_reason_en="Ballot number confirmed", edit_version=sokha_version
        ),
    )
    assert refused.status_code == 200
    page = text(refused)
    assert "Another editor changed this record after you opened it" in page
    assert "leader: was “Norodom Chakravuth”, now “Prince Norodom”" in page
    assert "Ballot number confirmed" in refused.content.decode()  # Sokha's input is kept
    registration.refresh_from_db()
    assert registration.leader == "Prince Norodom"
    assert registration.status_reason != "Ballot number confirmed"

    # Having read the message, Sokha saves again on purpose: the renewed snapshot lets it.
    again = sokha.post(
        url,
        registration_form(
            registration,
            status_reason_en="Ballot number confirmed",
            edit_version=edit_version(refused),
        ),
    )
    assert again.status_code == 302
    registration.refresh_from_db()
    assert (registration.leader, registration.status_reason) == (
        "Prince Norodom",
        "Ballot number confirmed",
    )


def party_form(party, alias_name, version, alias_version, **changes):
    alias = party.aliases.get()
    return {
        "slug": party.slug,
        "name_en": party.name_en,
        "name_km": "",
        "abbreviation": party.abbreviation,
        "colour": party.colour,
        "change_reason": "Spelling",
        "edit_version": version,
        **inline_management("aliases", 1, 1),
        "aliases-0-id": alias.pk,
        "aliases-0-party": party.pk,
        "aliases-0-name": alias_name,
        "aliases-0-edit_version": alias_version,
        **inline_management("registrations", 0, 0),
        **changes,
    }


def test_an_inline_row_changed_meanwhile_is_not_overwritten(two_editors):
    sokha, dara = two_editors
    party = Party.objects.get(slug="funcinpec")
    url = reverse("admin:results_party_change", args=[party.pk])
    sokha_page, dara_page = sokha.get(url), dara.get(url)
    versions = {
        editor: (edit_version(page), edit_version(page, "aliases-0-"))
        for editor, page in ((sokha, sokha_page), (dara, dara_page))
    }
    alias_name = party.aliases.get().name

    assert dara.post(url, party_form(party, "FUNCINPEC Party", *versions[dara])).status_code == 302
    refused = sokha.post(url, party_form(party, "Funcinpec party", *versions[sokha]))
    assert f"name: was “{alias_name}”, now “FUNCINPEC Party”" in text(refused)
    assert party.aliases.get().name == "FUNCINPEC Party"


def test_a_save_without_a_reason_is_refused_and_the_reason_is_kept_in_history(client, editor):
    registration = funcinpec_registration()
    url = reverse("admin:results_registration_change", args=[registration.pk])
    refused = client.post(url, registration_form(registration, leader="X", change_reason=""))
    assert "This field is required." in text(refused)
    registration.refresh_from_db()
    assert registration.leader == "Norodom Chakravuth"

    client.post(
        url, registration_form(registration, leader="X", change_reason="NEC list of 2023-05-15")
    )
    latest = registration.history.latest()
    assert (latest.leader, latest.history_change_reason) == ("X", "NEC list of 2023-05-15")
    history_page = text(
        client.get(reverse("admin:results_registration_history", args=[registration.pk]))
    )
    assert "NEC list of 2023-05-15" in history_page


def test_every_data_admin_form_and_inline_checks_for_lost_updates_and_asks_why():
    data_admins = [
        model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in {"results", "observers"}
    ]
    assert len(data_admins) >= 20
    for model_admin in data_admins:
        assert issubclass(model_admin.form, ChangeForm), model_admin
        for inline in model_admin.inlines:
            assert issubclass(inline.form, VersionedInlineForm), inline


def test_a_constituencys_provinces_changed_meanwhile_are_not_overwritten(two_editors):
    sokha, dara = two_editors
    constituency = Constituency.objects.get(election__slug="2024-senate", slug="region-2")
    url = reverse("admin:results_constituency_change", args=[constituency.pk])
    versions = {editor: edit_version(editor.get(url)) for editor in (sokha, dara)}
    provinces = list(constituency.provinces.order_by("pk"))
    results = list(constituency.results.order_by("pk"))

    def form(version, province_ids, name):
        data = {
            "election": constituency.election_id,
            "slug": constituency.slug,
            "name_en": name,
            "name_km": constituency.name_km,
            "seats": constituency.seats,
            "provinces": province_ids,
            "source": constituency.source_id,
            "section": constituency.section,
            "change_reason": "Regions as the decree lists them",
            "edit_version": version,
            **inline_management("results", len(results), len(results)),
        }
        for index, result in enumerate(results):
            data.update(
                {
                    f"results-{index}-id": result.pk,
                    f"results-{index}-constituency": constituency.pk,
                    f"results-{index}-party": result.party_id,
                    f"results-{index}-votes": result.votes if result.votes is not None else "",
                    f"results-{index}-percent": result.percent
                    if result.percent is not None
                    else "",
                    f"results-{index}-seats": result.seats if result.seats is not None else "",
                    f"results-{index}-source": result.source_id,
                    f"results-{index}-section": result.section,
                }
            )
        return data

    kept = [p.pk for p in provinces[:-1]]
    assert dara.post(url, form(versions[dara], kept, constituency.name)).status_code == 302
    refused = sokha.post(url, form(versions[sokha], [p.pk for p in provinces], "Region One"))
    page = text(refused)
    assert "Another editor changed this record after you opened it" in page
    assert f"provinces: was “{', '.join(p.name for p in provinces)}”" in page
    assert list(constituency.provinces.values_list("pk", flat=True).order_by("pk")) == kept
