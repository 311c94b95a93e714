"""Consistency checks over the loaded data.

Each check lists the places where two sources disagree or where a table does not add up.
A finding names both figures and where each comes from. Nothing here changes the data:
both figures stay recorded, and the pages show the difference.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from results import numerals
from results.models import (
    Constituency,
    ConstituencyResult,
    Election,
    Event,
    InvestitureTally,
    NationalResult,
    RegisteredVoterCount,
    Source,
    StatedFigure,
)
from results.numerals import khmer_digits
from results.permalinks import url_for
from results.selectors import elections_with_results

# Reported percentages are printed to two decimals: a difference this small from the share
# the counts give could be the printer's rounding. Such findings are listed, marked as
# rounding level, not hidden.
PERCENT_TOLERANCE = Decimal("0.01")

# Two percentages closer than this differ at the level of rounding (rounding one of them to
# one decimal place can make such a gap); any other difference, and any difference between
# two counts of votes, ballots, voters or seats, is material.
ROUNDING_LEVEL = Decimal("0.1")
ROUNDING_RULE = gettext_lazy(
    "An entry is rounding-level when it compares two percentages less than 0.1 percentage "
    "point apart, a gap that rounding to one decimal place can make, or when a printed figure "
    "is within one unit of its last printed digit of what its own counts give. Every other "
    "difference is material, including any difference between two counts of votes, ballots, "
    "voters or seats, however small."
)

# What each check compares, for the filters and the summary; the keys are part of each
# entry's permanent anchor, so they never change.
KINDS = {
    "total_seats": gettext_lazy("Seats to fill against the constituencies' allocations"),
    "constituency_seats": gettext_lazy("Seats allocated against seats won"),
    "national_against_constituencies": gettext_lazy(
        "Nationwide figures against the constituencies' sum"
    ),
    "national_sources_agree": gettext_lazy("Nationwide figures given twice"),
    "percentages": gettext_lazy("Vote shares against votes"),
    "ballot_counts": gettext_lazy("Ballot totals and turnout"),
    "national_votes_against_turnout": gettext_lazy("Votes against ballots cast"),
    "registered_by_gender": gettext_lazy("Registered voters by gender"),
    "registered_voter_change": gettext_lazy("Printed change in registered voters"),
    "stated_shares": gettext_lazy("Shares against the counts printed beside them"),
    "source_tables": gettext_lazy("A table's header against its rows"),
    "investiture_total": gettext_lazy("A vote's printed total against its rows"),
    "announcement_dates": gettext_lazy("Dates of one announcement"),
    "statement_dates": gettext_lazy("Dates of one statement"),
    "counted_groups": gettext_lazy("Totals counting a group excluded elsewhere"),
}


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    source: str
    section: str
    # The figure as a number, to tell a material gap from a rounding-level one.
    number: Decimal | int | None = None


@dataclass(frozen=True)
class Finding:
    check: str
    subject: str
    first: Figure
    second: Figure
    election: Election | None = None
    url: str = ""
    # The two figures differ by no more than the printed figure's rounding could explain.
    rounding_level: bool = False
    kind: str = ""

    @property
    def figures(self) -> tuple[Figure, Figure]:
        return (self.first, self.second)

    @property
    def kind_label(self) -> str:
        return str(KINDS.get(self.kind, self.check))

    @property
    def is_material(self) -> bool:
        """False for a printed figure within its own rounding of what its counts give, and
        for two percentages that differ by less than ROUNDING_LEVEL."""
        if self.rounding_level:
            return False
        a, b = self.first.number, self.second.number
        if not (isinstance(a, Decimal) and isinstance(b, Decimal)):
            return True
        return abs(a - b) >= ROUNDING_LEVEL

    @property
    def anchor(self) -> str:
        """An id for linking to this entry, from names that do not change with the wording."""
        scope = self.election.slug if self.election else "registered-voters"
        return slugify(f"{scope} {self.kind} {self.subject}")


def _reported(label: str, value, source: Source, section: str) -> Figure:
    return Figure(label, _format(value), source.title, section, _number(value))


def _computed(label: str, value, source: Source, section: str) -> Figure:
    return Figure(
        label, _format(value), source.title, _("computed from: %s") % section, _number(value)
    )


def _number(value) -> Decimal | int | None:
    return value if isinstance(value, Decimal | int) else None


def _format(value) -> str:
    if isinstance(value, Decimal):
        return f"{numerals.figure(value, 2)}%"
    if isinstance(value, int):
        return numerals.figure(value)
    return str(value)


def _percent(part: int, whole: int) -> Decimal:
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def constituency_seat_findings(constituency: Constituency) -> list[Finding]:
    """Seats allocated to a constituency against the seats its parties won, per source."""
    by_source: dict[tuple, list[ConstituencyResult]] = defaultdict(list)
    for result in constituency.results.all():
        by_source[(result.source, result.section)].append(result)
    findings = []
    for (source, section), results in by_source.items():
        if any(r.seats is None for r in results):
            continue  # a seat figure not reported is not zero: nothing to add up
        won = sum(r.seats for r in results)
        if won != constituency.seats:
            findings.append(
                Finding(
                    _("Seats allocated against seats won"),
                    constituency.name,
                    _reported(
                        _("Seats allocated"),
                        constituency.seats,
                        constituency.source,
                        constituency.section,
                    ),
                    _computed(_("Seats won by all parties"), won, source, section),
                    constituency.election,
                    constituency.get_absolute_url(),
                )
            )
    return findings


def check_constituency_seats(election: Election) -> Iterator[Finding]:
    for constituency in election.constituencies.all():
        yield from constituency_seat_findings(constituency)


# The key of a stated figure holding the total printed under a constituency seat table.
CONSTITUENCY_SEATS_TOTAL = "constituency-seats-total"


def check_total_seats(election: Election) -> Iterator[Finding]:
    """The constituencies' seats added up, against the total the seat table prints at its foot
    (a stated figure with key CONSTITUENCY_SEATS_TOTAL), or else the seats the election filled."""
    constituencies = list(election.constituencies.all())
    if not constituencies:
        return
    printed = next(
        (
            figure
            for figure in election.stated_figures.all()
            if figure.key == CONSTITUENCY_SEATS_TOTAL and figure.count is not None
        ),
        None,
    )
    if printed is not None:
        stated = _reported(
            _("Total printed in the table"), printed.count, printed.source, printed.section
        )
        expected = printed.count
    elif election.seats_contested:
        stated = _reported(
            _("Seats to be filled"), election.seats_contested, election.source, election.section
        )
        expected = election.seats_contested
    else:
        return
    allocated = sum(c.seats for c in constituencies)
    first = constituencies[0]
    if allocated != expected:
        yield Finding(
            _("Seats allocated across constituencies against the total"),
            election.name,
            stated,
            _computed(
                _("Sum of the %(count)s constituencies' allocations")
                % {"count": numerals.figure(len(constituencies))},
                allocated,
                first.source,
                first.section,
            ),
            election,
        )


def _constituency_totals(election: Election) -> dict[tuple, dict]:
    """Per (source, section, party): summed seats and votes over the constituencies."""
    totals: dict[tuple, dict] = defaultdict(lambda: {"seats": 0, "votes": 0, "missing": set()})
    for constituency in election.constituencies.all():
        for result in constituency.results.all():
            entry = totals[(result.source, result.section, result.party)]
            for figure in ("seats", "votes"):
                value = getattr(result, figure)
                if value is None:
                    entry["missing"].add(figure)
                else:
                    entry[figure] += value
    return totals


def check_national_against_constituencies(election: Election) -> Iterator[Finding]:
    """A party's nationwide seats and votes against the sum of its constituency results."""
    totals = _constituency_totals(election)
    for national in election.national_results.all():
        for (source, section, party), entry in totals.items():
            if party != national.party:
                continue
            for figure, label in (("seats", _("seats")), ("votes", _("votes"))):
                reported = getattr(national, figure)
                if reported is None or figure in entry["missing"]:
                    continue
                if reported != entry[figure]:
                    yield Finding(
                        _("National %(figure)s against the constituencies' sum")
                        % {"figure": label},
                        national.party.name,
                        _reported(
                            _("National %(figure)s") % {"figure": label},
                            reported,
                            national.source,
                            national.section,
                        ),
                        _computed(_("Sum over constituencies"), entry[figure], source, section),
                        election,
                        national.party.get_absolute_url(),
                    )


