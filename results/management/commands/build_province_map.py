"""Simplify the provinces map once and write the paths the pages inline.

Needs the `maps` extra (`pip install -e '.[maps]'`); the site itself only reads the result.
"""

import json
import re
from pathlib import Path

from django.core.management.base import BaseCommand

from results.maps import MAP_DATA, write_map_data

SOURCE = Path(__file__).resolve().parents[3].parent / "shared/data/maps/cambodia-provinces.svg"
# Douglas-Peucker tolerance in map units: the map is 655 units wide and drawn at most
# about 500 px wide, so a unit is under a pixel: a border moves by at most about 3 px.
# Side by side at 1280 px, 4 and 2.8 draw the same shapes; 4 keeps 20 % fewer points
# (4,328 bytes of paths against 5,405), which every page with a map carries.
TOLERANCE = 4
# Points per map unit kept: whole units. Neighbours share each border's points, so
# rounding moves both sides alike and opens no gap.
SCALE = 1
# How far (map units) a vertex may move to lie on a neighbour's border.
SNAP = 0.6


def parse_path(d: str) -> list[list[tuple[float, float]]]:
    """The rings of an SVG path made of M/m, L/l and z (all this map uses)."""
    rings: list[list[tuple[float, float]]] = []
    x = y = 0.0
    start = (0.0, 0.0)
    command = ""
    tokens = re.findall(r"[MmLlZz]|-?[\d.]+(?:e-?\d+)?", d)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token in "MmLlZz":
            command = token
            index += 1
            if token in "Zz":
                x, y = start
            continue
        dx, dy = float(tokens[index]), float(tokens[index + 1])
        index += 2
        relative = command in "ml"
        x, y = (x + dx, y + dy) if relative else (dx, dy)
        if command in "Mm":
            rings.append([])
            start = (x, y)
            command = "l" if relative else "L"  # further pairs are line-tos
        rings[-1].append((x, y))
    return [ring for ring in rings if len(ring) >= 3]


def _polygons(rings):
    """One shape from a path's rings: a ring inside a larger one is a hole (Phnom Penh
    inside Kandal), the others are separate parts (islands)."""
    from shapely.geometry import Polygon
    from shapely.ops import unary_union

    parts: list = []
    for polygon in sorted((Polygon(r).buffer(0) for r in rings), key=lambda p: -p.area):
        host = next((i for i, part in enumerate(parts) if part.contains(polygon)), None)
        if host is None:
            parts.append(polygon)
        else:
            parts[host] = parts[host].difference(polygon)
    return unary_union(parts)


def path_data(rings) -> str:
    """Rings as a compact path: one move, then relative steps in steps of 1/SCALE,
    computed from the rounded points so that rounding never accumulates."""
    parts = []
    previous = (0, 0)
    for ring in rings:
        points = [(round(x * SCALE), round(y * SCALE)) for x, y in ring]
        points = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
        if points[0] == points[-1]:
            points.pop()
        steps = [f"m{_number(points[0][0] - previous[0])} {_number(points[0][1] - previous[1])}"]
        steps += [
            f"{_number(b[0] - a[0])} {_number(b[1] - a[1])}"
            for a, b in zip(points, points[1:], strict=False)
        ]
        parts.append(" ".join(steps) + "z")
        previous = points[0]
    return "".join(parts)


def _number(steps: int) -> str:
    text = f"{steps / SCALE:.1f}".rstrip("0").rstrip(".")
    return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text


class Command(BaseCommand):
    help = (
        "Simplify ../shared/data/maps/cambodia-provinces.svg with shared borders kept "
        "shared (topojson) and write results/data/maps/provinces.json. Run once when the "
        "source map changes, and commit the result."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", type=Path, default=SOURCE)
        parser.add_argument("--tolerance", type=float, default=TOLERANCE)

    def handle(self, *, source: Path, tolerance: float, **options):
        import shapely
        import topojson
        from shapely.geometry import mapping, shape

        svg = source.read_text()
        shapes = {}
        for attributes in re.findall(r"<path(.*?)/?>", svg, re.S):
            found = dict(re.findall(r'\s(id|name|d)="([^"]*)"', attributes))
            shapes[(found["id"], found["name"])] = _polygons(parse_path(found["d"]))
        # Neighbours are drawn with slightly different vertices along their common border:
        # snap each province to the borders drawn before it, so that the border is one line.
        drawn = None
        for key, geometry in sorted(shapes.items(), key=lambda item: -item[1].area):
            if drawn is not None:
                shapes[key] = geometry = shapely.snap(geometry, drawn, SNAP).buffer(0)
            drawn = geometry.boundary if drawn is None else drawn.union(geometry.boundary)
        features = [
            {"type": "Feature", "properties": {"id": id_, "name": name}, "geometry": mapping(g)}
            for (id_, name), g in shapes.items()
        ]
        # Each border becomes one arc shared by both neighbours and is simplified once:
        # neighbours keep one common edge and no gap opens between them.
        topology = topojson.Topology(
            {"type": "FeatureCollection", "features": features},
            prequantize=False,
            toposimplify=tolerance,
        )
        provinces = []
        for feature in json.loads(topology.to_geojson())["features"]:
            geometry = shape(feature["geometry"])
            polygons = getattr(geometry, "geoms", [geometry])
            rings = [list(ring.coords) for p in polygons for ring in (p.exterior, *p.interiors)]
            provinces.append({**feature["properties"], "d": path_data(rings)})
        viewbox = re.search(r'viewBox="([^"]*)"', svg).group(1)
        write_map_data({"viewBox": viewbox, "provinces": provinces})
        size = sum(len(p["d"]) for p in provinces)
        self.stdout.write(f"Wrote {MAP_DATA}: {len(provinces)} provinces, {size} bytes of paths.")
