import pytest

from results.allocation import UndecidableTie, dhondt
from results.models import Constituency


def test_dhondt_gives_the_largest_quotients_the_seats():
    allocation = dhondt({"A": 1121, "B": 239, "C": 1, "D": 4}, 8)
    assert allocation.seats == {"A": 7, "B": 1, "C": 0, "D": 0}
    assert allocation.last_seat.party == "A"
    assert allocation.last_seat.divisor == 7
    assert allocation.next_in_line.party == "A"
    assert allocation.next_in_line.divisor == 8


def test_dhondt_equal_quotients_go_to_the_party_with_more_votes():
    # A's 2nd quotient (600/2 = 300) equals B's 1st (300): B has fewer votes, so A wins it.
    assert dhondt({"A": 600, "B": 300}, 2).seats == {"A": 2, "B": 0}


def test_dhondt_refuses_to_pick_between_parties_with_equal_votes():
    with pytest.raises(UndecidableTie):
        dhondt({"A": 100, "B": 100}, 1)


def test_dhondt_gives_no_seat_to_a_party_without_votes():
    assert dhondt({"A": 10, "B": 0}, 3).seats == {"A": 3, "B": 0}


def test_dhondt_rejects_negative_votes():
    with pytest.raises(ValueError):
        dhondt({"A": -1}, 1)


@pytest.mark.django_db
@pytest.mark.parametrize("region", [f"region-{n}" for n in range(1, 9)])
def test_dhondt_reproduces_the_declared_senate_seats(region):
    constituency = Constituency.objects.get(election__slug="2024-senate", slug=region)
    results = list(constituency.results.select_related("party"))
    assert len(results) == 4
    computed = dhondt({r.party.slug: r.votes for r in results}, constituency.seats)
    assert computed.seats == {r.party.slug: r.seats for r in results}


@pytest.mark.django_db
def test_region_4_last_seat_is_decided_between_cpp_and_npp():
    constituency = Constituency.objects.get(election__slug="2024-senate", slug="region-4")
    votes = {r.party.abbreviation: r.votes for r in constituency.results.select_related("party")}
    allocation = dhondt(votes, constituency.seats)
    assert allocation.seats == {"CPP": 9, "KWP": 1, "FUNCINPEC": 0, "NPP": 0}
    # CPP's 10th quotient (119.1) narrowly beats NPP's 118 for the next seat in line.
    assert allocation.next_in_line.party == "CPP"
    assert allocation.runners_up[1].party == "NPP"
