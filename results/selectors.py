"""Reads that shape data for pages: each runs a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, time

from django.db.models import Count, Prefetch, QuerySet, Sum, prefetch_related_objects
from django.utils.translation import gettext as _

from results.allocation import Allocation, UndecidableTie, dhondt
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
    SourceTable,
    StatedFigure,
)
from results.summaries import ConstituencyOutcome
from results.summaries import PartySeats as SeatsWon
from results.versions import attach, attach_many, snapshot


def constituencies_with_results() -> QuerySet[Constituency]:
    return (
        Constituency.objects.select_related("source", "election")
        .prefetch_related(
            "provinces",
            Prefetch(
                "results",
                queryset=ConstituencyResult.objects.select_related("party", "source"),
            ),
        )
        .order_by("name")
    )


def elections_with_results(elections: QuerySet[Election], **parts: bool) -> list[Election]:
    """These elections, each with its results attached (see `with_results`)."""
    return with_results(list(elections), **parts)


@dataclass(frozen=True)
class PartySeats:
    party: Party | None
    label: str
    colour: str
    seats: int


def composition(election: Election) -> list[PartySeats]:
    """Seats per party, added up from the constituency results, plus seats not elected.

    Uses the constituency rows so that the chart agrees with the tables beside it; the
    nationwide figures each source gives are shown separately with their sources.
    """
    seats: dict[Party, int] = defaultdict(int)
    for constituency in election.constituencies.all():
        for result in constituency.results.all():
            if result.seats:
                seats[result.party] += result.seats
    return _groups(election, seats)


def _groups(election: Election, seats: dict[Party, int]) -> list[PartySeats]:
    groups = [
        PartySeats(party, party.name, party.colour, count)
        for party, count in sorted(seats.items(), key=lambda item: (-item[1], item[0].name))
    ]
    won = sum(group.seats for group in groups)
    if election.seats_total and election.seats_total > won and won:
        groups.append(
            PartySeats(
                None, _("Not filled by this election"), "#d9d9d9", election.seats_total - won
            )
        )
    return groups


@dataclass(frozen=True)
class Summary:
    election: Election
    composition: list[PartySeats]
    turnout: BallotCount | None


def summaries(elections: list[Election]) -> list[Summary]:
    """Each election's seats per party (as `composition` gives them) and final turnout.

    For lists of elections: the seats are added up by the database, so the cost does not
    grow with the number of constituencies and results (three queries in all).
    """
    ids = [election.pk for election in elections]
    totals = (
        ConstituencyResult.objects.filter(constituency__election_id__in=ids, seats__gt=0)
        .values_list("constituency__election_id", "party_id")
        .annotate(seats=Sum("seats"))
        .order_by()  # no model ordering in the GROUP BY
    )
    parties = Party.objects.in_bulk({party_id for _, party_id, _ in totals})
    seats: dict[int, dict[Party, int]] = defaultdict(dict)
    for election_id, party_id, count in totals:
        seats[election_id][parties[party_id]] = count
    turnout: dict[int, BallotCount] = {}
    for count in BallotCount.objects.filter(
        election_id__in=ids,
        constituency__isnull=True,
        time_of_day__isnull=True,  # the end-of-day count (BallotCount.is_final)
        turnout_percent__isnull=False,
    ).order_by("pk"):
        turnout.setdefault(count.election_id, count)
    return [
        Summary(election, _groups(election, seats[election.pk]), turnout.get(election.pk))
        for election in elections
    ]


WINNER_FIELDS = ("constituency__name", "constituency__seats", "party__abbreviation", "party__name")


def seat_winners(election: Election) -> list[tuple[list[str], ConstituencyOutcome]]:
    """Each constituency's name (a province's, where each is one) and who won its seats,
    in one query: for maps of province-based elections on pages that show no results."""
    rows = (
        ConstituencyResult.objects.filter(constituency__election=election)
        .values_list(
            "constituency__name",
            "constituency__seats",
            "party__abbreviation",
            "party__name",
            "seats",
        )
        .order_by("constituency__name", "-seats", "party__name")
    )
    outcomes: dict[str, tuple[int, list[SeatsWon], list]] = {}
    for name, seats, abbreviation, party, won in rows:
        _seats, winners, unreported = outcomes.setdefault(name, (seats, [], []))
        if won:
            winners.append(SeatsWon(abbreviation or party, won))
        elif won is None:
            unreported.append(party)
    return [
        ([name], ConstituencyOutcome(election.name, name, seats, tuple(won), len(unreported)))
        for name, (seats, won, unreported) in outcomes.items()
    ]


def debates_with_parties(election: Election) -> list[Debate]:
    """The election's debates, each with `present` and `absent` lists of parties.

    Parties that were not invited are not read at all: they are most of the rows.
    """
    debates = list(Debate.objects.filter(election=election).select_related("source"))
    if not debates:
        return debates
    by_id = {debate.pk: debate for debate in debates}
    for debate in debates:
        debate.present, debate.absent = [], []
    shown = (DebateParticipation.Status.PRESENT, DebateParticipation.Status.ABSENT)
    participations = DebateParticipation.objects.filter(
        debate__election=election, status__in=shown
    ).select_related("party")
    for participation in participations:
        getattr(by_id[participation.debate_id], participation.status).append(participation.party)
    return debates


def original_sources() -> dict[int, list[str]]:
    """For each source id, the sources its figures are credited to inside it (the
    "Source: National Election Committee" lines under its tables), in name order."""
    named: dict[int, set[str]] = defaultdict(set)
    models = (ConstituencyResult, NationalResult, BallotCount, ScheduleEntry, StatedFigure)
    # Plain querysets: modeltranslation's queryset (on the translated models) reorders a
    # values_list's columns inside a UNION, which pairs names with ids.
    first, *others = (
        QuerySet(model)
        .exclude(original_source="")
        .values_list("source_id", "original_source")
        .order_by()
        for model in (*models, SourceTable)
    )
    # One query: the tables' rows UNION-ed in the database.
    for source_id, original in first.union(*others):
        named[source_id].add(original)
    return {source_id: sorted(names) for source_id, names in named.items()}


def uncertain_tables(elections) -> dict[tuple[int, str], SourceTable]:
    """The source tables of these elections whose header and rows disagree, by (source id,
    section): every figure read from such a table carries its caveat."""
    return {
        (table.source_id, table.section): table
        for table in SourceTable.objects.filter(election__in=elections)
        if table.header_columns != table.row_cells
    }


@dataclass(frozen=True)
class RegistrationCounts:
    approved: int
    disqualified: int


def registration_counts(election: Election) -> RegistrationCounts:
    """How many parties the election's ballot carried and how many were disqualified, for
    the line on the election page that leads to its parties page."""
    counts = dict(
        Registration.objects.filter(election=election)
        .values_list("status")
        .annotate(Count("pk"))
        .order_by()
    )
    return RegistrationCounts(
        approved=counts.get(Registration.Status.APPROVED, 0),
        disqualified=counts.get(Registration.Status.DISQUALIFIED, 0),
    )


def final_turnout(election: Election) -> BallotCount | None:
    """The nationwide end-of-day turnout, from the prefetched ballot counts."""
    for count in election.ballot_counts.all():
        if count.constituency_id is None and count.is_final and count.turnout_percent is not None:
            return count
    return None


def seats_by_constituency(
    election: Election, *, provinces: bool = True
) -> tuple[list[dict], list[Party]]:
    """Rows for SeatsByConstituencyTable and the parties that won seats anywhere; with the
    provinces each constituency covers unless `provinces` is false.

    "won" is the seats of all parties added up, or None (not reported) when any party's
    seats are missing or no party's are given: a missing figure never counts as zero.
    """
    rows, parties = [], {}
    for constituency in election.constituencies.all():
        results = list(constituency.results.all())
        reported = [r.seats for r in results if r.seats is not None]
        row = {
            "constituency": constituency.name,
            "url": constituency.get_absolute_url(),
            "seats": constituency.seats,
            "won": sum(reported) if results and len(reported) == len(results) else None,
        }
        if provinces:
            row["provinces"] = ", ".join(p.name for p in constituency.provinces.all())
        for result in results:
            if result.seats is None:
                continue
            row[result.party.slug] = result.seats
            if result.seats:
                parties[result.party.slug] = result.party
        rows.append(row)
    ordered = sorted(parties.values(), key=lambda p: (-sum(r.get(p.slug, 0) for r in rows), p.name))
    return rows, ordered


@dataclass(frozen=True)
class DhondtCheck:
    allocation: Allocation | None
    declared: dict[Party, int]
    matches: bool
    problem: str = ""


def dhondt_check(constituency: Constituency) -> DhondtCheck | None:
    """Recompute a constituency's seats from its votes; None where votes are not reported."""
    results = list(constituency.results.all())
    if not results or any(r.votes is None for r in results):
        return None
    declared = {r.party: r.seats for r in results}
    try:
        allocation = dhondt({r.party: r.votes for r in results}, constituency.seats)
    except UndecidableTie as tie:
        return DhondtCheck(None, declared, False, str(tie))
    return DhondtCheck(allocation, declared, allocation.seats == declared)


