import pytest

from mutualscope.domain.regions import REGIONS
from mutualscope.io.geo import (
    ATTRIBUTION,
    land_border,
    load_region_boundaries,
    nearest_region,
    region_at,
)


def test_load_region_boundaries_gives_the_nine_regions_in_code_order() -> None:
    regions = load_region_boundaries()
    assert [r.code for r in regions] == [r.code for r in REGIONS]
    assert [r.name for r in regions] == [r.name for r in REGIONS]
    assert all(r.polygons for r in regions)


@pytest.mark.parametrize(
    ("lon", "lat", "code"),
    [
        (-1.6178, 54.9783, "E12000001"),  # Newcastle upon Tyne
        (-2.2426, 53.4808, "E12000002"),  # Manchester
        (-1.5491, 53.8008, "E12000003"),  # Leeds
        (-1.1398, 52.6369, "E12000004"),  # Leicester
        (-1.8904, 52.4862, "E12000005"),  # Birmingham
        (0.1218, 52.2053, "E12000006"),  # Cambridge
        (-0.1276, 51.5072, "E12000007"),  # Westminster
        (-1.2577, 51.7520, "E12000008"),  # Oxford
        (-2.5879, 51.4545, "E12000009"),  # Bristol
    ],
)
def test_region_at_places_cities_in_their_regions(lon: float, lat: float, code: str) -> None:
    assert region_at(lon, lat) == code


@pytest.mark.parametrize(("lon", "lat"), [(-3.1791, 51.4816), (-3.1883, 55.9533), (2.35, 48.86)])
def test_region_at_outside_england_is_none(lon: float, lat: float) -> None:
    # Cardiff, Edinburgh, Paris
    assert region_at(lon, lat) is None


def test_attribution_names_ons_and_ogl() -> None:
    assert "Open Government Licence v3.0" in ATTRIBUTION and "Crown copyright" in ATTRIBUTION


@pytest.mark.parametrize(
    ("name", "lon", "lat", "code", "most_km"),
    [
        ("Blackpool Tower", -3.0554, 53.8159, "E12000002", 0.5),
        ("Brighton, 1.5 km out to sea", -0.14, 50.805, "E12000008", 2.0),
        ("Land's End", -5.715, 50.066, "E12000009", 0.5),
        ("Southend Pier's end", 0.7192, 51.5066, "E12000006", 3.0),
        ("Berwick-upon-Tweed seafront", -1.985, 55.768, "E12000001", 0.5),
    ],
)
def test_points_just_off_the_generalised_coast_are_near_their_region(
    name: str, lon: float, lat: float, code: str, most_km: float
) -> None:
    assert region_at(lon, lat) is None, name
    nearest = nearest_region(lon, lat)
    assert nearest is not None and nearest.code == code
    assert nearest.distance_km <= most_km
    assert land_border(nearest) is None


@pytest.mark.parametrize(
    ("name", "lon", "lat", "country"),
    [
        ("Chepstow", -2.6744, 51.6418, "Wales"),
        ("Monmouth", -2.7163, 51.8116, "Wales"),
        ("Hay-on-Wye", -3.1253, 52.0742, "Wales"),
        ("Knighton", -3.0436, 52.3436, "Wales"),
        ("Welshpool", -3.1473, 52.6597, "Wales"),
        ("Queensferry, Flintshire", -3.0250, 53.2000, "Wales"),
        ("Flint, across the Dee", -3.1330, 53.2480, "Wales"),
        ("Sudbrook, across the Severn", -2.7170, 51.5825, "Wales"),
        ("Gretna", -3.0647, 54.9947, "Scotland"),
        ("Annan, across the Solway", -3.2620, 54.9880, "Scotland"),
        ("Coldstream", -2.2508, 55.6489, "Scotland"),
    ],
)
def test_towns_across_a_land_border_are_not_at_sea(
    name: str, lon: float, lat: float, country: str
) -> None:
    # Each is within 5 km of England, and in Wales or Scotland.
    assert region_at(lon, lat) is None, name
    nearest = nearest_region(lon, lat)
    assert nearest is not None and nearest.distance_km < 5
    assert land_border(nearest) == country


def test_nearest_region_is_none_far_from_england() -> None:
    assert nearest_region(2.35, 48.86) is None  # Paris
    assert nearest_region(-3.1883, 55.9533) is None  # Edinburgh, 60 km from the border
