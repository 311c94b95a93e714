"""The provinces map: simplified paths (built once by `build_province_map`), drawn inline.

Each province is a link with a <title>; each kind of result has a colour *and* a pattern,
and the list beside the map says the same in words.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise
from pathlib import Path

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from results.models import Province
from results.permalinks import url_for
from results.summaries import ConstituencyOutcome, constituency_outcome, listed, number
from results.templatetags.translated import english_marked

MAP_DATA = Path(__file__).resolve().parent / "data" / "maps" / "provinces.json"
# How many kinds of area a map can tell apart: each has a colour and a pattern (site.css).
SHADES = 6


def write_map_data(data: dict) -> None:
    MAP_DATA.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n")


@cache
def map_data() -> dict:
    return json.loads(MAP_DATA.read_text())


@dataclass(frozen=True)
class Gazetteer:
    """The provinces' names, and every spelling of them that points to one."""

    names: dict[str, str]  # slug: name
    spellings: dict[str, str]  # any spelling, case-folded: slug

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str, str | None]]) -> Gazetteer:
        """From (slug, name, alias) rows, one per alias."""
        names, spellings = {}, {}
        for slug, name, alias in rows:
            names[slug] = name
            for spelling in (slug, name, alias):
                if spelling:
                    spellings[spelling.casefold()] = slug
        return cls(names, spellings)

    def find(self, spelling: str) -> str | None:
        return self.spellings.get(spelling.casefold())

    def paths(self) -> dict[str, str]:
        """{province slug: its path on the map}. The map's ids and names are matched
        through the aliases: it spells two provinces differently (`rattanakkiri`)."""
        found = {}
        for feature in map_data()["provinces"]:
            slug = self.find(feature["id"]) or self.find(feature["name"])
            if slug:
                found[slug] = feature["d"]
        return found


def gazetteer() -> Gazetteer:
    """One query: every province's slug, name and aliases."""
    return Gazetteer.from_rows(
        Province.objects.values_list("slug", "name", "aliases__name").order_by()
    )


@dataclass(frozen=True)
class Area:
    """One province on a map: where it links, which shade it takes and what it says."""

    slug: str
    name: str
    shade: int
    detail: str
    group: str = ""  # the constituency it belongs to, where that groups several provinces

    @property
    def url(self) -> str:
        return url_for("results:province_detail", self.slug)

    @property
    def title(self) -> str:
        """ "Kandal: CPP 10 of 11 seats", or "Kandal, Region 3" in a group, whose result the
        key gives once for all its provinces."""
        if self.group:
            return _("%(province)s, %(region)s") % {"province": self.name, "region": self.group}
        if self.detail:
            return _("%(place)s: %(detail)s") % {"place": self.name, "detail": self.detail}
        return self.name


@dataclass(frozen=True)
class Shade:
    number: int
    label: str
    areas: tuple[Area, ...]


@dataclass(frozen=True)
class ProvinceMap:
    key: str  # makes the ids in the page unique
    title: str
    shades: tuple[Shade, ...]
    paths: tuple[tuple[str, str], ...]  # (province slug, path)
    outlines: str = ""  # the borders of groups of provinces (Senate regions)

    @property
    def svg(self) -> SafeString:
        return _drawn(self, get_language())

    @property
    def legend(self) -> SafeString:
        return _key(self, get_language())

    def _svg(self) -> SafeString:
        """The drawing: each province a link titled with what it shows, grouped by shade so
        that each shade's fill is written once. Labelled by the key's title (the caption)."""
        shade_of = {area.slug: area for shade in self.shades for area in shade.areas}
        groups = []
        for shade in sorted({area.shade for area in shade_of.values()}):
            areas = format_html_join(
                "",
                '<a href="{}"><title>{}</title><path d="{}"/></a>',
                (
                    (area.url, area.title, d)
                    for area, d in ((shade_of[slug], d) for slug, d in self.paths)
                    if area.shade == shade
                ),
            )
            groups.append(format_html('<g fill="url(#{}-shade-{})">{}</g>', self.key, shade, areas))
        return format_html(
            '<svg viewBox="{}" class="map__svg" role="group" aria-labelledby="{}-title">'
            "<defs>{}</defs>{}{}</svg>",
            map_data()["viewBox"],
            self.key,
            patterns(self.key, (shade.number for shade in self.shades)),
            mark_safe("".join(groups)),
            format_html('<path class="map__outline" d="{}"/>', self.outlines)
            if self.outlines
            else "",
        )

    def swatch(self, number: int) -> SafeString:
        return format_html(
            '<svg class="map__swatch" viewBox="0 0 16 16" aria-hidden="true">'
            '<rect width="16" height="16" fill="url(#{}-shade-{})"/></svg>',
            self.key,
            number,
        )

    def _legend(self) -> SafeString:
        """The same facts as the map, in words: each shade with its provinces, or with its
        groups of provinces (Senate regions), whose provinces the page's table lists and
        each province's title names; a shade that takes every province says so."""
        everywhere = len(self.shades) == 1
        return format_html_join(
            "",
            "<li>{}<strong>{}</strong> ({}): {}</li>",
            (
                (
                    self.swatch(s.number),
                    english_marked(s.label),
                    # Regions where the provinces are grouped, provinces otherwise.
                    number(len({area.group or area.slug for area in s.areas})),
                    _("every province") if everywhere else _entries(s.areas),
                )
                for s in self.shades
            ),
        )