def home_elections_as_of(as_of: datetime) -> tuple[list[Summary], list[Election]]:
    """The home page's facts as they stood at `as_of`: the summaries of the latest National
    Assembly and Senate elections then recorded, and the by-elections."""
    elections = sorted(_read(Election, as_of), key=lambda e: e.held_on)
    latest = {e.kind: e for e in elections if e.kind != Election.Kind.COMMUNAL_BY_ELECTION}
    main = with_results(
        sorted(latest.values(), key=lambda e: e.held_on), as_of, provinces=False, nationals=False
    )
    by_elections = [e for e in elections if e.kind == Election.Kind.COMMUNAL_BY_ELECTION]
    return [Summary(e, composition(e), final_turnout(e)) for e in main], by_elections


def province_as_of(
    slug: str, election_ids: list[int], as_of: datetime
) -> tuple[Province, list[Constituency]]:
    """A province as it stood at `as_of`: its constituencies in these elections (with results
    and ballot counts), incidents and events. Spellings (aliases) are the current ones."""
    province = snapshot(Province, as_of).get(slug=slug)
    prefetch_related_objects([province], "aliases")
    links = Constituency.provinces.through.objects.filter(
        province_id=province.pk, constituency__election_id__in=election_ids
    )
    constituencies = constituencies_as_of(
        as_of, id__in=list(links.values_list("constituency_id", flat=True))
    )
    constituencies.sort(key=lambda c: c.election.held_on)
    incidents = _read(Incident, as_of, province_id=province.pk)
    events = _read(Event, as_of, province_id=province.pk)
    link_shared([*incidents, *events], Election, "election")
    link_shared([*incidents, *events], Source, "source")
    # The models' own orderings (Incident.Meta, Event.Meta), in Python.
    incidents.sort(key=lambda i: (i.occurred_on, i.number))
    events.sort(key=lambda e: (e.starts_on is None, e.starts_on or time.min, e.key))
    attach([province], "incidents", incidents, "province")
    attach([province], "events", events, "province")
    return province, constituencies


