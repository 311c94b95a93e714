"""Nothing an editor deletes is lost: dependants protect a record, and a deletion is undone."""

import pytest
from django.urls import reverse

from results.models import Debate, Party
from tests.conftest import member
from tests.test_pages import text

pytestmark = pytest.mark.django_db


def test_a_party_with_results_cannot_be_deleted_and_the_admin_lists_what_depends_on_it(
    client, editor
):
    party = Party.objects.get(slug="funcinpec")
    url = reverse("admin:results_party_delete", args=[party.pk])
    page = text(client.get(url))
    assert "would require deleting the following protected related objects" in page
    assert "FUNCINPEC in 2023 National Assembly election" in page  # its registration
    response = client.post(url, {"post": "yes"})
    assert Party.objects.filter(pk=party.pk).exists()
    assert response.status_code == 200


def test_a_deleted_debate_comes_back_with_its_participants_from_recently_deleted(client, editor):
    debate = Debate.objects.order_by("pk").first()
    participants = sorted(debate.participations.values_list("party__name", "status"))
    assert participants
    delete_url = reverse("admin:results_debate_delete", args=[debate.pk])
    assert 'name="change_reason"' in client.get(delete_url).content.decode()
    client.post(delete_url, {"post": "yes", "change_reason": "Duplicate of debate 2"})
    assert not Debate.objects.filter(pk=debate.pk).exists()
    assert "Duplicate of debate 2" in text(client.get("/changes/"))

    screen = client.get(reverse("admin_recently_deleted"))
    assert str(debate) in text(screen)
    assert "Duplicate of debate 2" in text(screen)
    assert "debate participation" not in text(screen)  # its parts come back with it
    deletion = next(d for d in screen.context["deletions"] if d.name == str(debate))
    response = client.post(
        reverse("admin_recently_deleted"),
        {
            "label": deletion.label,
            "history_id": deletion.history_id,
            "change_reason": "Deleted the wrong debate",
        },
        follow=True,
    )
    assert f"Restored {len(participants) + 1} rows" in text(response)
    restored = Debate.objects.get(pk=debate.pk)
    assert sorted(restored.participations.values_list("party__name", "status")) == participants
    assert restored.history.latest().history_change_reason == "Deleted the wrong debate"
    assert str(debate) not in text(client.get(reverse("admin_recently_deleted")))
    assert "Deleted the wrong debate" in text(client.get("/changes/"))


def test_reviewers_cannot_restore(client, roles):
    Debate.objects.order_by("pk").first().delete()
    history_id = Debate.history.filter(history_type="-").latest().history_id
    client.force_login(member("reviewer", "Reviewers"))
    response = client.post(
        reverse("admin_recently_deleted"),
        {"label": "results.debate", "history_id": history_id, "change_reason": "x"},
    )
    assert response.status_code == 403
