"""A read-only JSON API, version 1: `/api/v1/<collection>/` and `/api/v1/<collection>/<slug>/`.

Every object carries `url` (its permalink on the site) and `api_url`. Lists are paginated
(`page`, `page_size` up to 100) and accept only the filters they document; anything else
is answered with 400 and a JSON error, never ignored silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404, JsonResponse
from django.urls import reverse

from results.models import (
    Constituency,
    ConstituencyResult,
    Election,
    NationalResult,
    Party,
    result_set_of,
)
from results.permalinks import SlugMoved, get_by_slug, moved_permanently, url_for
from results.selectors import constituencies_with_results

API_VERSION = "v1"
MAX_PAGE_SIZE = 100
PAGING = ("page", "page_size")


class ApiError(Exception):
    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def error_response(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message, "status": status}, status=status)


def api_view(view: Callable) -> Callable:
    """JSON errors for bad parameters and unknown objects."""

    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return error_response("Only GET is supported.", 405)
        try:
            return view(request, *args, **kwargs)
        except ApiError as error:
            return error_response(str(error), error.status)
        except Http404:
            return error_response("No such object.", 404)
        except SlugMoved as moved:  # to the API's address for the new slug, not the page
            match = request.resolver_match
            url = reverse(match.view_name, kwargs={**match.kwargs, "slug": moved.slug})
            return moved_permanently(request, url)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def check_params(request, allowed: Iterable[str]) -> None:
    unknown = sorted(set(request.GET) - set(allowed) - set(PAGING))
    if unknown:
        raise ApiError(
            f"Unknown parameter(s): {', '.join(unknown)}. "
            f"Allowed: {', '.join(sorted({*allowed, *PAGING}))}."
        )


def check_choice(request, name: str, choices: Iterable[str]) -> str | None:
    value = request.GET.get(name)
    if value is None:
        return None
    choices = list(choices)
    if value not in choices:
        raise ApiError(f"Unknown {name} {value!r}. One of: {', '.join(choices)}.")
    return value


def check_election(request) -> str | None:
    """The `election` filter's slug, which must name an election."""
    slug = request.GET.get("election")
    if slug is None:
        return None
    # A slug is plain ASCII; anything else (a NUL byte, which PostgreSQL refuses) is unknown.
    if not re.fullmatch(r"[-\w]+", slug, flags=re.ASCII) or not (
        Election.objects.filter(slug=slug).exists()
    ):
        raise ApiError(f"Unknown election {slug!r}.")
    return slug