def registered_counts(as_of: datetime | None = None) -> list[RegisteredVoterCount]:
    """The registered-voter history with sources, now or as it stood at `as_of`."""
    if as_of is None:
        return list(RegisteredVoterCount.objects.select_related("source").order_by("year"))
    counts = sorted(_read(RegisteredVoterCount, as_of), key=lambda c: c.year)
    link_shared(counts, Source, "source")
    return counts


def constituencies_as_of(as_of: datetime, **filters) -> list[Constituency]:
    """Constituencies with provinces, results and ballot counts as they stood at `as_of`."""
    constituencies = sorted(_read(Constituency, as_of, **filters), key=lambda c: c.name)
    ids = [c.pk for c in constituencies]
    results = _read(ConstituencyResult, as_of, constituency_id__in=ids)
    counts = _read(BallotCount, as_of, constituency_id__in=ids)
    link_shared([*constituencies, *results, *counts], Source, "source")
    link_shared(constituencies, Election, "election")
    link_shared(results, Party, "party")
    attach_provinces(constituencies)
    results.sort(key=_result_order)
    attach(constituencies, "results", results, "constituency")
    attach(constituencies, "ballot_counts", counts, "constituency")
    return constituencies


def attach_provinces(constituencies: Collection[Constituency]) -> None:
    """Make `constituency.provinces.all()` answer without a query (one query for all)."""
    links = Constituency.provinces.through.objects.filter(
        constituency_id__in=[c.pk for c in constituencies]
    )
    attach_many(
        constituencies,
        "provinces",
        links.select_related("province").order_by("province__name"),
        "constituency",
        "province",
    )


def _result_order(result: ConstituencyResult):
    """Most seats first, then most votes, then by party name (missing figures last)."""
    return (-(result.seats or 0), -(result.votes or 0), result.party.name)


def election_as_of(slug: str, as_of: datetime) -> Election:
    """An election with its results (see `with_results`) as they stood at `as_of`."""
    election = snapshot(Election, as_of).get(slug=slug)
    return with_results([election], as_of, provinces=not election.is_province_based)[0]


