"""Geometry for the inline SVG charts: plain functions, so templates only draw."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from results.cards import card_labels_style
from results.summaries import number
from results.templatetags.translated import english_marked

# A party without a colour of its own is drawn in this grey: site.css gives it to a swatch
# with no colour set, so that the party tables need not repeat it on every row.
DEFAULT_COLOUR = "#6b6b6b"


def swatch_style(colour: str) -> SafeString | str:
    """The style attribute giving a swatch `colour`; none for the default grey."""
    return "" if colour.lower() == DEFAULT_COLOUR else format_html(' style="--swatch:{}"', colour)


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
    def dot_width(self) -> float:
        return round(2 * self.dot_radius, 3)

    @property
    def circles(self) -> str:
        """The seats as dots, one path per party titled with its name: each seat is a
        zero-length line with a round cap (`_hemicycle.html` sets its width), a tenth of
        the bytes of a <circle> each.

        Built here rather than in a template loop (125 seats); coordinates are numbers,
        so only each group's colour and label need escaping.
        """
        groups = []
        for (label, colour), seats in groupby(self.seats, key=lambda s: (s.label, s.colour)):
            dots = "".join(f"M{_short(s.x)} {_short(s.y)}h0" for s in seats)
            groups.append(
                format_html(
                    '<path stroke="{}" d="{}"><title>{}</title></path>', colour, dots, label
                )
            )
        return mark_safe("".join(groups))


def _short(value: float) -> str:
    """A coordinate to a tenth, without a leading zero: "12.8", ".6"."""
    text = f"{round(value, 1):g}"
    return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text


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
        Seat(round(outer + x, 2), round(outer - y, 2), label, colour)
        for (_, x, y), (label, colour) in zip(positions, colours, strict=True)
    )
    dot_radius = 0.4
    # The bottom row's centres lie on the baseline (y = outer): leave room for the dots.
    return Hemicycle(seats, round(2 * outer, 3), round(outer + dot_radius + 0.1, 3), dot_radius)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int
    value_label: str

    @property
    def centre(self) -> float:
        return round(self.x + self.width / 2, 2)


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class BarChart:
    """Vertical bars with a value axis: coordinates in the SVG's own units."""

    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    left: float  # where the value axis stands
    baseline: float  # the y of the zero line
    width: float
    height: float  # of the whole drawing, labels included


def nice_step(top: float, ticks: int = 4) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about `ticks` ticks up to `top`."""
    raw = top / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)


def bar_chart(
    points: Sequence[tuple[str, int]],
    *,
    value_label=str,
    tick_label=str,
    width: float = 600,
    plot_height: float = 220,
) -> BarChart | None:
    """Bars scaled on an axis from zero to a round value above the largest; each bar has
    its value written above it and its label below."""
    if not points:
        return None
    step = nice_step(max(value for _, value in points) or 1)
    top = step * math.ceil((max(value for _, value in points) or 1) / step)
    left, above, below = 56, 22, 24
    slot = (width - left) / len(points)
    bars = []
    for index, (label, value) in enumerate(points):
        bar_height = plot_height * value / top
        bars.append(
            Bar(
                round(left + index * slot + slot * 0.15, 2),
                round(above + plot_height - bar_height, 2),
                round(slot * 0.7, 2),
                round(bar_height, 2),
                label,
                value,
                value_label(value),
            )
        )
    ticks = tuple(
        Tick(round(above + plot_height - plot_height * n * step / top, 2), tick_label(n * step))
        for n in range(round(top / step) + 1)
    )
    return BarChart(
        tuple(bars), ticks, left, above + plot_height, width, above + plot_height + below
    )


@dataclass(frozen=True)
class Share:
    """One bar of a vote-share list: a party's votes and its share as the source gives it."""

    label: str
    votes: int
    percent: Decimal | None
    width: float  # percent of the longest bar


