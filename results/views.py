"""Public pages. Each view runs a fixed number of queries (pinned in tests)."""

from collections import defaultdict
from operator import attrgetter

import django_tables2 as tables
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from results import audit, charts, selectors
from results.models import (
    BallotCount,
    Constituency,
    ConstituencyResult,
    Debate,
    DebateParticipation,
    Election,
    Event,
    Incident,
    Investiture,
    InvestitureTally,
    NationalResult,
    Party,
    Province,
    RegisteredVoterCount,
    Registration,
    ScheduleEntry,
    Source,
)
from results.permalinks import SlugMoved, get_by_slug, newest_change
from results.tables import (
    ConstituencyResultTable,
    NationalResultTable,
    ProvinceTable,
    RegisteredVotersTable,
    RegistrationTable,
    SeatsByConstituencyTable,
    export_response,
)
from results.versions import BadVersion, history, history_until, page_context, parse_as_of


def _configure(request, *tables_):
    """Apply the request's sort and page parameters; unknown values are ignored."""
    config = RequestConfig(request, paginate=True)
    for table in tables_:
        config.configure(table)


def bad_request(request, message: str):
    return render(request, "400.html", {"message": message}, status=400)


def _as_of(request):
    """The pinned moment asked for, or None; BadVersion for a value that is not a date."""
    return parse_as_of(request.GET.get("as_of"))


def _results_updated(**scope):
    """Newest change to the figures of the results tables (one query per table)."""
    return newest_change(
        history(Election, **scope.get("election", {})),
        history(Constituency, **scope.get("constituency", {})),
        history(ConstituencyResult, **scope.get("result", {})),
        history(NationalResult, **scope.get("national", {})),
        history(BallotCount, **scope.get("ballots", {})),
    )


