"""The sentences that open each page: written from the data, never saying more than it."""

from datetime import date
from decimal import Decimal

import pytest

from observers.summaries import Assessment, observers_summary, reactions_summary
from results.models import ConstituencyResult
from results.summaries import (
    ConstituencyOutcome,
    PartyElection,
    PartySeats,
    election_summary,
    investiture_summary,
    party_summary,
    province_summary,
)
from tests.test_pages import text


def lede(response) -> str:
    html = response.content.decode()
    start = html.index('<p class="lede summary">')
    return text(type("R", (), {"content": html[start : html.index("</p>", start)].encode()}))


@pytest.mark.django_db
def test_the_funcinpec_page_names_the_five_provinces_it_won(client):
    sentence = lede(client.get("/parties/funcinpec/"))
    assert (
        "In the 2023 National Assembly election, FUNCINPEC won 5 seats: one each in "
        "Kampong Cham, Kampong Thom, Kandal, Phnom Penh and Prey Veng." in sentence
    )
    assert "In the 2024 Senate election, FUNCINPEC won no seat in the 8 constituencies" in sentence


@pytest.mark.django_db
def test_a_province_page_names_its_winners_and_its_senate_region(client):
    sentence = lede(client.get("/provinces/kandal/"))
    assert "Kandal returned 11 members: CPP (10) and FUNCINPEC (1)" in sentence
    assert "part of Region 3, which returned 5 members: CPP (5)" in sentence


@pytest.mark.django_db
def test_a_change_in_the_data_changes_the_province_sentence(client):
    ConstituencyResult.objects.filter(constituency__slug="kandal", party__slug="funcinpec").update(
        seats=None
    )
    sentence = lede(client.get("/provinces/kandal/"))
    assert "Kandal returned 11 members: CPP (10); the winner of 1 seat is not recorded." in sentence
    assert "FUNCINPEC" not in sentence


@pytest.mark.django_db
def test_election_pages_open_with_the_result_and_turnout(client):
    assembly = lede(client.get("/elections/2023-national-assembly/"))
    assert "Cambodian People's Party (120) and FUNCINPEC (5) won all 125 seats" in assembly
    assert "Turnout was 84.59%." in assembly
    senate = lede(client.get("/elections/2024-senate/"))
    assert "won 58 of the 62 seats. 4 seats are not elected by this vote." in senate


@pytest.mark.django_db
def test_the_timeline_gives_the_confidence_vote_in_one_line_and_key_facts(client):
    page = client.get("/elections/2023-national-assembly/timeline/")
    assert lede(page) == (
        "On 22 August 2023 the National Assembly gave Hun Manet its confidence: "
        "123 of its 125 members voted in favour, where 63 were needed."
    )
    assert "Votes in favour 123 of 125 members (63 needed)" in text(page)


@pytest.mark.django_db
def test_observer_pages_say_who_assessed_and_how_reactions_divide(client):
    index = lede(client.get("/observers/"))
    assert "4 assessments of the 2023 National Assembly election are recorded" in index
    assert "Goodluck Jonathan (an international observer's remarks) took note of it" in index
    assert "Shanghai Cooperation Organisation (observation mission) endorsed it" in index
    assert "17 organisations together (joint statement) criticised it" in index
    reactions = lede(client.get("/observers/reactions/"))
    assert reactions == (
        "26 reactions are recorded: 10 endorsed or congratulated, 7 took note and 9 criticised."
    )


def test_a_missing_seat_figure_is_said_to_be_missing_not_zero():
    sentence = province_summary("Kep", ConstituencyOutcome("E", "Kep", 1, (), unreported=2), None)
    assert sentence == "In the E, Kep has no reported winners."


@pytest.mark.django_db
def test_a_province_whose_seats_do_not_all_have_winners_says_so(client):
    sentence = lede(client.get("/provinces/takeo/"))
    assert "Takéo returned 9 members: CPP (8); the winner of 1 seat is not recorded." in sentence


def test_a_party_sentence_counts_places_past_six_and_flags_unreported_rows():
    won = tuple(PartySeats(f"Place {n}", 1) for n in range(7))
    sentence = party_summary("X", [PartyElection("E", won, constituencies=9, unreported=1)])
    assert sentence == (
        "In the E, X won 7 seats, in 7 of the 9 constituencies where it stood. "
        "Its seats are not reported for 1 more constituency."
    )


def test_an_election_sentence_without_turnout_says_so_and_flags_unrecorded_winners():
    sentence = election_summary("E", 10, 10, [PartySeats("A", 6)], None)
    assert sentence == (
        "In the E, A (6) won 6 of the 10 seats. The winners of 4 seats are not recorded. "
        "The sources report no final turnout."
    )
    assert "Turnout was 51.5%." in election_summary("E", 1, 1, [], Decimal("51.5"))


def test_a_confidence_vote_without_the_votes_in_favour_does_not_invent_them():
    sentence = investiture_summary("A", date(2023, 8, 22), None, 125, 63)
    assert "the votes in favour are not reported" in sentence
    assert "refused" in investiture_summary("A", date(2023, 8, 22), 60, 125, 63)


def test_observer_sentences_follow_their_figures():
    assessments = [Assessment("E", ("A", "B"), "Observation mission", "noted")]
    assert observers_summary(assessments) == (
        "1 assessment of the E is recorded: A and B (observation mission) took note of it."
    )
    assert reactions_summary({"critical": 1}) == "1 reaction is recorded: 1 criticised."
    assert reactions_summary({}) == "No reactions are recorded yet."
