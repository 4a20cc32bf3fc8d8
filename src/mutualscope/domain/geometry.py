"""Point in polygon over region boundaries, fast enough for every row of a large import.

Coordinates are (longitude, latitude) pairs, as in GeoJSON. Rings follow GeoJSON too:
a polygon is an outer ring followed by holes, and the even-odd rule counts holes out.
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
