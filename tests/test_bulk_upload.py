"""Editors enter many rows at once: upload a CSV, see every row's outcome, then confirm."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from results.models import ConstituencyResult
from tests.conftest import member
from tests.test_pages import text

pytestmark = pytest.mark.django_db

HEADER = "election,constituency,party,votes,percent,seats,source,section\n"
SECTION = "na2023-article,Results of seat allocation by provinces"
GOOD_ROWS = (
    f"2023-national-assembly,Kep,Cambodian People's Party,12000,,1,{SECTION}\n"
    f"2023-national-assembly,Kep,FUNCINPEC,,,0,{SECTION}\n"
    f"2023-national-assembly,Kep,Candlelight Party,2500,,0,{SECTION}\n"
)
BAD_ROWS = (
    f"2023-national-assembly,Kep,No Such Party,1,,0,{SECTION}\n"
    f"2023-national-assembly,Kep,FUNCINPEC,,,0,{SECTION}\n"
    f"2023-national-assembly,Takéo,Cambodian People's Party,,150,8,{SECTION}\n"
)


def upload(client, content: str, button: str = "preview", **extra):
    return client.post(
        reverse("admin_bulk_upload"),
        {
            "data_file": "constituency_results.csv",
            "csv_file": SimpleUploadedFile("results.csv", content.encode(), "text/csv"),
            "change_reason": "NEC provisional results for Kep",
            button: "1",
            **extra,
        },
    )


def kep_results():
    rows = ConstituencyResult.objects.filter(constituency__slug="kep").select_related("party")
    return {row.party.name: row.votes for row in rows}


def test_the_preview_shows_each_rows_outcome_and_every_error_with_its_line(client, editor):
    before = kep_results()
    page = text(upload(client, HEADER + GOOD_ROWS + BAD_ROWS))
    assert "Added: 1 · Changed: 1 · Unchanged: 1 · Errors: 3" in page
    assert (
        "5 2023-national-assembly, Kep, No Such Party, na2023-article error "
        "party: no party called 'No Such Party'" in page
    )
    assert (
        "6 2023-national-assembly, Kep, FUNCINPEC, na2023-article error "
        "same constituency, party, source as line 3" in page
    )
    assert "7 " in page and "percent: Ensure this value is less than or equal to 100." in page
    assert "Apply these changes" not in upload(client, HEADER + BAD_ROWS).content.decode()
    assert kep_results() == before  # a preview saves nothing


def test_a_confirmed_upload_applies_every_row_with_the_uploader_and_reason_in_history(
    client, editor
):
    preview = upload(client, HEADER + GOOD_ROWS)
    assert 'value="Apply these changes"' in preview.content.decode()
    # The confirmation sends back the previewed file (kept on the page), not a new upload.
    confirmed = client.post(
        reverse("admin_bulk_upload"),
        {
            "data_file": "constituency_results.csv",
            "csv_text": preview.context["form"].initial["csv_text"],
            "change_reason": "NEC provisional results for Kep",
            "apply": "1",
        },
        follow=True,
    )
    assert "Applied constituency_results.csv: 1 rows added, 1 changed, 1 unchanged." in text(
        confirmed
    )
    assert kep_results() == {
        "Cambodian People's Party": 12000,
        "FUNCINPEC": None,
        "Candlelight Party": 2500,
    }
    added = ConstituencyResult.history.filter(party__name="Candlelight Party").latest()
    assert (added.history_user, added.history_change_reason) == (
        editor,
        "NEC provisional results for Kep",
    )
    log = text(client.get("/changes/"))
    assert "Candlelight Party · Kep · 2023 National Assembly election" in log
    assert "NEC provisional results for Kep" in log


def test_applying_a_file_with_an_error_saves_none_of_its_rows(client, editor):
    before = kep_results()
    page = text(upload(client, HEADER + GOOD_ROWS + BAD_ROWS, button="apply"))
    assert "nothing is saved while any row has an error" in page
    assert kep_results() == before


def test_a_file_with_unknown_columns_or_not_utf8_is_refused_with_a_message(client, editor):
    assert "unknown column(s) colour" in text(upload(client, "election,colour\nx,y\n"))
    latin1 = client.post(
        reverse("admin_bulk_upload"),
        {
            "data_file": "constituency_results.csv",
            "csv_file": SimpleUploadedFile("r.csv", (HEADER + "Takéo").encode("latin-1")),
            "change_reason": "x",
            "preview": "1",
        },
    )
    assert "The file must be UTF-8 text." in text(latin1)


def test_reviewers_cannot_upload(client, roles):
    client.force_login(member("reviewer", "Reviewers"))
    assert upload(client, HEADER + GOOD_ROWS, button="apply").status_code == 403
