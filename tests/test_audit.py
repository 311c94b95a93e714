"""The consistency checks find the known disagreements, naming both figures and sources."""

import pytest

from results import audit
from results.models import ConstituencyResult, Election
from results.selectors import elections_with_results

pytestmark = pytest.mark.django_db


def findings_for(slug):
    [election] = elections_with_results(Election.objects.filter(slug=slug))
    return audit.election_findings(election)


def pick(findings, check, subject):
    matches = [f for f in findings if f.check == check and f.subject == subject]
    assert len(matches) == 1, [(f.check, f.subject) for f in findings]
    return matches[0]


def test_allocation_table_sums_to_126_against_125_seats():
    finding = pick(
        findings_for("2023-national-assembly"),
        "Seats allocated across constituencies against the total",
        "2023 National Assembly election",
    )
    assert finding.first.value == "125"
    assert finding.second.value == "126"
    assert "Electoral system" in finding.second.section


def test_takeo_has_nine_seats_allocated_but_eight_won():
    finding = pick(
        findings_for("2023-national-assembly"), "Seats allocated against seats won", "Takéo"
    )
    assert (finding.first.value, finding.second.value) == ("9", "8")
    assert finding.first.section == "Electoral system (seat allocation)"
    assert "Results of seat allocation by provinces" in finding.second.section


def test_senate_national_cpp_votes_differ_from_the_regions_sum():
    finding = pick(
        findings_for("2024-senate"),
        "National votes against the constituencies' sum",
        "Cambodian People's Party",
    )
    assert finding.first.value == "10,117"
    assert finding.second.value == "9,332"


def test_senate_infobox_and_results_table_give_different_cpp_shares():
    finding = pick(
        findings_for("2024-senate"),
        "National vote share given differently",
        "Cambodian People's Party",
    )
    assert {finding.first.value, finding.second.value} == {"85.92%", "86.99%"}
    assert {finding.first.section, finding.second.section} == {
        "Infobox",
        "Results by region (total row)",
    }


def test_national_senate_shares_do_not_follow_from_the_printed_votes():
    finding = pick(
        findings_for("2024-senate"),
        "Percentage against votes",
        "Cambodian People's Party, nationwide",
    )
    assert finding.first.value == "86.99%"
    assert finding.second.value == "86.00%"


def test_regional_senate_percentages_agree_with_regional_votes():
    findings = findings_for("2024-senate")
    regional = [
        f for f in findings if f.check == "Percentage against votes" and "Region" in f.subject
    ]
    assert regional == []


def test_by_election_ballots_that_do_not_add_up_are_reported():
    findings = findings_for("2023-communal-by-elections")
    subjects = {
        f.subject for f in findings if f.check == "Valid and invalid ballots against ballots cast"
    }
    assert subjects == {"Sampov Poun city", "Arey Ksat city"}


def test_the_printed_registered_voter_change_is_compared_with_the_counts():
    findings = {f.subject: f for f in audit.all_findings() if f.election is None}
    assert findings["2002"].first.value == "3.80%"
    assert findings["2002"].second.value == "-3.80%"
    # 9,205,681 -> 9,710,645 is +5.49% of 2022's count; the printed 5.20% is of 2023's.
    assert (findings["2023"].first.value, findings["2023"].second.value) == ("5.20%", "5.49%")
    assert "1993" not in findings


def test_an_edit_that_makes_a_table_add_up_removes_its_finding():
    result = ConstituencyResult.objects.get(
        constituency__election__slug="2023-national-assembly",
        constituency__slug="takeo",
        party__abbreviation="CPP",
    )
    result.seats = 9
    result.save()
    subjects = {f.subject for f in findings_for("2023-national-assembly")}
    assert "Takéo" not in subjects
