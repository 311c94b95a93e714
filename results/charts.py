"""Geometry for the inline SVG charts: plain functions, so templates only draw."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

from django.utils.html import format_html
from django.utils.safestring import mark_safe


@dataclass(frozen=True)
class Seat:
    x: float
    y: float
    label: str
    colour: str


@dataclass(frozen=True)
class Hemicycle:
    seats: tuple[Seat, ...]
    width: float
    height: float
    dot_radius: float

    @property
    def circles(self) -> str:
        """The seats as SVG circles, one group per party titled with its name.

        Built here rather than in a template loop (125 seats); coordinates are numbers,
        so only each group's colour and label need escaping.
        """
        groups = []
        for (label, colour), seats in groupby(self.seats, key=lambda s: (s.label, s.colour)):
            dots = "".join(f'<circle cx="{s.x}" cy="{s.y}" r="{self.dot_radius}"/>' for s in seats)
            groups.append(
                format_html('<g fill="{}"><title>{}</title>{}</g>', colour, label, mark_safe(dots))
            )
        return mark_safe("".join(groups))


def hemicycle(groups: Sequence[tuple[str, str, int]]) -> Hemicycle:
    """Lay out seats in concentric half-rings, filled group by group from left to right.

    `groups` is a sequence of (label, colour, seats).
    """
    total = sum(count for _, _, count in groups)
    if total == 0:
        return Hemicycle((), 0, 0, 0)
    rows = max(1, round(math.sqrt(total / 4)))
    inner = rows * 1.2
    radii = [inner + row for row in range(rows)]
    per_row = [round(total * r / sum(radii)) for r in radii]
    per_row[-1] += total - sum(per_row)

    positions: list[tuple[float, float, float]] = []
    for radius, count in zip(radii, per_row, strict=True):
        for index in range(count):
            angle = math.pi * (1 - (index / (count - 1) if count > 1 else 0.5))
            positions.append((angle, radius * math.cos(angle), radius * math.sin(angle)))
    # Sweep from the left end to the right so each group forms a wedge.
    positions.sort(key=lambda p: (-round(p[0], 6), -math.hypot(p[1], p[2])))

    outer = radii[-1] + 0.6
    colours = [(label, colour) for label, colour, count in groups for _ in range(count)]
    seats = tuple(
        Seat(round(outer + x, 3), round(outer - y, 3), label, colour)
        for (_, x, y), (label, colour) in zip(positions, colours, strict=True)
    )
    return Hemicycle(seats, round(2 * outer, 3), round(outer + 0.2, 3), 0.4)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int


def bar_chart(points: Sequence[tuple[str, int]], *, width: float = 600, height: float = 240):
    """Vertical bars scaled to the largest value; labels sit under the bars."""
    if not points:
        return ()
    top = max(value for _, value in points) or 1
    slot = width / len(points)
    bars = []
    for index, (label, value) in enumerate(points):
        bar_height = height * value / top
        bars.append(
            Bar(
                round(index * slot + slot * 0.15, 2),
                round(height - bar_height, 2),
                round(slot * 0.7, 2),
                round(bar_height, 2),
                label,
                value,
            )
        )
    return tuple(bars)
