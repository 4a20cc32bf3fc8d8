"""Where a registry row's organisation is: a grid reference read as latitude and
longitude, and the region of a row that gives none taken from its point.

A point inside an English region gets that region. One just outside every region, within
:data:`~mutualscope.io.geo.COASTAL_TOLERANCE_KM` of one and not by the Welsh or Scottish
border, is a seafront or pier address that ONS's generalised coastline leaves in the sea:
it gets the nearest region, with a warning naming the row and the distance. Any other
point leaves the region missing, with a note saying how far it is from England.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from mutualscope.domain.national_grid import grid_to_wgs84
from mutualscope.domain.records import CellProblem
from mutualscope.domain.regions import region_name
from mutualscope.io.geo import (
    COASTAL_TOLERANCE_KM,
    NEAREST_SEARCH_KM,
    land_border,
    nearest_region,
    region_at,
)

GRID_FIELDS = ("easting", "northing")
# Six decimal places of a degree: about 0.1 m, finer than any grid reference in a registry.
_DECIMALS = 6


@dataclass
class LocationMessages:
    """What locating the rows has to tell: notes, and warnings about guesses made."""

    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def take_grid_reference(
    values: dict[str, Any], *, row: int, headers: Mapping[str, str]
) -> list[CellProblem]:
    """Replace a row's easting and northing with the latitude and longitude they give.

    Latitude and longitude given in the row itself are kept. A grid column that the file
    has is authoritative, like any other: a blank easting and northing leave the point
    missing. One without the other is a problem of the row.
    """
    easting, northing = values.pop("easting", None), values.pop("northing", None)
    if easting is None and northing is None:
        if "latitude" not in headers:
            values["latitude"] = values["longitude"] = None
        return []
    if easting is None or northing is None:
        missing, given, number = (
            ("easting", "northing", northing)
            if easting is None
            else ("northing", "easting", easting)
        )
        return [
            CellProblem(
                row,
                headers[missing],
                "",
                f"the {missing} that goes with the {given} {number:,.0f} (give both or neither)",
            )
        ]
    if values.get("latitude") is not None and values.get("longitude") is not None:
        return []
    latitude, longitude = grid_to_wgs84(easting, northing)
    values["latitude"] = round(latitude, _DECIMALS)
    values["longitude"] = round(longitude, _DECIMALS)
    return []


def derive_region(values: dict[str, Any], row: int, messages: LocationMessages) -> None:
    """Give a row without a region the region its point lies in (or just off), marked derived."""
    lat, lon = values.get("latitude"), values.get("longitude")
    if lat is None or lon is None:
        return
    code = region_at(lon, lat)
    if code is not None:
        values["region_code"], values["region_derived"] = code, True
        return
    point = f"the point ({lat}, {lon})"
    nearest = nearest_region(lon, lat)
    if nearest is None:
        messages.notes.append(
            f"row {row}: {point} lies outside England, more than {NEAREST_SEARCH_KM:g} km "
            "from any of its regions; the region is left missing."
        )
        return
    name, km = region_name(nearest.code), f"{nearest.distance_km:.1f} km"
    border = land_border(nearest)
    if border is not None:
        messages.notes.append(
            f"row {row}: {point} lies outside England, {km} from {name} by the border with "
            f"{border}; the region is left missing (give it in a Region column if the "
            "organisation is in England)."
        )
    elif nearest.distance_km <= COASTAL_TOLERANCE_KM:
        values["region_code"], values["region_derived"] = nearest.code, True
        messages.warnings.append(
            f"row {row}: {point} lies {km} off the coast of {name}, within the "
            f"{COASTAL_TOLERANCE_KM:g} km allowed for a point just off the coast; it is given "
            f"{name}. Check the coordinates if the organisation is elsewhere."
        )
    else:
        messages.notes.append(
            f"row {row}: {point} lies outside England, {km} from {name}, beyond the "
            f"{COASTAL_TOLERANCE_KM:g} km allowed for a point just off the coast; the region "
            "is left missing. Check the coordinates, or give the region in a Region column."
        )
