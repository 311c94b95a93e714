"""Public pages. Each view runs a fixed number of queries (pinned in tests)."""

from collections import defaultdict
from datetime import date
from decimal import Decimal
from operator import attrgetter
from urllib.parse import urlencode

import django_tables2 as tables
from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tables2 import RequestConfig

from results import audit, charts, maps, selectors, summaries
from results.citation import version_stamp
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
    ResultSet,
    ScheduleEntry,
    Source,
    StatedFigure,
    result_set_of,
)
from results.numerals import khmer_digits
from results.permalinks import SlugMoved, get_by_slug, newest_change, oldest_change
from results.tables import (
    ConstituencyResultTable,
    NationalResultTable,
    ProvinceTable,
    RegisteredVotersTable,
    RegistrationTable,
    SeatsByConstituencyTable,
    export_response,
)
from results.versions import (
    BadVersion,
    example_version,
    history,
    page_context,
    parse_as_of,
    snapshot,
    version_updated,
)


def _configure(request, *tables_):
    """Apply the request's sort and page parameters; unknown values are ignored."""
    config = RequestConfig(request, paginate=True)
    for table in tables_:
        config.configure(table)


def bad_request(request, message: str):
    return render(request, "400.html", {"message": message}, status=400)


def bad_version(request):
    """The 400 page for an `as_of` that is not a date, with an example that works."""
    return bad_request(
        request,
        _("“as_of” must be a date such as %(example)s.") % {"example": example_version()},
    )


def version_missing(request, as_of, *history_querysets):
    """The 404 page for a version from before the page's data existed."""
    earliest = oldest_change(*history_querysets)
    return render(
        request,
        "version_missing.html",
        {
            "asked": as_of,
            "earliest": earliest,
            "earliest_stamp": version_stamp(earliest) if earliest else "",
        },
        status=404,
    )


def _as_of(request):
    """The pinned moment asked for, or None; BadVersion for a value that is not a date."""
    return parse_as_of(request.GET.get("as_of"))