@dataclass(frozen=True)
class VoteShares:
    """Vote-share bars under a caption, each with its votes and share written beside it."""

    caption: str
    shares: tuple[Share, ...]

    @property
    def as_html(self) -> SafeString:
        """Built here rather than in a template: a page may hold a dozen of these."""
        rows = format_html_join(
            "",
            "<li>{}{}<span>{}</span></li>",
            (
                (
                    format_html("<span>{}</span>", english_marked(share.label)),
                    _bar(share) or mark_safe("<i></i>"),
                    _share_label(share),
                )
                for share in self.shares
            ),
        )
        return format_html(
            '<figure class="shares"><figcaption>{}</figcaption><ul>{}</ul></figure>',
            english_marked(self.caption),
            rows,
        )


def _bar(share: Share) -> str:
    """The bar, or none for no votes (a sliver would read as a vote or two)."""
    if not share.votes:
        return ""
    return format_html('<i style="width:{}%"></i>', f"{share.width:g}")


def _share_label(share: Share) -> str:
    """ "1,121 (82.12%)": the votes, and the share as the source prints it where it does."""
    if share.percent is None:
        return number(share.votes)
    return f"{number(share.votes)} ({number(share.percent)}%)"


def vote_shares(
    caption: str, rows: Sequence[tuple[str, int | None, Decimal | None]]
) -> VoteShares | None:
    """Bars from (party, votes, reported percent) rows, most votes first; None if any row
    lacks its votes, since a missing figure cannot be drawn."""
    if not rows or any(votes is None for _, votes, _ in rows):
        return None
    longest = max(votes for _, votes, _ in rows) or 1
    return VoteShares(
        caption,
        tuple(
            Share(label, votes, percent, round(100 * votes / longest, 1))
            for label, votes, percent in sorted(rows, key=lambda row: -row[1])
        ),
    )


@dataclass(frozen=True)
class SharesTable:
    """Vote-share bars for several places in one table: a row a place, a column a party, so
    that each party's bars line up from place to place. A bar's length is the party's votes
    against the most votes cast for one party in that place; the figures beside it are as
    the source gives them."""

    caption: str
    parties: tuple[str, ...]
    # (place, its page, each party's share there, or None where the party has no result)
    rows: tuple[tuple[str, str, tuple[Share | None, ...]], ...]

    @property
    def as_html(self) -> SafeString:
        def cell(share: Share | None) -> str:
            if share is None:
                return format_html("<td>{}</td>", _("not reported"))
            return format_html("<td>{}{}</td>", _bar(share), _share_label(share))

        rows = format_html_join(
            "\n",
            '<tr><th scope="row"><a href="{}">{}</a></th>{}</tr>',
            (
                (url, place, mark_safe("".join(cell(share) for share in shares)))
                for place, url, shares in self.rows
            ),
        )
        return format_html(
            '<div class="table-scroll" role="region" aria-labelledby="shares-caption" '
            'tabindex="0">\n<table class="data-table shares-table" style="{}">\n'
            '<caption id="shares-caption">{}</caption>\n<thead><tr><th scope="col">{}</th>{}'
            "</tr></thead>\n<tbody>\n{}\n</tbody>\n</table>\n</div>",
            card_labels_style(["", *self.parties]),
            self.caption,
            _("Constituency"),
            format_html_join(
                "", '<th scope="col">{}</th>', ((english_marked(p),) for p in self.parties)
            ),
            rows,
        )


def shares_table(
    caption: str,
    places: Sequence[tuple[str, str, Sequence[tuple[str, int | None, Decimal | None]]]],
) -> SharesTable | None:
    """A table of bars from each place's (party, votes, reported percent) rows, the parties
    in order of their votes in all places; None if no place gives every party's votes (a
    place that does not shows its parties as not reported: a missing figure is not drawn)."""
    charts = {place: vote_shares(place, rows) for place, _url, rows in places}
    if not any(charts.values()):
        return None
    totals: dict[str, int] = defaultdict(int)
    for chart in filter(None, charts.values()):
        for share in chart.shares:
            totals[share.label] += share.votes
    parties = tuple(sorted(totals, key=lambda party: -totals[party]))
    rows = []
    for place, url, _rows in places:
        by_party = {share.label: share for share in charts[place].shares} if charts[place] else {}
        rows.append((place, url, tuple(by_party.get(party) for party in parties)))
    return SharesTable(caption, parties, tuple(rows))