def paginated(request, queryset: QuerySet, serialize: Callable) -> JsonResponse:
    def positive(name: str, default: int) -> int:
        raw = request.GET.get(name, str(default))
        # ASCII digits only: "²" is a digit to str.isdigit() but not to int().
        if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
            raise ApiError(f"{name} must be a whole number of 1 or more, not {raw!r}.")
        return int(raw)

    page_size = positive("page_size", 50)
    if page_size > MAX_PAGE_SIZE:
        raise ApiError(f"page_size can be at most {MAX_PAGE_SIZE}.")
    number = positive("page", 1)
    paginator = Paginator(queryset, page_size)
    if number > max(paginator.num_pages, 1):
        raise ApiError(f"page {number} does not exist; there are {paginator.num_pages}.")
    page = paginator.page(number)

    def link(n: int | None) -> str | None:
        if n is None:
            return None
        query = request.GET.copy()
        query["page"] = n
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return JsonResponse(
        {
            "count": paginator.count,
            "page": number,
            "pages": paginator.num_pages,
            "next": link(page.next_page_number() if page.has_next() else None),
            "previous": link(page.previous_page_number() if page.has_previous() else None),
            "results": [serialize(request, obj) for obj in page.object_list],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def detail(request, obj, serialize: Callable) -> JsonResponse:
    return JsonResponse(serialize(request, obj), json_dumps_params={"ensure_ascii": False})


def links(request, obj, api_name: str) -> dict:
    return {
        "url": request.build_absolute_uri(obj.get_absolute_url()),
        "api_url": request.build_absolute_uri(url_for(api_name, obj.slug)),
    }


def source(record) -> dict:
    """Where a record's figures come from: the source's key and section, the source its
    document credits (empty if none), and the reasoning if the site inferred it."""
    return {
        "source": record.source.key,
        "section": record.section,
        "original_source": record.original_source,
        "inference": record.inference,
    }


def serialize_party(request, party: Party) -> dict:
    return {
        "slug": party.slug,
        "name": party.name,
        "name_km": party.name_km or None,
        "abbreviation": party.abbreviation,
        "aliases": [alias.name for alias in party.aliases.all()],
        "wikidata": party.wikidata or None,
        **links(request, party, "api:party_detail"),
    }


def serialize_result(result: ConstituencyResult) -> dict:
    return {
        "party": result.party.slug,
        "votes": result.votes,
        "percent": str(result.percent) if result.percent is not None else None,
        "seats": result.seats,
        **source(result),
    }


def serialize_constituency(request, constituency: Constituency) -> dict:
    return {
        "id": constituency.identifier,
        "division_id": constituency.division_id,
        "slug": constituency.slug,
        "name": constituency.name,
        "name_km": constituency.name_km or None,
        "election": constituency.election.slug,
        "election_id": constituency.election.identifier,
        "seats": constituency.seats,
        "provinces": [p.slug for p in constituency.provinces.all()],
        "province_iso_codes": [p.iso_code for p in constituency.provinces.all()],
        "results": [serialize_result(r) for r in constituency.results.all()],
        "url": request.build_absolute_uri(constituency.get_absolute_url()),
        **source(constituency),
    }


def serialize_election(request, election: Election, *, full: bool = False) -> dict:
    data = {
        "id": election.identifier,
        "slug": election.slug,
        "name": election.name,
        "name_km": election.name_km or None,
        "wikidata": election.wikidata or None,
        "kind": election.kind,
        "held_on": election.held_on.isoformat(),
        "seats_total": election.seats_total,
        "seats_contested": election.seats_contested,
        "majority": election.majority,
        "registered_voters": election.registered_voters,
        "result_status": serialize_result_status(election),
        **links(request, election, "api:election_detail"),
        **source(election),
    }
    if full:
        data["national_results"] = [
            {
                "party": n.party.slug,
                "seats": n.seats,
                "previous_seats": n.previous_seats,
                "votes": n.votes,
                "percent": str(n.percent) if n.percent is not None else None,
                **source(n),
            }
            for n in election.national_results.all()
        ]
        data["constituencies"] = [
            serialize_constituency(request, c) for c in election.constituencies.all()
        ]
    return data


def serialize_result_status(election: Election) -> dict | None:
    """Which release the figures are (preliminary, official, corrected, not stated)."""
    result_set = result_set_of(election)
    if result_set is None:
        return None
    return {
        "status": result_set.status,
        "preliminary_on": _iso(result_set.preliminary_on),
        "official_on": _iso(result_set.official_on),
        "corrected_on": _iso(result_set.corrected_on),
        "note": result_set.note,
        **source(result_set),
    }


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def _constituencies() -> QuerySet[Constituency]:
    return constituencies_with_results().order_by("election__held_on", "name")


@api_view
def index(request):
    """What the API offers."""
    check_params(request, ())
    names = ("elections", "constituencies", "parties", "statements", "organisations")
    return JsonResponse(
        {
            "version": API_VERSION,
            "collections": {
                name: request.build_absolute_uri(reverse(f"api:{name}")) for name in names
            },
            "documentation": request.build_absolute_uri(reverse("api_docs")),
        }
    )


@api_view
def elections(request):
    check_params(request, ("kind",))
    queryset = Election.objects.select_related("source", "result_set__source").order_by("held_on")
    kind = check_choice(request, "kind", Election.Kind.values)
    if kind:
        queryset = queryset.filter(kind=kind)
    return paginated(request, queryset, serialize_election)


@api_view
def election_detail(request, slug):
    check_params(request, ())
    election = get_by_slug(
        Election.objects.select_related("source", "result_set__source").prefetch_related(
            Prefetch("constituencies", queryset=_constituencies()),
            Prefetch(
                "national_results",
                queryset=NationalResult.objects.select_related("party", "source"),
            ),
        ),
        slug,
    )
    return detail(request, election, lambda r, e: serialize_election(r, e, full=True))


@api_view
def constituencies(request):
    check_params(request, ("election",))
    queryset = _constituencies()
    slug = check_election(request)
    if slug is not None:
        queryset = queryset.filter(election__slug=slug)
    return paginated(request, queryset, serialize_constituency)


@api_view
def parties(request):
    check_params(request, ())
    return paginated(request, Party.objects.prefetch_related("aliases"), serialize_party)


@api_view
def party_detail(request, slug):
    check_params(request, ())
    party = get_by_slug(Party.objects.prefetch_related("aliases"), slug)
    return detail(request, party, serialize_party)