def page_of(request, items, per_page: int):
    """One page of a long list; a missing or bad ?page= gives the first or last page."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def _results_history():
    return (
        history(Election),
        history(Constituency),
        history(ConstituencyResult),
        history(NationalResult),
        history(BallotCount),
    )


def home(request):
    try:
        as_of = _as_of(request)
    except BadVersion:
        return bad_version(request)
    updated, is_current = version_updated(as_of, *_results_history())
    if as_of and updated is None:
        return version_missing(request, as_of, *_results_history())
    assembly = None
    if as_of:
        election_summaries, by_elections = selectors.home_elections_as_of(as_of)
    else:
        elections = list(Election.objects.latest_main().order_by("held_on"))
        election_summaries = selectors.summaries(elections)
        by_elections = Election.objects.filter(kind=Election.Kind.COMMUNAL_BY_ELECTION)
        # The map shows the current winners only; a past version is told in its summaries.
        assembly = next((e for e in elections if e.kind == Election.Kind.NATIONAL_ASSEMBLY), None)
    provinces = Province.objects.order_by("name").values_list("slug", "name")
    title = _("Cambodia's elections, 2023–2024")
    return render(
        request,
        "results/home.html",
        {
            "map": _winners_map(assembly, selectors.seat_winners(assembly)) if assembly else None,
            "summaries": election_summaries,
            "by_elections": by_elections,
            "provinces": provinces,
            **page_context(
                request,
                title=title,
                updated=updated,
                as_of=as_of,
                as_of_is_current=is_current,
                versioned=True,
            ),
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
            **page_context(
                request, title=_("Elections"), updated=newest_change(*_results_history())
            ),
        },
    )


def _election_history(pk: int):
    return (
        history(Election, id=pk),
        history(ResultSet, election_id=pk),
        history(Constituency, election_id=pk),
        history(ConstituencyResult, constituency__election_id=pk),
        history(NationalResult, election_id=pk),
        history(BallotCount, election_id=pk),
    )


def election_detail(request, slug):
    try:
        as_of = _as_of(request)
    except BadVersion:
        return bad_version(request)
    if as_of:
        try:
            election = selectors.election_as_of(slug, as_of)
        except ObjectDoesNotExist:
            current = get_by_slug(Election.objects.all(), slug)
            return version_missing(request, as_of, *_election_history(current.pk))
    else:
        election = get_by_slug(Election.objects.select_related("result_set__source"), slug)
        selectors.with_results([election], provinces=not election.is_province_based)
    updated, is_current = version_updated(as_of, *_election_history(election.pk))
    composition = selectors.composition(election)
    turnout = selectors.final_turnout(election)
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
            (party.slug, tables.Column(verbose_name=party.short_name)) for party in parties
        ],
        exclude=("provinces",) if election.is_province_based else (),
    )
    _configure(request, national_table, seats_table)
    download = export_response(request, national_table, seats_table)
    if download:
        return download

    summary = summaries.election_summary(
        election.name,
        election.seats_total,
        election.seats_contested,
        [summaries.PartySeats(g.label, g.seats) for g in composition if g.party],
        turnout.turnout_percent if turnout else None,
    )
    context = {
        "election": election,
        "map": _winners_map(
            election,
            maps.election_outcomes(election),
            outline=not election.is_province_based,
        )
        if election.kind in MAPPED_KINDS
        else None,
        "composition": composition,
        "hemicycle": hemicycle,
        "national_shares": _national_shares(election),
        "regional_shares": charts.shares_table(
            _("Votes and share in each constituency"),
            [
                (
                    c.name,
                    c.get_absolute_url(),
                    [(r.party.short_name, r.votes, r.percent) for r in c.results.all()],
                )
                for c in election.constituencies.all()
            ],
        ),
        "national_table": national_table,
        "seats_table": seats_table,
        "seats_sources": [
            record
            for constituency in election.constituencies.all()
            for record in (constituency, *constituency.results.all())
        ],
        "registrations": selectors.registration_counts(election),
        "turnout": turnout,
        # A past version shows no status: the status's own history is not rebuilt there.
        "result_set": None if as_of else result_set_of(election),
        "summary": summary,
        "facts": summaries.election_facts(election, turnout.turnout_percent if turnout else None),
        "ballot_counts": list(election.ballot_counts.all()),
        "findings_total": _counts(audit.election_findings(election)),
        **page_context(
            request,
            title=election.name,
            updated=updated,
            as_of=as_of,
            as_of_is_current=is_current,
            versioned=True,
            # The headline result and turnout, which a search result should show.
            description=summary,
        ),
    }
    return render(request, "results/election_detail.html", context)


def _national_shares(election) -> list[charts.VoteShares]:
    """Vote-share bars for each source table that gives every party's nationwide votes."""
    tables = defaultdict(list)
    for row in election.national_results.all():
        tables[(row.source, row.section)].append(row)
    found = []
    for (source, section), rows in tables.items():
        caption = _("Nationwide votes and share (%(source)s, %(section)s)") % {
            "source": source.title,
            "section": section,
        }
        chart = charts.vote_shares(caption, [(r.party.name, r.votes, r.percent) for r in rows])
        if chart:
            found.append(chart)
    return found


def _election_part(slug: str, part: str) -> Election:
    """The election of one of its pages beside the main one (its timeline, its parties...);
    an old slug moves to the same page of the new one."""
    try:
        return get_by_slug(Election.objects.select_related("source"), slug)
    except SlugMoved as moved:
        raise SlugMoved(f"{moved.url}{part}/", moved.slug) from moved


