"""The world map of /pays/: country shapes read once per build, simplified, shaded by coverage.

Shapes come from pygal-maps-world's `worldmap.svg` (one `<g class="xx country">`
group of relative-coordinate paths per ISO 3166 alpha-2 code). Curves are reduced
to their end points, coordinates rounded to a coarser grid and outlines thinned
(Douglas–Peucker): the map stays recognisable at any screen width and weighs
about 65 kB, not 780. Countries the source draws too small to click, or not at
all (Qatar, South Sudan, Kosovo…), get a dot.
"""

from __future__ import annotations

import hashlib
import json
import math
import pickle
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..buildkey import program_digest, read_sealed, write_sealed

# Source coordinates are divided by this, then rounded to whole units.
SCALE = 2.5
# Antarctica has no news and takes a fifth of the height.
LEFT_OUT = frozenset({"aq"})
# A country whose shape is smaller than this (square units) also gets a dot, so it can be clicked.
SMALL_AREA = 40.0
# Outline points nearer than this (map units) to a straight line are dropped.
TOLERANCE = 0.6
SHADES = 5
# Bump when the simplification changes, so cached geometry is recomputed.
GEOMETRY_VERSION = 3

_GROUP = re.compile(r'<g class="([a-z]{2}) country[^"]*">(.*?)</g>', re.S)
_PATH = re.compile(r'<path d="([^"]+)"')
_TOKEN = re.compile(r"[a-zA-Z]|-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?")
# How many numbers each path command takes; the last two (or the one for h/v) are its end point.
_ARITY = {"m": 2, "l": 2, "c": 6, "s": 4, "q": 4, "t": 2, "h": 1, "v": 1}

Point = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Shape:
    code: str
    """Lowercase ISO 3166 alpha-2 code."""
    path: str
    """SVG path data, in map units."""
    dot: tuple[int, int] | None
    """Centre of a marker for countries too small to click (or without outline), else None."""


@dataclass(frozen=True, slots=True)
class Geometry:
    width: int
    height: int
    shapes: dict[str, Shape]
    boxes: dict[str, tuple[int, int, int, int]]
    """Code → (left, top, right, bottom) of everything drawn for that country."""


@dataclass(frozen=True, slots=True)
class MapCountry:
    """One country on the map, as the template draws it."""

    code: str
    path: str
    label: str = ""
    url: str = ""
    count: int = 0
    shade: int = 0
    """0 for no article, 1 (few) to SHADES (most)."""
    dot: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class WorldMap:
    width: int
    height: int
    countries: tuple[MapCountry, ...]
    """Countries without articles first, so covered ones are drawn (and focused) on top."""
    legend: tuple[tuple[int, int], ...]
    """(shade, lowest count with that shade), for the legend."""


def world_map(covered: dict[str, tuple[str, str, int]], cache_dir: Path | None = None) -> WorldMap:
    """covered: ISO code (any case) → (label, url, article count)."""
    geometry = cached_geometry(cache_dir) if cache_dir else map_geometry()
    counts = {code.lower(): entry for code, entry in covered.items() if code.lower() in geometry.shapes}
    thresholds = shade_thresholds([count for _, _, count in counts.values()])
    shades = spread_shades(len(thresholds))
    plain, shaded = [], []
    for code, shape in geometry.shapes.items():
        if code in counts:
            label, url, count = counts[code]
            shade = shades[sum(1 for low in thresholds if count >= low) - 1]
            shaded.append(MapCountry(code, shape.path, label, url, count, shade, shape.dot))
        else:
            plain.append(MapCountry(code, shape.path))
    # Dots last, so a small country drawn inside a neighbour (South Sudan) stays on top.
    shaded.sort(key=lambda country: (country.dot is not None, country.label))
    legend = tuple(zip(shades, thresholds))
    return WorldMap(geometry.width, geometry.height, tuple(plain + shaded), legend)


@dataclass(frozen=True, slots=True)
class Locator:
    """A small map around one country, for its page."""

    view_box: str
    neighbours: tuple[str, ...]
    """Path data of the countries around it."""
    path: str
    dot: tuple[int, int] | None


LOCATOR_MIN_WIDTH = 150
LOCATOR_RATIO = 1.6  # width / height


