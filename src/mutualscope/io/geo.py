"""The ONS region boundaries shipped inside the package, read once per process."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from mutualscope.domain.geometry import Area, AreaIndex, Polygon

BOUNDARY_FILE = "england-regions-2023.geojson"
ATTRIBUTION = (
    "Source: Office for National Statistics, licensed under the Open Government Licence "
    "v3.0. Contains OS data © Crown copyright and database right 2023."
)


@dataclass(frozen=True)
class RegionBoundary:
    """One region's outline, with the label point ONS publishes for it."""

    code: str
    name: str
    polygons: tuple[Polygon, ...]
    label_point: tuple[float, float]

    @property
    def area(self) -> Area:
        return Area(self.code, self.polygons)


def _polygons(geometry: dict[str, Any]) -> tuple[Polygon, ...]:
    def ring(points: list[list[float]]) -> list[tuple[float, float]]:
        return [(float(x), float(y)) for x, y, *_ in points]

    if geometry["type"] == "Polygon":
        return (tuple(ring(r) for r in geometry["coordinates"]),)
    if geometry["type"] == "MultiPolygon":
        return tuple(tuple(ring(r) for r in poly) for poly in geometry["coordinates"])
    raise ValueError(f"unexpected geometry type {geometry['type']!r} in {BOUNDARY_FILE}")


@lru_cache(maxsize=1)
def load_region_boundaries() -> tuple[RegionBoundary, ...]:
    """The nine English regions in ONS code order (E12000001 first)."""
    text = resources.files("mutualscope.io").joinpath("data", BOUNDARY_FILE).read_text("utf-8")
    features = json.loads(text)["features"]
    regions = [
        RegionBoundary(
            code=feature["properties"]["RGN23CD"],
            name=feature["properties"]["RGN23NM"],
            polygons=_polygons(feature["geometry"]),
            label_point=(float(feature["properties"]["LONG"]), float(feature["properties"]["LAT"])),
        )
        for feature in features
    ]
    return tuple(sorted(regions, key=lambda region: region.code))


@lru_cache(maxsize=1)
def region_index() -> AreaIndex:
    """A point-in-polygon index over the shipped boundaries."""
    return AreaIndex([region.area for region in load_region_boundaries()])


def region_at(longitude: float, latitude: float) -> str | None:
    """The ONS code of the region containing a WGS84 point, or None outside England."""
    return region_index().locate(longitude, latitude)
