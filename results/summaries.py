"""The sentences that open each page, written from the page's own data.

Plain functions over plain values, so that tests can call them and a change in the data
changes the sentence. A figure the data lacks is said to be missing, never turned into a
number. Templates are wrapped for translation with named placeholders (a Khmer edition
translates them) and plurals go through ngettext.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from results.numerals import khmer_digits


def listed(items: Iterable[str]) -> str:
    """ "A, B and C", with the "and" translated."""
    return get_text_list([str(item) for item in items], _("and"))


def number(value: int | Decimal) -> str:
    """A figure in the active language's format, in Khmer digits on Khmer pages. Small whole
    numbers (most seat counts) need no grouping: they skip number_format, which costs more
    than the rest of a map."""
    if isinstance(value, int) and -1000 < value < 1000:
        return khmer_digits(str(value))
    return khmer_digits(number_format(value, force_grouping=True))


def day(value: date) -> str:
    """A date as the page's language writes it: "23 July 2023", "២៣ កក្កដា ២០២៣"."""
    return khmer_digits(date_format(value, "j F Y"))


@dataclass(frozen=True)
class PartySeats:
    """Seats one party won in one place (a constituency, or nationwide)."""

    party: str
    seats: int


def seat_split(groups: Sequence[PartySeats]) -> str:
    """ "the CPP (10) and FUNCINPEC (1)", most seats first as given."""
    return listed(
        _("%(party)s (%(seats)s)") % {"party": g.party, "seats": number(g.seats)} for g in groups
    )


@dataclass(frozen=True)
class ConstituencyOutcome:
    """What one constituency returned: its seats and the parties that won them.

    `won` lists only parties with seats; `unreported` counts result rows with no seat
    figure, so a sentence never reads a missing figure as a zero.
    """

    election: str
    name: str
    seats: int
    won: tuple[PartySeats, ...]
    unreported: int = 0


def outcome_clause(outcome: ConstituencyOutcome) -> str:
    """ "returned 5 members: CPP (4) and KWP (1)", or says the seats are not reported."""
    if not outcome.won:
        if outcome.unreported:
            return _("has no reported winners")
        return _("has no winners on record")
    clause = ngettext(
        "returned %(count)s member: %(split)s",
        "returned %(count)s members: %(split)s",
        outcome.seats,
    ) % {"count": number(outcome.seats), "split": seat_split(outcome.won)}
    missing = outcome.seats - sum(won.seats for won in outcome.won)
    if missing > 0:
        clause += ngettext(
            "; the winner of %(count)s seat is not recorded",
            "; the winners of %(count)s seats are not recorded",
            missing,
        ) % {"count": number(missing)}
    return clause


def province_summary(
    province: str,
    assembly: ConstituencyOutcome | None,
    region: ConstituencyOutcome | None,
) -> str:
    """Who won the province's seats, and its Senate region with what that region returned."""
    sentences = []
    if assembly:
        sentences.append(
            _("In the %(election)s, %(province)s %(outcome)s.")
            % {
                "election": assembly.election,
                "province": province,
                "outcome": outcome_clause(assembly),
            }
        )
    if region:
        sentences.append(
            _("For the %(election)s it is part of %(region)s, which %(outcome)s.")
            % {
                "election": region.election,
                "region": region.name,
                "outcome": outcome_clause(region),
            }
        )
    if not sentences:
        return _("No results are recorded for %(province)s.") % {"province": province}
    return " ".join(sentences)


@dataclass(frozen=True)
class PartyElection:
    """A party's results in one election: seats it won in each constituency it stood in."""

    election: str
    won: tuple[PartySeats, ...]  # `party` holds the constituency's name here
    constituencies: int
    unreported: int = 0


# Past this many places, the sentence counts them; the map and the tables name them.
PLACES_NAMED = 6