def locator(code: str, cache_dir: Path | None = None) -> Locator | None:
    """The country `code` (ISO alpha-2, any case) in its region; None if the map lacks it."""
    geometry = cached_geometry(cache_dir) if cache_dir else map_geometry()
    code = code.lower()
    if code not in geometry.shapes:
        return None
    left, top, right, bottom = geometry.boxes[code]
    margin = max(right - left, bottom - top) * 0.35 + 10
    width = max(right - left + 2 * margin, LOCATOR_MIN_WIDTH, (bottom - top + 2 * margin) * LOCATOR_RATIO)
    height = width / LOCATOR_RATIO
    x = (left + right - width) / 2
    y = (top + bottom - height) / 2
    frame = (x, y, x + width, y + height)
    neighbours = tuple(
        shape.path
        for other, shape in geometry.shapes.items()
        if other != code and shape.path and _overlaps(geometry.boxes[other], frame)
    )
    shape = geometry.shapes[code]
    return Locator(f"{x:.0f} {y:.0f} {width:.0f} {height:.0f}", neighbours, shape.path, shape.dot)


def _overlaps(box: tuple[int, int, int, int], frame: tuple[float, float, float, float]) -> bool:
    return box[0] <= frame[2] and box[2] >= frame[0] and box[1] <= frame[3] and box[3] >= frame[1]


def shade_thresholds(counts: list[int]) -> list[int]:
    """Lowest count of each shade: geometric steps between 1 and the largest count."""
    if not counts:
        return []
    top = max(counts)
    if top <= SHADES:
        return list(range(1, top + 1))
    return sorted({_round_nicely(top ** (index / SHADES)) for index in range(SHADES)})


def _round_nicely(value: float) -> int:
    """To one significant digit (161 → 200, 875 → 900), for a legend people can read."""
    number = max(1, round(value))
    return round(number, -(len(str(number)) - 1)) if number >= 10 else number


def spread_shades(levels: int) -> list[int]:
    """Shade numbers for `levels` steps, always ending on the darkest: 3 levels → 1, 3, 5."""
    if levels <= 1:
        return [SHADES] * levels
    return [round(1 + index * (SHADES - 1) / (levels - 1)) for index in range(levels)]


@lru_cache(maxsize=4)
def cached_geometry(cache_dir: Path) -> Geometry:
    """map_geometry(), for the installed pygal-maps-world: as shipped with this package
    when it was worked out from the same file (a fifth of a second less in every clean
    build), else from a copy kept on disk between builds, else computed. Kept in memory
    for the process (each country's page 1 draws its locator)."""
    key = _source_key()
    shipped = _read_shipped(key)
    if shipped is not None:
        return shipped
    path = cache_dir / "worldmap.pickle"
    key = f"{key}-{program_digest()}"  # worked out by this very program
    payload = read_sealed(path, key)  # sealed: a damaged copy reads as none
    if payload is not None:
        try:
            geometry = pickle.loads(payload)
        except Exception:  # sealed by this program, so never expected
            geometry = None
        if isinstance(geometry, Geometry):
            return geometry
    geometry = map_geometry()
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        write_sealed(path, pickle.dumps(geometry, protocol=pickle.HIGHEST_PROTOCOL), key)
    except OSError:
        pass  # a read-only cache only costs time
    return geometry


# The geometry worked out ahead from the pygal-maps-world this package was tested with.
# `python -m site_builder.render.worldmap` writes it anew; a test checks it is current.
SHIPPED = Path(__file__).with_name("worldmap.json")


def _read_shipped(key: str) -> Geometry | None:
    try:
        data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("key") != key:
        return None
    shapes = {code: Shape(code, path, tuple(dot) if dot else None) for code, (path, dot) in data["shapes"].items()}
    boxes = {code: tuple(box) for code, box in data["boxes"].items()}
    return Geometry(width=data["width"], height=data["height"], shapes=shapes, boxes=boxes)


def shipped_form(geometry: Geometry) -> dict:
    """What SHIPPED holds for `geometry` of the installed source."""
    return {
        "key": _source_key(),
        "width": geometry.width,
        "height": geometry.height,
        "shapes": {code: [shape.path, list(shape.dot) if shape.dot else None] for code, shape in geometry.shapes.items()},
        "boxes": {code: list(box) for code, box in geometry.boxes.items()},
    }


