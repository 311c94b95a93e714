"""Links that last: renamed slugs redirect, used slugs stay reserved."""

import pytest
from django.core.exceptions import ValidationError

from observers.models import Statement
from results.models import Constituency, Election, Party

pytestmark = pytest.mark.django_db


def test_renaming_a_record_keeps_its_address(client):
    party = Party.objects.get(slug="funcinpec")
    party.name = "FUNCINPEC (National United Front)"
    party.save()
    assert client.get("/parties/funcinpec/").status_code == 200


def test_a_changed_slug_redirects_permanently_from_the_old_address(client):
    party = Party.objects.get(slug="khmer-will-party")
    party.slug = "kwp"
    party.full_clean()
    party.save()
    response = client.get("/parties/khmer-will-party/?sort=x")
    assert response.status_code == 301
    assert response["Location"] == "/parties/kwp/?sort=x"
    assert client.get(response["Location"]).status_code == 200


def test_an_old_constituency_slug_redirects_within_its_election(client):
    region = Constituency.objects.get(election__slug="2024-senate", slug="region-4")
    region.slug = "region-iv"
    region.save()
    response = client.get("/elections/2024-senate/region-4/")
    assert response.status_code == 301
    assert response["Location"] == "/elections/2024-senate/region-iv/"


def test_an_old_election_slug_redirects_its_timeline_to_the_new_timeline(client):
    election = Election.objects.get(slug="2024-senate")
    election.slug = "senate-2024"
    election.save()
    response = client.get("/elections/2024-senate/timeline/")
    assert response.status_code == 301
    assert response["Location"] == "/elections/senate-2024/timeline/"


def test_no_constituency_may_take_the_address_of_an_election_page():
    region = Constituency.objects.get(election__slug="2024-senate", slug="region-4")
    region.slug = "timeline"
    with pytest.raises(ValidationError) as error:
        region.full_clean()
    assert "address of a page of the election itself" in str(error.value)


def test_an_old_statement_slug_redirects(client):
    statement = Statement.objects.get(slug="sco-observer-mission")
    statement.slug = "sco-mission-2023"
    statement.save()
    response = client.get("/observers/statements/sco-observer-mission/")
    assert response.status_code == 301
    assert response["Location"] == "/observers/statements/sco-mission-2023/"


def test_a_used_slug_is_never_given_to_another_record():
    party = Party.objects.get(slug="khmer-will-party")
    party.slug = "kwp"
    party.save()
    newcomer = Party(slug="khmer-will-party", name="A New Party")
    with pytest.raises(ValidationError) as error:
        newcomer.full_clean()
    assert "stays reserved" in str(error.value)


def test_an_unknown_slug_is_still_a_404(client):
    assert client.get("/parties/never-existed/").status_code == 404