def party_summary(party: str, elections: Sequence[PartyElection]) -> str:
    """Seats won in each election, and where."""
    sentences = []
    for result in elections:
        seats = sum(place.seats for place in result.won)
        if not result.won and result.unreported == result.constituencies:
            sentence = _("In the %(election)s, the seats %(party)s won are not reported.") % {
                "election": result.election,
                "party": party,
            }
        elif not result.won:
            sentence = ngettext(
                "In the %(election)s, %(party)s won no seat in the %(count)s constituency "
                "where it stood.",
                "In the %(election)s, %(party)s won no seat in the %(count)s constituencies "
                "where it stood.",
                result.constituencies,
            ) % {
                "election": result.election,
                "party": party,
                "count": number(result.constituencies),
            }
        elif len(result.won) > PLACES_NAMED:
            sentence = ngettext(
                "In the %(election)s, %(party)s won %(count)s seats, in %(won)s of the "
                "%(stood)s constituency where it stood.",
                "In the %(election)s, %(party)s won %(count)s seats, in %(won)s of the "
                "%(stood)s constituencies where it stood.",
                result.constituencies,
            ) % {
                "election": result.election,
                "party": party,
                "count": number(seats),
                "won": number(len(result.won)),
                "stood": number(result.constituencies),
            }
        else:
            sentence = ngettext(
                "In the %(election)s, %(party)s won %(count)s seat: %(places)s.",
                "In the %(election)s, %(party)s won %(count)s seats: %(places)s.",
                seats,
            ) % {
                "election": result.election,
                "party": party,
                "count": number(seats),
                "places": _places(result.won),
            }
        if result.unreported and result.won:
            sentence += " " + ngettext(
                "Its seats are not reported for %(count)s more constituency.",
                "Its seats are not reported for %(count)s more constituencies.",
                result.unreported,
            ) % {"count": number(result.unreported)}
        sentences.append(sentence)
    if not sentences:
        return _("No constituency results are recorded for %(party)s.") % {"party": party}
    return " ".join(sentences)


def _places(won: Sequence[PartySeats]) -> str:
    """ "in A", "one each in A, B and C", or "in A (2) and B (1)" when the counts differ."""
    if len(won) == 1:
        return _("in %(place)s") % {"place": won[0].party}
    if all(place.seats == 1 for place in won):
        return _("one each in %(places)s") % {"places": listed(p.party for p in won)}
    return _("in %(places)s") % {"places": seat_split(won)}


def election_summary(
    election: str,
    seats_total: int | None,
    seats_contested: int | None,
    composition: Sequence[PartySeats],
    turnout: Decimal | None,
) -> str:
    """The headline result (seats per party, as the results add up) and the turnout."""
    won = sum(group.seats for group in composition)
    if not composition:
        result = _("No seat results are recorded for the %(election)s.") % {"election": election}
    elif seats_total == won:
        result = _("In the %(election)s, %(split)s won all %(total)s seats.") % {
            "election": election,
            "split": seat_split(composition),
            "total": number(seats_total),
        }
    elif seats_total:
        result = _("In the %(election)s, %(split)s won %(won)s of the %(total)s seats.") % {
            "election": election,
            "split": seat_split(composition),
            "won": number(won),
            "total": number(seats_total),
        }
    else:
        result = _("In the %(election)s, %(split)s won seats.") % {
            "election": election,
            "split": seat_split(composition),
        }
    if seats_total and seats_contested and seats_total > seats_contested:
        result += " " + ngettext(
            "%(count)s seat is not elected by this vote.",
            "%(count)s seats are not elected by this vote.",
            seats_total - seats_contested,
        ) % {"count": number(seats_total - seats_contested)}
    if composition and seats_contested and won < seats_contested:
        result += " " + ngettext(
            "The winner of %(count)s seat is not recorded.",
            "The winners of %(count)s seats are not recorded.",
            seats_contested - won,
        ) % {"count": number(seats_contested - won)}
    if turnout is None:
        return result + " " + _("The sources report no final turnout.")
    return result + " " + _("Turnout was %(percent)s%%.") % {"percent": number(turnout)}


def investiture_summary(
    candidate: str,
    held_on: date,
    votes_for: int | None,
    seats_total: int,
    required_majority: int,
) -> str:
    """The confidence vote in one line: votes in favour out of the members."""
    facts = {
        "candidate": candidate,
        "date": day(held_on),
        "for": number(votes_for) if votes_for is not None else "",
        "seats": number(seats_total),
        "needed": number(required_majority),
    }
    if votes_for is None:
        return (
            _(
                "On %(date)s the National Assembly voted on confidence in %(candidate)s; "
                "the votes in favour are not reported (%(needed)s of %(seats)s were needed)."
            )
            % facts
        )
    if votes_for >= required_majority:
        template = _(
            "On %(date)s the National Assembly gave %(candidate)s its confidence: %(for)s of "
            "its %(seats)s members voted in favour, where %(needed)s were needed."
        )
    else:
        template = _(
            "On %(date)s the National Assembly refused %(candidate)s its confidence: %(for)s of "
            "its %(seats)s members voted in favour, where %(needed)s were needed."
        )
    return template % facts