def with_results(
    elections: list[Election],
    as_of: datetime | None = None,
    *,
    provinces: bool = True,
    nationals: bool = True,
    checks: bool = True,
) -> list[Election]:
    """Attach what election pages and the checks read, now or as it stood at `as_of`.

    `election.source`, `election.constituencies.all()` (each with results, ballot counts and, unless
    `provinces` is false, provinces), `election.ballot_counts.all()` and, unless
    `nationals` is false, `election.national_results.all()`, and unless `checks` is false
    what the consistency checks read besides (stated figures, source tables, the
    investiture and its tallies) then answer without
    queries. One query per relation, attached in Python: prefetch_related() would also
    build a filtered queryset for every parent row, which cost about a fifth of the
    election page's time. Summaries need neither provinces nor nationwide rows.
    """
    election_ids = [e.pk for e in elections]
    constituencies = _read(Constituency, as_of, election_id__in=election_ids)
    ids = [c.pk for c in constituencies]
    results = _read(ConstituencyResult, as_of, constituency_id__in=ids)
    national_rows = _read(NationalResult, as_of, election_id__in=election_ids) if nationals else []
    counts = _read(BallotCount, as_of, election_id__in=election_ids)
    # What the checks read besides results: figures stated in prose, the source tables'
    # shapes, and the confidence vote with its rows.
    stated, tables, investitures, tallies = [], [], [], []
    if checks:
        stated = _read(StatedFigure, as_of, election_id__in=election_ids)
        tables = _read(SourceTable, as_of, election_id__in=election_ids)
        investitures = _read(Investiture, as_of, election_id__in=election_ids)
        ids = [i.pk for i in investitures]
        tallies = _read(InvestitureTally, as_of, investiture_id__in=ids) if ids else []
    # Parties and sources are few and repeat on every row: one instance of each.
    link_shared(
        [*elections, *constituencies, *results, *national_rows, *counts]
        + [*stated, *tables, *investitures],
        Source,
        "source",
    )
    link_shared([*results, *national_rows], Party, "party")

    constituencies.sort(key=lambda c: c.name)
    attach(elections, "constituencies", constituencies, "election")
    if provinces:
        attach_provinces(constituencies)
    results.sort(key=_result_order)
    attach(constituencies, "results", results, "constituency")
    if nationals:
        national_rows.sort(key=lambda n: (-(n.seats or 0), n.party.name, n.source.key, n.section))
        attach(elections, "national_results", national_rows, "election")

    by_id = {c.pk: c for c in constituencies}
    for count in counts:
        count.constituency = by_id.get(count.constituency_id)
    # Nationwide figures first, then constituencies by name, each in the order of the day.
    counts.sort(
        key=lambda c: (c.constituency.name if c.constituency else "", c.time_of_day or time.min)
    )
    attach(elections, "ballot_counts", counts, "election")
    attach(constituencies, "ballot_counts", [c for c in counts if c.constituency], "constituency")
    if not checks:
        return elections
    stated.sort(key=lambda f: f.pk)
    attach(elections, "stated_figures", stated, "election")
    attach(elections, "source_tables", sorted(tables, key=lambda t: t.key), "election")
    tallies.sort(key=lambda t: t.pk)
    attach(investitures, "tallies", tallies, "investiture")
    by_election = {i.election_id: i for i in investitures}
    for election in elections:
        election._state.fields_cache["investiture"] = by_election.get(election.pk)
        if election.pk in by_election:
            by_election[election.pk].election = election
    return elections


def _read(model, as_of: datetime | None, **filters) -> list:
    """Rows of `model` now or at `as_of`. Callers sort in Python: no ORDER BY, whose joins
    cost more to compile than the query takes to run."""
    return list(snapshot(model, as_of).filter(**filters).order_by())


def link_as_of(rows: list, model, field: str, as_of: datetime) -> None:
    """Like `link_shared`, with the records as they stood at `as_of`."""
    ids = {getattr(row, f"{field}_id") for row in rows} - {None}
    by_id = {record.pk: record for record in _read(model, as_of, id__in=ids)} if ids else {}
    for row in rows:
        setattr(row, field, by_id.get(getattr(row, f"{field}_id")))


def link_shared(rows: list, model, field: str) -> None:
    """Set each row's foreign key `field` from one query for all rows (current records).

    Rows of different models may be mixed if each has `field`; rows referring to the same
    record share one instance of it (select_related would build one per row).
    """
    ids = {getattr(row, f"{field}_id") for row in rows} - {None}
    by_id = model.objects.in_bulk(ids) if ids else {}
    for row in rows:
        setattr(row, field, by_id.get(getattr(row, f"{field}_id")))
