"""The ONS region boundaries shipped inside the package, read once per process."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from mutualscope.domain.geometry import Area, AreaIndex, Nearest, Polygon

BOUNDARY_FILE = "england-regions-2023.geojson"
#: A point outside every region but this close to one (a seafront address that the
#: generalised coastline leaves in the sea) is given that region, with a warning.
COASTAL_TOLERANCE_KM = 5.0
#: How far from England the distance to the nearest region is still measured.
NEAREST_SEARCH_KM = 50.0
#: England's borders with Wales and Scotland, as boxes (west, south, east, north in
#: degrees) holding every part of England's outline that runs along them, and the shores
#: of the estuaries that Welsh or Scottish towns face from under 5 km away (the Severn
#: below Chepstow, the Dee by Flint, the Solway by Annan). A point whose nearest English
#: boundary lies in a box may be in Wales or Scotland, so it is not taken to be at sea.
LAND_BORDERS: tuple[tuple[str, tuple[float, float, float, float]], ...] = (
    ("Wales", (-3.30, 51.50, -2.58, 53.35)),
    ("Scotland", (-3.45, 54.90, -2.02, 55.82)),
)
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


@lru_cache(maxsize=4096)
def nearest_region(
    longitude: float, latitude: float, *, within_km: float = NEAREST_SEARCH_KM
) -> Nearest | None:
    """For a WGS84 point outside England's regions, the region whose boundary is nearest
    and its distance in km; None when none is within ``within_km``."""
    return region_index().nearest(longitude, latitude, within_km=within_km)


def land_border(nearest: Nearest) -> str | None:
    """The country ("Wales", "Scotland") across the border where the nearest boundary
    point lies, or None where that boundary is coastline."""
    lon, lat = nearest.boundary_point
    for country, (west, south, east, north) in LAND_BORDERS:
        if west <= lon <= east and south <= lat <= north:
            return country
    return None