def _percent_findings(
    rows: list, subject_of, election: Election, check: str, url_of
) -> Iterator[Finding]:
    if any(row.votes is None for row in rows):
        return
    whole = sum(row.votes for row in rows)
    if not whole:
        return
    for row in rows:
        if row.percent is None:
            continue
        computed = _percent(row.votes, whole)
        if computed != row.percent:
            yield Finding(
                check,
                subject_of(row),
                _reported(_("Reported share"), row.percent, row.source, row.section),
                _computed(
                    _("%(votes)s of %(whole)s votes")
                    % {"votes": numerals.figure(row.votes), "whole": numerals.figure(whole)},
                    computed,
                    row.source,
                    row.section,
                ),
                election,
                url_of(row),
                rounding_level=abs(computed - row.percent) <= PERCENT_TOLERANCE,
            )


def check_percentages(election: Election) -> Iterator[Finding]:
    """Reported vote shares against the shares computed from the reported votes."""
    check = _("Percentage against votes")
    for constituency in election.constituencies.all():
        groups: dict[tuple, list] = defaultdict(list)
        for result in constituency.results.all():
            groups[(result.source_id, result.section)].append(result)
        for rows in groups.values():
            yield from _percent_findings(
                rows,
                lambda r: f"{r.party.name}, {r.constituency.name}",
                election,
                check,
                lambda r: r.constituency.get_absolute_url(),
            )
    groups = defaultdict(list)
    for national in election.national_results.all():
        groups[(national.source_id, national.section)].append(national)
    for rows in groups.values():
        yield from _percent_findings(
            rows,
            lambda r: f"{r.party.name}, {_('nationwide')}",
            election,
            check,
            lambda r: r.party.get_absolute_url(),
        )


