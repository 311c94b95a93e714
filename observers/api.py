"""The observers' part of API v1 (see results.api for the conventions)."""

from django.db.models import Prefetch

from observers.models import Finding, Organisation, Statement
from results.api import (
    api_view,
    check_choice,
    check_election,
    check_params,
    detail,
    links,
    paginated,
    source,
)
from results.permalinks import get_by_slug


def serialize_organisation(request, organisation):
    return {
        "slug": organisation.slug,
        "name": organisation.name,
        "kind": organisation.kind,
        "country": organisation.country or None,
        "party": organisation.party.slug if organisation.party else None,
        **links(request, organisation, "api:organisation_detail"),
    }


def serialize_statement(request, statement, *, full=False):
    data = {
        "slug": statement.slug,
        "title": statement.title,
        "kind": statement.kind,
        "election": statement.election.slug,
        "issued_on": statement.issued_on.isoformat() if statement.issued_on else None,
        "date_note": statement.date_note or None,
        "date_note_km": statement.date_note_km or None,
        "verdict": statement.verdict,
        "spokesperson": statement.spokesperson or None,
        "organisations": [
            {"organisation": c.organisation.slug, "role": c.role} for c in statement.credits.all()
        ],
        "summary": statement.summary,
        # Ours, in Khmer (None where not yet translated); the title stays as published.
        "summary_km": statement.summary_km or None,
        **links(request, statement, "api:statement_detail"),
        **source(statement),
    }
    if full:
        url = data["url"]
        data["findings"] = [
            {
                "topic": f.topic.slug,
                "stance": f.stance,
                "summary": f.summary,
                "summary_km": f.summary_km or None,
                "quote": f.quote or None,
                "url": f"{url}#{f.anchor}",
            }
            for f in statement.findings.all()
        ]
    return data


@api_view
def statements(request):
    check_params(request, ("kind", "verdict", "election"))
    queryset = Statement.objects.with_credits()
    for name, choices in (("kind", Statement.Kind.values), ("verdict", Statement.Verdict.values)):
        value = check_choice(request, name, choices)
        if value:
            queryset = queryset.filter(**{name: value})
    election = check_election(request)
    if election is not None:
        queryset = queryset.filter(election__slug=election)
    return paginated(request, queryset, serialize_statement)


@api_view
def statement_detail(request, slug):
    check_params(request, ())
    statement = get_by_slug(
        Statement.objects.with_credits().prefetch_related(
            Prefetch("findings", queryset=Finding.objects.select_related("topic"))
        ),
        slug,
    )
    return detail(request, statement, lambda r, s: serialize_statement(r, s, full=True))


@api_view
def organisations(request):
    check_params(request, ("kind",))
    queryset = Organisation.objects.select_related("party")
    kind = check_choice(request, "kind", Organisation.Kind.values)
    if kind:
        queryset = queryset.filter(kind=kind)
    return paginated(request, queryset, serialize_organisation)


@api_view
def organisation_detail(request, slug):
    check_params(request, ())
    organisation = get_by_slug(Organisation.objects.select_related("party"), slug)
    return detail(request, organisation, serialize_organisation)
