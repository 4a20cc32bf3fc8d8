"""British National Grid eastings and northings as WGS84 latitude and longitude.

Registries published by public bodies (schools, NHS sites, the ONS postcode directory)
often locate places by Ordnance Survey grid reference in metres rather than by latitude
and longitude. The conversion follows Ordnance Survey's "A guide to coordinate systems in
Great Britain": the inverse Transverse Mercator projection on the Airy 1830 ellipsoid
gives OSGB36 latitude and longitude, and a seven-parameter Helmert transformation moves
them to WGS84. Without OSTN15's correction grid the result is within about 5 metres,
far finer than region boundaries need.
"""

from __future__ import annotations

import math

from mutualscope.domain.missing import BadValue, clean, is_missing

# The National Grid's true origin and scale (Airy 1830 ellipsoid).
_AIRY_A, _AIRY_B = 6_377_563.396, 6_356_256.909
_F0 = 0.9996012717
_LAT0, _LON0 = math.radians(49.0), math.radians(-2.0)
_E0, _N0 = 400_000.0, -100_000.0
# WGS84 (GRS80) ellipsoid.
_WGS_A, _WGS_B = 6_378_137.0, 6_356_752.3141
# OSGB36 -> WGS84: translations in metres, scale in parts per million, rotations in
# arc seconds (OS's published WGS84 -> OSGB36 parameters with their signs reversed).
_TX, _TY, _TZ = 446.448, -125.157, 542.060
_SCALE_PPM = -20.4894
_RX, _RY, _RZ = 0.1502, 0.2470, 0.8421

#: Grid references cover Great Britain and its waters: 0-700 km east, 0-1,300 km north.
MAX_EASTING, MAX_NORTHING = 700_000.0, 1_300_000.0


def parse_grid_metres(text: object, *, limit: float) -> float | None:
    """An easting or northing in metres ('530268', '530268.4'); None when blank."""
    if is_missing(text):
        return None
    value = clean(text).replace(",", "")
    expected = (
        f"a British National Grid coordinate in metres between 0 and {limit:,.0f} "
        "(e.g. 530268); latitude and longitude go in their own columns"
    )
    try:
        number = float(value)
    except ValueError:
        raise BadValue(clean(text), expected) from None
    if not 0 <= number <= limit:
        raise BadValue(clean(text), expected)
    return number


def grid_to_osgb36(easting: float, northing: float) -> tuple[float, float]:
    """OSGB36 (latitude, longitude) in degrees for a grid reference in metres."""
    a, b = _AIRY_A, _AIRY_B
    e2 = 1 - (b * b) / (a * a)
    n = (a - b) / (a + b)
    lat = _LAT0
    meridional = 0.0
    while True:
        lat = (northing - _N0 - meridional) / (a * _F0) + lat
        meridional = _meridional_arc(lat, b, n)
        if abs(northing - _N0 - meridional) < 0.00001:  # 0.01 mm
            break
    sin_lat, cos_lat, tan_lat = math.sin(lat), math.cos(lat), math.tan(lat)
    nu = a * _F0 / math.sqrt(1 - e2 * sin_lat * sin_lat)
    rho = a * _F0 * (1 - e2) / (1 - e2 * sin_lat * sin_lat) ** 1.5
    eta2 = nu / rho - 1
    sec_lat = 1 / cos_lat
    t2, t4 = tan_lat**2, tan_lat**4
    vii = tan_lat / (2 * rho * nu)
    viii = tan_lat / (24 * rho * nu**3) * (5 + 3 * t2 + eta2 - 9 * t2 * eta2)
    ix = tan_lat / (720 * rho * nu**5) * (61 + 90 * t2 + 45 * t4)
    x = sec_lat / nu
    xi = sec_lat / (6 * nu**3) * (nu / rho + 2 * t2)
    xii = sec_lat / (120 * nu**5) * (5 + 28 * t2 + 24 * t4)
    xiia = sec_lat / (5040 * nu**7) * (61 + 662 * t2 + 1320 * t4 + 720 * tan_lat**6)
    d = easting - _E0
    latitude = lat - vii * d**2 + viii * d**4 - ix * d**6
    longitude = _LON0 + x * d - xi * d**3 + xii * d**5 - xiia * d**7
    return math.degrees(latitude), math.degrees(longitude)


def _meridional_arc(lat: float, b: float, n: float) -> float:
    """Distance along the central meridian from the true origin's latitude to ``lat``."""
    dl, sl = lat - _LAT0, lat + _LAT0
    return (
        b
        * _F0
        * (
            (1 + n + 1.25 * n**2 + 1.25 * n**3) * dl
            - (3 * n + 3 * n**2 + 2.625 * n**3) * math.sin(dl) * math.cos(sl)
            + (1.875 * n**2 + 1.875 * n**3) * math.sin(2 * dl) * math.cos(2 * sl)
            - 35 / 24 * n**3 * math.sin(3 * dl) * math.cos(3 * sl)
        )
    )


def grid_to_wgs84(easting: float, northing: float) -> tuple[float, float]:
    """WGS84 (latitude, longitude) in degrees for a British National Grid reference."""
    lat, lon = grid_to_osgb36(easting, northing)
    x, y, z = _to_cartesian(math.radians(lat), math.radians(lon), _AIRY_A, _AIRY_B)
    seconds = math.pi / (180 * 3600)
    rx, ry, rz = _RX * seconds, _RY * seconds, _RZ * seconds
    s = 1 + _SCALE_PPM * 1e-6
    x2 = _TX + s * x - rz * y + ry * z
    y2 = _TY + rz * x + s * y - rx * z
    z2 = _TZ - ry * x + rx * y + s * z
    return _from_cartesian(x2, y2, z2, _WGS_A, _WGS_B)


def _to_cartesian(lat: float, lon: float, a: float, b: float) -> tuple[float, float, float]:
    e2 = 1 - (b * b) / (a * a)
    nu = a / math.sqrt(1 - e2 * math.sin(lat) ** 2)
    return (
        nu * math.cos(lat) * math.cos(lon),
        nu * math.cos(lat) * math.sin(lon),
        (1 - e2) * nu * math.sin(lat),
    )


def _from_cartesian(x: float, y: float, z: float, a: float, b: float) -> tuple[float, float]:
    e2 = 1 - (b * b) / (a * a)
    p = math.hypot(x, y)
    lat = math.atan2(z, p * (1 - e2))
    for _ in range(10):
        nu = a / math.sqrt(1 - e2 * math.sin(lat) ** 2)
        lat = math.atan2(z + e2 * nu * math.sin(lat), p)
    return math.degrees(lat), math.degrees(math.atan2(y, x))