def page_of(request, items, per_page: int):
    """One page of a long list; a missing or bad ?page= gives the first or last page."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def home(request):
    elections = list(Election.objects.latest_main().order_by("held_on"))
    provinces = Province.objects.order_by("name").values_list("slug", "name")
    title = _("Cambodia's elections, 2023–2024")
    return render(
        request,
        "results/home.html",
        {
            "summaries": selectors.summaries(elections),
            "by_elections": Election.objects.filter(kind=Election.Kind.COMMUNAL_BY_ELECTION),
            "provinces": provinces,
            **page_context(request, title=title, updated=_results_updated()),
        },
    )


def election_list(request):
    page = page_of(request, Election.objects.order_by("-held_on").values_list("pk", flat=True), 20)
    elections = list(Election.objects.filter(pk__in=list(page)).order_by("-held_on"))
    return render(
        request,
        "results/election_list.html",
        {
            "summaries": selectors.summaries(elections),
            "page": page,
            **page_context(request, title=_("Elections"), updated=_results_updated()),
        },
    )


def election_detail(request, slug):
    try:
        as_of = _as_of(request)
    except BadVersion:
        return bad_request(request, _("“as_of” must be a date such as 2024-05-01."))
    if as_of:
        try:
            election = selectors.election_as_of(slug, as_of)
        except ObjectDoesNotExist as error:
            raise Http404 from error
    else:
        election = get_by_slug(Election.objects.all(), slug)
        selectors.with_results([election], provinces=not election.is_province_based)
    updated = newest_change(
        history_until(Election, as_of, id=election.pk),
        history_until(Constituency, as_of, election_id=election.pk),
        history_until(ConstituencyResult, as_of, constituency__election_id=election.pk),
        history_until(NationalResult, as_of, election_id=election.pk),
        history_until(BallotCount, as_of, election_id=election.pk),
    )
    composition = selectors.composition(election)
    hemicycle = charts.hemicycle([(g.label, g.colour, g.seats) for g in composition])

    national_table = NationalResultTable(
        list(election.national_results.all()),
        caption=_("Nationwide results as each source reports them"),
        prefix="national-",
        export_name=f"{election.slug}-national-results",
    )
    rows, parties = selectors.seats_by_constituency(
        election, provinces=not election.is_province_based
    )
    seats_table = SeatsByConstituencyTable(
        rows,
        caption=_("Seats by constituency"),
        prefix="seats-",
        export_name=f"{election.slug}-seats-by-constituency",
        extra_columns=[
            (party.slug, tables.Column(verbose_name=party.short_name, default=0))
            for party in parties
        ],
        exclude=("provinces",) if election.is_province_based else (),
    )
    registrations = list(
        Registration.objects.filter(election=election).select_related("party", "source")
    )
    approved_table = RegistrationTable(
        [r for r in registrations if r.status == Registration.Status.APPROVED],
        caption=_("Parties on the ballot"),
        prefix="parties-",
        export_name=f"{election.slug}-parties",
    )
    _configure(request, national_table, seats_table, approved_table)
    download = export_response(request, national_table, seats_table, approved_table)
    if download:
        return download

    context = {
        "election": election,
        "composition": composition,
        "hemicycle": hemicycle,
        "national_table": national_table,
        "seats_table": seats_table,
        "approved_table": approved_table,
        "disqualified": [r for r in registrations if r.status == Registration.Status.DISQUALIFIED],
        "turnout": selectors.final_turnout(election),
        "ballot_counts": list(election.ballot_counts.all()),
        "findings": audit.election_findings(election),
        **page_context(
            request,
            title=election.name,
            updated=updated,
            as_of=as_of,
            versioned=True,
            description=election.summary,
        ),
    }
    return render(request, "results/election_detail.html", context)


def election_timeline(request, slug):
    """The schedule, campaign, polling day and what followed: dated entries, each sourced."""
    try:
        election = get_by_slug(Election.objects.select_related("source"), slug)
    except SlugMoved as moved:
        raise SlugMoved(f"{moved.url}timeline/") from moved
    schedule = defaultdict(list)
    for entry in ScheduleEntry.objects.filter(election=election).select_related("source"):
        schedule[entry.get_kind_display()].append(entry)
    investiture = (
        Investiture.objects.filter(election=election)
        .select_related("party", "source")
        .prefetch_related(
            Prefetch("tallies", queryset=InvestitureTally.objects.select_related("party"))
        )
        .first()
    )
    updated = newest_change(
        history(ScheduleEntry, election_id=election.pk),
        history(Investiture, election_id=election.pk),
        history(InvestitureTally, investiture__election_id=election.pk),
        history(Debate, election_id=election.pk),
        history(DebateParticipation, debate__election_id=election.pk),
        history(Incident, election_id=election.pk),
        history(Event, election_id=election.pk),
    )
    context = {
        "election": election,
        "schedule": dict(schedule),
        "investiture": investiture,
        "debates": selectors.debates_with_parties(election),
        "incidents": list(
            Incident.objects.filter(election=election).select_related("province", "source")
        ),
        "events": list(
            Event.objects.filter(election=election).select_related("party", "province", "source")
        ),
        **page_context(
            request,
            title=_("Timeline of the %(election)s") % {"election": election.name},
            updated=updated,
            description=_(
                "Schedule, campaign debates, polling-day incidents and events of the %(election)s."
            )
            % {"election": election.name},
        ),
    }
    return render(request, "results/election_timeline.html", context)


def constituency_detail(request, election_slug, slug):
    try:
        as_of = _as_of(request)
    except BadVersion:
        return bad_request(request, _("“as_of” must be a date such as 2024-05-01."))
    election = get_by_slug(Election.objects.all(), election_slug)
    if as_of:
        found = selectors.constituencies_as_of(as_of, election_id=election.pk, slug=slug)
        if not found:
            raise Http404
        constituency = found[0]
    else:
        constituency = get_by_slug(
            selectors.constituencies_with_results().prefetch_related(
                Prefetch("ballot_counts", queryset=BallotCount.objects.select_related("source"))
            ),
            slug,
            election=election,
        )
    updated = newest_change(
        history_until(Constituency, as_of, id=constituency.pk),
        history_until(ConstituencyResult, as_of, constituency_id=constituency.pk),
        history_until(BallotCount, as_of, constituency_id=constituency.pk),
    )
    results = list(constituency.results.all())
    table = ConstituencyResultTable(
        results,
        caption=_("Result in %(name)s") % {"name": constituency.name},
        export_name=f"{constituency.election.slug}-{constituency.slug}-results",
    )
    _configure(request, table)
    download = export_response(request, table)
    if download:
        return download
    return render(
        request,
        "results/constituency_detail.html",
        {
            "constituency": constituency,
            "election": constituency.election,
            "table": table,
            "results": results,
            "check": selectors.dhondt_check(constituency),
            "findings": audit.constituency_seat_findings(constituency),
            **page_context(
                request,
                title=f"{constituency.name}, {constituency.election.name}",
                updated=updated,
                as_of=as_of,
                versioned=True,
            ),
        },
    )


def province_list(request):
    chosen = request.GET.get("province")
    if chosen:  # the home page's "Your province" picker
        province = Province.objects.filter(slug=chosen).first()
        if province is not None:
            return redirect(province.get_absolute_url())
    # Each province's constituency in the latest National Assembly and Senate elections.
    by_province: dict[int, dict[str, Constituency]] = defaultdict(dict)
    latest = selectors.elections_with_results(Election.objects.latest_main(), nationals=False)
    for election in latest:
        for constituency in election.constituencies.all():
            for province in constituency.provinces.all():
                by_province[province.pk][election.kind] = constituency
    rows = []
    for province in Province.objects.all():
        by_kind = by_province[province.pk]
        assembly = by_kind.get(Election.Kind.NATIONAL_ASSEMBLY)
        region = by_kind.get(Election.Kind.SENATE)
        rows.append(
            {
                "province": province.name,
                "name": province.name,
                "url": province.get_absolute_url(),
                "seats": assembly.seats if assembly else None,
                "won": ", ".join(
                    f"{r.party.short_name} {r.seats}" for r in assembly.results.all() if r.seats
                )
                if assembly
                else None,
                "region": region.name if region else None,
                "region_name": region.name if region else "",
                "region_url": region.get_absolute_url() if region else "",
            }
        )
    table = ProvinceTable(
        rows,
        caption=_("Provinces, their 2023 seats and their Senate region"),
        export_name="provinces",
    )
    _configure(request, table)
    download = export_response(request, table)
    if download:
        return download
    return render(
        request,
        "results/province_list.html",
        {
            "table": table,
            **page_context(request, title=_("Provinces"), updated=_results_updated()),
        },
    )


LATEST_ELECTIONS_SHOWN = 5


def _latest_elections(elections) -> tuple[list[int], bool]:
    """The ids of the latest LATEST_ELECTIONS_SHOWN of `elections`, and whether there are more."""
    ids = list(
        elections.distinct()
        .order_by("-held_on")
        .values_list("pk", flat=True)[: LATEST_ELECTIONS_SHOWN + 1]
    )
    return ids[:LATEST_ELECTIONS_SHOWN], len(ids) > LATEST_ELECTIONS_SHOWN


def province_detail(request, slug):
    # The latest elections; older ones are on each election's page.
    shown, more = _latest_elections(Election.objects.filter(constituencies__provinces__slug=slug))
    province = get_by_slug(
        Province.objects.prefetch_related(
            "aliases",
            Prefetch(
                "constituencies",
                queryset=selectors.constituencies_with_results()
                .filter(election__in=shown)
                .prefetch_related(
                    Prefetch("ballot_counts", queryset=BallotCount.objects.select_related("source"))
                )
                .order_by("election__held_on"),
            ),
            Prefetch("incidents", queryset=Incident.objects.select_related("election", "source")),
            Prefetch("events", queryset=Event.objects.select_related("election", "source")),
        ),
        slug,
    )
    constituencies = list(province.constituencies.all())
    return render(
        request,
        "results/province_detail.html",
        {
            "province": province,
            "earlier_elections": more,
            "constituencies": [
                {
                    "constituency": c,
                    "check": selectors.dhondt_check(c),
                    "findings": audit.constituency_seat_findings(c),
                }
                for c in constituencies
            ],
            **page_context(
                request,
                title=province.name,
                updated=newest_change(
                    history(Province, id=province.pk),
                    history(ConstituencyResult, constituency__in=[c.pk for c in constituencies]),
                    history(Event, province_id=province.pk),
                ),
            ),
        },
    )


def party_list(request):
    elections = Election.objects.filter(registrations__isnull=False).distinct()
    page = page_of(request, elections.order_by("-held_on").values_list("pk", flat=True), 5)
    registrations = (
        Registration.objects.filter(election__in=list(page))
        .select_related("election", "party", "source")
        .order_by("-election__held_on", "ballot_number", "party__name")
    )
    by_election = defaultdict(lambda: {"approved": [], "disqualified": []})
    for registration in registrations:
        by_election[registration.election][registration.status].append(registration)
    sections = []
    for election, groups in by_election.items():
        table = RegistrationTable(
            groups["approved"],
            caption=_("Approved parties: %(election)s") % {"election": election.name},
            prefix=f"{election.slug}-",
            export_name=f"{election.slug}-approved-parties",
        )
        _configure(request, table)
        download = export_response(request, table)
        if download:
            return download
        sections.append(
            {"election": election, "table": table, "disqualified": groups["disqualified"]}
        )
    parties = Party.objects.prefetch_related("aliases")
    updated = newest_change(history(Party), history(Registration))
    return render(
        request,
        "results/party_list.html",
        {
            "sections": sections,
            "page": page,
            "parties": parties,
            **page_context(request, title=_("Parties"), updated=updated),
        },
    )


def party_detail(request, slug):
    party = get_by_slug(Party.objects.prefetch_related("aliases"), slug)
    # Rows without joins; elections and sources are read once each and shared (below).
    registrations = list(Registration.objects.filter(party=party).order_by())
    nationals = list(NationalResult.objects.filter(party=party).order_by())
    participations = list(
        DebateParticipation.objects.filter(party=party).select_related("debate").order_by()
    )
    events = list(Event.objects.filter(party=party))
    # The latest elections it has results in; older ones are on each election's page.
    shown, more = _latest_elections(Election.objects.filter(constituencies__results__party=party))
    results = list(
        ConstituencyResult.objects.filter(party=party, constituency__election__in=shown)
        .select_related("constituency")
        .order_by()
    )
    constituencies = {r.constituency_id: r.constituency for r in results}.values()
    debates = [p.debate for p in participations]
    selectors.link_shared(
        [*registrations, *nationals, *debates, *events, *constituencies], Election, "election"
    )
    selectors.link_shared([*registrations, *nationals, *events, *results], Source, "source")
    selectors.attach_provinces(constituencies)

    newest_first = attrgetter("election.held_on")
    registrations.sort(key=newest_first, reverse=True)
    nationals.sort(key=attrgetter("section"))
    nationals.sort(key=newest_first, reverse=True)
    participations.sort(key=lambda p: (p.debate.held_on, p.debate.number))
    results.sort(key=attrgetter("constituency.name"))
    results.sort(key=attrgetter("constituency.election.held_on"), reverse=True)
    results_by_election = defaultdict(list)
    for result in results:
        results_by_election[result.constituency.election].append(result)
    return render(
        request,
        "results/party_detail.html",
        {
            "party": party,
            "registrations": registrations,
            "nationals": nationals,
            "participations": participations,
            "events": events,
            "results_by_election": dict(results_by_election),
            "earlier_elections": more,
            **page_context(
                request,
                title=party.name,
                updated=newest_change(
                    history(Party, id=party.pk),
                    history(Registration, party_id=party.pk),
                    history(ConstituencyResult, party_id=party.pk),
                    history(NationalResult, party_id=party.pk),
                ),
            ),
        },
    )


def registered_voters(request):
    counts = list(RegisteredVoterCount.objects.select_related("source").order_by("year"))
    rows, previous = [], None
    for count in counts:
        change = None
        if previous:
            change = (count.registered_voters - previous.registered_voters) * 100
            change /= previous.registered_voters
        rows.append(
            {
                "year": count.year,
                "registered_voters": count.registered_voters,
                "reported_change": count.reported_change,
                "computed_change": change,
            }
        )
        previous = count
    table = RegisteredVotersTable(
        rows,
        caption=_("Registered voters at each election since 1993"),
        export_name="registered-voters",
    )
    _configure(request, table)
    download = export_response(request, table)
    if download:
        return download
    bars = charts.bar_chart([(str(c.year), c.registered_voters) for c in counts])
    return render(
        request,
        "results/registered_voters.html",
        {
            "table": table,
            "bars": bars,
            "sources": {c.source for c in counts},
            "sections": sorted({c.section for c in counts}),
            "findings": audit.registered_voter_findings(counts),
            **page_context(
                request,
                title=_("Registered voters since 1993"),
                updated=newest_change(history(RegisteredVoterCount)),
            ),
        },
    )


def consistency(request):
    # Three elections a page: every result row of each is read to check it.
    page = page_of(request, Election.objects.order_by("held_on").values_list("pk", flat=True), 3)
    elections = selectors.elections_with_results(
        Election.objects.filter(pk__in=list(page)).order_by("held_on"), provinces=False
    )
    grouped = {election.name: audit.election_findings(election) for election in elections}
    if page.number == 1:
        counts = RegisteredVoterCount.objects.select_related("source").order_by("year")
        grouped[_("Registered voters")] = audit.registered_voter_findings(counts)
    return render(
        request,
        "results/consistency.html",
        {
            "grouped": {name: findings for name, findings in grouped.items() if findings},
            "page": page,
            **page_context(
                request, title=_("Where the sources differ"), updated=_results_updated()
            ),
        },
    )


def source_list(request):
    return render(
        request,
        "results/source_list.html",
        {
            "sources": Source.objects.all(),
            **page_context(request, title=_("Sources"), updated=newest_change(history(Source))),
        },
    )