def _source_key() -> str:
    """The simplification's version and a digest of the installed source file."""
    return f"{GEOMETRY_VERSION}-{hashlib.blake2b(_source().read_bytes(), digest_size=16).hexdigest()}"


def _source() -> Path:
    return Path(str(resources.files("pygal_maps_world").joinpath("worldmap.svg")))


@lru_cache(maxsize=1)
def map_geometry() -> Geometry:
    """Every country's simplified outline, computed once per process."""
    source = _source().read_text(encoding="utf-8")
    polygons: dict[str, list[list[Point]]] = {}
    for code, body in _GROUP.findall(source):
        if code in LEFT_OUT:
            continue
        rings = [ring for d in _PATH.findall(body) for ring in _rings(d)]
        polygons.setdefault(code, []).extend(rings)
    top = min(y for rings in polygons.values() for ring in rings for _, y in ring)
    bottom = max(y for rings in polygons.values() for ring in rings for _, y in ring)
    right = max(x for rings in polygons.values() for ring in rings for x, _ in ring)
    shapes, boxes = {}, {}
    for code, rings in sorted(polygons.items()):
        moved = [[(x, y - top) for x, y in ring] for ring in rings]
        shapes[code] = Shape(code, _path_data(moved), _dot(moved))
        boxes[code] = _box([point for ring in _main_rings(moved) for point in ring])
    width, height = right + 1, bottom - top + 1
    for code, (latitude, longitude) in sorted(PLACES_WITHOUT_SHAPE.items()):
        x, y = robinson_point(latitude, longitude)
        if code not in shapes and 0 <= x < width and 0 <= y < height:
            shapes[code] = Shape(code, "", (x, y))
            boxes[code] = (x, y, x, y)
    return Geometry(width=width, height=height, shapes=shapes, boxes=boxes)


def _box(points: list[Point]) -> tuple[int, int, int, int]:
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    return (min(xs), min(ys), max(xs), max(ys))


def _main_rings(rings: list[list[Point]]) -> list[list[Point]]:
    """The rings that make a country's usual frame: the largest and those at least a tenth of it
    (so France frames as France, not with French Guiana; the United States with Alaska)."""
    areas = [_area(ring) for ring in rings]
    largest = max(areas)
    return [ring for ring, area in zip(rings, areas) if area >= largest / 10] or rings