def check_national_sources_agree(election: Election) -> Iterator[Finding]:
    """Where two sections report the same party's nationwide seats or share differently."""
    by_party: dict = defaultdict(list)
    for national in election.national_results.all():
        by_party[national.party].append(national)
    for party, rows in by_party.items():
        for index, first in enumerate(rows):
            for second in rows[index + 1 :]:
                for figure, label in (("seats", _("seats")), ("percent", _("vote share"))):
                    a, b = getattr(first, figure), getattr(second, figure)
                    if a is not None and b is not None and a != b:
                        yield Finding(
                            _("National %(figure)s given differently") % {"figure": label},
                            party.name,
                            _reported(label.capitalize(), a, first.source, first.section),
                            _reported(label.capitalize(), b, second.source, second.section),
                            election,
                            party.get_absolute_url(),
                        )


def check_ballot_counts(election: Election) -> Iterator[Finding]:
    """Ballot totals that do not add up: valid + invalid against cast, turnout arithmetic."""
    for count in election.ballot_counts.all():
        subject = count.constituency.name if count.constituency else election.name
        url = count.constituency.get_absolute_url() if count.constituency else ""
        if None not in (count.valid_ballots, count.invalid_ballots, count.ballots_cast):
            added = count.valid_ballots + count.invalid_ballots
            if added != count.ballots_cast:
                yield Finding(
                    _("Valid and invalid ballots against ballots cast"),
                    subject,
                    _reported(
                        _("Total ballots cast"), count.ballots_cast, count.source, count.section
                    ),
                    _computed(_("Valid plus invalid ballots"), added, count.source, count.section),
                    election,
                    url,
                )
        if None not in (count.registered_voters, count.ballots_cast, count.turnout_percent):
            computed = _percent(count.ballots_cast, count.registered_voters)
            if computed != count.turnout_percent:
                yield Finding(
                    _("Turnout against ballots and registered voters"),
                    subject,
                    _reported(
                        _("Reported turnout"), count.turnout_percent, count.source, count.section
                    ),
                    _computed(
                        _("Ballots cast / registered"), computed, count.source, count.section
                    ),
                    election,
                    url,
                    rounding_level=abs(computed - count.turnout_percent) <= PERCENT_TOLERANCE,
                )


