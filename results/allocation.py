"""D'Hondt seat allocation (highest averages), the method Cambodian law prescribes.

Each party's votes are divided by 1, 2, 3, ...; the seats go to the largest quotients.

Tie rule: when two quotients are equal, the seat goes to the party with more votes in the
constituency (the smaller divisor). If votes are equal as well, arithmetic cannot decide
and `UndecidableTie` is raised rather than picking a winner silently. Quotients are compared
as exact fractions, never as rounded decimals.

Plain Python, no Django: tests and the admin call these functions directly.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from fractions import Fraction


class UndecidableTie(Exception):
    """Two parties with equal votes tie for the last seat: the law's drawing of lots decides."""


@dataclass(frozen=True)
class Quotient:
    party: Hashable
    votes: int
    divisor: int

    @property
    def value(self) -> Fraction:
        return Fraction(self.votes, self.divisor)

    def sort_key(self) -> tuple[Fraction, int]:
        return (self.value, self.votes)


@dataclass(frozen=True)
class Allocation:
    seats: dict[Hashable, int]
    winning: tuple[Quotient, ...]  # in the order the seats were awarded
    runners_up: tuple[Quotient, ...]  # the best quotients that missed out, best first

    @property
    def last_seat(self) -> Quotient | None:
        return self.winning[-1] if self.winning else None

    @property
    def next_in_line(self) -> Quotient | None:
        return self.runners_up[0] if self.runners_up else None


def dhondt(votes: Mapping[Hashable, int], seats: int, *, runners_up: int = 3) -> Allocation:
    """Allocate `seats` among parties by D'Hondt.

    >>> dhondt({"A": 1121, "B": 239, "C": 1, "D": 4}, 8).seats
    {'A': 7, 'B': 1, 'C': 0, 'D': 0}
    """
    if seats < 0:
        raise ValueError("seats cannot be negative")
    if any(v < 0 for v in votes.values()):
        raise ValueError("votes cannot be negative")

    candidates = [
        Quotient(party, count, divisor)
        for party, count in votes.items()
        if count > 0
        for divisor in range(1, seats + 2)
    ]
    candidates.sort(key=Quotient.sort_key, reverse=True)
    winning = tuple(candidates[:seats])
    losing = tuple(candidates[seats:])
    if winning and losing and winning[-1].sort_key() == losing[0].sort_key():
        raise UndecidableTie(
            f"{winning[-1].party} and {losing[0].party} tie for the last seat "
            f"with equal votes ({winning[-1].votes})"
        )

    allocated = {party: 0 for party in votes}
    for quotient in winning:
        allocated[quotient.party] += 1
    return Allocation(seats=allocated, winning=winning, runners_up=losing[:runners_up])