def election_parties(request, slug):
    """The parties on an election's ballot, and those disqualified with the reason given."""
    election = _election_part(slug, "parties")
    registrations = list(
        Registration.objects.filter(election=election).select_related("party", "source")
    )
    approved_table = RegistrationTable(
        [r for r in registrations if r.status == Registration.Status.APPROVED],
        caption=_("Parties on the ballot"),
        prefix="parties-",
        export_name=f"{election.slug}-parties",
    )
    _configure(request, approved_table)
    download = export_response(request, approved_table)
    if download:
        return download
    context = {
        "election": election,
        "approved_table": approved_table,
        "disqualified": [r for r in registrations if r.status == Registration.Status.DISQUALIFIED],
        **page_context(
            request,
            title=_("Parties in the %(election)s") % {"election": election.name},
            updated=newest_change(history(Registration, election_id=election.pk)),
            description=_("The parties on the ballot of the %(election)s, and those disqualified.")
            % {"election": election.name},
        ),
    }
    return render(request, "results/election_parties.html", context)


def election_figures(request, slug):
    """Figures the sources state in their prose, and where the election's figures disagree."""
    election = _election_part(slug, "figures")
    selectors.with_results([election], provinces=False)
    context = {
        "election": election,
        "findings": audit.election_findings(election),
        **page_context(
            request,
            title=_("Figures the sources state: %(election)s") % {"election": election.name},
            updated=newest_change(
                *_election_history(election.pk), history(StatedFigure, election_id=election.pk)
            ),
            description=_(
                "Figures the sources state about the %(election)s, and where they disagree."
            )
            % {"election": election.name},
        ),
    }
    return render(request, "results/election_figures.html", context)


