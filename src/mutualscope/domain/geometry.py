"""Point in polygon over region boundaries, fast enough for every row of a large import.

Coordinates are (longitude, latitude) pairs, as in GeoJSON. Rings follow GeoJSON too:
a polygon is an outer ring followed by holes, and the even-odd rule counts holes out.

For a point outside every area, :meth:`AreaIndex.nearest` measures how far it is from the
nearest boundary, in kilometres: generalised coastlines leave seafront addresses just
outside their region.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

Point = tuple[float, float]
Ring = Sequence[Point]
Polygon = Sequence[Ring]


@dataclass(frozen=True)
class Area:
    """A named area made of one or more polygons (a GeoJSON MultiPolygon)."""

    code: str
    polygons: tuple[Polygon, ...]


Edge = tuple[float, float, float, float]  # x1, y1, x2, y2 with y1 < y2

#: Kilometres in a degree of latitude (mean Earth radius 6,371.0088 km).
KM_PER_DEGREE = 6371.0088 * math.pi / 180
# Side of the cells boundary segments are filed under for distance queries, in degrees.
_CELL_DEGREES = 0.1


@dataclass(frozen=True)
class Nearest:
    """The area whose boundary is nearest a point outside every area, how far it is, and
    the nearest point of that boundary."""

    code: str
    distance_km: float
    boundary_point: Point


class AreaIndex:
    """Finds the area holding a point; edges are bucketed by latitude band.

    A horizontal ray from the point crosses only edges spanning its latitude, so each
    lookup tests the few dozen edges in one band instead of every vertex in England.
    """

    def __init__(self, areas: Sequence[Area], bands: int = 512) -> None:
        edges: list[tuple[int, Edge]] = []
        for number, area in enumerate(areas):
            for polygon in area.polygons:
                for ring in polygon:
                    edges.extend((number, edge) for edge in _ring_edges(ring))
        self.codes = [area.code for area in areas]
        ys = [y for _, (_, y1, _, y2) in edges for y in (y1, y2)] or [0.0]
        self.bottom, self.top = min(ys), max(ys)
        self.band_count = bands
        self.band_height = (self.top - self.bottom) / bands or 1.0
        self.bands: list[list[tuple[int, Edge]]] = [[] for _ in range(bands)]
        for item in edges:
            _, (_, y1, _, y2) = item
            for band in range(self._band(y1), self._band(y2) + 1):
                self.bands[band].append(item)
        self._areas = areas
        self._cells: dict[tuple[int, int], list[tuple[int, Edge]]] | None = None

    def _band(self, y: float) -> int:
        band = math.floor((y - self.bottom) / self.band_height)
        return min(max(band, 0), self.band_count - 1)

    def locate(self, lon: float, lat: float) -> str | None:
        """The code of the area containing the point, or None when it lies outside all."""
        if not (self.bottom <= lat <= self.top):
            return None
        crossings: dict[int, int] = {}
        for number, (x1, y1, x2, y2) in self.bands[self._band(lat)]:
            if y1 <= lat < y2:
                x_at = x1 + (lat - y1) * (x2 - x1) / (y2 - y1)
                if x_at > lon:
                    crossings[number] = crossings.get(number, 0) + 1
        for number in sorted(crossings):
            if crossings[number] % 2 == 1:
                return self.codes[number]
        return None

    def nearest(self, lon: float, lat: float, *, within_km: float) -> Nearest | None:
        """The area with the boundary nearest the point, if it is within ``within_km``.

        Distances are measured on a plane tangent at the point (within a few metres of
        the great-circle distance at the tens of kilometres this is asked about).
        """
        cells = self._segment_cells()
        km_y = KM_PER_DEGREE
        km_x = KM_PER_DEGREE * math.cos(math.radians(lat))
        reach_y = within_km / km_y
        reach_x = within_km / km_x if km_x > 0 else 360.0
        best: tuple[float, int, Point] | None = None
        seen: set[int] = set()
        for cx in range(_cell(lon - reach_x), _cell(lon + reach_x) + 1):
            for cy in range(_cell(lat - reach_y), _cell(lat + reach_y) + 1):
                for number, segment in cells.get((cx, cy), ()):
                    if id(segment) in seen:  # filed under each cell it touches
                        continue
                    seen.add(id(segment))
                    x1, y1, x2, y2 = segment
                    distance, t = _segment_distance(
                        (x1 - lon) * km_x, (y1 - lat) * km_y, (x2 - lon) * km_x, (y2 - lat) * km_y
                    )
                    if best is None or distance < best[0]:
                        best = (distance, number, (x1 + t * (x2 - x1), y1 + t * (y2 - y1)))
        if best is None or best[0] > within_km:
            return None
        return Nearest(self.codes[best[1]], best[0], best[2])

    def _segment_cells(self) -> dict[tuple[int, int], list[tuple[int, Edge]]]:
        """Every boundary segment (horizontal ones too) filed under each cell its bounding
        box touches; built on first use, since most imports never need it."""
        if self._cells is None:
            cells: dict[tuple[int, int], list[tuple[int, Edge]]] = {}
            for number, area in enumerate(self._areas):
                for polygon in area.polygons:
                    for ring in polygon:
                        points = list(ring)
                        for (xa, ya), (xb, yb) in itertools.pairwise(points + points[:1]):
                            segment = (xa, ya, xb, yb)
                            for cx in range(_cell(min(xa, xb)), _cell(max(xa, xb)) + 1):
                                for cy in range(_cell(min(ya, yb)), _cell(max(ya, yb)) + 1):
                                    cells.setdefault((cx, cy), []).append((number, segment))
            self._cells = cells
        return self._cells


def _cell(degrees: float) -> int:
    return math.floor(degrees / _CELL_DEGREES)


def _segment_distance(x1: float, y1: float, x2: float, y2: float) -> tuple[float, float]:
    """Distance from the origin to the segment (x1, y1)-(x2, y2), and where along the
    segment (0 to 1) its nearest point lies."""
    dx, dy = x2 - x1, y2 - y1
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, -(x1 * dx + y1 * dy) / length2))
    return math.hypot(x1 + t * dx, y1 + t * dy), t


def _ring_edges(ring: Ring) -> list[Edge]:
    edges: list[Edge] = []
    points = list(ring)
    if points and points[0] != points[-1]:
        points.append(points[0])
    for (xa, ya), (xb, yb) in itertools.pairwise(points):
        if ya == yb:
            continue  # horizontal edges never cross a horizontal ray
        if ya < yb:
            edges.append((xa, ya, xb, yb))
        else:
            edges.append((xb, yb, xa, ya))
    return edges


def bounds(areas: Sequence[Area]) -> tuple[float, float, float, float]:
    """(min_lon, min_lat, max_lon, max_lat) over all areas."""
    xs = [x for area in areas for poly in area.polygons for ring in poly for x, _ in ring]
    ys = [y for area in areas for poly in area.polygons for ring in poly for _, y in ring]
    return min(xs), min(ys), max(xs), max(ys)