# A map is a frozen value: the same data draws the same markup, so it is drawn once per
# language (the words drawn with it are translated).
@lru_cache(maxsize=64)
def _drawn(province_map: ProvinceMap, language: str) -> SafeString:
    return province_map._svg()


@lru_cache(maxsize=64)
def _key(province_map: ProvinceMap, language: str) -> SafeString:
    return province_map._legend()


def _natural(name: str) -> list:
    """A sort key reading the numbers in a name as numbers (Khmer digits too)."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def _links(areas: Iterable[Area]) -> SafeString:
    return format_html_join(", ", '<a href="{}">{}</a>', ((a.url, a.name) for a in areas))


def _entries(areas: Sequence[Area]) -> SafeString:
    """ "Kandal (CPP 10 of 11 seats); …", or by group: "Region 3 (CPP 5 of 5 seats)"."""
    grouped: dict[tuple[str, str], list[Area]] = defaultdict(list)
    # Groups in their natural order (Region 2 before Region 10), provinces by name.
    for area in sorted(areas, key=lambda a: _natural(a.group)):
        grouped[(area.group, area.detail)].append(area)
    return mark_safe(
        "; ".join(
            format_html("{} ({})", group, english_marked(detail))
            if group
            else format_html(
                _("{provinces} ({detail})"),
                provinces=_links(members),
                detail=english_marked(detail),
            )
            if detail
            else _links(members)
            for (group, detail), members in grouped.items()
        )
    )


# Each shade's pattern drawn over its colour, so that no shade is told by colour alone.
_PATTERNS = (
    "",
    '<path d="M0 6h6" class="map__ink"/>',
    '<rect x="2" y="2" width="2" height="2" class="map__dot"/>',
    '<path d="M0 0l6 6M6 0l-6 6" class="map__ink"/>',
    '<path d="M3 0v6" class="map__ink"/>',
    '<path d="M0 0l6 6" class="map__ink"/>',
)


def patterns(key: str, shades: Iterable[int] = range(SHADES)) -> SafeString:
    """The patterns of `shades` (those the map uses)."""
    return mark_safe(
        "".join(
            f'<pattern id="{key}-shade-{n}" width="6" height="6" patternUnits="userSpaceOnUse">'
            f'<rect width="6" height="6" class="map__fill--{n}"/>{_PATTERNS[n]}</pattern>'
            for n in sorted(shades)
        )
    )


def shaded(
    key: str,
    title: str,
    areas: Mapping[str, tuple[str, str, str]],
    places: Gazetteer,
    *,
    missing: str,
    groups: Sequence[Sequence[str]] = (),
    first: str = "",
) -> ProvinceMap:
    """A map from {province slug: (shade label, detail, group)}; provinces not in `areas` take
    the `missing` label. The key lists the label `first` (the page's answer) first;
    `groups` of provinces are outlined together."""
    paths = places.paths()
    by_label: dict[str, list[Area]] = defaultdict(list)
    for slug in sorted(paths, key=places.names.get):
        label, detail, group = areas.get(slug, (missing, "", ""))
        by_label[label].append(Area(slug, places.names[slug], 0, detail, group))
    # The most common kind takes the plainest shade; the key lists `first` first.
    ordered = sorted(by_label.items(), key=lambda item: (item[0] == missing, -len(item[1])))
    if len(ordered) > SHADES:  # fold the rarest kinds into one
        rest = [area for _, group in ordered[SHADES - 1 :] for area in group]
        ordered = [*ordered[: SHADES - 1], (_("Other results"), rest)]
    shades = sorted(
        (
            Shade(n, label, tuple(Area(a.slug, a.name, n, a.detail, a.group) for a in group))
            for n, (label, group) in enumerate(ordered)
        ),
        key=lambda shade: shade.label != first,
    )
    outlines = region_outlines(
        tuple(tuple(paths[slug] for slug in group if slug in paths) for group in groups)
    )
    return ProvinceMap(key, title, tuple(shades), tuple(paths.items()), outlines)


def winners_label(outcome: ConstituencyOutcome) -> str:
    """ "CPP only" or "CPP and FUNCINPEC": the parties that won seats there."""
    parties = [won.party for won in outcome.won]
    if not parties:
        return _("No winners recorded")
    if len(parties) == 1:
        return _("%(party)s only") % {"party": parties[0]}
    return listed(parties)


def seats_detail(outcome: ConstituencyOutcome) -> str:
    """ "CPP 9, FUNCINPEC 1 of 10 seats"."""
    split = ", ".join(f"{won.party} {number(won.seats)}" for won in outcome.won)
    if not split:
        return _("%(count)s seats, winners not recorded") % {"count": number(outcome.seats)}
    return _("%(split)s of %(count)s seats") % {"split": split, "count": number(outcome.seats)}


def election_outcomes(election) -> list[tuple[list[str], ConstituencyOutcome]]:
    """Each constituency's province names and outcome, from an election whose
    constituencies and results are loaded (and provinces, unless each is a province)."""
    return [
        (
            [c.name] if election.is_province_based else [p.name for p in c.provinces.all()],
            constituency_outcome(c),
        )
        for c in election.constituencies.all()
    ]


def results_map(
    key: str,
    title: str,
    outcomes: Sequence[tuple[Sequence[str], ConstituencyOutcome]],
    places: Gazetteer,
    *,
    outline: bool = False,
) -> ProvinceMap:
    """Who won where: `outcomes` pairs each constituency's province names with what it
    returned. With `outline`, each constituency's provinces are outlined together."""
    areas, groups = {}, []
    for provinces, outcome in outcomes:
        slugs = [slug for slug in map(places.find, provinces) if slug]
        if outline:
            groups.append(slugs)
        for slug in slugs:
            areas[slug] = (
                winners_label(outcome),
                seats_detail(outcome),
                outcome.name if outline else "",
            )
    return shaded(key, title, areas, places, missing=_("No result recorded"), groups=groups)


def party_map(key: str, title: str, party: str, results, places: Gazetteer) -> ProvinceMap:
    """Where one party won seats, from its constituency results in one election (each
    with its constituency and the constituency's provinces loaded)."""
    areas = {}
    for result in results:
        constituency = result.constituency
        if result.seats:
            label = _("%(party)s won seats") % {"party": party}
        elif result.seats is None:
            label = _("Seats not reported")
        else:
            label = _("Stood, won no seat")
        detail = _("%(won)s of %(count)s seats") % {
            "won": number(result.seats) if result.seats is not None else _("not reported"),
            "count": number(constituency.seats),
        }
        provinces = [p.name for p in constituency.provinces.all()] or [constituency.name]
        group = constituency.name if len(provinces) > 1 else ""
        for slug in filter(None, map(places.find, provinces)):
            areas[slug] = (label, detail, group)
    return shaded(
        key,
        title,
        areas,
        places,
        missing=_("Did not stand, or no result recorded"),
        first=_("%(party)s won seats") % {"party": party},
    )


# Region outlines: the borders a group's provinces do not share with each other.

_NUMBER = re.compile(r"-?\d*\.?\d+")


def rings(d: str) -> list[list[tuple[int, int]]]:
    """The rings of a path written by build_province_map, as whole tenths of a unit."""
    found, start = [], (0, 0)
    for part in d.split("z"):
        values = [round(float(v) * 10) for v in _NUMBER.findall(part)]
        if not values:
            continue
        x, y = start[0] + values[0], start[1] + values[1]
        ring = [(x, y)]
        for dx, dy in zip(values[2::2], values[3::2], strict=True):
            x, y = x + dx, y + dy
            ring.append((x, y))
        found.append(ring)
        start = ring[0]
    return found


@cache
def region_outlines(groups: tuple[tuple[str, ...], ...]) -> str:
    """One path tracing the borders between groups of province paths.

    Neighbours share their border's points exactly (the map was built that way), so an
    edge drawn twice within a group lies inside it, and an edge drawn once on the whole
    map is the coast or the frontier, which the provinces already show: both are left out.
    """
    group_edges = [
        [frozenset(pair) for d in group for ring in rings(d) for pair in _pairs(ring)]
        for group in groups
    ]
    on_map = Counter(edge for edges in group_edges for edge in edges)
    parts = []
    for edges in group_edges:
        in_group = Counter(edges)
        between = [tuple(e) for e, count in in_group.items() if count == 1 and on_map[e] > 1]
        parts.append(_chains(between))
    return "".join(parts)


def _pairs(ring: list[tuple[int, int]]):
    return zip(ring, ring[1:] + ring[:1], strict=True)


def _chains(edges: list[tuple]) -> str:
    """Edges joined into as few polylines as possible, as path data."""
    neighbours: dict[tuple, list[tuple]] = defaultdict(list)
    for a, b in edges:
        neighbours[a].append(b)
        neighbours[b].append(a)
    parts = []
    for start in list(neighbours):
        while neighbours[start]:
            line, point = [start], start
            while neighbours[point]:
                following = neighbours[point].pop()
                neighbours[following].remove(point)
                line.append(following)
                point = following
            steps = [f"{_tenths(b[0] - a[0])} {_tenths(b[1] - a[1])}" for a, b in pairwise(line)]
            parts.append(f"M{_tenths(start[0])} {_tenths(start[1])}l" + " ".join(steps))
    return "".join(parts)


def _tenths(value: int) -> str:
    text = f"{value / 10:g}"
    return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text