def robinson_point(latitude: float, longitude: float) -> tuple[int, int]:
    """Where a place falls on this map: Robinson projection, scaled and shifted as the map is.

    The constants were fitted to the centres of 29 small countries the map does draw
    (mean error under one map unit).
    """
    table_index = min(int(abs(latitude) // 5), len(_ROBINSON) - 2)
    fraction = (abs(latitude) - 5 * table_index) / 5
    (x_low, y_low), (x_high, y_high) = _ROBINSON[table_index], _ROBINSON[table_index + 1]
    x = 0.8487 * (x_low + (x_high - x_low) * fraction) * math.radians(longitude)
    y = math.copysign(1.3523 * (y_low + (y_high - y_low) * fraction), latitude)
    return round(480.6 + 207.0 * x), round(269.9 - 206.3 * y)


# Robinson's table: (parallel length, distance from the equator) every 5° of latitude.
_ROBINSON = [
    (1.0000, 0.0000), (0.9986, 0.0620), (0.9954, 0.1240), (0.9900, 0.1860), (0.9822, 0.2480),
    (0.9730, 0.3100), (0.9600, 0.3720), (0.9427, 0.4340), (0.9216, 0.4958), (0.8962, 0.5571),
    (0.8679, 0.6176), (0.8350, 0.6769), (0.7986, 0.7346), (0.7597, 0.7903), (0.7186, 0.8435),
    (0.6732, 0.8936), (0.6213, 0.9394), (0.5722, 0.9761), (0.5322, 1.0000),
]

# Countries and territories the source map has no outline for (too small, or drawn inside a
# neighbour, like South Sudan and Kosovo), with a central point (latitude, longitude): they
# appear as a dot when they have articles.
PLACES_WITHOUT_SHAPE = {
    "ag": (17.1, -61.8), "bb": (13.2, -59.5), "bm": (32.3, -64.8), "bs": (24.5, -77.5),
    "cw": (12.2, -69.0), "dm": (15.4, -61.4), "ea": (35.9, -5.3), "fj": (-17.8, 178.0),
    "fm": (6.9, 158.2), "fo": (62.0, -6.8), "gd": (12.1, -61.7), "gi": (36.1, -5.35),
    "gp": (16.2, -61.6), "ic": (28.3, -16.6), "ki": (1.9, -157.4), "km": (-11.7, 43.3),
    "kn": (17.3, -62.7), "ky": (19.3, -81.3), "lc": (13.9, -61.0), "mh": (7.1, 171.2),
    "mq": (14.6, -61.0), "nc": (-21.3, 165.6), "nr": (-0.5, 166.9), "pf": (-17.6, -149.4),
    "pw": (7.5, 134.6), "qa": (25.3, 51.2), "sb": (-9.6, 160.2), "ss": (7.3, 30.0),
    "to": (-21.2, -175.2), "tt": (10.5, -61.3), "tv": (-8.5, 179.2), "vc": (13.2, -61.2),
    "vu": (-15.4, 166.9), "ws": (-13.8, -172.1), "xk": (42.6, 20.9),
}


def _rings(d: str) -> list[list[Point]]:
    """The end points of a relative-command path, one list per subpath, on the coarse grid."""
    rings: list[list[Point]] = []
    x = y = 0.0
    command = ""
    tokens = _TOKEN.findall(d)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.isalpha():
            command = token
            index += 1
            if command in "zZ":
                continue
            continue
        arity = _ARITY.get(command.lower())
        if arity is None:
            raise ValueError(f"worldmap.svg: unsupported path command {command!r}")
        values = [float(value) for value in tokens[index : index + arity]]
        index += arity
        absolute = command.isupper()
        if command in "hH":
            x = values[0] + (0 if absolute else x)
        elif command in "vV":
            y = values[0] + (0 if absolute else y)
        else:
            dx, dy = values[-2], values[-1]
            x, y = (dx, dy) if absolute else (x + dx, y + dy)
        if command in "mM":
            rings.append([])
            command = "L" if absolute else "l"  # later pairs are line-tos
        point = (round(x / SCALE), round(y / SCALE))
        if not rings[-1] or rings[-1][-1] != point:
            rings[-1].append(point)
    return [_simplify(ring) for ring in rings if ring]


def _simplify(ring: list[Point], tolerance: float = TOLERANCE) -> list[Point]:
    """Douglas–Peucker: drop points closer than `tolerance` to the line joining their neighbours."""
    if len(ring) < 4:
        return ring
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = ring[first], ring[last]
        length = math.hypot(x2 - x1, y2 - y1)
        farthest, distance = 0, tolerance
        for index in range(first + 1, last):
            x, y = ring[index]
            if length:
                away = abs((x2 - x1) * (y1 - y) - (x1 - x) * (y2 - y1)) / length
            else:  # a closed ring: measure from its start
                away = math.hypot(x - x1, y - y1)
            if away > distance:
                farthest, distance = index, away
        if farthest:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(ring, keep) if kept]


def _path_data(rings: list[list[Point]]) -> str:
    """Absolute first point, then short relative steps: 'M12 30l1 2 0 3z…'."""
    parts = []
    for ring in rings:
        if len(ring) < 3:
            continue
        (x, y), rest = ring[0], ring[1:]
        steps = []
        for nx, ny in rest:
            steps.append(f"{nx - x} {ny - y}")
            x, y = nx, ny
        parts.append(f"M{ring[0][0]} {ring[0][1]}l{' '.join(steps)}z".replace(" -", "-"))
    return "".join(parts)


def _area(ring: list[Point]) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]))) / 2


def _dot(rings: list[list[Point]]) -> tuple[int, int] | None:
    """The centre of the largest ring, when the whole country is too small to click."""
    if sum(_area(ring) for ring in rings) >= SMALL_AREA:
        return None
    largest = max(rings, key=lambda ring: (_area(ring), len(ring)))
    xs = [x for x, _ in largest]
    ys = [y for _, y in largest]
    return (round((min(xs) + max(xs)) / 2), round((min(ys) + max(ys)) / 2))


__all__ = ["world_map", "map_geometry", "shade_thresholds", "WorldMap", "MapCountry"]


if __name__ == "__main__":
    SHIPPED.write_text(json.dumps(shipped_form(map_geometry()), separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {SHIPPED}")