def check_national_votes_against_turnout(election: Election) -> Iterator[Finding]:
    """Nationwide votes plus blank ballots (one table) against ballots cast (another)."""
    turnouts = [
        c
        for c in election.ballot_counts.all()
        if c.constituency is None and c.is_final and c.ballots_cast is not None
    ]
    invalid = {
        (c.source_id, c.section): c.invalid_ballots
        for c in election.ballot_counts.all()
        if c.constituency is None and c.invalid_ballots is not None
    }
    groups: dict[tuple, list[NationalResult]] = defaultdict(list)
    for national in election.national_results.all():
        groups[(national.source_id, national.section)].append(national)
    for key, rows in groups.items():
        if any(r.votes is None for r in rows) or key not in invalid:
            continue
        total = sum(r.votes for r in rows) + invalid[key]
        for turnout in turnouts:
            if turnout.ballots_cast != total:
                yield Finding(
                    _("Votes and blank ballots against ballots cast"),
                    election.name,
                    _reported(
                        _("Ballots cast"), turnout.ballots_cast, turnout.source, turnout.section
                    ),
                    _computed(
                        _("All parties' votes plus blank/invalid ballots"),
                        total,
                        rows[0].source,
                        rows[0].section,
                    ),
                    election,
                )


def check_registered_by_gender(election: Election) -> Iterator[Finding]:
    parts = (election.registered_female, election.registered_male, election.registered_voters)
    if None in parts:
        return
    added = election.registered_female + election.registered_male
    if added != election.registered_voters:
        yield Finding(
            _("Registered voters by gender against the total"),
            election.name,
            _reported(
                _("Registered voters"),
                election.registered_voters,
                election.source,
                election.section,
            ),
            _computed(_("Women plus men"), added, election.source, election.section),
            election,
        )


def _printed_decimals(value: Decimal) -> int:
    """Decimals a stored share was printed with (13.70 was printed 13.7)."""
    return max(0, -value.normalize().as_tuple().exponent)


def check_stated_shares(election: Election) -> Iterator[Finding]:
    """A share printed beside the count it is computed from (a target given as a share and
    as seats, a rise given as a percentage and a count, a gender split): the share the count
    gives against the printed share. A difference the printed share's rounding could explain
    is marked as rounding level."""
    for figure in election.stated_figures.all():
        if figure.unit != StatedFigure.Unit.PERCENT or figure.value is None:
            continue
        if figure.count is None or not figure.base:  # nothing to compute it from
            continue
        exact = Decimal(figure.count) * 100 / Decimal(figure.base)
        last_digit = Decimal(1).scaleb(-_printed_decimals(figure.value))
        if exact.quantize(last_digit, ROUND_HALF_UP) == figure.value:
            continue
        yield Finding(
            _("Share against the count printed beside it"),
            figure.label,
            _reported(_("Share as printed"), figure.value, figure.source, figure.section),
            _computed(
                _("%(count)s of %(base)s")
                % {"count": numerals.figure(figure.count), "base": numerals.figure(figure.base)},
                _percent(figure.count, figure.base),
                figure.source,
                f"{figure.section}; {figure.base_label}" if figure.base_label else figure.section,
            ),
            election,
            url_for("results:election_figures", election.slug) + "#stated-figures",
            rounding_level=abs(exact - figure.value) <= last_digit,
        )


def check_source_tables(election: Election) -> Iterator[Finding]:
    """A table in a source whose header names more (or fewer) columns than its rows have
    cells: some figures cannot be placed in their column with certainty."""
    for table in election.source_tables.all():
        if table.header_columns != table.row_cells:
            yield Finding(
                _("A table's header and rows disagree"),
                table.name,
                _reported(
                    _("Columns in the header"), table.header_columns, table.source, table.section
                ),
                _reported(_("Cells in each row"), table.row_cells, table.source, table.section),
                election,
            )


def check_investiture_total(election: Election) -> Iterator[Finding]:
    """A confidence vote's printed total of votes against the votes its rows give: a total
    equal to the votes cast plus the absentees counts members who did not vote."""
    investiture = getattr(election, "investiture", None)
    if investiture is None or investiture.total_votes is None:
        return
    tallies = list(investiture.tallies.all())
    absent = [t.votes for t in tallies if t.choice == InvestitureTally.Choice.ABSENT]
    cast = [t.votes for t in tallies if t.choice != InvestitureTally.Choice.ABSENT]
    if None in absent or not absent or not any(absent):
        return
    cast_known = sum(v for v in cast if v is not None)
    if cast_known + sum(absent) != investiture.total_votes:
        return
    yield Finding(
        _("A total that counts members who did not vote"),
        str(investiture),
        _reported(
            _("Total votes, as printed"),
            investiture.total_votes,
            investiture.source,
            investiture.section,
        ),
        _computed(
            _("Votes given in the rows (%(cast)s) plus absentees (%(absent)s)")
            % {"cast": numerals.figure(cast_known), "absent": numerals.figure(sum(absent))},
            cast_known + sum(absent),
            investiture.source,
            investiture.section,
        ),
        election,
        _timeline_url(election),
    )


