"""Organisations, people and their memberships as Popolo JSON (popoloproject.com): parties
and their leaders, observer organisations and the members of their missions.

Only people the data names one by one are persons here: party leaders and mission members.
Statements' spokespersons are recorded as free text ("Hun Manet (prime ministerial
candidate) and Sok Eysan (spokesperson)") and are not split into people by guesswork.
"""

from __future__ import annotations

from django.utils.text import slugify

from observers.models import MissionMember, Organisation, StatementOrganisation
from results.models import Party, Registration


def _source(site_url: str, record) -> dict:
    return {
        "url": f"{site_url}/sources/#source-{record.source.key}",
        "note": f"{record.source.title}, {record.section}",
    }


def _identifiers(party) -> list[dict]:
    identifiers = [{"scheme": "electionsite-party", "identifier": party.slug}]
    if party.wikidata:
        identifiers.append({"scheme": "wikidata", "identifier": party.wikidata})
    return identifiers


def _person_id(name: str) -> str:
    return f"person/{slugify(name)}"


def popolo(site_url: str) -> dict:
    """The whole Popolo document; five queries."""
    organizations, persons, memberships = [], {}, []
    for party in Party.objects.prefetch_related("aliases").order_by("slug"):
        names = [a.name for a in party.aliases.all()]
        organizations.append(
            {
                "id": f"party/{party.slug}",
                "name": party.name,
                "classification": "party",
                "other_names": [{"name": name} for name in dict.fromkeys(names) if name],
                **({"abbreviation": party.abbreviation} if party.abbreviation else {}),
                "identifiers": [{"scheme": "electionsite-party", "identifier": party.slug}]
                + (
                    [{"scheme": "wikidata", "identifier": party.wikidata}] if party.wikidata else []
                ),
                "links": [{"url": f"{site_url}{party.get_absolute_url()}", "note": "page"}],
            }
        )
    for organisation in Organisation.objects.prefetch_related("aliases").order_by("slug"):
        organizations.append(
            {
                "id": f"organisation/{organisation.slug}",
                "name": organisation.name,
                "classification": organisation.kind,
                "other_names": [{"name": a.name} for a in organisation.aliases.all()],
                **({"abbreviation": organisation.short_name} if organisation.short_name else {}),
                "identifiers": [
                    {"scheme": "electionsite-organisation", "identifier": organisation.slug}
                ],
                "links": [{"url": f"{site_url}{organisation.get_absolute_url()}", "note": "page"}],
            }
        )
    registrations = Registration.objects.exclude(leader="").select_related(
        "party", "election", "source"
    )
    for registration in registrations.order_by("election__held_on", "party__slug"):
        person = _person_id(registration.leader)
        persons.setdefault(person, {"id": person, "name": registration.leader})
        memberships.append(
            {
                "person_id": person,
                "organization_id": f"party/{registration.party.slug}",
                "role": "leader",
                "label": f"Leader of {registration.party.name} at the {registration.election.name}",
                "sources": [_source(site_url, registration)],
            }
        )
    authors: dict[int, list[str]] = {}
    credits = StatementOrganisation.objects.filter(role=StatementOrganisation.Role.AUTHOR)
    for statement_id, slug in credits.values_list("statement_id", "organisation__slug"):
        authors.setdefault(statement_id, []).append(f"organisation/{slug}")
    members = MissionMember.objects.select_related("statement__source").order_by(
        "statement__slug", "-is_head", "position"
    )
    for member in members:
        person = _person_id(member.name)
        persons.setdefault(person, {"id": person, "name": member.name})
        for organization in authors.get(member.statement_id, []):
            memberships.append(
                {
                    "person_id": person,
                    "organization_id": organization,
                    "role": "head of mission" if member.is_head else "mission member",
                    "label": member.role or "mission member",
                    **({"post": member.affiliation} if member.affiliation else {}),
                    "sources": [_source(site_url, member.statement)],
                }
            )
    return {
        "organizations": organizations,
        "persons": list(persons.values()),
        "memberships": memberships,
    }
