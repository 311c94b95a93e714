"""Editors work through the admin: refused when wrong, saved and audited when right."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from observers.models import Finding, Statement
from results.models import Constituency, ConstituencyResult, Party, Registration, Source
from tests.conftest import member
from tests.test_pages import text

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def reviewer(client, roles):
    user = member("reviewer", "Reviewers")
    client.force_login(user)
    return user


def inline_management(prefix, total, initial):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def registration_form(registration, **changes):
    data = {
        "election": registration.election_id,
        "party": registration.party_id,
        "ballot_number": registration.ballot_number or "",
        "status": registration.status,
        "leader": registration.leader,
        "constituencies_contested": registration.constituencies_contested or "",
        "seats_contested": registration.seats_contested or "",
        # Translated: English and Khmer side by side (results/translation.py).
        "status_reason_en": registration.status_reason_en or "",
        "status_reason_km": registration.status_reason_km or "",
        "status_decided_on": "",
        "source": registration.source_id,
        "section": registration.section,
        "change_reason": "Checked against the NEC list",
    }
    data.update(changes)
    return data


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(reverse("admin:results_party_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_a_duplicate_ballot_number_is_refused_with_a_message(client, editor):
    registration = Registration.objects.get(
        election__slug="2023-national-assembly", party__slug="funcinpec"
    )
    url = reverse("admin:results_registration_change", args=[registration.pk])
    response = client.post(url, registration_form(registration, ballot_number=18))
    assert response.status_code == 200
    assert "Another party already has this ballot number in this election." in text(response)
    registration.refresh_from_db()
    assert registration.ballot_number == 9


def test_a_percentage_over_100_is_refused(client, editor):
    result = ConstituencyResult.objects.get(
        constituency__slug="region-1", party__abbreviation="CPP"
    )
    url = reverse("admin:results_constituencyresult_change", args=[result.pk])
    response = client.post(
        url,
        {
            "constituency": result.constituency_id,
            "party": result.party_id,
            "votes": 817,
            "percent": "190.18",
            "seats": 6,
            "source": result.source_id,
            "section": result.section,
            "change_reason": "Typo",
        },
    )
    assert "Ensure this value is less than or equal to 100" in text(response)
    result.refresh_from_db()
    assert str(result.percent) == "90.18"


def test_seats_won_above_the_constituencys_seats_are_refused_and_nothing_is_saved(client, editor):
    constituency = Constituency.objects.get(election__slug="2023-national-assembly", slug="kep")
    results = list(constituency.results.order_by("pk"))
    data = {
        "election": constituency.election_id,
        "slug": constituency.slug,
        "name": "Kep (renamed)",
        "seats": constituency.seats,
        "provinces": [p.pk for p in constituency.provinces.all()],
        "source": constituency.source_id,
        "section": constituency.section,
        "change_reason": "Rename",
        **inline_management("results", len(results), len(results)),
    }
    for index, result in enumerate(results):
        data.update(
            {
                f"results-{index}-id": result.pk,
                f"results-{index}-constituency": constituency.pk,
                f"results-{index}-party": result.party_id,
                f"results-{index}-votes": "",
                f"results-{index}-percent": "",
                f"results-{index}-seats": 1,
                f"results-{index}-source": result.source_id,
                f"results-{index}-section": result.section,
            }
        )
    response = client.post(
        reverse("admin:results_constituency_change", args=[constituency.pk]), data
    )
    assert response.status_code == 200
    assert "Together the parties win 2 seats" in text(response)
    assert "the constituency has only 1" in text(response)
    constituency.refresh_from_db()
    assert constituency.name == "Kep"
    assert sorted(r.seats for r in constituency.results.all()) == [0, 1]


def test_a_repeated_topic_within_a_statement_is_refused(client, editor):
    finding = Finding.objects.filter(statement__slug="sco-observer-mission").first()
    other = Finding.objects.filter(statement=finding.statement).exclude(pk=finding.pk).first()
    response = client.post(
        reverse("admin:observers_finding_change", args=[other.pk]),
        {
            "statement": other.statement_id,
            "topic": finding.topic_id,
            "stance": other.stance,
            "summary": other.summary,
            "quote": other.quote,
            "anchor": other.anchor,
            "change_reason": "Topic corrected",
        },
    )
    assert "This statement already has a finding on this topic." in text(response)
    other.refresh_from_db()
    assert other.topic_id != finding.topic_id


def test_an_alias_cannot_take_another_partys_name(client, editor):
    party = Party.objects.get(slug="funcinpec")
    response = client.post(
        reverse("admin:results_party_change", args=[party.pk]),
        {
            "slug": party.slug,
            "name": party.name,
            "abbreviation": party.abbreviation,
            "colour": party.colour,
            "change_reason": "Another spelling",
            **inline_management("aliases", 2, 1),
            "aliases-0-id": party.aliases.get().pk,
            "aliases-0-party": party.pk,
            "aliases-0-name": "Funcinpec",
            "aliases-1-party": party.pk,
            "aliases-1-name": "Cambodian People's Party",
            **inline_management("registrations", 0, 0),
        },
    )
    assert "This is already the name of another party." in text(response)
    assert not party.aliases.filter(name="Cambodian People's Party").exists()


def test_a_valid_edit_is_saved_shown_publicly_recorded_and_revertible(client, editor):
    registration = Registration.objects.get(
        election__slug="2023-national-assembly", party__slug="funcinpec"
    )
    url = reverse("admin:results_registration_change", args=[registration.pk])
    response = client.post(url, registration_form(registration, leader="Norodom Chakravuth II"))
    assert response.status_code == 302

    assert "Norodom Chakravuth II" in text(client.get("/parties/funcinpec/"))

    history = registration.history.order_by("-history_date")
    latest, previous = history[0], history[1]
    assert latest.history_user == editor
    assert latest.leader == "Norodom Chakravuth II"
    assert previous.leader == "Norodom Chakravuth"
    assert "Norodom Chakravuth" in text(
        client.get(reverse("admin:results_registration_history", args=[registration.pk]))
    )

    # Revert to the previous version through simple-history's admin form.
    revert_url = reverse(
        "admin:results_registration_simple_history",
        args=[registration.pk, previous.history_id],
    )
    response = client.post(revert_url, registration_form(registration))
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.leader == "Norodom Chakravuth"


def test_reviewers_can_read_but_not_change(client, reviewer):
    party = Party.objects.get(slug="funcinpec")
    url = reverse("admin:results_party_change", args=[party.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"slug": party.slug, "name": "Renamed", "colour": "#000000"})
    assert response.status_code == 403
    party.refresh_from_db()
    assert party.name == "FUNCINPEC"
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_editors_cannot_manage_users_or_groups(client, editor):
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_markup_typed_by_an_editor_is_shown_as_text_on_public_pages(client, editor):
    statement = Statement.objects.get(slug="sco-observer-mission")
    statement.summary = HOSTILE
    statement.save()
    party = Party.objects.get(slug="funcinpec")
    party.name = f"FUNCINPEC {HOSTILE}"
    party.save()
    for url in (
        "/observers/statements/sco-observer-mission/",
        "/parties/funcinpec/",
        "/elections/2023-national-assembly/",
        "/observers/",
    ):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html
        assert "<img src=x" not in html
    assert "&lt;script&gt;alert" in client.get("/parties/funcinpec/").content.decode()


def test_repeated_failed_logins_lock_the_account_with_a_message(client, roles):
    member("target", "Editors")
    url = reverse("admin:login")
    for _ in range(5):
        client.post(url, {"username": "target", "password": "wrong"})
    response = client.post(url, {"username": "target", "password": "a-long-password-42"})
    assert response.status_code == 429
    assert "Too many failed login attempts" in text(response)


def test_the_consistency_page_and_dhondt_action_work_for_editors(client, editor):
    page = text(client.get(reverse("admin_consistency")))
    assert "Seats allocated against seats won" in page
    assert "Takéo" in page
    regions = Constituency.objects.filter(election__slug="2024-senate").values_list("pk", flat=True)
    response = client.post(
        reverse("admin:results_constituency_changelist"),
        {"action": "recompute_dhondt", "_selected_action": list(regions)},
    )
    page = text(response)
    assert page.count("The recorded seats match D'Hondt.") == 8


def test_every_change_list_renders_in_a_fixed_number_of_queries(
    client, editor, django_assert_max_num_queries
):
    editor.is_superuser = True
    editor.save()
    for model in apps.get_models():
        if model._meta.app_label not in ("results", "observers"):
            continue
        if model not in admin.site._registry:
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        with django_assert_max_num_queries(8):
            response = client.get(url)
        assert response.status_code == 200, url


def test_the_admin_lives_at_the_path_the_environment_sets():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="example.org",
        DJANGO_ADMIN_PATH="editors-door",
    )
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.urls import reverse; print(reverse('admin:index'))",
        ],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip().endswith("/editors-door/"), result.stderr


def test_an_editor_adds_an_archived_copy_to_a_source_and_the_source_page_shows_it(client, editor):
    source = Source.objects.get(key="anfrel-2023")
    page = client.get(f"/admin/results/source/{source.pk}/change/").content.decode()
    assert 'name="archive_url"' in page and 'name="retrieved_on"' in page
    data = {
        field: getattr(source, field) or ""
        for field in ("key", "title", "kind", "author", "document_title", "published")
    }
    data |= {
        "published_on": "2023-07-05",
        "document": source.document,
        "draws": source.draws,
        "archive_url": "https://web.archive.org/web/2023/https://anfrel.org/",
        "change_reason": "Archived copy found",
    }
    response = client.post(f"/admin/results/source/{source.pk}/change/", data)
    assert response.status_code == 302
    assert (
        "https://web.archive.org/web/2023/https://anfrel.org/"
        in client.get("/sources/").content.decode()
    )