def election_timeline(request, slug):
    """The schedule, campaign, polling day and what followed: dated entries, each sourced."""
    election = _election_part(slug, "timeline")
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
    debates = selectors.debates_with_parties(election)
    votes_for = summaries.votes_in_favour(investiture.tallies.all()) if investiture else None
    context = {
        "election": election,
        "facts": summaries.timeline_facts(election, investiture, votes_for),
        "investiture_summary": summaries.investiture_summary(
            investiture.candidate,
            investiture.held_on,
            votes_for,
            investiture.seats_total,
            investiture.required_majority,
        )
        if investiture
        else "",
        "schedule": dict(schedule),
        "investiture": investiture,
        "debates": debates,
        "debates_caveat": _caveat_of(debates, selectors.uncertain_tables([election]))
        if debates
        else None,
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


def _caveat_of(records, tables):
    """The source table caveat that applies to these records (read from one table), if any."""
    for record in records:
        table = tables.get((record.source_id, record.section))
        if table:
            return table
    return None


def _constituency_history(pk: int):
    return (
        history(Constituency, id=pk),
        history(ConstituencyResult, constituency_id=pk),
        history(BallotCount, constituency_id=pk),
    )


def constituency_detail(request, election_slug, slug):
    try:
        as_of = _as_of(request)
    except BadVersion:
        return bad_version(request)
    election = get_by_slug(Election.objects.all(), election_slug)
    if as_of:
        found = selectors.constituencies_as_of(as_of, election_id=election.pk, slug=slug)
        if not found:
            current = get_by_slug(Constituency.objects.all(), slug, election=election)
            return version_missing(request, as_of, *_constituency_history(current.pk))
        constituency = found[0]
    else:
        constituency = get_by_slug(
            selectors.constituencies_with_results().prefetch_related(
                Prefetch("ballot_counts", queryset=BallotCount.objects.select_related("source"))
            ),
            slug,
            election=election,
        )
    updated, is_current = version_updated(as_of, *_constituency_history(constituency.pk))
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
                as_of_is_current=is_current,
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
    latest = selectors.elections_with_results(
        Election.objects.latest_main(), nationals=False, checks=False
    )
    table_sources = []
    for election in latest:
        for constituency in election.constituencies.all():
            table_sources.extend((constituency, *constituency.results.all()))
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
    assembly = next((e for e in latest if e.kind == Election.Kind.NATIONAL_ASSEMBLY), None)
    return render(
        request,
        "results/province_list.html",
        {
            "map": _winners_map(assembly, maps.election_outcomes(assembly)) if assembly else None,
            "table": table,
            "table_sources": table_sources,
            **page_context(
                request, title=_("Provinces"), updated=newest_change(*_results_history())
            ),
        },
    )


# Elections whose constituencies are provinces or groups of them (not local councils).
MAPPED_KINDS = (Election.Kind.NATIONAL_ASSEMBLY, Election.Kind.SENATE)


def _winners_map(election, outcomes, *, outline: bool = False):
    if outline:
        title = _("%(election)s: the parties that won seats in each region, regions outlined")
    else:
        title = _("%(election)s: the parties that won seats in each province")
    return maps.results_map(
        "map",
        title % {"election": election.name},
        outcomes,
        maps.gazetteer(),
        outline=outline,
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
    try:
        as_of = _as_of(request)
    except BadVersion:
        return bad_version(request)
    # The latest elections; older ones are on each election's page.
    shown, more = _latest_elections(Election.objects.filter(constituencies__provinces__slug=slug))
    if as_of:
        try:
            province, constituencies = selectors.province_as_of(slug, shown, as_of)
        except ObjectDoesNotExist:
            current = get_by_slug(Province.objects.all(), slug)
            return version_missing(request, as_of, history(Province, id=current.pk))
    else:
        province = get_by_slug(
            Province.objects.prefetch_related(
                "aliases",
                Prefetch(
                    "constituencies",
                    queryset=selectors.constituencies_with_results()
                    .filter(election__in=shown)
                    .prefetch_related(
                        Prefetch(
                            "ballot_counts", queryset=BallotCount.objects.select_related("source")
                        )
                    )
                    .order_by("election__held_on"),
                ),
                Prefetch(
                    "incidents", queryset=Incident.objects.select_related("election", "source")
                ),
                Prefetch("events", queryset=Event.objects.select_related("election", "source")),
            ),
            slug,
        )
        constituencies = list(province.constituencies.all())
    ids = [c.pk for c in constituencies]
    updated, is_current = version_updated(
        as_of,
        history(Province, id=province.pk),
        history(Constituency, id__in=ids),
        history(ConstituencyResult, constituency__in=ids),
        history(BallotCount, constituency__in=ids),
        history(Incident, province_id=province.pk),
        history(Event, province_id=province.pk),
    )
    latest = {c.election.kind: c for c in constituencies}  # oldest first: the latest wins
    assembly = latest.get(Election.Kind.NATIONAL_ASSEMBLY)
    region = latest.get(Election.Kind.SENATE)
    return render(
        request,
        "results/province_detail.html",
        {
            "province": province,
            "summary": summaries.province_summary(
                province.name,
                summaries.constituency_outcome(assembly) if assembly else None,
                summaries.constituency_outcome(region) if region else None,
            ),
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
                updated=updated,
                as_of=as_of,
                as_of_is_current=is_current,
                versioned=True,
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


def _party_history(pk: int):
    return (
        history(Party, id=pk),
        history(Registration, party_id=pk),
        history(ConstituencyResult, party_id=pk),
        history(NationalResult, party_id=pk),
        history(DebateParticipation, party_id=pk),
        history(Event, party_id=pk),
    )


def party_detail(request, slug):
    try:
        as_of = _as_of(request)
    except BadVersion:
        return bad_version(request)
    if as_of:
        try:
            party = snapshot(Party, as_of).get(slug=slug)
        except ObjectDoesNotExist:
            current = get_by_slug(Party.objects.all(), slug)
            return version_missing(request, as_of, *_party_history(current.pk))
        prefetch_related_objects([party], "aliases")
    else:
        party = get_by_slug(Party.objects.prefetch_related("aliases"), slug)

    def rows(model, related: str = "", **filters) -> list:
        # Rows without joins, now or as they stood; elections and sources are read once
        # each and shared (below). `related` is joined for the current page only: a join
        # would read today's row, so a version reads the related rows as they stood.
        found = snapshot(model, as_of).filter(**filters).order_by()
        found = list(found.select_related(related) if related and not as_of else found)
        if related and as_of:
            selectors.link_as_of(
                found, model._meta.get_field(related).related_model, related, as_of
            )
        return found

    registrations = rows(Registration, party_id=party.pk)
    nationals = rows(NationalResult, party_id=party.pk)
    participations = rows(DebateParticipation, "debate", party_id=party.pk)
    events = rows(Event, party_id=party.pk)
    events.sort(key=lambda e: (e.starts_on is None, e.starts_on or date.min, e.key))
    # The latest elections it has results in; older ones are on each election's page.
    shown, more = _latest_elections(Election.objects.filter(constituencies__results__party=party))
    results = rows(
        ConstituencyResult, "constituency", party_id=party.pk, constituency__election__in=shown
    )
    constituencies = {r.constituency_id: r.constituency for r in results}.values()
    debates = [p.debate for p in participations]
    selectors.link_shared(
        [*registrations, *nationals, *debates, *events, *constituencies], Election, "election"
    )
    selectors.link_shared(
        [*registrations, *nationals, *events, *results, *participations], Source, "source"
    )
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
    # A caveat where the debate table these statuses come from lost a column, also on the
    # page of a party that the table has a column for but no status.
    elections = {r.election_id for r in registrations if r.status == Registration.Status.APPROVED}
    tables = selectors.uncertain_tables(elections) if elections else {}
    debates_caveat = _caveat_of(participations, tables)
    if tables and not participations:
        debates_caveat = _caveat_of(Debate.objects.filter(election__in=elections)[:1], tables)
    updated, is_current = version_updated(as_of, *_party_history(party.pk))
    # The map shows the latest election mapped by province, else the latest mapped at all.
    mapped = sorted(
        (e for e in results_by_election if e.kind in MAPPED_KINDS),
        key=lambda e: (e.is_province_based, e.held_on),
    )
    return render(
        request,
        "results/party_detail.html",
        {
            "party": party,
            "debates_caveat": debates_caveat,
            "map": maps.party_map(
                "map",
                _("%(election)s: where %(party)s won seats")
                % {"election": mapped[-1].name, "party": party.short_name},
                party.short_name,
                results_by_election[mapped[-1]],
                maps.gazetteer(),
            )
            if mapped
            else None,
            "summary": summaries.party_summary(
                party.short_name,
                [
                    summaries.party_election(election, rows)
                    for election, rows in results_by_election.items()
                ],
            ),
            "registrations": registrations,
            "nationals": nationals,
            "participations": participations,
            "events": events,
            "results_by_election": dict(results_by_election),
            "earlier_elections": more,
            **page_context(
                request,
                title=party.name,
                updated=updated,
                as_of=as_of,
                as_of_is_current=is_current,
                versioned=True,
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
    chart = charts.bar_chart(
        [(khmer_digits(str(c.year)), c.registered_voters) for c in counts],
        value_label=lambda value: summaries.number(round(Decimal(value) / 1_000_000, 2)),
        tick_label=lambda value: summaries.number(round(Decimal(value) / 1_000_000, 1)),
        width=480,  # narrow, so that its labels stay legible on a phone
    )
    return render(
        request,
        "results/registered_voters.html",
        {
            "table": table,
            "chart": chart,
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


class ConsistencyFilter(forms.Form):
    """Filters on "Where the sources differ"; a value that is not a choice is ignored."""

    election = forms.ChoiceField(label=gettext_lazy("Election"), required=False)
    kind = forms.ChoiceField(label=gettext_lazy("What is compared"), required=False)

    def __init__(self, *args, elections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["election"].choices = [
            ("", _("Every election")),
            *((e["slug"], e["name"]) for e in elections),
            (REGISTERED_VOTERS, _("Registered voters since 1993")),
        ]
        self.fields["kind"].choices = [("", _("Every kind")), *audit.KINDS.items()]

    def value(self, name: str) -> str:
        return self.cleaned_data.get(name, "") if self.is_valid() else ""


# The election filter's value for the registered-voters history, which is not an election.
REGISTERED_VOTERS = "registered-voters"


def consistency(request):
    try:
        as_of = _as_of(request)
    except BadVersion:
        return bad_version(request)
    histories = (*_results_history(), history(RegisteredVoterCount))
    updated, is_current = version_updated(as_of, *histories)
    if as_of and updated is None:
        return version_missing(request, as_of, *histories)
    every_election = list(
        snapshot(Election, as_of).order_by("held_on").values("pk", "slug", "name")
    )
    form = ConsistencyFilter(request.GET or None, elections=every_election)
    chosen, kind = form.value("election"), form.value("kind")
    if chosen:
        page = None
        elections = [e["pk"] for e in every_election if e["slug"] == chosen]
    else:
        # Three elections a page: every result row of each is read to check it.
        page = Paginator([e["pk"] for e in every_election], 3).get_page(request.GET.get("page"))
        elections = list(page)
    read = list(snapshot(Election, as_of).filter(pk__in=elections).order_by("held_on"))
    grouped = {
        election.name: audit.election_findings(election)
        for election in selectors.with_results(read, as_of, provinces=False)
    }
    # Each group's value for the election filter: its election's slug, or the one that
    # shows the groups that are not an election's.
    filter_value = {election.name: election.slug for election in read}
    if chosen == REGISTERED_VOTERS or (page and page.number == 1):
        counts = selectors.registered_counts(as_of)
        others = {
            _("Registered voters"): audit.registered_voter_findings(counts),
            _("Dates of announcements"): audit.announcement_date_findings(audit.dated_events()),
            **audit.extra_findings(),
        }
        grouped.update(others)
        filter_value.update(dict.fromkeys(others, REGISTERED_VOTERS))
    # The kinds are counted before the kind filter, so that every kind stays listed.
    every_kind = [finding for found in grouped.values() for finding in found]
    if kind:
        grouped = {name: [f for f in found if f.kind == kind] for name, found in grouped.items()}
    shown = [finding for found in grouped.values() for finding in found]
    return render(
        request,
        "results/consistency.html",
        {
            "ignored": form.is_bound and bool(form.errors),
            "filtered": bool(chosen or kind),
            "grouped": {name: findings for name, findings in grouped.items() if findings},
            # The summary's lines are the filters: each links to its group or kind alone.
            "by_group": [
                (name, len(found), _filter_query(filter_value[name], kind))
                for name, found in grouped.items()
                if found
            ],
            "by_kind": [
                # Most are material: the summary says how many are rounding-level.
                (label, count, count - material, _filter_query(chosen, key), key == kind)
                for key, label in audit.KINDS.items()
                for count, material in [_counts([f for f in every_kind if f.kind == key])]
                if count
            ],
            "total": _counts(shown),
            "rounding_rule": audit.ROUNDING_RULE,
            "page": page,
            "partial": bool(page and page.has_other_pages()),
            **page_context(
                request,
                title=_("Where the sources differ"),
                updated=updated,
                as_of=as_of,
                as_of_is_current=is_current,
                versioned=True,
            ),
        },
    )


def _filter_query(election: str, kind: str) -> str:
    return "?" + urlencode({k: v for k, v in (("election", election), ("kind", kind)) if v})


def _counts(findings) -> tuple[int, int]:
    """How many findings, and how many of them are material."""
    return len(findings), sum(f.is_material for f in findings)


def source_list(request):
    sources = list(Source.objects.all())
    named = selectors.original_sources()
    for source in sources:
        source.original_sources = named.get(source.pk, [])
    return render(
        request,
        "results/source_list.html",
        {
            "sources": sources,
            **page_context(request, title=_("Sources"), updated=newest_change(history(Source))),
        },
    )