@dataclass(frozen=True)
class Fact:
    """One line of a "key facts" box."""

    label: str
    value: str
    datetime: str = ""  # machine-readable date, when the value is one


def turnout_fact(turnout: Decimal | None) -> Fact:
    return Fact(_("Turnout"), f"{number(turnout)}%" if turnout is not None else _("not reported"))


# Adapters from the rows a page has already read (no queries of their own).


def constituency_outcome(constituency) -> ConstituencyOutcome:
    """From a constituency whose `election` and `results` (with parties) are loaded."""
    results = list(constituency.results.all())
    return ConstituencyOutcome(
        election=constituency.election.name,
        name=constituency.name,
        seats=constituency.seats,
        won=tuple(PartySeats(r.party.short_name, r.seats) for r in results if r.seats),
        unreported=sum(1 for r in results if r.seats is None),
    )


def party_election(election, results) -> PartyElection:
    """From one party's constituency results in `election` (constituencies loaded)."""
    return PartyElection(
        election=election.name,
        won=tuple(PartySeats(r.constituency.name, r.seats) for r in results if r.seats),
        constituencies=len(results),
        unreported=sum(1 for r in results if r.seats is None),
    )


def votes_in_favour(tallies) -> int | None:
    """The "yes" votes added up; None if any party's "yes" figure is missing."""
    yes = [t.votes for t in tallies if t.choice == "yes"]
    if not yes or any(votes is None for votes in yes):
        return None
    return sum(yes)


def _day(value: date) -> Fact:
    return Fact("", day(value), value.isoformat())


def election_facts(election, turnout: Decimal | None) -> list[Fact]:
    """The election page's key facts, in the format every key-facts box uses."""
    polling = _day(election.held_on)
    facts = [Fact(_("Polling day"), polling.value, polling.datetime)]
    if election.seats_total:
        seats = _("%(contested)s of %(total)s elected") % {
            "contested": number(election.seats_contested)
            if election.seats_contested is not None
            else _("not reported"),
            "total": number(election.seats_total),
        }
    else:
        seats = _("see each council below")
    facts.append(Fact(_("Seats"), seats))
    if election.majority:
        facts.append(Fact(_("Majority"), number(election.majority)))
    facts.append(Fact(_("Who votes"), election.electorate))
    if election.registered_voters:
        registered = number(election.registered_voters)
        if election.registered_female:
            registered += " " + _("(%(women)s women, %(men)s men)") % {
                "women": number(election.registered_female),
                "men": number(election.registered_male),
            }
        facts.append(Fact(_("Registered voters"), registered))
    facts.append(turnout_fact(turnout))
    if election.prime_minister_before:
        facts.append(
            Fact(
                _("Prime Minister before / after"),
                f"{election.prime_minister_before} / "
                f"{election.prime_minister_after or _('not reported')}",
            )
        )
    if election.previous_election_year:
        facts.append(
            Fact(
                _("Previous / next election"),
                khmer_digits(f"{election.previous_election_year} / ")
                + khmer_digits(str(election.next_election_year or _("not reported"))),
            )
        )
    return facts


def timeline_facts(election, investiture, votes_for: int | None) -> list[Fact]:
    """The timeline page's key facts: polling day and the confidence vote."""
    polling = _day(election.held_on)
    facts = [Fact(_("Polling day"), polling.value, polling.datetime)]
    if investiture:
        vote = _day(investiture.held_on)
        facts += [
            Fact(_("Confidence vote"), vote.value, vote.datetime),
            Fact(_("Candidate"), investiture.candidate),
            Fact(
                _("Votes in favour"),
                _("%(for)s of %(seats)s members (%(needed)s needed)")
                % {
                    "for": number(votes_for) if votes_for is not None else _("not reported"),
                    "seats": number(investiture.seats_total),
                    "needed": number(investiture.required_majority),
                },
            ),
        ]
    return facts
