"""Election results in NIST SP 1500-100 version 2 JSON (the Election Results Common Data
Format), one report per election, valid against the schema in `schemas/`.

What the format cannot say is said in its own places: each contest's sources are external
identifiers of type "other" (`source:<key> §<section>`), and the report's Notes explain that
a missing figure is left out (never written as zero) and which release the figures are.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings
from django.utils.text import slugify

from results.identifiers import COUNTRY_DIVISION
from results.models import Election, result_set_of
from results.selectors import with_results

# The format has no "not stated": the weakest claim it can make is "unofficial-complete".
REPORT_STATUS = {
    "preliminary": "unofficial-complete",
    "official": "certified",
    "corrected": "correction",
    "not_stated": "unofficial-complete",
}
ELECTION_TYPE = {"national_assembly": "general", "senate": "other", "communal_by_election": "other"}
UNIT_TYPE = {
    "national_assembly": "province",
    "senate": "senate-region",
    "communal_by_election": "district",
}


def text(value: str) -> dict:
    return {
        "@type": "ElectionResults.InternationalizedText",
        "Text": [{"@type": "ElectionResults.LanguageString", "Content": value, "Language": "en"}],
    }


def identifier(kind: str, value: str, other: str = "") -> dict:
    data = {"@type": "ElectionResults.ExternalIdentifier", "Type": kind, "Value": value}
    if other:
        data["OtherType"] = other
    return data


def sources_of(*records) -> list[dict]:
    seen = dict.fromkeys(f"{r.source.key} §{r.section}" for r in records)
    return [identifier("other", f"source:{value}", "source") for value in seen]


def election_report(election: Election) -> dict:
    """The report for one election, read in a fixed number of queries."""
    with_results([election], provinces=True)
    result_set = result_set_of(election)
    status = result_set.status if result_set else "not_stated"
    constituencies = sorted(election.constituencies.all(), key=lambda c: c.identifier)
    parties = {}
    for constituency in constituencies:
        for result in constituency.results.all():
            parties[result.party.slug] = result.party
    nationals = list(election.national_results.all())
    for national in nationals:
        parties[national.party.slug] = national.party
    country = "gpu-kh"
    units = [
        {
            "@id": country,
            "@type": "ElectionResults.ReportingUnit",
            "Type": "country",
            "Name": text("Cambodia"),
            "ExternalIdentifier": [identifier("ocd-id", COUNTRY_DIVISION)],
            "ComposingGpUnitIds": [_unit_id(c) for c in constituencies],
        }
    ]
    ballots = {b.constituency_id: b for b in election.ballot_counts.all() if b.constituency_id}
    for constituency in constituencies:
        unit = {
            "@id": _unit_id(constituency),
            "@type": "ElectionResults.ReportingUnit",
            "Type": "other",
            "OtherType": UNIT_TYPE[election.kind],
            "Name": text(constituency.name),
            "ExternalIdentifier": [identifier("ocd-id", constituency.division_id)]
            + [identifier("other", p.iso_code, "iso-3166-2") for p in constituency.provinces.all()],
        }
        counted = ballots.get(constituency.pk)
        if counted and counted.registered_voters is not None:
            unit["VotersRegistered"] = counted.registered_voters
        if counted and counted.ballots_cast is not None:
            unit["VotersParticipated"] = counted.ballots_cast
        units.append(unit)
    contests = [
        _contest(c.name, _unit_id(c), c.identifier, [c], c.results.all()) for c in constituencies
    ]
    if nationals:
        contests.append(
            _contest(
                f"{election.name}: nationwide",
                country,
                f"{election.identifier}.nationwide",
                [],
                nationals,
            )
        )
    by_id = {c.pk: c for c in constituencies}
    report = {
        "@type": "ElectionResults.ElectionReport",
        "Format": "summary-contest",
        "GeneratedDate": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "Issuer": settings.SITE_NAME,
        "IssuerAbbreviation": "".join(word[0] for word in settings.SITE_NAME.split()).upper(),
        "SequenceStart": 1,
        "SequenceEnd": 1,
        "Status": REPORT_STATUS[status],
        "VendorApplicationId": "electionsite",
        "Notes": _notes(status, result_set),
        "ExternalIdentifier": [identifier("other", election.identifier, "election-id")],
        "GpUnit": units,
        "Party": [
            {
                "@id": _party_id(party),
                "@type": "ElectionResults.Party",
                "Name": text(party.name),
                **({"Abbreviation": text(party.abbreviation)} if party.abbreviation else {}),
                "Color": party.colour.lstrip("#").lower(),
                "ExternalIdentifier": [identifier("local-level", party.slug)],
            }
            for party in sorted(parties.values(), key=lambda p: p.slug)
        ],
        "Election": [
            {
                "@type": "ElectionResults.Election",
                "ElectionScopeId": country,
                "Name": text(election.name),
                "StartDate": election.held_on.isoformat(),
                "EndDate": election.held_on.isoformat(),
                "Type": ELECTION_TYPE[election.kind],
                **({"OtherType": "indirect"} if ELECTION_TYPE[election.kind] == "other" else {}),
                "ExternalIdentifier": [
                    identifier("other", election.identifier, "election-id"),
                    *sources_of(election),
                ],
                "Contest": contests,
                **({"BallotCounts": counts} if (counts := _ballot_counts(election, by_id)) else {}),
            }
        ],
    }
    return report


def _unit_id(constituency) -> str:
    return f"gpu-{slugify(constituency.identifier.replace('.', '-'))}"


def _party_id(party) -> str:
    return f"par-{party.slug}"


def _contest(name: str, unit: str, ballot_id: str, records: list, results) -> dict:
    """One party-list contest: a constituency, or the nationwide rows (`unit` gpu-kh)."""
    selections = []
    results = sorted(results, key=lambda r: (r.party.slug, r.source.key, r.section))
    by_party: dict[str, list] = {}
    for result in results:
        by_party.setdefault(result.party.slug, []).append(result)
    key = slugify(ballot_id.replace(".", "-"))
    differing: list[dict] = []
    for slug, rows in by_party.items():
        counts = []
        # A figure no source gives is left out, never zero. Where sources give different
        # figures, the format holds one: the first source's, and every figure with its
        # source is listed in the contest's identifiers ("differs:").
        for attribute, kind in (("votes", "total"), ("seats", "seats")):
            given = [(getattr(r, attribute), r) for r in rows if getattr(r, attribute) is not None]
            if not given:
                continue
            counts.append(_count(kind, given[0][0], unit))
            if len({value for value, _row in given}) > 1:
                differing.extend(
                    identifier(
                        "other",
                        f"differs:{slug} {attribute} {value} per {row.source.key} §{row.section}",
                        "differing-figure",
                    )
                    for value, row in given
                )
        selections.append(
            {
                "@id": f"sel-{key}-{slug}",
                "@type": "ElectionResults.PartySelection",
                "PartyIds": [f"par-{slug}"],
                **({"VoteCounts": counts} if counts else {}),
            }
        )
    return {
        "@id": f"con-{key}",
        "@type": "ElectionResults.PartyContest",
        "Name": name,
        "ElectionDistrictId": unit,
        "ExternalIdentifier": [
            identifier("other", ballot_id, "ballot-id"),
            *sources_of(*records, *results),
            *differing,
        ],
        "ContestSelection": selections,
    }


def _count(kind: str, value: int, unit: str) -> dict:
    return {"@type": "ElectionResults.VoteCounts", "Type": kind, "Count": value, "GpUnitId": unit}


def _ballot_counts(election, constituencies: dict) -> list[dict]:
    counts = []
    for counted in election.ballot_counts.all():
        if counted.time_of_day is not None or counted.ballots_cast is None:
            continue  # intraday turnout, or no count of ballots
        unit = (
            _unit_id(constituencies[counted.constituency_id])
            if counted.constituency_id
            else "gpu-kh"
        )
        entry = {
            "@type": "ElectionResults.BallotCounts",
            "GpUnitId": unit,
            "Type": "total",
            "BallotsCast": counted.ballots_cast,
        }
        if counted.invalid_ballots is not None:
            entry["BallotsRejected"] = counted.invalid_ballots
        counts.append(entry)
    return counts


def _notes(status: str, result_set) -> str:
    notes = [
        "Figures no source gives are left out, never written as zero.",
        "Each contest lists the source documents of its figures as external identifiers "
        "('source:<key> §<section>'; keys as in sources.csv of the data package). Where "
        "sources disagree, the first source's figure is given and every source's figure is "
        "listed as a 'differing-figure' identifier of the contest.",
    ]
    if status == "not_stated":
        notes.append(
            "The source does not say whether these are preliminary or official results; the "
            "format requires a status, and 'unofficial-complete' is the weakest it allows."
        )
    if result_set and result_set.note:
        notes.append(result_set.note)
    return " ".join(notes)