def _timeline_url(election: Election) -> str:
    return election.get_absolute_url() + "timeline/#investiture"


ELECTION_CHECKS = (
    check_total_seats,
    check_constituency_seats,
    check_national_against_constituencies,
    check_national_sources_agree,
    check_percentages,
    check_ballot_counts,
    check_national_votes_against_turnout,
    check_registered_by_gender,
    check_stated_shares,
    check_source_tables,
    check_investiture_total,
)


def election_findings(election: Election) -> list[Finding]:
    """All findings for one election fetched with `selectors.elections_with_results`."""
    return [
        replace(finding, kind=check.__name__.removeprefix("check_"))
        for check in ELECTION_CHECKS
        for finding in check(election)
    ]


def registered_voter_findings(counts: Iterable[RegisteredVoterCount]) -> list[Finding]:
    """The history table's printed change column against the change its own figures give."""
    findings = []
    previous = None
    for count in counts:
        if previous is not None and count.reported_change:
            computed = _percent(
                count.registered_voters - previous.registered_voters, previous.registered_voters
            )
            printed = count.reported_change.rstrip("%").strip()
            try:
                reported = Decimal(printed)
            except ArithmeticError:
                reported = None
            if reported != computed:
                findings.append(
                    Finding(
                        _("Printed change against the change the figures give"),
                        khmer_digits(str(count.year)),
                        Figure(
                            _("Printed change"),
                            count.reported_change if reported is None else _format(reported),
                            count.source.title,
                            count.section,
                            reported,
                        ),
                        _computed(
                            _("Change from %(year)s") % {"year": khmer_digits(str(previous.year))},
                            computed,
                            count.source,
                            count.section,
                        ),
                        rounding_level=reported is not None
                        and abs(reported - computed) <= PERCENT_TOLERANCE,
                        kind="registered_voter_change",
                    )
                )
        previous = count
    return findings


def announcement_date_findings(events: Iterable[Event]) -> list[Finding]:
    """Events recorded as the same announcement (one `announcement` key) that their sources
    date differently."""
    by_announcement: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        if event.announcement:
            by_announcement[event.announcement].append(event)
    findings = []
    for group in by_announcement.values():
        for index, first in enumerate(group):
            for second in group[index + 1 :]:
                if first.starts_on and second.starts_on and first.starts_on != second.starts_on:
                    findings.append(
                        Finding(
                            _("Two sources date the same announcement differently"),
                            first.title,
                            *(
                                Figure(_("Dated"), khmer_digits(e.when), e.source.title, e.section)
                                for e in (first, second)
                            ),
                            first.election,
                            kind="announcement_dates",
                        )
                    )
    return findings


def dated_events():
    return Event.objects.exclude(announcement="").select_related("source", "election")


# Checks that other apps add (observers registers its own in its AppConfig.ready()), so
# that "Where the sources differ" lists them without results importing those apps.
EXTRA_CHECKS: list = []


def extra_findings() -> dict[str, list[Finding]]:
    """Findings of the registered extra checks, by heading."""
    grouped: dict[str, list[Finding]] = {}
    for heading, check in EXTRA_CHECKS:
        grouped.setdefault(str(heading), []).extend(check())
    return grouped


def all_findings() -> list[Finding]:
    findings = []
    for election in elections_with_results(Election.objects.order_by("held_on"), provinces=False):
        findings.extend(election_findings(election))
    counts = RegisteredVoterCount.objects.select_related("source").order_by("year")
    findings.extend(registered_voter_findings(counts))
    findings.extend(announcement_date_findings(dated_events()))
    for extra in extra_findings().values():
        findings.extend(extra)
    return findings
